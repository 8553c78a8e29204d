//! The roster's chain on the folder: replaying entries read from any number of files into the
//! verified `Roster` (refusing, with a reason, every entry that is unsigned, wrongly signed,
//! off-chain, breaks a rule or lost a fork), and sealing new entries (team creation, `append`).
//! The rules themselves are `roster::apply`, pure.

use super::folder::{Found, Item, TeamFolder};
use super::keys::{DeviceId, DeviceKeys, EpochKey, MemberId, RandomFailed, TeamId, TeamKey};
use super::roster::{Body, Change, Roster, RuleError, TeamAnchor, apply};
use super::segment::{self, Header, Reject, SegmentKind};
use std::collections::{BTreeMap, BTreeSet};

/// A roster file read from the folder: its writer's directory, its index from its name, and
/// its bytes.
#[derive(Debug, Clone)]
pub struct RosterFile {
    pub device: DeviceId,
    pub index: u64,
    pub bytes: Vec<u8>,
}

/// Why a roster file was not taken into the roster. One sentence, no personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterReject {
    #[error("roster entry refused: {0}")]
    Segment(Reject),
    #[error("roster entry refused: its name does not match its contents")]
    Misnamed,
    #[error("roster entry refused: not signed by an admin's device")]
    NotAdmin,
    #[error("roster entry refused: it does not follow the roster's chain")]
    OffChain,
    #[error("roster entry refused: its contents are not a roster change")]
    Malformed,
    #[error("roster entry refused: {0}")]
    Rule(RuleError),
    #[error("roster entry lost to a concurrent change by another admin (append it again)")]
    LostFork,
}

/// One refused roster file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub device: DeviceId,
    pub index: u64,
    pub reason: RosterReject,
}

/// The result of replaying the roster files.
#[derive(Debug, Clone)]
pub struct Verified {
    /// None when no valid entry 0 was found (the folder is not this team's, or not synced yet).
    pub roster: Option<Roster>,
    pub refused: Vec<Refused>,
}

/// Replays the roster chain from `files` (any order, duplicates and junk included).
pub fn verify(
    anchor: &TeamAnchor,
    files: &[RosterFile],
    keys: &dyn Fn(u32) -> Option<EpochKey>,
) -> Verified {
    let mut refused = Vec::new();
    let mut by_index: BTreeMap<u64, Vec<(&RosterFile, Header)>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for f in files {
        if !seen.insert((f.device, f.index)) {
            continue; // the same file twice
        }
        let refuse = |reason| Refused {
            device: f.device,
            index: f.index,
            reason,
        };
        match segment::peek(&f.bytes) {
            Err(r) => refused.push(refuse(RosterReject::Segment(r))),
            Ok(h) if h.team != anchor.team => {
                refused.push(refuse(RosterReject::Segment(Reject::ForeignTeam)))
            }
            Ok(h) if h.kind != SegmentKind::Roster || h.device != f.device || h.seq != f.index => {
                refused.push(refuse(RosterReject::Misnamed))
            }
            Ok(h) => by_index.entry(f.index).or_default().push((f, h)),
        }
    }
    let mut state: Option<Roster> = None;
    let mut prev = [0u8; 32];
    let mut index = 0u64;
    while let Some(cands) = by_index.remove(&index) {
        let mut valid: Vec<([u8; 32], Roster, &RosterFile)> = Vec::new();
        for (f, h) in cands {
            let refuse = |reason| Refused {
                device: f.device,
                index,
                reason,
            };
            if h.prev != prev {
                refused.push(refuse(RosterReject::OffChain));
                continue;
            }
            let signer = match &state {
                None if h.device == anchor.genesis_device => anchor.genesis_sign,
                None => {
                    refused.push(refuse(RosterReject::NotAdmin));
                    continue;
                }
                Some(r) if r.is_admin_device(h.device) => r.devices[&h.device].public.sign,
                Some(_) => {
                    refused.push(refuse(RosterReject::NotAdmin));
                    continue;
                }
            };
            let plain = match segment::open(&f.bytes, anchor.team, &|_| Some(signer), keys) {
                Ok((_, p)) => p,
                Err(r) => {
                    refused.push(refuse(RosterReject::Segment(r)));
                    continue;
                }
            };
            let Ok(body) = serde_json::from_slice::<Body>(&plain) else {
                refused.push(refuse(RosterReject::Malformed));
                continue;
            };
            if let (
                None,
                Change::CreateTeam {
                    team,
                    device,
                    public,
                    ..
                },
            ) = (&state, &body.change)
                && (*team != anchor.team
                    || *device != anchor.genesis_device
                    || public.sign != anchor.genesis_sign)
            {
                refused.push(refuse(RosterReject::Rule(RuleError::NotGenesis)));
                continue;
            }
            let digest = segment::digest(&f.bytes);
            match apply(
                state.as_ref(),
                index,
                h.device,
                body.at,
                &body.change,
                digest,
            ) {
                Ok(r) => valid.push((digest, r, f)),
                Err(e) => refused.push(refuse(RosterReject::Rule(e))),
            }
        }
        if valid.is_empty() {
            break;
        }
        valid.sort_by_key(|a| a.0);
        let mut it = valid.into_iter();
        let (digest, winner, _) = it.next().expect("not empty");
        for (_, _, f) in it {
            refused.push(Refused {
                device: f.device,
                index,
                reason: RosterReject::LostFork,
            });
        }
        state = Some(winner);
        prev = digest;
        index += 1;
    }
    for (i, cands) in by_index {
        for (f, _) in cands {
            refused.push(Refused {
                device: f.device,
                index: i,
                reason: RosterReject::OffChain,
            });
        }
    }
    Verified {
        roster: state,
        refused,
    }
}

/// Reads every roster file among `found`; files that vanished or cannot be read are skipped
/// (a later round sees them again).
pub fn load(folder: &TeamFolder, found: &[Found]) -> Vec<RosterFile> {
    found
        .iter()
        .filter_map(|f| match f.item {
            Item::Roster { index } => folder.read(f).ok().map(|bytes| RosterFile {
                device: f.device,
                index,
                bytes,
            }),
            _ => None,
        })
        .collect()
}

/// Why a roster entry could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    #[error("{0}")]
    Rule(RuleError),
    #[error("{0}")]
    Seal(segment::SegmentError),
    #[error("{0}")]
    Random(RandomFailed),
}

/// A new team: its anchor, the creator's ids, fresh epoch-0 and team keys, and entry 0.
pub struct Created {
    pub anchor: TeamAnchor,
    pub member: MemberId,
    pub epoch_key: EpochKey,
    pub team_key: TeamKey,
    pub roster: Roster,
    /// Entry 0, to publish under the creator's device.
    pub entry: (Item, Vec<u8>),
}

/// Creates a team: `device` (with `keys`) becomes the first admin's device.
pub fn create_team(
    name: &str,
    creator_name: &str,
    device: DeviceId,
    keys: &DeviceKeys,
    now_unix: i64,
) -> Result<Created, RosterError> {
    let team = TeamId::random().map_err(RosterError::Random)?;
    let member = MemberId::random().map_err(RosterError::Random)?;
    let epoch_key = EpochKey::generate().map_err(RosterError::Random)?;
    let team_key = TeamKey::generate().map_err(RosterError::Random)?;
    let public = keys.public();
    let change = Change::CreateTeam {
        team,
        name: name.trim().to_string(),
        member,
        member_name: creator_name.trim().to_string(),
        device,
        public,
    };
    let anchor = TeamAnchor {
        team,
        genesis_device: device,
        genesis_sign: public.sign,
    };
    let (item, bytes) = seal_entry(
        team, 0, [0; 32], device, keys, 0, &epoch_key, now_unix, &change,
    )?;
    let roster = apply(None, 0, device, now_unix, &change, segment::digest(&bytes))
        .map_err(RosterError::Rule)?;
    Ok(Created {
        anchor,
        member,
        epoch_key,
        team_key,
        roster,
        entry: (item, bytes),
    })
}

#[allow(clippy::too_many_arguments)]
fn seal_entry(
    team: TeamId,
    index: u64,
    prev: [u8; 32],
    device: DeviceId,
    keys: &DeviceKeys,
    epoch: u32,
    key: &EpochKey,
    at: i64,
    change: &Change,
) -> Result<(Item, Vec<u8>), RosterError> {
    let body = serde_json::to_vec(&Body {
        at,
        change: change.clone(),
    })
    .expect("roster entries serialise");
    let h = Header {
        team,
        device,
        epoch,
        seq: index,
        prev,
        kind: SegmentKind::Roster,
    };
    let bytes = segment::seal(&h, &body, key, keys).map_err(RosterError::Seal)?;
    Ok((Item::Roster { index }, bytes))
}

/// Appends `change` to the verified `roster`, signed by admin device `device`, encrypted under
/// `epoch`'s `key`. The change is checked first; returns the file to publish and the new roster.
pub fn append(
    roster: &Roster,
    change: &Change,
    device: DeviceId,
    keys: &DeviceKeys,
    epoch: u32,
    key: &EpochKey,
    now_unix: i64,
) -> Result<(Item, Vec<u8>, Roster), RosterError> {
    let (head, prev) = roster.head();
    let index = head + 1;
    // Check the rule before sealing (the digest is unknown yet; apply again after).
    apply(Some(roster), index, device, now_unix, change, [0; 32]).map_err(RosterError::Rule)?;
    let (item, bytes) = seal_entry(
        roster.team,
        index,
        prev,
        device,
        keys,
        epoch,
        key,
        now_unix,
        change,
    )?;
    let next = apply(
        Some(roster),
        index,
        device,
        now_unix,
        change,
        segment::digest(&bytes),
    )
    .map_err(RosterError::Rule)?;
    Ok((item, bytes, next))
}
