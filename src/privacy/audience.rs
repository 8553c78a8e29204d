//! Lawful audiences: the contacts that may be contacted for a purpose on a channel today, and
//! how many were left out for each reason — so the salesperson sees why the list is short.

use super::PrivacyError;
use crate::domain::audience::{
    Exclusion, Query, assess, assess_but_address, basis, only_consent_holders, point_kind_for,
};
use crate::domain::preference::interest_name;
use crate::domain::{Channel, ContactId, Instant, Stage};
use crate::store::facts::AudienceRow;
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
}

#[derive(Clone, Serialize)]
pub struct Member {
    pub id: ContactId,
    pub name: String,
    /// The email, phone or postal address to use on the channel (none for meetings).
    pub address: Option<String>,
}

super::redacted_debug!(Member);

#[derive(Clone, Debug, Default, Serialize)]
pub struct Audience {
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

/// Builds the audience.
pub fn build(store: &Store, req: &Request, now: Instant) -> Result<Audience, PrivacyError> {
    let mut interests = Vec::new();
    for i in &req.interests {
        interests.push(interest_name(i).ok_or_else(|| {
            PrivacyError::Invalid("an interest name uses letters, digits and '-'".into())
        })?);
    }
    let mut out = Audience::default();
    store.read(|tx| {
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
        let policy = store::facts::retention_policy(tx)?;
        let q = Query {
            purpose: &purpose,
            channel: req.channel,
            interests: &interests,
            include_unknown: req.include_unknown,
        };
        if only_consent_holders(&purpose) {
            consent_holders(tx, &q, policy.customer_months, now, &mut out)
        } else {
            let point = point_kind_for(req.channel);
            store::facts::for_audience(tx, &purpose, point, &interests, |row| {
                tally(&mut out, row, &q, policy.customer_months, now)
            })
        }
    })?;
    out.included.sort_by_cached_key(|m| m.name.to_lowercase());
    Ok(out)
}

/// Adds one assessed contact to the audience or to the count of its exclusion.
fn tally(out: &mut Audience, row: AudienceRow, q: &Query, months: u32, now: Instant) {
    match assess(&row.candidate, q, months, now) {
        Ok(()) => out.included.push(Member {
            id: row.id,
            name: row.name,
            address: row.address,
        }),
        Err(reason) => *out.excluded.entry(reason).or_default() += 1,
    }
}

/// A consent-based purpose: only contacts with a consent record for it are read one by one,
/// addresses only for those that pass every other check; everybody else is counted as
/// restricted or as having no legal basis (the reason `basis` gives without a consent).
fn consent_holders(
    tx: &store::Tx,
    q: &Query,
    months: u32,
    now: Instant,
    out: &mut Audience,
) -> Result<(), store::StoreError> {
    let mut passed = Vec::new();
    let unread = store::facts::for_consent_audience(tx, q.purpose, q.interests, |row| {
        match assess_but_address(&row.candidate, q, months, now) {
            Ok(()) => passed.push(row),
            Err(reason) => *out.excluded.entry(reason).or_default() += 1,
        }
    })?;
    let mut count = |reason: Exclusion, n: usize| {
        if n > 0 {
            *out.excluded.entry(reason).or_default() += n;
        }
    };
    count(Exclusion::Restricted, unread.restricted);
    if let Err(reason) = basis(Stage::default(), now, None, q.purpose, months, now) {
        count(reason, unread.unrestricted);
    }
    let mut addresses = match point_kind_for(q.channel) {
        Some(kind) => {
            let seqs: Vec<i64> = passed.iter().map(|r| r.seq).collect();
            Some(store::facts::addresses(tx, &seqs, kind)?)
        }
        None => None,
    };
    for mut row in passed {
        row.address = addresses.as_mut().and_then(|a| a.remove(&row.seq));
        row.candidate.has_address = addresses.is_none() || row.address.is_some();
        tally(out, row, q, months, now);
    }
    Ok(())
}
