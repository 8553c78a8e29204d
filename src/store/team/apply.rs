//! Applying merged changes to the rows the app reads (contacts, consents, purposes, wordings,
//! interests, and through `team_everyday` the everyday tables), in the caller's transaction:
//! the change log's winners are written first, then each touched entity is rebuilt from its
//! fields. Pure decisions are in `team::merge`.

use super::plain;
use crate::domain::purpose::Purpose;
use crate::domain::{Consent, ConsentSource, Contact, ContactId, PurposeId};
use crate::store::changes::{self, contact_from_fields, fields_of, put};
use crate::store::team_log;
use crate::store::{StoreError, Tx};
use crate::team::change::{Change, Entity, TombstoneValue};
use crate::team::merge::Merged;
use rusqlite::{OptionalExtension, params};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Writes the merged winners and brings the app's rows up to date with them. The caller has
/// already purged the contacts of `merged.erase` (the erasure path) and paused recording.
pub fn apply(tx: &Tx, merged: &Merged) -> Result<usize, StoreError> {
    apply_with(tx, merged, &|_, _| false)
}

/// `apply`, told which entities had no field in the change log before this batch (`new`; the
/// caller's `local_state` knows): their fields are all in the batch, so they are built from
/// it instead of read back (a newcomer's snapshot: every contact is new).
pub fn apply_with(
    tx: &Tx,
    merged: &Merged,
    new: &dyn Fn(Entity, &str) -> bool,
) -> Result<usize, StoreError> {
    let mut contacts: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    let mut consents = BTreeSet::new();
    let mut everyday = crate::store::team_everyday::Pending::default();
    // A store that joined before the activities' layout of schema 15 gets its index here.
    crate::store::activities::index_by_number(tx)?;
    // An erasure in this batch forgets fields as it goes: those contacts read the log.
    let stoned: BTreeSet<&str> = merged
        .writes
        .iter()
        .filter(|c| c.entity == Entity::Tombstone)
        .map(|c| c.id.as_str())
        .chain(merged.erase.iter().map(String::as_str))
        .collect();
    let new = |e: Entity, id: &str| {
        let contact = id.split('/').next().unwrap_or(id);
        !stoned.contains(contact) && new(e, id)
    };
    // The change log in its key order (neighbouring pages of its index), then the rows. The
    // merge's writes are in id and field order within each entity: a stable sort by entity
    // keeps that.
    let mut order: Vec<&Change> = merged.writes.iter().collect();
    order.sort_by_key(|c| c.entity.code());
    team_log::put_all(tx, &mut team_log::Codes::default(), order)?;
    for c in &merged.writes {
        match c.entity {
            Entity::Interest => materialize_interest(tx, &c.id)?,
            Entity::Purpose => materialize_purpose(tx, &c.id)?,
            Entity::Wording => materialize_wording(tx, &c.id)?,
            Entity::Tombstone => apply_tombstone(tx, c)?,
            Entity::Contact => contacts.entry(c.id.as_str()).or_default().push(c),
            Entity::Consent => {
                consents.insert(c.id.clone());
            }
            Entity::Outcome => crate::store::team_everyday::materialize_outcome(tx, &c.id)?,
            Entity::Industry => crate::store::team_everyday::materialize_industry(tx, &c.id)?,
            Entity::Organisation => {
                crate::store::team_everyday::materialize_organisation(tx, &c.id)?
            }
            Entity::Activity | Entity::FollowUp | Entity::Request => everyday.note(c.entity, &c.id),
        }
    }
    let mut arrived = Vec::new();
    for (id, changes) in &contacts {
        if plain::update(tx, id, changes)? {
            // The last activity is also moved by activities logged elsewhere (team-everyday).
            if let Some(cid) = parse_contact(id) {
                crate::store::activities::refresh_last_activity(
                    tx,
                    crate::store::contacts::seq(tx, cid)?,
                )?;
            }
            continue;
        }
        let fields = if new(Entity::Contact, id) {
            changes
                .iter()
                .map(|c| (c.field.clone(), c.value.clone()))
                .collect()
        } else {
            fields_of(tx, Entity::Contact, id)?
        };
        if materialize_contact(tx, id, fields)? == Materialized::Inserted {
            // Its consent records may have arrived before it.
            for uid in consent_ids_of(tx, id)? {
                consents.insert(uid);
            }
            arrived.push(id.to_string());
        }
    }
    let mut consent_writes: HashMap<&str, BTreeMap<String, String>> = HashMap::new();
    for c in &merged.writes {
        if c.entity == Entity::Consent && new(Entity::Consent, &c.id) {
            consent_writes
                .entry(c.id.as_str())
                .or_default()
                .insert(c.field.clone(), c.value.clone());
        }
    }
    for uid in &consents {
        let fields = match consent_writes.remove(uid.as_str()) {
            Some(f) => f,
            None => fields_of(tx, Entity::Consent, uid)?,
        };
        materialize_consent(tx, uid, fields)?;
    }
    crate::store::team_everyday::materialize(tx, &everyday, &arrived)?;
    Ok(merged.writes.len())
}

fn apply_tombstone(tx: &Tx, c: &Change) -> Result<(), StoreError> {
    changes::forget_contact(tx, &c.id)?;
    put(tx, c)?; // forget_contact leaves tombstones alone; keep the winner
    let Ok(v) = serde_json::from_str::<TombstoneValue>(&c.value) else {
        return Ok(());
    };
    let mut st = tx.prepare_cached("INSERT OR IGNORE INTO suppression (hash) VALUES (?1)")?;
    for h in &v.hashes {
        let mut hash = [0u8; 32];
        if hex::decode_to_slice(h, &mut hash).is_ok() {
            st.execute([hash])?;
        }
    }
    let Some(contact) = parse_contact(&c.id) else {
        return Ok(()); // not a contact's id: nothing of it here to mark
    };
    if crate::store::erasure::tombstone(tx, contact)?.is_none() {
        crate::store::erasure::add_tombstone(
            tx,
            &crate::store::erasure::Tombstone {
                subject: c.id.clone(),
                erased_at: crate::store::from_db(v.erased_at),
                reason: v.reason,
                requested_by: v.requested_by,
            },
        )?;
    }
    Ok(())
}

fn parse_contact(id: &str) -> Option<ContactId> {
    ContactId::parse(id).ok()
}

fn consent_ids_of(tx: &Tx, contact: &str) -> Result<Vec<String>, StoreError> {
    let code = Entity::Consent.code();
    let mut out: Vec<String> = Vec::new();
    if let Some((lo, hi)) = team_log::consent_range(contact) {
        let mut st = tx.prepare_cached(
            "SELECT DISTINCT id FROM team_change WHERE entity = ?1 AND id > ?2 AND id < ?3",
        )?;
        let rows = st.query_map(params![code, lo, hi], |r| {
            team_log::decode_id(r.get_ref(0)?)
        })?;
        out = rows.collect::<Result<_, _>>()?;
    }
    let mut st = tx.prepare_cached(
        "SELECT DISTINCT id FROM team_change WHERE entity = ?1 AND id >= ?2 || '/' AND id < ?2 || '0'",
    )?;
    for id in st.query_map(params![code, contact], |r| {
        team_log::decode_id(r.get_ref(0)?)
    })? {
        out.push(id?);
    }
    Ok(out)
}

/// What `materialize_contact` did.
#[derive(PartialEq, Eq)]
enum Materialized {
    /// Its fields are incomplete: it waits for the rest.
    Waiting,
    Updated,
    /// New here: consent records that arrived before it can be written now.
    Inserted,
}

/// Writes a contact from its fields.
fn materialize_contact(
    tx: &Tx,
    id: &str,
    fields: BTreeMap<String, String>,
) -> Result<Materialized, StoreError> {
    let Some((mut contact, objections)) = contact_from_fields(id, &fields) else {
        return Ok(Materialized::Waiting);
    };
    // An answer to an interest this laptop's vocabulary lacks adds the interest; when the
    // vocabulary is full the answer stays in the change log only.
    let names: Vec<String> = contact.preferences.interests.keys().cloned().collect();
    for name in names {
        if crate::store::purposes::add_interest(tx, &name).is_err() {
            contact.preferences.interests.remove(&name);
        }
    }
    let done = if let Some(old) = crate::store::contacts::get(tx, contact.id)? {
        if !plain_update(tx, &old, &contact)? {
            crate::store::contacts::update(tx, &contact)?;
        }
        Materialized::Updated
    } else {
        crate::store::contacts::insert(tx, &contact)?;
        Materialized::Inserted
    };
    for (scope, at) in objections {
        crate::store::consents::object(tx, contact.id, scope, at)?;
    }
    // The last activity is also moved by activities logged elsewhere (team-everyday). A
    // contact new here has no activity rows yet: its waiting ones are linked after it
    // (`team_everyday::materialize`), which moves it as logging does.
    if done == Materialized::Updated {
        crate::store::activities::refresh_last_activity(
            tx,
            crate::store::contacts::seq(tx, contact.id)?,
        )?;
    }
    Ok(done)
}

/// Writes a contact whose new version differs from `old` only in columns that nothing else
/// derives from (no index text, no points, no organisation link, no interest bits): the usual
/// remote edit (a title, a stage) costs one UPDATE instead of the whole rewrite. False when
/// anything else differs: the caller rewrites the contact.
fn plain_update(tx: &Tx, old: &Contact, new: &Contact) -> Result<bool, StoreError> {
    let mut same = new.clone();
    same.title = old.title.clone();
    same.stage = old.stage;
    same.updated_at = old.updated_at;
    same.last_contacted_at = old.last_contacted_at;
    if same != *old {
        return Ok(false);
    }
    tx.prepare_cached(
        "UPDATE contact SET title = ?2, stage = ?3, updated_at = ?4, last_contacted_at = ?5 WHERE seq = ?1",
    )?
    .execute(params![
        crate::store::contacts::seq(tx, new.id)?,
        new.title,
        new.stage.as_str(),
        crate::store::to_db(new.updated_at),
        new.last_contacted_at.map(crate::store::to_db),
    ])?;
    Ok(true)
}

fn materialize_consent(
    tx: &Tx,
    uid: &str,
    fields: BTreeMap<String, String>,
) -> Result<(), StoreError> {
    let Some(contact) = uid.split('/').next().and_then(parse_contact) else {
        return Ok(());
    };
    if !crate::store::contacts::exists(tx, contact)? {
        return Ok(()); // waits for its contact
    }
    let withdrawn: Option<i64> = fields
        .get("withdrawn_at")
        .and_then(|v| serde_json::from_str(v).ok())
        .flatten();
    let local: Option<i64> = tx
        .prepare_cached("SELECT consent_id FROM team_consent WHERE uid = ?1")?
        .query_row([uid], |r| r.get(0))
        .optional()?;
    if let Some(id) = local {
        tx.prepare_cached("UPDATE consent SET withdrawn_at = ?2 WHERE id = ?1")?
            .execute(params![id, withdrawn])?;
        return Ok(());
    }
    #[derive(serde::Deserialize)]
    struct Record {
        purpose: String,
        given_at: i64,
        expires_at: Option<i64>,
        source: ConsentSource,
        wording_version: String,
    }
    let Some(record) = fields
        .get("record")
        .and_then(|v| serde_json::from_str::<Record>(v).ok())
    else {
        return Ok(());
    };
    let Some(purpose) = crate::store::purposes::by_name(tx, &record.purpose)? else {
        return Ok(()); // waits for its purpose
    };
    let id = crate::store::consents::insert(
        tx,
        contact,
        &Consent {
            id: 0,
            purpose: purpose.id,
            given_at: crate::store::from_db(record.given_at),
            expires_at: record.expires_at.map(crate::store::from_db),
            source: record.source,
            wording_version: record.wording_version,
            withdrawn_at: withdrawn.map(crate::store::from_db),
        },
    )?;
    tx.prepare_cached("INSERT INTO team_consent (consent_id, uid) VALUES (?1, ?2)")?
        .execute(params![id, uid])?;
    Ok(())
}

fn materialize_purpose(tx: &Tx, name: &str) -> Result<(), StoreError> {
    let fields = fields_of(tx, Entity::Purpose, name)?;
    let Some(mut def) = fields
        .get("def")
        .and_then(|v| serde_json::from_str::<serde_json::Value>(v).ok())
    else {
        return Ok(());
    };
    if let serde_json::Value::Object(o) = &mut def {
        o.insert("id".into(), 0.into());
    }
    let Ok(mut p) = serde_json::from_value::<Purpose>(def) else {
        return Ok(());
    };
    match crate::store::purposes::by_name(tx, name)? {
        Some(existing) => {
            p.id = existing.id;
            if p != existing {
                crate::store::purposes::update(tx, &p)?;
            }
        }
        None => {
            crate::store::purposes::insert(tx, &p)?;
        }
    }
    // Wording keys are never uuids: they stay text, so a text range finds them.
    let mut st = tx.prepare_cached(
        "SELECT DISTINCT id FROM team_change WHERE entity = ?1 AND id >= ?2 || char(31) AND id < ?2 || char(32)",
    )?;
    let keys: Vec<String> = st
        .query_map(params![Entity::Wording.code(), name], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for key in keys {
        materialize_wording(tx, &key)?;
    }
    Ok(())
}

fn materialize_wording(tx: &Tx, key: &str) -> Result<(), StoreError> {
    let Some((purpose, version)) = key.split_once('\u{1f}') else {
        return Ok(());
    };
    let Some(p) = crate::store::purposes::by_name(tx, purpose)? else {
        return Ok(()); // written when its purpose arrives
    };
    let Some(text) = fields_of(tx, Entity::Wording, key)?
        .get("text")
        .and_then(|v| serde_json::from_str::<String>(v).ok())
    else {
        return Ok(());
    };
    if crate::store::purposes::wording(tx, p.id, version)?.is_none() {
        crate::store::purposes::add_wording(tx, PurposeId(p.id.0), version, &text)?;
    }
    Ok(())
}

fn materialize_interest(tx: &Tx, name: &str) -> Result<(), StoreError> {
    let fields = fields_of(tx, Entity::Interest, name)?;
    if fields.get("removed").map(String::as_str) == Some("true") {
        crate::store::purposes::remove_unanswered_interest(tx, name)?;
        return Ok(());
    }
    if crate::store::purposes::add_interest(tx, name).is_err() {
        return Ok(()); // a full vocabulary: the answers stay in the change log
    }
    if let Some(label) = fields
        .get("label")
        .and_then(|v| serde_json::from_str::<String>(v).ok())
    {
        crate::store::purposes::rename_interest(tx, name, &label)?;
    }
    Ok(())
}
