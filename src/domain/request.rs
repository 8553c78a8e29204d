//! Data-subject requests (GDPR Art. 12): what was asked, how, and the deadline counted as the
//! GDPR counts it (Regulation 1182/71): the same day of the next month, the month's last day
//! when that day does not exist, and never a Saturday, Sunday or Swedish public holiday (the
//! next working day then). An unanswered identity check pauses the clock; an extension adds
//! two months and is allowed only within the first month. Pure: `today` is passed in.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Serialize;

/// Declares a vocabulary: an enum with its codes (`as_str`), `parse` and `ALL`.
macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Reads a code; `-` and `_` are the same.
            pub fn parse(text: &str) -> Option<Self> {
                let t = text.trim().to_ascii_lowercase().replace('-', "_");
                Self::ALL.iter().copied().find(|v| v.as_str() == t)
            }

            /// The codes, for error messages.
            pub fn codes() -> String {
                Self::ALL.iter().map(|v| v.as_str().replace('_', "-")).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

vocabulary!(
    /// Which right the person exercises.
    Kind {
        Access = "access",
        Rectification = "rectification",
        Erasure = "erasure",
        Restriction = "restriction",
        Objection = "objection",
        Portability = "portability",
    }
);

vocabulary!(
    /// How the request reached the firm.
    Via {
        Email = "email",
        Letter = "letter",
        Phone = "phone",
        InPerson = "in_person",
        WebForm = "web_form",
    }
);

vocabulary!(
    /// Where the request is (Fides' and the research's model, reduced to what a firm does).
    Status {
        Received = "received",
        IdentityPending = "identity_pending",
        InProgress = "in_progress",
        Extended = "extended",
        Completed = "completed",
        Refused = "refused",
        Withdrawn = "withdrawn",
    }
);

vocabulary!(
    /// Why the deadline is extended (Art. 12(3)).
    ExtendReason {
        Complexity = "complexity",
        NumberOfRequests = "number_of_requests",
    }
);

vocabulary!(
    /// How the person's identity was checked (proportionate, EDPB 01/2022 §3.3).
    VerifyMethod {
        KnownChannel = "known_channel",
        IdDocument = "id_document",
        BankId = "bank_id",
        InPerson = "in_person",
        SignedLetter = "signed_letter",
    }
);

vocabulary!(
    /// Why a request is refused (Art. 12(4), 12(5), 12(6), 17(3), 15(4)).
    RefuseReason {
        ManifestlyUnfounded = "manifestly_unfounded",
        Excessive = "excessive",
        IdentityNotVerified = "identity_not_verified",
        LegalRetention = "legal_retention",
        RightsOfOthers = "rights_of_others",
    }
);

vocabulary!(
    /// How a request ended.
    Outcome {
        Exported = "exported",
        Erased = "erased",
        Done = "done",
        Refused = "refused",
        Withdrawn = "withdrawn",
    }
);

impl Status {
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Status::Completed | Status::Refused | Status::Withdrawn
        )
    }

    /// Whether the register may move from `self` to `to`. Closed requests never move; an
    /// identity still being checked cannot be answered (it is verified or refused first).
    pub fn may_become(self, to: Status) -> bool {
        use Status::*;
        match (self, to) {
            (Completed | Refused | Withdrawn, _) => false,
            (_, Received) => false,
            (Received, _) => true,
            (IdentityPending, InProgress | Refused | Withdrawn) => true,
            (IdentityPending, _) => false,
            (InProgress, Extended | Completed | Refused | Withdrawn) => true,
            (Extended, Completed | Refused | Withdrawn) => true,
            _ => false,
        }
    }
}

/// A request as the register keeps it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Request {
    pub id: i64,
    pub kind: Kind,
    pub via: Via,
    /// The contact's random id, when known; kept after an erasure (it names nobody).
    pub subject: Option<String>,
    pub received_on: NaiveDate,
    pub status: Status,
    /// Start of a pause for an identity check still unanswered.
    pub paused_since: Option<NaiveDate>,
    /// Days the clock stood still for identity checks already answered.
    pub paused_days: u32,
    pub verify_method: Option<VerifyMethod>,
    pub extended_on: Option<NaiveDate>,
    pub extend_reason: Option<ExtendReason>,
    pub refuse_reason: Option<RefuseReason>,
    pub outcome: Option<Outcome>,
    pub closed_on: Option<NaiveDate>,
}

/// Why a change to a request was refused. Holds no personal data.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("a request that is {from} cannot become {to}: see `rapport requests`")]
    IllegalMove {
        from: &'static str,
        to: &'static str,
    },
    #[error(
        "the first month ended on {due}: an extension must be decided and told to the person within it (Art. 12(3))"
    )]
    LateExtension { due: NaiveDate },
    #[error("this request was extended already; the GDPR allows one extension of two months")]
    ExtendedAlready,
    #[error("this request is for {kind}, not {wanted}: pick the request that asks for it")]
    WrongKind {
        kind: &'static str,
        wanted: &'static str,
    },
}

/// `date` plus `months`, on the month's last day when that day does not exist there.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    // chrono clamps to the last day of a shorter month, which is the rule of 1182/71 Art. 3(2)(c).
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Easter Sunday (the anonymous Gregorian computus).
fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

/// Swedish public holidays (lag 1989:253), plus the eves that Swedish deadline law counts as
/// holidays (lag 1930:173: midsummer, Christmas and New Year's Eve). Weekend ones are listed
/// too; they change nothing.
pub fn is_swedish_holiday(d: NaiveDate) -> bool {
    let (m, day) = (d.month(), d.day());
    if matches!(
        (m, day),
        (1, 1) | (1, 6) | (5, 1) | (6, 6) | (12, 24) | (12, 25) | (12, 26) | (12, 31)
    ) {
        return true;
    }
    let e = easter(d.year());
    let offset = (d - e).num_days();
    if matches!(offset, -2 | 0 | 1 | 39 | 49) {
        return true;
    }
    // Midsummer Eve: the Friday between 19 and 25 June; All Saints' Day: the Saturday
    // between 31 October and 6 November (a Saturday anyway).
    m == 6 && (19..=25).contains(&day) && d.weekday() == Weekday::Fri
}

pub fn is_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !is_swedish_holiday(d)
}

/// The first working day on or after `d`.
pub fn next_working_day(mut d: NaiveDate) -> NaiveDate {
    while !is_working_day(d) {
        d = d.succ_opt().unwrap_or(NaiveDate::MAX);
        if d == NaiveDate::MAX {
            break;
        }
    }
    d
}

/// The legal due date: one month from receipt (three when extended), moved by the days an
/// identity check kept the clock still, then to a working day.
pub fn due_on(received: NaiveDate, extended: bool, paused_days: u32) -> NaiveDate {
    let end = add_months(received, if extended { 3 } else { 1 });
    next_working_day(
        end.checked_add_days(Days::new(paused_days.into()))
            .unwrap_or(NaiveDate::MAX),
    )
}

impl Request {
    /// A new request, received on `received_on`.
    pub fn new(kind: Kind, via: Via, subject: Option<String>, received_on: NaiveDate) -> Self {
        Request {
            id: 0,
            kind,
            via,
            subject,
            received_on,
            status: Status::Received,
            paused_since: None,
            paused_days: 0,
            verify_method: None,
            extended_on: None,
            extend_reason: None,
            refuse_reason: None,
            outcome: None,
            closed_on: None,
        }
    }

    /// Days the clock has stood still as of `today` (a running pause counts up to today).
    fn paused_as_of(&self, today: NaiveDate) -> u32 {
        let running = self
            .paused_since
            .map_or(0, |s| (today - s).num_days().max(0) as u32);
        self.paused_days + running
    }

    /// The due date as of `today` (a pause still running pushes it day by day).
    pub fn due(&self, today: NaiveDate) -> NaiveDate {
        due_on(
            self.received_on,
            self.extended_on.is_some(),
            self.paused_as_of(today),
        )
    }

    /// The first month's end, the last day an extension may be decided.
    pub fn first_month_due(&self, today: NaiveDate) -> NaiveDate {
        due_on(self.received_on, false, self.paused_as_of(today))
    }

    /// Days left until the due date (negative when overdue); `None` once closed.
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.status
            .is_open()
            .then(|| (self.due(today) - today).num_days())
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.days_left(today).is_some_and(|d| d < 0)
    }

    fn to(&mut self, to: Status) -> Result<(), RequestError> {
        if !self.status.may_become(to) {
            return Err(RequestError::IllegalMove {
                from: self.status.as_str(),
                to: to.as_str(),
            });
        }
        self.status = to;
        Ok(())
    }

    /// Asks the person to prove who they are: the clock stops until they answer.
    pub fn ask_identity(&mut self, today: NaiveDate) -> Result<(), RequestError> {
        self.to(Status::IdentityPending)?;
        self.paused_since = Some(today);
        Ok(())
    }

    /// The identity is verified by `method`; a pause ends and its days are kept.
    pub fn verify(&mut self, method: VerifyMethod, today: NaiveDate) -> Result<(), RequestError> {
        self.to(Status::InProgress)?;
        self.end_pause(today);
        self.verify_method = Some(method);
        Ok(())
    }

    fn end_pause(&mut self, today: NaiveDate) {
        self.paused_days = self.paused_as_of(today);
        self.paused_since = None;
    }

    /// Two more months (Art. 12(3)), decided within the first month only, once.
    pub fn extend(&mut self, reason: ExtendReason, today: NaiveDate) -> Result<(), RequestError> {
        if self.extended_on.is_some() {
            return Err(RequestError::ExtendedAlready);
        }
        let due = self.first_month_due(today);
        if today > due {
            return Err(RequestError::LateExtension { due });
        }
        self.to(Status::Extended)?;
        self.extended_on = Some(today);
        self.extend_reason = Some(reason);
        Ok(())
    }

    /// Refused, with the reason the person is told (and that they may complain to IMY).
    pub fn refuse(&mut self, reason: RefuseReason, today: NaiveDate) -> Result<(), RequestError> {
        self.to(Status::Refused)?;
        self.end_pause(today);
        self.refuse_reason = Some(reason);
        self.close(Outcome::Refused, today);
        Ok(())
    }

    /// The person withdrew the request.
    pub fn withdraw(&mut self, today: NaiveDate) -> Result<(), RequestError> {
        self.to(Status::Withdrawn)?;
        self.end_pause(today);
        self.close(Outcome::Withdrawn, today);
        Ok(())
    }

    /// Answered: by an export, an erasure, or by hand (`Done`).
    pub fn complete(&mut self, outcome: Outcome, today: NaiveDate) -> Result<(), RequestError> {
        let wanted = match outcome {
            Outcome::Exported => Some([Kind::Access, Kind::Portability]),
            Outcome::Erased => Some([Kind::Erasure, Kind::Erasure]),
            _ => None,
        };
        if let Some(kinds) = wanted
            && !kinds.contains(&self.kind)
        {
            return Err(RequestError::WrongKind {
                kind: self.kind.as_str(),
                wanted: kinds[0].as_str(),
            });
        }
        self.to(Status::Completed)?;
        self.close(outcome, today);
        Ok(())
    }

    fn close(&mut self, outcome: Outcome, today: NaiveDate) {
        self.outcome = Some(outcome);
        self.closed_on = Some(today);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn one_month_is_the_same_day_next_month() {
        assert_eq!(due_on(d(2026, 3, 16), false, 0), d(2026, 4, 16));
    }

    #[test]
    fn a_missing_day_is_the_months_last_day() {
        assert_eq!(due_on(d(2026, 8, 31), false, 0), d(2026, 9, 30));
        assert_eq!(due_on(d(2026, 1, 31), false, 0), d(2026, 3, 2)); // 28 Feb 2026 is a Saturday
    }

    #[test]
    fn a_saturday_moves_to_monday() {
        // 30 May 2026 is a Saturday.
        assert_eq!(d(2026, 5, 30).weekday(), Weekday::Sat);
        assert_eq!(due_on(d(2026, 4, 30), false, 0), d(2026, 6, 1));
        // 2026-07-18 is a Saturday too.
        assert_eq!(due_on(d(2026, 6, 18), false, 0), d(2026, 7, 20));
    }

    #[test]
    fn swedish_holidays_are_not_working_days() {
        // Easter 2026 is 5 April: Good Friday 3 April, Easter Monday 6 April.
        assert_eq!(easter(2026), d(2026, 4, 5));
        assert!(!is_working_day(d(2026, 4, 3)));
        assert!(!is_working_day(d(2026, 4, 6)));
        // Received 6 March → 6 April is Easter Monday → Tuesday 7 April.
        assert_eq!(due_on(d(2026, 3, 6), false, 0), d(2026, 4, 7));
        // Ascension Day 2026 (14 May), National Day (6 June is a Saturday in 2026), midsummer eve.
        assert!(!is_working_day(d(2026, 5, 14)));
        assert!(!is_working_day(d(2026, 6, 19)));
        assert!(is_working_day(d(2026, 6, 18)));
        // Received 24 November → 24 December (Christmas Eve) → 25, 26, 27 (Sun) → 28 December.
        assert_eq!(due_on(d(2026, 11, 24), false, 0), d(2026, 12, 28));
    }

    #[test]
    fn an_extension_adds_two_months() {
        let mut r = Request::new(Kind::Access, Via::Email, None, d(2026, 3, 16));
        assert_eq!(r.due(d(2026, 3, 20)), d(2026, 4, 16));
        r.extend(ExtendReason::Complexity, d(2026, 4, 10)).unwrap();
        assert_eq!(r.status, Status::Extended);
        assert_eq!(r.due(d(2026, 4, 10)), d(2026, 6, 16));
        assert_eq!(
            r.extend(ExtendReason::Complexity, d(2026, 4, 11)),
            Err(RequestError::ExtendedAlready)
        );
    }

    #[test]
    fn a_late_extension_is_refused() {
        let mut r = Request::new(Kind::Access, Via::Email, None, d(2026, 3, 16));
        // The last day of the first month is still in time.
        let mut on_time = r.clone();
        on_time
            .extend(ExtendReason::NumberOfRequests, d(2026, 4, 16))
            .unwrap();
        assert_eq!(
            r.extend(ExtendReason::Complexity, d(2026, 4, 17)),
            Err(RequestError::LateExtension {
                due: d(2026, 4, 16)
            })
        );
        assert_eq!(r.status, Status::Received);
        assert!(r.extended_on.is_none());
    }

    #[test]
    fn an_identity_check_pauses_the_clock() {
        let mut r = Request::new(Kind::Erasure, Via::Letter, None, d(2026, 3, 16));
        r.ask_identity(d(2026, 3, 18)).unwrap();
        // While the pause runs, the due date moves with it.
        assert_eq!(r.due(d(2026, 3, 25)), d(2026, 4, 23));
        r.verify(VerifyMethod::IdDocument, d(2026, 3, 28)).unwrap();
        assert_eq!(r.paused_days, 10);
        assert_eq!(r.due(d(2026, 5, 1)), d(2026, 4, 27)); // 26 April is a Sunday
        assert_eq!(r.status, Status::InProgress);
    }

    #[test]
    fn illegal_moves_are_refused() {
        let mut r = Request::new(Kind::Access, Via::Email, None, d(2026, 3, 16));
        r.ask_identity(d(2026, 3, 17)).unwrap();
        // An unverified identity cannot be answered.
        assert!(matches!(
            r.complete(Outcome::Exported, d(2026, 3, 18)),
            Err(RequestError::IllegalMove { .. })
        ));
        // Nor extended while it waits.
        assert!(r.extend(ExtendReason::Complexity, d(2026, 3, 18)).is_err());
        r.verify(VerifyMethod::KnownChannel, d(2026, 3, 19))
            .unwrap();
        r.complete(Outcome::Exported, d(2026, 3, 20)).unwrap();
        // A closed request stays closed.
        for result in [
            r.clone().refuse(RefuseReason::Excessive, d(2026, 3, 21)),
            r.clone().verify(VerifyMethod::BankId, d(2026, 3, 21)),
            r.clone().withdraw(d(2026, 3, 21)),
            r.clone().complete(Outcome::Done, d(2026, 3, 21)),
        ] {
            assert!(matches!(result, Err(RequestError::IllegalMove { .. })));
        }
        assert_eq!(r.outcome, Some(Outcome::Exported));
    }

    #[test]
    fn an_export_does_not_answer_an_erasure() {
        let mut r = Request::new(Kind::Erasure, Via::Email, None, d(2026, 3, 16));
        assert!(matches!(
            r.complete(Outcome::Exported, d(2026, 3, 17)),
            Err(RequestError::WrongKind { .. })
        ));
        r.complete(Outcome::Erased, d(2026, 3, 17)).unwrap();
    }

    #[test]
    fn days_left_and_overdue() {
        let r = Request::new(Kind::Access, Via::Phone, None, d(2026, 3, 16));
        assert_eq!(r.days_left(d(2026, 4, 6)), Some(10));
        assert!(!r.is_overdue(d(2026, 4, 16)));
        assert!(r.is_overdue(d(2026, 4, 17)));
    }

    #[test]
    fn codes_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(Via::parse("in-person"), Some(Via::InPerson));
        assert_eq!(Via::parse("web-form"), Some(Via::WebForm));
        assert_eq!(Via::parse("carrier pigeon"), None);
    }
}
