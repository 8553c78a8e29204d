//! Applying the team's everyday changes (issue 12): organisations, activities, their links
//! and follow-ups, the outcome and industry vocabularies and the requests register are brought
//! up to date with their merged fields, after the contacts of the batch (`store::team::apply`
//! dispatches here). Rows that wait for a person not here yet (an activity with none of its
//! people, a follow-up without its person) are written when that person arrives. Recording
//! and the uids are in `team_everyday`.

use super::changes::{self, fields_of};
use super::team_everyday::{get, local_of, map, now, set_link, uid_of};
use super::time::{from_db, to_db};
use super::{StoreError, Tx};
use crate::domain::ContactId;
use crate::domain::activity::{FollowUpState, Kind, Outcome};
use crate::domain::organisation::{Organisation, OrganisationId};
use crate::domain::request::{
    ExtendReason, Kind as RequestKind, Outcome as RequestOutcome, RefuseReason, Request, Status,
    VerifyMethod, Via,
};
use crate::team::change::Entity;
use serde_json::Value;
use std::collections::BTreeSet;

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
    if let (Some(label), Some(e)) = (&label, &here)
        && *label != e.outcome.label
    {
        // A new label with the state in one round (relabelled, then retired): both apply.
        // Refused when another outcome has that label here: this one keeps its own.
        let _ = super::outcomes::rename(tx, code, label);
    }
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
        (Some("offered"), Some(e)) if e.retired => super::outcomes::restore(tx, code)?,
        _ => {}
    }
    Ok(())
}

/// An industry of the team's vocabulary from its fields, as outcomes: taken out here is
/// deleted when unused, retired when organisations have it; offered again is restored. A
/// change from before industries had a state (label only) means offered.
pub fn materialize_industry(tx: &Tx, code: &str) -> Result<(), StoreError> {
    let f = fields_of(tx, Entity::Industry, code)?;
    let label = get::<String>(&f, "label");
    let state = get::<String>(&f, "state").or_else(|| label.as_ref().map(|_| "offered".into()));
    let here = super::industries::vocabulary(tx)?
        .into_iter()
        .find(|e| e.code == code);
    if let (Some(label), Some(e)) = (&label, &here)
        && *label != e.label
    {
        // Refused when another industry has that label here: this one keeps its own.
        let _ = super::industries::rename(tx, code, label);
    }
    match (state.as_deref(), here) {
        (Some("taken_out"), Some(e)) if !e.retired => {
            super::industries::take_out(tx, code, now())?;
        }
        (Some("offered"), None) => {
            if let Some(label) = label {
                // A label another industry has here: the vocabulary stays as it is.
                let _ = super::industries::add(tx, code, &label);
            }
        }
        (Some("offered"), Some(e)) if e.retired => super::industries::restore(tx, code)?,
        _ => {}
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
