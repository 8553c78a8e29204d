//! The Today view (issue 15): open follow-ups due today or overdue, and consents that end in
//! the next 14 days (to renew with the person). Each line carries the contact's id, so that it
//! is one click (or one command) from the contact. Read by two partial indexes, never a scan.

use super::PrivacyError;
use crate::domain::activity::{Kind, day_start};
use crate::domain::{ContactId, Instant};
use crate::store::{self, Store};
use chrono::Duration;
use serde::Serialize;

/// Consents ending within this many days are listed.
pub const EXPIRY_DAYS: i64 = 14;
/// At most this many lines of each kind (the total is given too).
pub const LIMIT: i64 = 200;

#[derive(Clone, Serialize)]
pub struct DueFollowUp {
    pub follow_up: i64,
    pub contact: ContactId,
    pub name: String,
    pub organisation: String,
    pub kind: Kind,
    pub due_on: Instant,
    pub overdue: bool,
}

#[derive(Clone, Serialize)]
pub struct ExpiringConsent {
    pub contact: ContactId,
    pub name: String,
    pub purpose: String,
    pub expires_at: Instant,
}

#[derive(Clone, Default, Serialize)]
pub struct Today {
    pub follow_ups: Vec<DueFollowUp>,
    /// All open follow-ups due by today (`follow_ups` holds at most `LIMIT`).
    pub follow_ups_total: i64,
    pub consents_expiring: Vec<ExpiringConsent>,
}

super::redacted_debug!(DueFollowUp, ExpiringConsent, Today);

/// What is on today's list at `now`.
pub fn today(store: &Store, now: Instant) -> Result<Today, PrivacyError> {
    let today = day_start(now);
    Ok(store.read(|tx| {
        let (due, total) = store::activities::due_before(tx, today + Duration::days(1), LIMIT)?;
        let expiring = store::activities::consents_expiring(
            tx,
            now,
            now + Duration::days(EXPIRY_DAYS),
            LIMIT,
        )?;
        Ok(Today {
            follow_ups: due
                .into_iter()
                .map(|d| DueFollowUp {
                    follow_up: d.follow_up.id,
                    contact: d.follow_up.contact,
                    name: d.name,
                    organisation: d.organisation,
                    kind: d.follow_up.kind,
                    due_on: d.follow_up.due_on,
                    overdue: d.follow_up.due_on < today,
                })
                .collect(),
            follow_ups_total: total,
            consents_expiring: expiring
                .into_iter()
                .map(|e| ExpiringConsent {
                    contact: e.contact,
                    name: e.name,
                    purpose: e.purpose,
                    expires_at: e.expires_at,
                })
                .collect(),
        })
    })?)
}
