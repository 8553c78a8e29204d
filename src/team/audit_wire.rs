//! The audit section of a Changes or Snapshot segment's payload (issue 12: the team's audit log
//! is one view): the publishing device's own audit events, as the JSON key `audit` next to the
//! change batch. Readers that predate it ignore the key, and payloads without it hold no
//! events, so old segments stay readable both ways. Events hold ids, field names and counts
//! only, never a person's values (as in the local log).

use super::change::PayloadError;
use crate::domain::AuditEvent;
use serde::{Deserialize, Serialize};

/// One event on the wire: every field its hash covers.
#[derive(Serialize, Deserialize)]
struct WireEvent(
    i64,            // seq
    i64,            // at, UTC microseconds
    String,         // actor
    String,         // action
    Option<String>, // subject, exactly as stored
    String,         // detail
    Option<String>, // device id (hex)
    Option<String>, // member id (hex)
    String,         // prev hash
    String,         // hash
);

#[derive(Deserialize)]
struct Section {
    #[serde(default)]
    audit: Vec<WireEvent>,
}

/// Adds `events` to an encoded change batch (a JSON object) as its `audit` key.
pub fn attach(mut payload: Vec<u8>, events: &[AuditEvent]) -> Vec<u8> {
    if events.is_empty() || payload.last() != Some(&b'}') {
        return payload;
    }
    let wire: Vec<WireEvent> = events
        .iter()
        .map(|e| {
            WireEvent(
                e.seq,
                e.at.timestamp_micros(),
                e.actor.clone(),
                e.action.clone(),
                e.subject_text
                    .clone()
                    .or_else(|| e.subject.map(|s| s.to_string())),
                e.detail.clone(),
                e.device.clone(),
                e.member.clone(),
                e.prev_hash.clone(),
                e.hash.clone(),
            )
        })
        .collect();
    let Ok(json) = serde_json::to_vec(&wire) else {
        return payload;
    };
    payload.pop();
    // An empty batch object is `{}`: no comma before the first key.
    if payload.last() != Some(&b'{') {
        payload.push(b',');
    }
    payload.extend_from_slice(b"\"audit\":");
    payload.extend_from_slice(&json);
    payload.push(b'}');
    payload
}

/// The audit events a payload carries (none for payloads written before the section existed).
pub fn events(payload: &[u8]) -> Result<Vec<AuditEvent>, PayloadError> {
    let section: Section = serde_json::from_slice(payload).map_err(|_| PayloadError::Malformed)?;
    Ok(section
        .audit
        .into_iter()
        .map(
            |WireEvent(seq, at, actor, action, subject, detail, device, member, prev, hash)| {
                AuditEvent {
                    seq,
                    at: chrono::DateTime::from_timestamp_micros(at).unwrap_or_default(),
                    actor,
                    action,
                    subject: subject
                        .as_deref()
                        .and_then(|s| crate::domain::ContactId::parse(s).ok()),
                    detail,
                    prev_hash: prev,
                    hash,
                    device,
                    member,
                    subject_text: subject,
                }
            },
        )
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::change::{self, Change, Entity};
    use crate::team::hlc::Hlc;

    fn event(seq: i64) -> AuditEvent {
        let mut e = AuditEvent {
            seq,
            at: chrono::DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap(),
            actor: "user".into(),
            action: "edit".into(),
            subject: None,
            detail: "title".into(),
            prev_hash: crate::domain::audit::GENESIS.into(),
            hash: String::new(),
            device: Some("ab".repeat(16)),
            member: Some("cd".repeat(16)),
            subject_text: None,
        };
        e.hash = e.expected_hash();
        e
    }

    #[test]
    fn the_section_rides_along_and_old_payloads_read_as_none() {
        let c = Change {
            entity: Entity::Contact,
            id: "x".into(),
            field: "title".into(),
            value: "\"Buyer\"".into(),
            hlc: Hlc::new(1, 2),
            device: [7; 16],
        };
        let plain = change::encode(std::slice::from_ref(&c));
        assert!(events(&plain).unwrap().is_empty(), "an old payload");
        let both = attach(plain, &[event(1), event(2)]);
        assert_eq!(
            change::decode(&both).unwrap(),
            vec![c],
            "changes still read"
        );
        let back = events(&both).unwrap();
        assert_eq!(back, vec![event(1), event(2)]);
        assert_eq!(
            back[0].expected_hash(),
            back[0].hash,
            "hash survives the wire"
        );
        let empty = attach(change::encode(&[]), &[event(1)]);
        assert!(change::decode(&empty).unwrap().is_empty());
        assert_eq!(events(&empty).unwrap().len(), 1);
        assert!(events(&both[..both.len() - 2]).is_err());
    }
}
