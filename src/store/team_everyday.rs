//! The everyday tables in a team (issue 12): organisations, activities, follow-ups, the
//! outcome and industry vocabularies and the requests register, recorded as changes in the
//! transaction of every write (through `changes::record`) and materialised from the merged
//! winners (`store::team::apply` dispatches here). Local row ids differ between laptops, so
//! the team knows rows by random uids (`team_ref`, migrations/0016); a person's link to an
//! activity and a follow-up are keyed `CONTACT/UID`, so they die with the person's tombstone,
//! and `team_link` says which people an activity links (rebuilding it, and dropping the
//! activities an erasure leaves with nobody, as the local erasure does). Applying the merged
//! winners is in `team_everyday_apply`.

use super::changes::{self, recording};
use super::time::to_db;
use super::{StoreError, Tx};
use crate::domain::Instant;
use crate::domain::organisation::OrganisationId;
use crate::team::change::Entity;
use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub use super::team_everyday_apply::{
    Pending, canonical_lines, materialize, materialize_industry, materialize_organisation,
    materialize_outcome,
};

pub(super) fn now() -> Instant {
    chrono::Utc::now()
}

/// The uid of a local row, if it has one.
pub fn uid_of(tx: &Tx, entity: Entity, local: i64) -> Result<Option<String>, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT uid FROM team_ref WHERE entity = ?1 AND local_id = ?2 ORDER BY uid",
        )?
        .query_row(params![entity.as_str(), local], |r| r.get(0))
        .optional()?)
}

/// The local row a uid stands for, if it is here.
pub fn local_of(tx: &Tx, entity: Entity, uid: &str) -> Result<Option<i64>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT local_id FROM team_ref WHERE entity = ?1 AND uid = ?2")?
        .query_row(params![entity.as_str(), uid], |r| r.get(0))
        .optional()?)
}

pub(super) fn map(tx: &Tx, entity: Entity, uid: &str, local: i64) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO team_ref (entity, uid, local_id) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![entity.as_str(), uid, local])?;
    Ok(())
}

/// The uid of a local row, given one the first time it is asked (`prefix`: `CONTACT/`).
fn ensure_uid(tx: &Tx, entity: Entity, local: i64, prefix: &str) -> Result<String, StoreError> {
    if let Some(uid) = uid_of(tx, entity, local)? {
        return Ok(uid);
    }
    let uid = format!("{prefix}{}", uuid::Uuid::new_v4().simple());
    map(tx, entity, &uid, local)?;
    Ok(uid)
}

fn fields(pairs: impl IntoIterator<Item = (&'static str, Value)>) -> BTreeMap<String, String> {
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub(super) fn get<T: serde::de::DeserializeOwned>(
    f: &BTreeMap<String, String>,
    name: &str,
) -> Option<T> {
    f.get(name).and_then(|v| serde_json::from_str(v).ok())
}

// ---- recording (local writes) ----

/// Records an added or edited organisation.
pub fn organisation_written(tx: &Tx, id: i64) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    let Some(o) = super::organisations::get(tx, OrganisationId(id))? else {
        return Ok(());
    };
    let uid = ensure_uid(tx, Entity::Organisation, id, "")?;
    let explicit = super::organisations::is_explicit(tx, id)?;
    changes::record(
        tx,
        Entity::Organisation,
        &uid,
        fields([
            ("name", Value::from(o.name)),
            ("org_number", Value::from(o.org_number)),
            ("industry", Value::from(o.industry)),
            ("address", Value::from(o.address)),
            ("web", Value::from(o.web)),
            ("explicit", Value::from(explicit)),
        ]),
    )?;
    Ok(())
}

/// The organisation an activity refers to, by uid and name (recorded if it never was).
fn organisation_ref(tx: &Tx, id: i64) -> Result<Value, StoreError> {
    let Some(o) = super::organisations::get(tx, OrganisationId(id))? else {
        return Ok(Value::Null);
    };
    let uid = match uid_of(tx, Entity::Organisation, id)? {
        Some(uid) => uid,
        None => {
            organisation_written(tx, id)?;
            ensure_uid(tx, Entity::Organisation, id, "")?
        }
    };
    Ok(json!({ "uid": uid, "name": o.name }))
}

/// Records a logged activity: its own fields, and each person's link to it.
pub fn activity_written(tx: &Tx, id: i64) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    let Some(a) = super::activities::stored(tx, id)? else {
        return Ok(());
    };
    let uid = ensure_uid(tx, Entity::Activity, id, "")?;
    let organisation = match a.organisation {
        Some(o) => organisation_ref(tx, o)?,
        None => Value::Null,
    };
    changes::record(
        tx,
        Entity::Activity,
        &uid,
        fields([
            ("kind", Value::from(a.kind.code())),
            ("day", Value::from(to_db(a.day))),
            ("organisation", organisation),
            ("purpose", a.purpose.map_or(Value::Null, Value::from)),
            (
                "outcome",
                json!({ "code": a.outcome.code, "label": a.outcome.label }),
            ),
        ]),
    )?;
    for person in a.people {
        let person = person.to_string();
        changes::record(
            tx,
            Entity::Activity,
            &format!("{person}/{uid}"),
            fields([("link", Value::from(true))]),
        )?;
        set_link(tx, &uid, &person, true)?;
    }
    Ok(())
}

pub(super) fn set_link(tx: &Tx, activity: &str, contact: &str, on: bool) -> Result<(), StoreError> {
    let sql = if on {
        "INSERT OR IGNORE INTO team_link (activity, contact) VALUES (?1, ?2)"
    } else {
        "DELETE FROM team_link WHERE activity = ?1 AND contact = ?2"
    };
    tx.prepare_cached(sql)?.execute([activity, contact])?;
    Ok(())
}

/// Records a planned, moved or closed follow-up.
pub fn follow_up_written(tx: &Tx, id: i64) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    let Some(f) = super::activities::follow_up(tx, id)? else {
        return Ok(());
    };
    let uid = ensure_uid(tx, Entity::FollowUp, id, &format!("{}/", f.contact))?;
    let activity = match f.activity {
        Some(a) => match uid_of(tx, Entity::Activity, a)? {
            Some(u) => Value::from(u),
            None => {
                activity_written(tx, a)?;
                uid_of(tx, Entity::Activity, a)?.map_or(Value::Null, Value::from)
            }
        },
        None => Value::Null,
    };
    changes::record(
        tx,
        Entity::FollowUp,
        &uid,
        fields([
            ("kind", Value::from(f.kind.code())),
            ("due", Value::from(to_db(f.due_on))),
            ("state", Value::from(f.state.code())),
            ("activity", activity),
        ]),
    )?;
    Ok(())
}

/// Records an outcome of the vocabulary as it now is (added, relabelled, taken out, offered
/// again).
pub fn outcome_written(tx: &Tx, code: &str) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    let entry = super::outcomes::vocabulary(tx)?
        .into_iter()
        .find(|e| e.outcome.code == code);
    let f = match entry {
        Some(e) if !e.retired => fields([
            ("label", Value::from(e.outcome.label)),
            ("state", Value::from("offered")),
        ]),
        Some(e) => fields([
            ("label", Value::from(e.outcome.label)),
            ("state", Value::from("taken_out")),
        ]),
        None => fields([("state", Value::from("taken_out"))]),
    };
    changes::record(tx, Entity::Outcome, code, f)?;
    Ok(())
}

/// Records an industry of the vocabulary as it now is (the seeded one at `team create`; the
/// Settings editor calls this after each change).
pub fn industry_written(tx: &Tx, code: &str) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    // Label and state, as outcomes: a retired or removed industry is "taken_out" everywhere.
    let entry = super::industries::vocabulary(tx)?
        .into_iter()
        .find(|e| e.code == code);
    let f = match entry {
        Some(e) => fields([
            ("label", Value::from(e.label)),
            (
                "state",
                Value::from(if e.retired { "taken_out" } else { "offered" }),
            ),
        ]),
        None => fields([("state", Value::from("taken_out"))]),
    };
    changes::record(tx, Entity::Industry, code, f)?;
    Ok(())
}

/// Records a registered or changed data-subject request (the register is the firm's, not the
/// person's: it names them only by the random id the tombstone keeps).
pub fn request_written(tx: &Tx, id: i64) -> Result<(), StoreError> {
    if !recording(tx)? {
        return Ok(());
    }
    let Some(q) = super::requests::get(tx, id)? else {
        return Ok(());
    };
    let uid = ensure_uid(tx, Entity::Request, id, "")?;
    let Ok(Value::Object(mut obj)) = serde_json::to_value(&q) else {
        return Ok(());
    };
    obj.remove("id");
    let f = obj.into_iter().map(|(k, v)| (k, v.to_string())).collect();
    changes::record(tx, Entity::Request, &uid, f)?;
    Ok(())
}

/// Records every everyday row (a store creating or joining a team).
pub fn record_everything(tx: &Tx) -> Result<(), StoreError> {
    for e in super::industries::vocabulary(tx)? {
        industry_written(tx, &e.code)?;
    }
    for e in super::outcomes::vocabulary(tx)? {
        outcome_written(tx, &e.outcome.code)?;
    }
    for o in super::organisations::all(tx)? {
        organisation_written(tx, o.id.0)?;
    }
    let (activities, follow_ups) = super::activities::all_ids(tx)?;
    for id in activities {
        activity_written(tx, id)?;
    }
    for id in follow_ups {
        follow_up_written(tx, id)?;
    }
    for q in super::requests::list(tx)? {
        request_written(tx, q.id)?;
    }
    Ok(())
}

/// After the change log forgot a person (their follow-ups and links went with their fields):
/// forgets the ids that pointed at them and the activities they leave with nobody, which the
/// local erasure deletes too.
pub(super) fn contact_forgotten(tx: &Tx, contact: &str) -> Result<(), StoreError> {
    let activities: Vec<String> = tx
        .prepare_cached("SELECT activity FROM team_link WHERE contact = ?1")?
        .query_map([contact], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    tx.prepare_cached("DELETE FROM team_link WHERE contact = ?1")?
        .execute([contact])?;
    for a in activities {
        let left: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM team_link WHERE activity = ?1)")?
            .query_row([&a], |r| r.get(0))?;
        if !left {
            changes::forget(tx, Entity::Activity, &a)?;
            tx.prepare_cached("DELETE FROM team_ref WHERE entity = 'activity' AND uid = ?1")?
                .execute([&a])?;
        }
    }
    tx.prepare_cached(
        "DELETE FROM team_ref WHERE entity = 'follow_up' AND uid >= ?1 || '/' AND uid < ?1 || '0'",
    )?
    .execute([contact])?;
    Ok(())
}

/// Whether this store joined its team before the everyday rows synced (migration 0016 set the
/// flag): true once, and the flag is gone; the caller records them in the same transaction.
pub fn take_unrecorded(tx: &Tx) -> Result<bool, StoreError> {
    let n = tx
        .prepare_cached("DELETE FROM meta WHERE key = 'team_everyday_unrecorded'")?
        .execute([])?;
    Ok(n > 0)
}
