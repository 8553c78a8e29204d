//! The controller (one row), recipients with the purposes they serve, and the notes the record
//! of processing keeps per purpose (balancing note, source).

use super::{StoreError, Tx};
use crate::domain::controller::{Controller, Recipient, Role, Safeguard};
use rusqlite::{OptionalExtension, params};

pub fn get(tx: &Tx) -> Result<Controller, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT name, org_number, address, email, dpo_name, dpo_email, representative FROM controller WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok(Controller {
                name: r.get(0)?,
                org_number: r.get(1)?,
                address: r.get(2)?,
                email: r.get(3)?,
                dpo_name: r.get(4)?,
                dpo_email: r.get(5)?,
                representative: r.get(6)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

pub fn set(tx: &Tx, c: &Controller) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO controller (id, name, org_number, address, email, dpo_name, dpo_email, representative)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        c.name,
        c.org_number,
        c.address,
        c.email,
        c.dpo_name,
        c.dpo_email,
        c.representative
    ])?;
    Ok(())
}

/// Adds a recipient linked to the purposes with these ids; returns its id.
pub fn add_recipient(tx: &Tx, r: &Recipient, purpose_ids: &[i64]) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO recipient (name, role, country, safeguard) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        r.name,
        r.role.as_str(),
        r.country,
        r.safeguard.map(|s| s.as_str())
    ])
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => {
            StoreError::Invalid("a recipient with that name exists already".into())
        }
        _ => e.into(),
    })?;
    let id = tx.last_insert_rowid();
    for p in purpose_ids {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO recipient_purpose (recipient_id, purpose_id) VALUES (?1, ?2)",
        )?
        .execute(params![id, p])?;
    }
    Ok(id)
}

/// Removes a recipient by name; false when there is none.
pub fn remove_recipient(tx: &Tx, name: &str) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached("DELETE FROM recipient WHERE name = ?1 COLLATE NOCASE")?
        .execute([name.trim()])?
        > 0)
}

/// Every recipient with its purposes' names, by name.
pub fn recipients(tx: &Tx) -> Result<Vec<Recipient>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT r.id, r.name, r.role, r.country, r.safeguard,
                coalesce((SELECT group_concat(p.name, char(31)) FROM recipient_purpose rp
                          JOIN purpose p ON p.id = rp.purpose_id WHERE rp.recipient_id = r.id), '')
         FROM recipient r ORDER BY r.name COLLATE NOCASE",
    )?;
    let rows = st.query_map([], |r| {
        let role: String = r.get(2)?;
        let safeguard: Option<String> = r.get(4)?;
        let purposes: String = r.get(5)?;
        Ok(Recipient {
            id: r.get(0)?,
            name: r.get(1)?,
            role: Role::parse(&role).unwrap_or(Role::Processor),
            country: r.get(3)?,
            safeguard: safeguard.as_deref().and_then(Safeguard::parse),
            purposes: purposes
                .split('\u{1f}')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The record's notes on a purpose: (balancing note, source); empty when none.
pub fn purpose_note(tx: &Tx, purpose_id: i64) -> Result<(String, String), StoreError> {
    Ok(tx
        .prepare_cached("SELECT balancing_note, source FROM purpose_note WHERE purpose_id = ?1")?
        .query_row([purpose_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or_default())
}

pub fn set_purpose_note(
    tx: &Tx,
    purpose_id: i64,
    balancing_note: &str,
    source: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO purpose_note (purpose_id, balancing_note, source) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![purpose_id, balancing_note, source])?;
    Ok(())
}

/// A purpose's retention as stored: (kind, months). The record reads it raw so that a
/// period-based rule without its period shows as missing instead of being read as another rule.
pub fn raw_retention(tx: &Tx, purpose_id: i64) -> Result<(String, Option<u32>), StoreError> {
    Ok(tx
        .prepare_cached("SELECT retention_kind, retention_months FROM purpose WHERE id = ?1")?
        .query_row([purpose_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Keeps one generated record: when, its version (1, 2, …), and the files' SHA-256.
pub fn add_record_issue(
    tx: &Tx,
    version: i64,
    at: crate::domain::Instant,
    html_sha256: &str,
    pdf_sha256: Option<&str>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO record_issue (generated_at, version, html_sha256, pdf_sha256) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![super::to_db(at), version, html_sha256, pdf_sha256])?;
    Ok(())
}

/// The next version number a record would get.
pub fn next_record_version(tx: &Tx) -> Result<i64, StoreError> {
    Ok(tx
        .prepare_cached("SELECT coalesce(max(version), 0) + 1 FROM record_issue")?
        .query_row([], |r| r.get(0))?)
}

/// A kept record: (version, generated at, HTML SHA-256, PDF SHA-256).
pub type RecordIssue = (i64, crate::domain::Instant, String, Option<String>);

/// Every kept record, by version.
pub fn record_issues(tx: &Tx) -> Result<Vec<RecordIssue>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT version, generated_at, html_sha256, pdf_sha256 FROM record_issue ORDER BY version",
    )?;
    let rows = st.query_map([], |r| {
        Ok((r.get(0)?, super::from_db(r.get(1)?), r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
