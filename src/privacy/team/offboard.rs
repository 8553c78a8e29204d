//! Offboarding and the admins' other roster changes (issue 13): removing a member (all their
//! laptops) or one lost laptop, changing a member's role, setting the team policy; and the
//! removed laptop's side: on its next sync it learns from the verified roster that it was
//! removed and wipes its store (keys first, then files).
//!
//! A removal appends two signed roster entries: the removal with each device's removal point
//! (its last segment this admin had applied, after a round that brought everything the folder
//! held), then `NewEpoch`. The new epoch key is wrapped (HPKE, `invite::wrap_for_devices`)
//! for the remaining devices only and the wraps are published before the entries, so a device
//! that reads the new epoch finds its key. Both entries are sealed under the old epoch, so the
//! removed laptop can still read that it was removed; everything after them is sealed under
//! the new key, which it never gets.

use super::round;
use super::state::{Ctx, save_roster};
use super::{SyncStatus, TeamError};
use crate::domain::Instant;
use crate::domain::audit::{Action, NewEvent};
use crate::store::{self, Store};
use crate::team::folder::{Found, Item, TeamFolder};
use crate::team::invite::{self, KeyBundle};
use crate::team::keys::{DeviceId, EpochKey, MemberId};
use crate::team::roster::{self, Change, Member, Role, Roster, RosterFile};
use serde::Serialize;
use std::collections::BTreeMap;

fn invalid(e: impl ToString) -> TeamError {
    TeamError::Invalid(e.to_string())
}

/// Whether the roster says `me` (this laptop) was removed, as a device or with its member.
pub fn is_removed(roster: &Roster, me: DeviceId) -> bool {
    roster.devices.get(&me).is_some_and(|d| {
        d.removed.is_some() || roster.members.get(&d.member).is_none_or(|m| m.removed)
    })
}

/// Takes the keys of new epochs that an admin wrapped for this device (after a removal) into
/// the store and `ctx`. True when a key was added (the caller reads the roster again).
pub(crate) fn take_epoch_keys(
    store: &mut Store,
    ctx: &mut Ctx,
    folder: &TeamFolder,
    found: &[Found],
    roster: &Roster,
) -> Result<bool, TeamError> {
    let mut added = false;
    for f in found {
        let Item::EpochKeys { epoch, to } = f.item else {
            continue;
        };
        if to != ctx.device || ctx.epochs.contains_key(&epoch) {
            continue;
        }
        let Ok(bytes) = folder.read(f) else { continue };
        // A wrap that does not open (not from an admin, damaged) is skipped; a good one may
        // still arrive.
        let Ok(bundle) = invite::open_wrapped_keys(&bytes, ctx.device, &ctx.keys, roster) else {
            continue;
        };
        for (e, k) in bundle.epochs {
            if let std::collections::btree_map::Entry::Vacant(slot) = ctx.epochs.entry(e) {
                store.write(|tx| store::team::add_epoch_key(tx, e, k.as_bytes()))?;
                slot.insert(k);
                added = true;
            }
        }
    }
    Ok(added)
}

/// What an admin's command works on: the verified roster (the folder's newest included) and
/// every roster file, under the sync lock.
struct Admin {
    ctx: Ctx,
    folder: TeamFolder,
    roster: Roster,
    files: Vec<RosterFile>,
    _lock: round::SyncLock,
}

/// Runs a round first (so removal points include everything the folder holds and the roster
/// is the newest), then checks that this device is an admin's.
fn admin(store: &mut Store, now: Instant, what: &str) -> Result<Admin, TeamError> {
    let report = round::round(store, now)?;
    match report.status {
        SyncStatus::Offline => {
            return Err(invalid(
                "the team folder is not reachable, so the change could not be published: connect it and try again",
            ));
        }
        SyncStatus::Removed => {
            return Err(invalid(
                "this laptop was removed from the team: run `rapport sync`",
            ));
        }
        SyncStatus::WaitingForAdmin | SyncStatus::NoRoster => {
            return Err(invalid(format!(
                "only an admin can {what}, and this laptop is not yet an accepted member of the team"
            )));
        }
        SyncStatus::Synced | SyncStatus::ClockAhead => {}
    }
    let lock = round::lock(store)?;
    let ctx = Ctx::load(store)?;
    let folder = TeamFolder::open(&ctx.me.folder).map_err(invalid)?;
    let found = folder.scan().map_err(invalid)?;
    let more = roster::load(&folder, &found);
    let roster = ctx
        .verify(&more)
        .and_then(|v| v.roster)
        .ok_or(TeamError::NotInTeam)?;
    match roster.device_role(ctx.device) {
        Some(Role::Admin) => {}
        Some(role) => {
            return Err(invalid(format!(
                "only an admin can {what}: your role in the team is {role}. Ask one of the team's admins (see `rapport team`)"
            )));
        }
        None => return Err(invalid(format!("only an admin can {what}"))),
    }
    let mut files = ctx.files.clone();
    files.extend(more);
    let mut a = Admin {
        ctx,
        folder,
        roster,
        files,
        _lock: lock,
    };
    // A removal whose new epoch never followed (the admin's laptop stopped between the two
    // entries) is finished first, so removed devices cannot read what comes next.
    if a.roster.rotation_pending() {
        let (epoch, _) = a.rotate(store, now)?;
        audit(
            store,
            now,
            format!("new-epoch {epoch} (owed by an earlier removal)"),
        )?;
    }
    Ok(a)
}

impl Admin {
    /// Seals `change` as the next roster entry under the current epoch, publishes it and
    /// stores the new roster.
    fn append(
        &mut self,
        store: &mut Store,
        change: &Change,
        now: Instant,
    ) -> Result<(), TeamError> {
        let epoch = self.roster.epoch;
        let key = self.ctx.epoch_key(epoch).ok_or_else(|| {
            invalid("this device lacks the team's current key: run `rapport sync` and try again")
        })?;
        let (item, bytes, next) = roster::append(
            &self.roster,
            change,
            self.ctx.device,
            &self.ctx.keys,
            epoch,
            &key,
            now.timestamp(),
        )
        .map_err(invalid)?;
        self.folder
            .publish(self.ctx.device, item, &bytes)
            .map_err(invalid)?;
        if let Item::Roster { index } = item {
            self.files.push(RosterFile {
                device: self.ctx.device,
                index,
                bytes,
            });
        }
        let anchor = self.ctx.anchor.ok_or(TeamError::NotInTeam)?;
        store.write(|tx| save_roster(tx, &anchor, &next, &self.files))?;
        self.roster = next;
        Ok(())
    }

    /// A fresh epoch key, kept in this store first, wrapped for every remaining device and
    /// published, then the `NewEpoch` entry. Returns the new epoch and how many wraps.
    fn rotate(&mut self, store: &mut Store, now: Instant) -> Result<(u32, usize), TeamError> {
        let epoch = self.roster.epoch + 1;
        let key = EpochKey::generate().map_err(invalid)?;
        let team_key = self
            .ctx
            .team_key
            .clone()
            .ok_or_else(|| invalid("this device lacks the team key: join the team again"))?;
        let anchor = self.ctx.anchor.ok_or(TeamError::NotInTeam)?;
        store.write(|tx| store::team::add_epoch_key(tx, epoch, key.as_bytes()))?;
        let to: Vec<_> = self
            .roster
            .active_devices()
            .filter(|d| d.id != self.ctx.device)
            .map(|d| (d.id, d.public))
            .collect();
        let bundle = KeyBundle {
            epochs: BTreeMap::from([(epoch, key.clone())]),
            team_key,
        };
        let wraps = invite::wrap_for_devices(
            &anchor,
            epoch,
            &to,
            &bundle,
            self.ctx.device,
            &self.ctx.keys,
        )
        .map_err(invalid)?;
        for (item, bytes) in &wraps {
            self.folder
                .publish(self.ctx.device, *item, bytes)
                .map_err(invalid)?;
        }
        self.append(store, &Change::NewEpoch { epoch }, now)?;
        self.ctx.epochs.insert(epoch, key);
        Ok((epoch, wraps.len()))
    }

    /// Each device's removal (or role-change) point: its last segment this device applied
    /// (its own last published segment for this device itself).
    fn points(
        &self,
        store: &Store,
        devices: &[DeviceId],
    ) -> Result<BTreeMap<DeviceId, Option<u64>>, TeamError> {
        let cursors = store.read(store::team::cursors)?;
        let me = store
            .read(store::team::membership)?
            .ok_or(TeamError::NotInTeam)?;
        Ok(devices
            .iter()
            .map(|d| {
                let last = if *d == self.ctx.device {
                    (!me.prev.is_empty()).then_some(me.seq)
                } else {
                    cursors.get(&d.0).map(|c| c.seq)
                };
                (*d, last)
            })
            .collect())
    }

    /// The active member named `who` (as invited, any case) or with that id.
    fn member(&self, who: &str) -> Result<Member, TeamError> {
        Probe {
            roster: &self.roster,
        }
        .member(who)
    }

    fn active_devices_of(&self, member: MemberId) -> Vec<DeviceId> {
        self.roster
            .active_devices()
            .filter(|d| d.member == member)
            .map(|d| d.id)
            .collect()
    }
}

fn audit(store: &mut Store, now: Instant, detail: String) -> Result<(), TeamError> {
    store.write(|tx| {
        store::audit::append(tx, &NewEvent::new(now, Action::Team, None).detail(detail))
    })?;
    Ok(())
}

/// What a removal did (ids only).
#[derive(Clone, Debug, Serialize)]
pub struct Removal {
    pub member: Option<String>,
    pub devices: Vec<String>,
    /// The epoch everything is published under from now on.
    pub epoch: u32,
    /// Remaining devices the new epoch key was wrapped for (this one aside).
    pub wrapped_for: usize,
}

/// What the confirmation says before a member is removed (shown to the admin only).
#[derive(Clone, Serialize)]
pub struct RemovalPreview {
    pub member: String,
    pub name: String,
    pub role: String,
    pub devices: usize,
}
crate::privacy::redacted_debug!(RemovalPreview);

/// The member `who` would be (name as invited, or id), for the confirmation; reads only.
pub fn preview_member(store: &Store, who: &str) -> Result<RemovalPreview, TeamError> {
    let ctx = Ctx::load(store)?;
    let roster = ctx
        .verify(&[])
        .and_then(|v| v.roster)
        .ok_or(TeamError::NotInTeam)?;
    let probe = Probe { roster: &roster };
    let m = probe.member(who)?;
    Ok(RemovalPreview {
        member: m.id.to_string(),
        name: m.name.clone(),
        role: m.role.to_string(),
        devices: roster.active_devices().filter(|d| d.member == m.id).count(),
    })
}

/// `member` lookup on a roster without an admin context.
struct Probe<'a> {
    roster: &'a Roster,
}

impl Probe<'_> {
    fn member(&self, who: &str) -> Result<Member, TeamError> {
        let who = who.trim();
        if let Ok(id) = MemberId::parse(who)
            && let Some(m) = self.roster.members.get(&id).filter(|m| !m.removed)
        {
            return Ok(m.clone());
        }
        let named: Vec<&Member> = self
            .roster
            .members
            .values()
            .filter(|m| !m.removed && m.name.trim().eq_ignore_ascii_case(who))
            .collect();
        match named.as_slice() {
            [m] => Ok((*m).clone()),
            [] => Err(invalid(
                "no active member has that name or id: see `rapport team` for the members and their ids",
            )),
            _ => Err(invalid(
                "more than one member has that name: use the member's id (see `rapport team`)",
            )),
        }
    }
}

/// `rapport team remove MEMBER`: removes the member and all their laptops, then moves the
/// team to a new epoch whose key only the remaining devices get.
pub fn remove_member(store: &mut Store, who: &str, now: Instant) -> Result<Removal, TeamError> {
    let mut a = admin(store, now, "remove members")?;
    let m = a.member(who)?;
    let devices = a.active_devices_of(m.id);
    let last_seqs = a.points(store, &devices)?;
    a.append(
        store,
        &Change::RemoveMember {
            member: m.id,
            last_seqs,
        },
        now,
    )
    .map_err(|e| match e {
        TeamError::Invalid(s) if s.contains("without an admin") => invalid(
            "the team's last admin cannot be removed: make another member an admin first (`rapport team role MEMBER admin`)",
        ),
        e => e,
    })?;
    let (epoch, wrapped_for) = a.rotate(store, now)?;
    audit(
        store,
        now,
        format!(
            "remove-member {} devices {} epoch {epoch}",
            m.id,
            devices.len()
        ),
    )?;
    Ok(Removal {
        member: Some(m.id.to_string()),
        devices: devices.iter().map(|d| d.to_string()).collect(),
        epoch,
        wrapped_for,
    })
}

/// `rapport team remove-device DEVICE`: a lost laptop; its person stays in the team.
pub fn remove_device(store: &mut Store, device: &str, now: Instant) -> Result<Removal, TeamError> {
    let mut a = admin(store, now, "remove devices")?;
    let id = DeviceId::parse(device.trim())
        .ok()
        .filter(|d| a.roster.active_devices().any(|x| x.id == *d))
        .ok_or_else(|| {
            invalid(
                "no active device has that id: see `rapport team` for the devices and their ids",
            )
        })?;
    let last_seq = a.points(store, &[id])?.remove(&id).flatten();
    a.append(
        store,
        &Change::RemoveDevice {
            device: id,
            last_seq,
        },
        now,
    )
    .map_err(|e| match e {
        TeamError::Invalid(s) if s.contains("without an admin") => invalid(
            "that is the last admin's last device and cannot be removed: make another member an admin first",
        ),
        e => e,
    })?;
    let (epoch, wrapped_for) = a.rotate(store, now)?;
    audit(store, now, format!("remove-device {id} epoch {epoch}"))?;
    Ok(Removal {
        member: None,
        devices: vec![id.to_string()],
        epoch,
        wrapped_for,
    })
}

/// `rapport team role MEMBER ROLE`. The member's segments up to each device's point keep the
/// old role at merge; later ones are judged under the new role. Returns the member's id.
pub fn change_role(
    store: &mut Store,
    who: &str,
    role: Role,
    now: Instant,
) -> Result<String, TeamError> {
    let mut a = admin(store, now, "change roles")?;
    let m = a.member(who)?;
    if m.role == role {
        return Ok(m.id.to_string());
    }
    let devices = a.active_devices_of(m.id);
    let points = a.points(store, &devices)?;
    a.append(
        store,
        &Change::ChangeRole {
            member: m.id,
            role,
            points,
        },
        now,
    )
    .map_err(|e| match e {
        TeamError::Invalid(s) if s.contains("without an admin") => invalid(
            "the team's last admin cannot stop being an admin: make another member an admin first",
        ),
        e => e,
    })?;
    audit(store, now, format!("change-role {} {role}", m.id))?;
    Ok(m.id.to_string())
}

/// `rapport team policy --second-factor … --max-idle-minutes N`: returns the policy after.
pub fn set_policy(
    store: &mut Store,
    second_factor_required: Option<bool>,
    max_idle_minutes: Option<u32>,
    now: Instant,
) -> Result<super::policy::TeamPolicy, TeamError> {
    if let Some(m) = max_idle_minutes
        && !(1..=240).contains(&m)
    {
        return Err(invalid(
            "--max-idle-minutes must be a whole number of minutes from 1 to 240: nothing was changed",
        ));
    }
    let mut a = admin(store, now, "set the team policy")?;
    let mut changes = Vec::new();
    if let Some(req) = second_factor_required {
        let value = if req { "required" } else { "optional" };
        changes.push((super::policy::SECOND_FACTOR, value.to_string()));
    }
    if let Some(m) = max_idle_minutes {
        changes.push((super::policy::MAX_IDLE_MINUTES, m.to_string()));
    }
    for (key, value) in changes {
        if a.roster.policy.get(key) == Some(&value) {
            continue;
        }
        a.append(
            store,
            &Change::SetPolicy {
                key: key.to_string(),
                value: value.clone(),
            },
            now,
        )?;
        audit(store, now, format!("set-policy {key}={value}"))?;
    }
    Ok(super::policy::TeamPolicy::of(&a.roster))
}

// The removed laptop's side lives beside this file; its names stay `offboard::…`.
pub use super::wipe::{SyncOutcome, Wiped, sync_or_wipe, wipe};
