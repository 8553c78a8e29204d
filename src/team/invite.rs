//! Invitations and the join handshake.
//!
//! The code: 120 random bits plus a 5-bit check symbol, written as 25 Crockford base-32
//! symbols in five groups of five (`7KQ2M-…`). `parse` accepts it in any case, with or without
//! spaces and dashes, and reads O as 0 and I/L as 1. The code never goes into the folder.
//!
//! Keys come from the code with HKDF-SHA256, not Argon2id: the code is 120 bits of full
//! entropy, so nothing can be gained by stretching it (Argon2id is for passwords a person
//! chooses), and HKDF gives independent keys for the invitation id (names the request in the
//! folder), the request key (XChaCha20-Poly1305 over the join request) and the welcome PSK (HPKE
//! PSK mode, so the welcome can only come from someone holding the code).
//!
//! The handshake:
//! 1. Admin: `invite(name, role, now)` → an `Invitation` to keep in the store (expires in 7
//!    days) and the code to hand over in person or by phone.
//! 2. Newcomer: `join_request(code, device, keys, name, now)` → a `PendingJoin` whose file goes
//!    to `dev-<newcomer>/join-<invite>.req`; keep `secrets` until the welcome arrives.
//! 3. Admin's next sync: `open_join_request` (unknown, expired, used or forged requests are
//!    refused with a reason) then `accept` → a roster entry (`Change::Join`) and a welcome
//!    (`dev-<admin>/welcome-<newcomer>.wel`): the anchor, every epoch key and the team key,
//!    HPKE-sealed to the newcomer's X25519 key in PSK mode and signed by the admin's device.
//! 4. Newcomer: `open_welcome` then `Welcome::verify_roster` against the folder's roster files.

use super::keys::{InviteId, MemberId, RandomFailed, random_bytes};
use super::roster::Role;
use super::wrap;
use data_encoding::Encoding;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::OnceLock;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// How long an invitation can be used.
pub const VALID_DAYS: i64 = 7;
const RANDOM_BYTES: usize = 15;
const CODE_SYMBOLS: usize = 25;
/// Crockford's base 32: no I, L, O, U (read as 1, 1, 0; U is refused).
const SYMBOLS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn alphabet() -> &'static Encoding {
    static ENC: OnceLock<Encoding> = OnceLock::new();
    ENC.get_or_init(|| {
        let mut spec = data_encoding::Specification::new();
        spec.symbols
            .push_str(std::str::from_utf8(SYMBOLS).expect("ASCII"));
        spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzoOiIlL");
        spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ001111");
        spec.encoding().expect("a valid base-32 specification")
    })
}

/// A code that could not be read. One sentence, never echoing the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error(
        "an invitation code has 25 letters and digits (in five groups of five); check it and type it again"
    )]
    Length,
    #[error(
        "the invitation code has a character that is not in invitation codes; check it and type it again"
    )]
    Symbol,
    #[error(
        "the invitation code has a typo (its check letter does not match); check it and type it again"
    )]
    Typo,
}

/// A one-time invitation code. Zeroed on drop, never printed by Debug.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct InviteCode([u8; RANDOM_BYTES]);

impl fmt::Debug for InviteCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InviteCode(<redacted>)")
    }
}

fn check_symbol(bytes: &[u8; RANDOM_BYTES]) -> u8 {
    let h = Sha256::new_with_prefix(b"rapport invite check v1")
        .chain_update(bytes)
        .finalize();
    SYMBOLS[(h[0] & 31) as usize]
}

impl InviteCode {
    pub fn generate() -> Result<Self, RandomFailed> {
        random_bytes().map(Self)
    }

    /// The code as shown to the admin: `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`.
    pub fn display(&self) -> Zeroizing<String> {
        let mut symbols = Zeroizing::new(alphabet().encode(&self.0).into_bytes());
        symbols.push(check_symbol(&self.0));
        let mut out = Zeroizing::new(String::with_capacity(29));
        for (i, c) in symbols.iter().enumerate() {
            if i > 0 && i % 5 == 0 {
                out.push('-');
            }
            out.push(*c as char);
        }
        out
    }

    /// Reads a typed code: any case, with or without spaces and dashes.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        let symbols: Zeroizing<Vec<u8>> = Zeroizing::new(
            text.bytes()
                .filter(|b| !matches!(b, b' ' | b'-' | b'\t' | b'\n' | b'\r'))
                .collect(),
        );
        if symbols.len() != CODE_SYMBOLS {
            return Err(CodeError::Length);
        }
        let mut bytes = [0u8; RANDOM_BYTES];
        let n = alphabet()
            .decode_mut(&symbols[..CODE_SYMBOLS - 1], &mut bytes)
            .map_err(|_| CodeError::Symbol)?;
        debug_assert_eq!(n, RANDOM_BYTES);
        // The check symbol goes through the same translation (case, O/I/L) as the others.
        let typed = canonical_symbol(symbols[CODE_SYMBOLS - 1]);
        if !SYMBOLS.contains(&typed) {
            return Err(CodeError::Symbol);
        }
        let code = Self(bytes);
        bytes.zeroize();
        if typed != check_symbol(&code.0) {
            return Err(CodeError::Typo);
        }
        Ok(code)
    }

    /// The keys derived from this code.
    pub fn secrets(&self) -> InviteSecrets {
        let hk = hkdf::Hkdf::<Sha256>::new(Some(b"rapport invite v1"), &self.0);
        let mut s = InviteSecrets {
            id: [0; 16],
            request_key: [0; 32],
            welcome_psk: [0; 32],
        };
        hk.expand(b"invite id", &mut s.id)
            .expect("16 bytes is a valid HKDF length");
        hk.expand(b"join request key", &mut s.request_key)
            .expect("32 bytes");
        hk.expand(b"welcome psk", &mut s.welcome_psk)
            .expect("32 bytes");
        s
    }
}

fn canonical_symbol(b: u8) -> u8 {
    match b.to_ascii_uppercase() {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        c => c,
    }
}

/// The keys derived from a code: kept by the admin (in the invitation) and by the newcomer
/// (until the welcome arrives). 80 bytes via `to_bytes` for the store.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct InviteSecrets {
    pub(crate) id: [u8; 16],
    pub(crate) request_key: [u8; 32],
    pub(crate) welcome_psk: [u8; 32],
}

impl fmt::Debug for InviteSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InviteSecrets({}, <redacted>)", self.id())
    }
}

impl InviteSecrets {
    pub fn id(&self) -> InviteId {
        InviteId(self.id)
    }
    pub fn to_bytes(&self) -> Zeroizing<[u8; 80]> {
        let mut out = Zeroizing::new([0u8; 80]);
        out[..16].copy_from_slice(&self.id);
        out[16..48].copy_from_slice(&self.request_key);
        out[48..].copy_from_slice(&self.welcome_psk);
        out
    }
    pub fn from_bytes(b: &[u8; 80]) -> Self {
        let mut s = InviteSecrets {
            id: [0; 16],
            request_key: [0; 32],
            welcome_psk: [0; 32],
        };
        s.id.copy_from_slice(&b[..16]);
        s.request_key.copy_from_slice(&b[16..48]);
        s.welcome_psk.copy_from_slice(&b[48..]);
        s
    }
}

mod secrets_hex {
    use super::InviteSecrets;
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(s: &InviteSecrets, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(&zeroize::Zeroizing::new(hex::encode(s.to_bytes().as_ref())))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<InviteSecrets, D::Error> {
        let text = zeroize::Zeroizing::new(String::deserialize(d)?);
        let mut b = zeroize::Zeroizing::new([0u8; 80]);
        hex::decode_to_slice(text.as_bytes(), b.as_mut()).map_err(serde::de::Error::custom)?;
        Ok(InviteSecrets::from_bytes(&b))
    }
}

/// An open invitation, kept by the admin's device (in its encrypted store, e.g. as JSON).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: InviteId,
    /// The member the invitation will add (chosen now, so `rapport team` can list them).
    pub member: MemberId,
    pub name: String,
    pub role: Role,
    /// Unix seconds.
    pub created: i64,
    pub expires: i64,
    #[serde(with = "secrets_hex")]
    pub secrets: InviteSecrets,
}

impl fmt::Debug for Invitation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Invitation({}, {}, expires {})",
            self.id, self.role, self.expires
        )
    }
}

/// Why an invitation or join step failed. One sentence, no personal data, no code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JoinError {
    #[error("a member's name must be 1 to 200 characters")]
    BadName,
    #[error("{0}")]
    Random(RandomFailed),
    #[error("the join request is damaged or not a Rapport join request")]
    Malformed,
    #[error(
        "the join request is not for an open invitation (a wrong code, or the invitation was withdrawn)"
    )]
    UnknownInvitation,
    #[error("the invitation has expired (invitations last 7 days); invite the person again")]
    Expired,
    #[error("the invitation was already used (a code works once); invite the person again")]
    AlreadyUsed,
    #[error("the join request was not made with the invitation's code")]
    BadCode,
    #[error("the join request's signature does not verify")]
    BadSignature,
    #[error("the joining device is already in the team")]
    DeviceTaken,
    #[error("the roster change was refused: {0}")]
    Roster(String),
    #[error("the welcome could not be opened: {0}")]
    Wrap(wrap::WrapError),
    #[error("the welcome is damaged")]
    BadWelcome,
    #[error(
        "the team folder's roster does not match the welcome (not synced yet, or tampered with)"
    )]
    RosterMismatch,
}

/// Creates an invitation for `name` with `role`, valid for 7 days from `now_unix`.
pub fn invite(
    name: &str,
    role: Role,
    now_unix: i64,
) -> Result<(Invitation, InviteCode), JoinError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(JoinError::BadName);
    }
    let code = InviteCode::generate().map_err(JoinError::Random)?;
    let secrets = code.secrets();
    let inv = Invitation {
        id: secrets.id(),
        member: MemberId::random().map_err(JoinError::Random)?,
        name: name.to_string(),
        role,
        created: now_unix,
        expires: now_unix + VALID_DAYS * 86_400,
        secrets,
    };
    Ok((inv, code))
}

// The handshake's files live beside this file; their names stay `invite::…`.
pub use super::join::{
    Accepted, JoinRequest, KeyBundle, PendingJoin, Welcome, accept, join_request,
    open_join_request, open_welcome, open_wrapped_keys, wrap_for_devices,
};
