//! Firm settings as key/value pairs (exports folder, retention grace period, photos…).

use super::{StoreError, Tx};
use rusqlite::{OptionalExtension, params};

pub fn get(tx: &Tx, key: &str) -> Result<Option<String>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub fn set(tx: &Tx, key: &str, value: &str) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)")?
        .execute(params![key, value])?;
    Ok(())
}
