//! The audit log: append-only rows, each chained to the previous one by SHA-256, with the head
//! (last seq and hash) kept in `meta` in the same transaction so that removing events from the
//! end is detected too.

use super::time::{from_db, to_db};
use super::{StoreError, Tx};
use crate::domain::ContactId;
use crate::domain::audit::{AuditEvent, GENESIS, NewEvent, chain_hash};
use rusqlite::{OptionalExtension, params};

/// The recorded head of the chain: (seq, hash) of the last event.
pub fn head(tx: &Tx) -> Result<Option<(i64, String)>, StoreError> {
    let seq: Option<String> = tx
        .prepare_cached("SELECT value FROM meta WHERE key = 'audit_head_seq'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let hash: Option<String> = tx
        .prepare_cached("SELECT value FROM meta WHERE key = 'audit_head_hash'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(match (seq.and_then(|s| s.parse().ok()), hash) {
        (Some(seq), Some(hash)) => Some((seq, hash)),
        _ => None,
    })
}

/// Appends an event, chaining it to the last one.
pub fn append(tx: &Tx, e: &NewEvent) -> Result<AuditEvent, StoreError> {
    // If the head record was lost, continue from the last stored event (verify reports it).
    let last = || -> Result<Option<(i64, String)>, StoreError> {
        Ok(tx
            .prepare_cached("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    };
    let (prev_seq, prev_hash) = match head(tx)? {
        Some(h) => h,
        None => last()?.unwrap_or((0, GENESIS.to_string())),
    };
    let seq = prev_seq + 1;
    let at = crate::store::from_db(to_db(e.at));
    let subject = e.subject.map(|s| s.to_string());
    let hash = chain_hash(
        &prev_hash,
        seq,
        to_db(at),
        e.actor,
        e.action.as_str(),
        subject.as_deref(),
        &e.detail,
    );
    tx.prepare_cached(
        "INSERT INTO audit_event (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![seq, to_db(at), e.actor, e.action.as_str(), subject, e.detail, prev_hash, hash])?;
    let mut meta = tx.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?;
    meta.execute(params!["audit_head_seq", seq.to_string()])?;
    meta.execute(params!["audit_head_hash", hash])?;
    Ok(AuditEvent {
        seq,
        at,
        actor: e.actor.to_string(),
        action: e.action.as_str().to_string(),
        subject: e.subject,
        detail: e.detail.clone(),
        prev_hash,
        hash,
        subject_text: subject,
    })
}

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<AuditEvent> {
    let subject: Option<String> = r.get(4)?;
    Ok(AuditEvent {
        seq: r.get(0)?,
        at: from_db(r.get(1)?),
        actor: r.get(2)?,
        action: r.get(3)?,
        subject: subject.as_deref().and_then(|s| ContactId::parse(s).ok()),
        detail: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
        subject_text: subject,
    })
}

const COLUMNS: &str = "seq, at, actor, action, subject, detail, prev_hash, hash";

/// Every event, in chain order.
pub fn list(tx: &Tx) -> Result<Vec<AuditEvent>, StoreError> {
    let mut st = tx.prepare_cached(&format!("SELECT {COLUMNS} FROM audit_event ORDER BY seq"))?;
    let rows = st.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The events about one subject, in chain order.
pub fn for_subject(tx: &Tx, subject: ContactId) -> Result<Vec<AuditEvent>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM audit_event WHERE subject = ?1 ORDER BY seq"
    ))?;
    let rows = st.query_map([subject.to_string()], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The most recent `limit` events, newest first.
pub fn recent(tx: &Tx, limit: usize) -> Result<Vec<AuditEvent>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM audit_event ORDER BY seq DESC LIMIT ?1"
    ))?;
    let rows = st.query_map([limit as i64], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
