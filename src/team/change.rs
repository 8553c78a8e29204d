//! One change of shared data, per field: (entity, id, field, value, clock, device). This is what
//! the store records in the transaction of every write to shared data, what a segment carries,
//! and what merge orders. Values are JSON text and are personal data: `Debug` never shows them,
//! and neither does any error of this module.

use super::hlc::Hlc;
use serde::{Deserialize, Serialize};

/// A device id as the change log keeps it (the bytes of `team::keys::DeviceId`).
pub type Device = [u8; 16];

/// What a change is about. Contacts, consents and tombstones belong to one contact; purposes,
/// wordings and the interest vocabulary are team-wide.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// A contact's fields; `id` is its random id. Fields: the contact's own columns, `points`
    /// (all contact points as one list), `interest:NAME` and `objection:SCOPE`.
    Contact,
    /// A consent record (history: written once, only `withdrawn_at` changes); `id` is
    /// `CONTACT/UID` with a random UID, so records of two devices never collide.
    Consent,
    /// A processing purpose, by name; field `def`.
    Purpose,
    /// A consent wording, `PURPOSE\u{1f}VERSION`; field `text` (wordings never change).
    Wording,
    /// An interest of the vocabulary, by name; fields `label` and `removed`.
    Interest,
    /// An erasure, by contact id; field `erased`. Beats every other change of that contact.
    Tombstone,
    /// An organisation (company data, not personal), by a random uid (`store::team_everyday`);
    /// fields `name`, `org_number`, `industry`, `address`, `web`, `explicit`.
    Organisation,
    /// An activity by a random uid (fields `kind`, `day`, `organisation`, `purpose`, `outcome`,
    /// `created_at`: no personal data), and each person's link to it as `CONTACT/UID` (field
    /// `link`): the link is personal and dies with that person's tombstone; the activity stays
    /// for the others in it.
    Activity,
    /// A follow-up, `CONTACT/UID`: it belongs to its person. Fields `kind`, `due`, `state`,
    /// `activity`, `created_at`.
    FollowUp,
    /// An outcome of the team-wide vocabulary, by code; fields `label`, `state`.
    Outcome,
    /// An industry of the team-wide vocabulary, by code; fields `label`, `state`.
    Industry,
    /// A data-subject request of the register, by a random uid. Not personal: it names the
    /// person only by the random id its tombstone keeps, and outlives the erasure it asked for.
    Request,
}

impl Entity {
    pub const ALL: [Entity; 12] = [
        Entity::Contact,
        Entity::Consent,
        Entity::Purpose,
        Entity::Wording,
        Entity::Interest,
        Entity::Tombstone,
        Entity::Organisation,
        Entity::Activity,
        Entity::FollowUp,
        Entity::Outcome,
        Entity::Industry,
        Entity::Request,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Contact => "contact",
            Entity::Consent => "consent",
            Entity::Purpose => "purpose",
            Entity::Wording => "wording",
            Entity::Interest => "interest",
            Entity::Tombstone => "tombstone",
            Entity::Organisation => "organisation",
            Entity::Activity => "activity",
            Entity::FollowUp => "follow_up",
            Entity::Outcome => "outcome",
            Entity::Industry => "industry",
            Entity::Request => "request",
        }
    }

    pub fn parse(s: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// The entity's fixed code in the store's change log (`team_change.entity`, schema 17).
    /// Never renumber: stores hold these codes. New entities take the next free code.
    pub fn code(self) -> i64 {
        match self {
            Entity::Contact => 1,
            Entity::Consent => 2,
            Entity::Purpose => 3,
            Entity::Wording => 4,
            Entity::Interest => 5,
            Entity::Tombstone => 6,
            Entity::Organisation => 7,
            Entity::Activity => 8,
            Entity::FollowUp => 9,
            Entity::Outcome => 10,
            Entity::Industry => 11,
            Entity::Request => 12,
        }
    }

    /// The entity of a stored code; `None` for a code this version does not know.
    pub fn from_code(code: i64) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.code() == code)
    }

    /// Whether changes of this kind describe one contact (and so die with its tombstone). An
    /// activity is not, but its links to people are (see `Change::contact`).
    pub fn is_personal(self) -> bool {
        matches!(
            self,
            Entity::Contact | Entity::Consent | Entity::Tombstone | Entity::FollowUp
        )
    }
}

/// One field's new value.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub entity: Entity,
    pub id: String,
    pub field: String,
    /// JSON text.
    pub value: String,
    pub hlc: Hlc,
    pub device: Device,
}

impl std::fmt::Debug for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Field names and clocks only: ids of contacts are pseudonymous, values are personal.
        f.debug_struct("Change")
            .field("entity", &self.entity)
            .field("field", &self.field)
            .field("hlc", &self.hlc)
            .finish_non_exhaustive()
    }
}

impl Change {
    /// The total order of versions of one field: clock, then device id.
    pub fn version(&self) -> (Hlc, Device) {
        (self.hlc, self.device)
    }

    /// The contact this change belongs to, if it is personal.
    pub fn contact(&self) -> Option<&str> {
        match self.entity {
            Entity::Contact | Entity::Tombstone => Some(&self.id),
            Entity::Consent | Entity::FollowUp => self.id.split('/').next(),
            // `CONTACT/UID` is a person's link to the activity; a bare uid is the activity.
            Entity::Activity => self.id.split_once('/').map(|(c, _)| c),
            _ => None,
        }
    }
}

/// The value of a tombstone change: no personal data, only the keyed hashes (under the team
/// key) of the erased person's emails and phones, so that an import on any laptop is flagged.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct TombstoneValue {
    pub erased_at: i64,
    pub reason: String,
    pub requested_by: String,
    /// Hex of HMAC-SHA256 under the team key.
    pub hashes: Vec<String>,
}

/// What a Changes or Snapshot segment's payload holds: changes with the device ids factored
/// out (a snapshot of 100k contacts repeats one or two ids a million times).
#[derive(Serialize, Deserialize)]
struct Batch {
    v: u8,
    devices: Vec<String>,
    changes: Vec<(Entity, String, String, String, u64, u32)>,
}

/// Why a payload was refused (no personal data).
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum PayloadError {
    #[error("damaged (the changes it carries cannot be read)")]
    Malformed,
    #[error("written by a newer version of Rapport (update Rapport to read it)")]
    NewerVersion,
}

const BATCH_VERSION: u8 = 1;

/// Encodes changes as a segment payload.
pub fn encode(changes: &[Change]) -> Vec<u8> {
    let mut devices: Vec<Device> = changes.iter().map(|c| c.device).collect();
    devices.sort_unstable();
    devices.dedup();
    let index = |d: &Device| devices.binary_search(d).unwrap_or(0) as u32;
    let batch = Batch {
        v: BATCH_VERSION,
        devices: devices.iter().map(hex::encode).collect(),
        changes: changes
            .iter()
            .map(|c| {
                (
                    c.entity,
                    c.id.clone(),
                    c.field.clone(),
                    c.value.clone(),
                    c.hlc.0,
                    index(&c.device),
                )
            })
            .collect(),
    };
    serde_json::to_vec(&batch).unwrap_or_default()
}

/// Decodes a segment payload (already authenticated and decrypted; still checked).
pub fn decode(bytes: &[u8]) -> Result<Vec<Change>, PayloadError> {
    let batch: Batch = serde_json::from_slice(bytes).map_err(|_| PayloadError::Malformed)?;
    if batch.v > BATCH_VERSION {
        return Err(PayloadError::NewerVersion);
    }
    let devices: Vec<Device> = batch
        .devices
        .iter()
        .map(|h| {
            let mut d = [0u8; 16];
            hex::decode_to_slice(h, &mut d).map(|_| d)
        })
        .collect::<Result<_, _>>()
        .map_err(|_| PayloadError::Malformed)?;
    batch
        .changes
        .into_iter()
        .map(|(entity, id, field, value, hlc, dev)| {
            let device = *devices.get(dev as usize).ok_or(PayloadError::Malformed)?;
            serde_json::from_str::<serde::de::IgnoredAny>(&value)
                .map_err(|_| PayloadError::Malformed)?;
            Ok(Change {
                entity,
                id,
                field,
                value,
                hlc: Hlc(hlc),
                device,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_round_trips_and_damage_is_refused() {
        let c = Change {
            entity: Entity::Contact,
            id: "x".into(),
            field: "title".into(),
            value: "\"Buyer\"".into(),
            hlc: Hlc::new(1, 2),
            device: [7; 16],
        };
        let bytes = encode(std::slice::from_ref(&c));
        assert_eq!(decode(&bytes).unwrap(), vec![c]);
        assert_eq!(
            decode(&bytes[..bytes.len() - 1]),
            Err(PayloadError::Malformed)
        );
        assert!(!format!("{:?}", decode(&bytes).unwrap()).contains("Buyer"));
    }

    #[test]
    fn a_follow_up_and_an_activity_link_belong_to_their_person_the_activity_to_nobody() {
        let c = |entity, id: &str| Change {
            entity,
            id: id.into(),
            field: "x".into(),
            value: "1".into(),
            hlc: Hlc::new(1, 0),
            device: [1; 16],
        };
        assert_eq!(c(Entity::FollowUp, "p/f").contact(), Some("p"));
        assert_eq!(c(Entity::Activity, "p/a").contact(), Some("p"));
        assert_eq!(c(Entity::Activity, "a").contact(), None);
        assert_eq!(c(Entity::Organisation, "o").contact(), None);
        assert_eq!(c(Entity::Request, "r").contact(), None);
        for e in Entity::ALL {
            assert_eq!(Entity::parse(e.as_str()), Some(e));
        }
    }

    #[test]
    fn entity_codes_are_fixed_and_round_trip() {
        let codes: Vec<i64> = Entity::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes, (1..=12).collect::<Vec<i64>>());
        for e in Entity::ALL {
            assert_eq!(Entity::from_code(e.code()), Some(e));
        }
        assert_eq!(Entity::from_code(0), None);
    }
}
