//! The audit log: append-only rows, each chained to the previous one by SHA-256, with the head
//! (last seq and hash) kept in `meta` in the same transaction so that removing events from the
//! end is detected too. Hashes are stored as 32-byte BLOBs (schema 2) and handed out as the
//! 64-character hex text they are computed over; a `Chain` appends many events in one
//! transaction reading and writing the head once. In a team every event also names this device
//! and its member (random ids, schema 10), covered by its hash.

use super::time::{from_db, to_db};
use super::{StoreError, Tx};
use crate::domain::ContactId;
use crate::domain::audit::{AuditEvent, GENESIS, NewEvent, chain_hash_in_team};
use rusqlite::types::ValueRef;
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
    let mut chain = Chain::start(tx)?;
    let event = chain.push(e)?;
    chain.finish()?;
    Ok(event)
}

/// Appends a run of events in one transaction: the head is read once at `start` and written
/// once at `finish` (an import of 100k contacts appends 100k events). Dropping a `Chain`
/// without `finish` inside a transaction that then commits would leave the recorded head
/// behind the log, which `verify` reports; callers finish before committing.
pub struct Chain<'t, 'c> {
    tx: &'t Tx<'c>,
    seq: i64,
    hash: String,
    /// This device and its member (bytes, hex) when the store is an active team member.
    team: Option<TeamIds>,
}

struct TeamIds {
    device: Vec<u8>,
    member: Vec<u8>,
    device_hex: String,
    member_hex: String,
}

/// This device's and its member's ids when the store is an active member of a team (a device
/// still waiting for its welcome has no member id yet).
fn team_ids(tx: &Tx) -> Result<Option<TeamIds>, StoreError> {
    let ids: Option<(Vec<u8>, Vec<u8>)> = tx
        .prepare_cached("SELECT device_id, member_id FROM team_self WHERE state = 'active'")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(ids.map(|(device, member)| TeamIds {
        device_hex: hex::encode(&device),
        member_hex: hex::encode(&member),
        device,
        member,
    }))
}

impl<'t, 'c> Chain<'t, 'c> {
    /// Reads the head (or, if the head record was lost, the last stored event; verify reports
    /// that).
    pub fn start(tx: &'t Tx<'c>) -> Result<Self, StoreError> {
        let (seq, hash) = match head(tx)? {
            Some(h) => h,
            None => tx
                .prepare_cached("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")?
                .query_row([], |r| Ok((r.get(0)?, hash_from_sql(r.get_ref(1)?))))
                .optional()?
                .unwrap_or((0, GENESIS.to_string())),
        };
        let team = team_ids(tx)?;
        Ok(Chain {
            tx,
            seq,
            hash,
            team,
        })
    }

    /// Appends one event after the previous one.
    pub fn push(&mut self, e: &NewEvent) -> Result<AuditEvent, StoreError> {
        let seq = self.seq + 1;
        let at = crate::store::from_db(to_db(e.at));
        let subject = e.subject.map(|s| s.to_string());
        let team = self
            .team
            .as_ref()
            .map(|t| (t.device_hex.as_str(), t.member_hex.as_str()));
        let hash = chain_hash_in_team(
            &self.hash,
            seq,
            to_db(at),
            e.actor,
            e.action.as_str(),
            subject.as_deref(),
            &e.detail,
            team,
        );
        self.tx
            .prepare_cached(
                "INSERT INTO audit_event (seq, at, actor, action, subject, detail, prev_hash, hash, device, member) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                seq,
                to_db(at),
                e.actor,
                e.action.as_str(),
                subject,
                e.detail,
                hash_to_sql(&self.hash)?,
                hash_to_sql(&hash)?,
                self.team.as_ref().map(|t| &t.device),
                self.team.as_ref().map(|t| &t.member),
            ])?;
        let prev_hash = std::mem::replace(&mut self.hash, hash.clone());
        self.seq = seq;
        Ok(AuditEvent {
            seq,
            at,
            actor: e.actor.to_string(),
            action: e.action.as_str().to_string(),
            subject: e.subject,
            detail: e.detail.clone(),
            prev_hash,
            hash,
            device: self.team.as_ref().map(|t| t.device_hex.clone()),
            member: self.team.as_ref().map(|t| t.member_hex.clone()),
            subject_text: subject,
        })
    }

    /// Records the new head.
    pub fn finish(self) -> Result<(), StoreError> {
        let mut meta = self
            .tx
            .prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?;
        meta.execute(params!["audit_head_seq", self.seq.to_string()])?;
        meta.execute(params!["audit_head_hash", self.hash])?;
        Ok(())
    }
}

/// A chain hash (64 hex digits) as the 32 bytes stored.
pub(super) fn hash_to_sql(hex_text: &str) -> Result<Vec<u8>, StoreError> {
    hex::decode(hex_text).map_err(|_| StoreError::Database("malformed audit hash".into()))
}

/// A stored hash as hex. A value that is not a 32-byte BLOB (written by hand into the file) is
/// handed on as its text, so that `verify` names the event instead of the read failing.
pub(super) fn hash_from_sql(v: ValueRef) -> String {
    match v {
        ValueRef::Blob(b) => hex::encode(b),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Null => String::new(),
    }
}

pub(super) fn from_row(r: &rusqlite::Row) -> rusqlite::Result<AuditEvent> {
    let subject: Option<String> = r.get(4)?;
    Ok(AuditEvent {
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
    })
}

/// A stored device or member id as hex (a value written by hand as text stays text, so that
/// verify names the event).
pub(super) fn id_from_sql(v: ValueRef) -> Option<String> {
    match v {
        ValueRef::Null => None,
        other => Some(hash_from_sql(other)),
    }
}

const COLUMNS: &str = "seq, at, actor, action, subject, detail, prev_hash, hash, device, member";

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
