//! Erasure (GDPR Art. 17): one step, nothing recoverable afterwards. The rows go (with
//! secure_delete zeroing their pages), the full-text index forgets the person's tokens
//! (FTS5 secure-delete), the WAL is checkpointed and truncated. What stays is a tombstone (random
//! id, date, reason, a role) and keyed hashes of the emails and phones, so that a later import
//! cannot silently bring the person back.

use super::PrivacyError;
use crate::domain::audit::{NewEvent, actor};
use crate::domain::{Action, ContactId, Instant};
use crate::store::erasure::{Holdings, Tombstone};
use crate::store::{self, Store};
use serde::Serialize;

/// Why a person was erased (kept in the tombstone; a code, never free text).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The person asked (Art. 17(1)).
    SubjectRequest,
    /// A retention rule made the data due.
    Retention(crate::domain::retention::Rule),
    /// A salesperson removed the contact (e.g. entered by mistake).
    UserDecision,
}

impl Reason {
    pub fn code(self) -> String {
        match self {
            Reason::SubjectRequest => "subject_request".into(),
            Reason::Retention(rule) => format!("retention:{}", rule.as_str()),
            Reason::UserDecision => "user_decision".into(),
        }
    }

    pub(crate) fn requested_by(self) -> &'static str {
        match self {
            Reason::SubjectRequest => actor::DATA_SUBJECT_REQUEST,
            Reason::Retention(_) => actor::RETENTION,
            Reason::UserDecision => actor::USER,
        }
    }
}

/// What an erasure would remove (shown before confirming).
pub fn preview(store: &Store, id: ContactId) -> Result<Holdings, PrivacyError> {
    Ok(store.read(|tx| store::erasure::holdings(tx, id))?)
}

/// Erases inside an open transaction (used by `erase` and the retention sweep).
pub(crate) fn erase_in(
    tx: &store::Tx,
    id: ContactId,
    reason: Reason,
    now: Instant,
) -> Result<Holdings, PrivacyError> {
    let held = store::erasure::holdings(tx, id)?;
    store::erasure::suppress_points(tx, id)?;
    store::contacts::delete(tx, id)?;
    store::erasure::add_tombstone(
        tx,
        &Tombstone {
            subject: id.to_string(),
            erased_at: now,
            reason: reason.code(),
            requested_by: reason.requested_by().into(),
        },
    )?;
    audit_erased(tx, id, reason, &held, now)?;
    Ok(held)
}

/// The audit event of one erasure: the subject's random id, the reason code and counts only.
pub(crate) fn audit_erased(
    tx: &store::Tx,
    id: ContactId,
    reason: Reason,
    held: &Holdings,
    now: Instant,
) -> Result<(), PrivacyError> {
    let detail = format!(
        "reason={} emails={} phones={} addresses={} web={} consents={} objections={} interests={} activities={} follow_ups={}",
        reason.code(),
        held.emails,
        held.phones,
        held.addresses,
        held.web,
        held.consents,
        held.objections,
        held.interests,
        held.activities,
        held.follow_ups
    );
    store::audit::append(
        tx,
        &NewEvent::new(now, Action::Erase, Some(id))
            .actor(reason.requested_by())
            .detail(detail),
    )?;
    Ok(())
}

/// The audit event of an erasure replayed on a restored backup (issue 14): the ledger's reason
/// code, counts only.
pub(crate) fn audit_replayed(
    tx: &store::Tx,
    id: ContactId,
    reason: &str,
    held: &Holdings,
    now: Instant,
) -> Result<(), PrivacyError> {
    store::audit::append(
        tx,
        &NewEvent::new(now, Action::Erase, Some(id))
            .actor(actor::SYSTEM)
            .detail(format!(
                "reason={reason} replayed=restore emails={} phones={}",
                held.emails, held.phones
            )),
    )?;
    Ok(())
}

/// Erases a contact and cleans the WAL. Returns what was removed.
pub fn erase(
    store: &mut Store,
    id: ContactId,
    reason: Reason,
    now: Instant,
) -> Result<Holdings, PrivacyError> {
    erase_answering(store, id, reason, None, now).map(|(held, _)| held)
}

/// `erase`, closing the register's request `request` in the same transaction (issue 14), then
/// deleting every registered export that holds the person and appending the erasure to the
/// ledger beside the vault. Returns what was removed and the exports it could not delete.
pub fn erase_answering(
    store: &mut Store,
    id: ContactId,
    reason: Reason,
    request: Option<i64>,
    now: Instant,
) -> Result<(Holdings, super::exports_register::Cleaned), PrivacyError> {
    use crate::domain::request::Outcome;
    if let Some(q) = request {
        super::requests::check_closable(store, q, id, Outcome::Erased, now)?;
    }
    let held = store.write(|tx| {
        let held = erase_in(tx, id, reason, now)?;
        if let Some(q) = request {
            super::requests::close_in(tx, q, id, Outcome::Erased, now)?;
        }
        Ok::<_, PrivacyError>(held)
    })?;
    let cleaned = super::exports_register::delete_holding(store, id, now)?;
    super::backup::sync_ledger(store)?;
    store.checkpoint_truncate().map_err(|_| {
        PrivacyError::Invalid(
            "the contact is erased, but another Rapport window still holds the write-ahead log: close it; the next start removes the last traces".into(),
        )
    })?;
    Ok((held, cleaned))
}
