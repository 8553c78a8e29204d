//! Passphrase protection: Argon2id (at least 64 MiB, iterations tuned to about half a second on
//! the machine that creates the store) derives a key-encryption key that wraps the data key with
//! XChaCha20-Poly1305. The store id is bound as associated data, so a wrapped key cannot be
//! swapped between stores.

use super::VaultError;
use super::file::{Protection, VaultFile};
use super::key::DataKey;
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// Argon2id memory floor: 64 MiB.
pub const MIN_MEMORY_KIB: u32 = 64 * 1024;

/// Argon2id parameters, stored in `vault.json` so unlocking uses what creating chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub algorithm: Kdf,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kdf {
    Argon2id,
}

impl KdfParams {
    /// Fixed parameters (at least 64 MiB, at least one pass).
    pub fn fixed(memory_kib: u32, iterations: u32) -> Self {
        Self {
            algorithm: Kdf::Argon2id,
            memory_kib: memory_kib.max(MIN_MEMORY_KIB),
            iterations: iterations.max(1),
            parallelism: 1,
        }
    }

    /// Measures one 64 MiB pass on this machine and picks the number of passes that takes
    /// about `target` (1 to 16 passes).
    pub fn tuned(target: Duration) -> Self {
        let probe = Self::fixed(MIN_MEMORY_KIB, 1);
        let started = Instant::now();
        let _ = derive(&probe, b"calibration", &[0u8; 16]);
        let one = started.elapsed().max(Duration::from_millis(1));
        let passes = (target.as_secs_f64() / one.as_secs_f64()).round() as u32;
        Self::fixed(MIN_MEMORY_KIB, passes.clamp(1, 16))
    }

    fn argon2(&self) -> Result<Argon2<'static>, VaultError> {
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|_| VaultError::Random)?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

fn derive(
    params: &KdfParams,
    passphrase: &[u8],
    salt: &[u8],
) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    let mut out = Zeroizing::new([0u8; 32]);
    params
        .argon2()?
        .hash_password_into(passphrase, salt, out.as_mut())
        .map_err(|_| VaultError::Random)?;
    Ok(out)
}

fn aad(store_id: &str) -> Vec<u8> {
    format!("rapport-vault-v1:{store_id}").into_bytes()
}

/// Wraps the data key under a passphrase.
pub fn wrap(
    key: &DataKey,
    passphrase: &str,
    params: KdfParams,
    store_id: &str,
) -> Result<Protection, VaultError> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut salt).map_err(|_| VaultError::Random)?;
    getrandom::fill(&mut nonce).map_err(|_| VaultError::Random)?;
    let kek = derive(&params, passphrase.as_bytes(), &salt)?;
    let cipher = XChaCha20Poly1305::new_from_slice(kek.as_ref()).map_err(|_| VaultError::Random)?;
    let wrapped = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: key.as_bytes(),
                aad: &aad(store_id),
            },
        )
        .map_err(|_| VaultError::Random)?;
    Ok(Protection::Passphrase {
        kdf: params,
        salt: hex::encode(salt),
        nonce: hex::encode(nonce),
        wrapped_key: hex::encode(wrapped),
    })
}

/// Unwraps the data key; a wrong passphrase fails authentication and nothing is written.
pub fn unwrap(vault: &VaultFile, passphrase: &str, path: &Path) -> Result<DataKey, VaultError> {
    let Protection::Passphrase {
        kdf,
        salt,
        nonce,
        wrapped_key,
    } = &vault.protection
    else {
        return Err(VaultError::UsesKeyring);
    };
    let corrupt = |what| VaultError::Corrupt(path.to_path_buf(), what);
    let salt = hex::decode(salt).map_err(|_| corrupt("bad salt"))?;
    let nonce: [u8; 24] = hex::decode(nonce)
        .ok()
        .and_then(|n| n.try_into().ok())
        .ok_or(corrupt("bad nonce"))?;
    let wrapped = hex::decode(wrapped_key).map_err(|_| corrupt("bad wrapped key"))?;
    if kdf.memory_kib < MIN_MEMORY_KIB
        || kdf.iterations == 0
        || kdf.iterations > 64
        || kdf.memory_kib > 4 * 1024 * 1024
    {
        return Err(corrupt("implausible key derivation parameters"));
    }
    let kek = derive(kdf, passphrase.as_bytes(), &salt)?;
    let cipher = XChaCha20Poly1305::new_from_slice(kek.as_ref()).map_err(|_| VaultError::Random)?;
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &wrapped,
                    aad: &aad(&vault.store_id),
                },
            )
            .map_err(|_| VaultError::WrongPassphrase)?,
    );
    let bytes: [u8; 32] = plain
        .as_slice()
        .try_into()
        .map_err(|_| corrupt("wrapped key has the wrong length"))?;
    Ok(DataKey::from_bytes(bytes))
}
