//! The second factor: a key file of 32 random bytes that enters the key derivation beside the
//! passphrase (HKDF-SHA256 over the Argon2id output and the file's secret), so neither secret
//! alone unwraps the data key. The file is text, so the same form can be printed as an
//! emergency kit. The vault keeps only a short id of the secret, to tell a wrong file from a
//! wrong passphrase; with 256 random bits behind it the id helps no guessing.

use super::VaultError;
use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The first line of every key file.
const HEADER: &str = "Rapport key file (second factor)";
/// Files larger than this are not key files (bounds what is read from a USB stick).
const MAX_FILE_BYTES: u64 = 16 * 1024;

/// The secret of a key file. Zeroed on drop, never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct KeyFile([u8; 32]);

impl fmt::Debug for KeyFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyFile(<redacted>)")
    }
}

impl KeyFile {
    /// A fresh secret from the operating system's random source.
    pub fn generate() -> Result<Self, VaultError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|_| VaultError::Random)?;
        Ok(Self(bytes))
    }

    /// A short public id of the secret (16 hex digits), stored in `vault.json`.
    pub fn id(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"rapport key file id v1:");
        h.update(self.0);
        hex::encode(&h.finalize()[..8])
    }

    /// The file's text: a header, what it is for, and the secret in 8 groups of 8 hex digits.
    pub fn to_text(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode(self.0));
        let groups: Vec<&str> = (0..8).map(|i| &hex[i * 8..i * 8 + 8]).collect();
        Zeroizing::new(format!(
            "{HEADER}\n\
             Together with the passphrase it opens one Rapport store; neither opens it alone.\n\
             Keep it apart from the computer (a USB stick, or printed and locked away).\n\
             key: {}\n",
            groups.join("-")
        ))
    }

    /// Reads the text form back; `None` when it is not a key file.
    pub fn parse(text: &str) -> Option<Self> {
        if text.lines().next().map(str::trim) != Some(HEADER) {
            return None;
        }
        let line = text.lines().find_map(|l| l.trim().strip_prefix("key:"))?;
        let digits: Zeroizing<String> = Zeroizing::new(
            line.chars()
                .filter(|c| !matches!(c, '-' | ' ' | '\t'))
                .collect(),
        );
        if digits.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(digits.as_str(), &mut bytes).ok()?;
        Some(Self(bytes))
    }

    /// Reads a key file; a missing, oversized or foreign file gets a clear error.
    pub fn read(path: &Path) -> Result<Self, VaultError> {
        let unreadable = |why| VaultError::KeyFileUnreadable(path.to_path_buf(), why);
        let meta = std::fs::metadata(path).map_err(|_| unreadable("it cannot be read"))?;
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            return Err(unreadable("it is not a Rapport key file"));
        }
        let bytes =
            Zeroizing::new(std::fs::read(path).map_err(|_| unreadable("it cannot be read"))?);
        let text =
            std::str::from_utf8(&bytes).map_err(|_| unreadable("it is not a Rapport key file"))?;
        Self::parse(text).ok_or(unreadable("it is not a Rapport key file"))
    }

    /// Writes the key file at `path` atomically; never replaces an existing file.
    pub fn write_new(&self, path: &Path) -> Result<(), VaultError> {
        if path.exists() {
            return Err(VaultError::KeyFileExists(path.to_path_buf()));
        }
        crate::atomic::write_new(path, self.to_text().as_bytes()).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                VaultError::KeyFileExists(path.to_path_buf())
            } else {
                VaultError::Io("write", path.to_path_buf(), e.kind())
            }
        })
    }

    /// The key-encryption key from the passphrase's Argon2id output and this secret: HKDF
    /// with the Argon2id output as salt and the file's secret as input keying material, bound
    /// to the store id. Either input wrong gives an unrelated key.
    pub fn combine(&self, argon: &[u8; 32], store_id: &str) -> Zeroizing<[u8; 32]> {
        let hk = Hkdf::<Sha256>::new(Some(argon), &self.0);
        let mut out = Zeroizing::new([0u8; 32]);
        let info = format!("rapport kek v2 key-file:{store_id}");
        // 32 bytes is far below HKDF-SHA256's limit of 8160, so expand cannot fail.
        let _ = hk.expand(info.as_bytes(), out.as_mut());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trip_id_and_redaction() {
        let k = KeyFile::generate().unwrap();
        let text = k.to_text();
        assert_eq!(KeyFile::parse(&text).unwrap(), k);
        assert!(KeyFile::parse("key: 00").is_none());
        assert_eq!(k.id().len(), 16);
        assert_ne!(k.id(), KeyFile::generate().unwrap().id());
        assert_eq!(format!("{k:?}"), "KeyFile(<redacted>)");
    }

    #[test]
    fn both_inputs_change_the_key() {
        let a = KeyFile::generate().unwrap();
        let b = KeyFile::generate().unwrap();
        let x = [1u8; 32];
        let y = [2u8; 32];
        assert_ne!(*a.combine(&x, "s"), *b.combine(&x, "s"));
        assert_ne!(*a.combine(&x, "s"), *a.combine(&y, "s"));
        assert_ne!(*a.combine(&x, "s"), *a.combine(&x, "t"));
        assert_eq!(*a.combine(&x, "s"), *a.combine(&x, "s"));
    }
}
