//! Retention rules (GDPR Art. 5(1)(e)): when every legal basis for a contact has ended, the
//! contact is due for erasure. Pure: the store supplies the facts, `now` is a parameter.

use super::Instant;
use super::consent::Consent;
use super::contact::Stage;
use chrono::{Duration, Months};
use serde::{Deserialize, Serialize};

/// The firm's retention settings.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Policy {
    /// A contact that never had a basis is due this many days after it was added.
    pub grace_days: i64,
    /// The "Customer relationship" retention period, counted from the last activity.
    pub customer_months: u32,
    /// Contacts due within this many days are listed as upcoming.
    pub upcoming_days: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            grace_days: 30,
            customer_months: 24,
            upcoming_days: 30,
        }
    }
}

/// Which rule makes a contact due.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Never had a legal basis and the grace period after adding it has passed.
    NoLegalBasis,
    /// Every consent has expired or been withdrawn and nothing else applies.
    ConsentsEnded,
    /// A former customer inactive past the customer relationship retention period.
    CustomerRelationshipEnded,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NoLegalBasis => "no_legal_basis",
            Rule::ConsentsEnded => "consents_ended",
            Rule::CustomerRelationshipEnded => "customer_relationship_ended",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Rule::NoLegalBasis => "no legal basis was recorded within the grace period",
            Rule::ConsentsEnded => "every consent has expired or been withdrawn",
            Rule::CustomerRelationshipEnded => {
                "no activity within the customer relationship's retention period"
            }
        }
    }
}

/// Why a contact is in the retention queue, in words: for the customer relationship, how long
/// since the last activity ("no activity for 26 months"), since that is what a salesperson can
/// act on; for the other rules, the rule.
pub fn reason(rule: Rule, last_activity: Instant, now: Instant) -> String {
    match rule {
        Rule::CustomerRelationshipEnded => {
            let months = super::activity::whole_months(last_activity, now);
            match months {
                1 => "no activity for 1 month".into(),
                m => format!("no activity for {m} months"),
            }
        }
        _ => rule.describe().into(),
    }
}

/// What the store knows about one contact that matters for retention.
#[derive(Clone, Debug)]
pub struct Facts<'a> {
    pub stage: Stage,
    pub created_at: Instant,
    pub last_activity: Instant,
    /// Consent records for consent-based purposes (all of them; the current one per purpose counts).
    pub consents: &'a [Consent],
}

/// The verdict for one contact.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verdict {
    Keep,
    Upcoming { rule: Rule, due_on: Instant },
    Due { rule: Rule, since: Instant },
}

/// When the contact's last basis ends, and by which rule; `None` while a basis has no end.
pub fn due_on(facts: &Facts, policy: &Policy) -> Option<(Rule, Instant)> {
    let mut ends: Vec<(Rule, Instant)> = Vec::new();
    let mut purposes: Vec<_> = facts.consents.iter().map(|c| c.purpose).collect();
    purposes.sort();
    purposes.dedup();
    for p in purposes {
        let current = super::consent::current(facts.consents, p)?;
        ends.push((Rule::ConsentsEnded, current.ends_at()?));
    }
    // The contract is the basis while the relationship is alive: a customer (or former
    // customer) with no activity for the retention period is no longer in one (issue 15).
    if matches!(facts.stage, Stage::Customer | Stage::FormerCustomer) {
        let end = facts
            .last_activity
            .checked_add_months(Months::new(policy.customer_months))?;
        ends.push((Rule::CustomerRelationshipEnded, end));
    }
    if ends.is_empty() {
        ends.push((
            Rule::NoLegalBasis,
            facts.created_at + Duration::days(policy.grace_days),
        ));
    }
    ends.into_iter().max_by_key(|(_, at)| *at)
}

/// Due, upcoming or kept at `now`.
pub fn assess(facts: &Facts, policy: &Policy, now: Instant) -> Verdict {
    match due_on(facts, policy) {
        Some((rule, since)) if since <= now => Verdict::Due { rule, since },
        Some((rule, due_on)) if due_on <= now + Duration::days(policy.upcoming_days) => {
            Verdict::Upcoming { rule, due_on }
        }
        _ => Verdict::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::consent::ConsentSource;
    use crate::domain::ids::PurposeId;
    use chrono::TimeZone;

    fn t(days: i64) -> Instant {
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 29, 12, 0, 0)
            .unwrap()
            + Duration::days(days)
    }

    fn consent(purpose: i64, expires: Option<i64>, withdrawn: Option<i64>) -> Consent {
        Consent {
            id: purpose,
            purpose: PurposeId(purpose),
            given_at: t(-400),
            expires_at: expires.map(t),
            source: ConsentSource::parse("verbal"),
            wording_version: "1".into(),
            withdrawn_at: withdrawn.map(t),
        }
    }

    fn facts(stage: Stage, created: i64, activity: i64, consents: &[Consent]) -> Facts<'_> {
        Facts {
            stage,
            created_at: t(created),
            last_activity: t(activity),
            consents,
        }
    }

    #[test]
    fn lead_without_basis_is_due_after_the_grace_period() {
        let p = Policy::default();
        assert_eq!(
            assess(&facts(Stage::Lead, -31, -31, &[]), &p, t(0)),
            Verdict::Due {
                rule: Rule::NoLegalBasis,
                since: t(-1)
            }
        );
        assert_eq!(
            assess(&facts(Stage::Lead, -10, -10, &[]), &p, t(0)),
            Verdict::Upcoming {
                rule: Rule::NoLegalBasis,
                due_on: t(20)
            }
        );
    }

    #[test]
    fn consents_ended_uses_the_last_end() {
        let p = Policy::default();
        let c = [consent(1, Some(-5), None), consent(2, Some(60), Some(-2))];
        assert_eq!(
            assess(&facts(Stage::Prospect, -500, -3, &c), &p, t(0)),
            Verdict::Due {
                rule: Rule::ConsentsEnded,
                since: t(-2)
            }
        );
        let valid = [consent(1, Some(-5), None), consent(2, Some(200), None)];
        assert_eq!(
            assess(&facts(Stage::Prospect, -500, -3, &valid), &p, t(0)),
            Verdict::Keep
        );
        let open = [consent(1, None, None)];
        assert_eq!(
            assess(&facts(Stage::Lead, -500, -300, &open), &p, t(0)),
            Verdict::Keep
        );
        let soon = [consent(1, Some(10), None)];
        assert_eq!(
            assess(&facts(Stage::Lead, -500, -300, &soon), &p, t(0)),
            Verdict::Upcoming {
                rule: Rule::ConsentsEnded,
                due_on: t(10)
            }
        );
    }

    #[test]
    fn customers_are_kept_while_active_and_expire_after_inactivity() {
        let p = Policy::default();
        assert_eq!(
            assess(&facts(Stage::Customer, -5000, -10, &[]), &p, t(0)),
            Verdict::Keep
        );
        let v = assess(&facts(Stage::Customer, -5000, -800, &[]), &p, t(0));
        assert!(
            matches!(
                v,
                Verdict::Due {
                    rule: Rule::CustomerRelationshipEnded,
                    ..
                }
            ),
            "{v:?}"
        );
        assert_eq!(
            reason(Rule::CustomerRelationshipEnded, t(-800), t(0)),
            "no activity for 26 months"
        );
        let v = assess(&facts(Stage::FormerCustomer, -2000, -800, &[]), &p, t(0));
        assert!(
            matches!(
                v,
                Verdict::Due {
                    rule: Rule::CustomerRelationshipEnded,
                    ..
                }
            ),
            "{v:?}"
        );
        assert_eq!(
            assess(&facts(Stage::FormerCustomer, -2000, -100, &[]), &p, t(0)),
            Verdict::Keep
        );
        // A valid newsletter consent keeps a former customer past the relationship period.
        let c = [consent(1, Some(300), None)];
        assert_eq!(
            assess(&facts(Stage::FormerCustomer, -2000, -800, &c), &p, t(0)),
            Verdict::Keep
        );
    }
}
