//! Passphrase protection: Argon2id (at least 64 MiB, iterations tuned to about half a second on
//! the machine that creates the store) derives a key-encryption key that wraps the data key with
//! XChaCha20-Poly1305. The store id is bound as associated data, so a wrapped key cannot be
//! swapped between stores. With a key file enrolled, the Argon2id output and the file's secret
//! are combined by HKDF (`second_factor`) into the key-encryption key.

use super::VaultError;
use super::file::{PendingKey, Protection, SecondFactor, VaultFile};
use super::key::DataKey;
use super::second_factor::KeyFile;
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

/// The key-encryption key of a passphrase vault, kept by an unlock so that a rekey can wrap
/// its new key without running Argon2id again. Zeroed on drop.
pub struct Kek(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for Kek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kek(<redacted>)")
    }
}

fn kek(
    params: &KdfParams,
    passphrase: &str,
    salt: &[u8],
    factor: Option<&KeyFile>,
    store_id: &str,
) -> Result<Kek, VaultError> {
    let argon = derive(params, passphrase.as_bytes(), salt)?;
    Ok(Kek(match factor {
        None => argon,
        Some(f) => f.combine(&argon, store_id),
    }))
}

/// Seals `key` under `kek`: (nonce, ciphertext), both hex.
pub fn seal(kek: &Kek, key: &DataKey, store_id: &str) -> Result<(String, String), VaultError> {
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|_| VaultError::Random)?;
    let cipher =
        XChaCha20Poly1305::new_from_slice(kek.0.as_ref()).map_err(|_| VaultError::Random)?;
    let wrapped = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: key.as_bytes(),
                aad: &aad(store_id),
            },
        )
        .map_err(|_| VaultError::Random)?;
    Ok((hex::encode(nonce), hex::encode(wrapped)))
}

/// Opens what `seal` sealed; a wrong key-encryption key fails authentication.
fn open_sealed(
    kek: &Kek,
    nonce: &str,
    wrapped: &str,
    store_id: &str,
    path: &Path,
) -> Result<DataKey, VaultError> {
    let corrupt = |what| VaultError::Corrupt(path.to_path_buf(), what);
    let nonce: [u8; 24] = hex::decode(nonce)
        .ok()
        .and_then(|n| n.try_into().ok())
        .ok_or(corrupt("bad nonce"))?;
    let wrapped = hex::decode(wrapped).map_err(|_| corrupt("bad wrapped key"))?;
    let cipher =
        XChaCha20Poly1305::new_from_slice(kek.0.as_ref()).map_err(|_| VaultError::Random)?;
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &wrapped,
                    aad: &aad(store_id),
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

/// Wraps the data key under a passphrase.
pub fn wrap(
    key: &DataKey,
    passphrase: &str,
    params: KdfParams,
    store_id: &str,
) -> Result<Protection, VaultError> {
    wrap_with(key, passphrase, None, params, store_id)
}

/// Wraps the data key under a passphrase and, if given, a key file (both enter the KEK).
pub fn wrap_with(
    key: &DataKey,
    passphrase: &str,
    factor: Option<&KeyFile>,
    params: KdfParams,
    store_id: &str,
) -> Result<Protection, VaultError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| VaultError::Random)?;
    let kek = kek(&params, passphrase, &salt, factor, store_id)?;
    let (nonce, wrapped_key) = seal(&kek, key, store_id)?;
    Ok(Protection::Passphrase {
        kdf: params,
        salt: hex::encode(salt),
        nonce,
        wrapped_key,
        second_factor: factor.map(|f| SecondFactor::KeyFile { id: f.id() }),
    })
}

/// Unwraps the data key of a vault without a second factor.
pub fn unwrap(vault: &VaultFile, passphrase: &str, path: &Path) -> Result<DataKey, VaultError> {
    unwrap_with(vault, passphrase, None, path).map(|u| u.0)
}

/// Unwraps the current key and any pending one; returns the KEK as well. A missing, needless
/// or wrong key file is refused before the KDF runs; a wrong passphrase fails authentication.
/// Nothing is written.
pub fn unwrap_with(
    vault: &VaultFile,
    passphrase: &str,
    factor: Option<&KeyFile>,
    path: &Path,
) -> Result<(DataKey, Option<DataKey>, Kek), VaultError> {
    let Protection::Passphrase {
        kdf,
        salt,
        nonce,
        wrapped_key,
        second_factor,
    } = &vault.protection
    else {
        return Err(VaultError::UsesKeyring);
    };
    match (second_factor, factor) {
        (None, None) => {}
        (None, Some(_)) => return Err(VaultError::NoFactorEnrolled),
        (Some(SecondFactor::KeyFile { .. }), None) => return Err(VaultError::FactorNeeded),
        (Some(SecondFactor::KeyFile { id }), Some(f)) => {
            if f.id() != *id {
                return Err(VaultError::WrongKeyFile);
            }
        }
    }
    let corrupt = |what| VaultError::Corrupt(path.to_path_buf(), what);
    let salt = hex::decode(salt).map_err(|_| corrupt("bad salt"))?;
    if kdf.memory_kib < MIN_MEMORY_KIB
        || kdf.iterations == 0
        || kdf.iterations > 64
        || kdf.memory_kib > 4 * 1024 * 1024
    {
        return Err(corrupt("implausible key derivation parameters"));
    }
    let kek = kek(kdf, passphrase, &salt, factor, &vault.store_id)?;
    let key = open_sealed(&kek, nonce, wrapped_key, &vault.store_id, path)?;
    let pending = match &vault.pending {
        Some(PendingKey::Wrapped { nonce, wrapped_key }) => Some(
            open_sealed(&kek, nonce, wrapped_key, &vault.store_id, path)
                .map_err(|_| corrupt("the pending key does not unwrap"))?,
        ),
        _ => None,
    };
    Ok((key, pending, kek))
}
