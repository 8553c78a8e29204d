//! OS keyring protection (macOS Keychain, Windows Credential Manager, Linux Secret Service) via
//! keyring-core. The platform store is installed once by the face (`use_platform_store`); tests
//! install keyring-core's mock store instead. With no keyring (a headless Linux box has no
//! Secret Service) every call fails fast with `KeyringUnavailable`, never hangs.

use super::VaultError;
use super::key::DataKey;
use keyring_core::{Entry, Error};

/// The service name of Rapport's keyring entries; the user name is the store id.
pub const SERVICE: &str = "rapport";

/// Installs the platform's credential store as the default. Returns whether one is available.
/// Call once at start-up in the app and the command line, never in tests that use the mock.
pub fn use_platform_store() -> bool {
    keyring::Entry::store_status().is_ok()
}

/// Whether a keyring can be used now (a default store is installed).
pub fn available() -> bool {
    keyring_core::get_default_store().is_some()
}

fn entry(store_id: &str) -> Result<Entry, VaultError> {
    Entry::new(SERVICE, store_id).map_err(map_err)
}

fn map_err(e: Error) -> VaultError {
    match e {
        Error::NoEntry => VaultError::KeyringEntryMissing,
        Error::NoDefaultStore => VaultError::KeyringUnavailable(
            "no Secret Service, Keychain or Credential Manager answered",
        ),
        Error::NoStorageAccess(_) => {
            VaultError::KeyringUnavailable("the keyring is locked or access was refused")
        }
        Error::PlatformFailure(_) => VaultError::KeyringUnavailable("the keyring service failed"),
        _ => VaultError::KeyringUnavailable("the keyring refused the request"),
    }
}

/// Saves the data key (and reads it back, so a keyring that silently drops secrets is caught
/// before the user relies on it).
pub fn save(store_id: &str, key: &DataKey) -> Result<(), VaultError> {
    let e = entry(store_id)?;
    e.set_secret(key.as_bytes()).map_err(map_err)?;
    match load(store_id) {
        Ok(k) if &k == key => Ok(()),
        _ => Err(VaultError::KeyringUnavailable(
            "the keyring did not keep the key",
        )),
    }
}

/// Loads the data key.
pub fn load(store_id: &str) -> Result<DataKey, VaultError> {
    let secret = zeroize::Zeroizing::new(entry(store_id)?.get_secret().map_err(map_err)?);
    let bytes: [u8; 32] = secret
        .as_slice()
        .try_into()
        .map_err(|_| VaultError::KeyringEntryMissing)?;
    Ok(DataKey::from_bytes(bytes))
}

/// Removes the key from the keyring (after moving the store to a passphrase).
pub fn delete(store_id: &str) -> Result<(), VaultError> {
    match entry(store_id)?.delete_credential() {
        Ok(()) | Err(Error::NoEntry) => Ok(()),
        Err(e) => Err(map_err(e)),
    }
}
