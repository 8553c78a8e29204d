//! `vault.json`: how the data key is protected. Holds a random store id, KDF parameters, a salt,
//! a nonce and the wrapped key — no personal data. Written atomically.
//! Format 2 (this version) adds an optional second factor (the id of a key file whose secret
//! enters the key derivation) and an optional `pending` key written before a rekey; format 1
//! files still open, and are written back as format 2 when they next change.

use super::VaultError;
use super::passphrase::KdfParams;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FORMAT: u32 = 2;
/// The oldest format this version reads.
pub const OLDEST_FORMAT: u32 = 1;

/// The contents of `vault.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VaultFile {
    pub format: u32,
    /// Random id of this store (names the keyring entry, binds the wrapped key).
    pub store_id: String,
    pub protection: Protection,
    /// A new data key written before `rapport rekey` changes the database's key; cleared once
    /// the store is known to open with one of the two (see `privacy::rekey`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<PendingKey>,
}

/// The second secret a passphrase vault needs, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecondFactor {
    /// A key file; `id` names its secret (see `second_factor::KeyFile::id`).
    KeyFile { id: String },
}

/// The key a rekey is moving to, kept the same way as the current one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PendingKey {
    /// Wrapped under the same key-encryption key as the current key, with its own nonce.
    Wrapped { nonce: String, wrapped_key: String },
    /// In the OS keyring under `<store_id>.pending`.
    Keyring,
}

/// Where the data key is kept.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Protection {
    Keyring {
        service: String,
    },
    Passphrase {
        kdf: KdfParams,
        salt: String,
        nonce: String,
        wrapped_key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        second_factor: Option<SecondFactor>,
    },
}

impl VaultFile {
    pub fn read(path: &Path) -> Result<Self, VaultError> {
        let bytes = std::fs::read(path)
            .map_err(|e| VaultError::Io("read", path.to_path_buf(), e.kind()))?;
        let vault: VaultFile = serde_json::from_slice(&bytes)
            .map_err(|_| VaultError::Corrupt(path.to_path_buf(), "not a vault file"))?;
        if !(OLDEST_FORMAT..=FORMAT).contains(&vault.format) {
            return Err(VaultError::Corrupt(
                path.to_path_buf(),
                "written by another version of Rapport",
            ));
        }
        Ok(vault)
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    pub fn write_new(&self, path: &Path) -> Result<(), VaultError> {
        crate::atomic::write_new(path, &self.to_bytes())
            .map_err(|e| VaultError::Io("write", path.to_path_buf(), e.kind()))
    }

    pub fn replace(&self, path: &Path) -> Result<(), VaultError> {
        crate::atomic::write(path, &self.to_bytes())
            .map_err(|e| VaultError::Io("write", path.to_path_buf(), e.kind()))
    }
}
