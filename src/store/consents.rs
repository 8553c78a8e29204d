//! Consent records and objections to direct marketing.

use super::contacts::seq;
use super::time::{from_db, opt_from_db, opt_to_db, to_db};
use super::{StoreError, Tx};
use crate::domain::{
    Consent, ConsentSource, ContactId, Instant, ObjectionScope, ProofKind, PurposeId,
};
use rusqlite::params;

/// Records a consent (a renewal is a new record); returns its id.
pub fn insert(tx: &Tx, contact: ContactId, c: &Consent) -> Result<i64, StoreError> {
    let seq = seq(tx, contact)?;
    tx.prepare_cached(
        "INSERT INTO consent (contact_seq, purpose_id, given_at, expires_at, source_kind, source_ref, wording_version, withdrawn_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        seq,
        c.purpose.0,
        to_db(c.given_at),
        opt_to_db(c.expires_at),
        c.source.kind.as_str(),
        c.source.reference,
        c.wording_version,
        opt_to_db(c.withdrawn_at),
    ])?;
    let id = tx.last_insert_rowid();
    super::changes::consents_written(tx, contact)?;
    Ok(id)
}

pub(super) fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Consent> {
    Ok(Consent {
        id: r.get(0)?,
        purpose: PurposeId(r.get(1)?),
        given_at: from_db(r.get(2)?),
        expires_at: opt_from_db(r.get(3)?),
        source: ConsentSource {
            kind: ProofKind::parse(&r.get::<_, String>(4)?).unwrap_or(ProofKind::Other),
            reference: r.get(5)?,
        },
        wording_version: r.get(6)?,
        withdrawn_at: opt_from_db(r.get(7)?),
    })
}

/// Every consent record of a contact, oldest first.
pub fn list_for(tx: &Tx, contact: ContactId) -> Result<Vec<Consent>, StoreError> {
    let seq = seq(tx, contact)?;
    list_for_seq(tx, seq)
}

pub(crate) fn list_for_seq(tx: &Tx, seq: i64) -> Result<Vec<Consent>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT id, purpose_id, given_at, expires_at, source_kind, source_ref, wording_version, withdrawn_at
         FROM consent WHERE contact_seq = ?1 ORDER BY given_at, id",
    )?;
    let rows = st.query_map([seq], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Marks every not-yet-withdrawn consent of the contact for the purpose as withdrawn at `at`.
/// Returns how many records changed (0 when there was nothing to withdraw).
pub fn withdraw(
    tx: &Tx,
    contact: ContactId,
    purpose: PurposeId,
    at: Instant,
) -> Result<usize, StoreError> {
    let seq = seq(tx, contact)?;
    let n = tx
        .prepare_cached("UPDATE consent SET withdrawn_at = ?3 WHERE contact_seq = ?1 AND purpose_id = ?2 AND withdrawn_at IS NULL")?
        .execute(params![seq, purpose.0, to_db(at)])?;
    if n > 0 {
        super::changes::consents_written(tx, contact)?;
    }
    Ok(n)
}

/// Records an objection; returns false if the same objection was already recorded.
pub fn object(
    tx: &Tx,
    contact: ContactId,
    scope: ObjectionScope,
    at: Instant,
) -> Result<bool, StoreError> {
    let seq = seq(tx, contact)?;
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO objection (contact_seq, scope, objected_at) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![seq, scope.as_str(), to_db(at)])?;
    if n == 1 {
        super::changes::contact_written(tx, contact)?;
    }
    Ok(n == 1)
}

/// A contact's objections with their dates.
pub fn objections(
    tx: &Tx,
    contact: ContactId,
) -> Result<Vec<(ObjectionScope, Instant)>, StoreError> {
    let seq = seq(tx, contact)?;
    let mut st = tx.prepare_cached(
        "SELECT scope, objected_at FROM objection WHERE contact_seq = ?1 ORDER BY objected_at",
    )?;
    let rows = st.query_map([seq], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (scope, at) = row?;
        if let Ok(scope) = ObjectionScope::parse(&scope) {
            out.push((scope, from_db(at)));
        }
    }
    Ok(out)
}
