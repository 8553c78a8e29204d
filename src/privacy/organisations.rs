//! Organisations (issue 15): add, edit, list and search, and an organisation's page — its
//! people with their consent badges and nearest consent expiry, and its latest activities.
//! Company data, not personal data: erasing a person leaves the organisation (and nothing of the
//! person hangs on it). Organisation changes are audited as settings (no subject).

use super::PrivacyError;
use crate::domain::activity::Activity;
use crate::domain::audit::NewEvent;
use crate::domain::organisation::{Organisation, OrganisationDraft, OrganisationId, clean_name};
use crate::domain::{Action, ConsentStatus, ContactId, Instant, LegalBasis, Stage};
use crate::store::{self, Store};
use serde::Serialize;

fn invalid(e: impl std::fmt::Display) -> PrivacyError {
    PrivacyError::Invalid(e.to_string())
}

/// Adds an organisation (the draft must give a name).
pub fn add(
    store: &mut Store,
    draft: &OrganisationDraft,
    now: Instant,
) -> Result<OrganisationId, PrivacyError> {
    let mut org = Organisation {
        id: OrganisationId(0),
        name: clean_name(draft.name.as_deref().unwrap_or("")).map_err(invalid)?,
        org_number: String::new(),
        industry: String::new(),
        address: String::new(),
        web: String::new(),
    };
    draft.apply(&mut org).map_err(invalid)?;
    store.write(|tx| {
        let id = store::organisations::insert(tx, &org, now)?;
        audit(tx, "organisation.add", now)?;
        Ok(id)
    })
}

fn audit(tx: &store::Tx, detail: &str, now: Instant) -> Result<(), PrivacyError> {
    store::audit::append(
        tx,
        &NewEvent::new(now, Action::Settings, None).detail(detail),
    )?;
    Ok(())
}

/// Changes the fields the draft gives of the organisation named (or numbered) `which`.
pub fn edit(
    store: &mut Store,
    which: &str,
    draft: &OrganisationDraft,
    now: Instant,
) -> Result<Organisation, PrivacyError> {
    store.write(|tx| {
        let mut org = store::organisations::find(tx, which)?;
        draft.apply(&mut org).map_err(invalid)?;
        store::organisations::update(tx, &org, now)?;
        audit(tx, "organisation.edit", now)?;
        Ok(org)
    })
}

/// One organisation in a list.
#[derive(Clone, Debug, Serialize)]
pub struct Listed {
    #[serde(flatten)]
    pub organisation: Organisation,
    pub people: i64,
}

/// Organisations whose name or number contains `search`, by name.
pub fn list(store: &Store, search: Option<&str>) -> Result<Vec<Listed>, PrivacyError> {
    Ok(store.read(|tx| {
        Ok(store::organisations::list(tx, search)?
            .into_iter()
            .map(|(organisation, people)| Listed {
                organisation,
                people,
            })
            .collect())
    })?)
}

/// The industry vocabulary (code, label).
pub fn industries(store: &Store) -> Result<Vec<(String, String)>, PrivacyError> {
    Ok(store.read(store::organisations::industries)?)
}

/// One consent-based purpose's badge on a person.
#[derive(Clone, Serialize)]
pub struct Badge {
    pub purpose: String,
    pub status: ConsentStatus,
}

/// A person on an organisation's page.
#[derive(Clone, Serialize)]
pub struct Person {
    pub id: ContactId,
    pub name: String,
    pub title: String,
    pub stage: Stage,
    pub restricted: bool,
    pub last_activity: Option<Instant>,
    /// Consent-based purposes the person has a record for, with the current record's state.
    pub badges: Vec<Badge>,
    /// The nearest end of a consent still valid.
    pub nearest_expiry: Option<Instant>,
}

/// An organisation's page.
#[derive(Clone, Serialize)]
pub struct Page {
    pub organisation: Organisation,
    pub industry_label: String,
    pub people: Vec<Person>,
    pub activities: Vec<Activity>,
}

super::redacted_debug!(Person, Page);

/// The latest activities an organisation's page shows.
pub const PAGE_ACTIVITIES: i64 = 20;

/// The page of the organisation named (or numbered) `which`.
pub fn page(store: &Store, which: &str, now: Instant) -> Result<Page, PrivacyError> {
    Ok(store.read(|tx| {
        let organisation = store::organisations::find(tx, which)?;
        let purposes = store::purposes::list(tx)?;
        // A retired industry is no longer offered, but the organisation shows the one it has.
        let industry_label =
            store::industries::label_of(tx, &organisation.industry)?.unwrap_or_default();
        let people = store::organisations::members(tx, organisation.id)?
            .into_iter()
            .map(|m| {
                let mut badges = Vec::new();
                let mut nearest: Option<Instant> = None;
                for p in purposes
                    .iter()
                    .filter(|p| p.legal_basis == LegalBasis::Consent)
                {
                    let Some(cur) = crate::domain::consent::current(&m.consents, p.id) else {
                        continue;
                    };
                    let status = cur.status(now);
                    if matches!(status, ConsentStatus::Valid | ConsentStatus::Expiring)
                        && let Some(end) = cur.ends_at()
                    {
                        nearest = Some(nearest.map_or(end, |n| n.min(end)));
                    }
                    badges.push(Badge {
                        purpose: p.name.clone(),
                        status,
                    });
                }
                Person {
                    id: m.id,
                    name: m.name,
                    title: m.title,
                    stage: m.stage,
                    restricted: m.restricted,
                    last_activity: m.last_activity,
                    badges,
                    nearest_expiry: nearest,
                }
            })
            .collect();
        let activities =
            store::activities::for_organisation(tx, organisation.id.0, PAGE_ACTIVITIES)?;
        Ok(Page {
            organisation,
            industry_label,
            people,
            activities,
        })
    })?)
}

/// Writes every organisation as CSV (name, number, industry, address, web, people) to `out`,
/// atomically, and records the export (a count only). Returns how many were written.
pub fn export_csv(
    store: &mut Store,
    out: &std::path::Path,
    now: Instant,
) -> Result<usize, PrivacyError> {
    let list = list(store, None)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: std::io::Error| PrivacyError::Io(out.to_path_buf(), e.kind());
    let row = |w: &mut csv::Writer<Vec<u8>>, r: &[&str]| {
        w.write_record(r)
            .map_err(|_| PrivacyError::Invalid("the CSV could not be written".into()))
    };
    row(
        &mut w,
        &[
            "Name",
            "Organisation number",
            "Industry",
            "Address",
            "Web",
            "People",
        ],
    )?;
    for l in &list {
        let o = &l.organisation;
        let people = l.people.to_string();
        row(
            &mut w,
            &[
                &o.name,
                &o.org_number,
                &o.industry,
                &o.address,
                &o.web,
                &people,
            ],
        )?;
    }
    let bytes = w
        .into_inner()
        .map_err(|_| PrivacyError::Invalid("the CSV could not be written".into()))?;
    crate::atomic::write(out, &bytes).map_err(io)?;
    store.write(|tx| {
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::ExportAll, None)
                .detail(format!("organisations={}", list.len())),
        )?;
        Ok::<_, PrivacyError>(())
    })?;
    Ok(list.len())
}
