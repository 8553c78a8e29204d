//! `vault.json`: how the data key is protected. Holds a random store id, KDF parameters, a salt,
//! a nonce and the wrapped key — no personal data. Written atomically.

use super::VaultError;
use super::passphrase::KdfParams;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FORMAT: u32 = 1;

/// The contents of `vault.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VaultFile {
    pub format: u32,
    /// Random id of this store (names the keyring entry, binds the wrapped key).
    pub store_id: String,
    pub protection: Protection,
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
    },
}

impl VaultFile {
    pub fn read(path: &Path) -> Result<Self, VaultError> {
        let bytes = std::fs::read(path)
            .map_err(|e| VaultError::Io("read", path.to_path_buf(), e.kind()))?;
        let vault: VaultFile = serde_json::from_slice(&bytes)
            .map_err(|_| VaultError::Corrupt(path.to_path_buf(), "not a vault file"))?;
        if vault.format != FORMAT {
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
