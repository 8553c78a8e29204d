//! Key wrapping for one device: HPKE (RFC 9180, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
//! ChaCha20-Poly1305) from the `hpke` crate, in Base mode or PSK mode (the welcome, keyed by
//! the invitation code), then signed by the sending device (Ed25519). Used for the welcome
//! and for handing a new epoch key to every remaining device after a removal (issue 13).
//!
//! File layout (all integers little-endian):
//! `"RPW1" | kind u8 | team 16 | from 16 | to 16 | label 16 | enc 32 | ct_len u32 | ct | sig 64`
//! where `label` is the invitation id (welcome) or the epoch number (key wrap, zero-padded),
//! the header up to `ct_len` is HPKE's associated data, and the signature covers everything
//! before it.

use super::keys::{DeviceId, DeviceKeys, DevicePublic, TeamId, verify_signature};
use hpke::aead::ChaCha20Poly1305;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem, OpModeR, OpModeS, PskBundle, Serializable};

type K = X25519HkdfSha256;
const MAGIC: &[u8; 4] = b"RPW1";
const HEADER_LEN: usize = 4 + 1 + 16 * 4 + 32 + 4;
const SIG_LEN: usize = 64;
/// A wrapped bundle is a few keys; anything larger is not ours.
pub const MAX_WRAPPED: usize = 1 << 20;
const INFO: &[u8] = b"rapport key wrap v1";

/// What a wrapped file is for (its first header byte after the magic).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrapKind {
    /// The admin's answer to a join request, keyed by the invitation code too.
    Welcome = 1,
    /// A new epoch's key for a device that is already a member.
    EpochKeys = 2,
}

/// The clear-text header of a wrapped file: ids only, no personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrapHeader {
    pub kind: WrapKind,
    pub team: TeamId,
    pub from: DeviceId,
    pub to: DeviceId,
    pub label: [u8; 16],
}

/// Why a wrapped file was refused. One sentence, no personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WrapError {
    #[error("the key file is truncated or not a Rapport key file")]
    Malformed,
    #[error("the key file is larger than any Rapport key file")]
    TooLarge,
    #[error("the key file was not wrapped for this device or does not decrypt with its key")]
    DoesNotOpen,
    #[error("the key file's signature does not verify")]
    BadSignature,
    #[error("the key file could not be sealed (the recipient's public key is invalid)")]
    Seal,
}

pub(crate) fn dh_public(secret: &[u8; 32]) -> [u8; 32] {
    let sk = <K as Kem>::PrivateKey::from_bytes(secret).expect("any 32 bytes are an X25519 key");
    let pk = K::sk_to_pk(&sk);
    let mut out = [0u8; 32];
    out.copy_from_slice(&pk.to_bytes());
    out
}

fn encode_header(h: &WrapHeader, enc: &[u8; 32], ct_len: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN);
    out.extend_from_slice(MAGIC);
    out.push(h.kind as u8);
    out.extend_from_slice(&h.team.0);
    out.extend_from_slice(&h.from.0);
    out.extend_from_slice(&h.to.0);
    out.extend_from_slice(&h.label);
    out.extend_from_slice(enc);
    out.extend_from_slice(&ct_len.to_le_bytes());
    out
}

fn take16(b: &[u8], at: usize) -> [u8; 16] {
    b[at..at + 16].try_into().expect("16 bytes")
}

/// Reads the header without trusting it (for routing; `open` checks everything).
pub fn peek(bytes: &[u8]) -> Result<WrapHeader, WrapError> {
    if bytes.len() > MAX_WRAPPED {
        return Err(WrapError::TooLarge);
    }
    if bytes.len() < HEADER_LEN + SIG_LEN || &bytes[..4] != MAGIC {
        return Err(WrapError::Malformed);
    }
    let kind = match bytes[4] {
        1 => WrapKind::Welcome,
        2 => WrapKind::EpochKeys,
        _ => return Err(WrapError::Malformed),
    };
    let ct_len = u32::from_le_bytes(bytes[HEADER_LEN - 4..HEADER_LEN].try_into().expect("4"));
    if ct_len as usize != bytes.len() - HEADER_LEN - SIG_LEN {
        return Err(WrapError::Malformed);
    }
    Ok(WrapHeader {
        kind,
        team: TeamId(take16(bytes, 5)),
        from: DeviceId(take16(bytes, 21)),
        to: DeviceId(take16(bytes, 37)),
        label: take16(bytes, 53),
    })
}

/// Seals `plain` for `to` (its X25519 key) and signs the result with `signer`. With `psk`,
/// only someone who also holds that pre-shared key (the invitation's) can produce or open it.
pub fn seal(
    h: &WrapHeader,
    to: &DevicePublic,
    psk: Option<&[u8; 32]>,
    plain: &[u8],
    signer: &DeviceKeys,
) -> Result<Vec<u8>, WrapError> {
    let pk = <K as Kem>::PublicKey::from_bytes(&to.dh).map_err(|_| WrapError::Seal)?;
    let ct_len = u32::try_from(plain.len() + 16).map_err(|_| WrapError::TooLarge)?;
    // The encapsulated key is part of the associated data, so it is known before sealing: HPKE
    // sets up the context first (giving `enc`), then seals with the full header as AAD.
    let mode = match psk {
        Some(k) => OpModeS::Psk(PskBundle::new(k, &h.label).map_err(|_| WrapError::Seal)?),
        None => OpModeS::Base,
    };
    let (enc, mut ctx) = hpke::setup_sender::<ChaCha20Poly1305, HkdfSha256, K>(&mode, &pk, INFO)
        .map_err(|_| WrapError::Seal)?;
    let mut enc_bytes = [0u8; 32];
    enc_bytes.copy_from_slice(&enc.to_bytes());
    let mut out = encode_header(h, &enc_bytes, ct_len);
    let ct = ctx.seal(plain, &out).map_err(|_| WrapError::Seal)?;
    debug_assert_eq!(ct.len(), ct_len as usize);
    out.extend_from_slice(&ct);
    if out.len() + SIG_LEN > MAX_WRAPPED {
        return Err(WrapError::TooLarge);
    }
    let sig = signer.sign(&out);
    out.extend_from_slice(&sig);
    Ok(out)
}

/// Opens a file wrapped for `me`. The AEAD tag is checked before any plaintext is returned;
/// the signature is checked with `sender_sign`, the sending device's Ed25519 key, which the
/// caller takes from the verified roster (`None` when it must first open the contents to learn
/// the roster — the welcome — in which case the caller must call `check_signature` next).
pub fn open(
    bytes: &[u8],
    me: &DeviceKeys,
    psk: Option<&[u8; 32]>,
    sender_sign: Option<&[u8; 32]>,
) -> Result<(WrapHeader, zeroize::Zeroizing<Vec<u8>>), WrapError> {
    let h = peek(bytes)?;
    if let Some(pk) = sender_sign {
        check_signature(bytes, pk)?;
    }
    let body = &bytes[..bytes.len() - SIG_LEN];
    let enc = <K as Kem>::EncappedKey::from_bytes(&body[HEADER_LEN - 36..HEADER_LEN - 4])
        .map_err(|_| WrapError::DoesNotOpen)?;
    let sk =
        <K as Kem>::PrivateKey::from_bytes(me.dh_secret()).map_err(|_| WrapError::DoesNotOpen)?;
    let mode = match psk {
        Some(k) => OpModeR::Psk(PskBundle::new(k, &h.label).map_err(|_| WrapError::DoesNotOpen)?),
        None => OpModeR::Base,
    };
    let plain = hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, K>(
        &mode,
        &sk,
        &enc,
        INFO,
        &body[HEADER_LEN..],
        &body[..HEADER_LEN],
    )
    .map_err(|_| WrapError::DoesNotOpen)?;
    Ok((h, zeroize::Zeroizing::new(plain)))
}

/// Whether the file's last 64 bytes are `sign`'s signature over the rest.
pub fn check_signature(bytes: &[u8], sign: &[u8; 32]) -> Result<(), WrapError> {
    if bytes.len() < HEADER_LEN + SIG_LEN {
        return Err(WrapError::Malformed);
    }
    let (body, sig) = bytes.split_at(bytes.len() - SIG_LEN);
    let sig: [u8; 64] = sig.try_into().expect("64 bytes");
    if verify_signature(sign, body, &sig) {
        Ok(())
    } else {
        Err(WrapError::BadSignature)
    }
}
