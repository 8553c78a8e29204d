//! Opening through an unfinished rekey, and `rapport rekey` itself. The invariant: at every
//! moment the vault holds the key the database opens with — before the database changes key,
//! the new key is written into the vault as `pending`; once one of the two is proven to open
//! the database, the vault settles on it. On open, the pending key is tried first, then the
//! current one. The rekey is verified with fresh connections: the new key must open the
//! store and the old one must not (SQLCipher can report success without changing the key).

use super::PrivacyError;
use crate::domain::audit::NewEvent;
use crate::domain::{Action, Instant};
use crate::store::{DB_FILE, Store, StoreError};
use crate::vault::{self, DataKey, Secret, Unlocked};
use std::path::Path;

/// Opens the store with whichever of the unlocked keys works, settling an unfinished rekey.
/// Returns the store and the key that opened it.
pub fn open_settled(dir: &Path, unlocked: &Unlocked) -> Result<(Store, DataKey), PrivacyError> {
    let db = dir.join(DB_FILE);
    if let Some(new) = &unlocked.pending {
        match Store::open(&db, new) {
            Ok(store) => {
                vault::settle(dir, true)?;
                return Ok((store, new.clone()));
            }
            Err(StoreError::WrongKey) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let store = Store::open(&db, &unlocked.key)?;
    if unlocked.pending.is_some() {
        vault::settle(dir, false)?;
    }
    Ok((store, unlocked.key.clone()))
}

/// Gives the store a new random data key. Returns it (it is also the new recovery key).
/// Refused while another window or command has the store open.
pub fn rekey(dir: &Path, secret: Secret, now: Instant) -> Result<DataKey, PrivacyError> {
    let unlocked = vault::unlock_all(dir, secret)?;
    let (store, old) = open_settled(dir, &unlocked)?;
    drop(store);
    // The vault is settled now: forget any pending key it had.
    let unlocked = unlocked.without_pending();
    let new = DataKey::generate()?;
    let db = dir.join(DB_FILE);
    crate::store::rekey::rekey(&db, &old, &new, || -> Result<(), PrivacyError> {
        Ok(vault::write_pending(dir, &unlocked, &new)?)
    })?;
    // Verify with fresh connections before the vault forgets the old key.
    if !crate::store::rekey::key_opens(&db, &new)? || crate::store::rekey::key_opens(&db, &old)? {
        return Err(PrivacyError::RekeyUnverified);
    }
    let mut store = Store::open(&db, &new)?;
    store.write(|tx| {
        crate::store::audit::append(tx, &NewEvent::new(now, Action::Rekey, None)).map(|_| ())
    })?;
    let problems = store.integrity_problems()?;
    if !problems.is_empty() {
        return Err(PrivacyError::RekeyUnverified);
    }
    drop(store);
    vault::settle(dir, true)?;
    Ok(new)
}
