//! Lawful audiences: the contacts that may be contacted for a purpose on a channel today, and
//! how many were left out for each reason — so the salesperson sees why the list is short.
//! The rule is decided for every contact from narrow reads (`store::audience`); names, ids and
//! addresses are read only for the members shown ([`preview`]) or exported ([`build`]).

use super::PrivacyError;
use crate::domain::audience::{
    ActivityCriterion, Exclusion, Query, assess, basis, only_consent_holders, point_kind_for,
};
use crate::domain::preference::interest_name;
use crate::domain::{Channel, ConsentStatus, ContactId, Instant, Stage};
use crate::store::audience::AudienceRow;
use crate::store::{self, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// The question asked by the faces.
#[derive(Clone, Debug)]
pub struct Request {
    pub purpose: String,
    pub channel: Channel,
    pub interests: Vec<String>,
    pub include_unknown: bool,
    /// Only people who had such an activity (an event in the last 12 months, say).
    pub activity: Option<ActivityCriterion>,
}

#[derive(Clone, Serialize)]
pub struct Member {
    pub id: ContactId,
    pub name: String,
    /// The email, phone or postal address to use on the channel (none for meetings).
    pub address: Option<String>,
}

super::redacted_debug!(Member);

#[derive(Clone, Debug, Serialize)]
pub struct Audience {
    /// The question this answers.
    #[serde(skip)]
    pub request: Request,
    /// How many may be contacted.
    pub total: usize,
    /// Those who may be contacted, in the order of the contact list (by name): all of them
    /// from [`build`], the first few from [`preview`].
    pub included: Vec<Member>,
    pub excluded: BTreeMap<Exclusion, usize>,
}

impl Audience {
    /// Exclusion counts keyed by their reason code, for JSON output.
    pub fn excluded_by_code(&self) -> BTreeMap<&'static str, usize> {
        self.excluded
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect()
    }
}

/// Builds the audience with every member's id, name and address (a mailing list).
pub fn build(store: &Store, req: &Request, now: Instant) -> Result<Audience, PrivacyError> {
    assemble(store, req, now, usize::MAX)
}

/// The audience with only the first `shown` members in full: who is in is decided for
/// everyone, as in [`build`], but names, ids and addresses are read for those shown only.
pub fn preview(
    store: &Store,
    req: &Request,
    now: Instant,
    shown: usize,
) -> Result<Audience, PrivacyError> {
    assemble(store, req, now, shown)
}

fn assemble(
    store: &Store,
    req: &Request,
    now: Instant,
    shown: usize,
) -> Result<Audience, PrivacyError> {
    let mut interests = Vec::new();
    for i in &req.interests {
        interests.push(interest_name(i).ok_or_else(|| {
            PrivacyError::Invalid("an interest name uses letters, digits and '-'".into())
        })?);
    }
    let mut tally = Tally::default();
    let included = store.read(|tx| {
        let purpose =
            store::purposes::by_name(tx, &req.purpose)?.ok_or(store::StoreError::Invalid(
                "there is no purpose with that name: see `rapport purposes` for the list".into(),
            ))?;
        let vocabulary = store::purposes::interests(tx)?;
        if let Some(_unknown) = interests.iter().find(|i| !vocabulary.contains(i)) {
            return Err(store::StoreError::Invalid(format!(
                "an interest is not in the firm's vocabulary (known: {})",
                vocabulary.join(", ")
            )));
        }
        let months = store::facts::retention_policy(tx)?.customer_months;
        let q = Query {
            purpose: &purpose,
            channel: req.channel,
            interests: &interests,
            include_unknown: req.include_unknown,
            activity: req.activity,
        };
        let point = point_kind_for(req.channel);
        let mut asked = store::audience::Asked::new(tx, &interests, point)?;
        if let Some(criterion) = req.activity {
            asked = asked.with_activity(tx, criterion, now)?;
        }
        let mut assess_one = |row: &AudienceRow| tally.add(row, &q, months, now);
        if only_consent_holders(&purpose) {
            let unread =
                store::audience::for_consent_holders(tx, &purpose, &asked, now, &mut assess_one)?;
            tally.count(Exclusion::Restricted, unread.restricted);
            if let Err(reason) = basis(
                Stage::default(),
                now,
                ConsentStatus::None,
                &purpose,
                months,
                now,
            ) {
                tally.count(reason, unread.unrestricted);
            }
        } else {
            store::audience::for_every_contact(tx, &purpose, &asked, now, &mut assess_one)?;
        }
        store::audience::members(tx, &tally.included, point, shown)
    })?;
    Ok(Audience {
        request: req.clone(),
        total: tally.included.len(),
        included: included
            .into_iter()
            .map(|m| Member {
                id: m.id,
                name: m.name,
                address: m.address,
            })
            .collect(),
        excluded: tally.excluded,
    })
}

/// Who is in (row numbers) and how many are out for each reason.
#[derive(Default)]
struct Tally {
    included: Vec<i64>,
    excluded: BTreeMap<Exclusion, usize>,
}

impl Tally {
    /// Adds one assessed contact to the members or to the count of its exclusion.
    fn add(&mut self, row: &AudienceRow, q: &Query, months: u32, now: Instant) {
        match assess(&row.candidate, q, months, now) {
            Ok(()) => self.included.push(row.seq),
            Err(reason) => self.count(reason, 1),
        }
    }

    fn count(&mut self, reason: Exclusion, n: usize) {
        if n > 0 {
            *self.excluded.entry(reason).or_default() += n;
        }
    }
}
