//! One sync round (`rapport sync`, and the app's background sync): under a lock so two
//! processes on one laptop never sync at once; a missing folder is working offline (a status,
//! not an error). In order: land segments a crash left pending; read the roster and, on an
//! admin's device, accept join requests; publish this device's new changes (or, when due, a
//! snapshot that replaces its older segments: compaction); apply every new valid segment of
//! the other devices in chain order (`incoming`: waiting on gaps; a new device starts from each
//! device's newest snapshot, not from years of history); compact again
//! when this round erased someone, so one round on every device leaves no file in the folder
//! that holds the person.

use super::audit_sync;
use super::state::{Ctx, save_roster};
use super::{RejectedFile, RoundReport, SyncStatus, TeamError};
use crate::domain::Instant;
use crate::store::{self, Store};
use crate::team::audit_wire;
use crate::team::change::{self, Change, Entity};
use crate::team::folder::{Found, Item, TeamFolder};
use crate::team::invite::{self, Invitation, JoinError};
use crate::team::keys::DeviceId;
use crate::team::roster::{self, Role, Roster};
use crate::team::segment::{self, Header, SegmentKind};

/// Changes per segment: keeps each segment far below the folder's size bound.
const CHUNK: usize = 20_000;
/// More own segments than this and the next round compacts them into a snapshot (a round that
/// finds nothing new lists names only, but fewer files keep cloud folders quick).
const COMPACT_AFTER: usize = 200;

/// Holds the laptop's sync lock for as long as it lives.
pub(crate) struct SyncLock(#[allow(dead_code)] std::fs::File);

pub(crate) fn lock(store: &Store) -> Result<SyncLock, TeamError> {
    let path = store.path().with_extension("team-lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|_| TeamError::Invalid("could not create the sync lock file beside the store: check that its folder is writable".into()))?;
    match file.try_lock() {
        Ok(()) => Ok(SyncLock(file)),
        Err(_) => Err(TeamError::Busy),
    }
}

fn unix(now: Instant) -> i64 {
    now.timestamp()
}

pub(super) fn rejected(f: &Found, reason: impl ToString) -> RejectedFile {
    RejectedFile {
        file: f.relative().to_string_lossy().replace('\\', "/"),
        reason: reason.to_string(),
    }
}

/// Runs one round. Returns what happened; `Err` only when the store itself fails or another
/// process holds the lock.
pub fn round(store: &mut Store, now: Instant) -> Result<RoundReport, TeamError> {
    let _lock = lock(store)?;
    let mut ctx = Ctx::load(store)?;
    let mut report = RoundReport::default();
    let Ok(folder) = TeamFolder::open(&ctx.me.folder) else {
        report.status = SyncStatus::Offline;
        return Ok(report);
    };
    let Ok(mut found) = folder.scan() else {
        report.status = SyncStatus::Offline;
        return Ok(report);
    };
    folder.clean_own_temp(ctx.device);
    if ctx.me.state == store::team::State::Joining {
        if !super::setup::try_welcome(store, &ctx, &folder, &found)? {
            report.status = SyncStatus::WaitingForAdmin;
            return Ok(report);
        }
        ctx = Ctx::load(store)?;
    }
    land_pending(store, &folder, ctx.device)?;
    let more = roster::load(&folder, &found);
    let Some(verified) = ctx.verify(&more) else {
        return Err(TeamError::Invalid(
            "this device knows no roster for its team: join the team again".into(),
        ));
    };
    for r in &verified.refused {
        report.rejected.push(RejectedFile {
            file: format!("dev-{}/roster-{:08}.ros", r.device, r.index),
            reason: r.reason.to_string(),
        });
    }
    let Some(mut roster) = verified.roster else {
        report.status = SyncStatus::NoRoster;
        return Ok(report);
    };
    // A new epoch (after a removal): take its key from the admin's wrap, then read the
    // roster entries sealed under it.
    while super::offboard::take_epoch_keys(store, &mut ctx, &folder, &found, &roster)? {
        match ctx.verify(&more).and_then(|v| v.roster) {
            Some(r) if r.chain.len() > roster.chain.len() => roster = r,
            _ => break,
        }
    }
    let anchor = ctx.anchor.expect("verify needs the anchor");
    let mut files = ctx.files.clone();
    files.extend(more);
    store.write(|tx| save_roster(tx, &anchor, &roster, &files))?;
    if super::offboard::is_removed(&roster, ctx.device) {
        // Nothing more is published or applied: the caller wipes this laptop's store.
        report.status = SyncStatus::Removed;
        return Ok(report);
    }
    if roster.is_admin_device(ctx.device) {
        report.joined = accept_joins(store, &ctx, &folder, &found, &mut roster, &mut report, now)?;
    }
    let compact = ctx.me.compact_due
        || ctx.me.prev.is_empty()
        || own_segments(&found, ctx.device).len() > COMPACT_AFTER;
    report.published += publish_own(store, &ctx, &folder, &roster, compact)?;
    if compact {
        remove_superseded(store, &folder, &mut found, ctx.device)?;
        report.compacted = true;
    }
    let mut raised = false;
    let applied = super::incoming::apply_all(
        store,
        &ctx,
        &folder,
        &found,
        &roster,
        now,
        &mut report,
        &mut raised,
    );
    if raised {
        store.set_cache_kib(store::CACHE_KIB)?;
    }
    applied?;
    if store
        .read(store::team::membership)?
        .is_some_and(|m| m.compact_due)
    {
        // Someone was erased in this round: this device's older segments may hold them.
        let ctx = Ctx::load(store)?;
        let found = folder.scan().unwrap_or_default();
        report.published += publish_own(store, &ctx, &folder, &roster, true)?;
        let mut found = found;
        remove_superseded(store, &folder, &mut found, ctx.device)?;
        report.compacted = true;
    }
    if report.erased > 0 {
        // The erasure path's last step: nothing of the person stays in the WAL.
        let _ = store.checkpoint_truncate();
    }
    store.write(|tx| store::team::round_done(tx, now.timestamp_micros()))?;
    if report.status == SyncStatus::Synced && report.clock_ahead_minutes.is_some() {
        report.status = SyncStatus::ClockAhead;
    }
    Ok(report)
}

fn own_segments(found: &[Found], me: DeviceId) -> Vec<(u64, SegmentKind)> {
    found
        .iter()
        .filter(|f| f.device == me)
        .filter_map(|f| match f.item {
            Item::Segment { seq, kind, .. } => Some((seq, kind)),
            _ => None,
        })
        .collect()
}

/// Segments sealed by a round that did not get to land them (a crash): the same bytes again.
fn land_pending(store: &mut Store, folder: &TeamFolder, me: DeviceId) -> Result<(), TeamError> {
    let Some(bytes) = store.read(store::team::pending)? else {
        return Ok(());
    };
    for (item, seg) in decode_pending(&bytes) {
        if folder.publish(me, item, &seg).is_err() {
            return Ok(()); // the folder went away: next round
        }
    }
    store.write(|tx| store::team::set_pending(tx, None))?;
    Ok(())
}

fn encode_pending(items: &[(Item, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (item, bytes) in items {
        let name = item.file_name();
        out.extend_from_slice(&(name.len() as u32).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(bytes);
    }
    out
}

fn decode_pending(mut b: &[u8]) -> Vec<(Item, Vec<u8>)> {
    let mut out = Vec::new();
    let take = |n: usize, b: &mut &[u8]| -> Option<Vec<u8>> {
        if b.len() < n {
            return None;
        }
        let (h, t) = b.split_at(n);
        *b = t;
        Some(h.to_vec())
    };
    while let Some(len) = take(4, &mut b) {
        let len = u32::from_le_bytes(len.try_into().unwrap_or([0; 4])) as usize;
        let Some(name) = take(len, &mut b) else { break };
        let Some(blen) = take(8, &mut b) else { break };
        let blen = u64::from_le_bytes(blen.try_into().unwrap_or([0; 8])) as usize;
        let Some(bytes) = take(blen, &mut b) else {
            break;
        };
        if let Some(item) = std::str::from_utf8(&name).ok().and_then(Item::parse) {
            out.push((item, bytes));
        }
    }
    out
}

/// Seals this device's new changes (or its snapshot) as the next segments of its chain,
/// advances the chain in the store with the sealed bytes kept as pending, lands them in the
/// folder, and clears them. Returns the number of changes published.
fn publish_own(
    store: &mut Store,
    ctx: &Ctx,
    folder: &TeamFolder,
    roster: &Roster,
    snapshot: bool,
) -> Result<usize, TeamError> {
    let epoch = roster.epoch;
    let key = ctx.epoch_key(epoch).ok_or_else(|| {
        TeamError::Invalid(
            "this device lacks the team's current key: ask an admin to accept it again".into(),
        )
    })?;
    let team = roster.team;
    let device = ctx.device;
    let (items, count) = store.write(|tx| {
        let me = store::team::membership(tx)?.ok_or(TeamError::NotInTeam)?;
        // A store in the team from before the everyday rows synced records them once; the
        // vocabularies stay the admins' (as at `team join`).
        if store::team_everyday::take_unrecorded(tx)? {
            store::team_everyday::record_everything(tx)?;
            if roster.device_role(device) != Some(Role::Admin) {
                for e in [Entity::Outcome, Entity::Industry] {
                    store::team::forget_own(tx, &device.0, e)?;
                }
            }
        }
        let changes: Vec<Change> = if snapshot {
            store::team::own_snapshot(tx, &device.0)?
        } else {
            store::team::own_changes_after(tx, &device.0, me.published)?
        };
        let audit = audit_sync::outgoing(tx, snapshot)?;
        if changes.is_empty() && !snapshot && audit_sync::can_wait(&audit) {
            return Ok((Vec::new(), 0));
        }
        let upto = changes
            .iter()
            .filter(|c| c.device == device.0)
            .map(|c| c.hlc)
            .max()
            .unwrap_or_default();
        let mut seq = if me.prev.is_empty() { 0 } else { me.seq + 1 };
        let mut prev: [u8; 32] = me.prev.as_slice().try_into().unwrap_or([0; 32]);
        let mut items = Vec::new();
        let chunks: Vec<&[Change]> = changes.chunks(CHUNK).collect();
        let audit_chunks: Vec<&[crate::domain::AuditEvent]> =
            audit.chunks(audit_sync::CHUNK).collect();
        let segments = chunks.len().max(audit_chunks.len()).max(1);
        for i in 0..segments {
            let chunk = chunks.get(i).copied().unwrap_or(&[]);
            let events = audit_chunks.get(i).copied().unwrap_or(&[]);
            let kind = if snapshot && i == 0 {
                SegmentKind::Snapshot
            } else {
                SegmentKind::Changes
            };
            let h = Header {
                team,
                device,
                epoch,
                seq,
                prev,
                kind,
            };
            let payload = audit_wire::attach(change::encode(chunk), events);
            let bytes = segment::seal(&h, &payload, &key, &ctx.keys)
                .map_err(|e| TeamError::Invalid(e.to_string()))?;
            prev = segment::digest(&bytes);
            items.push((Item::Segment { epoch, seq, kind }, bytes));
            seq += 1;
        }
        store::team::published(tx, upto, seq - 1, &prev, snapshot)?;
        if let Some(last) = audit.last() {
            store::audit_team::set_published(tx, last.seq)?;
        }
        store::team::set_pending(tx, Some(&encode_pending(&items)))?;
        Ok::<_, TeamError>((items, changes.len()))
    })?;
    if items.is_empty() {
        return Ok(0);
    }
    for (item, bytes) in &items {
        if folder.publish(device, *item, bytes).is_err() {
            return Ok(count); // lands at the next round (still pending)
        }
    }
    store.write(|tx| store::team::set_pending(tx, None))?;
    Ok(count)
}

/// After a snapshot: this device's segments before it are no longer needed by anyone (the
/// snapshot holds every field they won), so they go from the folder.
fn remove_superseded(
    store: &Store,
    folder: &TeamFolder,
    found: &mut Vec<Found>,
    me: DeviceId,
) -> Result<(), TeamError> {
    let Some(m) = store.read(store::team::membership)? else {
        return Ok(());
    };
    let all = folder.scan().unwrap_or_default();
    let newest_snapshot = own_segments(&all, me)
        .into_iter()
        .filter(|(s, k)| *k == SegmentKind::Snapshot && *s <= m.seq)
        .map(|(s, _)| s)
        .max();
    let Some(cut) = newest_snapshot else {
        return Ok(());
    };
    for f in all.iter().filter(|f| f.device == me) {
        if let Item::Segment { seq, .. } = f.item
            && seq < cut
        {
            let _ = folder.remove_own(me, f.item);
        }
    }
    *found = folder.scan().unwrap_or_default();
    Ok(())
}

fn accept_joins(
    store: &mut Store,
    ctx: &Ctx,
    folder: &TeamFolder,
    found: &[Found],
    roster: &mut Roster,
    report: &mut RoundReport,
    now: Instant,
) -> Result<usize, TeamError> {
    let open: Vec<Invitation> = store
        .read(store::team::invitations)?
        .into_iter()
        .filter(|i| i.used_at.is_none())
        .filter_map(|i| serde_json::from_slice(&i.secret).ok())
        .collect();
    if open.is_empty() {
        return Ok(0);
    }
    let Some(bundle) = ctx.bundle() else {
        return Ok(0);
    };
    let anchor = ctx.anchor.expect("an active member has an anchor");
    let mut joined = 0;
    for f in found {
        let Item::JoinRequest { .. } = f.item else {
            continue;
        };
        if roster.devices.contains_key(&f.device) {
            continue;
        }
        let Ok(bytes) = folder.read(f) else { continue };
        let req = match invite::open_join_request(&bytes, &open, roster, unix(now)) {
            Ok(req) if req.device == f.device => req,
            Ok(_) => {
                report
                    .rejected
                    .push(rejected(f, "join request in another device's directory"));
                continue;
            }
            // Another admin's invitation, or one accepted already: not ours to answer.
            Err(JoinError::UnknownInvitation | JoinError::AlreadyUsed | JoinError::DeviceTaken) => {
                continue;
            }
            Err(e) => {
                report.rejected.push(rejected(f, e));
                continue;
            }
        };
        let inv = open
            .iter()
            .find(|i| i.id == req.invite)
            .expect("opened with it");
        let accepted = invite::accept(
            roster,
            &anchor,
            inv,
            &req,
            ctx.device,
            &ctx.keys,
            &bundle,
            unix(now),
        )
        .map_err(|e| TeamError::Invalid(e.to_string()))?;
        let (entry_item, entry_bytes) = &accepted.entry;
        folder
            .publish(ctx.device, *entry_item, entry_bytes)
            .map_err(|e| TeamError::Invalid(e.to_string()))?;
        folder
            .publish(ctx.device, accepted.welcome.0, &accepted.welcome.1)
            .map_err(|e| TeamError::Invalid(e.to_string()))?;
        let Item::Roster { index } = *entry_item else {
            continue;
        };
        let mut files = ctx.files.clone();
        files.extend(roster::load(folder, found));
        files.push(roster::RosterFile {
            device: ctx.device,
            index,
            bytes: entry_bytes.clone(),
        });
        store.write(|tx| {
            store::team::use_invitation(tx, &inv.id.0, now.timestamp_micros())?;
            save_roster(tx, &anchor, &accepted.roster, &files)
        })?;
        *roster = accepted.roster;
        joined += 1;
    }
    Ok(joined)
}

/// Whether a device's member may write changes of this kind, judged by the role in force
/// where the change sits in the device's chain (`seg`: the segment's device and seq): a
/// member demoted later keeps what they wrote before, and nothing a device signs after its
/// removal point counts. Changes another device relays (tombstones in a snapshot) are judged
/// by the role their own device last wrote under.
pub(crate) fn may_write(
    roster: &Roster,
    device: &[u8; 16],
    entity: Entity,
    seg: (DeviceId, u64),
) -> bool {
    let device = DeviceId(*device);
    let seq = (device == seg.0).then_some(seg.1);
    role_allows(roster.role_at(device, seq), entity)
}

/// What each role may write: read-only nothing; sales the customer data but not the team's
/// vocabulary (purposes, their wordings, interests), which is the admins'.
pub fn role_allows(role: Option<Role>, entity: Entity) -> bool {
    match role {
        Some(Role::Admin) => true,
        Some(Role::Sales) => !matches!(
            entity,
            Entity::Purpose
                | Entity::Wording
                | Entity::Interest
                | Entity::Outcome
                | Entity::Industry
        ),
        Some(Role::ReadOnly) | None => false,
    }
}
