//! Retention (GDPR Art. 5(1)(e)): what is due for erasure and what will be soon, and applying
//! it — each erasure audited like a manual one, in chunks so that no transaction runs long.
//! Applying twice is harmless: what was erased is no longer there to be due.

mod sweep;

pub use sweep::{APP_CHUNK, CLI_CHUNK, MERGE_PAGES, SCAN_SLICE, SWEEP_CACHE_KIB, Stage, Sweep};

use super::PrivacyError;
use crate::domain::audit::NewEvent;
use crate::domain::retention::{Facts, Policy, Rule, Verdict, assess, reason};
use crate::domain::{Action, ContactId, Instant};
use crate::store::facts::RetentionFacts;
use crate::store::{self, Store};
use serde::Serialize;

#[derive(Clone, Serialize)]
pub struct Due {
    pub id: ContactId,
    pub name: String,
    pub rule: Rule,
    pub since: Instant,
    /// Why, in words ("no activity for 26 months"): `retention::reason`.
    pub reason: String,
}

#[derive(Clone, Serialize)]
pub struct Upcoming {
    pub id: ContactId,
    pub name: String,
    pub rule: Rule,
    pub due_on: Instant,
    pub reason: String,
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
    let mut out = scan(store, now)?;
    out.due.sort_by_key(|d| d.since);
    out.upcoming.sort_by_key(|u| u.due_on);
    Ok(out)
}

/// What the retention rule reads of a contact.
fn facts(f: &RetentionFacts) -> Facts<'_> {
    Facts {
        stage: f.stage,
        created_at: f.created_at,
        last_activity: f.last_activity,
        consents: &f.consents,
    }
}

/// What is due and upcoming, in storage order (the order of the contacts' row numbers;
/// `report` sorts it by date).
fn scan(store: &Store, now: Instant) -> Result<Report, PrivacyError> {
    let policy = policy(store)?;
    let mut out = Report::default();
    store.read(|tx| {
        store::facts::for_retention(tx, |f| match assess(&facts(f), &policy, now) {
            Verdict::Due { rule, since } => out.due.push(Due {
                id: f.id,
                name: f.name.clone(),
                rule,
                since,
                reason: reason(rule, f.last_activity, now),
            }),
            Verdict::Upcoming { rule, due_on } => out.upcoming.push(Upcoming {
                id: f.id,
                name: f.name.clone(),
                rule,
                due_on,
                // Said as it will be on the day it becomes due.
                reason: reason(rule, f.last_activity, due_on),
            }),
            Verdict::Keep => {}
        })
    })?;
    Ok(out)
}

/// Erases what is due, `chunk` contacts per transaction, calling `progress(done, total)` after
/// each chunk and after each step of the index clean-up that follows (then `done == total`).
/// Each chunk is re-assessed inside its transaction: a contact that is no longer due (a new
/// consent, now a customer, restricted) is kept. Returns how many were erased.
///
/// The chunks use the bulk path (`store::erasure::erase_many`); the full-text index is cleaned
/// afterwards in short steps, then the WAL is truncated. A clean-up left over by an interrupted
/// sweep is finished first. All of it runs on the sweep's own connection ([`Sweep`]), so `store`
/// is free for other reads and writes meanwhile.
pub fn apply(
    store: &Store,
    now: Instant,
    chunk: usize,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize, PrivacyError> {
    let mut sweep = Sweep::start(store, now, chunk)?;
    loop {
        if let Some(erased) = sweep.step()? {
            return Ok(erased);
        }
        progress(sweep.done(), sweep.total());
    }
}

/// Finishes the full-text index clean-up of a bulk erasure (this sweep's, or one interrupted
/// earlier) in short transactions, calling `step` after each, then truncates the WAL.
pub fn finish_cleanup(store: &mut Store, step: impl FnMut()) -> Result<(), PrivacyError> {
    store::erasure::finish_index_cleanup(store, store::erasure::CLEANUP_PAGES, step)?;
    store.checkpoint_truncate()?;
    Ok(())
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
