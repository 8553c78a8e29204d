//! The retention sweep as short steps on a connection of its own: finding what is due a slice
//! at a time, erasing it a chunk at a time with the index merged and the WAL copied into the
//! database between chunks, then the audit event, the index clean-up and the WAL truncate. The
//! app's own connection keeps reading beside it (WAL), and its writes wait one step at most.

use super::{Due, facts, finish_cleanup, policy};
use crate::domain::audit::{NewEvent, actor};
use crate::domain::retention::{Policy, Verdict, assess};
use crate::domain::{Action, ContactId, Instant};
use crate::privacy::PrivacyError;
use crate::privacy::erasure::{Reason, audit_erased};
use crate::store::erasure::BulkErasure;
use crate::store::{self, Store};
use std::sync::{Arc, Mutex};

/// Contacts erased per step of the app's "Erase due" sweep: about 20 ms per step at 1M
/// contacts (each erased contact changes about seven pages spread over the file).
pub const APP_CHUNK: usize = 50;

/// Contacts erased per transaction by `rapport retention --apply`, a batch command: pages that
/// several due people share (index pages, an organisation's activity rows) are written once per
/// chunk, so fewer, larger chunks write less (100k contacts with 1M activities, quiet: 500 per
/// chunk took 6.7 s, 2,000 take 4.6 s; BENCHMARKS.md). A chunk holds the write lock for about
/// 0.8 s there: another process's writes wait that long, its reads never wait.
pub const CLI_CHUNK: usize = 2_000;

/// The page cache while a sweep runs, in KiB: each chunk touches index pages spread over the
/// whole file (names, ids, addresses, the full-text index), which the usual cache let go and
/// decrypted again chunk after chunk (a 1M sweep in chunks of 50: 115 s → 104 s; what is left
/// of SQLCipher's share, ~37 %, is mostly pages encrypted into the WAL). The sweep's own
/// connection has it; it goes when the sweep does.
pub const SWEEP_CACHE_KIB: i64 = 96 * 1024;

/// Contacts (row numbers) looked at per step while finding what is due: about 10 ms at 100k.
pub const SCAN_SLICE: i64 = 5_000;

/// Leaf pages of the full-text index merged after each chunk (`store::erasure::index_merge_step`):
/// at most ~15 ms at 1M contacts, and enough to keep the segments the chunks create few.
pub const MERGE_PAGES: u32 = 16;

/// Where a sweep is, for progress and for timing its steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading a slice of the contacts to find what is due.
    Finding,
    /// Erasing the next chunk of what is due.
    Erasing,
    /// Merging a few pages of the index's segments after a chunk.
    Merging,
    /// Copying the WAL into the database after a chunk (and waiting for the disk).
    Copying,
    /// The audit event of the run, the index clean-up and the WAL truncate.
    Finishing,
}

/// A retention sweep run one short step at a time: each slice of the search for what is due,
/// each chunk of erasures, the merge and the WAL copy after it, the audit event of the run, and
/// each step of the index clean-up is one call of [`Sweep::step`]. [`super::apply`] is the same
/// sweep in one go.
///
/// The sweep works on a second connection to the store (`Store::another`), opened by `start`
/// and closed with the sweep, so the caller's connection is never held by it: the app runs the
/// steps beside its store, and its searches read while a chunk is written. That connection
/// has the large page cache, and commits there do not wait for the disk: the WAL copy after
/// every chunk does (`Store::sync_at_checkpoints`), so a power cut can lose at most the last
/// chunk, whole, which the next sweep erases again. Copying after every chunk keeps each copy
/// small; left to SQLite, it happened inside whichever write passed 1,000 pages.
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
    /// What is still to do after the last chunk, before the next one.
    after_chunk: Option<Stage>,
    logged: bool,
    /// The sweep's own connection (shared by clones of the sweep, closed with the last).
    store: Arc<Mutex<Store>>,
}

impl std::fmt::Debug for Sweep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sweep({}/{} done)", self.next, self.due.len())
    }
}

impl Sweep {
    /// Opens the sweep's own connection to `store`'s file and finishes there a clean-up left
    /// over by an interrupted sweep; the due contacts are then found
    /// by the first steps, a slice of row numbers each (storage order, so that a chunk of
    /// erasures touches neighbouring pages).
    pub fn start(store: &Store, now: Instant, chunk: usize) -> Result<Sweep, PrivacyError> {
        let mut own = store.another()?;
        own.set_cache_kib(SWEEP_CACHE_KIB)?;
        own.sync_at_checkpoints()?;
        finish_cleanup(&mut own, || {})?;
        Ok(Sweep {
            now,
            policy: policy(&own)?,
            scan_from: Some(1),
            scan_to: own.read(store::facts::last_seq)?,
            slice: SCAN_SLICE,
            due: Vec::new(),
            chunk: chunk.max(1),
            next: 0,
            erased: 0,
            after_chunk: None,
            logged: false,
            store: Arc::new(Mutex::new(own)),
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

    /// What the next step will do.
    pub fn stage(&self) -> Stage {
        if self.finding() {
            Stage::Finding
        } else if let Some(stage) = self.after_chunk {
            stage
        } else if self.next < self.due.len() {
            Stage::Erasing
        } else {
            Stage::Finishing
        }
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
    pub fn step(&mut self) -> Result<Option<usize>, PrivacyError> {
        let shared = Arc::clone(&self.store);
        let mut store = shared.lock().map_err(|_| {
            PrivacyError::Invalid(
                "the retention sweep stopped after an error: start it again".into(),
            )
        })?;
        match self.stage() {
            Stage::Finding => self.find(&store)?,
            Stage::Erasing => {
                let end = (self.next + self.chunk).min(self.due.len());
                let (part, policy, now) = (&self.due[self.next..end], &self.policy, self.now);
                self.erased += store.write(|tx| erase_chunk(tx, part, policy, now))?;
                self.next = end;
                self.after_chunk = Some(Stage::Merging);
            }
            Stage::Merging => {
                store::erasure::index_merge_step(&mut store, MERGE_PAGES)?;
                self.after_chunk = Some(Stage::Copying);
            }
            Stage::Copying => {
                store.checkpoint_passive()?;
                self.after_chunk = None;
            }
            Stage::Finishing => return self.finish(&mut store),
        }
        Ok(None)
    }

    /// One slice of the search for what is due.
    fn find(&mut self, store: &Store) -> Result<(), PrivacyError> {
        let Some(from) = self.scan_from else {
            return Ok(());
        };
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
                        reason: crate::domain::retention::reason(rule, f.last_activity, now),
                    });
                }
            })
        })?;
        self.scan_from = (to <= self.scan_to).then_some(to);
        Ok(())
    }

    /// The audit event of the run, then one step of the index clean-up per call, then the
    /// WAL truncate.
    fn finish(&mut self, store: &mut Store) -> Result<Option<usize>, PrivacyError> {
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
        // Issue 14: exports holding the erased (or expired) go too, and the erasures join the
        // ledger beside the vault, before the sweep reports itself complete.
        crate::privacy::exports_register::sweep(store, self.now)?;
        crate::privacy::backup::sync_ledger(store)?;
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
