//! The team use-cases (issue 12): create a team, invite, join, one sync round, members and
//! status. Every function takes the store and `now` and returns plain data that the CLI prints
//! and a GUI shows. For the app's background sync, call them on a connection of its own
//! (`Store::another`) from a thread: a round never makes the app's reads wait (WAL), and the
//! round's lock keeps two processes from syncing at once.
//!
//! - `setup::create(store, team_name, folder, my_name, now) -> Created`
//! - `setup::invite(store, person_name, role, now) -> code` (show it once)
//! - `setup::join(store, folder, code, my_name, now) -> device id`
//! - `round::round(store, now) -> RoundReport` (one round: publish, then apply)
//! - `members(store) -> Vec<MemberView>`, `status(store) -> Option<TeamStatus>`
//! - `policy::standing(store) -> (Standing, TeamPolicy)`: this user's role and the team's rules
//! - `offboard::{remove_member, remove_device, change_role, set_policy}` (admins, issue 13) and
//!   `offboard::sync_or_wipe(store, data_dir, now)`: a round that wipes a removed laptop

pub mod apply;
pub mod audit_sync;
mod incoming;
pub mod offboard;
pub mod policy;
pub mod round;
pub mod setup;
mod state;
mod wipe;

use crate::store::{self, Store, StoreError};
use crate::team::hlc::ClockAhead;
use serde::Serialize;

/// Why a team operation failed. One sentence, no personal data.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Privacy(Box<crate::privacy::PrivacyError>),
    #[error(transparent)]
    ClockAhead(#[from] ClockAhead),
    #[error(
        "this store is not in a team: create one with `rapport team create` or join with `rapport team join`"
    )]
    NotInTeam,
    #[error("another Rapport process on this laptop is syncing right now: try again in a moment")]
    Busy,
    #[error("{0}")]
    Invalid(String),
}

impl From<crate::privacy::PrivacyError> for TeamError {
    fn from(e: crate::privacy::PrivacyError) -> Self {
        match e {
            crate::privacy::PrivacyError::Store(s) => TeamError::Store(s),
            other => TeamError::Privacy(Box::new(other)),
        }
    }
}

/// What `create` did.
#[derive(Debug, Serialize)]
pub struct Created {
    pub team: String,
    pub device: String,
    /// Contacts that became the team's.
    pub contacts: usize,
    pub round: RoundReport,
}

/// How a round ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncStatus {
    #[default]
    Synced,
    /// The folder is not reachable: working offline.
    Offline,
    /// A device's clock is too far ahead: its changes wait.
    ClockAhead,
    /// Joined, waiting for an admin's round to accept this device.
    WaitingForAdmin,
    /// The folder holds no readable roster of this team (not synced yet, or not its folder).
    NoRoster,
    /// The verified roster says this laptop was removed from the team (issue 13): the caller
    /// wipes the store (`offboard::sync_or_wipe` does both).
    Removed,
}

impl SyncStatus {
    /// A sentence for the top bar and the CLI.
    pub fn describe(self, clock_minutes: Option<u64>) -> String {
        match self {
            SyncStatus::Synced => "Synced".into(),
            SyncStatus::Offline => "Folder not reachable — working offline".into(),
            SyncStatus::ClockAhead => format!(
                "A device's clock is {} minutes ahead",
                clock_minutes.unwrap_or(0)
            ),
            SyncStatus::WaitingForAdmin => {
                "Waiting for an admin to accept this laptop (their next sync)".into()
            }
            SyncStatus::NoRoster => {
                "The team folder holds no roster of this team yet (not synced, or another folder)"
                    .into()
            }
            SyncStatus::Removed => "This laptop was removed from the team by an admin".into(),
        }
    }
}

/// A file of the folder that was skipped, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RejectedFile {
    pub file: String,
    pub reason: String,
}

/// What one round did (`rapport sync --json`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct RoundReport {
    pub status: SyncStatus,
    /// Own field changes published (a snapshot counts its fields).
    pub published: usize,
    /// Remote field changes applied.
    pub applied: usize,
    pub segments_applied: usize,
    /// Contacts erased here because another device erased them.
    pub erased: usize,
    /// Changes to erased contacts dropped.
    pub dropped: usize,
    /// Changes refused because their member's role did not allow them.
    pub refused_changes: usize,
    /// Devices accepted into the team by this (admin) device.
    pub joined: usize,
    pub compacted: bool,
    pub clock_ahead_minutes: Option<u64>,
    pub rejected: Vec<RejectedFile>,
    /// Gaps this round waits on.
    pub waiting: Vec<String>,
    /// Other devices' audit events received and verified (team-audit).
    pub audit_events: usize,
}

/// A device in `rapport team`.
#[derive(Clone, Debug, Serialize)]
pub struct DeviceView {
    pub id: String,
    /// This device: its last round; another: when this device last applied one of its
    /// segments (RFC 3339), or none yet.
    pub last_sync: Option<String>,
}

/// A member in `rapport team` (names are personal data: shown to the user, never logged).
#[derive(Clone, Serialize)]
pub struct MemberView {
    pub id: String,
    pub name: String,
    pub role: String,
    pub devices: Vec<DeviceView>,
}
crate::privacy::redacted_debug!(MemberView);

/// The team as this store knows it.
#[derive(Clone, Debug, Serialize)]
pub struct TeamStatus {
    pub team: String,
    pub device: String,
    pub joining: bool,
    pub folder_reachable: bool,
    pub last_round: Option<String>,
}

fn rfc3339(micros: i64) -> String {
    store::from_db(micros).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// This store's team, or `None` when it is in none.
pub fn status(store: &Store) -> Result<Option<TeamStatus>, TeamError> {
    let Some(me) = store.read(store::team::membership)? else {
        return Ok(None);
    };
    Ok(Some(TeamStatus {
        team: hex::encode(me.team_id),
        device: hex::encode(me.device_id),
        joining: me.state == store::team::State::Joining,
        folder_reachable: me.folder.is_dir(),
        last_round: me.last_round.map(rfc3339),
    }))
}

/// The members with their roles and devices, from the verified roster.
pub fn members(store: &Store) -> Result<Vec<MemberView>, TeamError> {
    let ctx = state::Ctx::load(store)?;
    let Some(roster) = ctx.verify(&[]).and_then(|v| v.roster) else {
        return Ok(Vec::new());
    };
    let cursors = store.read(store::team::cursors)?;
    let mut out = Vec::new();
    for m in roster.members.values().filter(|m| !m.removed) {
        let devices = roster
            .devices
            .values()
            .filter(|d| d.member == m.id && d.removed.is_none())
            .map(|d| DeviceView {
                id: d.id.to_string(),
                last_sync: if d.id == ctx.device {
                    ctx.me.last_round.map(rfc3339)
                } else {
                    cursors.get(&d.id.0).and_then(|c| c.last_seen).map(rfc3339)
                },
            })
            .collect();
        out.push(MemberView {
            id: m.id.to_string(),
            name: m.name.clone(),
            role: m.role.to_string(),
            devices,
        });
    }
    Ok(out)
}

/// The team's name as the verified roster states it; `None` outside a team or while this
/// laptop waits for its welcome (Settings → Team shows it).
pub fn team_name(store: &Store) -> Result<Option<String>, TeamError> {
    let ctx = match state::Ctx::load(store) {
        Ok(c) => c,
        Err(TeamError::NotInTeam) => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(ctx.verify(&[]).and_then(|v| v.roster).map(|r| r.name))
}
