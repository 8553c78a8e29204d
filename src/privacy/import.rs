//! Importing vCard and CSV files. Each file is one transaction: what the summary reports is what
//! was committed. A record whose email matches an existing contact is merged into it (new contact
//! points added, nothing overwritten); a phone-only match is reported as a possible duplicate; a
//! record matching a suppression entry (an erased person) is flagged and not imported.

use super::PrivacyError;
use crate::domain::audit::NewEvent;
use crate::domain::{Action, Contact, ContactId, DataSource, Instant, PointKind, SourceKind};
use crate::exchange::decode::decode;
use crate::exchange::record::{Format, Item, Parsed, read};
use crate::store::{self, Store, StoreError};
use serde::Serialize;
use std::path::Path;

#[derive(Clone, Default)]
pub struct Options {
    /// Import nothing from a file with any unreadable record.
    pub strict: bool,
    /// The source to record (GDPR Art. 14); default: the file's name.
    pub source: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub reason: String,
}

super::redacted_debug!(Options, FileReport);

/// What happened to one file.

#[derive(Clone, Default, Serialize)]
pub struct FileReport {
    pub file: String,
    pub format: Option<&'static str>,
    pub imported: usize,
    pub merged: usize,
    pub flagged: usize,
    pub possible_duplicates: usize,
    pub photos_dropped: usize,
    pub skipped: Vec<Skipped>,
    /// Set when the whole file was refused; nothing was imported from it.
    pub refused: Option<String>,
}

enum Outcome {
    Imported,
    Merged,
    Flagged,
}

fn process(
    tx: &store::Tx,
    chain: &mut store::audit::Chain,
    parsed: Parsed,
    source: &DataSource,
    now: Instant,
    report: &mut FileReport,
) -> Result<Outcome, StoreError> {
    let mut draft = parsed.draft;
    draft.source = source.clone();
    for p in draft
        .points
        .iter()
        .filter(|p| matches!(p.kind, PointKind::Email | PointKind::Phone))
    {
        if store::erasure::is_suppressed(tx, p.kind, &p.normalised())? {
            return Ok(Outcome::Flagged);
        }
    }
    for p in draft.points.iter().filter(|p| p.kind == PointKind::Email) {
        if let Some(existing) =
            store::contacts::ids_by_normalized(tx, PointKind::Email, &p.normalised())?.first()
        {
            let mut c = store::contacts::get(tx, *existing)?.ok_or(StoreError::NotFound)?;
            if c.restricted {
                return Ok(Outcome::Merged); // kept as it is: a restricted contact is not edited
            }
            if c.merge_points(draft.points.clone()) > 0 {
                c.updated_at = now;
                store::contacts::update(tx, &c)?;
                chain.push(
                    &NewEvent::new(now, Action::Edit, Some(c.id))
                        .detail("contact_points (import merge)"),
                )?;
            }
            return Ok(Outcome::Merged);
        }
    }
    let phone_match = draft
        .points
        .iter()
        .filter(|p| p.kind == PointKind::Phone && !p.normalised().is_empty())
        .try_fold(false, |found, p| {
            Ok::<_, StoreError>(
                found
                    || !store::contacts::ids_by_normalized(tx, PointKind::Phone, &p.normalised())?
                        .is_empty(),
            )
        })?;
    if phone_match {
        report.possible_duplicates += 1;
    }
    let contact = Contact::from_draft(ContactId::random(), draft, now);
    store::contacts::insert(tx, &contact)?;
    chain.push(&NewEvent::new(now, Action::Create, Some(contact.id)).detail("source=import"))?;
    Ok(Outcome::Imported)
}

/// Records per hand-off from the parser thread to the writer.
const BATCH: usize = 256;

/// Marker error that rolls a strict import back.
struct StrictAbort;

/// Imports one file; `progress(bytes_done, bytes_total)` is called as records are read.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &Options,
    now: Instant,
    mut progress: impl FnMut(usize, usize),
) -> Result<FileReport, PrivacyError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut report = FileReport {
        file: path.display().to_string(),
        ..Default::default()
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            report.refused = Some(format!(
                "could not read the file ({}): check the path",
                e.kind()
            ));
            return Ok(report);
        }
    };
    let doc = match decode(&bytes) {
        Ok(d) => d,
        Err(e) => {
            report.refused = Some(e.to_string());
            return Ok(report);
        }
    };
    drop(bytes);
    let (format, records) = match read(&doc) {
        Ok(r) => r,
        Err(e) => {
            report.refused = Some(e.to_string());
            return Ok(report);
        }
    };
    report.format = Some(match format {
        Format::Vcard => "vcard",
        Format::Csv => "csv",
    });
    let source = DataSource {
        kind: SourceKind::Import,
        detail: opts.source.clone().unwrap_or(name),
    };
    let total = doc.text.len();
    let mut work = FileReport {
        file: report.file.clone(),
        format: report.format,
        ..Default::default()
    };
    // The parser runs in its own thread and hands records to the writer through a bounded
    // channel (memory stays bounded by the channel, not the file); when the writer stops early
    // (an error, --strict) the channel closes and the parser stops too.
    // Records travel in batches: one hand-off per record cost more in thread wake-ups (futex)
    // than the parsing it moved off the writer.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<(Item, usize)>>(8);
    let parser = move || {
        let mut records = records;
        let mut batch = Vec::with_capacity(BATCH);
        while let Some(item) = records.next() {
            batch.push((item, records.bytes_read()));
            if batch.len() == BATCH
                && send
                    .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                    .is_err()
            {
                return;
            }
        }
        let _ = send.send(batch);
    };
    // One transaction for the whole file, with a page cache large enough to hold it (see
    // `Store::write_bulk`), and the audit chain's head read and written once.
    let writer = |tx: &store::Tx| {
        // Owned here, so that the channel closes whenever the writer returns, also early.
        let receive = receive;
        let mut chain = store::audit::Chain::start(tx)?;
        for (n, (item, bytes_read)) in receive.iter().flatten().enumerate() {
            if (n + 1).is_multiple_of(1000) {
                progress(bytes_read, total);
            }
            match item {
                Item::Contact(parsed) => {
                    if parsed.photo_dropped {
                        work.photos_dropped += 1;
                    }
                    match process(tx, &mut chain, parsed, &source, now, &mut work)
                        .map_err(Abort::Store)?
                    {
                        Outcome::Imported => work.imported += 1,
                        Outcome::Merged => work.merged += 1,
                        Outcome::Flagged => work.flagged += 1,
                    }
                }
                Item::Group { line } => work.skipped.push(Skipped {
                    line,
                    reason:
                        "a group card (KIND:group) lists people, it is not a person: not imported"
                            .into(),
                }),
                Item::Bad { line, reason } => work.skipped.push(Skipped { line, reason }),
            }
        }
        progress(total, total);
        let unreadable = work
            .skipped
            .iter()
            .any(|s| !s.reason.starts_with("a group card"));
        if opts.strict && unreadable {
            return Err(Abort::Strict(StrictAbort));
        }
        chain
            .push(&NewEvent::new(now, Action::Import, None).detail(format!(
                "format={} imported={} merged={} flagged={} skipped={}",
                work.format.unwrap_or(""),
                work.imported,
                work.merged,
                work.flagged,
                work.skipped.len()
            )))
            .map_err(Abort::Store)?;
        chain.finish().map_err(Abort::Store)?;
        Ok(())
    };
    let result = std::thread::scope(|scope| {
        scope.spawn(parser);
        store.write_bulk(writer)
    });
    match result {
        Ok(()) => Ok(work),
        Err(Abort::Strict(_)) => {
            report.skipped = work.skipped;
            report.refused = Some(
                "--strict: the file has unreadable records, so nothing was imported from it".into(),
            );
            Ok(report)
        }
        Err(Abort::Store(e)) => Err(e.into()),
    }
}

enum Abort {
    Store(StoreError),
    Strict(StrictAbort),
}

impl From<StoreError> for Abort {
    fn from(e: StoreError) -> Self {
        Abort::Store(e)
    }
}
