//! Exporting many contacts at once (portability, moving to another system): vCard 4.0 or 3.0,
//! CSV with Google-compatible headers, or JSON with the access export's schema per person.
//! Written atomically and recorded in the audit log (counts only).

use super::PrivacyError;
use super::access_export::{SCHEMA, data_document};
use crate::domain::audit::NewEvent;
use crate::domain::{Action, ContactId, Instant};
use crate::exchange::{csv_out, vcard_out};
use crate::store::search::Order;
use crate::store::{self, Store};
use std::path::Path;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Vcard4,
    Vcard3,
    Csv,
    Json,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Vcard4 => "vcf",
            Format::Vcard3 => "vcf3",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// The ids to export: every contact, or the matches of a search.
fn ids(store: &Store, search: Option<&str>, now: Instant) -> Result<Vec<ContactId>, PrivacyError> {
    Ok(match search.map(str::trim).filter(|s| !s.is_empty()) {
        None => store.read(store::contacts::all_ids)?,
        Some(text) => store
            .read(|tx| store::search::search(tx, text, usize::MAX >> 1, Order::Unranked, now))?
            .into_iter()
            .map(|s| s.id)
            .collect(),
    })
}

/// Writes the file; returns how many contacts it holds.
pub fn export_all(
    store: &mut Store,
    format: Format,
    out: &Path,
    search: Option<&str>,
    now: Instant,
) -> Result<usize, PrivacyError> {
    let ids = ids(store, search, now)?;
    let body = match format {
        Format::Json => {
            let docs = ids
                .iter()
                .map(|id| data_document(store, *id, now).map(|(d, _)| d))
                .collect::<Result<Vec<_>, _>>()?;
            let all = serde_json::json!({ "schema": SCHEMA, "exported_at": now.to_rfc3339(), "contacts": docs });
            serde_json::to_string_pretty(&all).unwrap_or_default() + "\n"
        }
        _ => {
            let contacts = store.read(|tx| {
                ids.iter()
                    .filter_map(|id| store::contacts::get(tx, *id).transpose())
                    .collect::<Result<Vec<_>, _>>()
            })?;
            match format {
                Format::Csv => csv_out::write(&contacts),
                Format::Vcard3 => contacts
                    .iter()
                    .map(|c| vcard_out::write(c, vcard_out::Version::V3))
                    .collect(),
                _ => contacts
                    .iter()
                    .map(|c| vcard_out::write(c, vcard_out::Version::V4))
                    .collect(),
            }
        }
    };
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| PrivacyError::Io(dir.to_path_buf(), e.kind()))?;
    }
    crate::atomic::write(out, body.as_bytes())
        .map_err(|e| PrivacyError::Io(out.to_path_buf(), e.kind()))?;
    let recorded = store.write(|tx| {
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::ExportAll, None).detail(format!(
                "format={} contacts={}",
                format.code(),
                ids.len()
            )),
        )?;
        // Issue 14: the file joins the exports register with whose data it holds.
        super::exports_register::register_in(
            tx,
            out,
            super::exports_register::Kind::ExportAll,
            &ids,
            now,
        )
        .map(|_| ())
    });
    if let Err(e) = recorded {
        // An export that is not in the audit log must not exist either.
        let _ = std::fs::remove_file(out);
        return Err(e);
    }
    Ok(ids.len())
}
