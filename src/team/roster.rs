//! The roster: who is in the team, with which role, on which devices (with their public keys).
//! It is a chain of entries, each a segment of kind `Roster` (so encrypted under an epoch key
//! and signed): entry `i` has `seq = i` and `prev = digest(entry i-1)`, and is signed by a
//! device that is an active admin after entries `0..i`. Entry 0 creates the team and is signed
//! by the creator's device, whose key the reader knows beforehand (`TeamAnchor`: the creator
//! has it, a newcomer gets it in the welcome). `verify` replays the chain from whatever files
//! the folder holds and reports every file it refused and why; an unsigned, wrongly signed,
//! off-chain or rule-breaking entry is ignored. Two admins appending at once fork the chain:
//! the entry with the lower digest wins on every device, the other is reported as lost so its
//! admin can append it again.
//!
//! Removal (issue 13) records the removal point: the removed device's last accepted segment
//! `seq`; its segments after that point are no longer accepted (`Roster::segment_signer`).

use super::keys::{DeviceId, DevicePublic, InviteId, MemberId, TeamId, hex32};
use super::segment::{Header, SegmentKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// What a member may do. Names on the command line: `admin`, `sales`, `read-only`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::AsRefStr,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Role {
    /// Everything, including the roster (invite, remove, change roles).
    Admin,
    /// Reads and writes customer data.
    Sales,
    /// Reads only.
    ReadOnly,
}

/// What the reader knows about a team before reading its roster: its id and the key that
/// signed entry 0. Stored by the caller beside the device keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamAnchor {
    pub team: TeamId,
    pub genesis_device: DeviceId,
    #[serde(with = "hex32")]
    pub genesis_sign: [u8; 32],
}

/// One change to the roster. Holds names (personal data): never printed by Debug.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Change {
    CreateTeam {
        team: TeamId,
        name: String,
        member: MemberId,
        member_name: String,
        device: DeviceId,
        public: DevicePublic,
    },
    /// A newcomer accepted from a join request: the member with their first device.
    Join {
        invite: InviteId,
        member: MemberId,
        name: String,
        role: Role,
        device: DeviceId,
        public: DevicePublic,
    },
    AddMember {
        member: MemberId,
        name: String,
        role: Role,
    },
    AddDevice {
        member: MemberId,
        device: DeviceId,
        public: DevicePublic,
    },
    /// `last_seq`: the device's last segment still accepted (None: none at all).
    RemoveDevice {
        device: DeviceId,
        last_seq: Option<u64>,
    },
    /// Removes the member and all their devices, each with its removal point.
    RemoveMember {
        member: MemberId,
        last_seqs: BTreeMap<DeviceId, Option<u64>>,
    },
    /// `points`: each device's last segment still judged under the old role (None: none;
    /// a device not listed, as in entries written before issue 13, takes the new role for all
    /// its segments).
    ChangeRole {
        member: MemberId,
        role: Role,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        points: BTreeMap<DeviceId, Option<u64>>,
    },
    SetPolicy {
        key: String,
        value: String,
    },
    /// The team moves to epoch `epoch`; its key reaches the remaining devices wrapped.
    NewEpoch {
        epoch: u32,
    },
}

impl Change {
    /// The operation's name, for reports and Debug.
    pub fn op(&self) -> &'static str {
        match self {
            Change::CreateTeam { .. } => "create-team",
            Change::Join { .. } => "join",
            Change::AddMember { .. } => "add-member",
            Change::AddDevice { .. } => "add-device",
            Change::RemoveDevice { .. } => "remove-device",
            Change::RemoveMember { .. } => "remove-member",
            Change::ChangeRole { .. } => "change-role",
            Change::SetPolicy { .. } => "set-policy",
            Change::NewEpoch { .. } => "new-epoch",
        }
    }
}

impl fmt::Debug for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Change({})", self.op())
    }
}

#[derive(Serialize, Deserialize)]
pub(crate) struct Body {
    /// Unix seconds when the admin made the change (informational).
    pub(crate) at: i64,
    pub(crate) change: Change,
}

/// A person in the team.
#[derive(Clone, PartialEq, Eq)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    pub role: Role,
    pub removed: bool,
    /// Unix seconds of the entry that added them.
    pub since: i64,
}

impl fmt::Debug for Member {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Member({}, {}, removed: {})",
            self.id, self.role, self.removed
        )
    }
}

/// Where a device was removed from the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removal {
    /// The roster entry that removed it.
    pub at_index: u64,
    /// Its last segment still accepted.
    pub last_seq: Option<u64>,
}

/// A device of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: DeviceId,
    pub member: MemberId,
    pub public: DevicePublic,
    pub added_at: u64,
    pub removed: Option<Removal>,
    /// The member's role over this device's chain: `(after, role)` means segments with a seq
    /// above `after` (None: every segment) were written under `role`; later entries win.
    pub roles: Vec<(Option<u64>, Role)>,
}

impl Device {
    /// The role its member had when this device wrote segment `seq` (removal aside).
    pub fn role_at(&self, seq: u64) -> Option<Role> {
        self.roles
            .iter()
            .filter(|(after, _)| after.is_none_or(|a| seq > a))
            .map(|(_, r)| *r)
            .next_back()
    }
}

/// The verified roster after replaying the chain.
#[derive(Clone, PartialEq, Eq)]
pub struct Roster {
    pub team: TeamId,
    pub name: String,
    pub members: BTreeMap<MemberId, Member>,
    pub devices: BTreeMap<DeviceId, Device>,
    /// The current epoch (0 at creation).
    pub epoch: u32,
    /// The index of the entry that started the current epoch (0: the creation).
    pub epoch_at: u64,
    pub policy: BTreeMap<String, String>,
    pub used_invites: BTreeSet<InviteId>,
    /// Digest of every accepted entry, by index; the last is the head.
    pub chain: Vec<[u8; 32]>,
}

// The team's name may name a person (a one-person firm): Debug leaves it out.
impl fmt::Debug for Roster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Roster")
            .field("team", &self.team)
            .field("members", &self.members)
            .field("devices", &self.devices)
            .field("epoch", &self.epoch)
            .field("entries", &self.chain.len())
            .finish_non_exhaustive()
    }
}

impl Roster {
    /// Index of the last accepted entry and its digest (what the next entry's `prev` holds).
    pub fn head(&self) -> (u64, [u8; 32]) {
        let i = self.chain.len() - 1;
        (i as u64, self.chain[i])
    }

    /// The role of a device's member, if the device and member are both active.
    pub fn device_role(&self, device: DeviceId) -> Option<Role> {
        let d = self.devices.get(&device).filter(|d| d.removed.is_none())?;
        let m = self.members.get(&d.member).filter(|m| !m.removed)?;
        Some(m.role)
    }

    /// A removal was recorded after the current epoch began: its new epoch is still owed (an
    /// admin's laptop stopped between the two entries); the next admin change makes it.
    pub fn rotation_pending(&self) -> bool {
        self.devices.values().any(|d| {
            d.removed
                .as_ref()
                .is_some_and(|x| x.at_index > self.epoch_at)
        })
    }

    pub fn is_admin_device(&self, device: DeviceId) -> bool {
        self.device_role(device) == Some(Role::Admin)
    }

    /// Active admins.
    pub fn admins(&self) -> Vec<MemberId> {
        self.members
            .values()
            .filter(|m| !m.removed && m.role == Role::Admin)
            .map(|m| m.id)
            .collect()
    }

    /// The active devices (the ones keys are wrapped for).
    pub fn active_devices(&self) -> impl Iterator<Item = &Device> {
        self.devices.values().filter(|d| {
            d.removed.is_none() && self.members.get(&d.member).is_some_and(|m| !m.removed)
        })
    }

    /// The role under which a device's segment `seq` is judged: its member's role at that
    /// point of the roster; None when the device is unknown or the segment lies after its
    /// removal point. Changes relayed in another device's snapshot (`seq` None) are judged by
    /// the role the device last wrote under.
    pub fn role_at(&self, device: DeviceId, seq: Option<u64>) -> Option<Role> {
        let d = self.devices.get(&device)?;
        let limit = match d.removed {
            None => None,
            Some(Removal { last_seq: None, .. }) => return None,
            Some(Removal {
                last_seq: Some(l), ..
            }) => Some(l),
        };
        match (seq, limit) {
            (Some(s), Some(l)) if s > l => None,
            (Some(s), _) => d.role_at(s),
            (None, Some(l)) => d.role_at(l),
            (None, None) => d.role_at(u64::MAX),
        }
    }

    /// The Ed25519 key that may sign a segment with this header: the device's, if it is active,
    /// or if it was removed and this seq is at or before its removal point. Roster headers
    /// are not segments of a device's chain and get None here (see `verify`).
    pub fn segment_signer(&self, h: &Header) -> Option<[u8; 32]> {
        if h.team != self.team || h.kind == SegmentKind::Roster {
            return None;
        }
        let d = self.devices.get(&h.device)?;
        match d.removed {
            None => Some(d.public.sign),
            Some(Removal {
                last_seq: Some(last),
                ..
            }) if h.seq <= last => Some(d.public.sign),
            Some(_) => None,
        }
    }
}

/// Why a roster change cannot apply. One sentence, no personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("the first roster entry must create the team")]
    NotGenesis,
    #[error("the team can be created only once")]
    AlreadyCreated,
    #[error("signed by a device that is not an admin's")]
    NotAdmin,
    #[error("that member is already in the team")]
    MemberExists,
    #[error("no such active member")]
    NoSuchMember,
    #[error("that device id is already used")]
    DeviceExists,
    #[error("no such active device")]
    NoSuchDevice,
    #[error("the invitation was already used")]
    InviteUsed,
    #[error("the team would be left without an admin")]
    LastAdmin,
    #[error("a removal must list every device of the member")]
    DevicesNotListed,
    #[error("a new epoch must follow the current one")]
    EpochOrder,
    #[error("a name or setting is empty or too long")]
    BadText,
}

fn text_ok(s: &str, max: usize) -> bool {
    !s.trim().is_empty() && s.chars().count() <= max
}

/// Applies `change` (signed by `signer`, at entry `index`) to `state`. Pure.
pub fn apply(
    state: Option<&Roster>,
    index: u64,
    signer: DeviceId,
    at: i64,
    change: &Change,
    digest: [u8; 32],
) -> Result<Roster, RuleError> {
    let mut r = match (state, change) {
        (
            None,
            Change::CreateTeam {
                team,
                name,
                member,
                member_name,
                device,
                public,
            },
        ) => {
            if index != 0 || signer != *device {
                return Err(RuleError::NotGenesis);
            }
            if !text_ok(name, 200) || !text_ok(member_name, 200) {
                return Err(RuleError::BadText);
            }
            let mut r = Roster {
                team: *team,
                name: name.clone(),
                members: BTreeMap::new(),
                devices: BTreeMap::new(),
                epoch: 0,
                epoch_at: 0,
                policy: BTreeMap::new(),
                used_invites: BTreeSet::new(),
                chain: vec![],
            };
            r.members.insert(
                *member,
                Member {
                    id: *member,
                    name: member_name.clone(),
                    role: Role::Admin,
                    removed: false,
                    since: at,
                },
            );
            r.devices.insert(
                *device,
                Device {
                    id: *device,
                    member: *member,
                    public: *public,
                    added_at: 0,
                    removed: None,
                    roles: vec![(None, Role::Admin)],
                },
            );
            r.chain.push(digest);
            return Ok(r);
        }
        (None, _) => return Err(RuleError::NotGenesis),
        (Some(_), Change::CreateTeam { .. }) => return Err(RuleError::AlreadyCreated),
        (Some(s), _) => s.clone(),
    };
    if !r.is_admin_device(signer) {
        return Err(RuleError::NotAdmin);
    }
    let new_member = |r: &Roster, m: &MemberId| {
        if r.members.contains_key(m) {
            Err(RuleError::MemberExists)
        } else {
            Ok(())
        }
    };
    let new_device = |r: &Roster, d: &DeviceId| {
        if r.devices.contains_key(d) {
            Err(RuleError::DeviceExists)
        } else {
            Ok(())
        }
    };
    match change {
        Change::CreateTeam { .. } => unreachable!("handled above"),
        Change::Join {
            invite,
            member,
            name,
            role,
            device,
            public,
        } => {
            if r.used_invites.contains(invite) {
                return Err(RuleError::InviteUsed);
            }
            new_member(&r, member)?;
            new_device(&r, device)?;
            if !text_ok(name, 200) {
                return Err(RuleError::BadText);
            }
            r.used_invites.insert(*invite);
            r.members.insert(
                *member,
                Member {
                    id: *member,
                    name: name.clone(),
                    role: *role,
                    removed: false,
                    since: at,
                },
            );
            r.devices.insert(
                *device,
                Device {
                    id: *device,
                    member: *member,
                    public: *public,
                    added_at: index,
                    removed: None,
                    roles: vec![(None, *role)],
                },
            );
        }
        Change::AddMember { member, name, role } => {
            new_member(&r, member)?;
            if !text_ok(name, 200) {
                return Err(RuleError::BadText);
            }
            r.members.insert(
                *member,
                Member {
                    id: *member,
                    name: name.clone(),
                    role: *role,
                    removed: false,
                    since: at,
                },
            );
        }
        Change::AddDevice {
            member,
            device,
            public,
        } => {
            let Some(role) = r.members.get(member).filter(|m| !m.removed).map(|m| m.role) else {
                return Err(RuleError::NoSuchMember);
            };
            new_device(&r, device)?;
            r.devices.insert(
                *device,
                Device {
                    id: *device,
                    member: *member,
                    public: *public,
                    added_at: index,
                    removed: None,
                    roles: vec![(None, role)],
                },
            );
        }
        Change::RemoveDevice { device, last_seq } => {
            let d = r
                .devices
                .get_mut(device)
                .filter(|d| d.removed.is_none())
                .ok_or(RuleError::NoSuchDevice)?;
            d.removed = Some(Removal {
                at_index: index,
                last_seq: *last_seq,
            });
        }
        Change::RemoveMember { member, last_seqs } => {
            if r.members.get(member).is_none_or(|m| m.removed) {
                return Err(RuleError::NoSuchMember);
            }
            let theirs: Vec<DeviceId> = r
                .devices
                .values()
                .filter(|d| d.member == *member && d.removed.is_none())
                .map(|d| d.id)
                .collect();
            if theirs.iter().any(|d| !last_seqs.contains_key(d)) {
                return Err(RuleError::DevicesNotListed);
            }
            for d in theirs {
                let last_seq = last_seqs.get(&d).copied().flatten();
                if let Some(dev) = r.devices.get_mut(&d) {
                    dev.removed = Some(Removal {
                        at_index: index,
                        last_seq,
                    });
                }
            }
            if let Some(m) = r.members.get_mut(member) {
                m.removed = true;
            }
        }
        Change::ChangeRole {
            member,
            role,
            points,
        } => {
            let m = r
                .members
                .get_mut(member)
                .filter(|m| !m.removed)
                .ok_or(RuleError::NoSuchMember)?;
            m.role = *role;
            for d in r
                .devices
                .values_mut()
                .filter(|d| d.member == *member && d.removed.is_none())
            {
                let after = points.get(&d.id).copied().flatten();
                if !points.contains_key(&d.id) || after.is_none() {
                    // The new role covers the whole chain (an entry without points, or a
                    // device that had written nothing yet).
                    d.roles = vec![(None, *role)];
                } else {
                    d.roles.push((after, *role));
                }
            }
        }
        Change::SetPolicy { key, value } => {
            if !text_ok(key, 64) || value.chars().count() > 256 {
                return Err(RuleError::BadText);
            }
            r.policy.insert(key.clone(), value.clone());
        }
        Change::NewEpoch { epoch } => {
            if *epoch != r.epoch + 1 {
                return Err(RuleError::EpochOrder);
            }
            r.epoch = *epoch;
            r.epoch_at = index;
        }
    }
    // An admin must remain who still has a device to sign with.
    let admin_device = r
        .active_devices()
        .any(|d| r.device_role(d.id) == Some(Role::Admin));
    if !admin_device {
        return Err(RuleError::LastAdmin);
    }
    r.chain.push(digest);
    Ok(r)
}

// Reading and writing the chain live beside this file; their names stay `roster::…`.
pub use super::roster_chain::{
    Created, Refused, RosterError, RosterFile, RosterReject, Verified, append, create_team, load,
    verify,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::keys::DeviceKeys;

    #[test]
    fn a_removal_owes_a_new_epoch_until_one_follows() {
        let public = || DeviceKeys::generate().unwrap().public();
        let (team, admin_m, admin_d) = (
            TeamId::random().unwrap(),
            MemberId::random().unwrap(),
            DeviceId::random().unwrap(),
        );
        let create = Change::CreateTeam {
            team,
            name: "T".into(),
            member: admin_m,
            member_name: "A".into(),
            device: admin_d,
            public: public(),
        };
        let r = apply(None, 0, admin_d, 0, &create, [0; 32]).unwrap();
        let other = DeviceId::random().unwrap();
        let add = Change::AddDevice {
            member: admin_m,
            device: other,
            public: public(),
        };
        let r = apply(Some(&r), 1, admin_d, 0, &add, [1; 32]).unwrap();
        assert!(!r.rotation_pending());
        let remove = Change::RemoveDevice {
            device: other,
            last_seq: None,
        };
        let r = apply(Some(&r), 2, admin_d, 0, &remove, [2; 32]).unwrap();
        assert!(r.rotation_pending(), "the removal owes a new epoch");
        let r = apply(
            Some(&r),
            3,
            admin_d,
            0,
            &Change::NewEpoch { epoch: 1 },
            [3; 32],
        )
        .unwrap();
        assert!(!r.rotation_pending());
    }
}
