//! The command line (clap). One file per group of subcommands; all work is done by `privacy/`.
//! `anyhow` is used here and in main.rs only; every message is a sentence a user can act on.

/// `println!` for command output that ends quietly when the reader goes away (`rapport list |
/// head`): a closed pipe is not an error worth a panic, and everything was already committed.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

mod accountability;
mod contacts;
mod context;
mod dates;
mod exchange;
mod gate;
mod rights;
mod security;
mod setup;
mod team;
mod team_admin;
mod work;
// --- vocab ---
mod vocabulary;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

pub use context::Context;

#[derive(Parser, Debug)]
#[command(
    name = "rapport",
    version,
    about = "Offline-first CRM where every personal detail has a purpose, a legal basis and an expiry date"
)]
pub struct Cli {
    /// Where the store lives (default: the platform data directory).
    #[arg(long, global = true, env = "RAPPORT_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Read the passphrase from this file (first line) instead of RAPPORT_PASSPHRASE.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// The store's key file (second factor), else RAPPORT_KEY_FILE. For `security
    /// second-factor` it is the NEW key file to write.
    #[arg(long, global = true, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create the store: OS keyring by default; a passphrase with --passphrase (asked on the terminal), RAPPORT_PASSPHRASE or --passphrase-file.
    Init(setup::InitArgs),
    /// Print the store's raw SQLCipher key (64 hex digits): with it any SQLCipher 4 tool opens your data.
    RecoveryKey,
    /// Regain access with the recovery key: protect the store with a new passphrase (asked on the terminal, or RAPPORT_PASSPHRASE / --passphrase-file).
    RestoreKey(setup::RestoreArgs),
    /// Fill the store with realistic synthetic contacts (for trying the app and for benchmarks).
    Demo(setup::DemoArgs),
    /// Check the store's integrity (SQLite and SQLCipher page checks, audit chain).
    Check,
    /// Add a contact.
    Add(contacts::AddArgs),
    /// Import vCard or CSV files; each file commits whole, and the summary says what happened to every record.
    Import(exchange::ImportArgs),
    /// Export many contacts as vCard, CSV or JSON.
    ExportAll(exchange::ExportAllArgs),
    /// Rectify a contact (GDPR Art. 16); only the fields given change.
    Edit(contacts::EditArgs),
    /// List contacts, or search by name, organisation and email prefix.
    List(contacts::ListArgs),
    /// Show everything about one contact (the access is audited).
    Show(contacts::ShowArgs),
    /// Give or withdraw consent for a purpose (GDPR Art. 7).
    #[command(subcommand)]
    Consent(rights::ConsentCommand),
    /// The processing purposes with their legal basis and retention.
    Purposes(rights::JsonArg),
    /// The consent wordings of a purpose; --version and --text record a new one.
    Wording(rights::WordingArgs),
    /// The firm's interest vocabulary.
    Interests(rights::InterestsArgs),
    /// Export everything about a person (GDPR Art. 15 + 20): PATH.zip (data.json, report.html, contact.vcf) or PATH.json.
    Export(rights::ExportArgs),
    /// Erase a person so that nothing is recoverable (GDPR Art. 17). Without --yes, show what would be erased.
    Erase(rights::EraseArgs),
    /// Record an objection to direct marketing (GDPR Art. 21).
    Object(rights::ObjectArgs),
    /// Restrict processing of a contact (GDPR Art. 18).
    Restrict(rights::IdArg),
    /// Lift a restriction.
    Unrestrict(rights::IdArg),
    /// Who may be contacted for a purpose on a channel today, and why others are left out.
    Audience(rights::AudienceArgs),
    /// What retention makes due for erasure now and soon; --apply erases what is due.
    Retention(rights::RetentionArgs),
    /// The tamper-evident audit log; --verify checks the hash chain.
    Audit(rights::AuditArgs),
    /// Organisations: add, edit, list [--search], show ORG.
    #[command(subcommand)]
    Org(work::OrgCommand),
    /// Log an activity (call, meeting, visit, email, event) with an outcome from the vocabulary.
    #[command(subcommand)]
    Activity(work::ActivityCommand),
    /// A person's activities and follow-ups.
    Activities(work::ActivitiesArgs),
    /// Plan a follow-up, or mark one done, snoozed or cancelled.
    #[command(subcommand)]
    FollowUp(work::FollowUpCommand),
    /// What to do today: follow-ups due and overdue, consents ending within 14 days.
    Today(work::TodayArgs),
    /// The firm's outcome vocabulary for activities.
    Outcomes(work::OutcomesArgs),
    // --- accountability (issue 14) ---
    /// Register or change a data-subject request (add prints the new id as its last line).
    #[command(subcommand)]
    Request(accountability::RequestCommand),
    /// The register of data-subject requests with due dates and days left.
    Requests(accountability::RequestsArgs),
    /// Who the controller is (`controller set …` changes it).
    Controller(accountability::ControllerArgs),
    /// Recipients, processors and transfers outside the EU/EEA.
    #[command(subcommand)]
    Recipient(accountability::RecipientCommand),
    /// What the record of processing says about a purpose beyond its rule (balancing note, source).
    PurposeNote(accountability::PurposeNoteArgs),
    /// The register of exported files with personal data, and their expiry.
    Exports(accountability::ExportsArgs),
    /// Generate the record of processing (Art. 30) as HTML and/or PDF.
    Record(accountability::RecordArgs),
    /// Write an encrypted backup of the store (the recovery key opens it).
    Backup(accountability::BackupArgs),
    /// Restore a backup, replaying every erasure made since it from the erasure ledger.
    Restore(accountability::RestoreArgs),
    /// The team sharing this customer base through a shared folder: members; create, invite, join.
    Team(team::TeamArgs),
    /// One sync round with the team folder: publish this laptop's changes, then apply the others'.
    Sync(team::SyncArgs),
    /// How the store is protected; subcommands change the passphrase or the second factor.
    Security(security::SecurityArgs),
    /// Give the store a new random SQLCipher key (crash-safe); prints the new recovery key.
    Rekey,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let ctx = Context::new(cli.data_dir, cli.passphrase_file)?.with_key_file(cli.key_file);
    let Some(command) = cli.command else {
        rapport_gui(ctx)?;
        return Ok(ExitCode::SUCCESS);
    };
    // Issue 13: the one role gate. `open` refuses before writing; a restore replaces the
    // store without opening it, so it is checked here.
    let ctx = ctx.requiring(gate::action(&command));
    if let Command::Restore(_) = command {
        ctx.check_role()?;
    }
    match command {
        Command::Init(a) => setup::init(&ctx, a),
        Command::RecoveryKey => setup::recovery_key(&ctx),
        Command::RestoreKey(a) => setup::restore_key(&ctx, a),
        Command::Demo(a) => setup::demo(&ctx, a),
        Command::Check => setup::check(&ctx),
        Command::Add(a) => contacts::add(&ctx, a),
        Command::Import(a) => exchange::import(&ctx, a),
        Command::ExportAll(a) => exchange::export_all(&ctx, a),
        Command::Edit(a) => contacts::edit(&ctx, a),
        Command::List(a) => contacts::list(&ctx, a),
        Command::Show(a) => contacts::show(&ctx, a),
        Command::Consent(c) => rights::consent(&ctx, c),
        Command::Purposes(a) => rights::purposes(&ctx, a),
        Command::Interests(a) => rights::interests(&ctx, a),
        Command::Wording(a) => rights::wording(&ctx, a),
        Command::Export(a) => rights::export(&ctx, a),
        Command::Erase(a) => rights::erase(&ctx, a),
        Command::Object(a) => rights::object(&ctx, a),
        Command::Restrict(a) => rights::restrict(&ctx, a, true),
        Command::Unrestrict(a) => rights::restrict(&ctx, a, false),
        Command::Audience(a) => rights::audience(&ctx, a),
        Command::Retention(a) => rights::retention(&ctx, a),
        Command::Audit(a) => rights::audit(&ctx, a),
        Command::Org(c) => work::org(&ctx, c),
        Command::Activity(c) => work::activity(&ctx, c),
        Command::Activities(a) => work::activities_of(&ctx, a),
        Command::FollowUp(c) => work::follow_up(&ctx, c),
        Command::Today(a) => work::today_cmd(&ctx, a),
        Command::Outcomes(a) => work::outcomes(&ctx, a),
        Command::Request(c) => accountability::request(&ctx, c),
        Command::Requests(a) => accountability::requests(&ctx, a),
        Command::Controller(a) => accountability::controller(&ctx, a),
        Command::Recipient(c) => accountability::recipient(&ctx, c),
        Command::PurposeNote(a) => accountability::purpose_note(&ctx, a),
        Command::Exports(a) => accountability::exports(&ctx, a),
        Command::Record(a) => accountability::record(&ctx, a),
        Command::Backup(a) => accountability::backup(&ctx, a),
        Command::Restore(a) => accountability::restore(&ctx, a),
        Command::Team(a) => team::team(&ctx, a),
        Command::Sync(a) => team::sync(&ctx, a),
        Command::Security(a) => security::run(&ctx, a),
        Command::Rekey => security::rekey(&ctx),
    }
}

fn rapport_gui(ctx: Context) -> anyhow::Result<()> {
    crate::vault::keyring::use_platform_store();
    let launch = crate::ui::Launch {
        data_dir: ctx.data_dir.clone(),
        passphrase: ctx.passphrase_file_contents()?,
        key_file: ctx.key_file(),
    };
    crate::ui::run(launch).map_err(|_| anyhow::anyhow!("the desktop window could not be opened (no display?): use the subcommands, see `rapport --help`"))
}
