//! The outcome vocabulary as Settings edits it (issue 15): every outcome with how many logged
//! activities use it and whether it is retired, renaming a label, and taking one out — deleted
//! when nothing uses it, retired (`retired_at`, migrations/0014) when activities do, so their
//! label stays what they and their exports show.

use super::time::to_db;
use super::{StoreError, Tx};
use crate::domain::Instant;
use crate::domain::activity::Outcome;
use rusqlite::{OptionalExtension, params};

/// An outcome of the vocabulary with its use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub outcome: Outcome,
    /// Logged activities with this outcome.
    pub uses: i64,
    pub retired: bool,
}

/// What taking an outcome out did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    /// Nothing used it: it is gone.
    Deleted,
    /// Activities use it: it stays for them, no longer offered.
    Retired,
}

/// Every outcome, the ones in use first, each in the order it was made.
pub fn vocabulary(tx: &Tx) -> Result<Vec<Entry>, StoreError> {
    let uses = uses(tx)?;
    let mut st = tx.prepare_cached(
        "SELECT x.id, x.code, x.label, x.retired_at IS NOT NULL FROM outcome x
         ORDER BY x.retired_at IS NOT NULL, x.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Entry {
            uses: uses.get(&r.get::<_, i64>(0)?).copied().unwrap_or(0),
            outcome: Outcome {
                code: r.get(1)?,
                label: r.get(2)?,
            },
            retired: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Activities per outcome: one read along the activity key (schema 15: one row per person,
/// an activity's rows one after the other), counting each activity once. There is no index
/// by outcome: it would be rewritten all over by every chunk of a retention sweep.
fn uses(tx: &Tx) -> Result<std::collections::HashMap<i64, i64>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT id, outcome_id FROM activity ORDER BY organisation_id, happened_at, id",
    )?;
    let mut rows = st.query([])?;
    let mut out = std::collections::HashMap::new();
    let mut last = None;
    while let Some(r) = rows.next()? {
        let (id, outcome): (i64, i64) = (r.get(0)?, r.get(1)?);
        if last != Some(id) {
            *out.entry(outcome).or_insert(0) += 1;
            last = Some(id);
        }
    }
    Ok(out)
}

fn id_of(tx: &Tx, code: &str) -> Result<i64, StoreError> {
    tx.prepare_cached("SELECT id FROM outcome WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            StoreError::Invalid(
                "that outcome is not in the vocabulary: see `rapport outcomes`".into(),
            )
        })
}

/// Gives outcome `code` a new label (the code, which activities refer to, stays).
pub fn rename(tx: &Tx, code: &str, label: &str) -> Result<(), StoreError> {
    let id = id_of(tx, code)?;
    let taken: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM outcome WHERE label = ?1 COLLATE NOCASE AND id <> ?2)",
        )?
        .query_row(params![label, id], |r| r.get(0))?;
    if taken {
        return Err(StoreError::Invalid(
            "another outcome has that label: pick another one".into(),
        ));
    }
    tx.prepare_cached("UPDATE outcome SET label = ?2 WHERE id = ?1")?
        .execute(params![id, label])?;
    super::team_everyday::outcome_written(tx, code)
}

/// Takes outcome `code` out of the vocabulary: deleted if unused, else retired.
pub fn take_out(tx: &Tx, code: &str, now: Instant) -> Result<Taken, StoreError> {
    let id = id_of(tx, code)?;
    let used: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM activity WHERE outcome_id = ?1)")?
        .query_row([id], |r| r.get(0))?;
    if used {
        tx.prepare_cached(
            "UPDATE outcome SET retired_at = coalesce(retired_at, ?2) WHERE id = ?1",
        )?
        .execute(params![id, to_db(now)])?;
        super::team_everyday::outcome_written(tx, code)?;
        return Ok(Taken::Retired);
    }
    tx.prepare_cached("DELETE FROM outcome WHERE id = ?1")?
        .execute([id])?;
    super::team_everyday::outcome_written(tx, code)?;
    Ok(Taken::Deleted)
}

/// Offers a retired outcome again.
pub fn restore(tx: &Tx, code: &str) -> Result<(), StoreError> {
    let id = id_of(tx, code)?;
    tx.prepare_cached("UPDATE outcome SET retired_at = NULL WHERE id = ?1")?
        .execute([id])?;
    super::team_everyday::outcome_written(tx, code)
}
