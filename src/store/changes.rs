//! The one write path's record: every store function that writes shared data calls in here in
//! the same transaction, and when the store is in a team the new value of every field that
//! changed is written to the change log (`team_change`) with this device's id and the next tick of its hybrid
//! logical clock. A store that is not in a team records nothing (one lookup per transaction).
//! While a sync round applies remote changes (`Mode::Applying`) nothing is recorded either, so
//! an applied change is never echoed back as a local one.
//!
//! Changes are recorded as the difference between the row as it now is and its fields in
//! the change log, so every writer (form, import, rectification, consent, objection, restriction)
//! is covered by one call and writes no field that did not change.

use super::contacts;
use super::team_log;
use super::time::{from_db, to_db};
use super::{StoreError, Tx};
use crate::domain::purpose::Purpose;
use crate::domain::{Consent, Contact, ContactId, Instant, ObjectionScope, PointKind};
use crate::team::change::{Change, Device, Entity, TombstoneValue};
use crate::team::hlc::Hlc;
use rusqlite::{OptionalExtension, params};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Whether the writes of a transaction are recorded.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Mode {
    #[default]
    Unknown,
    /// Not in a team.
    Off,
    /// In a team: record.
    On,
    /// Applying remote changes: never record.
    Applying,
}

fn mode(tx: &Tx) -> Result<Mode, StoreError> {
    if tx.team.get() == Mode::Unknown {
        let on: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM team_self)")?
            .query_row([], |r| r.get(0))?;
        tx.team.set(if on { Mode::On } else { Mode::Off });
    }
    Ok(tx.team.get())
}

/// Whether this transaction records its writes (in a team, not applying remote changes).
pub fn recording(tx: &Tx) -> Result<bool, StoreError> {
    Ok(mode(tx)? == Mode::On)
}

/// Whether this store is in a team (in any mode of the transaction).
pub fn in_team(tx: &Tx) -> Result<bool, StoreError> {
    Ok(matches!(mode(tx)?, Mode::On | Mode::Applying))
}

/// Stops recording for the rest of this transaction (a sync round applying remote changes).
pub fn pause(tx: &Tx) {
    tx.team.set(Mode::Applying);
}

/// Starts recording in this transaction (the one that creates or joins a team).
pub fn resume(tx: &Tx) {
    tx.team.set(Mode::On);
}

/// Milliseconds of wall time: the clock of local changes (the store is allowed a clock; the
/// merge rule is not, it is given `now`).
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// This device's id and the next tick of its clock (saved at once: a clock never goes back,
/// even when the transaction that took it writes nothing else).
fn tick(tx: &Tx) -> Result<(Hlc, Device), StoreError> {
    let (device, clock): (Vec<u8>, i64) = tx
        .prepare_cached("SELECT device_id, clock FROM team_self")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let next = Hlc::from_db(clock).tick(now_ms());
    tx.prepare_cached("UPDATE team_self SET clock = ?1")?
        .execute([next.to_db()])?;
    Ok((next, device_of(device)?))
}

pub(super) fn device_of(bytes: Vec<u8>) -> Result<Device, StoreError> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Database("malformed device id".into()))
}

/// Writes one change as the winner of its field.
pub(super) fn put(tx: &Tx, c: &Change) -> Result<(), StoreError> {
    team_log::put_with(tx, &mut team_log::Codes::default(), c)
}

/// The fields of one entity as the change log holds them (field → JSON text).
pub fn fields_of(
    tx: &Tx,
    entity: Entity,
    id: &str,
) -> Result<BTreeMap<String, String>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT n.name, c.value FROM team_change c JOIN team_name n ON n.code = c.field
         WHERE c.entity = ?1 AND c.id = ?2",
    )?;
    let rows = st.query_map(params![entity.code(), team_log::encode_id(id)], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The ids of `entity` that start with `CONTACT/` (a person's follow-ups and activity links),
/// in the compact form (`team_log::encode_id`: 32 bytes) and any kept as text.
pub fn ids_with_prefix(tx: &Tx, entity: Entity, prefix: &str) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    if let Some((lo, hi)) = prefix.strip_suffix('/').and_then(team_log::consent_range) {
        let mut st = tx.prepare_cached(
            "SELECT DISTINCT id FROM team_change WHERE entity = ?1 AND id > ?2 AND id < ?3",
        )?;
        for id in st.query_map(params![entity.code(), lo, hi], |r| {
            team_log::decode_id(r.get_ref(0)?)
        })? {
            out.push(id?);
        }
    }
    // Text ids sort before every blob, so this range holds only text.
    let mut st = tx.prepare_cached(
        "SELECT DISTINCT id FROM team_change WHERE entity = ?1 AND id >= ?2 AND id < ?2 || char(1114111)",
    )?;
    for id in st.query_map(params![entity.code(), prefix], |r| {
        team_log::decode_id(r.get_ref(0)?)
    })? {
        out.push(id?);
    }
    out.retain(|id| id.starts_with(prefix));
    Ok(out)
}

/// Deletes every field of one entity from the change log (an activity left with nobody).
pub fn forget(tx: &Tx, entity: Entity, id: &str) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM team_change WHERE entity = ?1 AND id = ?2")?
        .execute(params![entity.code(), team_log::encode_id(id)])?;
    Ok(())
}

/// Records what differs between `now` and what the change log holds for the entity; a field that
/// is gone (an interest answered "unknown" again) is recorded as `null`.
pub fn record(
    tx: &Tx,
    entity: Entity,
    id: &str,
    now: BTreeMap<String, String>,
) -> Result<usize, StoreError> {
    let old = fields_of(tx, entity, id)?;
    let mut changed: Vec<(String, String)> = old
        .iter()
        .filter(|(f, v)| *v != "null" && !now.contains_key(*f))
        .map(|(f, _)| (f.clone(), "null".to_string()))
        .collect();
    // An answer to an interest this laptop's vocabulary lacks (it was full when the answer
    // came) is not on the contact's row, but it was not taken back either: it stays the
    // team's, whatever else this laptop edits on the contact.
    if entity == Entity::Contact && changed.iter().any(|(f, _)| f.starts_with("interest:")) {
        let here = super::purposes::interests(tx)?;
        changed.retain(|(f, _)| {
            f.strip_prefix("interest:")
                .is_none_or(|name| here.iter().any(|h| h == name))
        });
    }
    changed.extend(now.into_iter().filter(|(f, v)| old.get(f) != Some(v)));
    if changed.is_empty() {
        return Ok(0);
    }
    let (hlc, device) = tick(tx)?;
    let mut codes = team_log::Codes::default();
    for (field, value) in &changed {
        team_log::put_own(
            tx,
            &mut codes,
            &Change {
                entity,
                id: id.to_owned(),
                field: field.clone(),
                value: value.clone(),
                hlc,
                device,
            },
        )?;
    }
    Ok(changed.len())
}

/// Records a written contact (insert, rectification, restriction, objection).
pub fn contact_written(tx: &Tx, id: ContactId) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    let Some(c) = contacts::get(tx, id)? else {
        return Ok(());
    };
    let objections = super::consents::objections(tx, id)?;
    // A field present before and absent now (an interest answered "unknown" again) is
    // recorded as null by `record`: it must not stay "yes" on other laptops.
    record(
        tx,
        Entity::Contact,
        &id.to_string(),
        contact_fields(&c, &objections),
    )?;
    Ok(())
}

/// A contact's fields as the team records them: its own columns, `points` as one list,
/// `interest:NAME` per answered interest and `objection:SCOPE` per objection.
pub fn contact_fields(
    c: &Contact,
    objections: &[(ObjectionScope, Instant)],
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(Value::Object(mut obj)) = serde_json::to_value(c) else {
        return out;
    };
    obj.remove("id");
    if let Some(Value::Object(mut prefs)) = obj.remove("preferences") {
        if let Some(Value::Object(interests)) = prefs.remove("interests") {
            for (name, answer) in interests {
                out.insert(format!("interest:{name}"), answer.to_string());
            }
        }
        for (k, v) in prefs {
            out.insert(k, v.to_string());
        }
    }
    for (k, v) in obj {
        out.insert(k, v.to_string());
    }
    for (scope, at) in objections {
        out.insert(
            format!("objection:{}", scope.as_str()),
            to_db(*at).to_string(),
        );
    }
    out
}

/// A contact rebuilt from its fields, with its objections; `None` while fields are missing (a
/// later field arrived before the contact's creation: it waits for the rest).
pub fn contact_from_fields(
    id: &str,
    fields: &BTreeMap<String, String>,
) -> Option<(Contact, Vec<(ObjectionScope, Instant)>)> {
    let mut obj = Map::new();
    let mut prefs = Map::new();
    let mut interests = Map::new();
    let mut objections = Vec::new();
    for (f, v) in fields {
        let value: Value = serde_json::from_str(v).ok()?;
        if let Some(name) = f.strip_prefix("interest:") {
            if !value.is_null() {
                interests.insert(name.to_owned(), value);
            }
        } else if let Some(scope) = f.strip_prefix("objection:") {
            if let (Ok(scope), Some(at)) = (ObjectionScope::parse(scope), value.as_i64()) {
                objections.push((scope, from_db(at)));
            }
        } else if f == "channels" || f == "language" {
            prefs.insert(f.clone(), value);
        } else {
            obj.insert(f.clone(), value);
        }
    }
    prefs.insert("interests".into(), Value::Object(interests));
    obj.insert("preferences".into(), Value::Object(prefs));
    obj.insert("id".into(), Value::String(id.to_owned()));
    let contact: Contact = serde_json::from_value(Value::Object(obj)).ok()?;
    objections.sort();
    Some((contact, objections))
}

/// The team id of a local consent record (given one the first time it is asked).
pub(super) fn consent_uid(
    tx: &Tx,
    consent_id: i64,
    contact: ContactId,
) -> Result<String, StoreError> {
    if let Some(uid) = tx
        .prepare_cached("SELECT uid FROM team_consent WHERE consent_id = ?1")?
        .query_row([consent_id], |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok(uid);
    }
    let uid = format!("{contact}/{}", uuid::Uuid::new_v4().simple());
    tx.prepare_cached("INSERT INTO team_consent (consent_id, uid) VALUES (?1, ?2)")?
        .execute(params![consent_id, uid])?;
    Ok(uid)
}

/// A consent record's fields: `record` (written once) and `withdrawn_at`. The purpose goes
/// by name: local purpose ids differ between stores.
pub fn consent_fields(tx: &Tx, c: &Consent) -> Result<BTreeMap<String, String>, StoreError> {
    let purpose: String = tx
        .prepare_cached("SELECT name FROM purpose WHERE id = ?1")?
        .query_row([c.purpose.0], |r| r.get(0))?;
    let record = serde_json::json!({
        "purpose": purpose,
        "given_at": to_db(c.given_at),
        "expires_at": c.expires_at.map(to_db),
        "source": c.source,
        "wording_version": c.wording_version,
    });
    let mut out = BTreeMap::new();
    out.insert("record".into(), record.to_string());
    out.insert(
        "withdrawn_at".into(),
        serde_json::to_string(&c.withdrawn_at.map(to_db)).unwrap_or_else(|_| "null".into()),
    );
    Ok(out)
}

/// Records the consent records of a contact that changed (a new record, a withdrawal).
pub fn consents_written(tx: &Tx, contact: ContactId) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    for c in super::consents::list_for(tx, contact)? {
        let uid = consent_uid(tx, c.id, contact)?;
        let fields = consent_fields(tx, &c)?;
        record(tx, Entity::Consent, &uid, fields)?;
    }
    Ok(())
}

/// A purpose's one field: its definition without the local id.
pub fn purpose_fields(p: &Purpose) -> BTreeMap<String, String> {
    let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
    if let Value::Object(o) = &mut v {
        o.remove("id");
    }
    BTreeMap::from([("def".to_string(), v.to_string())])
}

/// Records a written purpose (added or changed; keyed by its name).
pub fn purpose_written(tx: &Tx, p: &Purpose) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    record(tx, Entity::Purpose, &p.name, purpose_fields(p))?;
    Ok(())
}

/// The key of a wording: purpose name and version.
pub fn wording_key(purpose: &str, version: &str) -> String {
    format!("{purpose}\u{1f}{version}")
}

/// Records a new consent wording.
pub fn wording_written(
    tx: &Tx,
    purpose: crate::domain::PurposeId,
    version: &str,
    text: &str,
) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    let name: String = tx
        .prepare_cached("SELECT name FROM purpose WHERE id = ?1")?
        .query_row([purpose.0], |r| r.get(0))?;
    let fields = BTreeMap::from([("text".to_string(), Value::from(text).to_string())]);
    record(tx, Entity::Wording, &wording_key(&name, version), fields)?;
    Ok(())
}

/// Records an interest of the vocabulary as it now is (added, relabelled or removed).
pub fn interest_written(tx: &Tx, name: &str) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    let label: Option<String> = tx
        .prepare_cached("SELECT label FROM interest WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    let mut fields = BTreeMap::new();
    fields.insert("removed".to_string(), label.is_none().to_string());
    if let Some(label) = label {
        fields.insert("label".to_string(), Value::from(label).to_string());
    }
    record(tx, Entity::Interest, name, fields)?;
    Ok(())
}

/// The team key (HMAC key of the shared suppression hashes), once the device was welcomed.
fn team_key(tx: &Tx) -> Result<Option<[u8; 32]>, StoreError> {
    let key: Option<Option<Vec<u8>>> = tx
        .prepare_cached("SELECT team_key FROM team_self")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(key.flatten().and_then(|k| k.try_into().ok()))
}

/// The keyed hash of a normalised email or phone under the team key.
pub fn team_hash(tx: &Tx, kind: &str, normalised: &str) -> Result<Option<[u8; 32]>, StoreError> {
    Ok(team_key(tx)?.map(|k| super::open::suppression_hash(&k, kind, normalised)))
}

/// Whether an email or phone matches a suppression hash under the team key (an erasure on
/// another laptop).
pub fn team_suppressed(tx: &Tx, kind: PointKind, normalised: &str) -> Result<bool, StoreError> {
    if !in_team(tx)? {
        return Ok(false);
    }
    let Some(hash) = team_hash(tx, kind.as_str(), normalised)? else {
        return Ok(false);
    };
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM suppression WHERE hash = ?1)")?
        .query_row([hash], |r| r.get(0))?)
}

/// Deletes every change of a contact (its fields and its consent records); only its tombstone
/// row stays. The erased person leaves the change log in the erasure's transaction.
pub(super) fn forget_contact(tx: &Tx, id: &str) -> Result<(), StoreError> {
    let (contact, consent) = (Entity::Contact.code(), Entity::Consent.code());
    tx.prepare_cached("DELETE FROM team_change WHERE entity = ?1 AND id = ?2")?
        .execute(params![contact, team_log::encode_id(id)])?;
    if let Some((lo, hi)) = team_log::consent_range(id) {
        tx.prepare_cached("DELETE FROM team_change WHERE entity = ?1 AND id > ?2 AND id < ?3")?
            .execute(params![consent, lo, hi])?;
    }
    // Consent ids that were not in the compact form stay text (a damaged or foreign id).
    tx.prepare_cached(
        "DELETE FROM team_change WHERE entity = ?1 AND id >= ?2 || '/' AND id < ?2 || '0'",
    )?
    .execute(params![consent, id])?;
    // Their follow-ups and their links to activities (`CONTACT/UID`, as consent records), and
    // the activities left with nobody (`team_everyday`).
    for entity in [Entity::FollowUp, Entity::Activity] {
        for uid in ids_with_prefix(tx, entity, &format!("{id}/"))? {
            forget(tx, entity, &uid)?;
        }
    }
    super::team_everyday::contact_forgotten(tx, id)?;
    tx.prepare_cached("UPDATE team_self SET compact_due = 1")?
        .execute([])?;
    Ok(())
}

/// Records a local erasure: the tombstone with the team-keyed hashes of the person's emails
/// and phones (taken from the change log, which still holds them), and forgets the person's
/// changes. Called by `erasure::add_tombstone`.
pub fn tombstone_written(tx: &Tx, t: &super::erasure::Tombstone) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    let mut hashes = Vec::new();
    if let Some(points) = fields_of(tx, Entity::Contact, &t.subject)?.get("points")
        && let Ok(points) = serde_json::from_str::<Vec<crate::domain::ContactPoint>>(points)
    {
        for p in points {
            let n = p.normalised();
            if n.is_empty() {
                continue;
            }
            if let Some(h) = team_hash(tx, p.kind.as_str(), &n)? {
                tx.prepare_cached("INSERT OR IGNORE INTO suppression (hash) VALUES (?1)")?
                    .execute([h])?;
                hashes.push(hex::encode(h));
            }
        }
    }
    hashes.sort();
    hashes.dedup();
    forget_contact(tx, &t.subject)?;
    let value = TombstoneValue {
        erased_at: to_db(t.erased_at),
        reason: t.reason.clone(),
        requested_by: t.requested_by.clone(),
        hashes,
    };
    let fields = BTreeMap::from([(
        "erased".to_string(),
        serde_json::to_string(&value).unwrap_or_default(),
    )]);
    record(tx, Entity::Tombstone, &t.subject, fields)?;
    Ok(())
}

/// Records everything the store holds as changes of this device: the store's data becomes the
/// team's (at `team create`), or merges into it (at `team join`, a laptop that held contacts).
pub fn record_everything(tx: &Tx) -> Result<usize, StoreError> {
    resume(tx);
    for p in super::purposes::list(tx)? {
        purpose_written(tx, &p)?;
        for (version, text) in super::purposes::wordings(tx, p.id)? {
            wording_written(tx, p.id, &version, &text)?;
        }
    }
    for name in super::purposes::interests(tx)? {
        interest_written(tx, &name)?;
    }
    let ids = contacts::all_ids(tx)?;
    for id in &ids {
        contact_written(tx, *id)?;
        consents_written(tx, *id)?;
    }
    let mut st =
        tx.prepare_cached("SELECT subject, erased_at, reason, requested_by FROM tombstone")?;
    let stones: Vec<super::erasure::Tombstone> = st
        .query_map([], |r| {
            Ok(super::erasure::Tombstone {
                subject: r.get(0)?,
                erased_at: from_db(r.get(1)?),
                reason: r.get(2)?,
                requested_by: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    for t in &stones {
        tombstone_written(tx, t)?;
    }
    super::team_everyday::record_everything(tx)?;
    Ok(ids.len())
}
