//! The data-subject rights and privacy operations: consent, purposes, interests, export, erase,
//! object, restrict, audience, retention, audit.

use super::contacts::id_arg;
use super::context::Context;
use super::dates;
use crate::domain::activity::Kind;
use crate::domain::audience::ActivityCriterion;
use crate::domain::{Channel, ConsentSource, ObjectionScope};
use crate::privacy::{self, erasure::Reason};
use anyhow::{Context as _, bail};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand, Debug)]
pub enum ConsentCommand {
    /// Record consent (or renew it) with its proof, wording and expiry.
    Give {
        id: String,
        #[arg(long)]
        purpose: String,
        /// Proof: web-form|email-reply|signed-form|verbal[:reference], e.g. "signed-form:#2026-114".
        #[arg(long)]
        source: String,
        /// When it was given (YYYY-MM-DD; default today).
        #[arg(long)]
        given: Option<String>,
        /// When it expires (YYYY-MM-DD; default from the purpose's rule).
        #[arg(long)]
        expires: Option<String>,
        /// The version of the wording shown (default: the purpose's newest).
        #[arg(long)]
        wording_version: Option<String>,
    },
    /// Withdraw consent for a purpose.
    Withdraw {
        id: String,
        #[arg(long)]
        purpose: String,
    },
}

pub fn consent(ctx: &Context, c: ConsentCommand) -> anyhow::Result<ExitCode> {
    let now = chrono::Utc::now();
    match c {
        ConsentCommand::Give {
            id,
            purpose,
            source,
            given,
            expires,
            wording_version,
        } => {
            let id = id_arg(&id)?;
            let g = privacy::consent::Given {
                purpose,
                source: ConsentSource::parse(&source),
                given_at: given.as_deref().map(dates::parse).transpose()?,
                expires_at: expires.as_deref().map(dates::parse).transpose()?,
                wording_version,
            };
            let mut store = ctx.open()?;
            let k = privacy::consent::give(&mut store, id, &g, now)?;
            out!(
                "Consent recorded: {} until {}.",
                k.status(now).as_str(),
                dates::show_opt(k.expires_at)
            );
        }
        ConsentCommand::Withdraw { id, purpose } => {
            let id = id_arg(&id)?;
            let mut store = ctx.open()?;
            if privacy::consent::withdraw(&mut store, id, &purpose, now)? {
                out!("Consent withdrawn.");
            } else {
                out!("There was no consent to withdraw for that purpose.");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct JsonArg {
    #[arg(long)]
    pub json: bool,
}

pub fn purposes(ctx: &Context, a: JsonArg) -> anyhow::Result<ExitCode> {
    let store = ctx.open()?;
    let list = privacy::consent::purposes(&store)?;
    if a.json {
        let out: Vec<_> = list
            .iter()
            .map(|p| {
                json!({
                    "name": p.name, "description": p.description, "legal_basis": p.legal_basis, "marketing": p.marketing,
                    "retention": p.retention, "retention_text": p.retention.describe(), "data_categories": p.categories,
                    "consent_months": p.consent_months,
                })
            })
            .collect();
        out!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for p in &list {
            out!(
                "{:<22} {:<20} {:<10} kept {}",
                p.name,
                p.legal_basis.as_str(),
                if p.marketing { "marketing" } else { "" },
                p.retention.describe()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct WordingArgs {
    #[arg(long)]
    pub purpose: String,
    /// The new version's name, e.g. 2.
    #[arg(long, requires = "text")]
    pub version: Option<String>,
    /// The exact text shown when asking for consent.
    #[arg(long, requires = "version")]
    pub text: Option<String>,
}

pub fn wording(ctx: &Context, a: WordingArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    if let (Some(version), Some(text)) = (&a.version, &a.text) {
        privacy::wording::add(&mut store, &a.purpose, version, text, chrono::Utc::now())?;
    }
    for (version, text) in privacy::wording::list(&store, &a.purpose)? {
        out!("v{version}: {text}");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct InterestsArgs {
    /// Add this interest to the vocabulary.
    #[arg(long)]
    pub add: Option<String>,
}

pub fn interests(ctx: &Context, a: InterestsArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    if let Some(name) = a.add {
        privacy::contacts::add_interest(&mut store, &name, chrono::Utc::now())?;
    }
    for name in privacy::contacts::interests(&store)? {
        out!("{name}");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    pub id: String,
    /// PATH.zip for the package (data.json, report.html, contact.vcf), PATH.json for the data only.
    #[arg(long)]
    pub out: PathBuf,
    /// The register's request this export answers (it is closed with the export).
    #[arg(long, value_name = "Q")]
    pub request: Option<i64>,
    /// Encrypt the zip (AES-256) with the password on this file's first line; send the
    /// password separately. 7-Zip, WinZip and PeaZip open it; macOS Archive Utility does not.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
}

pub fn export(ctx: &Context, a: ExportArgs) -> anyhow::Result<ExitCode> {
    let id = id_arg(&a.id)?;
    let password = match &a.password_file {
        Some(p) => Some(zeroize::Zeroizing::new(
            std::fs::read_to_string(p)
                .with_context(|| {
                    format!(
                        "could not read the password file {}: check the path",
                        p.display()
                    )
                })?
                .lines()
                .next()
                .unwrap_or("")
                .to_string(),
        )),
        None => None,
    };
    let mut store = ctx.open()?;
    let opts = privacy::access_export::Options {
        request: a.request,
        password,
    };
    let w = privacy::access_export::export_with(&mut store, id, &a.out, &opts, chrono::Utc::now())?;
    if a.request.is_some() {
        eprintln!(
            "Request {} closed: exported.",
            a.request.unwrap_or_default()
        );
    }
    out!("{}", w.path.display());
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct EraseArgs {
    pub id: String,
    /// Erase now (without it, show what would be erased and stop).
    #[arg(long)]
    pub yes: bool,
    /// Why: request (the person asked; default) or user (entered by mistake, no longer needed).
    #[arg(long, default_value = "request")]
    pub reason: String,
    /// The register's erasure request this answers (it is closed with the erasure).
    #[arg(long, value_name = "Q")]
    pub request: Option<i64>,
}

pub fn erase(ctx: &Context, a: EraseArgs) -> anyhow::Result<ExitCode> {
    let id = id_arg(&a.id)?;
    let reason = match a.reason.as_str() {
        "request" => Reason::SubjectRequest,
        "user" => Reason::UserDecision,
        _ => bail!("a reason is `request` or `user`"),
    };
    let mut store = ctx.open()?;
    let h = privacy::erasure::preview(&store, id)?;
    let summary = format!(
        "{} email(s), {} phone(s), {} address(es), {} web address(es), {} consent record(s), {} objection(s), {} interest answer(s), {} activit(ies), {} follow-up(s), name, organisation link and preferences (the organisation itself stays)",
        h.emails,
        h.phones,
        h.addresses,
        h.web,
        h.consents,
        h.objections,
        h.interests,
        h.activities,
        h.follow_ups
    );
    if !a.yes {
        out!("Would erase {summary}.");
        out!(
            "A tombstone stays (the random id, the date and the reason), and keyed hashes of the emails and phones so that an import cannot bring the person back."
        );
        out!("Run again with --yes to erase.");
        return Ok(ExitCode::SUCCESS);
    }
    let (_, cleaned) =
        privacy::erasure::erase_answering(&mut store, id, reason, a.request, chrono::Utc::now())?;
    out!("Erased {summary}. A tombstone remains.");
    if !cleaned.deleted.is_empty() {
        out!(
            "Deleted {} export file(s) that held the person.",
            cleaned.deleted.len()
        );
    }
    for f in &cleaned.not_deleted {
        out!(
            "Could NOT delete export {} at {}: it is not there (moved, or on a drive not mounted). Find it and delete it by hand; `rapport exports` lists it.",
            f.id,
            f.path
        );
    }
    if let Some(q) = a.request {
        out!("Request {q} closed: erased.");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct ObjectArgs {
    pub id: String,
    /// email, phone, sms, post or all.
    #[arg(long, default_value = "all")]
    pub channel: String,
}

pub fn object(ctx: &Context, a: ObjectArgs) -> anyhow::Result<ExitCode> {
    let id = id_arg(&a.id)?;
    let scope = ObjectionScope::parse(&a.channel)?;
    let mut store = ctx.open()?;
    if privacy::restrict::object(&mut store, id, scope, chrono::Utc::now())? {
        out!(
            "Objection recorded: no more marketing by {}.",
            scope.as_str()
        );
    } else {
        out!("That objection was already recorded.");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct IdArg {
    pub id: String,
}

pub fn restrict(ctx: &Context, a: IdArg, on: bool) -> anyhow::Result<ExitCode> {
    let id = id_arg(&a.id)?;
    let mut store = ctx.open()?;
    let changed = privacy::restrict::set_restricted(&mut store, id, on, chrono::Utc::now())?;
    out!(
        "{}",
        match (on, changed) {
            (true, true) =>
                "Processing restricted: the contact is kept but left out of audiences and editing.",
            (true, false) => "The contact was already restricted.",
            (false, true) => "Restriction lifted.",
            (false, false) => "The contact was not restricted.",
        }
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct AudienceArgs {
    #[arg(long)]
    pub purpose: String,
    /// email, phone, sms, post or meeting.
    #[arg(long)]
    pub channel: String,
    /// Only people who answered yes to this interest (repeatable).
    #[arg(long = "interest")]
    pub interests: Vec<String>,
    /// Also include people whose interest is unknown.
    #[arg(long)]
    pub include_unknown: bool,
    /// Only people who had an activity of this kind (call, meeting, visit, email or event)
    /// within the months given by --within-months.
    #[arg(long, value_name = "KIND", requires = "within_months")]
    pub activity: Option<String>,
    /// Only people who had an activity (of the kind given by --activity, else of any kind)
    /// in the last N months.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1200))]
    pub within_months: Option<u32>,
    #[arg(long)]
    pub json: bool,
}

pub fn audience(ctx: &Context, a: AudienceArgs) -> anyhow::Result<ExitCode> {
    let req = privacy::audience::Request {
        purpose: a.purpose,
        channel: Channel::parse(&a.channel)?,
        interests: a.interests,
        include_unknown: a.include_unknown,
        activity: match a.within_months {
            Some(within_months) => Some(ActivityCriterion {
                kind: a
                    .activity
                    .as_deref()
                    .map(Kind::parse)
                    .transpose()
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "--activity takes call, meeting, visit, email or event; use one of those."
                        )
                    })?,
                within_months,
            }),
            None => None,
        },
    };
    let store = ctx.open()?;
    let aud = privacy::audience::build(&store, &req, chrono::Utc::now())?;
    if a.json {
        let included: Vec<_> = aud
            .included
            .iter()
            .map(|m| json!({"id": m.id.to_string(), "name": m.name, "address": m.address}))
            .collect();
        out!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"included": included, "excluded": aud.excluded_by_code()})
            )?
        );
        return Ok(ExitCode::SUCCESS);
    }
    for m in &aud.included {
        out!(
            "{}  {:<28} {}",
            m.id,
            m.name,
            m.address.as_deref().unwrap_or("")
        );
    }
    out!("{} included.", aud.included.len());
    for (reason, n) in &aud.excluded {
        out!("  left out, {}: {n}", reason.describe());
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct RetentionArgs {
    /// Erase what is due now (each erasure audited).
    #[arg(long)]
    pub apply: bool,
    /// Set the grace period (days) after which a contact that never had a legal basis is due.
    #[arg(long, value_name = "DAYS")]
    pub grace_days: Option<i64>,
    #[arg(long)]
    pub json: bool,
}

pub fn retention(ctx: &Context, a: RetentionArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    let now = chrono::Utc::now();
    if let Some(days) = a.grace_days {
        privacy::retention::set_grace_days(&mut store, days, now)?;
        eprintln!("Grace period set to {days} days.");
    }
    if a.apply {
        // Progress comes after each chunk and again (done == total) after each step of the
        // index clean-up: show each count once.
        let mut shown = 0;
        let n = privacy::retention::apply(
            &store,
            now,
            privacy::retention::CLI_CHUNK,
            |done, total| {
                if total > 2000 && done != shown {
                    shown = done;
                    eprintln!("… {done}/{total}");
                }
            },
        )?;
        out!("Erased {n} contact(s) whose retention period had ended.");
        return Ok(ExitCode::SUCCESS);
    }
    let r = privacy::retention::report(&store, now)?;
    if a.json {
        let due: Vec<_> = r.due.iter().map(|d| json!({"id": d.id.to_string(), "name": d.name, "rule": d.rule.as_str(), "reason": d.reason, "since": dates::show(d.since)})).collect();
        let up: Vec<_> = r.upcoming.iter().map(|u| json!({"id": u.id.to_string(), "name": u.name, "rule": u.rule.as_str(), "reason": u.reason, "due_on": dates::show(u.due_on)})).collect();
        out!(
            "{}",
            serde_json::to_string_pretty(&json!({"due": due, "upcoming": up}))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    out!("Due now: {}", r.due.len());
    for d in &r.due {
        out!(
            "  {}  {:<28} since {}  ({})",
            d.id,
            d.name,
            dates::show(d.since),
            d.reason
        );
    }
    out!(
        "Due within 30 days (ask for renewed consent first): {}",
        r.upcoming.len()
    );
    for u in &r.upcoming {
        out!(
            "  {}  {:<28} on {}  ({})",
            u.id,
            u.name,
            dates::show(u.due_on),
            u.reason
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    #[arg(long)]
    pub json: bool,
    /// Only events about this contact id.
    #[arg(long)]
    pub subject: Option<String>,
    /// Check the hash chain (in a team: every device's chain).
    #[arg(long)]
    pub verify: bool,
    /// The team's log in one view: every device's events ordered by time, each with its
    /// member and device ids (and, for an admin, the member's name).
    #[arg(long)]
    pub team: bool,
    /// `verify`: the same as `--verify`.
    #[arg(value_parser = ["verify"])]
    pub check: Option<String>,
}

pub fn audit(ctx: &Context, a: AuditArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open()?;
    if a.verify || a.check.is_some() {
        return audit_verify(&store, a.json);
    }
    let subject = a
        .subject
        .as_deref()
        .map(id_arg)
        .transpose()
        .context("--subject takes a contact id")?;
    if a.team {
        return audit_team(&store, subject, a.json);
    }
    let events = privacy::audit::events(&store, subject)?;
    if a.json {
        out!("{}", serde_json::to_string_pretty(&events)?);
        return Ok(ExitCode::SUCCESS);
    }
    for e in &events {
        let subject = e.subject.map(|s| s.to_string()).unwrap_or_default();
        out!(
            "{:>6}  {}  {:<15} {:<18} {:<36} {}",
            e.seq,
            e.at.format("%Y-%m-%d %H:%M:%S"),
            e.actor,
            e.action,
            subject,
            e.detail
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `rapport audit --verify`: this store's chain and, in a team, every other device's.
fn audit_verify(store: &crate::store::Store, json: bool) -> anyhow::Result<ExitCode> {
    let verdicts = privacy::audit::verify_team(store)?;
    let intact = verdicts.iter().all(|v| v.result.is_ok());
    if json {
        out!("{}", serde_json::to_string_pretty(&verdicts)?);
    } else {
        for v in &verdicts {
            match (&v.device, &v.result) {
                (None, Ok(n)) => out!("ok: {n} events"),
                (Some(d), Ok(n)) => out!("ok: device {d}: {n} events"),
                (None, Err(e)) => eprintln!("rapport: the audit log was tampered with: {e}"),
                (Some(d), Err(e)) => {
                    eprintln!("rapport: the audit log of device {d} was tampered with: {e}")
                }
            }
        }
    }
    Ok(if intact {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `rapport audit --team`: the team's log in one view, ordered by time.
fn audit_team(
    store: &crate::store::Store,
    subject: Option<crate::domain::ContactId>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let events = privacy::audit::team_events(store, subject)?;
    if json {
        out!("{}", serde_json::to_string_pretty(&events)?);
        return Ok(ExitCode::SUCCESS);
    }
    for e in &events {
        let subject = e.subject.map(|s| s.to_string()).unwrap_or_default();
        let member = e
            .member_name
            .clone()
            .or_else(|| e.member.clone())
            .unwrap_or_else(|| "-".into());
        let device = e.device.as_deref().unwrap_or("-");
        out!(
            "{}  {:<32} {:<32} {:>6}  {:<15} {:<18} {:<36} {}",
            e.at.format("%Y-%m-%d %H:%M:%S"),
            member,
            device,
            e.seq,
            e.actor,
            e.action,
            subject,
            e.detail
        );
    }
    Ok(ExitCode::SUCCESS)
}
