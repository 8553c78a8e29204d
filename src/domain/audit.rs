//! Audit events (GDPR Art. 5(2) accountability) and the hash chain that makes tampering
//! detectable. An event holds an actor role, a time, an action, the pseudonymous subject id and a
//! detail made of field names or counts — never a name, email, phone or any other value.

use super::Instant;
use super::ids::ContactId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Init,
    Unlock,
    Create,
    View,
    Edit,
    ConsentGiven,
    ConsentWithdrawn,
    Objection,
    Restrict,
    Unrestrict,
    Export,
    ExportAll,
    Erase,
    RetentionRun,
    Import,
    Settings,
    RecoveryKeyShown,
    /// The store was re-protected with a new passphrase using its recovery key.
    KeyRestored,
    /// An activity (call, meeting, …) was logged with the person (issue 15).
    Activity,
    /// A follow-up was planned, done, snoozed or cancelled.
    FollowUp,
    /// A data-subject request was registered or changed (issue 14).
    Request,
    /// A registered export file was deleted (expired, or its person erased).
    ExportDeleted,
    /// A backup was written.
    Backup,
    /// The store was restored from a backup (and erasures since replayed).
    Restore,
    /// A record of processing was generated.
    Record,
    /// The database got a new SQLCipher key (`rapport rekey`).
    Rekey,
    /// The passphrase or second factor changed; the detail says which (no secret).
    SecurityChanged,
    /// An admin changed the team's roster: a removal, a role or the policy (issue 13); the
    /// detail holds the operation and the member/device ids, never a name.
    Team,
}

impl Action {
    pub const ALL: [Action; 28] = [
        Action::Init,
        Action::Unlock,
        Action::Create,
        Action::View,
        Action::Edit,
        Action::ConsentGiven,
        Action::ConsentWithdrawn,
        Action::Objection,
        Action::Restrict,
        Action::Unrestrict,
        Action::Export,
        Action::ExportAll,
        Action::Erase,
        Action::RetentionRun,
        Action::Import,
        Action::Settings,
        Action::RecoveryKeyShown,
        Action::KeyRestored,
        Action::Activity,
        Action::FollowUp,
        Action::Request,
        Action::ExportDeleted,
        Action::Backup,
        Action::Restore,
        Action::Record,
        Action::Rekey,
        Action::SecurityChanged,
        Action::Team,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Init => "init",
            Action::Unlock => "unlock",
            Action::Create => "create",
            Action::View => "view",
            Action::Edit => "edit",
            Action::ConsentGiven => "consent_given",
            Action::ConsentWithdrawn => "consent_withdrawn",
            Action::Objection => "objection",
            Action::Restrict => "restrict",
            Action::Unrestrict => "unrestrict",
            Action::Export => "export",
            Action::ExportAll => "export_all",
            Action::Erase => "erase",
            Action::RetentionRun => "retention_run",
            Action::Import => "import",
            Action::Settings => "settings",
            Action::RecoveryKeyShown => "recovery_key_shown",
            Action::KeyRestored => "key_restored",
            Action::Activity => "activity",
            Action::FollowUp => "follow_up",
            Action::Request => "request",
            Action::ExportDeleted => "export_deleted",
            Action::Backup => "backup",
            Action::Restore => "restore",
            Action::Record => "record",
            Action::Rekey => "rekey",
            Action::SecurityChanged => "security_changed",
            Action::Team => "team",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Action::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// Who acted, as a role: never a person's name.
pub mod actor {
    pub const USER: &str = "user";
    pub const RETENTION: &str = "retention-rule";
    pub const SYSTEM: &str = "system";
    pub const DATA_SUBJECT_REQUEST: &str = "data-subject-request";
}

/// An event ready to append: the store assigns `seq` and the hashes.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NewEvent {
    pub at: Instant,
    pub actor: &'static str,
    pub action: Action,
    pub subject: Option<ContactId>,
    /// Field names, purpose names, channels or counts: never personal values.
    pub detail: String,
}

impl NewEvent {
    pub fn new(at: Instant, action: Action, subject: Option<ContactId>) -> Self {
        Self {
            at,
            actor: actor::USER,
            action,
            subject,
            detail: String::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    pub fn actor(mut self, actor: &'static str) -> Self {
        self.actor = actor;
        self
    }
}

/// A stored, chained event.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: Instant,
    pub actor: String,
    pub action: String,
    pub subject: Option<ContactId>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
    /// In a team: the device that appended the event and its member, as their random ids (32
    /// hex digits; the roster maps them to names). `None` in a solo store and for events from
    /// before the store joined a team.
    #[serde(default)]
    pub device: Option<String>,
    #[serde(default)]
    pub member: Option<String>,
    /// The subject exactly as stored, which is what the hash covers (an id rewritten in another
    /// case or form no longer verifies).
    #[serde(skip)]
    pub subject_text: Option<String>,
}

/// SHA-256 over the previous hash and the event's fields, each length-prefixed so that no two
/// different events encode alike.
pub fn chain_hash(
    prev_hash: &str,
    seq: i64,
    at_micros: i64,
    actor: &str,
    action: &str,
    subject: Option<&str>,
    detail: &str,
) -> String {
    chain_hash_in_team(
        prev_hash, seq, at_micros, actor, action, subject, detail, None,
    )
}

/// `chain_hash` of an event that names its device and member (`team` = their hex ids): the
/// two ids follow as two more length-prefixed fields, so they cannot be changed or removed
/// unnoticed, while an event without them hashes exactly as before (old chains verify).
#[allow(clippy::too_many_arguments)]
pub fn chain_hash_in_team(
    prev_hash: &str,
    seq: i64,
    at_micros: i64,
    actor: &str,
    action: &str,
    subject: Option<&str>,
    detail: &str,
    team: Option<(&str, &str)>,
) -> String {
    let mut h = Sha256::new();
    let seq = seq.to_string();
    let at = at_micros.to_string();
    let mut fields = vec![
        prev_hash,
        &seq,
        &at,
        actor,
        action,
        subject.unwrap_or(""),
        detail,
    ];
    if let Some((device, member)) = team {
        fields.push(device);
        fields.push(member);
    }
    for field in fields {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

impl AuditEvent {
    pub fn expected_hash(&self) -> String {
        let subject = self
            .subject_text
            .clone()
            .or_else(|| self.subject.map(|s| s.to_string()));
        let team = match (&self.device, &self.member) {
            (Some(d), Some(m)) => Some((d.as_str(), m.as_str())),
            // One id without the other was never written: hash it so that it cannot verify.
            (Some(d), None) => Some((d.as_str(), "")),
            (None, Some(m)) => Some(("", m.as_str())),
            (None, None) => None,
        };
        chain_hash_in_team(
            &self.prev_hash,
            self.seq,
            self.at.timestamp_micros(),
            &self.actor,
            &self.action,
            subject.as_deref(),
            &self.detail,
            team,
        )
    }
}

/// Why the chain does not verify, naming the first bad event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error(
        "the audit log does not start with its `init` event: events were removed from the start"
    )]
    MissingStart,
    #[error("audit event {seq} was changed: its hash does not match its contents")]
    Altered { seq: i64 },
    #[error(
        "audit event {seq} does not follow the one before it: an event was deleted, inserted or reordered"
    )]
    Broken { seq: i64 },
    #[error(
        "the audit log ends at event {last} but the store recorded event {head} as the last: events were removed from the end"
    )]
    Truncated { last: i64, head: i64 },
}

/// Verifies a chain read in `seq` order against the recorded head (last seq and hash).
pub fn verify<'a>(
    events: impl IntoIterator<Item = &'a AuditEvent>,
    head: Option<(i64, &str)>,
) -> Result<usize, ChainError> {
    let mut prev_hash = GENESIS.to_string();
    let mut prev_seq = 0;
    let mut count = 0;
    for e in events {
        if e.seq == 1 && e.action != Action::Init.as_str() {
            return Err(ChainError::MissingStart);
        }
        if e.seq != prev_seq + 1 || e.prev_hash != prev_hash {
            return Err(ChainError::Broken { seq: e.seq });
        }
        if e.expected_hash() != e.hash {
            return Err(ChainError::Altered { seq: e.seq });
        }
        prev_hash = e.hash.clone();
        prev_seq = e.seq;
        count += 1;
    }
    match head {
        Some((seq, hash)) if seq != prev_seq || hash != prev_hash => Err(ChainError::Truncated {
            last: prev_seq,
            head: seq,
        }),
        None if count > 0 => Err(ChainError::Truncated {
            last: prev_seq,
            head: 0,
        }),
        _ => Ok(count),
    }
}

/// Why the audit events another device published were refused (its segment is then not
/// applied at all). One sentence, ids and numbers only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplicaError {
    #[error("its audit event {seq} was changed: its hash does not match its contents")]
    Altered { seq: i64 },
    #[error(
        "its audit event {seq} does not follow the device's audit chain (an event was removed, inserted or reordered)"
    )]
    Broken { seq: i64 },
    #[error("its audit event {seq} differs from the one already received (a forked audit chain)")]
    Forked { seq: i64 },
    #[error("its audit event {seq} names another device or member than the one that signed it")]
    WrongAuthor { seq: i64 },
}

/// Checks the events a device published (in its own numbering) against what is held of its
/// chain: `head` is the held end, `held(seq)` the hash of a held event. `author` is the device
/// that signed the segment and its member in the roster. Events up to the head must be the
/// ones held (a snapshot repeats them); the rest must continue the chain link by link. Returns
/// the new events, in order; any fault refuses them all.
pub fn continue_chain<'a>(
    head: Option<(i64, &str)>,
    held: &dyn Fn(i64) -> Option<String>,
    incoming: &'a [AuditEvent],
    author: (&str, Option<&str>),
) -> Result<Vec<&'a AuditEvent>, ReplicaError> {
    let held_to = head.map(|(s, _)| s).unwrap_or(0);
    let (mut last_seq, mut last_hash) = match head {
        Some((s, h)) => (s, h.to_string()),
        None => (0, GENESIS.to_string()),
    };
    let mut out = Vec::new();
    for e in incoming {
        let seq = e.seq;
        if e.expected_hash() != e.hash {
            return Err(ReplicaError::Altered { seq });
        }
        if (e.device.is_some() || e.member.is_some())
            && (e.device.as_deref() != Some(author.0) || e.member.as_deref() != author.1)
        {
            return Err(ReplicaError::WrongAuthor { seq });
        }
        if seq <= held_to {
            match held(seq) {
                Some(h) if h == e.hash => continue,
                _ => return Err(ReplicaError::Forked { seq }),
            }
        }
        if seq != last_seq + 1
            || e.prev_hash != last_hash
            || (seq == 1 && e.action != Action::Init.as_str())
        {
            return Err(ReplicaError::Broken { seq });
        }
        last_seq = seq;
        last_hash = e.hash.clone();
        out.push(e);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn chain(n: i64) -> Vec<AuditEvent> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let at = chrono::Utc.timestamp_opt(1_700_000_000 + seq, 0).unwrap();
                let mut e = AuditEvent {
                    seq,
                    at,
                    actor: "user".into(),
                    action: if seq == 1 { "init" } else { "edit" }.into(),
                    subject: None,
                    detail: "email".into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                    device: None,
                    member: None,
                    subject_text: None,
                };
                e.hash = e.expected_hash();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        let head = c.last().map(|e| (e.seq, e.hash.as_str()));
        assert_eq!(verify(&c, head), Ok(5));
    }

    #[test]
    fn tampering_is_detected() {
        let c = chain(5);
        let head = Some((5, c[4].hash.as_str()));
        let mut changed = c.clone();
        changed[2].detail = "phone".into();
        assert_eq!(verify(&changed, head), Err(ChainError::Altered { seq: 3 }));
        let mut deleted = c.clone();
        deleted.remove(1);
        assert_eq!(verify(&deleted, head), Err(ChainError::Broken { seq: 3 }));
        let mut swapped = c.clone();
        swapped.swap(1, 2);
        assert_eq!(verify(&swapped, head), Err(ChainError::Broken { seq: 3 }));
        assert_eq!(
            verify(&c[..4], head),
            Err(ChainError::Truncated { last: 4, head: 5 })
        );
    }

    #[test]
    fn team_ids_enter_the_hash_and_old_events_hash_as_before() {
        let c = chain(2);
        let mut e = c[1].clone();
        assert_eq!(e.expected_hash(), e.hash, "no ids: the hash of schema 9");
        e.device = Some("aa".repeat(16));
        e.member = Some("bb".repeat(16));
        assert_ne!(e.expected_hash(), e.hash);
        e.hash = e.expected_hash();
        let mut other = e.clone();
        other.member = Some("cc".repeat(16));
        assert_ne!(other.expected_hash(), e.hash, "the member is covered");
    }

    #[test]
    fn a_replicated_chain_continues_or_is_refused() {
        let c = chain(4);
        let held = |s: i64| c.get(s as usize - 1).map(|e| e.hash.clone());
        let me = ("aa", None);
        // From nothing: all of it; after two held: the rest, the repeated ones skipped.
        assert_eq!(continue_chain(None, &held, &c, me).unwrap().len(), 4);
        let head = Some((2, c[1].hash.as_str()));
        let new = continue_chain(head, &held, &c, me).unwrap();
        assert_eq!(new.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![3, 4]);
        // A gap, a changed event, a fork, another author.
        assert_eq!(
            continue_chain(head, &held, &c[3..], me),
            Err(ReplicaError::Broken { seq: 4 })
        );
        let mut changed = c.clone();
        changed[2].detail = "phone".into();
        assert_eq!(
            continue_chain(head, &held, &changed, me),
            Err(ReplicaError::Altered { seq: 3 })
        );
        let other = chain(1);
        let mut forked = other.clone();
        forked[0].detail = "other".into();
        forked[0].hash = forked[0].expected_hash();
        assert_eq!(
            continue_chain(head, &held, &forked, me),
            Err(ReplicaError::Forked { seq: 1 })
        );
        let mut signed = c[..1].to_vec();
        signed[0].device = Some("bb".into());
        signed[0].member = Some("cc".into());
        signed[0].hash = signed[0].expected_hash();
        assert_eq!(
            continue_chain(None, &held, &signed, me),
            Err(ReplicaError::WrongAuthor { seq: 1 })
        );
        assert_eq!(
            continue_chain(None, &held, &signed, ("bb", Some("cc")))
                .unwrap()
                .len(),
            1
        );
    }
}
