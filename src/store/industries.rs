//! The industry vocabulary as Settings and `rapport org industries` edit it (issue 15), the
//! way `outcomes` edits the outcomes: every industry with how many organisations use it and
//! whether it is retired, adding, renaming a label, and taking one out — deleted when no
//! organisation uses it, retired (`retired_at`, migrations/0018) when some do, so they keep it
//! and show its label while the pickers stop offering it.

use super::time::to_db;
use super::{StoreError, Tx};
use crate::domain::Instant;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// An industry of the vocabulary with its use.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub code: String,
    pub label: String,
    /// Organisations with this industry.
    pub uses: i64,
    pub retired: bool,
}

pub use super::outcomes::Taken;

/// Every industry by label, retired ones in their place (so that retiring one in Settings does
/// not move the rows under the pointer).
pub fn vocabulary(tx: &Tx) -> Result<Vec<Entry>, StoreError> {
    // One grouped scan of the organisations, not a count per industry.
    let mut counts: HashMap<i64, i64> = HashMap::new();
    let mut st = tx.prepare_cached(
        "SELECT industry_id, count(*) FROM organisation
         WHERE industry_id IS NOT NULL GROUP BY industry_id",
    )?;
    for r in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (id, n) = r?;
        counts.insert(id, n);
    }
    let mut st = tx.prepare_cached(
        "SELECT id, code, label, retired_at IS NOT NULL FROM industry
         ORDER BY label COLLATE NOCASE",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Entry {
            uses: counts.get(&r.get::<_, i64>(0)?).copied().unwrap_or(0),
            code: r.get(1)?,
            label: r.get(2)?,
            retired: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The label of industry `code`, retired or not (an organisation shows the one it has).
pub fn label_of(tx: &Tx, code: &str) -> Result<Option<String>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT label FROM industry WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?)
}

fn id_of(tx: &Tx, code: &str) -> Result<i64, StoreError> {
    tx.prepare_cached("SELECT id FROM industry WHERE code = ?1")?
        .query_row([code.trim()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            StoreError::Invalid(
                "that industry is not in the firm's vocabulary: see `rapport org industries`"
                    .into(),
            )
        })
}

fn label_taken(tx: &Tx, label: &str, except: i64) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM industry WHERE label = ?1 COLLATE NOCASE AND id <> ?2)",
        )?
        .query_row(params![label, except], |r| r.get(0))?)
}

/// Adds an industry (code and label already checked by the domain rule).
pub fn add(tx: &Tx, code: &str, label: &str) -> Result<(), StoreError> {
    let exists: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM industry WHERE code = ?1)")?
        .query_row([code], |r| r.get(0))?;
    if exists {
        return Err(StoreError::Invalid(
            "that industry is in the vocabulary already: rename it or pick another code".into(),
        ));
    }
    if label_taken(tx, label, 0)? {
        return Err(StoreError::Invalid(
            "another industry has that label: pick another one".into(),
        ));
    }
    tx.prepare_cached("INSERT INTO industry (code, label) VALUES (?1, ?2)")?
        .execute(params![code, label])?;
    super::team_everyday::industry_written(tx, code)
}

/// Gives industry `code` a new label (the code, which organisations refer to, stays).
pub fn rename(tx: &Tx, code: &str, label: &str) -> Result<(), StoreError> {
    let id = id_of(tx, code)?;
    if label_taken(tx, label, id)? {
        return Err(StoreError::Invalid(
            "another industry has that label: pick another one".into(),
        ));
    }
    tx.prepare_cached("UPDATE industry SET label = ?2 WHERE id = ?1")?
        .execute(params![id, label])?;
    super::team_everyday::industry_written(tx, code)
}

/// Takes industry `code` out of the vocabulary: deleted if no organisation uses it, else
/// retired.
pub fn take_out(tx: &Tx, code: &str, now: Instant) -> Result<Taken, StoreError> {
    let id = id_of(tx, code)?;
    let used: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM organisation WHERE industry_id = ?1)")?
        .query_row([id], |r| r.get(0))?;
    if used {
        tx.prepare_cached(
            "UPDATE industry SET retired_at = coalesce(retired_at, ?2) WHERE id = ?1",
        )?
        .execute(params![id, to_db(now)])?;
        super::team_everyday::industry_written(tx, code)?;
        return Ok(Taken::Retired);
    }
    tx.prepare_cached("DELETE FROM industry WHERE id = ?1")?
        .execute([id])?;
    super::team_everyday::industry_written(tx, code)?;
    Ok(Taken::Deleted)
}

/// Offers a retired industry again.
pub fn restore(tx: &Tx, code: &str) -> Result<(), StoreError> {
    let id = id_of(tx, code)?;
    tx.prepare_cached("UPDATE industry SET retired_at = NULL WHERE id = ?1")?
        .execute([id])?;
    super::team_everyday::industry_written(tx, code)
}
