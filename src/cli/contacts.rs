//! `add`, `edit`, `list`, `show`.

use super::context::Context;
use super::dates;
use crate::domain::{
    ContactDraft, ContactId, ContactPoint, DataSource, PointKind, PointLabel, PrefAssignment,
    Preferences, Stage,
};
use crate::privacy::contacts::{self, Edit};
use crate::store::search::Order;
use anyhow::Context as _;
use serde_json::json;
use std::process::ExitCode;

fn parse_id(text: &str) -> anyhow::Result<ContactId> {
    Ok(ContactId::parse(text)?)
}

pub(super) fn id_arg(text: &str) -> anyhow::Result<ContactId> {
    parse_id(text)
}

fn parse_stage(text: &str) -> anyhow::Result<Stage> {
    Stage::parse(text).context("a stage is lead, prospect, customer or former-customer")
}

fn parse_prefs(prefs: &[String]) -> anyhow::Result<Vec<PrefAssignment>> {
    prefs
        .iter()
        .map(|p| PrefAssignment::parse(p).map_err(anyhow::Error::from))
        .collect()
}

#[derive(clap::Args, Debug)]
pub struct AddArgs {
    /// Display name (or give --given/--family).
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub given: Option<String>,
    #[arg(long)]
    pub family: Option<String>,
    #[arg(long = "email", value_name = "E")]
    pub emails: Vec<String>,
    #[arg(long = "phone", value_name = "P")]
    pub phones: Vec<String>,
    /// Postal address on one line.
    #[arg(long = "address", value_name = "A")]
    pub addresses: Vec<String>,
    #[arg(long)]
    pub org: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    /// lead (default), prospect, customer, former-customer.
    #[arg(long)]
    pub stage: Option<String>,
    /// Where the data came from (GDPR Art. 14), e.g. "event:Nordic Sales Fair", "referral", "web-form".
    #[arg(long)]
    pub source: Option<String>,
    /// channels=email,sms | channels=digital-only | interest.golf=yes|no|unknown | language=sv
    #[arg(long = "pref", value_name = "KEY=VALUE")]
    pub prefs: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn add(ctx: &Context, a: AddArgs) -> anyhow::Result<ExitCode> {
    let mut preferences = Preferences::default();
    for p in parse_prefs(&a.prefs)? {
        preferences.apply(&p);
    }
    let point = |kind, label, v: &String| ContactPoint::new(kind, label, v.trim());
    let mut points: Vec<ContactPoint> = a
        .emails
        .iter()
        .map(|e| point(PointKind::Email, PointLabel::Work, e))
        .collect();
    points.extend(
        a.phones
            .iter()
            .map(|p| point(PointKind::Phone, PointLabel::Work, p)),
    );
    points.extend(
        a.addresses
            .iter()
            .map(|p| point(PointKind::Address, PointLabel::Work, p)),
    );
    let draft = ContactDraft {
        given_name: a.given.unwrap_or_default(),
        family_name: a.family.unwrap_or_default(),
        display_name: a.name.unwrap_or_default(),
        organisation: a.org.unwrap_or_default(),
        title: a.title.unwrap_or_default(),
        stage: a
            .stage
            .as_deref()
            .map(parse_stage)
            .transpose()?
            .unwrap_or_default(),
        source: a
            .source
            .as_deref()
            .map(DataSource::parse)
            .unwrap_or_default(),
        points,
        preferences,
    };
    let mut store = ctx.open()?;
    let id = contacts::create(&mut store, draft, chrono::Utc::now())?;
    if a.json {
        out!("{}", json!({ "id": id.to_string() }));
    } else {
        out!("{id}");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct EditArgs {
    pub id: String,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub given: Option<String>,
    #[arg(long)]
    pub family: Option<String>,
    #[arg(long)]
    pub org: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub stage: Option<String>,
    #[arg(long)]
    pub source: Option<String>,
    /// Replaces the emails (repeat for several).
    #[arg(long = "email", value_name = "E")]
    pub emails: Vec<String>,
    /// Replaces the phones (repeat for several).
    #[arg(long = "phone", value_name = "P")]
    pub phones: Vec<String>,
    /// Replaces the postal addresses.
    #[arg(long = "address", value_name = "A")]
    pub addresses: Vec<String>,
    #[arg(long = "pref", value_name = "KEY=VALUE")]
    pub prefs: Vec<String>,
    /// Date of the last contact with the person (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub contacted: Option<String>,
}

pub fn edit(ctx: &Context, a: EditArgs) -> anyhow::Result<ExitCode> {
    let id = parse_id(&a.id)?;
    let some = |v: Vec<String>| (!v.is_empty()).then_some(v);
    let edit = Edit {
        display_name: a.name,
        given_name: a.given,
        family_name: a.family,
        organisation: a.org,
        title: a.title,
        stage: a.stage.as_deref().map(parse_stage).transpose()?,
        source: a.source.as_deref().map(DataSource::parse),
        emails: some(a.emails),
        phones: some(a.phones),
        addresses: some(a.addresses),
        preferences: parse_prefs(&a.prefs)?,
        last_contacted_at: a.contacted.as_deref().map(dates::parse).transpose()?,
    };
    let mut store = ctx.open()?;
    let changed = contacts::rectify(&mut store, id, &edit, chrono::Utc::now())?;
    if changed.is_empty() {
        out!("Nothing changed.");
    } else {
        out!("Changed: {}", changed.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Prefix search over names, organisation and email (best matches first).
    #[arg(long)]
    pub search: Option<String>,
    /// At most this many (default: all).
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long)]
    pub json: bool,
}

pub fn list(ctx: &Context, a: ListArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open()?;
    let now = chrono::Utc::now();
    let rows = contacts::list(
        &store,
        a.search.as_deref(),
        a.limit.unwrap_or(usize::MAX >> 1),
        Order::Unranked,
        now,
    )?;
    if a.json {
        let out: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.id.to_string(), "name": r.name, "organisation": r.organisation, "emails": r.emails,
                    "phones": r.phones, "consent_status": r.status.as_str(),
                    "nearest_expiry": r.nearest_expiry.map(dates::show), "restricted": r.restricted, "objected": r.objected,
                })
            })
            .collect();
        out!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    for r in &rows {
        let flags = format!(
            "{}{}",
            if r.restricted { " restricted" } else { "" },
            if r.objected { " objected" } else { "" }
        );
        out!(
            "{}  {:<28} {:<24} {:<9} {}{}",
            r.id,
            r.name,
            r.organisation,
            r.status.as_str(),
            dates::show_opt(r.nearest_expiry),
            flags
        );
    }
    if rows.is_empty() {
        eprintln!("No contacts found.");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    pub id: String,
    #[arg(long)]
    pub json: bool,
}

pub fn show(ctx: &Context, a: ShowArgs) -> anyhow::Result<ExitCode> {
    let id = parse_id(&a.id)?;
    let mut store = ctx.open()?;
    let v = contacts::view(&mut store, id, chrono::Utc::now())?;
    let c = &v.contact;
    let values = |kind| {
        c.points_of(kind)
            .map(|p| p.value.clone())
            .collect::<Vec<_>>()
    };
    let consents: Vec<_> = v
        .states
        .iter()
        .map(|s| {
            json!({
                "purpose": s.purpose, "legal_basis": s.legal_basis, "status": s.status.as_str(),
                "given_at": s.given_at.map(dates::show), "expires_at": s.expires_at.map(dates::show),
                "days_left": s.days_left, "withdrawn_at": s.withdrawn_at.map(dates::show), "source": s.source,
                "wording_version": s.wording_version,
            })
        })
        .collect();
    let doc = json!({
        "id": c.id.to_string(), "name": c.display_name, "given_name": c.given_name, "family_name": c.family_name,
        "organisation": c.organisation, "title": c.title, "stage": c.stage.as_str(),
        "source": {"kind": c.source.kind.as_str(), "detail": c.source.detail},
        "emails": values(PointKind::Email), "phones": values(PointKind::Phone), "addresses": values(PointKind::Address),
        "preferences": {
            "channels": c.preferences.channels.iter().map(|ch| ch.as_str()).collect::<Vec<_>>(),
            "interests": c.preferences.interests, "language": c.preferences.language,
        },
        "consents": consents,
        "objections": v.objections.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(),
        "restricted": c.restricted,
        "created_at": dates::show(c.created_at), "updated_at": dates::show(c.updated_at),
        "last_contacted_at": c.last_contacted_at.map(dates::show),
    });
    if a.json {
        out!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(ExitCode::SUCCESS);
    }
    out!("{}  ({})", c.display_name, c.id);
    if !c.organisation.is_empty() || !c.title.is_empty() {
        out!("  {} {}", c.title, c.organisation);
    }
    out!(
        "  stage: {}   source: {} {}",
        c.stage.label(),
        c.source.kind.as_str(),
        c.source.detail
    );
    for p in &c.points {
        out!(
            "  {:<8} {:<7} {}{}",
            p.kind.as_str(),
            p.label.as_str(),
            p.value,
            if p.preferred { " (preferred)" } else { "" }
        );
    }
    out!(
        "  channels: {}",
        if c.preferences.channels.is_empty() {
            "none".to_string()
        } else {
            c.preferences.channels.to_string()
        }
    );
    for (k, v) in &c.preferences.interests {
        out!("  interest {k}: {}", v.as_str());
    }
    if let Some(l) = &c.preferences.language {
        out!("  language: {l}");
    }
    for s in &v.states {
        let days = s
            .days_left
            .map(|d| format!(" ({d} days left)"))
            .unwrap_or_default();
        out!(
            "  consent {:<20} {:<9} given {}  expires {}{}  {}",
            s.purpose,
            s.status.as_str(),
            dates::show_opt(s.given_at),
            dates::show_opt(s.expires_at),
            days,
            s.source.clone().unwrap_or_default()
        );
    }
    for (scope, at) in &v.objections {
        out!(
            "  objected to marketing by {} since {}",
            scope.as_str(),
            dates::show(*at)
        );
    }
    if c.restricted {
        out!("  processing RESTRICTED (Art. 18)");
    }
    Ok(ExitCode::SUCCESS)
}
