//! `rapport team remove | remove-device | role | policy`: the admins' roster changes
//! (issue 13). All work is done by `privacy::team::offboard`; this file asks for the
//! confirmation and prints the outcome.

use super::context::can_ask;
use crate::privacy::team::{offboard, policy};
use crate::store::Store;
use crate::team::roster::Role;
use anyhow::bail;
use std::io::Write as _;
use std::process::ExitCode;

fn now() -> crate::domain::Instant {
    chrono::Utc::now()
}

/// Asks on the terminal; without one (a script) refuses unless `--yes` was given.
fn confirm(yes: bool, what: &str, explain: &[String]) -> anyhow::Result<()> {
    if yes {
        return Ok(());
    }
    if !can_ask() {
        bail!("{what} needs --yes when not run on a terminal: nothing was changed");
    }
    for line in explain {
        eprintln!("{line}");
    }
    eprint!("Type yes to go ahead: ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    if answer.trim().eq_ignore_ascii_case("yes") {
        Ok(())
    } else {
        bail!("not confirmed: nothing was changed")
    }
}

pub fn remove(store: &mut Store, who: &str, yes: bool) -> anyhow::Result<ExitCode> {
    let p = offboard::preview_member(store, who)?;
    confirm(
        yes,
        "removing a member",
        &[
            format!(
                "This removes {} ({}, {} laptop(s)) from the team.",
                p.name, p.role, p.devices
            ),
            "Their laptops get no key to anything published from now on; what they sign after".into(),
            "this point is refused by every device; on its next sync each of their laptops deletes".into(),
            "its copy of the team's data. What a laptop already holds and never syncs again stays on it.".into(),
        ],
    )?;
    let r = offboard::remove_member(store, who, now())?;
    out!(
        "Removed member {} and {} device(s); the team now publishes under epoch {} (key wrapped for {} other device(s)).",
        r.member.as_deref().unwrap_or(""),
        r.devices.len(),
        r.epoch,
        r.wrapped_for
    );
    out!("Each removed laptop deletes its copy of the team's data on its next sync.");
    Ok(ExitCode::SUCCESS)
}

pub fn remove_device(store: &mut Store, device: &str, yes: bool) -> anyhow::Result<ExitCode> {
    confirm(
        yes,
        "removing a device",
        &[
            "This removes the laptop from the team; its person stays a member with their other laptops.".into(),
            "It gets no key to anything published from now on, and deletes its copy on its next sync.".into(),
        ],
    )?;
    let r = offboard::remove_device(store, device, now())?;
    out!(
        "Removed device {}; the team now publishes under epoch {} (key wrapped for {} other device(s)).",
        device.trim(),
        r.epoch,
        r.wrapped_for
    );
    Ok(ExitCode::SUCCESS)
}

pub fn role(store: &mut Store, who: &str, role: Role) -> anyhow::Result<ExitCode> {
    let id = offboard::change_role(store, who, role, now())?;
    out!("Member {id} is now {role}; what they publish from now on is judged under that role.");
    Ok(ExitCode::SUCCESS)
}

pub fn policy(
    store: &mut Store,
    second_factor: Option<bool>,
    max_idle: Option<u32>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let p = if second_factor.is_none() && max_idle.is_none() {
        let (standing, p) = policy::standing(store)?;
        if standing == policy::Standing::Solo {
            bail!(
                "this store is not in a team, so no team policy applies: create one with `rapport team create`"
            );
        }
        p
    } else {
        offboard::set_policy(store, second_factor, max_idle, now())?
    };
    if json {
        out!("{}", serde_json::to_string_pretty(&p)?);
        return Ok(ExitCode::SUCCESS);
    }
    out!(
        "second factor: {}",
        if p.second_factor_required {
            "required on every laptop"
        } else {
            "optional"
        }
    );
    match p.max_idle_minutes {
        Some(m) => out!("idle lock: at most {m} minutes"),
        None => out!(
            "idle lock: each laptop's own choice (default {} minutes)",
            policy::DEFAULT_IDLE_MINUTES
        ),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn parse_factor(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "required" => Ok(true),
        "optional" => Ok(false),
        _ => Err("--second-factor is required or optional".into()),
    }
}
