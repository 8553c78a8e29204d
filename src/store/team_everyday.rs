//! The everyday tables in a team (issue 12): organisations, activities, follow-ups, the
//! outcome and industry vocabularies and the requests register, recorded as changes in the
//! transaction of every write (through `changes::record`) and materialised from the merged
//! winners (`store::team::apply` dispatches here). Local row ids differ between laptops, so
//! the team knows rows by random uids (`team_ref`, migrations/0016); a person's link to an
//! activity and a follow-up are keyed `CONTACT/UID`, so they die with the person's tombstone,
//! and `team_link` says which people an activity links (rebuilding it, and dropping the
//! activities an erasure leaves with nobody, as the local erasure does).

use super::changes::{self, fields_of, recording};
use super::time::{from_db, to_db};
use super::{StoreError, Tx};
use crate::domain::activity::{FollowUpState, Kind, Outcome};
use crate::domain::organisation::{Organisation, OrganisationId};
use crate::domain::request::{
    ExtendReason, Kind as RequestKind, Outcome as RequestOutcome, RefuseReason, Request, Status,
    VerifyMethod, Via,
};
use crate::domain::{ContactId, Instant};
use crate::team::change::Entity;
use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

fn now() -> Instant {
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

fn map(tx: &Tx, entity: Entity, uid: &str, local: i64) -> Result<(), StoreError> {
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

fn get<T: serde::de::DeserializeOwned>(f: &BTreeMap<String, String>, name: &str) -> Option<T> {
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

fn set_link(tx: &Tx, activity: &str, contact: &str, on: bool) -> Result<(), StoreError> {
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
    let label = super::organisations::industries(tx)?
        .into_iter()
        .find(|(c, _)| c == code)
        .map(|(_, l)| l);
    let f = match label {
        Some(l) => fields([("label", Value::from(l))]),
        None => fields([]),
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
    for (code, _) in super::organisations::industries(tx)? {
        industry_written(tx, &code)?;
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

// ---- materialising (remote winners) ----

/// What `store::team::apply` collected of the new entities in one batch.
#[derive(Default)]
pub struct Pending {
    pub activities: BTreeSet<String>,
    pub follow_ups: BTreeSet<String>,
    pub requests: BTreeSet<String>,
}

impl Pending {
    /// Notes a written change of an entity materialised after the contacts.
    pub fn note(&mut self, entity: Entity, id: &str) {
        match entity {
            Entity::Activity => {
                self.activities.insert(id.to_owned());
            }
            Entity::FollowUp => {
                self.follow_ups.insert(id.to_owned());
            }
            Entity::Request => {
                self.requests.insert(id.to_owned());
            }
            _ => {}
        }
    }
}

/// Brings activities, follow-ups and requests up to date with their fields, after the
/// contacts of the batch; `arrived`: contacts new here, whose links and follow-ups may have
/// waited for them.
pub fn materialize(tx: &Tx, p: &Pending, arrived: &[String]) -> Result<(), StoreError> {
    let mut activities = BTreeSet::new();
    for id in &p.activities {
        match id.split_once('/') {
            Some((contact, uid)) => {
                let on = get::<bool>(&fields_of(tx, Entity::Activity, id)?, "link") == Some(true);
                set_link(tx, uid, contact, on)?;
                activities.insert(uid.to_owned());
            }
            None => {
                activities.insert(id.clone());
            }
        }
    }
    let mut follow_ups = p.follow_ups.clone();
    for contact in arrived {
        let mut st = tx.prepare_cached("SELECT activity FROM team_link WHERE contact = ?1")?;
        for a in st.query_map([contact], |r| r.get::<_, String>(0))? {
            activities.insert(a?);
        }
        follow_ups.extend(changes::ids_with_prefix(
            tx,
            Entity::FollowUp,
            &format!("{contact}/"),
        )?);
    }
    for uid in &activities {
        materialize_activity(tx, uid)?;
    }
    for uid in &follow_ups {
        materialize_follow_up(tx, uid)?;
    }
    for uid in &p.requests {
        materialize_request(tx, uid)?;
    }
    Ok(())
}

fn contact_seq(tx: &Tx, id: &str) -> Result<Option<i64>, StoreError> {
    let Ok(id) = ContactId::parse(id) else {
        return Ok(None);
    };
    match super::contacts::seq(tx, id) {
        Ok(s) => Ok(Some(s)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The local organisation an activity's `{uid, name}` stands for: by uid, else by name
/// (linked, as a person's organisation text is, and the uid mapped to it).
fn organisation_of(tx: &Tx, v: &Value) -> Result<Option<i64>, StoreError> {
    let (Some(uid), Some(name)) = (v["uid"].as_str(), v["name"].as_str()) else {
        return Ok(None);
    };
    if let Some(id) = local_of(tx, Entity::Organisation, uid)?
        && super::organisations::get(tx, OrganisationId(id))?.is_some()
    {
        return Ok(Some(id));
    }
    let Ok(Some((id, _))) = super::organisations::link(tx, name, now()) else {
        return Ok(None);
    };
    map(tx, Entity::Organisation, uid, id)?;
    Ok(Some(id))
}

/// The local id of an outcome code, added to the vocabulary when this laptop lacks it (an
/// activity logged with it elsewhere; its own change brings its state).
fn outcome_of(tx: &Tx, v: &Value) -> Result<Option<i64>, StoreError> {
    let Some(code) = v["code"].as_str() else {
        return Ok(None);
    };
    if let Some(id) = super::activities::outcome_id(tx, code)? {
        return Ok(Some(id));
    }
    let label = v["label"].as_str().unwrap_or(code);
    let o = Outcome {
        code: code.to_owned(),
        label: label.to_owned(),
    };
    if super::activities::add_outcome(tx, &o).is_err() {
        return Ok(None);
    }
    materialize_outcome(tx, code)?;
    super::activities::outcome_id(tx, code)
}

fn materialize_activity(tx: &Tx, uid: &str) -> Result<(), StoreError> {
    let f = fields_of(tx, Entity::Activity, uid)?;
    let (Some(kind), Some(day), Some(outcome)) = (
        get::<i64>(&f, "kind").and_then(Kind::from_code),
        get::<i64>(&f, "day"),
        get::<Value>(&f, "outcome"),
    ) else {
        return Ok(()); // waits for the rest of its fields
    };
    let contacts: Vec<String> = tx
        .prepare_cached("SELECT contact FROM team_link WHERE activity = ?1 ORDER BY contact")?
        .query_map([uid], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut people = Vec::new();
    for c in &contacts {
        if let Some(seq) = contact_seq(tx, c)? {
            people.push(seq);
        }
    }
    let here = match local_of(tx, Entity::Activity, uid)? {
        Some(id) if super::activities::stored(tx, id)?.is_some() => Some(id),
        _ => None,
    };
    if here.is_none() && people.is_empty() {
        return Ok(()); // waits for one of its people (and adds nothing meanwhile)
    }
    let Some(outcome) = outcome_of(tx, &outcome)? else {
        return Ok(());
    };
    let organisation = match get::<Value>(&f, "organisation") {
        Some(v) if !v.is_null() => organisation_of(tx, &v)?,
        _ => None,
    };
    let purpose = match get::<String>(&f, "purpose") {
        Some(name) => super::purposes::by_name(tx, &name)?.map(|p| p.id.0),
        None => None,
    };
    let new = super::activities::NewActivity {
        kind,
        day: from_db(day),
        people: people.clone(),
        organisation,
        purpose,
        outcome,
    };
    match here {
        None => {
            let id = super::activities::insert(tx, &new, now())?;
            map(tx, Entity::Activity, uid, id)?;
        }
        Some(id) => {
            let before = super::activities::stored(tx, id)?.and_then(|a| a.organisation);
            super::activities::set_fields(tx, id, &new)?;
            if before != organisation {
                super::organisations::prune(tx, before)?;
            }
            for seq in people {
                super::activities::link_person(tx, id, seq)?;
            }
        }
    }
    Ok(())
}

fn materialize_follow_up(tx: &Tx, uid: &str) -> Result<(), StoreError> {
    let Some((contact, _)) = uid.split_once('/') else {
        return Ok(());
    };
    let Some(seq) = contact_seq(tx, contact)? else {
        return Ok(()); // waits for its person
    };
    let f = fields_of(tx, Entity::FollowUp, uid)?;
    let (Some(kind), Some(due), Some(state)) = (
        get::<i64>(&f, "kind").and_then(Kind::from_code),
        get::<i64>(&f, "due"),
        get::<i64>(&f, "state"),
    ) else {
        return Ok(());
    };
    let state = FollowUpState::from_code(state);
    let here = match local_of(tx, Entity::FollowUp, uid)? {
        Some(id) if super::activities::follow_up(tx, id)?.is_some() => Some(id),
        _ => None,
    };
    let activity = match get::<String>(&f, "activity") {
        Some(a) => match local_of(tx, Entity::Activity, &a)? {
            Some(id) if super::activities::stored(tx, id)?.is_some() => Some(id),
            _ => None,
        },
        None => None,
    };
    let id = match here {
        Some(id) => id,
        None => {
            let id =
                super::activities::insert_follow_up(tx, seq, activity, kind, from_db(due), now())?;
            map(tx, Entity::FollowUp, uid, id)?;
            id
        }
    };
    // The activity it came from may have arrived after it (it waited for its people).
    super::activities::set_follow_up(tx, id, (kind, from_db(due), state), activity, now())
}

/// An organisation from its fields: found by uid, else by name (the same firm added on two
/// laptops becomes one), else added. A new name that another organisation here has already
/// is not taken (names are unique per store); the other fields are.
pub fn materialize_organisation(tx: &Tx, uid: &str) -> Result<(), StoreError> {
    let mut f = fields_of(tx, Entity::Organisation, uid)?;
    let Some(mut name) = get::<String>(&f, "name") else {
        return Ok(());
    };
    let explicit = get::<bool>(&f, "explicit").unwrap_or(false);
    let industries = super::organisations::industries(tx)?;
    let here = match local_of(tx, Entity::Organisation, uid)? {
        Some(id) => super::organisations::get(tx, OrganisationId(id))?,
        None => None,
    };
    let here = match here {
        Some(o) => Some(o),
        None => match super::organisations::id_by_name(tx, &name)? {
            Some(id) => {
                map(tx, Entity::Organisation, uid, id.0)?;
                super::organisations::get(tx, id)?
            }
            None => None,
        },
    };
    // The same firm added on two laptops has two uids here: the lowest one's fields are the
    // organisation's on every laptop (and this laptop's edits go to it, `uid_of`), whatever
    // order they came in.
    if let Some(o) = &here
        && let Some(canon) = uid_of(tx, Entity::Organisation, o.id.0)?
        && canon != uid
    {
        let theirs = fields_of(tx, Entity::Organisation, &canon)?;
        if let Some(n) = get::<String>(&theirs, "name") {
            name = n;
            f = theirs;
        }
    }
    let explicit = explicit || get::<bool>(&f, "explicit").unwrap_or(false);
    let industry = get::<String>(&f, "industry")
        .filter(|c| industries.iter().any(|(code, _)| code == c))
        .unwrap_or_default();
    let mut org = Organisation {
        id: OrganisationId(0),
        name: name.clone(),
        org_number: get(&f, "org_number").unwrap_or_default(),
        industry,
        address: get(&f, "address").unwrap_or_default(),
        web: get(&f, "web").unwrap_or_default(),
    };
    match here {
        None if explicit => {
            let id = super::organisations::insert(tx, &org, now())?;
            map(tx, Entity::Organisation, uid, id.0)?;
        }
        // Only a person's typed text made it: it exists here when a person or an activity
        // here names it (they link it), never on its own.
        None => {}
        Some(old) => {
            org.id = old.id;
            if let Some(other) = super::organisations::id_by_name(tx, &name)?
                && other != old.id
            {
                org.name = old.name.clone();
            }
            if explicit && org != old {
                super::organisations::update(tx, &org, now())?;
            }
        }
    }
    Ok(())
}

/// An outcome of the team's vocabulary from its fields.
pub fn materialize_outcome(tx: &Tx, code: &str) -> Result<(), StoreError> {
    let f = fields_of(tx, Entity::Outcome, code)?;
    let state = get::<String>(&f, "state");
    let label = get::<String>(&f, "label");
    let here = super::outcomes::vocabulary(tx)?
        .into_iter()
        .find(|e| e.outcome.code == code);
    match (state.as_deref(), here) {
        (Some("taken_out"), Some(e)) if !e.retired => {
            super::outcomes::take_out(tx, code, now())?;
        }
        (Some("offered"), None) => {
            let Some(label) = label else { return Ok(()) };
            let o = Outcome {
                code: code.to_owned(),
                label,
            };
            // A label another outcome here has: the vocabulary stays as it is.
            let _ = super::activities::add_outcome(tx, &o);
        }
        (Some("offered"), Some(e)) => {
            if e.retired {
                super::outcomes::restore(tx, code)?;
            }
            if let Some(label) = label
                && label != e.outcome.label
            {
                // Refused when another outcome has that label here: this one keeps its own.
                let _ = super::outcomes::rename(tx, code, &label);
            }
        }
        _ => {}
    }
    Ok(())
}

/// An industry of the team's vocabulary from its fields.
pub fn materialize_industry(tx: &Tx, code: &str) -> Result<(), StoreError> {
    let f = fields_of(tx, Entity::Industry, code)?;
    if let Some(label) = get::<String>(&f, "label") {
        super::organisations::put_industry(tx, code, &label)?;
    }
    Ok(())
}

fn materialize_request(tx: &Tx, uid: &str) -> Result<(), StoreError> {
    let f = fields_of(tx, Entity::Request, uid)?;
    let code = |name: &str| get::<String>(&f, name);
    let date = |name: &str| {
        code(name).and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
    };
    let (Some(kind), Some(via), Some(received_on), Some(status)) = (
        code("kind").and_then(|k| RequestKind::parse(&k)),
        code("via").and_then(|k| Via::parse(&k)),
        date("received_on"),
        code("status").and_then(|k| Status::parse(&k)),
    ) else {
        return Ok(()); // damaged or incomplete: waits
    };
    let mut q = Request {
        id: 0,
        kind,
        via,
        subject: code("subject"),
        received_on,
        status,
        paused_since: date("paused_since"),
        paused_days: get(&f, "paused_days").unwrap_or(0),
        verify_method: code("verify_method").and_then(|k| VerifyMethod::parse(&k)),
        extended_on: date("extended_on"),
        extend_reason: code("extend_reason").and_then(|k| ExtendReason::parse(&k)),
        refuse_reason: code("refuse_reason").and_then(|k| RefuseReason::parse(&k)),
        outcome: code("outcome").and_then(|k| RequestOutcome::parse(&k)),
        closed_on: date("closed_on"),
    };
    q.id = match local_of(tx, Entity::Request, uid)? {
        Some(id) if super::requests::get(tx, id)?.is_some() => id,
        _ => {
            let id = super::requests::insert(tx, &q)?;
            map(tx, Entity::Request, uid, id)?;
            id
        }
    };
    super::requests::save(tx, &q)
}

/// The everyday rows as a canonical text (tests compare replicas with it): organisations by
/// name, activities by uid with their people, follow-ups by uid, outcomes, requests by uid.
pub fn canonical_lines(tx: &Tx) -> Result<Vec<String>, StoreError> {
    let mut lines = Vec::new();
    for o in super::organisations::all(tx)? {
        lines.push(format!(
            "organisation {} {} {} {} {}",
            o.name, o.org_number, o.industry, o.address, o.web
        ));
    }
    let (activities, follow_ups) = super::activities::all_ids(tx)?;
    for id in activities {
        let Some(a) = super::activities::stored(tx, id)? else {
            continue;
        };
        let uid = uid_of(tx, Entity::Activity, id)?.unwrap_or_else(|| format!("local-{id}"));
        let mut people: Vec<String> = a.people.iter().map(|p| p.to_string()).collect();
        people.sort();
        let org = a
            .organisation
            .and_then(|o| {
                super::organisations::get(tx, OrganisationId(o))
                    .ok()
                    .flatten()
            })
            .map(|o| o.name);
        lines.push(format!(
            "activity {uid} {} {} {org:?} {:?} {} {}",
            a.kind.code(),
            to_db(a.day),
            a.purpose,
            a.outcome.code,
            people.join(",")
        ));
    }
    for id in follow_ups {
        let Some(f) = super::activities::follow_up(tx, id)? else {
            continue;
        };
        let uid = uid_of(tx, Entity::FollowUp, id)?.unwrap_or_else(|| format!("local-{id}"));
        lines.push(format!(
            "follow_up {uid} {} {} {}",
            f.kind.code(),
            to_db(f.due_on),
            f.state.code()
        ));
    }
    for e in super::outcomes::vocabulary(tx)? {
        lines.push(format!(
            "outcome {} {} {}",
            e.outcome.code, e.outcome.label, e.retired
        ));
    }
    for q in super::requests::list(tx)? {
        let uid = uid_of(tx, Entity::Request, q.id)?.unwrap_or_else(|| format!("local-{}", q.id));
        let mut v = serde_json::to_value(&q).unwrap_or(Value::Null);
        if let Value::Object(o) = &mut v {
            o.remove("id");
        }
        lines.push(format!("request {uid} {v}"));
    }
    Ok(lines)
}
