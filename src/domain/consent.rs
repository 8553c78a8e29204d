//! Consents (GDPR Art. 7): given for one purpose, with proof, the wording shown and an expiry;
//! withdrawn as easily as given. Status is derived from the record and `now`, never stored.

use super::Instant;
use super::ids::PurposeId;
use chrono::Duration;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A consent that expires within this many days shows as "expiring".
pub const EXPIRING_WITHIN_DAYS: i64 = 30;

/// What proves the consent.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProofKind {
    WebForm,
    EmailReply,
    SignedForm,
    Verbal,
    Other,
}

impl ProofKind {
    pub const ALL: [ProofKind; 5] = [
        ProofKind::WebForm,
        ProofKind::EmailReply,
        ProofKind::SignedForm,
        ProofKind::Verbal,
        ProofKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProofKind::WebForm => "web_form",
            ProofKind::EmailReply => "email_reply",
            ProofKind::SignedForm => "signed_form",
            ProofKind::Verbal => "verbal",
            ProofKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        ProofKind::ALL.into_iter().find(|k| k.as_str() == t)
    }
}

/// The source / proof of a consent: its kind and a reference (form id, message id, …).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentSource {
    pub kind: ProofKind,
    pub reference: String,
}

impl ConsentSource {
    /// Parses `signed-form:#1234`, `web-form`, or any other text (kept as an "other" reference).
    pub fn parse(text: &str) -> Self {
        if let Some((k, reference)) = text.split_once(':')
            && let Some(kind) = ProofKind::parse(k)
        {
            return Self {
                kind,
                reference: reference.trim().to_string(),
            };
        }
        match ProofKind::parse(text) {
            Some(kind) => Self {
                kind,
                reference: String::new(),
            },
            None => Self {
                kind: ProofKind::Other,
                reference: text.trim().to_string(),
            },
        }
    }

    pub fn describe(&self) -> String {
        if self.reference.is_empty() {
            self.kind.as_str().replace('_', " ")
        } else {
            format!(
                "{}: {}",
                self.kind.as_str().replace('_', " "),
                self.reference
            )
        }
    }
}

impl fmt::Debug for ConsentSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConsentSource({:?}, <redacted>)", self.kind)
    }
}

/// One consent record. Renewing adds a new record; the newest per purpose is the current one.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Consent {
    pub id: i64,
    pub purpose: PurposeId,
    pub given_at: Instant,
    pub expires_at: Option<Instant>,
    pub source: ConsentSource,
    pub wording_version: String,
    pub withdrawn_at: Option<Instant>,
}

/// A consent's state at a moment.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ConsentStatus {
    Valid,
    Expiring,
    Expired,
    Withdrawn,
    None,
}

impl ConsentStatus {
    pub const ALL: [ConsentStatus; 5] = [
        ConsentStatus::Valid,
        ConsentStatus::Expiring,
        ConsentStatus::Expired,
        ConsentStatus::Withdrawn,
        ConsentStatus::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentStatus::Valid => "valid",
            ConsentStatus::Expiring => "expiring",
            ConsentStatus::Expired => "expired",
            ConsentStatus::Withdrawn => "withdrawn",
            ConsentStatus::None => "none",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        ConsentStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
    }

    /// Whether the purpose may be relied on now.
    pub fn is_usable(self) -> bool {
        matches!(self, ConsentStatus::Valid | ConsentStatus::Expiring)
    }
}

/// The dates that decide a consent's status: all that an audience needs of the record.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Validity {
    pub given_at: Instant,
    pub expires_at: Option<Instant>,
    pub withdrawn_at: Option<Instant>,
}

impl Validity {
    /// Status at `now`. A consent given in the future (mistyped date) is not yet valid.
    pub fn status(&self, now: Instant) -> ConsentStatus {
        if self.withdrawn_at.is_some_and(|w| w <= now) {
            return ConsentStatus::Withdrawn;
        }
        if self.given_at > now {
            return ConsentStatus::None;
        }
        match self.expires_at {
            Some(e) if e <= now => ConsentStatus::Expired,
            Some(e) if e - now <= Duration::days(EXPIRING_WITHIN_DAYS) => ConsentStatus::Expiring,
            _ => ConsentStatus::Valid,
        }
    }
}

impl Consent {
    /// Status at `now` (see [`Validity::status`]).
    pub fn status(&self, now: Instant) -> ConsentStatus {
        self.validity().status(now)
    }

    pub fn validity(&self) -> Validity {
        Validity {
            given_at: self.given_at,
            expires_at: self.expires_at,
            withdrawn_at: self.withdrawn_at,
        }
    }

    /// The order of records of one purpose: the greatest is the current one ([`current`]).
    pub fn recency(&self) -> (Instant, i64) {
        (self.given_at, self.id)
    }

    /// When this consent stopped (or will stop) being a basis, if it does.
    pub fn ends_at(&self) -> Option<Instant> {
        match (self.withdrawn_at, self.expires_at) {
            (Some(w), Some(e)) => Some(w.min(e)),
            (w, e) => w.or(e),
        }
    }

    /// Days from `now` until expiry (negative when past).
    pub fn days_left(&self, now: Instant) -> Option<i64> {
        self.expires_at.map(|e| (e - now).num_days())
    }
}

/// The current consent for a purpose: the most recently given record.
pub fn current(consents: &[Consent], purpose: PurposeId) -> Option<&Consent> {
    consents
        .iter()
        .filter(|c| c.purpose == purpose)
        .max_by_key(|c| c.recency())
}

/// Status of a purpose for a contact: the current consent's status, or `None`.
pub fn status_for(consents: &[Consent], purpose: PurposeId, now: Instant) -> ConsentStatus {
    current(consents, purpose).map_or(ConsentStatus::None, |c| c.status(now))
}

/// The one badge for a contact over all its purposes: what needs attention first.
/// Expiring beats valid (act now), valid beats expired/withdrawn (we may still contact).
pub fn overall(consents: &[Consent], now: Instant) -> ConsentStatus {
    let mut purposes: Vec<PurposeId> = consents.iter().map(|c| c.purpose).collect();
    purposes.sort();
    purposes.dedup();
    let statuses: Vec<ConsentStatus> = purposes
        .into_iter()
        .map(|p| status_for(consents, p, now))
        .collect();
    [
        ConsentStatus::Expiring,
        ConsentStatus::Valid,
        ConsentStatus::Expired,
        ConsentStatus::Withdrawn,
    ]
    .into_iter()
    .find(|s| statuses.contains(s))
    .unwrap_or(ConsentStatus::None)
}

/// The nearest future expiry among current, usable consents.
pub fn nearest_expiry(consents: &[Consent], now: Instant) -> Option<Instant> {
    let mut purposes: Vec<PurposeId> = consents.iter().map(|c| c.purpose).collect();
    purposes.sort();
    purposes.dedup();
    purposes
        .into_iter()
        .filter_map(|p| current(consents, p))
        .filter(|c| c.status(now).is_usable())
        .filter_map(|c| c.expires_at)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t(days: i64) -> Instant {
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 29, 12, 0, 0)
            .unwrap()
            + Duration::days(days)
    }

    fn consent(purpose: i64, given: i64, expires: Option<i64>, withdrawn: Option<i64>) -> Consent {
        Consent {
            id: given,
            purpose: PurposeId(purpose),
            given_at: t(given),
            expires_at: expires.map(t),
            source: ConsentSource::parse("web-form"),
            wording_version: "1".into(),
            withdrawn_at: withdrawn.map(t),
        }
    }

    #[test]
    fn statuses_at_now() {
        let now = t(0);
        assert_eq!(
            consent(1, -10, Some(100), None).status(now),
            ConsentStatus::Valid
        );
        assert_eq!(
            consent(1, -10, Some(30), None).status(now),
            ConsentStatus::Expiring
        );
        assert_eq!(
            consent(1, -10, Some(31), None).status(now),
            ConsentStatus::Valid
        );
        assert_eq!(
            consent(1, -10, Some(0), None).status(now),
            ConsentStatus::Expired
        );
        assert_eq!(
            consent(1, -10, Some(-1), None).status(now),
            ConsentStatus::Expired
        );
        assert_eq!(
            consent(1, -10, None, None).status(now),
            ConsentStatus::Valid
        );
        assert_eq!(
            consent(1, -10, Some(100), Some(-1)).status(now),
            ConsentStatus::Withdrawn
        );
        assert_eq!(
            consent(1, -10, Some(100), Some(5)).status(now),
            ConsentStatus::Valid
        );
        assert_eq!(
            consent(1, 3, Some(100), None).status(now),
            ConsentStatus::None
        );
    }

    #[test]
    fn renewal_supersedes_and_overall_picks_what_needs_attention() {
        let now = t(0);
        let list = vec![
            consent(1, -400, Some(-10), None),
            consent(1, -5, Some(700), None),
        ];
        assert_eq!(status_for(&list, PurposeId(1), now), ConsentStatus::Valid);
        let mut two = list.clone();
        two.push(consent(2, -300, Some(20), None));
        assert_eq!(overall(&two, now), ConsentStatus::Expiring);
        assert_eq!(nearest_expiry(&two, now), Some(t(20)));
        assert_eq!(overall(&[], now), ConsentStatus::None);
        assert_eq!(
            overall(&[consent(1, -9, Some(9), Some(-1))], now),
            ConsentStatus::Withdrawn
        );
    }

    #[test]
    fn source_parsing() {
        let s = ConsentSource::parse("signed-form:#1234");
        assert_eq!(
            (s.kind, s.reference.as_str()),
            (ProofKind::SignedForm, "#1234")
        );
        assert_eq!(
            ConsentSource::parse("told me at the fair").kind,
            ProofKind::Other
        );
    }

    proptest! {
        // Whatever the dates, time only moves a consent forward: valid/expiring -> expired,
        // never back; and a withdrawn consent stays withdrawn.
        #[test]
        fn status_is_monotonic_in_time(given in -800i64..0, exp in proptest::option::of(-800i64..800),
                                       wd in proptest::option::of(-800i64..800), a in -800i64..800, b in 0i64..800) {
            let c = consent(1, given, exp, wd);
            let rank = |s: ConsentStatus| match s {
                ConsentStatus::None | ConsentStatus::Valid => 0,
                ConsentStatus::Expiring => 1,
                ConsentStatus::Expired => 2,
                ConsentStatus::Withdrawn => 3,
            };
            let early = c.status(t(a));
            let late = c.status(t(a + b));
            if early == ConsentStatus::Withdrawn { prop_assert_eq!(late, ConsentStatus::Withdrawn); }
            if early != ConsentStatus::None { prop_assert!(rank(late) >= rank(early)); }
            if let Some(end) = c.ends_at() && t(a) >= end && t(a) >= c.given_at { prop_assert!(!early.is_usable()); }
        }
    }
}
