//! The key vault: creates the store's random 256-bit data key and keeps it either in the OS
//! keyring or wrapped by a passphrase (Argon2id + XChaCha20-Poly1305) in `vault.json` beside the
//! database. `vault.json` holds no personal data. Unlocking never writes a file, so a wrong
//! passphrase leaves every file byte-for-byte unchanged. A passphrase vault can require a key
//! file as a second factor (`second_factor`), and holds a rekey's new key as `pending` until
//! the database is known to open with one of the two.

mod file;
pub mod key;
pub mod keyring;
pub mod passphrase;
pub mod second_factor;

use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

pub use file::{PendingKey, Protection, SecondFactor, VaultFile};
pub use key::DataKey;
pub use passphrase::KdfParams;
pub use second_factor::KeyFile;

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
    /// A passphrase and the key file enrolled as the store's second factor.
    PassphraseAndKeyFile(Zeroizing<String>, KeyFile),
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
    #[error(
        "this store needs its key file as well as the passphrase: pass --key-file FILE or set RAPPORT_KEY_FILE. Nothing was changed"
    )]
    FactorNeeded,
    #[error(
        "that key file is not the one enrolled for this store: nothing was changed. Use the store's key file (or its emergency copy)"
    )]
    WrongKeyFile,
    #[error(
        "this store has no second factor enrolled: drop --key-file and RAPPORT_KEY_FILE. Nothing was changed"
    )]
    NoFactorEnrolled,
    #[error("could not use {0} as a key file ({1}): check the path")]
    KeyFileUnreadable(PathBuf, &'static str),
    #[error("{0} already exists: a key file is never written over another file. Choose a new path")]
    KeyFileExists(PathBuf),
    #[error(
        "a second factor needs a store protected by a passphrase, and this one's key is in the OS keyring: move it to a passphrase first with `rapport security passphrase`"
    )]
    FactorNeedsPassphrase,
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

/// Destroys the store's key for good (a laptop removed from its team, issue 13): deletes the
/// keyring entries (current and a rekey's pending one), overwrites `vault.json` with zeros on
/// disk, then removes it. Without it the database cannot be opened by anyone but a holder of
/// the recovery key. A missing vault is not an error (wiped already).
pub fn destroy(dir: &Path) -> Result<(), VaultError> {
    let path = vault_path(dir);
    let vault = match read(dir) {
        Ok(v) => Some(v),
        Err(VaultError::Io(_, _, std::io::ErrorKind::NotFound)) => return Ok(()),
        Err(_) => None, // damaged: still overwritten and removed below
    };
    if let Some(v) = &vault {
        if matches!(v.protection, Protection::Keyring { .. }) {
            keyring::delete(&v.store_id)?;
        }
        if matches!(v.pending, Some(PendingKey::Keyring)) {
            keyring::delete(&pending_entry(&v.store_id))?;
        }
    }
    let io = |what, e: std::io::Error| VaultError::Io(what, path.clone(), e.kind());
    let len = std::fs::metadata(&path).map_err(|e| io("read", e))?.len();
    {
        use std::io::Write as _;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|e| io("overwrite", e))?;
        f.write_all(&vec![0u8; len as usize])
            .and_then(|()| f.sync_all())
            .map_err(|e| io("overwrite", e))?;
    }
    std::fs::remove_file(&path).map_err(|e| io("remove", e))?;
    Ok(())
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
        pending: None,
    };
    if let Err(e) = vault.write_new(&path) {
        if let Protection::Keyring { .. } = vault.protection {
            let _ = keyring::delete(&vault.store_id);
        }
        return Err(e);
    }
    Ok((key, vault))
}

/// Recovers the data key. Reads only; never writes. During an unfinished rekey this is the
/// old key, which may no longer open the database: faces open through `privacy::session`.
pub fn unlock(dir: &Path, secret: Secret) -> Result<DataKey, VaultError> {
    unlock_all(dir, secret).map(|u| u.key)
}

/// What an unlock yields: the current key, the key of an unfinished rekey if there is one,
/// and (for a passphrase vault) the key-encryption key, so a rekey can wrap its new key.
#[derive(Debug)]
pub struct Unlocked {
    pub key: DataKey,
    pub pending: Option<DataKey>,
    kek: Option<passphrase::Kek>,
    store_id: String,
}

impl Unlocked {
    /// The same unlock once the vault has settled its pending key.
    pub fn without_pending(self) -> Self {
        Self {
            pending: None,
            ..self
        }
    }
}

/// The keyring entry of a rekey's new key.
fn pending_entry(store_id: &str) -> String {
    format!("{store_id}.pending")
}

/// Recovers the current key and any pending one. Reads only; never writes.
pub fn unlock_all(dir: &Path, secret: Secret) -> Result<Unlocked, VaultError> {
    let path = vault_path(dir);
    if !path.exists() {
        return Err(VaultError::NoVault(dir.to_path_buf()));
    }
    let vault = VaultFile::read(&path)?;
    let store_id = vault.store_id.clone();
    let (key, pending, kek) = match (&vault.protection, secret) {
        (Protection::Passphrase { .. }, Secret::Passphrase(p)) => {
            let (k, pending, kek) = passphrase::unwrap_with(&vault, &p, None, &path)?;
            (k, pending, Some(kek))
        }
        (Protection::Passphrase { .. }, Secret::PassphraseAndKeyFile(p, f)) => {
            let (k, pending, kek) = passphrase::unwrap_with(&vault, &p, Some(&f), &path)?;
            (k, pending, Some(kek))
        }
        (Protection::Passphrase { .. }, Secret::Keyring) => {
            return Err(VaultError::PassphraseNeeded);
        }
        (Protection::Keyring { .. }, Secret::Keyring) => {
            let key = keyring::load(&store_id)?;
            let pending = match vault.pending {
                Some(PendingKey::Keyring) => keyring::load(&pending_entry(&store_id)).ok(),
                _ => None,
            };
            (key, pending, None)
        }
        (Protection::Keyring { .. }, Secret::PassphraseAndKeyFile(..)) => {
            return Err(VaultError::FactorNeedsPassphrase);
        }
        (Protection::Keyring { .. }, Secret::Passphrase(_)) => return Err(VaultError::UsesKeyring),
    };
    Ok(Unlocked {
        key,
        pending,
        kek,
        store_id,
    })
}

/// Records `new` as the pending key of a rekey, atomically, before the database changes key.
/// Afterwards the vault knows both keys, so whichever one the database ends up with opens it.
pub fn write_pending(dir: &Path, unlocked: &Unlocked, new: &DataKey) -> Result<(), VaultError> {
    let path = vault_path(dir);
    let mut vault = VaultFile::read(&path)?;
    if vault.store_id != unlocked.store_id {
        return Err(VaultError::Corrupt(
            path,
            "the vault changed during the rekey",
        ));
    }
    vault.pending = Some(match (&vault.protection, &unlocked.kek) {
        (Protection::Passphrase { .. }, Some(kek)) => {
            let (nonce, wrapped_key) = passphrase::seal(kek, new, &vault.store_id)?;
            PendingKey::Wrapped { nonce, wrapped_key }
        }
        (Protection::Keyring { .. }, _) => {
            keyring::save(&pending_entry(&vault.store_id), new)?;
            PendingKey::Keyring
        }
        (Protection::Passphrase { .. }, None) => return Err(VaultError::PassphraseNeeded),
    });
    vault.format = file::FORMAT;
    vault.replace(&path)
}

/// Ends an unfinished rekey: with `new_won`, the pending key becomes the current one;
/// otherwise the pending key is dropped. Atomic; only called once the database has been
/// opened with the winning key.
pub fn settle(dir: &Path, new_won: bool) -> Result<(), VaultError> {
    let path = vault_path(dir);
    let mut vault = VaultFile::read(&path)?;
    let Some(pending) = vault.pending.take() else {
        return Ok(());
    };
    if new_won {
        match (&mut vault.protection, pending) {
            (
                Protection::Passphrase {
                    nonce: n,
                    wrapped_key: w,
                    ..
                },
                PendingKey::Wrapped { nonce, wrapped_key },
            ) => {
                *n = nonce;
                *w = wrapped_key;
            }
            (Protection::Keyring { .. }, PendingKey::Keyring) => {
                let new = keyring::load(&pending_entry(&vault.store_id))?;
                keyring::save(&vault.store_id, &new)?;
            }
            _ => return Err(VaultError::Corrupt(path, "the pending key does not match")),
        }
    }
    vault.format = file::FORMAT;
    vault.replace(&path)?;
    if matches!(vault.protection, Protection::Keyring { .. }) {
        let _ = keyring::delete(&pending_entry(&vault.store_id));
    }
    Ok(())
}

/// Protects `key` with a passphrase and, if given, a key file (enrol, re-enrol, remove the
/// factor, change the passphrase). Atomic; any pending key must have been settled first.
/// Returns whether a copy of the key in the OS keyring was removed.
pub fn rewrap(
    dir: &Path,
    key: &DataKey,
    passphrase: &str,
    factor: Option<&KeyFile>,
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
    let protection = passphrase::wrap_with(key, passphrase, factor, kdf, &store_id)?;
    VaultFile {
        format: file::FORMAT,
        store_id: store_id.clone(),
        protection,
        pending: None,
    }
    .replace(&path)?;
    let was_keyring = matches!(old.map(|v| v.protection), Some(Protection::Keyring { .. }));
    Ok(was_keyring && keyring::available() && keyring::delete(&store_id).is_ok())
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
    rewrap(dir, key, passphrase, None, kdf)
}
