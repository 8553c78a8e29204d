//! The register of exported files (tables `export_file`, `export_subject`): every file with
//! personal data that Rapport wrote, where, when, why, until when, and whose data it holds.

use super::time::{from_db, to_db};
use super::{StoreError, Tx};
use crate::domain::{ContactId, Instant};
use rusqlite::params;
use serde::Serialize;

/// A registered export.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct ExportFile {
    pub id: i64,
    pub path: String,
    /// access_package, audience_csv or export_all.
    pub kind: String,
    /// Why it was written (a code: access_request, mailing, portability).
    pub why: String,
    pub created_at: Instant,
    pub expires_at: Instant,
    pub deleted_at: Option<Instant>,
    /// How many people's data it holds.
    pub subjects: usize,
}

// A path can name the person (`astrid.zip`): Debug shows the shape only.
impl std::fmt::Debug for ExportFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ExportFile({}, {})", self.id, self.kind)
    }
}

/// Registers a file and the people whose data it holds; returns its id.
pub fn add(
    tx: &Tx,
    path: &str,
    kind: &str,
    why: &str,
    created_at: Instant,
    expires_at: Instant,
    subjects: &[ContactId],
) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO export_file (path, kind, why, created_at, expires_at, subjects) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        path,
        kind,
        why,
        to_db(created_at),
        to_db(expires_at),
        subjects.len() as i64
    ])?;
    let id = tx.last_insert_rowid();
    let mut st = tx.prepare_cached(
        "INSERT OR IGNORE INTO export_subject (export_id, subject) VALUES (?1, ?2)",
    )?;
    for s in subjects {
        st.execute(params![id, s.to_string()])?;
    }
    Ok(id)
}

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<ExportFile> {
    Ok(ExportFile {
        id: r.get(0)?,
        path: r.get(1)?,
        kind: r.get(2)?,
        why: r.get(3)?,
        created_at: from_db(r.get(4)?),
        expires_at: from_db(r.get(5)?),
        deleted_at: r.get::<_, Option<i64>>(6)?.map(from_db),
        subjects: r.get::<_, i64>(7)?.try_into().unwrap_or(0),
    })
}

const COLUMNS: &str = "id, path, kind, why, created_at, expires_at, deleted_at, subjects";

/// Every registered export, newest first.
pub fn list(tx: &Tx) -> Result<Vec<ExportFile>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM export_file ORDER BY created_at DESC, id DESC"
    ))?;
    let rows = st.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The exports not yet deleted whose expiry is at or before `now`.
pub fn expired(tx: &Tx, now: Instant) -> Result<Vec<ExportFile>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM export_file WHERE deleted_at IS NULL AND expires_at <= ?1 ORDER BY id"
    ))?;
    let rows = st.query_map([to_db(now)], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The exports not yet deleted that hold this person's data.
pub fn holding(tx: &Tx, subject: ContactId) -> Result<Vec<ExportFile>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM export_file WHERE deleted_at IS NULL
         AND id IN (SELECT export_id FROM export_subject WHERE subject = ?1) ORDER BY id"
    ))?;
    let rows = st.query_map([subject.to_string()], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Marks a file deleted and forgets whose data it held. An access package's path is cleared
/// too: its name was often the person's.
pub fn mark_deleted(tx: &Tx, id: i64, at: Instant) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE export_file SET deleted_at = ?2,
            path = CASE kind WHEN 'access_package' THEN '' ELSE path END WHERE id = ?1",
    )?
    .execute(params![id, to_db(at)])?;
    tx.prepare_cached("DELETE FROM export_subject WHERE export_id = ?1")?
        .execute([id])?;
    Ok(())
}

/// The exports not yet deleted that hold someone who has since been erased (a tombstone).
pub fn holding_erased(tx: &Tx) -> Result<Vec<ExportFile>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM export_file WHERE deleted_at IS NULL
         AND id IN (SELECT s.export_id FROM export_subject s JOIN tombstone t ON t.subject = s.subject)
         ORDER BY id"
    ))?;
    let rows = st.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
