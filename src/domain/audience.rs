//! Lawful audiences: who may be contacted for a purpose on a channel today. The seed's own
//! examples hold here: never send a paper catalogue to someone who wants everything digitally,
//! never invite a non-golfer to golf. Pure: the store supplies one `Candidate` per contact.

use super::Instant;
use super::activity::Kind;
use super::consent::ConsentStatus;
use super::contact::Stage;
use super::preference::{Answer, Channel, Channels, ObjectionScope};
use super::purpose::{LegalBasis, Purpose};
use chrono::Months;
use serde::{Deserialize, Serialize};

/// Why a contact is left out of an audience. The first reason that applies is reported.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    Restricted,
    NoLegalBasis,
    ConsentExpired,
    ConsentWithdrawn,
    ChannelNotAccepted,
    Objected,
    InterestNo,
    InterestUnknown,
    NoAddress,
    /// No activity of the asked kind within the asked months (`ActivityCriterion`).
    NoRecentActivity,
}

impl Exclusion {
    pub fn as_str(self) -> &'static str {
        match self {
            Exclusion::Restricted => "restricted",
            Exclusion::NoLegalBasis => "no_legal_basis",
            Exclusion::ConsentExpired => "consent_expired",
            Exclusion::ConsentWithdrawn => "consent_withdrawn",
            Exclusion::ChannelNotAccepted => "channel_not_accepted",
            Exclusion::Objected => "objected",
            Exclusion::InterestNo => "interest_no",
            Exclusion::InterestUnknown => "interest_unknown",
            Exclusion::NoAddress => "no_address",
            Exclusion::NoRecentActivity => "no_recent_activity",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Exclusion::Restricted => "processing is restricted (Art. 18)",
            Exclusion::NoLegalBasis => "no legal basis for this purpose",
            Exclusion::ConsentExpired => "consent expired",
            Exclusion::ConsentWithdrawn => "consent withdrawn",
            Exclusion::ChannelNotAccepted => "does not accept this channel",
            Exclusion::Objected => "objected to marketing on this channel",
            Exclusion::InterestNo => "not interested",
            Exclusion::InterestUnknown => "interest unknown",
            Exclusion::NoAddress => "no address for this channel",
            Exclusion::NoRecentActivity => "no such activity in the period asked",
        }
    }
}

/// "Had an activity (of this kind) in the last N months": met at an event in the last 12
/// months, say. It narrows an audience; it never gives a legal basis, so consent, restriction
/// and objections are decided before it (`assess`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActivityCriterion {
    /// `None`: an activity of any kind.
    pub kind: Option<Kind>,
    pub within_months: u32,
}

impl ActivityCriterion {
    /// The earliest moment an activity counts: `within_months` calendar months before `now`
    /// (the earliest representable moment if that is out of range).
    pub fn since(&self, now: Instant) -> Instant {
        now.checked_sub_months(Months::new(self.within_months))
            .unwrap_or(Instant::MIN_UTC)
    }

    /// Whether one activity (its kind and when it happened) meets the criterion at `now`.
    /// Activities are never dated in the future (`domain::activity`), so no upper bound.
    pub fn matches(&self, kind: Kind, happened_at: Instant, now: Instant) -> bool {
        self.kind.is_none_or(|k| k == kind) && happened_at >= self.since(now)
    }
}

/// The question: purpose, channel, interests that must be "yes", and optionally a recent
/// activity.
#[derive(Clone, Debug)]
pub struct Query<'a> {
    pub purpose: &'a Purpose,
    pub channel: Channel,
    pub interests: &'a [String],
    pub include_unknown: bool,
    pub activity: Option<ActivityCriterion>,
}

/// What the store knows about one contact that matters for an audience.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub stage: Stage,
    pub restricted: bool,
    pub channels: Channels,
    pub last_activity: Instant,
    /// The status now of the current consent for the queried purpose (`None` without one).
    pub consent: ConsentStatus,
    pub objections: Vec<ObjectionScope>,
    /// Answers for the queried interests, in the query's order.
    pub interests: Vec<Answer>,
    /// Whether the contact has an address usable on the channel (email, phone or postal).
    pub has_address: bool,
    /// Whether the contact had an activity meeting the query's `ActivityCriterion` (read only
    /// when the query has one; ignored otherwise).
    pub had_activity: bool,
}

/// Whether the candidate may be contacted; the first exclusion that applies otherwise.
pub fn assess(
    c: &Candidate,
    q: &Query,
    customer_months: u32,
    now: Instant,
) -> Result<(), Exclusion> {
    if c.restricted {
        return Err(Exclusion::Restricted);
    }
    basis(
        c.stage,
        c.last_activity,
        c.consent,
        q.purpose,
        customer_months,
        now,
    )?;
    if !c.channels.contains(q.channel) {
        return Err(Exclusion::ChannelNotAccepted);
    }
    if q.purpose.marketing && c.objections.iter().any(|o| o.covers(q.channel)) {
        return Err(Exclusion::Objected);
    }
    for answer in &c.interests {
        match answer {
            Answer::Yes => {}
            Answer::No => return Err(Exclusion::InterestNo),
            Answer::Unknown if q.include_unknown => {}
            Answer::Unknown => return Err(Exclusion::InterestUnknown),
        }
    }
    if q.activity.is_some() && !c.had_activity {
        return Err(Exclusion::NoRecentActivity);
    }
    if !c.has_address {
        return Err(Exclusion::NoAddress);
    }
    Ok(())
}

/// Whether every contact without a consent record for the purpose is excluded by its legal
/// basis alone (or by restriction, which is checked first): true for consent-based purposes.
/// Then an audience can be built from the consent records, and everybody else counted; and
/// [`basis`] reads only the consent for such a purpose (not the stage or the last activity),
/// so the store does not read those for them (`store::audience::for_consent_holders`).
pub fn only_consent_holders(purpose: &Purpose) -> bool {
    purpose.legal_basis == LegalBasis::Consent
}

/// Whether the purpose's legal basis applies to a person now; the exclusion otherwise. Shared
/// by audiences and the access export's "applies to you now".
pub fn basis(
    stage: Stage,
    last_activity: Instant,
    consent: ConsentStatus,
    purpose: &Purpose,
    customer_months: u32,
    now: Instant,
) -> Result<(), Exclusion> {
    match purpose.legal_basis {
        LegalBasis::Consent => match consent {
            ConsentStatus::Valid | ConsentStatus::Expiring => Ok(()),
            ConsentStatus::Expired => Err(Exclusion::ConsentExpired),
            ConsentStatus::Withdrawn => Err(Exclusion::ConsentWithdrawn),
            ConsentStatus::None => Err(Exclusion::NoLegalBasis),
        },
        LegalBasis::Contract => (stage == Stage::Customer)
            .then_some(())
            .ok_or(Exclusion::NoLegalBasis),
        LegalBasis::LegitimateInterest => {
            let within = last_activity
                .checked_add_months(Months::new(customer_months))
                .is_some_and(|end| end > now);
            let ok = stage == Stage::Customer || (stage == Stage::FormerCustomer && within);
            ok.then_some(()).ok_or(Exclusion::NoLegalBasis)
        }
        LegalBasis::LegalObligation => Ok(()),
    }
}

/// Which kind of contact point a channel needs, if any.
pub fn point_kind_for(channel: Channel) -> Option<super::contact::PointKind> {
    use super::contact::PointKind;
    match channel {
        Channel::Email => Some(PointKind::Email),
        Channel::Phone | Channel::Sms => Some(PointKind::Phone),
        Channel::Post => Some(PointKind::Address),
        Channel::Meeting => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::consent::{Consent, ConsentSource};
    use crate::domain::ids::PurposeId;
    use crate::domain::purpose::seed;
    use chrono::{Duration, TimeZone};

    fn now() -> Instant {
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 29, 12, 0, 0)
            .unwrap()
    }

    fn consent(expires: i64, withdrawn: bool) -> Consent {
        Consent {
            id: 1,
            purpose: PurposeId(2),
            given_at: now() - Duration::days(100),
            expires_at: Some(now() + Duration::days(expires)),
            source: ConsentSource::parse("web-form"),
            wording_version: "1".into(),
            withdrawn_at: withdrawn.then(|| now() - Duration::days(1)),
        }
    }

    fn golfer() -> Candidate {
        Candidate {
            stage: Stage::Prospect,
            restricted: false,
            channels: Channels::parse("email,post").unwrap(),
            last_activity: now(),
            consent: consent(200, false).status(now()),
            objections: vec![],
            interests: vec![Answer::Yes],
            has_address: true,
            had_activity: false,
        }
    }

    #[test]
    fn each_exclusion_reason() {
        let purposes = seed();
        let invitations = &purposes[2];
        let golf = vec!["golf".to_string()];
        let q = Query {
            purpose: invitations,
            channel: Channel::Email,
            interests: &golf,
            include_unknown: false,
            activity: None,
        };
        let check = |c: Candidate| assess(&c, &q, 24, now());
        assert_eq!(check(golfer()), Ok(()));
        assert_eq!(
            check(Candidate {
                restricted: true,
                ..golfer()
            }),
            Err(Exclusion::Restricted)
        );
        assert_eq!(
            check(Candidate {
                consent: ConsentStatus::None,
                ..golfer()
            }),
            Err(Exclusion::NoLegalBasis)
        );
        assert_eq!(
            check(Candidate {
                consent: consent(-1, false).status(now()),
                ..golfer()
            }),
            Err(Exclusion::ConsentExpired)
        );
        assert_eq!(
            check(Candidate {
                consent: consent(100, true).status(now()),
                ..golfer()
            }),
            Err(Exclusion::ConsentWithdrawn)
        );
        assert_eq!(
            check(Candidate {
                channels: Channels::parse("post").unwrap(),
                ..golfer()
            }),
            Err(Exclusion::ChannelNotAccepted)
        );
        assert_eq!(
            check(Candidate {
                objections: vec![ObjectionScope::Channel(Channel::Email)],
                ..golfer()
            }),
            Err(Exclusion::Objected)
        );
        assert_eq!(
            check(Candidate {
                objections: vec![ObjectionScope::Channel(Channel::Post)],
                ..golfer()
            }),
            Ok(())
        );
        assert_eq!(
            check(Candidate {
                interests: vec![Answer::No],
                ..golfer()
            }),
            Err(Exclusion::InterestNo)
        );
        assert_eq!(
            check(Candidate {
                interests: vec![Answer::Unknown],
                ..golfer()
            }),
            Err(Exclusion::InterestUnknown)
        );
        let with_unknown = Query {
            include_unknown: true,
            ..q.clone()
        };
        assert_eq!(
            assess(
                &Candidate {
                    interests: vec![Answer::Unknown],
                    ..golfer()
                },
                &with_unknown,
                24,
                now()
            ),
            Ok(())
        );
        assert_eq!(
            check(Candidate {
                has_address: false,
                ..golfer()
            }),
            Err(Exclusion::NoAddress)
        );
    }

    #[test]
    fn digital_only_customer_gets_no_catalogue() {
        let purposes = seed();
        let catalogue = &purposes[3];
        let q = Query {
            purpose: catalogue,
            channel: Channel::Post,
            interests: &[],
            include_unknown: false,
            activity: None,
        };
        let customer = Candidate {
            stage: Stage::Customer,
            consent: ConsentStatus::None,
            interests: vec![],
            ..golfer()
        };
        assert_eq!(assess(&customer, &q, 24, now()), Ok(()));
        let digital = Candidate {
            channels: Channels::DIGITAL_ONLY,
            ..customer.clone()
        };
        assert_eq!(
            assess(&digital, &q, 24, now()),
            Err(Exclusion::ChannelNotAccepted)
        );
        let lead = Candidate {
            stage: Stage::Lead,
            ..customer.clone()
        };
        assert_eq!(assess(&lead, &q, 24, now()), Err(Exclusion::NoLegalBasis));
        let old = Candidate {
            stage: Stage::FormerCustomer,
            last_activity: now() - Duration::days(800),
            ..customer
        };
        assert_eq!(assess(&old, &q, 24, now()), Err(Exclusion::NoLegalBasis));
    }

    #[test]
    fn recent_activity_narrows_but_consent_and_objections_decide_first() {
        let purposes = seed();
        let invitations = &purposes[2];
        let events = ActivityCriterion {
            kind: Some(Kind::Event),
            within_months: 12,
        };
        let q = Query {
            purpose: invitations,
            channel: Channel::Email,
            interests: &[],
            include_unknown: false,
            activity: Some(events),
        };
        let met = Candidate {
            had_activity: true,
            interests: vec![],
            ..golfer()
        };
        assert_eq!(assess(&met, &q, 24, now()), Ok(()));
        let not_met = Candidate {
            had_activity: false,
            ..met.clone()
        };
        assert_eq!(
            assess(&not_met, &q, 24, now()),
            Err(Exclusion::NoRecentActivity)
        );
        // Without the criterion, the activity does not matter.
        let plain = Query {
            activity: None,
            ..q.clone()
        };
        assert_eq!(assess(&not_met, &plain, 24, now()), Ok(()));
        // Consent and objections are decided before the activity.
        let objected = Candidate {
            objections: vec![ObjectionScope::Channel(Channel::Email)],
            ..met.clone()
        };
        assert_eq!(assess(&objected, &q, 24, now()), Err(Exclusion::Objected));
        let no_consent = Candidate {
            consent: ConsentStatus::None,
            ..not_met
        };
        assert_eq!(
            assess(&no_consent, &q, 24, now()),
            Err(Exclusion::NoLegalBasis)
        );
        // The window: 12 calendar months back, inclusive; the kind must match.
        assert!(events.matches(Kind::Event, now() - Duration::days(90), now()));
        assert!(events.matches(Kind::Event, events.since(now()), now()));
        assert!(!events.matches(Kind::Event, now() - Duration::days(14 * 30), now()));
        assert!(!events.matches(Kind::Call, now() - Duration::days(10), now()));
        let any = ActivityCriterion {
            kind: None,
            ..events
        };
        assert!(any.matches(Kind::Call, now() - Duration::days(10), now()));
        assert_eq!(
            events.since(now()),
            chrono::Utc
                .with_ymd_and_hms(2025, 11, 29, 12, 0, 0)
                .unwrap()
        );
    }
}
