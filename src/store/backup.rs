//! Backups of the encrypted store: a page-by-page copy (SQLite's online backup API) into a new
//! SQLCipher file keyed with the same raw data key, so that the recovery key opens it with any
//! SQLCipher 4 tool. Also the tombstones an erasure ledger is made of.

use super::time::{from_db, to_db};
use super::{Store, StoreError, Tx};
use crate::domain::Instant;
use rusqlite::Connection;
use std::path::Path;
use zeroize::Zeroizing;

/// Copies the whole store into `tmp` (a new file), keyed with the store's own key, and checks
/// that the copy reads back.
pub fn copy_to(store: &Store, tmp: &Path) -> Result<(), StoreError> {
    let key = store.data_key();
    if tmp.exists() {
        return Err(StoreError::Exists(tmp.to_path_buf()));
    }
    let mut dst = Connection::open(tmp)?;
    let _ = dst.pragma_update(None, "cipher_log_level", "NONE");
    let pragma = Zeroizing::new(format!(
        "PRAGMA key = {};",
        key.sqlcipher_literal().as_str()
    ));
    dst.execute_batch(&pragma)?;
    {
        let b = rusqlite::backup::Backup::new(store.raw_connection(), &mut dst)?;
        b.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
    }
    // The copy is in WAL mode like its source: fold it into the one file before it is moved.
    dst.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        r.get::<_, i64>(0)
    })?;
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    let ok: String = dst.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(StoreError::Database("the copy did not check out".into()));
    }
    Ok(())
}

/// Tombstones: (subject id, erased at, reason code), oldest first.
pub fn tombstones(tx: &Tx) -> Result<Vec<(String, Instant, String)>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT subject, erased_at, reason FROM tombstone ORDER BY erased_at, subject",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, from_db(r.get(1)?), r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The last backup's time, kept in `meta` (not personal, not a setting a user changes).
pub fn last_backup(tx: &Tx) -> Result<Option<Instant>, StoreError> {
    use rusqlite::OptionalExtension;
    let v: Option<String> = tx
        .prepare_cached("SELECT value FROM meta WHERE key = 'backup.last_at'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(v.and_then(|t| t.parse::<i64>().ok()).map(from_db))
}

pub fn set_last_backup(tx: &Tx, at: Instant) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES ('backup.last_at', ?1)")?
        .execute([to_db(at).to_string()])?;
    Ok(())
}
