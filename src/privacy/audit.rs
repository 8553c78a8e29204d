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

// --- team-audit: the team's log as one view, every device's chain verified ---

/// One event of the team's log: whose chain holds it (the device that appended it), its
/// member, and for an admin the member's name from the roster.
#[derive(Clone, serde::Serialize)]
pub struct TeamEvent {
    /// The device that appended the event (`None` in a solo store).
    pub device: Option<String>,
    /// Its member's random id.
    pub member: Option<String>,
    /// The member's name as the roster has it: for admins only.
    pub member_name: Option<String>,
    /// Whether this device appended it.
    pub own: bool,
    pub seq: i64,
    pub at: crate::domain::Instant,
    pub actor: String,
    pub action: String,
    pub subject: Option<ContactId>,
    pub detail: String,
    pub hash: String,
}
super::redacted_debug!(TeamEvent);

fn team_event(
    who: &super::team::audit_sync::Who,
    chain: Option<&str>,
    own: bool,
    e: AuditEvent,
) -> TeamEvent {
    let device = e.device.clone().or_else(|| chain.map(str::to_string));
    let member = who.member(&e, device.as_deref());
    TeamEvent {
        member_name: member.as_ref().and_then(|m| who.names.get(m).cloned()),
        device,
        member,
        own,
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        detail: e.detail,
        hash: e.hash,
    }
}

/// The team's log in one view ordered by time (this device's events and every other device's,
/// as replicated), or those about one subject. A solo store: its own log.
pub fn team_events(
    store: &Store,
    subject: Option<ContactId>,
) -> Result<Vec<TeamEvent>, PrivacyError> {
    let who = super::team::audit_sync::who(store, false)?;
    team_events_as(store, subject, &who)
}

/// `team_events` with the roster already read (`who`).
pub fn team_events_as(
    store: &Store,
    subject: Option<ContactId>,
    who: &super::team::audit_sync::Who,
) -> Result<Vec<TeamEvent>, PrivacyError> {
    let (own, others) = store.read(|tx| {
        Ok(match subject {
            Some(s) => (
                store::audit::for_subject(tx, s)?,
                store::audit_team::for_subject(tx, s)?,
            ),
            None => (store::audit::list(tx)?, store::audit_team::all(tx)?),
        })
    })?;
    let me = who.this_device.as_deref();
    let mut out: Vec<TeamEvent> = own
        .into_iter()
        .map(|e| team_event(who, me, true, e))
        .collect();
    for (device, e) in others {
        let d = hex::encode(device);
        out.push(team_event(who, Some(&d), false, e));
    }
    // Time, then device and number: a total order, the same on every device.
    out.sort_by(|a, b| (a.at, &a.device, a.seq).cmp(&(b.at, &b.device, b.seq)));
    Ok(out)
}

/// One chain's verdict: `device` is `None` for this store's own log.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ChainVerdict {
    pub device: Option<String>,
    /// The number of intact events, or why the chain does not verify.
    pub result: Result<usize, String>,
}

/// Verifies this store's own chain and every other device's replicated chain.
pub fn verify_team(store: &Store) -> Result<Vec<ChainVerdict>, PrivacyError> {
    let mut out = vec![ChainVerdict {
        device: None,
        result: verify(store)?.map_err(|e| e.to_string()),
    }];
    let (devices, all) =
        store.read(|tx| Ok((store::audit_team::devices(tx)?, store::audit_team::all(tx)?)))?;
    for (device, head) in devices {
        let events: Vec<&AuditEvent> = all
            .iter()
            .filter(|(d, _)| *d == device)
            .map(|(_, e)| e)
            .collect();
        out.push(ChainVerdict {
            device: Some(hex::encode(device)),
            result: verify_chain(events, head.as_ref().map(|(s, h)| (*s, h.as_str())))
                .map_err(|e| e.to_string()),
        });
    }
    Ok(out)
}
