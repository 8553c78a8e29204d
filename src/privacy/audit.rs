//! Reading and verifying the audit log (GDPR Art. 5(2) accountability).

use super::PrivacyError;
use crate::domain::ContactId;
use crate::domain::audit::{AuditEvent, ChainError, verify as verify_chain};
use crate::store::{self, Store};

/// Every event, or those about one subject.
pub fn events(store: &Store, subject: Option<ContactId>) -> Result<Vec<AuditEvent>, PrivacyError> {
    Ok(store.read(|tx| match subject {
        Some(s) => store::audit::for_subject(tx, s),
        None => store::audit::list(tx),
    })?)
}

/// Checks the whole chain; `Ok(n)` is the number of intact events.
pub fn verify(store: &Store) -> Result<Result<usize, ChainError>, PrivacyError> {
    let (events, head) = store.read(|tx| Ok((store::audit::list(tx)?, store::audit::head(tx)?)))?;
    Ok(verify_chain(
        &events,
        head.as_ref().map(|(s, h)| (*s, h.as_str())),
    ))
}
