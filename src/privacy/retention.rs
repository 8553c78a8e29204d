//! Retention (GDPR Art. 5(1)(e)): what is due for erasure and what will be soon, and applying
//! it — each erasure audited like a manual one, in chunks so that no transaction runs long.
//! Applying twice is harmless: what was erased is no longer there to be due.

use super::PrivacyError;
use super::erasure::{Reason, audit_erased};
use crate::domain::audit::{NewEvent, actor};
use crate::domain::retention::{Facts, Policy, Rule, Verdict, assess};
use crate::domain::{Action, ContactId, Instant};
use crate::store::erasure::BulkErasure;
use crate::store::facts::RetentionFacts;
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
            }),
            Verdict::Upcoming { rule, due_on } => out.upcoming.push(Upcoming {
                id: f.id,
                name: f.name.clone(),
                rule,
                due_on,
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
/// sweep is finished first.
pub fn apply(
    store: &mut Store,
    now: Instant,
    chunk: usize,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize, PrivacyError> {
    let mut sweep = Sweep::start(store, now, chunk)?;
    loop {
        if let Some(erased) = sweep.step(store)? {
            return Ok(erased);
        }
        progress(sweep.done(), sweep.total());
    }
}

/// A retention sweep run one short step at a time: each slice of the search for what is due,
/// each chunk of erasures, the audit event of the run, and each step of the index clean-up is
/// one call of [`Sweep::step`], so a caller that shares the store (the app) lets searches and
/// opens in between instead of holding the store for the whole sweep. [`apply`] is the same
/// sweep in one go.
#[derive(Clone)]
pub struct Sweep {
    now: Instant,
    policy: Policy,
    /// The next row number to look at while finding what is due; `None` once all were read.
    scan_from: Option<i64>,
    /// The highest row number when the sweep started (contacts added later are not due yet).
    scan_to: i64,
    /// Row numbers looked at per finding step.
    slice: i64,
    due: Vec<Due>,
    chunk: usize,
    next: usize,
    erased: usize,
    logged: bool,
}

impl std::fmt::Debug for Sweep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sweep({}/{} done)", self.next, self.due.len())
    }
}

/// Contacts erased per step of the app's "Erase due" sweep: each step holds the store briefly,
/// so the list and searches stay usable while a large sweep runs.
pub const APP_CHUNK: usize = 50;

/// The page cache while a sweep runs, in KiB: each chunk touches index pages spread over the
/// whole file (names, ids, addresses, the full-text index), which the usual cache let go and
/// decrypted again chunk after chunk (a 1M sweep in chunks of 50: 115 s → 104 s; what is left
/// of SQLCipher's share, ~37 %, is mostly pages encrypted into the WAL). Restored to
/// `store::CACHE_KIB` when the sweep completes.
pub const SWEEP_CACHE_KIB: i64 = 96 * 1024;

/// Contacts (row numbers) looked at per step while finding what is due: about 10 ms at 100k.
pub const SCAN_SLICE: i64 = 5_000;

impl Sweep {
    /// Finishes a clean-up left over by an interrupted sweep; the due contacts are then found
    /// by the first steps, a slice of row numbers each (storage order, so that a chunk of
    /// erasures touches neighbouring pages).
    pub fn start(store: &mut Store, now: Instant, chunk: usize) -> Result<Sweep, PrivacyError> {
        finish_cleanup(store, || {})?;
        store.set_cache_kib(SWEEP_CACHE_KIB)?;
        Ok(Sweep {
            now,
            policy: policy(store)?,
            scan_from: Some(1),
            scan_to: store.read(store::facts::last_seq)?,
            slice: SCAN_SLICE,
            due: Vec::new(),
            chunk: chunk.max(1),
            next: 0,
            erased: 0,
            logged: false,
        })
    }

    /// Looks at `rows` row numbers per finding step instead of [`SCAN_SLICE`].
    pub fn in_slices_of(mut self, rows: i64) -> Sweep {
        self.slice = rows.max(1);
        self
    }

    /// Whether the sweep is still finding what is due (then `total` is what it found so far).
    pub fn finding(&self) -> bool {
        self.scan_from.is_some()
    }

    /// How many due contacts the sweep has dealt with (erased or kept on re-assessment).
    pub fn done(&self) -> usize {
        self.next
    }

    /// How many contacts were found due (all of them once `finding` is over).
    pub fn total(&self) -> usize {
        self.due.len()
    }

    /// Does the next short step; `Some(erased)` once the sweep is complete.
    pub fn step(&mut self, store: &mut Store) -> Result<Option<usize>, PrivacyError> {
        if let Some(from) = self.scan_from {
            let to = from.saturating_add(self.slice);
            let (policy, now, due) = (&self.policy, self.now, &mut self.due);
            store.read(|tx| {
                store::facts::for_retention_in(tx, from, to.min(self.scan_to + 1), |f| {
                    if let Verdict::Due { rule, since } = assess(&facts(f), policy, now) {
                        due.push(Due {
                            id: f.id,
                            name: f.name.clone(),
                            rule,
                            since,
                        });
                    }
                })
            })?;
            self.scan_from = (to <= self.scan_to).then_some(to);
            return Ok(None);
        }
        if self.next < self.due.len() {
            let end = (self.next + self.chunk).min(self.due.len());
            let (part, policy, now) = (&self.due[self.next..end], &self.policy, self.now);
            self.erased += store.write(|tx| erase_chunk(tx, part, policy, now))?;
            self.next = end;
            return Ok(None);
        }
        if !self.logged {
            store.write(|tx| {
                store::audit::append(
                    tx,
                    &NewEvent::new(self.now, Action::RetentionRun, None)
                        .actor(actor::RETENTION)
                        .detail(format!("erased={}", self.erased)),
                )
            })?;
            self.logged = true;
            return Ok(None);
        }
        if store::erasure::index_cleanup_step(store, store::erasure::CLEANUP_PAGES)? {
            return Ok(None);
        }
        store.checkpoint_truncate()?;
        store.set_cache_kib(store::CACHE_KIB)?;
        Ok(Some(self.erased))
    }
}

/// Re-assesses one chunk in the write transaction and erases those still due, each with its
/// own tombstone and audit event.
fn erase_chunk(
    tx: &store::Tx,
    part: &[Due],
    policy: &Policy,
    now: Instant,
) -> Result<usize, PrivacyError> {
    let ids: Vec<ContactId> = part.iter().map(|d| d.id).collect();
    let mut still = Vec::with_capacity(part.len());
    store::facts::for_retention_of(tx, &ids, |f| {
        if let Verdict::Due { rule, .. } = assess(&facts(f), policy, now) {
            still.push((f.id, Reason::Retention(rule)));
        }
    })?;
    let items: Vec<BulkErasure> = still
        .iter()
        .map(|(id, reason)| BulkErasure {
            id: *id,
            reason: reason.code(),
            requested_by: reason.requested_by().into(),
        })
        .collect();
    let reasons: std::collections::HashMap<ContactId, Reason> = still.into_iter().collect();
    let erased = store::erasure::erase_many(tx, &items, now)?;
    for (id, held) in &erased {
        if let Some(reason) = reasons.get(id) {
            audit_erased(tx, *id, *reason, held, now)?;
        }
    }
    Ok(erased.len())
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
