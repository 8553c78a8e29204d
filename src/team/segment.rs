//! The segment: the unit a device publishes to the team folder. Compressed (DEFLATE), padded
//! to a size bucket (Padmé, ≤ 12 % overhead, so a length says little), encrypted with
//! XChaCha20-Poly1305 under the epoch key with the encoded header as associated data, and
//! signed (Ed25519) over header + ciphertext by the device. `open` refuses absurd lengths before
//! allocating, checks the signature before decrypting, and returns all or nothing.
//!
//! Layout (integers little-endian), 110-byte header:
//! `"RPS1" | version u8 | kind u8 | team 16 | device 16 | epoch u32 | seq u64 | prev 32 |
//!  nonce 24 | ct_len u32 | ciphertext | signature 64`.
//! Plaintext before encryption: `raw_len u32 | packed_len u32 | DEFLATE(payload) | zeros`.
//! Each device's segments form a chain: `seq` counts up from 0 and `prev` is `digest` of the
//! device's previous segment (all zeros for seq 0). Roster entries use the same format with
//! `kind = Roster`, `seq` = position in the roster and `prev` = the previous roster entry.

use super::keys::{DeviceId, DeviceKeys, EpochKey, TeamId, verify_signature};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};

const MAGIC: &[u8; 4] = b"RPS1";
const VERSION: u8 = 1;
pub const HEADER_LEN: usize = 4 + 1 + 1 + 16 + 16 + 4 + 8 + 32 + 24 + 4;
const SIG_LEN: usize = 64;
const TAG_LEN: usize = 16;
/// The largest segment file accepted (a snapshot is split into several below this).
pub const MAX_SEGMENT: usize = 64 << 20;
/// The largest payload a segment may unpack to (bounds decompression).
pub const MAX_PAYLOAD: usize = 256 << 20;
const MIN_BUCKET: usize = 256;

/// What a segment carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SegmentKind {
    /// Field changes, tombstones, consents, audit events since the device's previous segment.
    Changes = 1,
    /// The device's whole state at a point (bootstrap and compaction).
    Snapshot = 2,
    /// An entry of the signed roster.
    Roster = 3,
    /// What the device has applied from every other device (a version vector), for compaction.
    Ack = 4,
}

impl SegmentKind {
    fn from_u8(b: u8) -> Option<Self> {
        Some(match b {
            1 => Self::Changes,
            2 => Self::Snapshot,
            3 => Self::Roster,
            4 => Self::Ack,
            _ => return None,
        })
    }
    /// The name used in file names (`changes`, `snapshot`, `roster`, `ack`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Changes => "changes",
            Self::Snapshot => "snapshot",
            Self::Roster => "roster",
            Self::Ack => "ack",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Changes, Self::Snapshot, Self::Roster, Self::Ack]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A segment's clear-text header. Ids, numbers and a hash only: no personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub team: TeamId,
    pub device: DeviceId,
    pub epoch: u32,
    pub seq: u64,
    pub prev: [u8; 32],
    pub kind: SegmentKind,
}

/// Sealing failed; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SegmentError {
    #[error("the segment's contents are too large (split them into several segments)")]
    TooLarge,
    #[error("the system's random number generator failed; try again")]
    Random,
    #[error("the segment could not be compressed or encrypted")]
    Encrypt,
}

/// Why a file read from the folder was refused. Display is one sentence with no personal data,
/// fit for `sync --json` and the GUI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Reject {
    #[error("truncated (the file is shorter than its header says)")]
    Truncated,
    #[error("not a Rapport segment")]
    NotASegment,
    #[error("written by a newer version of Rapport (update this app to read it)")]
    UnsupportedVersion,
    #[error("damaged (its length does not match its header)")]
    LengthMismatch,
    #[error("larger than any Rapport segment")]
    TooLarge,
    #[error("belongs to another team (foreign team)")]
    ForeignTeam,
    #[error("signed by a device that is not a member")]
    NotAMember,
    #[error("damaged (signature does not verify)")]
    BadSignature,
    #[error("encrypted under an unknown epoch key")]
    UnknownEpoch,
    #[error("damaged (does not decrypt)")]
    DoesNotDecrypt,
    #[error("damaged (contents do not unpack)")]
    BadPayload,
}

fn encode_header(h: &Header, nonce: &[u8; 24], ct_len: u32) -> [u8; HEADER_LEN] {
    let mut out = [0u8; HEADER_LEN];
    let mut at = 0;
    let mut put = |b: &[u8]| {
        out[at..at + b.len()].copy_from_slice(b);
        at += b.len();
    };
    put(MAGIC);
    put(&[VERSION, h.kind as u8]);
    put(&h.team.0);
    put(&h.device.0);
    put(&h.epoch.to_le_bytes());
    put(&h.seq.to_le_bytes());
    put(&h.prev);
    put(nonce);
    put(&ct_len.to_le_bytes());
    out
}

/// Padmé: rounds `len` up so that only O(log log len) bits of it remain.
fn padded_len(len: usize) -> usize {
    let len = len.max(MIN_BUCKET);
    let e = usize::BITS - 1 - len.leading_zeros(); // floor(log2 len)
    let s = u32::BITS - e.leading_zeros(); // floor(log2 e) + 1
    let mask = (1usize << (e - s)) - 1;
    (len + mask) & !mask
}

/// Seals `payload` as one segment file's bytes.
pub fn seal(
    h: &Header,
    payload: &[u8],
    key: &EpochKey,
    signer: &DeviceKeys,
) -> Result<Vec<u8>, SegmentError> {
    if payload.len() > MAX_PAYLOAD {
        return Err(SegmentError::TooLarge);
    }
    let mut plain = vec![0u8; 8];
    {
        // Level 3: most of level 6's ratio on records like ours at about half the time.
        let mut z = flate2::write::DeflateEncoder::new(&mut plain, flate2::Compression::new(3));
        z.write_all(payload).map_err(|_| SegmentError::Encrypt)?;
        z.finish().map_err(|_| SegmentError::Encrypt)?;
    }
    let packed = plain.len() - 8;
    plain[..4].copy_from_slice(&(payload.len() as u32).to_le_bytes());
    plain[4..8].copy_from_slice(&(packed as u32).to_le_bytes());
    let total = padded_len(plain.len() + TAG_LEN + HEADER_LEN + SIG_LEN);
    plain.resize(total - TAG_LEN - HEADER_LEN - SIG_LEN, 0);
    if total > MAX_SEGMENT {
        return Err(SegmentError::TooLarge);
    }
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|_| SegmentError::Random)?;
    let ct_len = (plain.len() + TAG_LEN) as u32;
    let head = encode_header(h, &nonce, ct_len);
    let cipher =
        XChaCha20Poly1305::new_from_slice(key.as_bytes()).map_err(|_| SegmentError::Encrypt)?;
    let ct = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &plain,
                aad: &head,
            },
        )
        .map_err(|_| SegmentError::Encrypt)?;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&head);
    out.extend_from_slice(&ct);
    let sig = signer.sign(&out);
    out.extend_from_slice(&sig);
    Ok(out)
}

/// Reads the header without trusting it (for ordering and routing before `open`). Checks the
/// magic, version, kind and that the length matches the header.
pub fn peek(bytes: &[u8]) -> Result<Header, Reject> {
    if bytes.len() > MAX_SEGMENT {
        return Err(Reject::TooLarge);
    }
    if bytes.len() >= 4 && &bytes[..4] != MAGIC {
        return Err(Reject::NotASegment);
    }
    if bytes.len() < HEADER_LEN + TAG_LEN + SIG_LEN {
        return Err(Reject::Truncated);
    }
    if bytes[4] != VERSION {
        return Err(Reject::UnsupportedVersion);
    }
    let kind = SegmentKind::from_u8(bytes[5]).ok_or(Reject::NotASegment)?;
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
    let ct_len = u32_at(HEADER_LEN - 4) as usize;
    let expect = HEADER_LEN + ct_len + SIG_LEN;
    if bytes.len() < expect {
        return Err(Reject::Truncated);
    }
    if bytes.len() > expect {
        return Err(Reject::LengthMismatch);
    }
    Ok(Header {
        team: TeamId(bytes[6..22].try_into().expect("16 bytes")),
        device: DeviceId(bytes[22..38].try_into().expect("16 bytes")),
        epoch: u32_at(38),
        seq: u64::from_le_bytes(bytes[42..50].try_into().expect("8 bytes")),
        prev: bytes[50..82].try_into().expect("32 bytes"),
        kind,
    })
}

/// Verifies and decrypts a segment of `team`. `verify` gives the Ed25519 key of a device that
/// may sign this header (None: not a member, or removed before this seq); `key` gives an
/// epoch's key. The signature is checked before anything is decrypted.
pub fn open(
    bytes: &[u8],
    team: TeamId,
    verify: &dyn Fn(&Header) -> Option<[u8; 32]>,
    key: &dyn Fn(u32) -> Option<EpochKey>,
) -> Result<(Header, Vec<u8>), Reject> {
    let h = peek(bytes)?;
    if h.team != team {
        return Err(Reject::ForeignTeam);
    }
    let signer = verify(&h).ok_or(Reject::NotAMember)?;
    let (body, sig) = bytes.split_at(bytes.len() - SIG_LEN);
    let sig: [u8; 64] = sig.try_into().expect("64 bytes");
    if !verify_signature(&signer, body, &sig) {
        return Err(Reject::BadSignature);
    }
    let epoch_key = key(h.epoch).ok_or(Reject::UnknownEpoch)?;
    let nonce: [u8; 24] = body[82..106].try_into().expect("24 bytes");
    let cipher = XChaCha20Poly1305::new_from_slice(epoch_key.as_bytes())
        .map_err(|_| Reject::DoesNotDecrypt)?;
    let plain = cipher
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &body[HEADER_LEN..],
                aad: &body[..HEADER_LEN],
            },
        )
        .map_err(|_| Reject::DoesNotDecrypt)?;
    if plain.len() < 8 {
        return Err(Reject::BadPayload);
    }
    let raw_len = u32::from_le_bytes(plain[..4].try_into().expect("4")) as usize;
    let packed = u32::from_le_bytes(plain[4..8].try_into().expect("4")) as usize;
    if raw_len > MAX_PAYLOAD || packed > plain.len() - 8 {
        return Err(Reject::BadPayload);
    }
    // DEFLATE expands at most ~1032:1, so a claimed length beyond that is not reserved up front.
    let mut out = Vec::with_capacity(raw_len.min(packed.saturating_mul(1032)));
    flate2::read::DeflateDecoder::new(&plain[8..8 + packed])
        .take(raw_len as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|_| Reject::BadPayload)?;
    if out.len() != raw_len {
        return Err(Reject::BadPayload);
    }
    Ok((h, out))
}

/// SHA-256 of a segment file's bytes: what the device's next segment holds as `prev`.
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Where a verified segment stands in its device's chain, given the last one accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Continuity {
    /// The next one: apply it.
    Next,
    /// The device's first segment (seq 0) or a snapshot to start from: apply it.
    Start,
    /// The very segment already accepted (delivered twice): skip silently.
    Duplicate,
    /// A seq already passed (an old one delivered late, or a replay): skip.
    Stale,
    /// Segments are missing before this one: keep it for later, do not apply yet.
    Gap { missing_from: u64 },
    /// Same seq as, or follows, a segment it does not chain to: a fork or forgery; refuse.
    Fork,
}

/// Classifies `h` (with `digest` of its bytes) against the device's last accepted
/// `(seq, digest)`. Pure: the caller keeps the version vector.
pub fn continuity(last: Option<(u64, [u8; 32])>, h: &Header, digest: &[u8; 32]) -> Continuity {
    match last {
        None if h.seq == 0 && h.prev == [0; 32] => Continuity::Start,
        None if h.kind == SegmentKind::Snapshot => Continuity::Start,
        None => Continuity::Gap { missing_from: 0 },
        Some((seq, d)) if h.seq == seq && &d == digest => Continuity::Duplicate,
        Some((seq, _)) if h.seq == seq => Continuity::Fork,
        Some((seq, _)) if h.seq < seq => Continuity::Stale,
        Some((seq, d)) if h.seq == seq + 1 && h.prev == d => Continuity::Next,
        Some((seq, _)) if h.seq == seq + 1 => Continuity::Fork,
        Some((seq, _)) => Continuity::Gap {
            missing_from: seq + 1,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padme_buckets_grow_slowly() {
        assert_eq!(padded_len(1), 256);
        for len in [300usize, 1000, 5000, 100_000, 3_000_000] {
            let p = padded_len(len);
            assert!(p >= len && (p - len) * 100 <= len * 12, "{len} → {p}");
        }
        // Nearby lengths share a bucket.
        assert_eq!(padded_len(100_001), padded_len(100_100));
    }
}
