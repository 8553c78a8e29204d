//! Exports do not outlive their purpose: every file with personal data that Rapport writes is
//! registered (where, when, why, whose data, until when), expired files are deleted at start
//! and in the retention sweep, and a file holding an erased person is deleted with the
//! erasure. Each deletion is audited (the export's number and kind, never its path). A file
//! that is not where it was written (moved, on a drive not mounted) stays registered and is
//! reported, so that nobody believes it gone.

use super::PrivacyError;
use crate::domain::audit::{NewEvent, actor};
use crate::domain::{Action, ContactId, Instant};
use crate::store::exports::ExportFile;
use crate::store::{self, Store};
use std::path::Path;

/// The setting: days an export is kept (default `DEFAULT_DAYS`).
pub const EXPIRY_DAYS: &str = "exports.expiry_days";
pub const DEFAULT_DAYS: i64 = 30;

/// What kind of file an export is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    AccessPackage,
    AudienceCsv,
    ExportAll,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::AccessPackage => "access_package",
            Kind::AudienceCsv => "audience_csv",
            Kind::ExportAll => "export_all",
        }
    }

    /// Why such a file is written (the register's "why").
    fn why(self) -> &'static str {
        match self {
            Kind::AccessPackage => "access_request",
            Kind::AudienceCsv => "mailing",
            Kind::ExportAll => "portability",
        }
    }
}

/// Days an export is kept, from the settings.
pub fn expiry_days(tx: &store::Tx) -> Result<i64, store::StoreError> {
    Ok(store::settings::get(tx, EXPIRY_DAYS)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_DAYS))
}

/// Sets the days an export is kept (1–365). Audited.
pub fn set_expiry_days(store: &mut Store, days: i64, now: Instant) -> Result<(), PrivacyError> {
    if !(1..=365).contains(&days) {
        return Err(PrivacyError::Invalid(
            "exports are kept between 1 and 365 days".into(),
        ));
    }
    store.write(|tx| {
        store::settings::set(tx, EXPIRY_DAYS, &days.to_string())?;
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Settings, None).detail(EXPIRY_DAYS),
        )?;
        Ok(())
    })
}

/// Registers a written file inside an open transaction (the export's own, with its audit
/// event). The path is kept as written, made absolute when it can be.
pub(crate) fn register_in(
    tx: &store::Tx,
    path: &Path,
    kind: Kind,
    subjects: &[ContactId],
    now: Instant,
) -> Result<i64, PrivacyError> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let expires = now + chrono::Duration::days(expiry_days(tx)?);
    Ok(store::exports::add(
        tx,
        &path.to_string_lossy(),
        kind.as_str(),
        kind.why(),
        now,
        expires,
        subjects,
    )?)
}

/// Every registered export, newest first.
pub fn list(store: &Store) -> Result<Vec<ExportFile>, PrivacyError> {
    Ok(store.read(store::exports::list)?)
}

/// What a clean-up did.
#[derive(Clone, Default)]
pub struct Cleaned {
    pub deleted: Vec<ExportFile>,
    /// Files not found where they were written, or that could not be removed.
    pub not_deleted: Vec<ExportFile>,
}

super::redacted_debug!(Cleaned);

/// Deletes the files, marks them deleted and audits each, in one transaction per call.
fn delete(
    store: &mut Store,
    files: Vec<ExportFile>,
    why: &str,
    now: Instant,
) -> Result<Cleaned, PrivacyError> {
    let mut out = Cleaned::default();
    for f in files {
        // Not found is not proof of deletion (moved, a drive not mounted): it stays listed.
        if std::fs::remove_file(&f.path).is_ok() {
            out.deleted.push(f);
        } else {
            out.not_deleted.push(f);
        }
    }
    if out.deleted.is_empty() {
        return Ok(out);
    }
    store.write(|tx| {
        for f in &out.deleted {
            store::exports::mark_deleted(tx, f.id, now)?;
            store::audit::append(
                tx,
                &NewEvent::new(now, Action::ExportDeleted, None)
                    .actor(actor::RETENTION)
                    .detail(format!("export={} kind={} reason={why}", f.id, f.kind)),
            )?;
        }
        Ok::<_, PrivacyError>(())
    })?;
    Ok(out)
}

/// Deletes every expired export and every export holding someone since erased (at start and
/// at the end of the retention sweep).
pub fn sweep(store: &mut Store, now: Instant) -> Result<Cleaned, PrivacyError> {
    let expired = store.read(|tx| store::exports::expired(tx, now))?;
    let mut out = delete(store, expired, "expired", now)?;
    let erased = store.read(store::exports::holding_erased)?;
    let more = delete(store, erased, "erased", now)?;
    out.deleted.extend(more.deleted);
    out.not_deleted.extend(more.not_deleted);
    Ok(out)
}

/// Deletes every registered export holding this person (called with the erasure).
pub fn delete_holding(
    store: &mut Store,
    subject: ContactId,
    now: Instant,
) -> Result<Cleaned, PrivacyError> {
    let files = store.read(|tx| store::exports::holding(tx, subject))?;
    delete(store, files, "erased", now)
}
