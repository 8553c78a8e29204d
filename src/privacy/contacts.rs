//! Creating, viewing, listing and rectifying (GDPR Art. 16) contacts. Rectification records which
//! fields changed — never their old or new values.

use super::PrivacyError;
use crate::domain::audit::NewEvent;
use crate::domain::consent::{Consent, status_for};
use crate::domain::{
    Action, ConsentStatus, Contact, ContactDraft, ContactId, ContactPoint, DataSource, Instant,
    LegalBasis, ObjectionScope, PointKind, PointLabel, PrefAssignment, Purpose, Stage,
};
use crate::store::search::{self, Order, Summary};
use crate::store::{self, Store};
use serde::Serialize;

/// Adds a contact typed by a person (validated strictly). Audited as `create`.
pub fn create(
    store: &mut Store,
    draft: ContactDraft,
    now: Instant,
) -> Result<ContactId, PrivacyError> {
    draft.validate()?;
    let id = ContactId::random();
    let contact = Contact::from_draft(id, draft, now);
    store.write(|tx| {
        store::contacts::insert(tx, &contact)?;
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Create, Some(id))
                .detail(format!("source={}", contact.source.kind.as_str())),
        )?;
        Ok::<_, PrivacyError>(())
    })?;
    Ok(id)
}

/// A rectification: only the fields given change.
#[derive(Clone, Default)]
pub struct Edit {
    pub display_name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub organisation: Option<String>,
    pub title: Option<String>,
    pub stage: Option<Stage>,
    pub source: Option<DataSource>,
    /// Replaces all emails / phones / addresses when given.
    pub emails: Option<Vec<String>>,
    pub phones: Option<Vec<String>>,
    pub addresses: Option<Vec<String>>,
    pub preferences: Vec<PrefAssignment>,
    pub last_contacted_at: Option<Instant>,
}

impl std::fmt::Debug for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Edit(<redacted>)")
    }
}

fn replace_points(
    points: &mut Vec<ContactPoint>,
    kind: PointKind,
    values: &Option<Vec<String>>,
    label: PointLabel,
) {
    if let Some(values) = values {
        let old: Vec<ContactPoint> = points.iter().filter(|p| p.kind == kind).cloned().collect();
        points.retain(|p| p.kind != kind);
        for v in values.iter().filter(|v| !v.trim().is_empty()) {
            // An unchanged point keeps its label and preferred flag.
            let mut point = ContactPoint::new(kind, label, v.trim());
            if let Some(same) = old.iter().find(|p| p.value == v.trim()) {
                point.label = same.label;
                point.preferred = same.preferred;
            }
            points.push(point);
        }
    }
}

/// Applies a rectification; returns the names of the fields that changed (empty: nothing did).
pub fn rectify(
    store: &mut Store,
    id: ContactId,
    edit: &Edit,
    now: Instant,
) -> Result<Vec<&'static str>, PrivacyError> {
    store.write(|tx| {
        let mut c = store::contacts::get(tx, id)?.ok_or_else(PrivacyError::not_found)?;
        if c.restricted {
            return Err(PrivacyError::Restricted);
        }
        let before = c.clone();
        let set = |field: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                *field = v.trim().to_string();
            }
        };
        set(&mut c.given_name, &edit.given_name);
        set(&mut c.family_name, &edit.family_name);
        set(&mut c.organisation, &edit.organisation);
        set(&mut c.title, &edit.title);
        set(&mut c.display_name, &edit.display_name);
        if edit.display_name.is_none() && (edit.given_name.is_some() || edit.family_name.is_some())
        {
            let joined = format!("{} {}", c.given_name, c.family_name)
                .trim()
                .to_string();
            if !joined.is_empty() {
                c.display_name = joined;
            }
        }
        if let Some(stage) = edit.stage {
            c.stage = stage;
        }
        if let Some(source) = &edit.source {
            c.source = source.clone();
        }
        replace_points(
            &mut c.points,
            PointKind::Email,
            &edit.emails,
            PointLabel::Work,
        );
        replace_points(
            &mut c.points,
            PointKind::Phone,
            &edit.phones,
            PointLabel::Work,
        );
        replace_points(
            &mut c.points,
            PointKind::Address,
            &edit.addresses,
            PointLabel::Work,
        );
        for p in &edit.preferences {
            c.preferences.apply(p);
        }
        if let Some(at) = edit.last_contacted_at {
            c.last_contacted_at = Some(at);
        }
        c.points = crate::domain::contact::dedup_points(std::mem::take(&mut c.points));
        if c.display_name.trim().is_empty() {
            c.display_name = draft_of(&c).effective_display_name();
        }
        draft_of(&c).validate()?;
        let changed = changed_fields(&before, &c);
        if changed.is_empty() {
            return Ok(changed);
        }
        c.updated_at = now;
        store::contacts::update(tx, &c)?;
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Edit, Some(id)).detail(changed.join(",")),
        )?;
        Ok(changed)
    })
}

fn draft_of(c: &Contact) -> ContactDraft {
    ContactDraft {
        given_name: c.given_name.clone(),
        family_name: c.family_name.clone(),
        display_name: c.display_name.clone(),
        organisation: c.organisation.clone(),
        title: c.title.clone(),
        points: c.points.clone(),
        ..Default::default()
    }
}

/// Names of the fields that differ (for the audit log: names only, never values).
pub fn changed_fields(a: &Contact, b: &Contact) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |name: &'static str, differs: bool| {
        if differs {
            out.push(name);
        }
    };
    check("display_name", a.display_name != b.display_name);
    check("given_name", a.given_name != b.given_name);
    check("family_name", a.family_name != b.family_name);
    check("organisation", a.organisation != b.organisation);
    check("title", a.title != b.title);
    check("stage", a.stage != b.stage);
    check("source", a.source != b.source);
    for kind in PointKind::ALL {
        let pa: Vec<_> = a.points_of(kind).collect();
        let pb: Vec<_> = b.points_of(kind).collect();
        check(
            match kind {
                PointKind::Email => "email",
                PointKind::Phone => "phone",
                PointKind::Address => "address",
                PointKind::Web => "web",
            },
            pa != pb,
        );
    }
    check("channels", a.preferences.channels != b.preferences.channels);
    check(
        "interests",
        a.preferences.interests != b.preferences.interests,
    );
    check("language", a.preferences.language != b.preferences.language);
    check(
        "last_contacted_at",
        a.last_contacted_at != b.last_contacted_at,
    );
    out
}

/// One purpose's state for a contact, as the faces show it.
#[derive(Clone, Serialize)]
pub struct PurposeState {
    pub purpose: String,
    pub legal_basis: LegalBasis,
    pub marketing: bool,
    pub status: ConsentStatus,
    pub given_at: Option<Instant>,
    pub expires_at: Option<Instant>,
    pub days_left: Option<i64>,
    pub source: Option<String>,
    pub wording_version: Option<String>,
    pub withdrawn_at: Option<Instant>,
}

super::redacted_debug!(PurposeState, ContactView);

/// Everything the contact screen and `rapport show` display.
#[derive(Clone)]
pub struct ContactView {
    pub contact: Contact,
    pub consents: Vec<Consent>,
    pub purposes: Vec<Purpose>,
    pub states: Vec<PurposeState>,
    pub objections: Vec<(ObjectionScope, Instant)>,
    /// Interests another laptop answered that this laptop's full vocabulary could not place
    /// (`store::unplaced`); the access export includes the answers.
    pub unplaced_interests: Vec<String>,
}

/// The state of every consent-based purpose for a contact.
pub fn purpose_states(
    purposes: &[Purpose],
    consents: &[Consent],
    now: Instant,
) -> Vec<PurposeState> {
    purposes
        .iter()
        .filter(|p| p.legal_basis == LegalBasis::Consent)
        .map(|p| {
            let current = crate::domain::consent::current(consents, p.id);
            PurposeState {
                purpose: p.name.clone(),
                legal_basis: p.legal_basis,
                marketing: p.marketing,
                status: status_for(consents, p.id, now),
                given_at: current.map(|c| c.given_at),
                expires_at: current.and_then(|c| c.expires_at),
                days_left: current.and_then(|c| c.days_left(now)),
                source: current.map(|c| c.source.describe()),
                wording_version: current.map(|c| c.wording_version.clone()),
                withdrawn_at: current.and_then(|c| c.withdrawn_at),
            }
        })
        .collect()
}

/// Loads a contact for display, without recording an access (for refreshing a screen).
pub fn load(store: &Store, id: ContactId, now: Instant) -> Result<ContactView, PrivacyError> {
    store
        .read(|tx| {
            let contact = store::contacts::get(tx, id)?.ok_or(store::StoreError::NotFound)?;
            let consents = store::consents::list_for(tx, id)?;
            let purposes = store::purposes::list(tx)?;
            let objections = store::consents::objections(tx, id)?;
            let states = purpose_states(&purposes, &consents, now);
            let unplaced_interests = store::unplaced::interest_answers(tx, id)?
                .into_keys()
                .collect();
            Ok(ContactView {
                contact,
                consents,
                purposes,
                states,
                objections,
                unplaced_interests,
            })
        })
        .map_err(PrivacyError::from)
}

/// Loads a contact for display and records the access in the audit log.
pub fn view(store: &mut Store, id: ContactId, now: Instant) -> Result<ContactView, PrivacyError> {
    let v = load(store, id, now)?;
    store.write(|tx| {
        store::audit::append(tx, &NewEvent::new(now, Action::View, Some(id))).map(|_| ())
    })?;
    Ok(v)
}

/// The list, or a prefix search (ranked when asked).
pub fn list(
    store: &Store,
    search: Option<&str>,
    limit: usize,
    order: Order,
    now: Instant,
) -> Result<Vec<Summary>, PrivacyError> {
    let text = search.unwrap_or("").trim();
    store
        .read(|tx| {
            if text.is_empty() {
                search::page(tx, 0, limit, now)
            } else {
                search::search(tx, text, limit, order, now)
            }
        })
        .map_err(PrivacyError::from)
}

/// What the contact list shows: a prefix search and the filter chips. Empty = every contact.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub text: String,
    /// Overall consent statuses to keep; empty keeps every status.
    pub statuses: Vec<ConsentStatus>,
    pub objected: bool,
    pub restricted: bool,
}

impl ListFilter {
    /// No search and no chips: the list is every contact in name order.
    pub fn is_all(&self) -> bool {
        self.text.trim().is_empty() && !self.has_chips()
    }

    fn has_chips(&self) -> bool {
        !self.statuses.is_empty() || self.objected || self.restricted
    }

    /// Whether a row passes the chips (the search already chose the rows).
    pub fn keeps(&self, s: &Summary) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&s.status))
            && (!self.objected || s.objected)
            && (!self.restricted || s.restricted)
    }
}

/// One page of the contact list.
#[derive(Clone)]
pub struct ListPage {
    pub rows: Vec<Summary>,
    /// Where the next page starts (a position in the unfiltered sequence), `None` at the end.
    pub next: Option<usize>,
    /// Number of rows in the whole list, when known without a scan (the unfiltered list).
    pub total: Option<usize>,
}

/// Rows examined per call when chips are on, so one call stays short even when a chip keeps
/// few rows; the caller continues from `next`.
const SCAN: usize = 2_000;

/// A page of the list from position `from`. Unfiltered, positions are row indices (any page
/// can be fetched, and the total comes from the counter, never a scan). With a search or chips,
/// pages are read in order from `next`; a search has no offset in `store::search`, so a page at
/// position p re-reads the first p hits (cheap near the top, where people look).
pub fn page(
    store: &Store,
    from: usize,
    limit: usize,
    filter: &ListFilter,
    now: Instant,
) -> Result<ListPage, PrivacyError> {
    let text = filter.text.trim();
    let chunk = if filter.has_chips() {
        SCAN.max(limit)
    } else {
        limit
    };
    let read = |tx: &store::Tx| -> Result<ListPage, store::StoreError> {
        if filter.is_all() {
            let total = usize::try_from(store::contacts::count(tx)?).unwrap_or(0);
            let rows = search::page(tx, from, limit, now)?;
            let end = from + rows.len();
            let next = (!rows.is_empty() && end < total).then_some(end);
            return Ok(ListPage {
                rows,
                next,
                total: Some(total),
            });
        }
        let (mut rows, mut at) = (Vec::new(), from);
        loop {
            let batch = if text.is_empty() {
                search::page(tx, at, chunk, now)?
            } else {
                let mut hits = search::search(tx, text, at + chunk, Order::Unranked, now)?;
                hits.drain(..at.min(hits.len()));
                hits
            };
            let got = batch.len();
            rows.extend(batch.into_iter().filter(|s| filter.keeps(s)));
            at += got;
            if got < chunk {
                return Ok(ListPage {
                    rows,
                    next: None,
                    total: None,
                });
            }
            if rows.len() >= limit || at - from >= SCAN {
                return Ok(ListPage {
                    rows,
                    next: Some(at),
                    total: None,
                });
            }
        }
    };
    store.read(read).map_err(PrivacyError::from)
}

/// Records that a store was unlocked (by the app or the command line).
pub fn unlocked(store: &mut Store, now: Instant) -> Result<(), PrivacyError> {
    store.write(|tx| {
        store::audit::append(tx, &NewEvent::new(now, Action::Unlock, None)).map(|_| ())
    })?;
    Ok(())
}

/// The firm's interest vocabulary (names), for the faces to offer.
pub fn interests(store: &Store) -> Result<Vec<String>, PrivacyError> {
    Ok(store.read(store::purposes::interests)?)
}

/// Adds an interest to the vocabulary (no-op if present), audited as a settings change.
pub fn add_interest(store: &mut Store, name: &str, now: Instant) -> Result<(), PrivacyError> {
    store.write(|tx| {
        store::purposes::add_interest(tx, name)?;
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Settings, None).detail("interests"),
        )?;
        Ok(())
    })
}
