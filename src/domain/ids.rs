//! Identifiers. A contact's id is a random UUID: the pseudonymous subject id that may outlive
//! the person's data in a tombstone or an audit event, so it must never be derived from them.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// The pseudonymous subject id of a contact (random UUID v4).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContactId(Uuid);

impl ContactId {
    /// A fresh random id.
    pub fn random() -> Self {
        Self(Uuid::new_v4())
    }

    /// Parses the textual form; the error carries no part of the input.
    pub fn parse(text: &str) -> Result<Self, InvalidId> {
        Uuid::parse_str(text.trim())
            .map(Self)
            .map_err(|_| InvalidId)
    }

    pub fn as_uuid(&self) -> &Uuid {
        &self.0
    }
}

impl fmt::Display for ContactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl fmt::Debug for ContactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContactId({})", self.0.hyphenated())
    }
}

/// A text that is not a contact id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a contact id: an id looks like 3f2b6c1e-8d4a-4b6e-9c1d-2a7e5f0b9d34 (see `rapport list`)"
)]
pub struct InvalidId;

/// Row id of a processing purpose.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PurposeId(pub i64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_and_round_trip() {
        let a = ContactId::random();
        let b = ContactId::random();
        assert_ne!(a, b);
        assert_eq!(ContactId::parse(&a.to_string()).unwrap(), a);
        assert_eq!(ContactId::parse(" not-an-id "), Err(InvalidId));
    }
}
