//! Applying batches of remote changes (one per segment) to the store: several in one
//! transaction, so a segment is applied whole or not at all. The merge decides (`team::merge`, pure); this
//! purges the contacts it erases through the erasure path (rows, index, suppression hashes,
//! audit event), writes the winners, and moves the clock only once everything is written. A
//! clock too far ahead refuses the batch before anything is written.

use super::TeamError;
use crate::domain::retention::Rule;
use crate::domain::{ContactId, Instant};
use crate::privacy::erasure::{self, Reason};
use crate::store::{self, Store, Tx};
use crate::team::change::{Change, Device, Entity, TombstoneValue};
use crate::team::hlc::ClockAhead;
use crate::team::merge::{self, Refused, Rules};
use std::collections::HashSet;

/// What one batch did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Field changes written.
    pub written: usize,
    /// Contacts erased here because another device erased them.
    pub erased: usize,
    /// Changes to erased contacts, dropped.
    pub dropped: usize,
    pub refused: Vec<Refused>,
}

fn reason_of(value: &str) -> Reason {
    let code = serde_json::from_str::<TombstoneValue>(value)
        .map(|v| v.reason)
        .unwrap_or_default();
    match code.as_str() {
        "subject_request" => Reason::SubjectRequest,
        "retention:no_legal_basis" => Reason::Retention(Rule::NoLegalBasis),
        "retention:consents_ended" => Reason::Retention(Rule::ConsentsEnded),
        "retention:customer_relationship_ended" => {
            Reason::Retention(Rule::CustomerRelationshipEnded)
        }
        _ => Reason::UserDecision,
    }
}

/// One segment's changes, ready to apply: who may write what (judged at the segment's place
/// in its device's chain), and what the round records in the same transaction (the segment
/// as applied: a crash leaves both or neither).
pub struct Batch<'a> {
    pub changes: Vec<Change>,
    pub may_write: MayWrite<'a>,
    pub also: Also<'a>,
}

/// Whether the member of a device may write changes of an entity (at the batch's place).
pub type MayWrite<'a> = Box<dyn Fn(&Device, Entity) -> bool + 'a>;
/// What the round records in the batch's transaction (its cursor, its audit events).
pub type Also<'a> = Box<dyn FnOnce(&Tx) -> Result<(), store::StoreError> + 'a>;

/// Why `apply_batches` stopped at a batch (nothing of it is written).
#[derive(Debug)]
pub enum Stopped {
    /// Its clock is too far ahead: it waits until the clocks agree.
    ClockAhead(ClockAhead),
    /// The store failed while applying it.
    Failed(TeamError),
}

/// Merges and applies `batches` in order, all in one transaction: each batch is merged
/// against what the ones before it wrote, so several segments cost one commit (a newcomer's
/// snapshot arrives in a hundred). Each batch runs in a savepoint: one that cannot be applied
/// (a clock too far ahead, a store error) is undone whole, the ones before it are kept and
/// committed, and the list ends with its `Err`; the ones after it are not tried.
pub fn apply_batches(
    store: &mut Store,
    batches: Vec<Batch>,
    now: Instant,
) -> Result<Vec<Result<Applied, Stopped>>, TeamError> {
    // What a batch writes is also in the folder: a power cut that loses its commit loses the
    // cursor with it, and the next round applies the segment again. So its commit does not
    // wait for the disk (the WAL keeps commits in order: a later local edit's synced commit
    // covers it). With the page cache large enough for the batch's pages (as the round raises
    // it), a batch spread over a large change log never spills dirty pages before its commit.
    store.sync_at_checkpoints()?;
    let out = store.write_bulk(|tx| {
        let mut out = Vec::with_capacity(batches.len());
        for b in batches {
            let (changes, may_write, also) = (b.changes, b.may_write, b.also);
            let done = tx.savepoint(|tx| {
                let a = apply_in(tx, changes, &*may_write, now)?;
                also(tx)?;
                Ok::<_, TeamError>(a)
            })?;
            match done {
                Ok(a) => out.push(Ok(a)),
                Err(TeamError::ClockAhead(c)) => {
                    out.push(Err(Stopped::ClockAhead(c)));
                    break;
                }
                Err(e) => {
                    out.push(Err(Stopped::Failed(e)));
                    break;
                }
            }
        }
        Ok::<_, TeamError>(out)
    });
    let restored = store.sync_at_commits();
    let out = out?;
    restored?;
    Ok(out)
}

/// Merges and applies `changes` in one transaction; `also` runs last in the same transaction
/// (the round records the segment as applied there, so a crash leaves both or neither).
pub fn apply_changes(
    store: &mut Store,
    changes: &[Change],
    may_write: &dyn Fn(&Device, Entity) -> bool,
    now: Instant,
    also: impl FnOnce(&Tx) -> Result<(), store::StoreError>,
) -> Result<Applied, TeamError> {
    let batch = Batch {
        changes: changes.to_vec(),
        may_write: Box::new(may_write),
        also: Box::new(also),
    };
    match apply_batches(store, vec![batch], now)?.pop() {
        Some(Ok(a)) => Ok(a),
        Some(Err(Stopped::ClockAhead(c))) => Err(TeamError::ClockAhead(c)),
        Some(Err(Stopped::Failed(e))) => Err(e),
        None => Ok(Applied::default()),
    }
}

/// One batch in the caller's transaction. A clock too far ahead is refused by the merge,
/// before anything is written.
fn apply_in(
    tx: &Tx,
    changes: Vec<Change>,
    may_write: &dyn Fn(&Device, Entity) -> bool,
    now: Instant,
) -> Result<Applied, TeamError> {
    let now_ms = now.timestamp_millis().max(0) as u64;
    let local = store::team::local_state(tx, &changes)?;
    let merged = merge::merge(&local, changes, &Rules { now_ms, may_write })?;
    store::changes::pause(tx);
    let mut erased = 0;
    for id in &merged.erase {
        let Ok(cid) = ContactId::parse(id) else {
            continue;
        };
        if store::contacts::exists(tx, cid)? {
            let value = merged
                .writes
                .iter()
                .find(|c| c.entity == Entity::Tombstone && &c.id == id)
                .map(|c| c.value.as_str())
                .unwrap_or("");
            erasure::erase_in(tx, cid, reason_of(value), now)?;
            erased += 1;
        }
    }
    // Entities with no field here before this batch: built from the batch, not read back.
    let known: HashSet<(Entity, &str)> = local
        .versions
        .keys()
        .map(|(e, id, _)| (*e, id.as_str()))
        .collect();
    let written = store::team::apply_with(tx, &merged, &|e, id| !known.contains(&(e, id)))?;
    store::team::observe_clock(tx, merged.clock)?;
    Ok(Applied {
        written,
        erased,
        dropped: merged.dropped,
        refused: merged.refused,
    })
}

/// This device's changes not yet published, with the clock of the newest (what the next
/// segment carries).
pub fn unpublished(store: &Store) -> Result<Vec<Change>, TeamError> {
    Ok(store.read(|tx| {
        let Some(me) = store::team::membership(tx)? else {
            return Ok(Vec::new());
        };
        store::team::own_changes_after(tx, &me.device_id, me.published)
    })?)
}
