//! Creating and opening a store: the vault and the database as one unit, for both faces. A failed
//! creation leaves no files behind; every unlock is recorded in the audit log.

use super::PrivacyError;
use crate::domain::Instant;
use crate::store::{DB_FILE, Store};
use crate::vault::{self, DataKey, Protect, Secret};
use std::path::Path;

/// Whether `dir` already holds a store (either file).
pub fn exists(dir: &Path) -> bool {
    vault::exists(dir) || dir.join(DB_FILE).exists()
}

/// Creates the vault and the encrypted database in `dir`. Returns the open store and its key
/// (so the face can show the recovery key once).
pub fn create(
    dir: &Path,
    protect: Protect,
    now: Instant,
) -> Result<(Store, DataKey), PrivacyError> {
    if exists(dir) {
        return Err(vault::VaultError::AlreadyExists(dir.to_path_buf()).into());
    }
    std::fs::create_dir_all(dir).map_err(|e| PrivacyError::Io(dir.to_path_buf(), e.kind()))?;
    let (key, _) = vault::create(dir, protect)?;
    let created = Store::create(&dir.join(DB_FILE), &key, now);
    match created {
        Ok(s) => Ok((s, key)),
        Err(e) => {
            // Without the database the vault is useless, and the reverse: remove both.
            if let Ok(v) = vault::read(dir)
                && let vault::Protection::Keyring { .. } = v.protection
            {
                let _ = vault::keyring::delete(&v.store_id);
            }
            let _ = std::fs::remove_file(vault::vault_path(dir));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(dir.join(format!("{DB_FILE}{suffix}")));
            }
            Err(e.into())
        }
    }
}

/// Unlocks the key, opens the store (settling an unfinished rekey) and records the unlock.
pub fn open(dir: &Path, secret: Secret, now: Instant) -> Result<Store, PrivacyError> {
    open_keyed(dir, secret, now).map(|(store, _)| store)
}

/// `open`, also returning the key that opened the store (for the recovery key and for
/// re-protecting the key under a new passphrase or factor).
pub fn open_keyed(
    dir: &Path,
    secret: Secret,
    now: Instant,
) -> Result<(Store, DataKey), PrivacyError> {
    let unlocked = vault::unlock_all(dir, secret)?;
    let (mut store, key) = super::rekey::open_settled(dir, &unlocked)?;
    super::contacts::unlocked(&mut store, now)?;
    // Issue 14: expired exports (and any holding someone erased) are deleted at start; a file
    // that cannot be deleted stays listed in the register, so this never blocks opening.
    let _ = super::exports_register::sweep(&mut store, now);
    Ok((store, key))
}
