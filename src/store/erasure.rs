//! What erasure needs from the database: counting what a contact holds, tombstones, suppression
//! entries (keyed hashes of erased emails/phones) and the clean-up that leaves no trace.

use super::contacts::seq;
use super::time::{from_db, to_db};
use super::{StoreError, Tx};
use crate::domain::{ContactId, Instant, PointKind};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

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
        interests: count("SELECT count(*) FROM contact_interest WHERE contact_seq = ?1")?,
        ..Holdings::default()
    };
    let mut st = tx.prepare_cached(
        "SELECT kind, count(*) FROM contact_point WHERE contact_seq = ?1 GROUP BY kind",
    )?;
    for row in st.query_map([seq], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
    })? {
        let (kind, n) = row?;
        match PointKind::parse(&kind) {
            Some(PointKind::Email) => h.emails = n,
            Some(PointKind::Phone) => h.phones = n,
            Some(PointKind::Address) => h.addresses = n,
            Some(PointKind::Web) => h.web = n,
            None => {}
        }
    }
    Ok(h)
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
    Ok(())
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
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM suppression WHERE hash = ?1)")?
        .query_row([hash], |r| r.get(0))?)
}
