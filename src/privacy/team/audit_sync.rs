//! The team's audit log travels with the segments (issue 12): a round publishes this device's
//! new audit events in its next segment (a snapshot carries the whole chain, so a newcomer gets
//! every device's log from the start), and checks each other device's events link by link
//! before the segment is applied; a break refuses the whole segment with a reason, nothing
//! half-applied. Also who is who for the views: device → member, and member → name from the
//! verified roster (names only for admins, and for a person's access export).

use super::TeamError;
use super::policy::{self, Standing};
use super::state::Ctx;
use crate::domain::AuditEvent;
use crate::domain::audit::{ReplicaError, continue_chain};
use crate::privacy::PrivacyError;
use crate::store::{self, Store, StoreError, Tx};
use crate::team::keys::DeviceId;
use crate::team::roster::{Role, Roster};
use std::collections::HashMap;

/// Own events per segment: bounds a snapshot's segments like its changes (an import of 100k
/// contacts appends 100k events).
pub(super) const CHUNK: usize = 20_000;

/// This device's audit events the next segment carries: all of them for a snapshot, else those
/// not yet published.
pub(super) fn outgoing(tx: &Tx, snapshot: bool) -> Result<Vec<AuditEvent>, StoreError> {
    let after = if snapshot {
        0
    } else {
        store::audit_team::published(tx)?
    };
    store::audit_team::own_after(tx, after)
}

/// Whether these unpublished events can wait for the next segment that carries changes: when
/// they are only unlocks (every `rapport sync` on the command line unlocks the store, so an
/// idle round would otherwise publish a segment every time).
pub(super) fn can_wait(events: &[AuditEvent]) -> bool {
    events
        .iter()
        .all(|e| e.action == crate::domain::Action::Unlock.as_str())
}

/// Checks the events a segment of `device` carries against what is held of its chain. `Ok(Err)`
/// is a refusal (reported, the segment not applied); the round holds the sync lock, so what was
/// read stays true until the segment's transaction.
pub(super) fn check(
    store: &Store,
    device: DeviceId,
    roster: &Roster,
    events: &[AuditEvent],
) -> Result<Result<Vec<AuditEvent>, ReplicaError>, TeamError> {
    if events.is_empty() {
        return Ok(Ok(Vec::new()));
    }
    let author = device.hex();
    let member = roster.devices.get(&device).map(|d| d.member.hex());
    Ok(store.read(|tx| {
        let head = store::audit_team::head(tx, &device.0)?;
        let held = |seq: i64| {
            store::audit_team::held_hash(tx, &device.0, seq)
                .ok()
                .flatten()
        };
        Ok::<_, StoreError>(
            continue_chain(
                head.as_ref().map(|(s, h)| (*s, h.as_str())),
                &held,
                events,
                (&author, member.as_deref()),
            )
            .map(|new| new.into_iter().cloned().collect()),
        )
    })?)
}

/// Stores checked events of `device` (in the segment's transaction).
pub(super) fn store_in(
    tx: &Tx,
    device: &[u8; 16],
    events: &[AuditEvent],
) -> Result<(), StoreError> {
    let refs: Vec<&AuditEvent> = events.iter().collect();
    store::audit_team::add(tx, device, &refs)
}

/// Who is who, from the verified roster.
#[derive(Clone, Default)]
pub struct Who {
    /// The store is in a team (an active member or once one).
    pub in_team: bool,
    /// This device's id (hex).
    pub this_device: Option<String>,
    /// Device id → its member's id (hex).
    pub member_of: HashMap<String, String>,
    /// Member id → name: filled for admins (and for a person's access export) only.
    pub names: HashMap<String, String>,
}
crate::privacy::redacted_debug!(Who);

impl Who {
    /// The member an event names, or (events from before a device joined) the member of the
    /// device whose chain holds it.
    pub fn member(&self, e: &AuditEvent, chain: Option<&str>) -> Option<String> {
        e.member
            .clone()
            .or_else(|| chain.and_then(|d| self.member_of.get(d).cloned()))
    }
}

fn privacy(e: TeamError) -> PrivacyError {
    match e {
        TeamError::Store(s) => PrivacyError::Store(s),
        other => PrivacyError::Invalid(other.to_string()),
    }
}

/// Reads the roster once. `names`: whether member names are wanted regardless of role (the
/// access export); otherwise only an admin gets them.
pub fn who(store: &Store, names: bool) -> Result<Who, PrivacyError> {
    let ctx = match Ctx::load(store) {
        Ok(c) => c,
        Err(TeamError::NotInTeam) => return Ok(Who::default()),
        Err(e) => return Err(privacy(e)),
    };
    let mut who = Who {
        in_team: true,
        this_device: Some(ctx.device.hex()),
        ..Who::default()
    };
    let Some(roster) = ctx.verify(&[]).and_then(|v| v.roster) else {
        return Ok(who);
    };
    let admin = matches!(
        policy::standing(store).map_err(privacy)?.0,
        Standing::Member(Role::Admin)
    );
    for d in roster.devices.values() {
        who.member_of.insert(d.id.hex(), d.member.hex());
    }
    if names || admin {
        for m in roster.members.values() {
            who.names.insert(m.id.hex(), m.name.clone());
        }
    }
    Ok(who)
}
