//! The join handshake's files: the newcomer's join request (authenticated with the code's
//! request key, signed by the new device), the admin's acceptance (a `Change::Join` roster entry
//! and a welcome HPKE-sealed to the new device in PSK mode with the code's welcome key), the
//! newcomer's check of the welcome against the folder's roster, and epoch keys wrapped for
//! devices already in the team. See `invite` for the code and the steps.

use super::folder::Item;
use super::invite::{Invitation, InviteCode, InviteSecrets, JoinError};
use super::keys::{
    DeviceId, DeviceKeys, DevicePublic, EpochKey, InviteId, MemberId, TeamKey, random_bytes,
    verify_signature,
};
use super::roster::{self, Change, Role, Roster, RosterFile, TeamAnchor, Verified};
use super::wrap::{self, WrapHeader, WrapKind};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use zeroize::Zeroizing;

// Join request layout: "RPJ1" | invite 16 | device 16 | nonce 24 | ct_len u32 | ct | sig 64.
const J_MAGIC: &[u8; 4] = b"RPJ1";
const J_HEADER: usize = 4 + 16 + 16 + 24 + 4;

#[derive(Serialize, Deserialize)]
struct RequestBody {
    public: DevicePublic,
    name: String,
    at: i64,
}

/// A join request made on the newcomer's laptop: publish `bytes` as `item` under its own
/// device, and keep `secrets` (to open the welcome) and the device keys in the store.
pub struct PendingJoin {
    pub secrets: InviteSecrets,
    pub item: Item,
    pub bytes: Vec<u8>,
}

/// Makes the newcomer's join request, authenticated with the key derived from `code` and
/// signed by the new device (proving it holds the key it asks to be added with).
pub fn join_request(
    code: &InviteCode,
    device: DeviceId,
    keys: &DeviceKeys,
    name: &str,
    now_unix: i64,
) -> Result<PendingJoin, JoinError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(JoinError::BadName);
    }
    let secrets = code.secrets();
    let nonce: [u8; 24] = random_bytes().map_err(JoinError::Random)?;
    let body = Zeroizing::new(
        serde_json::to_vec(&RequestBody {
            public: keys.public(),
            name: name.to_string(),
            at: now_unix,
        })
        .expect("a join request serialises"),
    );
    let ct_len = (body.len() + 16) as u32;
    let mut out = Vec::with_capacity(J_HEADER + ct_len as usize + 64);
    out.extend_from_slice(J_MAGIC);
    out.extend_from_slice(&secrets.id);
    out.extend_from_slice(&device.0);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct_len.to_le_bytes());
    let cipher = XChaCha20Poly1305::new_from_slice(&secrets.request_key)
        .map_err(|_| JoinError::Malformed)?;
    let ct = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &body,
                aad: &out,
            },
        )
        .map_err(|_| JoinError::Malformed)?;
    out.extend_from_slice(&ct);
    let sig = keys.sign(&out);
    out.extend_from_slice(&sig);
    Ok(PendingJoin {
        item: Item::JoinRequest {
            invite: secrets.id(),
        },
        secrets,
        bytes: out,
    })
}

/// A join request that opened with an open invitation's key. `name` is what the newcomer
/// typed; the roster uses the name the admin gave the invitation.
#[derive(Clone)]
pub struct JoinRequest {
    pub invite: InviteId,
    pub device: DeviceId,
    pub public: DevicePublic,
    pub name: String,
}

impl fmt::Debug for JoinRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JoinRequest({}, device {})", self.invite, self.device)
    }
}

/// Opens a join request against the admin's open invitations and the current roster.
pub fn open_join_request(
    bytes: &[u8],
    open: &[Invitation],
    roster: &Roster,
    now_unix: i64,
) -> Result<JoinRequest, JoinError> {
    if bytes.len() < J_HEADER + 16 + 64 || bytes.len() > 64 << 10 || &bytes[..4] != J_MAGIC {
        return Err(JoinError::Malformed);
    }
    let ct_len = u32::from_le_bytes(bytes[J_HEADER - 4..J_HEADER].try_into().expect("4")) as usize;
    if J_HEADER + ct_len + 64 != bytes.len() {
        return Err(JoinError::Malformed);
    }
    let invite = InviteId(bytes[4..20].try_into().expect("16"));
    let device = DeviceId(bytes[20..36].try_into().expect("16"));
    let nonce: [u8; 24] = bytes[36..60].try_into().expect("24");
    if roster.used_invites.contains(&invite) {
        return Err(JoinError::AlreadyUsed);
    }
    let inv = open
        .iter()
        .find(|i| i.id == invite)
        .ok_or(JoinError::UnknownInvitation)?;
    if now_unix > inv.expires {
        return Err(JoinError::Expired);
    }
    let (body, sig) = bytes.split_at(bytes.len() - 64);
    let cipher = XChaCha20Poly1305::new_from_slice(&inv.secrets.request_key)
        .map_err(|_| JoinError::BadCode)?;
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &body[J_HEADER..],
                    aad: &body[..J_HEADER],
                },
            )
            .map_err(|_| JoinError::BadCode)?,
    );
    let req: RequestBody = serde_json::from_slice(&plain).map_err(|_| JoinError::Malformed)?;
    if !verify_signature(&req.public.sign, body, sig.try_into().expect("64")) {
        return Err(JoinError::BadSignature);
    }
    if roster.devices.contains_key(&device) {
        return Err(JoinError::DeviceTaken);
    }
    Ok(JoinRequest {
        invite,
        device,
        public: req.public,
        name: req.name,
    })
}

/// Every epoch key a device needs, and the team key. Zeroed on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyBundle {
    pub epochs: BTreeMap<u32, EpochKey>,
    pub team_key: TeamKey,
}

impl fmt::Debug for KeyBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "KeyBundle(epochs {:?}, <redacted>)",
            self.epochs.keys().collect::<Vec<_>>()
        )
    }
}

impl KeyBundle {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.team_key.as_bytes());
        out.extend_from_slice(&(self.epochs.len() as u32).to_le_bytes());
        for (e, k) in &self.epochs {
            out.extend_from_slice(&e.to_le_bytes());
            out.extend_from_slice(k.as_bytes());
        }
    }
    fn decode(b: &[u8]) -> Option<Self> {
        let team_key = TeamKey::from_bytes(b.get(..32)?.try_into().ok()?);
        let n = u32::from_le_bytes(b.get(32..36)?.try_into().ok()?) as usize;
        if b.len() != 36 + n * 36 {
            return None;
        }
        let mut epochs = BTreeMap::new();
        for i in 0..n {
            let at = 36 + i * 36;
            let e = u32::from_le_bytes(b[at..at + 4].try_into().ok()?);
            epochs.insert(e, EpochKey::from_bytes(b[at + 4..at + 36].try_into().ok()?));
        }
        Some(Self { epochs, team_key })
    }
    /// The key of `epoch`, for `segment::open`.
    pub fn epoch_key(&self, epoch: u32) -> Option<EpochKey> {
        self.epochs.get(&epoch).cloned()
    }
}

/// What the admin publishes when accepting a join request.
pub struct Accepted {
    pub roster: Roster,
    /// The `Change::Join` entry, to publish under the admin's device.
    pub entry: (Item, Vec<u8>),
    /// The welcome, to publish under the admin's device.
    pub welcome: (Item, Vec<u8>),
}

/// Accepts a verified join request: appends `Change::Join` to the roster (signed by the
/// admin's device, under the current epoch) and seals the welcome for the new device.
#[allow(clippy::too_many_arguments)]
pub fn accept(
    roster: &Roster,
    anchor: &TeamAnchor,
    inv: &Invitation,
    req: &JoinRequest,
    admin_device: DeviceId,
    admin: &DeviceKeys,
    bundle: &KeyBundle,
    now_unix: i64,
) -> Result<Accepted, JoinError> {
    if req.invite != inv.id {
        return Err(JoinError::UnknownInvitation);
    }
    let change = Change::Join {
        invite: inv.id,
        member: inv.member,
        name: inv.name.clone(),
        role: inv.role,
        device: req.device,
        public: req.public,
    };
    let epoch = roster.epoch;
    let key = bundle.epoch_key(epoch).ok_or(JoinError::Roster(
        "the current epoch's key is missing".into(),
    ))?;
    let (item, bytes, next) =
        roster::append(roster, &change, admin_device, admin, epoch, &key, now_unix)
            .map_err(|e| JoinError::Roster(e.to_string()))?;
    let (head, digest) = next.head();
    let mut plain = Zeroizing::new(Vec::with_capacity(256));
    plain.extend_from_slice(&anchor.team.0);
    plain.extend_from_slice(&anchor.genesis_device.0);
    plain.extend_from_slice(&anchor.genesis_sign);
    plain.extend_from_slice(&inv.member.0);
    plain.extend_from_slice(&head.to_le_bytes());
    plain.extend_from_slice(&digest);
    bundle.encode(&mut plain);
    let wh = WrapHeader {
        kind: WrapKind::Welcome,
        team: anchor.team,
        from: admin_device,
        to: req.device,
        label: inv.id.0,
    };
    let welcome = wrap::seal(
        &wh,
        &req.public,
        Some(&inv.secrets.welcome_psk),
        &plain,
        admin,
    )
    .map_err(JoinError::Wrap)?;
    Ok(Accepted {
        roster: next,
        entry: (item, bytes),
        welcome: (Item::Welcome { to: req.device }, welcome),
    })
}

/// A welcome opened by the newcomer. Not trusted until `verify_roster` succeeds.
pub struct Welcome {
    pub anchor: TeamAnchor,
    pub member: MemberId,
    pub from: DeviceId,
    /// The roster entry that added this device, and its digest.
    pub head: (u64, [u8; 32]),
    pub keys: KeyBundle,
    bytes: Vec<u8>,
}

impl fmt::Debug for Welcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Welcome({}, from {}, head {})",
            self.anchor.team, self.from, self.head.0
        )
    }
}

/// Opens a welcome meant for `me` with the secrets of the code it joined with.
pub fn open_welcome(
    bytes: &[u8],
    secrets: &InviteSecrets,
    me: DeviceId,
    keys: &DeviceKeys,
) -> Result<Welcome, JoinError> {
    let h = wrap::peek(bytes).map_err(JoinError::Wrap)?;
    if h.kind != WrapKind::Welcome || h.to != me || h.label != secrets.id {
        return Err(JoinError::Wrap(wrap::WrapError::DoesNotOpen));
    }
    let (_, plain) =
        wrap::open(bytes, keys, Some(&secrets.welcome_psk), None).map_err(JoinError::Wrap)?;
    let p = &plain[..];
    if p.len() < 16 + 16 + 32 + 16 + 8 + 32 {
        return Err(JoinError::BadWelcome);
    }
    let anchor = TeamAnchor {
        team: super::keys::TeamId(p[..16].try_into().expect("16")),
        genesis_device: DeviceId(p[16..32].try_into().expect("16")),
        genesis_sign: p[32..64].try_into().expect("32"),
    };
    if anchor.team != h.team {
        return Err(JoinError::BadWelcome);
    }
    let member = MemberId(p[64..80].try_into().expect("16"));
    let head = (
        u64::from_le_bytes(p[80..88].try_into().expect("8")),
        p[88..120].try_into().expect("32"),
    );
    let keys = KeyBundle::decode(&p[120..]).ok_or(JoinError::BadWelcome)?;
    Ok(Welcome {
        anchor,
        member,
        from: h.from,
        head,
        keys,
        bytes: bytes.to_vec(),
    })
}

impl Welcome {
    /// Replays the folder's roster with the welcome's anchor and keys, and checks that it
    /// contains the entry the welcome names, that the welcome's sender is an admin device in it
    /// whose signature verifies, and that this device is an active member's.
    pub fn verify_roster(
        &self,
        files: &[RosterFile],
        me: DeviceId,
    ) -> Result<(Roster, Verified), JoinError> {
        let verified = roster::verify(&self.anchor, files, &|e| self.keys.epoch_key(e));
        let r = verified.roster.clone().ok_or(JoinError::RosterMismatch)?;
        if r.chain.get(self.head.0 as usize) != Some(&self.head.1) {
            return Err(JoinError::RosterMismatch);
        }
        let sender = r.devices.get(&self.from).ok_or(JoinError::RosterMismatch)?;
        // The sender was an admin's device when it signed (it may have been removed since).
        if r.members
            .get(&sender.member)
            .is_none_or(|m| m.role != Role::Admin)
        {
            return Err(JoinError::RosterMismatch);
        }
        wrap::check_signature(&self.bytes, &sender.public.sign).map_err(JoinError::Wrap)?;
        match r.devices.get(&me) {
            Some(d) if d.member == self.member && d.removed.is_none() => Ok((r, verified)),
            _ => Err(JoinError::RosterMismatch),
        }
    }
}

/// Wraps `bundle` for each of `to` (e.g. every remaining device after a removal, issue 13):
/// one `keys-e<epoch>-<device>.key` file each, HPKE Base mode, signed by `from`.
pub fn wrap_for_devices(
    anchor: &TeamAnchor,
    epoch: u32,
    to: &[(DeviceId, DevicePublic)],
    bundle: &KeyBundle,
    from: DeviceId,
    keys: &DeviceKeys,
) -> Result<Vec<(Item, Vec<u8>)>, JoinError> {
    let mut plain = Zeroizing::new(Vec::new());
    bundle.encode(&mut plain);
    let mut label = [0u8; 16];
    label[..4].copy_from_slice(&epoch.to_le_bytes());
    to.iter()
        .map(|(device, public)| {
            let h = WrapHeader {
                kind: WrapKind::EpochKeys,
                team: anchor.team,
                from,
                to: *device,
                label,
            };
            let bytes = wrap::seal(&h, public, None, &plain, keys).map_err(JoinError::Wrap)?;
            Ok((Item::EpochKeys { epoch, to: *device }, bytes))
        })
        .collect()
}

/// Opens a key file wrapped for `me` by `from`, whose signing key the caller takes from the
/// verified roster (it must be an admin's device there).
pub fn open_wrapped_keys(
    bytes: &[u8],
    me: DeviceId,
    keys: &DeviceKeys,
    roster: &Roster,
) -> Result<KeyBundle, JoinError> {
    let h = wrap::peek(bytes).map_err(JoinError::Wrap)?;
    if h.kind != WrapKind::EpochKeys || h.to != me || h.team != roster.team {
        return Err(JoinError::Wrap(wrap::WrapError::DoesNotOpen));
    }
    if !roster.is_admin_device(h.from) {
        return Err(JoinError::Wrap(wrap::WrapError::BadSignature));
    }
    let sign = roster.devices[&h.from].public.sign;
    let (_, plain) = wrap::open(bytes, keys, None, Some(&sign)).map_err(JoinError::Wrap)?;
    KeyBundle::decode(&plain).ok_or(JoinError::BadWelcome)
}
