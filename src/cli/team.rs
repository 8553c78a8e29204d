//! `rapport team …` and `rapport sync`: the team of laptops sharing one customer base through
//! a shared folder (issue 12). All work is done by `privacy::team`.

use super::Context;
use crate::privacy::team::{self, offboard, setup};
use crate::team::roster::Role;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TeamArgs {
    #[command(subcommand)]
    pub command: Option<TeamCommand>,
    /// The members as JSON: {id, name, role, devices: [{id, last_sync}]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum TeamCommand {
    /// This store becomes the team's, this device its first admin.
    Create {
        /// The team's name.
        #[arg(long)]
        name: String,
        /// The shared folder every laptop sees (Syncthing, a NAS share, a cloud drive folder).
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// Your name in the team (default: your user name).
        #[arg(long, value_name = "NAME")]
        me: Option<String>,
    },
    /// Invite a person with a role; prints the one-time code (valid 7 days) as its last line.
    Invite {
        /// The person's name, as the team will see it.
        #[arg(long)]
        name: String,
        /// admin, sales or read-only.
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// Join a team on this laptop (after `rapport init`) with the folder and the code.
    Join {
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// The invitation code, with or without its dashes and spaces.
        #[arg(long)]
        code: String,
        /// Your name (default: your user name); the team shows the name the admin invited.
        #[arg(long, value_name = "NAME")]
        me: Option<String>,
    },
    /// Remove a member and all their laptops (admins): a new team key reaches the others only.
    Remove {
        /// The member's name as invited, or their id (see `rapport team`).
        member: String,
        /// Do not ask (required when not on a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Remove one laptop (lost or stolen) from the team; its person stays (admins).
    RemoveDevice {
        /// The device id (see `rapport team`).
        device: String,
        #[arg(long)]
        yes: bool,
    },
    /// Change a member's role (admins): admin, sales or read-only.
    Role {
        member: String,
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// The team policy; with options an admin changes it.
    Policy {
        /// Whether every laptop must unlock with a second factor: required or optional.
        #[arg(long, value_name = "required|optional", value_parser = super::team_admin::parse_factor)]
        second_factor: Option<bool>,
        /// The longest idle time before the app locks, in minutes (1 to 240).
        #[arg(long, value_name = "N")]
        max_idle_minutes: Option<u32>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct SyncArgs {
    /// The round as JSON: {status, published, applied, rejected: [{file, reason}], …}.
    #[arg(long)]
    pub json: bool,
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.trim()
        .to_ascii_lowercase()
        .parse()
        .map_err(|_| "a role is admin, sales or read-only".to_string())
}

fn my_name(given: Option<String>) -> String {
    given
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Admin".into())
}

fn now() -> crate::domain::Instant {
    chrono::Utc::now()
}

pub fn team(ctx: &Context, a: TeamArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    match a.command {
        None => members(&store, a.json),
        Some(TeamCommand::Create { name, folder, me }) => {
            let c = setup::create(&mut store, &name, &folder, &my_name(me), now())?;
            out!("Team created; this device is its first admin.");
            out!("Team {}, device {}", c.team, c.device);
            out!(
                "{} contacts became the team's; {} changes published to the folder.",
                c.contacts,
                c.round.published
            );
            out!("Invite people with `rapport team invite --name NAME --role sales`.");
            Ok(ExitCode::SUCCESS)
        }
        Some(TeamCommand::Invite { name, role }) => {
            let code = setup::invite(&mut store, &name, role, now())?;
            out!(
                "Invitation for {} as {role}: valid for 7 days, usable once.",
                name.trim()
            );
            out!(
                "Give them this code in person or by phone (never through the shared folder); they run"
            );
            out!(
                "`rapport team join --folder DIR --code CODE`, and your next `rapport sync` accepts them."
            );
            out!("{}", code.as_str());
            Ok(ExitCode::SUCCESS)
        }
        Some(TeamCommand::Join { folder, code, me }) => {
            let device = setup::join(&mut store, &folder, &code, &my_name(me), now())?;
            out!("Join request written for device {device}.");
            out!(
                "When the admin has run `rapport sync`, run `rapport sync` here: it brings everything."
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(TeamCommand::Remove { member, yes }) => {
            super::team_admin::remove(&mut store, &member, yes)
        }
        Some(TeamCommand::RemoveDevice { device, yes }) => {
            super::team_admin::remove_device(&mut store, &device, yes)
        }
        Some(TeamCommand::Role { member, role }) => {
            super::team_admin::role(&mut store, &member, role)
        }
        Some(TeamCommand::Policy {
            second_factor,
            max_idle_minutes,
            json,
        }) => super::team_admin::policy(&mut store, second_factor, max_idle_minutes, json),
    }
}

fn members(store: &crate::store::Store, json: bool) -> anyhow::Result<ExitCode> {
    let Some(status) = team::status(store)? else {
        anyhow::bail!(
            "this store is not in a team: create one with `rapport team create --name TEAM --folder DIR`, or join with `rapport team join --folder DIR --code CODE`"
        );
    };
    let list = team::members(store)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(ExitCode::SUCCESS);
    }
    if status.joining {
        out!(
            "Waiting for an admin to accept this laptop; run `rapport sync` after their next sync."
        );
    }
    for m in &list {
        out!("{:<32} {:<10} {}", m.name, m.role, m.id);
        for d in &m.devices {
            let mine = if d.id == status.device {
                " (this device)"
            } else {
                ""
            };
            out!(
                "    device {}{mine}  last sync {}",
                d.id,
                d.last_sync.as_deref().unwrap_or("never")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn sync(ctx: &Context, a: SyncArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open()?;
    let r = match offboard::sync_or_wipe(store, &ctx.data_dir, now())? {
        offboard::SyncOutcome::Synced(r) => r,
        offboard::SyncOutcome::Wiped(w) => {
            if a.json {
                out!(
                    "{}",
                    serde_json::json!({"status": "removed", "wiped": true, "message": w.message()})
                );
            } else {
                out!("{}", w.message());
            }
            eprintln!("{}", w.message());
            return Ok(ExitCode::from(3));
        }
    };
    if a.json {
        out!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(ExitCode::SUCCESS);
    }
    out!("{}", r.status.describe(r.clock_ahead_minutes));
    out!(
        "published {} changes, applied {} changes from {} segments",
        r.published,
        r.applied,
        r.segments_applied
    );
    if r.erased > 0 {
        out!("erased {} contacts that another laptop erased", r.erased);
    }
    if r.joined > 0 {
        out!("accepted {} new devices into the team", r.joined);
    }
    for x in &r.rejected {
        out!("skipped {}: {}", x.file, x.reason);
    }
    for w in &r.waiting {
        out!("waiting: {w}");
    }
    Ok(ExitCode::SUCCESS)
}
