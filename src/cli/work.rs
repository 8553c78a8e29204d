//! Everyday sales work on the command line (issue 15): `org`, `activity add`, `activities`,
//! `follow-up`, `today` and `outcomes`. Every option is a code, a date, an id or a name of the
//! firm's vocabulary: no command takes free text for an activity.

use super::contacts::id_arg;
use super::context::Context;
use super::dates;
pub use super::vocabulary::{IndustriesArgs, OutcomesArgs, outcomes};
use crate::domain::activity::Kind;
use crate::domain::organisation::OrganisationDraft;
use crate::domain::{ConsentSource, PrefAssignment};
use crate::privacy::activities::{self, Log, Step};
use crate::privacy::{organisations, today};
use serde_json::json;
use std::process::ExitCode;

fn kind_arg(text: &str) -> anyhow::Result<Kind> {
    Ok(Kind::parse(text)?)
}

#[derive(clap::Subcommand, Debug)]
pub enum OrgCommand {
    /// Add an organisation.
    Add {
        name: String,
        #[command(flatten)]
        fields: OrgFields,
    },
    /// Change an organisation (ORG is its name or organisation number); only the fields given change.
    Edit {
        org: String,
        /// A new name.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: OrgFields,
    },
    /// List organisations; --search finds them by name or number.
    List {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// An organisation's page: its people with their consent badges and nearest expiry.
    Show {
        org: String,
        #[arg(long)]
        json: bool,
    },
    /// The firm's industry vocabulary: list it, or add, rename, remove (retire one in use) and
    /// offer again.
    Industries(IndustriesArgs),
}

#[derive(clap::Args, Debug)]
pub struct OrgFields {
    /// Organisation (registration) number, e.g. 556677-8899.
    #[arg(long)]
    pub number: Option<String>,
    /// An industry code (see `rapport org industries`); "" clears it.
    #[arg(long)]
    pub industry: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub web: Option<String>,
    #[arg(long)]
    pub json: bool,
}

impl OrgFields {
    fn draft(&self, name: Option<String>) -> OrganisationDraft {
        OrganisationDraft {
            name,
            org_number: self.number.clone(),
            industry: self.industry.clone(),
            address: self.address.clone(),
            web: self.web.clone(),
        }
    }
}

pub fn org(ctx: &Context, c: OrgCommand) -> anyhow::Result<ExitCode> {
    let now = chrono::Utc::now();
    match c {
        OrgCommand::Add { name, fields: f } => {
            let mut store = ctx.open()?;
            let id = organisations::add(&mut store, &f.draft(Some(name)), now)?;
            if f.json {
                out!("{}", json!({ "id": id.0 }));
            } else {
                out!("Added organisation {}.", id.0);
            }
        }
        OrgCommand::Edit { org, name, fields } => {
            let mut store = ctx.open()?;
            let o = organisations::edit(&mut store, &org, &fields.draft(name), now)?;
            if fields.json {
                out!("{}", serde_json::to_string_pretty(&o)?);
            } else {
                out!("Saved {}.", o.name);
            }
        }
        OrgCommand::List { search, json } => {
            let store = ctx.open()?;
            let list = organisations::list(&store, search.as_deref())?;
            if json {
                out!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for l in &list {
                    let o = &l.organisation;
                    out!(
                        "{:<32} {:<14} {:<14} {} people",
                        o.name,
                        o.org_number,
                        o.industry,
                        l.people
                    );
                }
            }
        }
        OrgCommand::Show { org, json } => {
            let store = ctx.open()?;
            let p = organisations::page(&store, &org, now)?;
            if json {
                out!("{}", serde_json::to_string_pretty(&p)?);
            } else {
                show_page(&p);
            }
        }
        OrgCommand::Industries(a) => return super::vocabulary::industries(ctx, a),
    }
    Ok(ExitCode::SUCCESS)
}

fn show_page(p: &organisations::Page) {
    let o = &p.organisation;
    out!("{}", o.name);
    for (k, v) in [
        ("Number", o.org_number.as_str()),
        ("Industry", p.industry_label.as_str()),
        ("Address", o.address.as_str()),
        ("Web", o.web.as_str()),
    ] {
        if !v.is_empty() {
            out!("  {k}: {v}");
        }
    }
    out!("People: {}", p.people.len());
    for m in &p.people {
        let badges: Vec<String> = m
            .badges
            .iter()
            .map(|b| format!("{}: {}", b.purpose, b.status.as_str()))
            .collect();
        out!(
            "  {}  {:<28} {:<20} {:<16} next expiry {}  {}",
            m.id,
            m.name,
            m.title,
            m.stage.as_str(),
            dates::show_opt(m.nearest_expiry),
            badges.join(", ")
        );
    }
    out!("Latest activities: {}", p.activities.len());
    for a in &p.activities {
        out!(
            "  {}  {:<14} {}",
            dates::show(a.on),
            a.kind.label(),
            a.outcome.label
        );
    }
}

#[derive(clap::Subcommand, Debug)]
pub enum ActivityCommand {
    /// Log a call, meeting, visit, email or event attended with the person ID.
    Add(ActivityAddArgs),
}

#[derive(clap::Args, Debug)]
pub struct ActivityAddArgs {
    pub id: String,
    /// call, meeting, visit, email or event.
    #[arg(long)]
    pub kind: String,
    /// An outcome code of the vocabulary (see `rapport outcomes`), e.g. send_offer.
    #[arg(long)]
    pub outcome: String,
    /// The day it happened (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// The purpose it happened under (default "Customer relationship"; see `rapport purposes`).
    #[arg(long)]
    pub purpose: Option<String>,
    /// Others who took part (contact ids; repeat for several).
    #[arg(long = "with", value_name = "ID")]
    pub with: Vec<String>,
    /// The organisation (name or number; default the person's own).
    #[arg(long)]
    pub org: Option<String>,
    /// Plan a follow-up with the person on this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub follow_up: Option<String>,
    /// The follow-up's kind (default: the activity's).
    #[arg(long, value_name = "KIND", requires = "follow_up")]
    pub follow_up_kind: Option<String>,
    /// What was learned: channels=digital-only | interest.golf=no | language=sv (repeat).
    #[arg(long = "pref", value_name = "KEY=VALUE")]
    pub prefs: Vec<String>,
    /// Record a consent given in the conversation for this purpose (with --proof).
    #[arg(long, value_name = "PURPOSE", requires = "proof")]
    pub consent: Option<String>,
    /// The consent's proof, e.g. "verbal", "signed-form:F-12", "email:2026-11-29".
    #[arg(long, value_name = "KIND[:REF]", requires = "consent")]
    pub proof: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn activity(ctx: &Context, c: ActivityCommand) -> anyhow::Result<ExitCode> {
    let ActivityCommand::Add(a) = c;
    let mut people = vec![id_arg(&a.id)?];
    for w in &a.with {
        people.push(id_arg(w)?);
    }
    let follow_up = match &a.follow_up {
        Some(d) => Some((
            dates::parse(d)?,
            a.follow_up_kind.as_deref().map(kind_arg).transpose()?,
        )),
        None => None,
    };
    let log = Log {
        people,
        kind: kind_arg(&a.kind)?,
        outcome: a.outcome.clone(),
        on: a.on.as_deref().map(dates::parse).transpose()?,
        purpose: a.purpose.clone(),
        organisation: a.org.clone(),
        follow_up,
        preferences: a
            .prefs
            .iter()
            .map(|p| PrefAssignment::parse(p).map_err(anyhow::Error::from))
            .collect::<anyhow::Result<_>>()?,
        consent: match (&a.consent, &a.proof) {
            (Some(purpose), Some(proof)) => Some(crate::privacy::consent::Given {
                purpose: purpose.clone(),
                source: ConsentSource::parse(proof),
                given_at: None,
                expires_at: None,
                wording_version: None,
            }),
            _ => None,
        },
    };
    let mut store = ctx.open()?;
    let logged = activities::log(&mut store, &log, chrono::Utc::now())?;
    if a.json {
        out!(
            "{}",
            json!({"activity": logged.activity, "follow_up": logged.follow_up})
        );
    } else {
        out!("Logged activity {}.", logged.activity);
        if let Some(f) = logged.follow_up {
            out!("Follow-up {f} planned.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct ActivitiesArgs {
    pub id: String,
    #[arg(long)]
    pub json: bool,
}

pub fn activities_of(ctx: &Context, a: ActivitiesArgs) -> anyhow::Result<ExitCode> {
    let id = id_arg(&a.id)?;
    let store = ctx.open()?;
    let (list, follow_ups) = activities::of_contact(&store, id)?;
    if a.json {
        let acts: Vec<_> = list
            .iter()
            .map(|x| {
                json!({
                    "id": x.id, "kind": x.kind.as_str(), "on": dates::show(x.on),
                    "outcome": x.outcome.code, "outcome_label": x.outcome.label,
                    "purpose": x.purpose, "organisation": x.organisation,
                    "people": x.people.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                })
            })
            .collect();
        let fus: Vec<_> = follow_ups
            .iter()
            .map(|f| json!({"id": f.id, "kind": f.kind.as_str(), "due_on": dates::show(f.due_on), "state": f.state.as_str(), "activity": f.activity}))
            .collect();
        out!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"contact_id": id.to_string(), "activities": acts, "follow_ups": fus})
            )?
        );
        return Ok(ExitCode::SUCCESS);
    }
    out!("Activities: {}", list.len());
    for x in &list {
        out!(
            "  {}  {:<14} {:<16} {}",
            dates::show(x.on),
            x.kind.label(),
            x.outcome.label,
            x.organisation.as_deref().unwrap_or("")
        );
    }
    out!("Follow-ups: {}", follow_ups.len());
    for f in &follow_ups {
        out!(
            "  {:>6}  {}  {:<14} {}",
            f.id,
            dates::show(f.due_on),
            f.kind.label(),
            f.state.as_str()
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Subcommand, Debug)]
pub enum FollowUpCommand {
    /// Plan a follow-up with the person ID on a day.
    Add {
        id: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        /// call, meeting, visit, email or event.
        #[arg(long, default_value = "call")]
        kind: String,
    },
    /// Mark follow-up N done.
    Done { n: i64 },
    /// Move follow-up N on by --days (default 1).
    Snooze {
        n: i64,
        #[arg(long, default_value_t = 1)]
        days: i64,
    },
    /// Cancel follow-up N.
    Cancel { n: i64 },
}

pub fn follow_up(ctx: &Context, c: FollowUpCommand) -> anyhow::Result<ExitCode> {
    let now = chrono::Utc::now();
    let mut store = ctx.open()?;
    let (n, step) = match c {
        FollowUpCommand::Add { id, on, kind } => {
            let f = activities::plan(
                &mut store,
                id_arg(&id)?,
                kind_arg(&kind)?,
                dates::parse(&on)?,
                now,
            )?;
            out!("Follow-up {f} planned.");
            return Ok(ExitCode::SUCCESS);
        }
        FollowUpCommand::Done { n } => (n, Step::Done),
        FollowUpCommand::Snooze { n, days } => (n, Step::Snooze(days)),
        FollowUpCommand::Cancel { n } => (n, Step::Cancel),
    };
    let f = activities::step(&mut store, n, step, now)?;
    out!(
        "Follow-up {} is {} (due {}).",
        f.id,
        f.state.as_str(),
        dates::show(f.due_on)
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct TodayArgs {
    #[arg(long)]
    pub json: bool,
}

pub fn today_cmd(ctx: &Context, a: TodayArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open()?;
    let now = chrono::Utc::now();
    let t = today::today(&store, now)?;
    if a.json {
        let fus: Vec<_> = t
            .follow_ups
            .iter()
            .map(|f| {
                json!({"follow_up": f.follow_up, "contact_id": f.contact.to_string(), "name": f.name,
                       "organisation": f.organisation, "kind": f.kind.as_str(),
                       "due_on": dates::show(f.due_on), "overdue": f.overdue})
            })
            .collect();
        let exp: Vec<_> = t
            .consents_expiring
            .iter()
            .map(|e| {
                json!({"contact_id": e.contact.to_string(), "name": e.name, "purpose": e.purpose,
                       "expires_on": dates::show(e.expires_at)})
            })
            .collect();
        out!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "date": dates::show(now), "follow_ups": fus, "follow_ups_total": t.follow_ups_total,
                "consents_expiring": exp,
            }))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    out!("Follow-ups due: {}", t.follow_ups_total);
    for f in &t.follow_ups {
        out!(
            "  {:>6}  {}{}  {:<8} {}  {:<28} {}",
            f.follow_up,
            dates::show(f.due_on),
            if f.overdue { " overdue" } else { "        " },
            f.kind.as_str(),
            f.contact,
            f.name,
            f.organisation
        );
    }
    out!(
        "Consents ending within {} days (renew with the person): {}",
        today::EXPIRY_DAYS,
        t.consents_expiring.len()
    );
    for e in &t.consents_expiring {
        out!(
            "  {}  {}  {:<28} {}",
            dates::show(e.expires_at),
            e.contact,
            e.name,
            e.purpose
        );
    }
    out!("Done, snooze or cancel one: `rapport follow-up done|snooze|cancel N`.");
    Ok(ExitCode::SUCCESS)
}
