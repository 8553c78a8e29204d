//! Interest answers that live only in the team's change log (issue 12): an answer that arrives
//! from another laptop for an interest this laptop's vocabulary lacks adds the interest, but
//! when the vocabulary is full (`purposes::MAX_INTERESTS`) it cannot be placed on the contact
//! (`team::materialize_contact`). It is still the person's data: the access export and the
//! contact's page read it from here. Read through `changes::fields_of` and
//! `changes::contact_from_fields`, so how `team_field` encodes a contact stays in `changes`.

use super::changes::{contact_from_fields, fields_of};
use super::{StoreError, Tx};
use crate::domain::ContactId;
use crate::domain::preference::Answer;
use crate::team::change::Entity;
use std::collections::{BTreeMap, BTreeSet};

/// The answers the change log holds for contact `id` about interests this laptop's vocabulary
/// does not have (empty in a solo store, or when every answer was placed), by interest name.
pub fn interest_answers(tx: &Tx, id: ContactId) -> Result<BTreeMap<String, Answer>, StoreError> {
    let key = id.to_string();
    let fields = fields_of(tx, Entity::Contact, &key)?;
    if fields.is_empty() {
        return Ok(BTreeMap::new());
    }
    let Some((recorded, _)) = contact_from_fields(&key, &fields) else {
        return Ok(BTreeMap::new());
    };
    let known: BTreeSet<String> = super::purposes::interests(tx)?.into_iter().collect();
    Ok(recorded
        .preferences
        .interests
        .into_iter()
        .filter(|(name, answer)| *answer != Answer::Unknown && !known.contains(name))
        .collect())
}
