//! `import` and `export-all`.

use super::context::Context;
use crate::privacy::export_all::{self, Format};
use crate::privacy::import::{self, Options};
use anyhow::bail;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// vCard (2.1, 3.0, 4.0) or CSV files (Google, Outlook, Thunderbird…).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Import nothing from a file that has any unreadable record.
    #[arg(long)]
    pub strict: bool,
    /// Where the data came from (GDPR Art. 14); default: the file's name.
    #[arg(long)]
    pub source: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn import(ctx: &Context, a: ImportArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    let opts = Options {
        strict: a.strict,
        source: a.source,
    };
    let mut reports = Vec::new();
    for file in &a.files {
        let mut last = 0;
        let r = import::import_file(
            &mut store,
            file,
            &opts,
            chrono::Utc::now(),
            |done, total| {
                // Progress on the terminal for large files (every 5%).
                if total > 2_000_000 && done * 20 / total.max(1) > last {
                    last = done * 20 / total.max(1);
                    eprint!("\r{}: {}%", file.display(), last * 5);
                    let _ = std::io::stderr().flush();
                }
            },
        )?;
        if last > 0 {
            eprintln!();
        }
        reports.push(r);
    }
    let refused = reports.iter().any(|r| r.refused.is_some());
    if a.json {
        let files: Vec<_> = reports
            .iter()
            .map(|r| {
                json!({
                    "file": r.file, "format": r.format, "imported": r.imported, "merged": r.merged, "flagged": r.flagged,
                    "possible_duplicates": r.possible_duplicates, "photos_dropped": r.photos_dropped,
                    "skipped": r.skipped, "refused": r.refused,
                })
            })
            .collect();
        out!(
            "{}",
            serde_json::to_string_pretty(&json!({ "files": files }))?
        );
    } else {
        for r in &reports {
            if let Some(why) = &r.refused {
                eprintln!("rapport: {} was refused: {why}", r.file);
            }
            out!(
                "{}: {} imported, {} merged into existing contacts, {} flagged (erased people, not imported), {} possible duplicate(s) by phone, {} skipped",
                r.file,
                r.imported,
                r.merged,
                r.flagged,
                r.possible_duplicates,
                r.skipped.len()
            );
            if r.photos_dropped > 0 {
                out!(
                    "  {} photo(s) dropped: photos are personal data and are not kept",
                    r.photos_dropped
                );
            }
            for s in &r.skipped {
                out!("  line {}: {}", s.line, s.reason);
            }
        }
        out!(
            "Imported contacts have no legal basis yet: record consent or a contract before contacting them."
        );
    }
    Ok(if refused {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(clap::Args, Debug)]
pub struct ExportAllArgs {
    /// vcf (vCard 4.0), vcf3 (vCard 3.0 for old clients), csv (Google headers) or json.
    #[arg(long)]
    pub format: String,
    #[arg(long)]
    pub out: PathBuf,
    /// Only the contacts matching this search.
    #[arg(long)]
    pub search: Option<String>,
    /// Write the organisations (company data, CSV) instead of the contacts (with --format csv).
    #[arg(long)]
    pub organisations: bool,
}

pub fn export_all(ctx: &Context, a: ExportAllArgs) -> anyhow::Result<ExitCode> {
    let format = match a.format.as_str() {
        "vcf" | "vcard" => Format::Vcard4,
        "vcf3" => Format::Vcard3,
        "csv" => Format::Csv,
        "json" => Format::Json,
        _ => bail!("a format is vcf, vcf3, csv or json"),
    };
    let mut store = ctx.open()?;
    if a.organisations {
        if format != Format::Csv {
            bail!("organisations are exported as CSV: use --format csv");
        }
        let n = crate::privacy::organisations::export_csv(&mut store, &a.out, chrono::Utc::now())?;
        out!("Wrote {n} organisation(s) to {}", a.out.display());
        return Ok(ExitCode::SUCCESS);
    }
    let n = export_all::export_all(
        &mut store,
        format,
        &a.out,
        a.search.as_deref(),
        chrono::Utc::now(),
    )?;
    out!("Wrote {n} contact(s) to {}", a.out.display());
    Ok(ExitCode::SUCCESS)
}
