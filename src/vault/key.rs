//! The store's data key: 32 random bytes, zeroed on drop, never printed. Its hex form is the
//! raw SQLCipher key and the user's recovery key.

use super::VaultError;
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The raw 256-bit SQLCipher key.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct DataKey([u8; 32]);

impl DataKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Self, VaultError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|_| VaultError::Random)?;
        Ok(Self(bytes))
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// 64 lowercase hex digits.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0))
    }

    /// The recovery key as shown to the user: 64 hex digits in 8 groups of 8, joined by '-'.
    pub fn recovery_string(&self) -> Zeroizing<String> {
        let hex = self.to_hex();
        let groups: Vec<&str> = (0..8).map(|i| &hex[i * 8..i * 8 + 8]).collect();
        Zeroizing::new(groups.join("-"))
    }

    /// Reads a recovery key: 64 hex digits, with any '-', spaces or newlines between them.
    pub fn parse_recovery(text: &str) -> Option<Self> {
        let digits: Zeroizing<String> = Zeroizing::new(
            text.chars()
                .filter(|c| !matches!(c, '-' | ' ' | '\n' | '\r' | '\t'))
                .collect(),
        );
        let trimmed = digits
            .strip_prefix("x'")
            .and_then(|d| d.strip_suffix('\''))
            .unwrap_or(&digits);
        if trimmed.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(trimmed, &mut bytes).ok()?;
        Some(Self(bytes))
    }

    /// The value for `PRAGMA key`: `x'<64 hex>'` (a raw key, no KDF on open).
    pub fn sqlcipher_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("\"x'{}'\"", self.to_hex().as_str()))
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_round_trip_and_redaction() {
        let k = DataKey::generate().unwrap();
        let shown = k.recovery_string();
        assert_eq!(shown.len(), 64 + 7);
        assert_eq!(DataKey::parse_recovery(&shown).unwrap(), k);
        assert_eq!(
            DataKey::parse_recovery(&k.to_hex().to_uppercase()).unwrap(),
            k
        );
        assert!(DataKey::parse_recovery("abc").is_none());
        assert_eq!(format!("{k:?}"), "DataKey(<redacted>)");
        assert!(!format!("{k:?}").contains(&k.to_hex()[..8]));
    }
}
