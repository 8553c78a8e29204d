//! Activities (a call, meeting, visit, email or event attended) with an outcome from the firm's
//! vocabulary, and follow-ups (a kind, a due day, a person). No free text anywhere: everything
//! an activity says is a code, a date or a link. Pure rules; `now` is a parameter.

use super::{ContactId, Instant};
use chrono::{Datelike, Duration, TimeZone, Utc};
use serde::Serialize;

/// What kind of contact happened (also what kind of follow-up is planned).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Call,
    Meeting,
    Visit,
    Email,
    Event,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Call,
        Kind::Meeting,
        Kind::Visit,
        Kind::Email,
        Kind::Event,
    ];

    /// The code stored in `activity.kind` / `follow_up.kind` (migrations/0009).
    pub fn code(self) -> i64 {
        match self {
            Kind::Call => 1,
            Kind::Meeting => 2,
            Kind::Visit => 3,
            Kind::Email => 4,
            Kind::Event => 5,
        }
    }

    pub fn from_code(code: i64) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Call => "call",
            Kind::Meeting => "meeting",
            Kind::Visit => "visit",
            Kind::Email => "email",
            Kind::Event => "event",
        }
    }

    pub fn parse(text: &str) -> Result<Kind, ActivityError> {
        let t = text.trim().to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == t)
            .ok_or(ActivityError::UnknownKind)
    }

    /// How a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Call => "Call",
            Kind::Meeting => "Meeting",
            Kind::Visit => "Visit",
            Kind::Email => "Email",
            Kind::Event => "Event attended",
        }
    }
}

/// Where a follow-up stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpState {
    Open,
    Done,
    Cancelled,
}

impl FollowUpState {
    pub fn code(self) -> i64 {
        match self {
            FollowUpState::Open => 0,
            FollowUpState::Done => 1,
            FollowUpState::Cancelled => 2,
        }
    }

    pub fn from_code(code: i64) -> FollowUpState {
        match code {
            1 => FollowUpState::Done,
            2 => FollowUpState::Cancelled,
            _ => FollowUpState::Open,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpState::Open => "open",
            FollowUpState::Done => "done",
            FollowUpState::Cancelled => "cancelled",
        }
    }
}

/// An outcome of the firm's vocabulary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub code: String,
    pub label: String,
}

/// An activity as stored (ids and codes: nothing typed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub id: i64,
    pub kind: Kind,
    pub on: Instant,
    pub people: Vec<ContactId>,
    pub organisation: Option<String>,
    pub purpose: Option<String>,
    pub outcome: Outcome,
}

/// A follow-up as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub id: i64,
    pub contact: ContactId,
    pub kind: Kind,
    pub due_on: Instant,
    pub state: FollowUpState,
    pub activity: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivityError {
    #[error("an activity is a call, meeting, visit, email or event")]
    UnknownKind,
    #[error(
        "that outcome is not in the firm's vocabulary: see `rapport outcomes` (Settings adds new ones)"
    )]
    UnknownOutcome,
    #[error(
        "an outcome code is 1-40 lowercase letters, digits or underscores (e.g. send_offer), with a label of at most 60 characters on one line"
    )]
    BadOutcome,
    #[error("an activity cannot be logged for a day that has not come yet")]
    InTheFuture,
    #[error("a follow-up is due today or later")]
    FollowUpInThePast,
    #[error("a follow-up is snoozed by 1 to 90 days")]
    BadSnooze,
    #[error("that follow-up is already done or cancelled")]
    Closed,
    #[error("an activity involves at least one person")]
    NobodyInvolved,
}

/// The start (00:00 UTC) of the day `at` falls on: activities and follow-ups are kept by day.
pub fn day_start(at: Instant) -> Instant {
    Utc.with_ymd_and_hms(at.year(), at.month(), at.day(), 0, 0, 0)
        .single()
        .unwrap_or(at)
}

/// The day an activity is logged for: `on` (a day), or today; never a day still to come.
pub fn activity_day(on: Option<Instant>, now: Instant) -> Result<Instant, ActivityError> {
    let day = day_start(on.unwrap_or(now));
    if day > day_start(now) {
        return Err(ActivityError::InTheFuture);
    }
    Ok(day)
}

/// The day a new follow-up is due: today or later.
pub fn follow_up_day(due: Instant, now: Instant) -> Result<Instant, ActivityError> {
    let day = day_start(due);
    if day < day_start(now) {
        return Err(ActivityError::FollowUpInThePast);
    }
    Ok(day)
}

/// Whether an open follow-up belongs on Today: due today or overdue.
pub fn is_due(due_on: Instant, now: Instant) -> bool {
    due_on < day_start(now) + Duration::days(1)
}

/// Where a snoozed follow-up moves: `days` after today (or after its due day, if later).
pub fn snoozed(due_on: Instant, days: i64, now: Instant) -> Result<Instant, ActivityError> {
    if !(1..=90).contains(&days) {
        return Err(ActivityError::BadSnooze);
    }
    Ok(day_start(now).max(day_start(due_on)) + Duration::days(days))
}

/// The last activity after logging one on `day`: it only moves forward (an old call logged
/// late does not make the person look less active).
pub fn last_activity_after(previous: Option<Instant>, day: Instant) -> Instant {
    previous.map_or(day, |p| p.max(day))
}

/// Whole months from `from` to `to` (0 when `to` is earlier).
pub fn whole_months(from: Instant, to: Instant) -> u32 {
    if to <= from {
        return 0;
    }
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if (to.day(), to.time()) < (from.day(), from.time()) {
        months -= 1;
    }
    months.max(0) as u32
}

/// An outcome of the vocabulary, checked: a code of lowercase letters, digits and underscores,
/// and a one-line label (the label is what exports and screens show).
pub fn outcome(code: &str, label: &str) -> Result<Outcome, ActivityError> {
    let code = code.trim();
    let label = label.trim();
    let code_ok = (1..=40).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let label_ok =
        (1..=60).contains(&label.chars().count()) && !label.chars().any(char::is_control);
    if !code_ok || !label_ok {
        return Err(ActivityError::BadOutcome);
    }
    Ok(Outcome {
        code: code.into(),
        label: label.into(),
    })
}

/// A code from a label ("Send offer" → `send_offer`), for the Settings editor.
pub fn code_of(label: &str) -> String {
    let mut code = String::new();
    for c in label.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            code.push(c);
        } else if !code.ends_with('_') {
            code.push('_');
        }
    }
    code.trim_matches('_').chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> Instant {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn kinds_round_trip_and_unknown_kinds_are_refused() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(k));
            assert_eq!(Kind::parse(k.as_str()), Ok(k));
        }
        assert_eq!(
            Kind::parse("lunch with Bob"),
            Err(ActivityError::UnknownKind)
        );
    }

    #[test]
    fn activities_are_kept_by_day_and_never_in_the_future() {
        let now = at(2026, 11, 29, 10);
        assert_eq!(activity_day(None, now), Ok(at(2026, 11, 29, 0)));
        assert_eq!(
            activity_day(Some(at(2026, 11, 29, 23)), now),
            Ok(at(2026, 11, 29, 0))
        );
        assert_eq!(
            activity_day(Some(at(2026, 11, 30, 0)), now),
            Err(ActivityError::InTheFuture)
        );
        assert_eq!(
            follow_up_day(at(2026, 11, 28, 0), now),
            Err(ActivityError::FollowUpInThePast)
        );
    }

    #[test]
    fn due_overdue_and_snoozed() {
        let now = at(2026, 11, 29, 10);
        assert!(is_due(at(2026, 11, 29, 0), now));
        assert!(is_due(at(2026, 10, 1, 0), now));
        assert!(!is_due(at(2026, 11, 30, 0), now));
        assert_eq!(snoozed(at(2026, 11, 1, 0), 1, now), Ok(at(2026, 11, 30, 0)));
        assert_eq!(snoozed(at(2026, 12, 5, 0), 2, now), Ok(at(2026, 12, 7, 0)));
        assert_eq!(
            snoozed(at(2026, 12, 5, 0), 0, now),
            Err(ActivityError::BadSnooze)
        );
    }

    #[test]
    fn last_activity_only_moves_forward_and_months_are_whole() {
        let old = at(2024, 1, 1, 0);
        let new = at(2026, 1, 1, 0);
        assert_eq!(last_activity_after(Some(new), old), new);
        assert_eq!(last_activity_after(Some(old), new), new);
        assert_eq!(whole_months(at(2024, 9, 29, 0), at(2026, 11, 29, 10)), 26);
        assert_eq!(whole_months(at(2024, 9, 30, 0), at(2026, 11, 29, 10)), 25);
        assert_eq!(whole_months(new, old), 0);
    }

    #[test]
    fn outcomes_are_codes_with_labels() {
        assert_eq!(
            outcome("send_offer", "Send offer").unwrap().label,
            "Send offer"
        );
        assert!(outcome("Send offer", "x").is_err());
        assert!(outcome("ok", "").is_err());
        assert_eq!(code_of("Meeting booked!"), "meeting_booked");
    }
}
