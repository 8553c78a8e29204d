//! The usual remote edit (a title, a stage, the times) written straight into the contact's
//! row from the changes themselves: no read of the contact's other fields, no rebuild of the
//! contact, no index rewrite. Only columns that nothing else derives from qualify (the same
//! columns as `plain_update`); anything else, and any value that does not read, goes the full
//! way (`materialize_contact`), so this is a shortcut and never a second meaning.

use crate::domain::{ContactId, Instant, Stage};
use crate::store::{StoreError, Tx, contacts, to_db};
use crate::team::change::Change;
use rusqlite::params;

/// The new values of the plain columns a batch sets (`None`: not in the batch).
#[derive(Default)]
struct Plain {
    title: Option<String>,
    stage: Option<Stage>,
    updated_at: Option<Instant>,
    last_contacted_at: Option<Option<Instant>>,
}

fn read(changes: &[&Change]) -> Option<Plain> {
    let mut p = Plain::default();
    for c in changes {
        let v = c.value.as_str();
        match c.field.as_str() {
            "title" => p.title = Some(serde_json::from_str(v).ok()?),
            "stage" => p.stage = Some(serde_json::from_str(v).ok()?),
            "updated_at" => p.updated_at = Some(serde_json::from_str(v).ok()?),
            "last_contacted_at" => p.last_contacted_at = Some(serde_json::from_str(v).ok()?),
            _ => return None,
        }
    }
    Some(p)
}

/// Writes the changes of contact `id` when they are all of plain columns and the contact is
/// here; false when the caller must rebuild the contact from its fields.
pub(super) fn update(tx: &Tx, id: &str, changes: &[&Change]) -> Result<bool, StoreError> {
    let Some(p) = read(changes) else {
        return Ok(false);
    };
    let Ok(cid) = ContactId::parse(id) else {
        return Ok(false);
    };
    let seq = match contacts::seq(tx, cid) {
        Ok(s) => s,
        Err(StoreError::NotFound) => return Ok(false),
        Err(e) => return Err(e),
    };
    tx.prepare_cached(
        "UPDATE contact SET title = coalesce(?2, title), stage = coalesce(?3, stage),
            updated_at = coalesce(?4, updated_at),
            last_contacted_at = CASE WHEN ?5 THEN ?6 ELSE last_contacted_at END
         WHERE seq = ?1",
    )?
    .execute(params![
        seq,
        p.title,
        p.stage.map(|s| s.as_str()),
        p.updated_at.map(to_db),
        p.last_contacted_at.is_some(),
        p.last_contacted_at.flatten().map(to_db),
    ])?;
    Ok(true)
}
