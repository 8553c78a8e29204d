//! What erasure needs from the database: counting what a contact holds, tombstones, suppression
//! entries (keyed hashes of erased emails/phones) and the clean-up that leaves no trace.

use super::contacts::seq;
use super::time::{from_db, to_db};
use super::{StoreError, Tx};
use crate::domain::{ContactId, Instant, PointKind};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

/// How much is held about a contact, per kind (shown before erasing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Holdings {
    pub emails: usize,
    pub phones: usize,
    pub addresses: usize,
    pub web: usize,
    pub consents: usize,
    pub objections: usize,
    pub interests: usize,
    /// Activities the person took part in, and their follow-ups (issue 15).
    pub activities: usize,
    pub follow_ups: usize,
}

pub fn holdings(tx: &Tx, id: ContactId) -> Result<Holdings, StoreError> {
    let seq = seq(tx, id)?;
    let count = |sql: &str| -> Result<usize, StoreError> {
        Ok(tx
            .prepare_cached(sql)?
            .query_row([seq], |r| r.get::<_, i64>(0))? as usize)
    };
    let mut h = Holdings {
        consents: count("SELECT count(*) FROM consent WHERE contact_seq = ?1")?,
        objections: count("SELECT count(*) FROM objection WHERE contact_seq = ?1")?,
        interests: answered(
            tx.prepare_cached("SELECT interests_yes | interests_no FROM contact WHERE seq = ?1")?
                .query_row([seq], |r| r.get(0))?,
        ),
        ..Holdings::default()
    };
    let mut st = tx.prepare_cached(
        "SELECT kind, count(*) FROM contact_point WHERE contact_seq = ?1 GROUP BY kind",
    )?;
    for row in st.query_map([seq], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
    })? {
        let (kind, n) = row?;
        h.set_points(&kind, n);
    }
    (h.activities, h.follow_ups) = super::activities::counts(tx, seq)?;
    Ok(h)
}

/// How many interests the answer masks of a contact hold (schema 4: one bit per interest).
fn answered(masks: i64) -> usize {
    masks.count_ones() as usize
}

impl Holdings {
    fn set_points(&mut self, kind: &str, n: usize) {
        match PointKind::parse(kind) {
            Some(PointKind::Email) => self.emails = n,
            Some(PointKind::Phone) => self.phones = n,
            Some(PointKind::Address) => self.addresses = n,
            Some(PointKind::Web) => self.web = n,
            None => {}
        }
    }
}

/// A tombstone: the random subject id, when, why, and who asked (a role).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tombstone {
    pub subject: String,
    pub erased_at: Instant,
    pub reason: String,
    pub requested_by: String,
}

pub fn add_tombstone(tx: &Tx, t: &Tombstone) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR REPLACE INTO tombstone (subject, erased_at, reason, requested_by) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![t.subject, to_db(t.erased_at), t.reason, t.requested_by])?;
    super::changes::tombstone_written(tx, t)
}

pub fn tombstone(tx: &Tx, subject: ContactId) -> Result<Option<Tombstone>, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT subject, erased_at, reason, requested_by FROM tombstone WHERE subject = ?1",
        )?
        .query_row([subject.to_string()], |r| {
            Ok(Tombstone {
                subject: r.get(0)?,
                erased_at: from_db(r.get(1)?),
                reason: r.get(2)?,
                requested_by: r.get(3)?,
            })
        })
        .optional()?)
}

pub fn tombstone_count(tx: &Tx) -> Result<i64, StoreError> {
    Ok(tx
        .prepare_cached("SELECT count(*) FROM tombstone")?
        .query_row([], |r| r.get(0))?)
}

/// Adds suppression entries for a contact's emails and phones (keyed hashes only).
pub fn suppress_points(tx: &Tx, id: ContactId) -> Result<usize, StoreError> {
    let seq = seq(tx, id)?;
    let mut st = tx.prepare_cached(
        "SELECT kind, normalized FROM contact_point WHERE contact_seq = ?1 AND kind IN ('email', 'phone') AND normalized <> ''",
    )?;
    let points: Vec<(String, String)> = st
        .query_map([seq], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut insert = tx.prepare_cached("INSERT OR IGNORE INTO suppression (hash) VALUES (?1)")?;
    let mut n = 0;
    for (kind, normalised) in points {
        n += insert.execute([tx.suppression_hash(&kind, &normalised)])?;
    }
    Ok(n)
}

/// Whether an email or phone (normalised) belongs to an erased person.
pub fn is_suppressed(tx: &Tx, kind: PointKind, normalised: &str) -> Result<bool, StoreError> {
    if normalised.is_empty() {
        return Ok(false);
    }
    let hash = tx.suppression_hash(kind.as_str(), normalised);
    let local: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM suppression WHERE hash = ?1)")?
        .query_row([hash], |r| r.get(0))?;
    // An erasure on another laptop of the team travels as hashes under the team key.
    Ok(local || super::changes::team_suppressed(tx, kind, normalised)?)
}

// ---- Bulk erasure (the retention sweep) ----------------------------------------------------
//
// Per-row FTS5 secure-delete rewrites index leaves for every token of every erased person, which
// made a 10% sweep of 100k contacts take ~40 s. The bulk path instead turns the index's
// secure-delete off for the sweep (only delete markers are written), and afterwards merges the
// whole index into one segment (`finish_index_cleanup`), which drops the markers together with
// the tokens they cancel; the replaced segment rows are deleted under `PRAGMA secure_delete`, so
// their pages are zeroed. Until that merge has run, the meta flag `FTS_PENDING` stays set (it is
// set in the same transaction as the first bulk delete), so that an interrupted sweep is finished
// by the next sweep or the next open.

/// Meta key set while erased tokens may still sit in superseded index segments.
pub const FTS_PENDING: &str = "fts_optimize_pending";

/// The index's merge settings while a bulk erasure is pending, set in the transaction that sets
/// `FTS_PENDING`: no automatic merge after each write (FTS5's automerge, 4 by default, merges
/// inside the write whenever a level fills: one chunk's transaction in every few took
/// 0.1-0.7 s at 1M contacts with schema 5's index); the sweep merges in steps of a bounded
/// number of pages instead (`index_merge_step`), each its own transaction. A crisis merge, FTS5's guard against running out
/// of segments (at most 2,000), still happens at 64 segments on one level instead of 16.
const BULK_FTS_SETTINGS: &str =
    "INSERT INTO contact_fts (contact_fts, rank) VALUES ('automerge', 0);
     INSERT INTO contact_fts (contact_fts, rank) VALUES ('crisismerge', 64);";

/// FTS5's own defaults, restored in the clean-up step that clears `FTS_PENDING`.
const USUAL_FTS_SETTINGS: &str =
    "INSERT INTO contact_fts (contact_fts, rank) VALUES ('automerge', 4);
     INSERT INTO contact_fts (contact_fts, rank) VALUES ('crisismerge', 16);";

/// Leaf pages merged per index clean-up transaction (keeps each write transaction short: 64
/// pages took up to 66 ms at 1M contacts on a slow day, so 32).
pub const CLEANUP_PAGES: u32 = 32;

/// One contact to erase in bulk: who, and the tombstone's reason code and requester role.
#[derive(Clone, Debug)]
pub struct BulkErasure {
    pub id: ContactId,
    pub reason: String,
    pub requested_by: String,
}

/// Fills the connection's temporary table `rapport_sweep` with the row numbers of those `ids`
/// that still exist (the table lives in memory: `temp_store = MEMORY`).
pub(super) fn stage(tx: &Tx, ids: &[ContactId]) -> Result<(), StoreError> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS rapport_sweep (seq INTEGER PRIMARY KEY, id BLOB NOT NULL);
         DELETE FROM temp.rapport_sweep;",
    )?;
    let mut st = tx.prepare_cached(
        "INSERT OR IGNORE INTO temp.rapport_sweep (seq, id) SELECT seq, id FROM contact WHERE id = ?1",
    )?;
    for id in ids {
        st.execute([id.as_uuid().as_bytes()])?;
    }
    Ok(())
}

fn unstage(tx: &Tx) -> Result<(), StoreError> {
    tx.execute("DELETE FROM temp.rapport_sweep", [])?;
    Ok(())
}

/// Whether a bulk erasure left index clean-up to do.
pub fn index_cleanup_pending(tx: &Tx) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM meta WHERE key = ?1)")?
        .query_row([FTS_PENDING], |r| r.get(0))?)
}

/// The index's merge settings, (automerge, crisismerge): FTS5's defaults (4, 16), or (0, 64)
/// while a bulk erasure's clean-up is pending.
pub fn index_merge_settings(tx: &Tx) -> Result<(i64, i64), StoreError> {
    let mut st = tx.prepare_cached("SELECT v FROM contact_fts_config WHERE k = ?1")?;
    let mut get = |k: &str, default: i64| -> Result<i64, StoreError> {
        Ok(st
            .query_row([k], |r| r.get(0))
            .optional()?
            .unwrap_or(default))
    };
    Ok((get("automerge", 4)?, get("crisismerge", 16)?))
}

/// Holdings of every staged contact, by row number.
fn staged_holdings(tx: &Tx) -> Result<HashMap<i64, Holdings>, StoreError> {
    let mut out: HashMap<i64, Holdings> = HashMap::new();
    let mut st = tx.prepare_cached(
        "SELECT s.seq,
                (SELECT count(*) FROM consent WHERE contact_seq = s.seq),
                (SELECT count(*) FROM objection WHERE contact_seq = s.seq),
                (SELECT interests_yes | interests_no FROM contact WHERE seq = s.seq),
                (SELECT count(*) FROM activity WHERE contact_seq = s.seq),
                (SELECT count(*) FROM follow_up WHERE contact_seq = s.seq)
         FROM temp.rapport_sweep s",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let at = |i| r.get::<_, i64>(i).map(|n| n as usize);
        out.insert(
            r.get(0)?,
            Holdings {
                consents: at(1)?,
                objections: at(2)?,
                interests: answered(r.get(3)?),
                activities: at(4)?,
                follow_ups: at(5)?,
                ..Holdings::default()
            },
        );
    }
    let mut st = tx.prepare_cached(
        "SELECT contact_seq, kind, count(*) FROM contact_point
         WHERE contact_seq IN (SELECT seq FROM temp.rapport_sweep) GROUP BY contact_seq, kind",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let n = r.get::<_, i64>(2)? as usize;
        out.entry(r.get(0)?)
            .or_default()
            .set_points(&r.get::<_, String>(1)?, n);
    }
    Ok(out)
}

/// Erases `items` in the open transaction with set-based SQL: suppression hashes, index delete
/// markers (secure-delete off, clean-up flagged), the rows (cascading to points, consents,
/// objections, interests; pages zeroed by `secure_delete`) and tombstones. Contacts that no
/// longer exist are skipped. Returns what each erased contact held, in the order of `items`;
/// the caller appends the audit events in the same transaction.
pub fn erase_many(
    tx: &Tx,
    items: &[BulkErasure],
    now: Instant,
) -> Result<Vec<(ContactId, Holdings)>, StoreError> {
    let ids: Vec<ContactId> = items.iter().map(|i| i.id).collect();
    stage(tx, &ids)?;
    let mut seqs: HashMap<ContactId, i64> = HashMap::new();
    {
        let mut st = tx.prepare_cached("SELECT seq, id FROM temp.rapport_sweep")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            seqs.insert(super::contacts::id_from_sql(r.get(1)?)?, r.get(0)?);
        }
    }
    if seqs.is_empty() {
        return Ok(Vec::new());
    }
    let mut held = staged_holdings(tx)?;
    {
        let mut st = tx.prepare_cached(
            "SELECT kind, normalized FROM contact_point WHERE contact_seq IN (SELECT seq FROM temp.rapport_sweep)
             AND kind IN ('email', 'phone') AND normalized <> ''",
        )?;
        let points: Vec<(String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut insert =
            tx.prepare_cached("INSERT OR IGNORE INTO suppression (hash) VALUES (?1)")?;
        for (kind, normalised) in points {
            insert.execute([tx.suppression_hash(&kind, &normalised)])?;
        }
    }
    if !index_cleanup_pending(tx)? {
        tx.prepare_cached("INSERT INTO meta (key, value) VALUES (?1, '1')")?
            .execute([FTS_PENDING])?;
        tx.execute(
            "INSERT INTO contact_fts (contact_fts, rank) VALUES ('secure-delete', 0)",
            [],
        )?;
        tx.execute_batch(BULK_FTS_SETTINGS)?;
    }
    // The same text as `contacts::fts_text`: the index row is removed with what it was built from.
    tx.prepare_cached(
        "INSERT INTO contact_fts (contact_fts, rowid, name, organisation, email)
         SELECT 'delete', c.seq, c.display_name || ' ' || c.given_name || ' ' || c.family_name,
                c.organisation,
                coalesce((SELECT group_concat(rapport_email_terms(p.value), ' ' ORDER BY p.id) FROM contact_point p
                          WHERE p.contact_seq = c.seq AND p.kind = 'email'), '')
         FROM contact c WHERE c.seq IN (SELECT seq FROM temp.rapport_sweep)",
    )?
    .execute([])?;
    // The people's rows of activities lie together by organisation and person (schema 15), so
    // they go in the chunk, with the activities left with nobody.
    super::activities::forget_people(tx, "(SELECT seq FROM temp.rapport_sweep)", &[])?;
    let orgs = super::organisations::of_people(tx, "(SELECT seq FROM temp.rapport_sweep)")?;
    tx.prepare_cached("DELETE FROM contact WHERE seq IN (SELECT seq FROM temp.rapport_sweep)")?
        .execute([])?;
    for org in orgs {
        super::organisations::prune(tx, Some(org))?;
    }
    unstage(tx)?;
    let mut out = Vec::with_capacity(seqs.len());
    for item in items {
        let Some(seq) = seqs.remove(&item.id) else {
            continue; // erased meanwhile, or listed twice
        };
        add_tombstone(
            tx,
            &Tombstone {
                subject: item.id.to_string(),
                erased_at: now,
                reason: item.reason.clone(),
                requested_by: item.requested_by.clone(),
            },
        )?;
        out.push((item.id, held.remove(&seq).unwrap_or_default()));
    }
    Ok(out)
}

/// One step of the index clean-up after bulk erasure, in its own short transaction: an
/// incremental FTS5 merge of about `pages` leaf pages towards a single segment (the 'merge'
/// command with a negative argument is an incremental 'optimize'). Returns `false` when there
/// was nothing left to merge, after turning secure-delete back on and clearing the flag in the
/// same transaction. Does nothing (and returns `false`) when no clean-up is pending.
pub fn index_cleanup_step(store: &mut super::Store, pages: u32) -> Result<bool, StoreError> {
    store.write(|tx| {
        if !index_cleanup_pending(tx)? {
            return Ok(false);
        }
        if fts_merge(tx, -i64::from(pages.max(16)))? {
            return Ok(true);
        }
        tx.execute(
            "INSERT INTO contact_fts (contact_fts, rank) VALUES ('secure-delete', 1)",
            [],
        )?;
        tx.execute_batch(USUAL_FTS_SETTINGS)?;
        tx.prepare_cached("DELETE FROM meta WHERE key = ?1")?
            .execute([FTS_PENDING])?;
        Ok(false)
    })
}

/// While a bulk erasure is pending, merges about `pages` leaf pages of the index's segments in
/// its own short transaction, the way FTS5's automerge would have after the last writes (the
/// 'merge' command with a positive argument: only levels holding at least 4 segments). Keeps the
/// number of segments the sweep's chunks create low without a long merge in any one
/// transaction. Returns whether it merged anything.
pub fn index_merge_step(store: &mut super::Store, pages: u32) -> Result<bool, StoreError> {
    store.write(|tx| {
        if !index_cleanup_pending(tx)? {
            return Ok(false);
        }
        fts_merge(tx, i64::from(pages.max(1)))
    })
}

/// FTS5's 'merge' command with `arg` (positive: merge levels that hold enough segments;
/// negative: an incremental 'optimize'); whether it merged anything.
fn fts_merge(tx: &Tx, arg: i64) -> Result<bool, StoreError> {
    let before = tx.total_changes();
    tx.execute(
        "INSERT INTO contact_fts (contact_fts, rank) VALUES ('merge', ?1)",
        [arg],
    )?;
    // As FTS5 documents: the statement itself counts one change; two or more mean that the
    // merge did work.
    Ok(tx.total_changes() - before >= 2)
}

/// Runs `index_cleanup_step` until nothing is left, calling `step` after each productive one.
/// Returns the number of productive steps.
pub fn finish_index_cleanup(
    store: &mut super::Store,
    pages: u32,
    mut step: impl FnMut(),
) -> Result<usize, StoreError> {
    // A read first: opening a store must not wait for the write lock when nothing is pending.
    if !store.read(index_cleanup_pending)? {
        return Ok(0);
    }
    let mut n = 0;
    while index_cleanup_step(store, pages)? {
        n += 1;
        step();
    }
    Ok(n)
}
