//! Consent (GDPR Art. 7): give with proof, wording and expiry; renew; withdraw — as easy as giving.

use super::PrivacyError;
use crate::domain::audit::NewEvent;
use crate::domain::{Action, Consent, ConsentSource, ContactId, Instant, LegalBasis, Purpose};
use crate::store::{self, Store};
use chrono::Months;

/// What a person records when consent is given.
#[derive(Clone)]
pub struct Given {
    pub purpose: String,
    pub source: ConsentSource,
    /// Default: now.
    pub given_at: Option<Instant>,
    /// Default: given + the purpose's consent validity.
    pub expires_at: Option<Instant>,
    /// Default: the purpose's newest wording.
    pub wording_version: Option<String>,
}

fn purpose(tx: &store::Tx, name: &str) -> Result<Purpose, PrivacyError> {
    store::purposes::by_name(tx, name)?.ok_or(PrivacyError::UnknownPurpose)
}

/// Records a consent (or a renewal). Returns the record.
pub fn give(
    store: &mut Store,
    id: ContactId,
    g: &Given,
    now: Instant,
) -> Result<Consent, PrivacyError> {
    store.write(|tx| {
        let contact = store::contacts::get(tx, id)?.ok_or_else(PrivacyError::not_found)?;
        if contact.restricted {
            return Err(PrivacyError::Restricted);
        }
        let p = purpose(tx, &g.purpose)?;
        if p.legal_basis != LegalBasis::Consent {
            return Err(PrivacyError::Invalid(format!(
                "the purpose \"{}\" rests on {}, not on consent: no consent is recorded for it",
                p.name,
                p.legal_basis.as_str().replace('_', " ")
            )));
        }
        let given_at = g.given_at.unwrap_or(now);
        if given_at > now + chrono::Duration::days(1) {
            return Err(PrivacyError::Invalid("the date consent was given cannot be in the future".into()));
        }
        let expires_at = match g.expires_at {
            Some(e) => Some(e),
            None => p.consent_months.and_then(|m| given_at.checked_add_months(Months::new(m))),
        };
        let wording_version = match &g.wording_version {
            Some(v) => {
                if store::purposes::wording(tx, p.id, v)?.is_none() {
                    return Err(PrivacyError::Invalid(
                        "that wording version is not recorded for this purpose: record its text first (Settings → Purposes)".into(),
                    ));
                }
                v.clone()
            }
            None => store::purposes::latest_wording(tx, p.id)?.unwrap_or_else(|| "1".into()),
        };
        let mut consent = Consent { id: 0, purpose: p.id, given_at, expires_at, source: g.source.clone(), wording_version, withdrawn_at: None };
        consent.id = store::consents::insert(tx, id, &consent)?;
        store::audit::append(tx, &NewEvent::new(now, Action::ConsentGiven, Some(id)).detail(format!("purpose={}", p.name)))?;
        Ok(consent)
    })
}

/// Withdraws consent for a purpose. Withdrawing twice is harmless (returns false).
pub fn withdraw(
    store: &mut Store,
    id: ContactId,
    purpose_name: &str,
    now: Instant,
) -> Result<bool, PrivacyError> {
    store.write(|tx| {
        let p = purpose(tx, purpose_name)?;
        let n = store::consents::withdraw(tx, id, p.id, now)?;
        if n > 0 {
            store::audit::append(
                tx,
                &NewEvent::new(now, Action::ConsentWithdrawn, Some(id))
                    .detail(format!("purpose={}", p.name)),
            )?;
        }
        Ok(n > 0)
    })
}

/// The processing purposes.
pub fn purposes(store: &Store) -> Result<Vec<Purpose>, PrivacyError> {
    Ok(store.read(store::purposes::list)?)
}
