//! The team's audit log in the store (schema 10): which of this device's own events were
//! published already, and the chains of every other device as their segments brought them
//! (`team_audit`, append-only like the local log, with each device's recorded head in
//! `team_audit_head` so that events removed from the end are noticed). The chains are verified
//! link by link before they get here (`domain::audit::continue_chain`); this file only stores
//! and reads them.

use super::audit::{from_row, hash_from_sql, hash_to_sql, id_from_sql};
use super::time::{from_db, to_db};
use super::{StoreError, Tx};
use crate::domain::{AuditEvent, ContactId};
use rusqlite::{OptionalExtension, params};

/// A device id as the team tables keep it.
pub type Device = [u8; 16];

/// The end of a chain: its last (seq, hash).
pub type Head = (i64, String);

/// The last own event already in a segment (0: none).
pub fn published(tx: &Tx) -> Result<i64, StoreError> {
    Ok(tx
        .prepare_cached("SELECT audit_published FROM team_self")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Records that own events up to `seq` are in a segment (in the transaction that advances the
/// segment chain, so a crash leaves both or neither).
pub fn set_published(tx: &Tx, seq: i64) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE team_self SET audit_published = max(audit_published, ?1)")?
        .execute([seq])?;
    Ok(())
}

/// This device's own events after `seq`, in chain order (what the next segment carries).
pub fn own_after(tx: &Tx, seq: i64) -> Result<Vec<AuditEvent>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash, device, member FROM audit_event WHERE seq > ?1 ORDER BY seq",
    )?;
    let rows = st.query_map([seq], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The recorded end of a device's replicated chain.
pub fn head(tx: &Tx, device: &Device) -> Result<Option<Head>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT seq, hash FROM team_audit_head WHERE device = ?1")?
        .query_row([device], |r| Ok((r.get(0)?, hash_from_sql(r.get_ref(1)?))))
        .optional()?)
}

/// The hash of one held event of a device.
pub fn held_hash(tx: &Tx, device: &Device, seq: i64) -> Result<Option<String>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT hash FROM team_audit WHERE device = ?1 AND seq = ?2")?
        .query_row(params![device, seq], |r| Ok(hash_from_sql(r.get_ref(0)?)))
        .optional()?)
}

fn id_to_sql(hex_text: &Option<String>) -> Result<Option<Vec<u8>>, StoreError> {
    hex_text
        .as_deref()
        .map(|h| hex::decode(h).map_err(|_| StoreError::Database("malformed team id".into())))
        .transpose()
}

/// Appends verified events of `device` (in order, continuing its held chain) and moves its head.
pub fn add(tx: &Tx, device: &Device, events: &[&AuditEvent]) -> Result<(), StoreError> {
    let Some(last) = events.last() else {
        return Ok(());
    };
    let mut st = tx.prepare_cached(
        "INSERT INTO team_audit (device, seq, at, actor, action, subject, detail, ev_device, ev_member, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for e in events {
        let subject = e
            .subject_text
            .clone()
            .or_else(|| e.subject.map(|s| s.to_string()));
        st.execute(params![
            device,
            e.seq,
            to_db(e.at),
            e.actor,
            e.action,
            subject,
            e.detail,
            id_to_sql(&e.device)?,
            id_to_sql(&e.member)?,
            hash_to_sql(&e.prev_hash)?,
            hash_to_sql(&e.hash)?,
        ])?;
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO team_audit_head (device, seq, hash) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![device, last.seq, hash_to_sql(&last.hash)?])?;
    Ok(())
}

const COLUMNS: &str =
    "seq, at, actor, action, subject, detail, prev_hash, hash, ev_device, ev_member, device";

fn row(r: &rusqlite::Row) -> rusqlite::Result<(Device, AuditEvent)> {
    let subject: Option<String> = r.get(4)?;
    let device: Vec<u8> = r.get(10)?;
    let event = AuditEvent {
        seq: r.get(0)?,
        at: from_db(r.get(1)?),
        actor: r.get(2)?,
        action: r.get(3)?,
        subject: subject.as_deref().and_then(|s| ContactId::parse(s).ok()),
        detail: r.get(5)?,
        prev_hash: hash_from_sql(r.get_ref(6)?),
        hash: hash_from_sql(r.get_ref(7)?),
        device: id_from_sql(r.get_ref(8)?),
        member: id_from_sql(r.get_ref(9)?),
        subject_text: subject,
    };
    Ok((device.as_slice().try_into().unwrap_or([0; 16]), event))
}

/// Every replicated event, by device then seq.
pub fn all(tx: &Tx) -> Result<Vec<(Device, AuditEvent)>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM team_audit ORDER BY device, seq"
    ))?;
    let rows = st.query_map([], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The replicated events about one subject.
pub fn for_subject(tx: &Tx, subject: ContactId) -> Result<Vec<(Device, AuditEvent)>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM team_audit WHERE subject = ?1 ORDER BY device, seq"
    ))?;
    let rows = st.query_map([subject.to_string()], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every device whose chain is held (from the recorded heads and the rows, so that a head or
/// rows removed by hand still show up in verification).
pub fn devices(tx: &Tx) -> Result<Vec<(Device, Option<Head>)>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT device FROM team_audit_head UNION SELECT DISTINCT device FROM team_audit ORDER BY 1",
    )?;
    let ids: Vec<Vec<u8>> = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for id in ids {
        let d: Device = id.as_slice().try_into().unwrap_or([0; 16]);
        out.push((d, head(tx, &d)?));
    }
    Ok(out)
}
