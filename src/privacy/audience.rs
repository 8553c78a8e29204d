//! Lawful audiences: the contacts that may be contacted for a purpose on a channel today, and
//! how many were left out for each reason — so the salesperson sees why the list is short.

use super::PrivacyError;
use crate::domain::audience::{Exclusion, Query, assess, point_kind_for};
use crate::domain::preference::interest_name;
use crate::domain::{Channel, ContactId, Instant};
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
        store::facts::for_audience(
            tx,
            &purpose,
            point_kind_for(req.channel),
            &interests,
            |row| match assess(&row.candidate, &q, policy.customer_months, now) {
                Ok(()) => out.included.push(Member {
                    id: row.id,
                    name: row.name,
                    address: row.address,
                }),
                Err(reason) => *out.excluded.entry(reason).or_default() += 1,
            },
        )
    })?;
    out.included.sort_by_cached_key(|m| m.name.to_lowercase());
    Ok(out)
}
