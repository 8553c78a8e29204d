//! The team: the laptops of one firm sharing one customer base through a shared folder.
//! team-wire owns what crosses the folder; team-merge adds its own modules below.
//!
//! API (team-wire):
//! - `keys`: `TeamId`, `DeviceId`, `MemberId`, `InviteId` (16 random bytes, hex Display/serde);
//!   `DeviceKeys` (Ed25519 + X25519; `generate`, `to_bytes`/`from_bytes` 64 bytes for the
//!   store, `public`, `sign`); `DevicePublic {sign, dh}`; `EpochKey`, `TeamKey`
//!   (`suppression_hash`). Secrets are zeroed on drop, Debug redacted. The store keeps their
//!   bytes (it is SQLCipher-encrypted); nothing secret is ever written to the folder in clear.
//! - `segment`: `Header {team, device, epoch, seq, prev, kind}`, `SegmentKind`,
//!   `seal(h, payload, key, signer)`, `open(bytes, team, verify(&Header), key(epoch))`,
//!   `peek` (untrusted header), `digest`, `continuity(last, h, digest)` (next / duplicate /
//!   stale / gap / fork), `Reject` (one-sentence reasons).
//! - `folder`: `TeamFolder::{open, create, publish(device, Item, bytes), scan, read,
//!   remove_own, clean_own_temp}`, `Item` (what a file is, from its name), `Found`.
//! - `roster`: `Role`, `Change`, `Roster`, `TeamAnchor`, `create_team`, `append`, `verify`,
//!   `load`, `apply` (pure rules), `Roster::segment_signer` (for `segment::open`).
//! - `invite`: `InviteCode`, `InviteSecrets`, `Invitation`, `invite`, `join_request`,
//!   `open_join_request`, `accept`, `open_welcome`, `Welcome::verify_roster`, `KeyBundle`,
//!   `wrap_for_devices`, `open_wrapped_keys`.
//!   (The handshake's files are in `join`, the chain's replay in `roster_chain`; both are
//!   re-exported under `invite::` and `roster::`, so those paths are the API.)
//! - `wrap`: HPKE key wrapping for one device (used by `invite`).
//!
//! API (team-merge):
//! - `hlc`: `Hlc` (48-bit ms + 16-bit counter), `tick`, `check` (5-minute drift), `observe`.
//! - `change`: `Change {entity, id, field, value, hlc, device}`, `Entity`, `TombstoneValue`,
//!   `encode`/`decode` (the payload of Changes and Snapshot segments).
//! - `merge`: `merge(&Local, Vec<Change>, &Rules) -> Result<Merged, ClockAhead>` (pure).
pub mod audit_wire;
pub mod change;
pub mod folder;
pub mod hlc;
pub mod invite;
pub mod join;
pub mod keys;
pub mod merge;
pub mod roster;
pub mod roster_chain;
pub mod segment;
pub mod wrap;
// --- roles (issue 13) ---
/// What each role may do (pure; the CLI, the GUI and the merge read it).
pub mod access;
