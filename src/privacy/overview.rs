//! Figures for the privacy overview, computed in one pass over the consent records: contacts
//! per consent status (the same rule as the list's badge, `domain::consent::overall`) and the
//! current, usable consents expiring in each of the next months. Also writes an audience as a
//! CSV file for a mailing (columns id, name, address), audited as an export.

use super::PrivacyError;
use super::audience::Request;
use crate::domain::audit::NewEvent;
use crate::domain::consent::{current, overall};
use crate::domain::{Action, ConsentStatus, Instant, PurposeId};
use crate::store::{self, Store};
use chrono::{Datelike, Months};
use std::path::{Path, PathBuf};

/// Consents expiring in one calendar month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthCount {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    pub expiring: usize,
}

/// What the overview shows at the top.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Every status in `ConsentStatus::ALL` order, with its number of contacts.
    pub counts: Vec<(ConsentStatus, usize)>,
    /// The current month first, then the following ones.
    pub expiries: Vec<MonthCount>,
}

/// Status counts over all contacts and expiries per month over the next `months` months.
pub fn figures(store: &Store, now: Instant, months: u32) -> Result<Figures, PrivacyError> {
    let start = now
        .date_naive()
        .with_day(1)
        .ok_or_else(|| PrivacyError::Invalid("no first day of the month".into()))?;
    let mut expiries: Vec<MonthCount> = (0..months)
        .filter_map(|i| start.checked_add_months(Months::new(i)))
        .map(|d| MonthCount {
            year: d.year(),
            month: d.month(),
            expiring: 0,
        })
        .collect();
    let mut by_status = [0usize; ConsentStatus::ALL.len()];
    let mut with_consents = 0usize;
    let total = store.read(|tx| {
        store::overview::for_each_contact_consents(tx, |_, consents| {
            with_consents += 1;
            let status = overall(consents, now);
            if let Some(i) = ConsentStatus::ALL.iter().position(|s| *s == status) {
                by_status[i] += 1;
            }
            let mut purposes: Vec<PurposeId> = consents.iter().map(|c| c.purpose).collect();
            purposes.sort();
            purposes.dedup();
            for c in purposes.into_iter().filter_map(|p| current(consents, p)) {
                let Some(at) = c.expires_at.filter(|_| c.status(now).is_usable()) else {
                    continue;
                };
                let (y, m) = (at.year(), at.month());
                if let Some(slot) = expiries.iter_mut().find(|e| e.year == y && e.month == m) {
                    slot.expiring += 1;
                }
            }
        })?;
        store::overview::contacts(tx)
    })?;
    if let Some(i) = ConsentStatus::ALL
        .iter()
        .position(|s| *s == ConsentStatus::None)
    {
        by_status[i] += total.saturating_sub(with_consents);
    }
    Ok(Figures {
        counts: ConsentStatus::ALL.into_iter().zip(by_status).collect(),
        expiries,
    })
}

/// Builds the audience for `request` as of `now` and writes it to `dir` as
/// `rapport-audience-<date>.csv` (id, name, address), in one atomic write, and records the
/// export (counts only) in the audit log. Returns the file.
pub fn export_audience_csv(
    store: &mut Store,
    request: &Request,
    dir: &Path,
    now: Instant,
) -> Result<PathBuf, PrivacyError> {
    let audience = super::audience::build(store, request, now)?;
    let path = dir.join(format!(
        "rapport-audience-{}.csv",
        now.format("%Y%m%d-%H%M%S")
    ));
    let io = |e: std::io::Error| PrivacyError::Io(path.clone(), e.kind());
    let mut out = csv::Writer::from_writer(Vec::new());
    let rows = std::iter::once(["id".to_string(), "name".into(), "address".into()]).chain(
        audience.included.iter().map(|m| {
            [
                m.id.to_string(),
                m.name.clone(),
                m.address.clone().unwrap_or_default(),
            ]
        }),
    );
    for row in rows {
        out.write_record(&row)
            .map_err(|_| io(std::io::ErrorKind::InvalidData.into()))?;
    }
    let bytes = out
        .into_inner()
        .map_err(|_| io(std::io::ErrorKind::InvalidData.into()))?;
    std::fs::create_dir_all(dir).map_err(io)?;
    crate::atomic::write(&path, &bytes).map_err(io)?;
    let ids: Vec<_> = audience.included.iter().map(|m| m.id).collect();
    let recorded = store.write(|tx| {
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Export, None)
                .detail(format!("audience csv, {} rows", audience.included.len())),
        )?;
        // Issue 14: the file joins the exports register with whose data it holds.
        super::exports_register::register_in(
            tx,
            &path,
            super::exports_register::Kind::AudienceCsv,
            &ids,
            now,
        )
        .map(|_| ())
    });
    if let Err(e) = recorded {
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    Ok(path)
}
