//! Restriction of processing (GDPR Art. 18) and objection to direct marketing (Art. 21).

use super::PrivacyError;
use crate::domain::audit::NewEvent;
use crate::domain::{Action, ContactId, Instant, ObjectionScope};
use crate::store::{self, Store};

/// Restricts or lifts the restriction. Returns false when nothing changed.
pub fn set_restricted(
    store: &mut Store,
    id: ContactId,
    restricted: bool,
    now: Instant,
) -> Result<bool, PrivacyError> {
    store.write(|tx| {
        let c = store::contacts::get(tx, id)?.ok_or_else(PrivacyError::not_found)?;
        if c.restricted == restricted {
            return Ok(false);
        }
        store::contacts::set_restricted(tx, id, restricted)?;
        let action = if restricted {
            Action::Restrict
        } else {
            Action::Unrestrict
        };
        store::audit::append(tx, &NewEvent::new(now, action, Some(id)))?;
        Ok(true)
    })
}

/// Records an absolute objection to direct marketing. Returns false if already recorded.
pub fn object(
    store: &mut Store,
    id: ContactId,
    scope: ObjectionScope,
    now: Instant,
) -> Result<bool, PrivacyError> {
    store.write(|tx| {
        let added = store::consents::object(tx, id, scope, now)?;
        if added {
            store::audit::append(
                tx,
                &NewEvent::new(now, Action::Objection, Some(id))
                    .detail(format!("channel={}", scope.as_str())),
            )?;
        }
        Ok(added)
    })
}
