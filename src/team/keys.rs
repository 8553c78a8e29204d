//! Team identities and key material: random 16-byte ids for teams, devices, members and
//! invitations; a device's Ed25519 signing key and X25519 static secret; the team's epoch keys
//! (segment encryption) and team key (keyed suppression hashes). Secrets are zeroed on drop and
//! never printed; the store keeps their bytes (it is SQLCipher-encrypted), this module only
//! converts them to and from bytes.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Sha256;
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The operating system's random source failed; nothing was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the system's random number generator failed; try again")]
pub struct RandomFailed;

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], RandomFailed> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|_| RandomFailed)?;
    Ok(b)
}

/// A text that is not the 32-hex-digit form of an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a team id: an id is 32 hexadecimal digits")]
pub struct InvalidTeamId;

macro_rules! id16 {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub [u8; 16]);

        impl $name {
            /// A fresh random id.
            pub fn random() -> Result<Self, RandomFailed> {
                random_bytes().map(Self)
            }
            /// Reads the 32-hex-digit form (any case); the error carries no part of the input.
            pub fn parse(text: &str) -> Result<Self, InvalidTeamId> {
                let mut b = [0u8; 16];
                hex::decode_to_slice(text.trim(), &mut b).map_err(|_| InvalidTeamId)?;
                Ok(Self(b))
            }
            pub fn hex(&self) -> String {
                hex::encode(self.0)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.hex())
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.hex())
            }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.hex())
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

id16!(
    /// A team (one shared customer base). Chosen at random when the team is created.
    TeamId
);
id16!(
    /// One laptop's store in a team. Its segments live under `dev-<id>/` in the folder.
    DeviceId
);
id16!(
    /// A person in the team (one or more devices).
    MemberId
);
id16!(
    /// An invitation, derived from its code (so the folder can name it without holding the code).
    InviteId
);

/// 32 bytes in serde as 64 hex digits (public keys, digests).
pub(crate) mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(b: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(b))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let mut b = [0u8; 32];
        hex::decode_to_slice(text.as_ref(), &mut b).map_err(serde::de::Error::custom)?;
        Ok(b)
    }
}

/// A device's public keys, as the roster lists them: Ed25519 (signatures) and X25519 (keys
/// wrapped for it).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DevicePublic {
    #[serde(with = "hex32")]
    pub sign: [u8; 32],
    #[serde(with = "hex32")]
    pub dh: [u8; 32],
}

impl fmt::Debug for DevicePublic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DevicePublic(sign {}…)", &hex::encode(self.sign)[..8])
    }
}

/// A device's secret keys. Stored by the caller as the 64 bytes of `to_bytes` (signing seed,
/// then X25519 secret) inside the encrypted store; never written to the folder.
#[derive(Clone)]
pub struct DeviceKeys {
    sign: SigningKey,
    dh: Zeroizing<[u8; 32]>,
}

// Both fields zero themselves on drop (SigningKey with dalek's `zeroize` feature).
impl ZeroizeOnDrop for DeviceKeys {}

impl fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeviceKeys(<redacted>)")
    }
}

impl DeviceKeys {
    /// Fresh keys from the operating system's random source.
    pub fn generate() -> Result<Self, RandomFailed> {
        let mut bytes = Zeroizing::new([0u8; 64]);
        getrandom::fill(bytes.as_mut()).map_err(|_| RandomFailed)?;
        Ok(Self::from_bytes(&bytes))
    }

    pub fn to_bytes(&self) -> Zeroizing<[u8; 64]> {
        let mut out = Zeroizing::new([0u8; 64]);
        out[..32].copy_from_slice(self.sign.as_bytes());
        out[32..].copy_from_slice(self.dh.as_ref());
        out
    }

    pub fn from_bytes(bytes: &[u8; 64]) -> Self {
        let mut seed = Zeroizing::new([0u8; 32]);
        seed.copy_from_slice(&bytes[..32]);
        let mut dh = Zeroizing::new([0u8; 32]);
        dh.copy_from_slice(&bytes[32..]);
        Self {
            sign: SigningKey::from_bytes(&seed),
            dh,
        }
    }

    pub fn public(&self) -> DevicePublic {
        DevicePublic {
            sign: self.sign.verifying_key().to_bytes(),
            dh: crate::team::wrap::dh_public(&self.dh),
        }
    }

    /// An Ed25519 signature over `msg`.
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.sign.sign(msg).to_bytes()
    }

    pub(crate) fn dh_secret(&self) -> &[u8; 32] {
        &self.dh
    }
}

/// Whether `sig` is `public`'s Ed25519 signature over `msg` (strict verification: no
/// malleable or small-order keys).
pub fn verify_signature(public: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    match VerifyingKey::from_bytes(public) {
        Ok(vk) => vk.verify_strict(msg, &Signature::from_bytes(sig)).is_ok(),
        Err(_) => false,
    }
}

macro_rules! secret32 {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
        pub struct $name([u8; 32]);

        impl $name {
            /// A fresh key from the operating system's random source.
            pub fn generate() -> Result<Self, RandomFailed> {
                random_bytes().map(Self)
            }
            pub fn from_bytes(bytes: [u8; 32]) -> Self {
                Self(bytes)
            }
            pub fn as_bytes(&self) -> &[u8; 32] {
                &self.0
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

secret32!(
    /// The symmetric key of one epoch: every segment of that epoch is encrypted under it. A new
    /// epoch starts when a device is removed (issue 13); each device receives it wrapped.
    EpochKey
);
secret32!(
    /// The team-wide secret keying suppression hashes, so that the folder's hashes of erased
    /// people cannot be tested against a guessed email without it. Made at team creation and
    /// carried with the epoch keys in every welcome.
    TeamKey
);

impl TeamKey {
    /// HMAC-SHA256 of an already normalised identifier (e.g. a lower-cased email).
    pub fn suppression_hash(&self, normalized: &[u8]) -> [u8; 32] {
        let mut mac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"rapport suppression v1\0");
        mac.update(normalized);
        mac.finalize().into_bytes().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_debug_is_redacted() {
        let k = DeviceKeys::generate().unwrap();
        let again = DeviceKeys::from_bytes(&k.to_bytes());
        assert_eq!(k.public(), again.public());
        let sig = k.sign(b"m");
        assert!(verify_signature(&k.public().sign, b"m", &sig));
        assert!(!verify_signature(&k.public().sign, b"n", &sig));
        assert_eq!(format!("{k:?}"), "DeviceKeys(<redacted>)");
        assert_eq!(
            format!("{:?}", EpochKey::generate().unwrap()),
            "EpochKey(<redacted>)"
        );
        let d = DeviceId::random().unwrap();
        assert_eq!(DeviceId::parse(&d.to_string()).unwrap(), d);
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<DeviceId>(&json).unwrap(), d);
    }
}
