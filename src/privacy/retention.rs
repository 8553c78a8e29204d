//! Retention (GDPR Art. 5(1)(e)): what is due for erasure and what will be soon, and applying
//! it — each erasure audited like a manual one, in chunks so that no transaction runs long.
//! Applying twice is harmless: what was erased is no longer there to be due.

use super::PrivacyError;
use super::erasure::{Reason, erase_in};
use crate::domain::audit::{NewEvent, actor};
use crate::domain::retention::{Facts, Policy, Rule, Verdict, assess};
use crate::domain::{Action, ContactId, Instant};
use crate::store::{self, Store};
use serde::Serialize;

#[derive(Clone, Serialize)]
pub struct Due {
    pub id: ContactId,
    pub name: String,
    pub rule: Rule,
    pub since: Instant,
}

#[derive(Clone, Serialize)]
pub struct Upcoming {
    pub id: ContactId,
    pub name: String,
    pub rule: Rule,
    pub due_on: Instant,
}

super::redacted_debug!(Due, Upcoming);

#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub due: Vec<Due>,
    pub upcoming: Vec<Upcoming>,
}

/// The firm's retention policy (grace period from settings, customer period from the
/// "Customer relationship" purpose).
pub fn policy(store: &Store) -> Result<Policy, PrivacyError> {
    Ok(store.read(store::facts::retention_policy)?)
}

/// What is due now and what will be within the upcoming window.
pub fn report(store: &Store, now: Instant) -> Result<Report, PrivacyError> {
    let policy = policy(store)?;
    let mut out = Report::default();
    store.read(|tx| {
        store::facts::for_retention(tx, |f| {
            let facts = Facts {
                stage: f.stage,
                created_at: f.created_at,
                last_activity: f.last_activity,
                consents: &f.consents,
            };
            match assess(&facts, &policy, now) {
                Verdict::Due { rule, since } => out.due.push(Due {
                    id: f.id,
                    name: f.name.clone(),
                    rule,
                    since,
                }),
                Verdict::Upcoming { rule, due_on } => out.upcoming.push(Upcoming {
                    id: f.id,
                    name: f.name.clone(),
                    rule,
                    due_on,
                }),
                Verdict::Keep => {}
            }
        })
    })?;
    out.due.sort_by_key(|d| d.since);
    out.upcoming.sort_by_key(|u| u.due_on);
    Ok(out)
}

/// Erases what is due, `chunk` contacts per transaction, calling `progress(done, total)` after
/// each chunk. Returns how many were erased.
pub fn apply(
    store: &mut Store,
    now: Instant,
    chunk: usize,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize, PrivacyError> {
    let due = report(store, now)?.due;
    let total = due.len();
    let mut done = 0;
    for part in due.chunks(chunk.max(1)) {
        store.write(|tx| {
            for d in part {
                // A contact erased meanwhile (e.g. by hand) is simply skipped.
                if store::contacts::exists(tx, d.id)? {
                    erase_in(tx, d.id, Reason::Retention(d.rule), now)?;
                }
            }
            Ok::<_, PrivacyError>(())
        })?;
        store.checkpoint_truncate()?;
        done += part.len();
        progress(done, total);
    }
    store.write(|tx| {
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::RetentionRun, None)
                .actor(actor::RETENTION)
                .detail(format!("erased={total}")),
        )
    })?;
    store.checkpoint_truncate()?;
    Ok(total)
}

/// Sets the grace period for contacts that never had a legal basis (days, 1–365). Audited.
pub fn set_grace_days(store: &mut Store, days: i64, now: Instant) -> Result<(), PrivacyError> {
    if !(1..=365).contains(&days) {
        return Err(PrivacyError::Invalid(
            "the grace period is between 1 and 365 days".into(),
        ));
    }
    store.write(|tx| {
        store::settings::set(tx, store::facts::GRACE_DAYS, &days.to_string())?;
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Settings, None).detail("retention.grace_days"),
        )?;
        Ok(())
    })
}
