//! The firm's vocabularies on the command line (issue 15): `rapport org industries` and
//! `rapport outcomes` — list (retired ones marked), add, rename, remove (an entry in use is
//! retired instead: what uses it keeps its label, nothing offers it any more) and offer again.
//! The same rules as Settings → Industries and Settings → Outcomes (`privacy::industries`,
//! `privacy::outcomes`).

use super::context::Context;
use crate::privacy::{activities, industries, outcomes};
use anyhow::Context as _;
use serde_json::json;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct IndustriesArgs {
    /// Add an industry with this code (lowercase letters, digits, _); give --label.
    #[arg(long, value_name = "CODE", requires = "label")]
    pub add: Option<String>,
    /// Give the industry with this code a new label; give --label.
    #[arg(long, value_name = "CODE", requires = "label", conflicts_with = "add")]
    pub rename: Option<String>,
    /// The label for --add or --rename, e.g. "IT services".
    #[arg(long, value_name = "LABEL")]
    pub label: Option<String>,
    /// Remove the industry with this code; one that organisations have is retired instead.
    #[arg(long, value_name = "CODE")]
    pub remove: Option<String>,
    /// Offer a retired industry again.
    #[arg(long, value_name = "CODE")]
    pub offer_again: Option<String>,
    #[arg(long)]
    pub json: bool,
}

impl IndustriesArgs {
    /// Whether the run changes the vocabulary (the role gate asks).
    pub fn changes(&self) -> bool {
        self.add.is_some()
            || self.rename.is_some()
            || self.remove.is_some()
            || self.offer_again.is_some()
    }
}

/// A sentence about what a change did: on standard error when standard output is JSON.
fn say(json: bool, sentence: String) {
    if json {
        eprintln!("{sentence}");
    } else {
        out!("{sentence}");
    }
}

/// The sentence for an entry taken out of a vocabulary.
fn taken_sentence(what: &str, code: &str, retired: bool, users: &str, again: &str) -> String {
    if retired {
        format!(
            "Retired the {what} {code}: {users} keep it and show its label, and it is no longer offered (`{again} {code}` offers it again)."
        )
    } else {
        format!("Removed the {what} {code}.")
    }
}

pub fn industries(ctx: &Context, a: IndustriesArgs) -> anyhow::Result<ExitCode> {
    let now = chrono::Utc::now();
    let mut store = ctx.open()?;
    let label = a.label.as_deref().unwrap_or("");
    if let Some(code) = &a.add {
        industries::add(&mut store, Some(code), label, now)
            .context("the industry was not added")?;
    }
    if let Some(code) = &a.rename {
        industries::rename(&mut store, code, label, now).context("the industry was not renamed")?;
    }
    if let Some(code) = &a.remove {
        let taken =
            industries::take_out(&mut store, code, now).context("the industry was not removed")?;
        say(
            a.json,
            taken_sentence(
                "industry",
                code.trim(),
                taken == industries::Taken::Retired,
                "the organisations that have it",
                "rapport org industries --offer-again",
            ),
        );
    }
    if let Some(code) = &a.offer_again {
        industries::restore(&mut store, code, now).context("the industry was not restored")?;
    }
    let list = industries::vocabulary(&store)?;
    if a.json {
        out!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        for e in &list {
            out!(
                "{:<16} {:<28} used by {:>5} {}{}",
                e.code,
                e.label,
                e.uses,
                if e.uses == 1 {
                    "organisation"
                } else {
                    "organisations"
                },
                if e.retired { "  (retired)" } else { "" }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct OutcomesArgs {
    /// Add an outcome with this label (its code is made from the label unless --code is given).
    #[arg(long, value_name = "LABEL")]
    pub add: Option<String>,
    #[arg(long, requires = "add")]
    pub code: Option<String>,
    /// Remove the outcome with this code; one that logged activities use is retired instead.
    #[arg(long, value_name = "CODE")]
    pub remove: Option<String>,
    /// Offer a retired outcome again.
    #[arg(long, value_name = "CODE")]
    pub offer_again: Option<String>,
    #[arg(long)]
    pub json: bool,
}

impl OutcomesArgs {
    /// Whether the run changes the vocabulary (the role gate asks).
    pub fn changes(&self) -> bool {
        self.add.is_some() || self.remove.is_some() || self.offer_again.is_some()
    }
}

pub fn outcomes(ctx: &Context, a: OutcomesArgs) -> anyhow::Result<ExitCode> {
    let now = chrono::Utc::now();
    let mut store = ctx.open()?;
    if let Some(label) = &a.add {
        activities::add_outcome(&mut store, label, a.code.as_deref(), now)?;
    }
    if let Some(code) = &a.remove {
        let taken =
            outcomes::take_out(&mut store, code, now).context("the outcome was not removed")?;
        say(
            a.json,
            taken_sentence(
                "outcome",
                code.trim(),
                taken == outcomes::Taken::Retired,
                "the activities logged with it",
                "rapport outcomes --offer-again",
            ),
        );
    }
    if let Some(code) = &a.offer_again {
        outcomes::restore(&mut store, code, now).context("the outcome was not restored")?;
    }
    let list = outcomes::vocabulary(&store)?;
    if a.json {
        let list: Vec<_> = list
            .iter()
            .map(|e| {
                json!({
                    "code": e.outcome.code,
                    "label": e.outcome.label,
                    "uses": e.uses,
                    "retired": e.retired,
                })
            })
            .collect();
        out!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        for e in &list {
            out!(
                "{:<20} {:<28} used by {:>6} {}{}",
                e.outcome.code,
                e.outcome.label,
                e.uses,
                if e.uses == 1 {
                    "activity"
                } else {
                    "activities"
                },
                if e.retired { "  (retired)" } else { "" }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
