//! The consent wordings of a purpose (GDPR Art. 7(1): the controller must show what the person
//! agreed to). A wording is never changed once recorded: a new text is a new version.

use super::PrivacyError;
use crate::domain::audit::NewEvent;
use crate::domain::{Action, Instant, LegalBasis};
use crate::store::{self, Store};

/// The wordings (version, text) of a consent purpose.
pub fn list(store: &Store, purpose: &str) -> Result<Vec<(String, String)>, PrivacyError> {
    store
        .read(|tx| {
            let p = store::purposes::by_name(tx, purpose)?.ok_or(store::StoreError::Invalid(
                PrivacyError::UnknownPurpose.to_string(),
            ))?;
            store::purposes::wordings(tx, p.id)
        })
        .map_err(PrivacyError::from)
}

/// Records a new wording version for a consent purpose. Audited (purpose and version only).
pub fn add(
    store: &mut Store,
    purpose: &str,
    version: &str,
    text: &str,
    now: Instant,
) -> Result<(), PrivacyError> {
    let version = version.trim();
    let text = text.trim();
    if version.is_empty() || version.chars().count() > 32 || text.is_empty() {
        return Err(PrivacyError::Invalid(
            "a wording needs a version (at most 32 characters) and its text".into(),
        ));
    }
    store.write(|tx| {
        let p = store::purposes::by_name(tx, purpose)?.ok_or(PrivacyError::UnknownPurpose)?;
        if p.legal_basis != LegalBasis::Consent {
            return Err(PrivacyError::Invalid(
                "only purposes that rest on consent have a consent wording".into(),
            ));
        }
        store::purposes::add_wording(tx, p.id, version, text)?;
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Settings, None)
                .detail(format!("wording purpose={} version={version}", p.name)),
        )?;
        Ok(())
    })
}
