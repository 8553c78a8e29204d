//! Changing the database's SQLCipher key in place (`PRAGMA rekey`: one transaction that
//! rewrites every page; a crash rolls back to the old key, because journal pages stay under the
//! old key). The store is held in exclusive locking mode from before the caller records the
//! new key until the connection closes, so no other process can open it, or settle the
//! vault's pending key, half-way. Afterwards the caller verifies with fresh connections.

use super::StoreError;
use crate::vault::DataKey;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use zeroize::Zeroizing;

fn keyed(path: &Path, key: &DataKey) -> Result<Connection, StoreError> {
    match std::fs::metadata(path) {
        Err(_) => return Err(StoreError::Missing(path.to_path_buf())),
        Ok(m) if m.len() == 0 => return Err(StoreError::Empty(path.to_path_buf())),
        Ok(_) => {}
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
    super::fts::register(&conn)?;
    let pragma = Zeroizing::new(format!(
        "PRAGMA key = {};",
        key.sqlcipher_literal().as_str()
    ));
    conn.execute_batch(&pragma)?;
    Ok(conn)
}

/// Whether `key` opens the database at `path` (a read of the schema; nothing is written).
/// `Ok(false)` for a wrong key; other failures (busy, missing file) are errors.
pub fn key_opens(path: &Path, key: &DataKey) -> Result<bool, StoreError> {
    let conn = keyed(path, key)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(true),
        Err(e) => match StoreError::from(e) {
            StoreError::WrongKey => Ok(false),
            other => Err(other),
        },
    }
}

/// Rekeys the database at `path` from `old` to `new`. `before` runs once the exclusive lock
/// is held and before any page changes (the caller records `new` there); if it fails, nothing
/// changes. Refused with `Busy` while another connection has the store open.
pub fn rekey<E: From<StoreError>>(
    path: &Path,
    old: &DataKey,
    new: &DataKey,
    before: impl FnOnce() -> Result<(), E>,
) -> Result<(), E> {
    let conn = keyed(path, old)?;
    let run = || -> Result<(), StoreError> {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        conn.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |r| {
            r.get::<_, String>(0)
        })?;
        // Takes the exclusive lock now (and keeps it: exclusive locking mode), and empties
        // the WAL so the rekey rewrites every page of the main file.
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")?;
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(StoreError::Busy);
        }
        Ok(())
    };
    run()?;
    before()?;
    let pragma = Zeroizing::new(format!(
        "PRAGMA rekey = {};",
        new.sqlcipher_literal().as_str()
    ));
    conn.execute_batch(&pragma).map_err(StoreError::from)?;
    let busy: i64 = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .map_err(StoreError::from)?;
    if busy != 0 {
        return Err(StoreError::Busy.into());
    }
    conn.close().map_err(|(_, e)| StoreError::from(e))?;
    Ok(())
}
