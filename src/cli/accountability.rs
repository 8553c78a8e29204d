//! Accountability on the command line (issue 14): the requests register, the controller and
//! recipients, purpose notes, the exports register, the record of processing, backup and
//! restore. All work is done by `privacy::{requests, record, exports_register, backup}`.

use super::contacts::id_arg;
use super::context::Context;
use super::dates;
use crate::domain::controller::{Controller, Recipient, Role, Safeguard};
use crate::domain::request::{ExtendReason, Kind, RefuseReason, VerifyMethod, Via};
use crate::privacy::requests::{self, Filter, Listed, Move};
use crate::privacy::{backup, exports_register, record};
use anyhow::{Context as _, bail};
use serde_json::json;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

fn code<T>(
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
    codes: String,
) -> anyhow::Result<T> {
    parse(text).with_context(|| format!("{what} is one of: {codes}"))
}

#[derive(clap::Subcommand, Debug)]
pub enum RequestCommand {
    /// Register a request; prints its id as the last line.
    Add {
        /// access, rectification, erasure, restriction, objection or portability.
        #[arg(long = "type")]
        kind: String,
        /// The day it arrived (YYYY-MM-DD).
        #[arg(long)]
        received: String,
        /// email, letter, phone, in-person or web-form.
        #[arg(long)]
        via: String,
        /// The contact it is about, when known.
        #[arg(long)]
        contact: Option<String>,
    },
    /// Two more months (Art. 12(3)); only within the first month. Reason: complexity, number-of-requests.
    Extend {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Ask the person to prove who they are: the clock stops until `verify`.
    AskId { id: i64 },
    /// The identity is verified. Method: known-channel, id-document, bank-id, in-person, signed-letter.
    Verify {
        id: i64,
        #[arg(long)]
        method: String,
    },
    /// Refuse. Reason: manifestly-unfounded, excessive, identity-not-verified, legal-retention, rights-of-others.
    Refuse {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// The person withdrew the request.
    Withdraw { id: i64 },
    /// Answered by hand (rectification, restriction, objection done in the app).
    Done { id: i64 },
}

fn show_line(l: &Listed) -> String {
    format!(
        "{:>4}  {:<13} received {}  due {}  {:<16} {}",
        l.id,
        l.kind.as_str(),
        l.received_at,
        l.due_at,
        l.status.as_str(),
        match l.days_left {
            Some(d) if d < 0 => format!("OVERDUE by {} day(s)", -d),
            Some(d) => format!("{d} day(s) left"),
            None => format!("closed {}", l.outcome.map_or("", |o| o.as_str())),
        }
    )
}

pub fn request(ctx: &Context, c: RequestCommand) -> anyhow::Result<ExitCode> {
    let now = chrono::Utc::now();
    let mut store = ctx.open()?;
    let (id, m) = match c {
        RequestCommand::Add {
            kind,
            received,
            via,
            contact,
        } => {
            let kind = code(&kind, Kind::parse, "a request's --type", Kind::codes())?;
            let via = code(&via, Via::parse, "--via", Via::codes())?;
            let received = dates::parse(&received)?.date_naive();
            let contact = contact.as_deref().map(id_arg).transpose()?;
            let id = requests::add(&mut store, kind, via, received, contact, now)?;
            let l = requests::get(&store, id, now)?;
            out!("Registered: {}", show_line(&l));
            out!("{id}");
            return Ok(ExitCode::SUCCESS);
        }
        RequestCommand::Extend { id, reason } => (
            id,
            Move::Extend(code(
                &reason,
                ExtendReason::parse,
                "--reason",
                ExtendReason::codes(),
            )?),
        ),
        RequestCommand::AskId { id } => (id, Move::AskIdentity),
        RequestCommand::Verify { id, method } => (
            id,
            Move::Verify(code(
                &method,
                VerifyMethod::parse,
                "--method",
                VerifyMethod::codes(),
            )?),
        ),
        RequestCommand::Refuse { id, reason } => (
            id,
            Move::Refuse(code(
                &reason,
                RefuseReason::parse,
                "--reason",
                RefuseReason::codes(),
            )?),
        ),
        RequestCommand::Withdraw { id } => (id, Move::Withdraw),
        RequestCommand::Done { id } => (id, Move::Done),
    };
    let l = requests::apply(&mut store, id, m, now)?;
    out!("{}", show_line(&l));
    if let Move::Refuse(_) = m {
        out!(
            "Tell the person why, and that they may complain to Integritetsskyddsmyndigheten (IMY), imy@imy.se (Art. 12(4))."
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct RequestsArgs {
    #[arg(long)]
    pub json: bool,
    /// Only requests not yet closed.
    #[arg(long)]
    pub open: bool,
    /// Only open requests past their due date.
    #[arg(long)]
    pub overdue: bool,
}

pub fn requests(ctx: &Context, a: RequestsArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open()?;
    let list = requests::list(
        &store,
        Filter {
            open_only: a.open,
            overdue_only: a.overdue,
        },
        chrono::Utc::now(),
    )?;
    if a.json {
        out!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        if list.is_empty() {
            out!("No requests.");
        }
        for l in &list {
            out!("{}", show_line(l));
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct ControllerArgs {
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Option<ControllerCommand>,
}

#[derive(clap::Subcommand, Debug)]
pub enum ControllerCommand {
    /// Set who the controller is; only the fields given change.
    Set {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        org_number: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        dpo_name: Option<String>,
        #[arg(long)]
        dpo_email: Option<String>,
        /// The representative in the EU (Art. 27), for a controller outside it.
        #[arg(long)]
        representative: Option<String>,
    },
}

pub fn controller(ctx: &Context, a: ControllerArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    let mut c = record::controller(&store)?;
    if let Some(ControllerCommand::Set {
        name,
        org_number,
        address,
        email,
        dpo_name,
        dpo_email,
        representative,
    }) = a.command
    {
        let set = |field: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *field = v;
            }
        };
        set(&mut c.name, name);
        set(&mut c.org_number, org_number);
        set(&mut c.address, address);
        set(&mut c.email, email);
        set(&mut c.dpo_name, dpo_name);
        set(&mut c.dpo_email, dpo_email);
        set(&mut c.representative, representative);
        record::set_controller(&mut store, &c, chrono::Utc::now())?;
        c = record::controller(&store)?;
    }
    print_controller(&c, a.json)?;
    Ok(ExitCode::SUCCESS)
}

fn print_controller(c: &Controller, as_json: bool) -> anyhow::Result<()> {
    let a = c.supervisory_authority();
    if as_json {
        out!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "name": c.name, "org_number": c.org_number, "address": c.address, "email": c.email,
                "dpo_name": c.dpo_name, "dpo_email": c.dpo_email, "representative": c.representative,
                "supervisory_authority": a.name,
            }))?
        );
        return Ok(());
    }
    let v = |s: &str| {
        if s.is_empty() {
            "(not set)".to_string()
        } else {
            s.to_string()
        }
    };
    out!("Controller:      {}", v(&c.name));
    out!("Org. number:     {}", v(&c.org_number));
    out!("Address:         {}", v(&c.address));
    out!("Email:           {}", v(&c.email));
    out!("DPO:             {} {}", v(&c.dpo_name), c.dpo_email);
    out!("Representative:  {}", v(&c.representative));
    out!("Authority:       {}", a.name);
    Ok(())
}

#[derive(clap::Subcommand, Debug)]
pub enum RecipientCommand {
    /// Add a recipient or processor; outside the EU/EEA it is a transfer and needs --safeguard.
    Add {
        name: String,
        /// processor, controller, joint-controller or authority.
        #[arg(long, default_value = "processor")]
        role: String,
        /// Two-letter country code, e.g. SE, US.
        #[arg(long)]
        country: String,
        /// adequacy-decision, standard-contractual-clauses, binding-corporate-rules or art49-derogation.
        #[arg(long)]
        safeguard: Option<String>,
        /// A purpose it serves (repeat; none = every purpose, e.g. hosting).
        #[arg(long = "purpose")]
        purposes: Vec<String>,
    },
    /// List recipients, processors and transfers.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a recipient by name.
    Remove { name: String },
}

pub fn recipient(ctx: &Context, c: RecipientCommand) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    let now = chrono::Utc::now();
    match c {
        RecipientCommand::Add {
            name,
            role,
            country,
            safeguard,
            purposes,
        } => {
            let role = Role::parse(&role)
                .with_context(|| format!("--role is one of: {}", record::role_codes()))?;
            let safeguard = safeguard
                .as_deref()
                .map(|s| Safeguard::parse(s).context("--safeguard is adequacy-decision, standard-contractual-clauses, binding-corporate-rules or art49-derogation"))
                .transpose()?;
            let r = Recipient {
                id: 0,
                name,
                role,
                country,
                safeguard,
                purposes,
            };
            record::add_recipient(&mut store, &r, now)?;
            out!("Recipient added.");
        }
        RecipientCommand::Remove { name } => {
            record::remove_recipient(&mut store, &name, now)?;
            out!("Recipient removed.");
        }
        RecipientCommand::List { json } => {
            let list = record::recipients(&store)?;
            if json {
                out!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                if list.is_empty() {
                    out!("No recipients: nobody outside the firm receives data.");
                }
                for r in &list {
                    let transfer = match (r.is_transfer(), r.safeguard) {
                        (true, Some(s)) => format!("  transfer: {}", s.describe()),
                        _ => String::new(),
                    };
                    let purposes = if r.purposes.is_empty() {
                        "all purposes".into()
                    } else {
                        r.purposes.join(", ")
                    };
                    out!(
                        "{:<28} {:<16} {}  {}{}",
                        r.name,
                        r.role.as_str(),
                        r.country,
                        purposes,
                        transfer
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct PurposeNoteArgs {
    #[arg(long)]
    pub purpose: String,
    /// For a legitimate interest: why it outweighs the person's interests (Art. 6(1)(f)).
    #[arg(long)]
    pub balancing_note: Option<String>,
    /// Where the data for this purpose comes from.
    #[arg(long)]
    pub source: Option<String>,
}

pub fn purpose_note(ctx: &Context, a: PurposeNoteArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    record::set_purpose_note(
        &mut store,
        &a.purpose,
        a.balancing_note.as_deref(),
        a.source.as_deref(),
        chrono::Utc::now(),
    )?;
    out!("Saved.");
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct ExportsArgs {
    #[arg(long)]
    pub json: bool,
    /// Keep exports this many days (default 30).
    #[arg(long, value_name = "DAYS")]
    pub expiry_days: Option<i64>,
    /// Delete expired exports now (this also happens at every start).
    #[arg(long)]
    pub sweep: bool,
}

pub fn exports(ctx: &Context, a: ExportsArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    let now = chrono::Utc::now();
    if let Some(days) = a.expiry_days {
        exports_register::set_expiry_days(&mut store, days, now)?;
        eprintln!("Exports are now kept {days} days.");
    }
    if a.sweep {
        let c = exports_register::sweep(&mut store, now)?;
        eprintln!("Deleted {} export(s).", c.deleted.len());
        for f in &c.not_deleted {
            eprintln!(
                "Could not delete export {} (not found at {}: moved, or on a drive not mounted?)",
                f.id, f.path
            );
        }
    }
    let list = exports_register::list(&store)?;
    if a.json {
        let out: Vec<_> = list.iter().map(|f| json!({
            "id": f.id, "path": f.path, "kind": f.kind, "why": f.why, "created_at": f.created_at.to_rfc3339(),
            "expires_at": f.expires_at.to_rfc3339(), "deleted_at": f.deleted_at.map(|d| d.to_rfc3339()), "subjects": f.subjects,
        })).collect();
        out!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        out!("No exports registered.");
    }
    for f in &list {
        let state = match f.deleted_at {
            Some(d) => format!("deleted {}", dates::show(d)),
            None => format!("expires {}", dates::show(f.expires_at)),
        };
        out!(
            "{:>4}  {:<15} {}  {:<18} {} person(s)  {}",
            f.id,
            f.kind,
            dates::show(f.created_at),
            state,
            f.subjects,
            f.path
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct RecordArgs {
    /// Write the record as HTML here.
    #[arg(long)]
    pub html: Option<PathBuf>,
    /// Write the record as PDF here.
    #[arg(long)]
    pub pdf: Option<PathBuf>,
    /// List the records generated so far (version, date, SHA-256).
    #[arg(long)]
    pub history: bool,
}

pub fn record(ctx: &Context, a: RecordArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    if a.history {
        for (v, at, html, pdf) in record::issues(&store)? {
            out!(
                "version {v}  {}  html {html}  pdf {}",
                at.to_rfc3339(),
                pdf.unwrap_or_else(|| "-".into())
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let g = record::generate(
        &mut store,
        a.html.as_deref(),
        a.pdf.as_deref(),
        chrono::Utc::now(),
    )?;
    for (path, hash) in g.html.iter().chain(g.pdf.iter()) {
        out!("{}  sha256 {hash}", path.display());
    }
    if g.missing.is_empty() {
        out!("Record version {} kept.", g.version);
    } else {
        out!(
            "Record version {} kept; {} mandatory field(s) missing:",
            g.version,
            g.missing.len()
        );
        for m in &g.missing {
            out!("  missing: {m}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct BackupArgs {
    /// The backup file to write (a SQLCipher database; the recovery key opens it).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn backup(ctx: &Context, a: BackupArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    let path = backup::backup(&mut store, &a.out, chrono::Utc::now())?;
    out!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct RestoreArgs {
    pub file: PathBuf,
    /// Replace the current store without asking (for scripts).
    #[arg(long)]
    pub yes: bool,
    /// Restore even without an erasure ledger: people erased after the backup come back.
    #[arg(long)]
    pub force: bool,
}

pub fn restore(ctx: &Context, a: RestoreArgs) -> anyhow::Result<ExitCode> {
    if !a.yes {
        if !std::io::stdin().is_terminal() {
            bail!("restoring replaces the current store: run again with --yes to confirm");
        }
        eprint!(
            "Replace the store in {} with {}? Erasures made since the backup are replayed. [y/N] ",
            ctx.data_dir.display(),
            a.file.display()
        );
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if !answer.trim().eq_ignore_ascii_case("y") {
            out!("Nothing was changed.");
            return Ok(ExitCode::SUCCESS);
        }
    }
    let key = crate::vault::unlock(&ctx.data_dir, ctx.secret()?)?;
    let r = backup::restore(&ctx.data_dir, &key, &a.file, a.force, chrono::Utc::now())?;
    if r.without_ledger {
        out!(
            "Restored WITHOUT an erasure ledger: anyone erased after this backup is back; erase them again."
        );
    }
    out!(
        "Restored; {} erasure(s) made since the backup replayed.",
        r.replayed
    );
    Ok(ExitCode::SUCCESS)
}
