//! The key vault: creates the store's random 256-bit data key and keeps it either in the OS
//! keyring or wrapped by a passphrase (Argon2id + XChaCha20-Poly1305) in `vault.json` beside the
//! database. `vault.json` holds no personal data. Unlocking never writes a file, so a wrong
//! passphrase leaves every file byte-for-byte unchanged.

mod file;
pub mod key;
pub mod keyring;
pub mod passphrase;

use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

pub use file::{Protection, VaultFile};
pub use key::DataKey;
pub use passphrase::KdfParams;

/// The vault file's name inside the data directory.
pub const VAULT_FILE: &str = "vault.json";

/// How a new store's key is to be protected.
pub enum Protect {
    Passphrase {
        passphrase: Zeroizing<String>,
        kdf: KdfParams,
    },
    Keyring,
}

/// The secret offered to unlock a store.
pub enum Secret {
    Passphrase(Zeroizing<String>),
    /// Use the OS keyring.
    Keyring,
}

/// What went wrong with the key. Messages say what to do; none carries a secret.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error(
        "there is no Rapport store in {0}: run `rapport init` to create one, or pass --data-dir"
    )]
    NoVault(PathBuf),
    #[error("a Rapport store already exists in {0}: nothing was changed")]
    AlreadyExists(PathBuf),
    #[error(
        "wrong passphrase: nothing was changed. Try again, or open the store with its recovery key"
    )]
    WrongPassphrase,
    #[error(
        "this store is protected by a passphrase: set RAPPORT_PASSPHRASE or pass --passphrase-file FILE"
    )]
    PassphraseNeeded,
    #[error(
        "this store's key is kept in the OS keyring, not behind a passphrase: unset RAPPORT_PASSPHRASE and --passphrase-file"
    )]
    UsesKeyring,
    #[error(
        "no OS keyring is available on this computer ({0}). Protect the store with a passphrase instead: set RAPPORT_PASSPHRASE (or pass --passphrase-file FILE) and run the command again"
    )]
    KeyringUnavailable(&'static str),
    #[error(
        "the OS keyring has no key for this store (it may have been removed): open the store with its recovery key (`rapport restore-key`)"
    )]
    KeyringEntryMissing,
    #[error("a passphrase must have at least {0} characters")]
    WeakPassphrase(usize),
    #[error(
        "{0} is damaged ({1}): restore it from a backup, or open the store with its recovery key"
    )]
    Corrupt(PathBuf, &'static str),
    #[error("could not {0} {1}: {2}")]
    Io(&'static str, PathBuf, std::io::ErrorKind),
    #[error("the system's random number generator failed: try again")]
    Random,
}

/// Minimum passphrase length accepted when a store is created.
pub const MIN_PASSPHRASE_LEN: usize = 8;

pub fn vault_path(dir: &Path) -> PathBuf {
    dir.join(VAULT_FILE)
}

/// Whether a vault exists in `dir`.
pub fn exists(dir: &Path) -> bool {
    vault_path(dir).exists()
}

/// Reads the vault file (to learn how the store is protected).
pub fn read(dir: &Path) -> Result<VaultFile, VaultError> {
    VaultFile::read(&vault_path(dir))
}

/// Creates a new data key and writes `vault.json`; refuses to overwrite an existing vault.
pub fn create(dir: &Path, protect: Protect) -> Result<(DataKey, VaultFile), VaultError> {
    let path = vault_path(dir);
    if path.exists() {
        return Err(VaultError::AlreadyExists(dir.to_path_buf()));
    }
    let key = DataKey::generate()?;
    let store_id = uuid::Uuid::new_v4().to_string();
    let protection = match protect {
        Protect::Passphrase { passphrase, kdf } => {
            if passphrase.chars().count() < MIN_PASSPHRASE_LEN {
                return Err(VaultError::WeakPassphrase(MIN_PASSPHRASE_LEN));
            }
            passphrase::wrap(&key, &passphrase, kdf, &store_id)?
        }
        Protect::Keyring => {
            keyring::save(&store_id, &key)?;
            Protection::Keyring {
                service: keyring::SERVICE.to_string(),
            }
        }
    };
    let vault = VaultFile {
        format: file::FORMAT,
        store_id,
        protection,
    };
    if let Err(e) = vault.write_new(&path) {
        if let Protection::Keyring { .. } = vault.protection {
            let _ = keyring::delete(&vault.store_id);
        }
        return Err(e);
    }
    Ok((key, vault))
}

/// Recovers the data key. Reads only; never writes.
pub fn unlock(dir: &Path, secret: Secret) -> Result<DataKey, VaultError> {
    let path = vault_path(dir);
    if !path.exists() {
        return Err(VaultError::NoVault(dir.to_path_buf()));
    }
    let vault = VaultFile::read(&path)?;
    match (&vault.protection, secret) {
        (Protection::Passphrase { .. }, Secret::Passphrase(p)) => {
            passphrase::unwrap(&vault, &p, &path)
        }
        (Protection::Passphrase { .. }, Secret::Keyring) => Err(VaultError::PassphraseNeeded),
        (Protection::Keyring { .. }, Secret::Keyring) => keyring::load(&vault.store_id),
        (Protection::Keyring { .. }, Secret::Passphrase(_)) => Err(VaultError::UsesKeyring),
    }
}

/// Replaces the vault's protection with a passphrase (e.g. after restoring from a recovery key
/// or to move a store off the keyring). Atomic: the old file stays until the new one is complete.
/// A key the old vault kept in the OS keyring is then removed from it (best effort: returns
/// whether it was); a copy of the key must not outlive the protection it belonged to.
pub fn rewrap_with_passphrase(
    dir: &Path,
    key: &DataKey,
    passphrase: &str,
    kdf: KdfParams,
) -> Result<bool, VaultError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_LEN {
        return Err(VaultError::WeakPassphrase(MIN_PASSPHRASE_LEN));
    }
    let path = vault_path(dir);
    let old = VaultFile::read(&path).ok();
    let store_id = match &old {
        Some(v) => v.store_id.clone(),
        None => uuid::Uuid::new_v4().to_string(),
    };
    let protection = passphrase::wrap(key, passphrase, kdf, &store_id)?;
    VaultFile {
        format: file::FORMAT,
        store_id: store_id.clone(),
        protection,
    }
    .replace(&path)?;
    let was_keyring = matches!(old.map(|v| v.protection), Some(Protection::Keyring { .. }));
    Ok(was_keyring && keyring::available() && keyring::delete(&store_id).is_ok())
}
