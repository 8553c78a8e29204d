//! Activities, their people, the outcome vocabulary and follow-ups (migrations/0009, laid out
//! by 0015). An activity is one row per person who took part, the rows of one activity next to
//! each other under (organisation, day, number): erasing a person deletes their rows, and an
//! activity left with nobody has none left. Logging an activity moves each person's
//! `last_contacted_at` forward in the same transaction: that is the last activity retention
//! counts from.

use super::contacts::id_from_sql;
use super::time::{from_db, opt_from_db, to_db};
use super::{StoreError, Tx};
use crate::domain::activity::{Activity, FollowUp, FollowUpState, Kind, Outcome};
use crate::domain::{ContactId, Instant};
use rusqlite::{OptionalExtension, params};

/// The outcome vocabulary offered when logging (retired ones left out), in the order it was
/// made.
pub fn outcomes(tx: &Tx) -> Result<Vec<Outcome>, StoreError> {
    let mut st =
        tx.prepare_cached("SELECT code, label FROM outcome WHERE retired_at IS NULL ORDER BY id")?;
    let rows = st.query_map([], |r| {
        Ok(Outcome {
            code: r.get(0)?,
            label: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The row id of an outcome of the vocabulary.
pub fn outcome_id(tx: &Tx, code: &str) -> Result<Option<i64>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT id FROM outcome WHERE code = ?1")?
        .query_row([code.trim()], |r| r.get(0))
        .optional()?)
}

/// The row id of an outcome that may be logged (not retired).
pub fn usable_outcome_id(tx: &Tx, code: &str) -> Result<Option<i64>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT id FROM outcome WHERE code = ?1 AND retired_at IS NULL")?
        .query_row([code.trim()], |r| r.get(0))
        .optional()?)
}

pub fn add_outcome(tx: &Tx, o: &Outcome) -> Result<(), StoreError> {
    if outcome_id(tx, &o.code)?.is_some() {
        return Err(StoreError::Invalid(
            "that outcome is in the vocabulary already".into(),
        ));
    }
    tx.prepare_cached("INSERT INTO outcome (code, label) VALUES (?1, ?2)")?
        .execute(params![o.code, o.label])?;
    super::team_everyday::outcome_written(tx, &o.code)
}

/// Removes an outcome no activity uses; one in use stays (its label is what exports show).
pub fn remove_outcome(tx: &Tx, code: &str) -> Result<(), StoreError> {
    let id = outcome_id(tx, code)?.ok_or_else(|| {
        StoreError::Invalid("that outcome is not in the vocabulary: see `rapport outcomes`".into())
    })?;
    let used: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM activity WHERE outcome_id = ?1)")?
        .query_row([id], |r| r.get(0))?;
    if used {
        return Err(StoreError::Invalid(
            "that outcome is used by logged activities, so it stays in the vocabulary".into(),
        ));
    }
    tx.prepare_cached("DELETE FROM outcome WHERE id = ?1")?
        .execute([id])?;
    super::team_everyday::outcome_written(tx, code.trim())
}

/// A new activity, with the row numbers of its people.
pub struct NewActivity {
    pub kind: Kind,
    pub day: Instant,
    pub people: Vec<i64>,
    pub organisation: Option<i64>,
    pub purpose: Option<i64>,
    pub outcome: i64,
}

/// Inserts an activity (one row per person) and moves its people's last activity forward;
/// returns its number.
pub fn insert(tx: &Tx, a: &NewActivity, now: Instant) -> Result<i64, StoreError> {
    let id: i64 = tx
        .prepare_cached(
            "UPDATE counter SET value = value + 1 WHERE name = 'activity_ids' RETURNING value",
        )?
        .query_row([], |r| r.get(0))?;
    let mut row = tx.prepare_cached(
        "INSERT OR IGNORE INTO activity (organisation_id, happened_at, id, contact_seq, kind,
                                         purpose_id, outcome_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut moved = tx.prepare_cached(
        "UPDATE contact SET last_contacted_at = max(coalesce(last_contacted_at, ?2), ?2) WHERE seq = ?1",
    )?;
    for seq in &a.people {
        row.execute(params![
            a.organisation.unwrap_or(NO_ORGANISATION),
            to_db(a.day),
            id,
            seq,
            a.kind.code(),
            a.purpose,
            a.outcome,
            to_db(now)
        ])?;
        moved.execute(params![seq, to_db(a.day)])?;
    }
    super::team_everyday::activity_written(tx, id)?;
    Ok(id)
}

/// The `organisation_id` of an activity logged without one (the column is part of the key).
const NO_ORGANISATION: i64 = 0;

/// An activity as its rows hold it (what the team records of it).
pub struct Stored {
    pub kind: Kind,
    pub day: Instant,
    pub organisation: Option<i64>,
    pub purpose: Option<String>,
    pub outcome: Outcome,
    pub people: Vec<ContactId>,
}

/// A store in a team finds activities by number (the team knows them by uid, `team_ref` →
/// number): an index a solo store does not pay for, made when the store joins a team and at
/// every sync round (`CREATE INDEX IF NOT EXISTS` is a no-op once it is there).
pub fn index_by_number(tx: &Tx) -> Result<(), StoreError> {
    tx.execute_batch("CREATE INDEX IF NOT EXISTS activity_by_number ON activity (id)")?;
    Ok(())
}

/// One activity, if a row of it exists.
pub fn stored(tx: &Tx, id: i64) -> Result<Option<Stored>, StoreError> {
    let row = tx
        .prepare_cached(
            "SELECT a.kind, a.happened_at, nullif(a.organisation_id, 0), p.name, x.code, x.label FROM activity a
             JOIN outcome x ON x.id = a.outcome_id LEFT JOIN purpose p ON p.id = a.purpose_id
             WHERE a.id = ?1 LIMIT 1",
        )?
        .query_row([id], |r| {
            Ok(Stored {
                kind: Kind::from_code(r.get(0)?).unwrap_or(Kind::Call),
                day: from_db(r.get(1)?),
                organisation: r.get(2)?,
                purpose: r.get(3)?,
                outcome: Outcome {
                    code: r.get(4)?,
                    label: r.get(5)?,
                },
                people: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut s) = row else { return Ok(None) };
    let mut st = tx.prepare_cached(
        "SELECT c.id FROM activity a JOIN contact c ON c.seq = a.contact_seq
         WHERE a.id = ?1 ORDER BY a.contact_seq",
    )?;
    let rows = st.query_map([id], |r| r.get::<_, Vec<u8>>(0))?;
    s.people = rows.map(|r| id_from_sql(r?)).collect::<Result<_, _>>()?;
    Ok(Some(s))
}

/// Sets an activity's own fields on each of its rows (a change from another laptop of the
/// team; the organisation and day are part of the key, so the rows move with them).
pub fn set_fields(tx: &Tx, id: i64, a: &NewActivity) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE activity SET kind = ?2, happened_at = ?3, organisation_id = ?4, purpose_id = ?5, outcome_id = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        a.kind.code(),
        to_db(a.day),
        a.organisation.unwrap_or(NO_ORGANISATION),
        a.purpose,
        a.outcome
    ])?;
    Ok(())
}

/// Adds person `seq` to activity `id` (a link from another laptop of the team): a row like
/// its others, moving their last activity forward as logging does.
pub fn link_person(tx: &Tx, id: i64, seq: i64) -> Result<(), StoreError> {
    let added = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO activity (organisation_id, happened_at, id, contact_seq, kind,
                                             purpose_id, outcome_id, created_at)
             SELECT organisation_id, happened_at, id, ?2, kind, purpose_id, outcome_id, created_at
             FROM activity WHERE id = ?1 LIMIT 1",
        )?
        .execute(params![id, seq])?;
    if added > 0 {
        tx.prepare_cached(
            "UPDATE contact SET last_contacted_at = max(coalesce(last_contacted_at, a.happened_at), a.happened_at)
             FROM (SELECT happened_at FROM activity WHERE id = ?2 LIMIT 1) a WHERE seq = ?1",
        )?
        .execute(params![seq, id])?;
    }
    Ok(())
}

/// Moves a person's last activity forward to their latest activity here (a contact written
/// from another laptop's fields, whose `last_contacted_at` may predate activities logged
/// elsewhere: the value is the later of the two on every laptop, whatever the order).
pub fn refresh_last_activity(tx: &Tx, seq: i64) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE contact SET last_contacted_at = max(coalesce(last_contacted_at, l.day), l.day)
         FROM (SELECT max(happened_at) AS day FROM activity WHERE contact_seq = ?1) l
         WHERE seq = ?1 AND l.day IS NOT NULL",
    )?
    .execute([seq])?;
    Ok(())
}

/// Every activity's and every follow-up's id (a store joining a team records them all).
pub fn all_ids(tx: &Tx) -> Result<(Vec<i64>, Vec<i64>), StoreError> {
    let a = tx
        .prepare_cached("SELECT DISTINCT id FROM activity ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let f = tx
        .prepare_cached("SELECT id FROM follow_up ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok((a, f))
}

const ACTIVITY_COLUMNS: &str =
    "a.id, a.kind, a.happened_at, o.name, p.name, x.code, x.label, a.organisation_id";

fn activity_row(r: &rusqlite::Row) -> rusqlite::Result<(Activity, i64)> {
    Ok((
        Activity {
            id: r.get(0)?,
            kind: Kind::from_code(r.get(1)?).unwrap_or(Kind::Call),
            on: from_db(r.get(2)?),
            people: Vec::new(),
            organisation: r.get(3)?,
            purpose: r.get(4)?,
            outcome: Outcome {
                code: r.get(5)?,
                label: r.get(6)?,
            },
        },
        r.get(7)?,
    ))
}

/// The people of one activity (its rows sit together under its key), by row number.
fn people_of(tx: &Tx, organisation: i64, a: &Activity) -> Result<Vec<ContactId>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT c.id FROM activity ap JOIN contact c ON c.seq = ap.contact_seq
         WHERE ap.organisation_id = ?1 AND ap.happened_at = ?2 AND ap.id = ?3
         ORDER BY ap.contact_seq",
    )?;
    let rows = st.query_map(params![organisation, to_db(a.on), a.id], |r| {
        r.get::<_, Vec<u8>>(0)
    })?;
    rows.map(|r| id_from_sql(r?)).collect()
}

/// A person's activities, newest first (read by `activity_by_person`).
pub fn for_contact(tx: &Tx, seq: i64) -> Result<Vec<Activity>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {ACTIVITY_COLUMNS} FROM activity a INDEXED BY activity_by_person
         JOIN outcome x ON x.id = a.outcome_id
         LEFT JOIN organisation o ON o.id = a.organisation_id
         LEFT JOIN purpose p ON p.id = a.purpose_id
         WHERE a.contact_seq = ?1 ORDER BY a.happened_at DESC, a.id DESC"
    ))?;
    let rows: Vec<(Activity, i64)> = st
        .query_map([seq], activity_row)?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(mut a, org)| {
            a.people = people_of(tx, org, &a)?;
            Ok(a)
        })
        .collect()
}

/// An organisation's latest activities (at most `limit`), newest first, read backwards along
/// the key (an activity's rows come one after the other; the people are gathered from them).
pub fn for_organisation(tx: &Tx, org: i64, limit: i64) -> Result<Vec<Activity>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {ACTIVITY_COLUMNS}, c.id FROM activity a
         JOIN outcome x ON x.id = a.outcome_id
         JOIN contact c ON c.seq = a.contact_seq
         LEFT JOIN organisation o ON o.id = a.organisation_id
         LEFT JOIN purpose p ON p.id = a.purpose_id
         WHERE a.organisation_id = ?1
         ORDER BY a.happened_at DESC, a.id DESC, a.contact_seq DESC"
    ))?;
    let mut rows = st.query([org])?;
    let mut out: Vec<Activity> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let person = id_from_sql(r.get(8)?)?;
        if let Some(last) = out.last_mut().filter(|l| l.id == id) {
            last.people.push(person);
            continue;
        }
        if out.len() as i64 >= limit {
            break;
        }
        let (mut a, _) = activity_row(r)?;
        a.people.push(person);
        out.push(a);
    }
    // Read backwards along the key: each activity's people came last row first.
    for a in &mut out {
        a.people.reverse();
    }
    Ok(out)
}

/// Plans a follow-up; returns its id.
pub fn insert_follow_up(
    tx: &Tx,
    seq: i64,
    activity: Option<i64>,
    kind: Kind,
    due: Instant,
    now: Instant,
) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO follow_up (contact_seq, activity_id, kind, due_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![seq, activity, kind.code(), to_db(due), to_db(now)])?;
    let id = tx.last_insert_rowid();
    super::team_everyday::follow_up_written(tx, id)?;
    Ok(id)
}

/// Sets a follow-up's kind, day, state and (when it is here) activity: a change from another
/// laptop of the team.
pub fn set_follow_up(
    tx: &Tx,
    id: i64,
    (kind, due, state): (Kind, Instant, FollowUpState),
    activity: Option<i64>,
    now: Instant,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE follow_up SET kind = ?2, due_on = ?3, state = ?4, activity_id = coalesce(?6, activity_id),
            closed_at = CASE WHEN ?4 = 0 THEN NULL ELSE coalesce(closed_at, ?5) END WHERE id = ?1",
    )?
    .execute(params![id, kind.code(), to_db(due), state.code(), to_db(now), activity])?;
    Ok(())
}

const FOLLOW_UP_COLUMNS: &str = "f.id, c.id, f.kind, f.due_on, f.state, f.activity_id";

fn follow_up_row(r: &rusqlite::Row) -> rusqlite::Result<(FollowUp, Vec<u8>)> {
    let contact: Vec<u8> = r.get(1)?;
    Ok((
        FollowUp {
            id: r.get(0)?,
            contact: ContactId::random(), // replaced by the caller from the blob
            kind: Kind::from_code(r.get(2)?).unwrap_or(Kind::Call),
            due_on: from_db(r.get(3)?),
            state: FollowUpState::from_code(r.get(4)?),
            activity: r.get(5)?,
        },
        contact,
    ))
}

fn with_contact((mut f, blob): (FollowUp, Vec<u8>)) -> Result<FollowUp, StoreError> {
    f.contact = id_from_sql(blob)?;
    Ok(f)
}

/// A person's follow-ups, open ones first, by due day.
pub fn follow_ups_for(tx: &Tx, seq: i64) -> Result<Vec<FollowUp>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN contact c ON c.seq = f.contact_seq
         WHERE f.contact_seq = ?1 ORDER BY f.state, f.due_on, f.id"
    ))?;
    let rows: Vec<_> = st
        .query_map([seq], follow_up_row)?
        .collect::<Result<_, _>>()?;
    rows.into_iter().map(with_contact).collect()
}

/// One follow-up, if it exists.
pub fn follow_up(tx: &Tx, id: i64) -> Result<Option<FollowUp>, StoreError> {
    let row = tx
        .prepare_cached(&format!(
            "SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN contact c ON c.seq = f.contact_seq WHERE f.id = ?1"
        ))?
        .query_row([id], follow_up_row)
        .optional()?;
    row.map(with_contact).transpose()
}

/// Closes a follow-up (done or cancelled).
pub fn close_follow_up(
    tx: &Tx,
    id: i64,
    state: FollowUpState,
    now: Instant,
) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE follow_up SET state = ?2, closed_at = ?3 WHERE id = ?1")?
        .execute(params![id, state.code(), to_db(now)])?;
    super::team_everyday::follow_up_written(tx, id)
}

/// Moves an open follow-up to another day.
pub fn move_follow_up(tx: &Tx, id: i64, due: Instant) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE follow_up SET due_on = ?2 WHERE id = ?1")?
        .execute(params![id, to_db(due)])?;
    super::team_everyday::follow_up_written(tx, id)
}

/// An open follow-up due before `until`, with the person's name.
pub struct DueFollowUp {
    pub follow_up: FollowUp,
    pub name: String,
    pub organisation: String,
}

/// Open follow-ups due before `until`, oldest first (at most `limit`), read by the partial
/// index `follow_up_open`; and how many there are in all.
pub fn due_before(
    tx: &Tx,
    until: Instant,
    limit: i64,
) -> Result<(Vec<DueFollowUp>, i64), StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {FOLLOW_UP_COLUMNS}, c.display_name, c.organisation
         FROM follow_up f INDEXED BY follow_up_open JOIN contact c ON c.seq = f.contact_seq
         WHERE f.state = 0 AND f.due_on < ?1 ORDER BY f.due_on, f.id LIMIT ?2"
    ))?;
    let rows: Vec<(FollowUp, Vec<u8>, String, String)> = st
        .query_map(params![to_db(until), limit], |r| {
            let (f, blob) = follow_up_row(r)?;
            Ok((f, blob, r.get(6)?, r.get(7)?))
        })?
        .collect::<Result<_, _>>()?;
    let total: i64 = tx
        .prepare_cached(
            "SELECT count(*) FROM follow_up INDEXED BY follow_up_open WHERE state = 0 AND due_on < ?1",
        )?
        .query_row([to_db(until)], |r| r.get(0))?;
    let list = rows
        .into_iter()
        .map(|(f, blob, name, organisation)| {
            Ok(DueFollowUp {
                follow_up: with_contact((f, blob))?,
                name,
                organisation,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok((list, total))
}

/// A consent that ends in the window and has not been renewed.
pub struct Expiring {
    pub contact: ContactId,
    pub name: String,
    pub purpose: String,
    pub expires_at: Instant,
}

/// Microseconds per day: `consent_by_expiry` (schema 15) holds the day of expiry, `expires_at /
/// MICROS_PER_DAY` (SQLite's integer division, which truncates like Rust's), a 2-byte number
/// instead of an 8-byte instant in each of its entries (one per consent with an end).
const MICROS_PER_DAY: i64 = 86_400_000_000;

/// Consents (not withdrawn) that expire in `from..until` and are the person's latest for their
/// purpose, soonest first (at most `limit`), read by the partial index `consent_by_expiry` over
/// the days of the window, then kept to the exact instants. Ordered by day first, so that the
/// index gives the order and the read stops at `limit` (only each day's rows are sorted).
pub fn consents_expiring(
    tx: &Tx,
    from: Instant,
    until: Instant,
    limit: i64,
) -> Result<Vec<Expiring>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT c.id, c.display_name, p.name, k.expires_at
         FROM consent k INDEXED BY consent_by_expiry
         JOIN contact c ON c.seq = k.contact_seq JOIN purpose p ON p.id = k.purpose_id
         WHERE k.expires_at IS NOT NULL AND k.withdrawn_at IS NULL
           AND k.expires_at / 86400000000 >= ?4 AND k.expires_at / 86400000000 <= ?5
           AND k.expires_at >= ?1 AND k.expires_at < ?2 AND c.restricted = 0
           AND NOT EXISTS (SELECT 1 FROM consent n WHERE n.contact_seq = k.contact_seq
                           AND n.purpose_id = k.purpose_id AND n.given_at > k.given_at)
         ORDER BY k.expires_at / 86400000000, k.expires_at LIMIT ?3",
    )?;
    let rows: Vec<(Vec<u8>, String, String, Option<i64>)> = st
        .query_map(
            params![
                to_db(from),
                to_db(until),
                limit,
                to_db(from) / MICROS_PER_DAY,
                to_db(until) / MICROS_PER_DAY
            ],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(id, name, purpose, at)| {
            Ok(Expiring {
                contact: id_from_sql(id)?,
                name,
                purpose,
                expires_at: opt_from_db(at).unwrap_or(from),
            })
        })
        .collect()
}

/// How many activities and follow-ups a person has (the erasure confirmation counts them).
pub fn counts(tx: &Tx, seq: i64) -> Result<(usize, usize), StoreError> {
    let a: i64 = tx
        .prepare_cached("SELECT count(*) FROM activity WHERE contact_seq = ?1")?
        .query_row([seq], |r| r.get(0))?;
    let f: i64 = tx
        .prepare_cached("SELECT count(*) FROM follow_up WHERE contact_seq = ?1")?
        .query_row([seq], |r| r.get(0))?;
    Ok((a as usize, f as usize))
}

/// Before the people of `people` (an SQL set of contact row numbers, e.g. `(?1)` or
/// `(SELECT seq FROM temp.rapport_sweep)`) are deleted: removes their follow-ups and their rows
/// of activities. An activity shared with someone who stays keeps that person's row; one left
/// with nobody has no row left, and a follow-up (of someone else) that named it no longer does.
/// Used by single and bulk erasure alike: the rows deleted lie together by organisation and
/// person, so a chunk of the sweep rewrites few pages. Returns the activities the people were
/// part of.
pub fn forget_people(tx: &Tx, people: &str, params: &[i64]) -> Result<usize, StoreError> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS rapport_gone_activity
             (id INTEGER PRIMARY KEY, organisation_id INTEGER NOT NULL, happened_at INTEGER NOT NULL);
         DELETE FROM temp.rapport_gone_activity;",
    )?;
    let p = rusqlite::params_from_iter(params);
    let n = tx
        .prepare_cached(&format!(
            "INSERT OR IGNORE INTO temp.rapport_gone_activity (id, organisation_id, happened_at)
             SELECT id, organisation_id, happened_at FROM activity INDEXED BY activity_by_person
             WHERE contact_seq IN {people}"
        ))?
        .execute(p.clone())?;
    tx.prepare_cached(&format!(
        "DELETE FROM follow_up WHERE contact_seq IN {people}"
    ))?
    .execute(p.clone())?;
    tx.prepare_cached(&format!(
        "DELETE FROM activity WHERE contact_seq IN {people}"
    ))?
    .execute(p)?;
    if n > 0 {
        tx.prepare_cached(
            "UPDATE follow_up SET activity_id = NULL
             WHERE activity_id IN (SELECT g.id FROM temp.rapport_gone_activity g
                 WHERE NOT EXISTS (SELECT 1 FROM activity a WHERE a.organisation_id = g.organisation_id
                                   AND a.happened_at = g.happened_at AND a.id = g.id))",
        )?
        .execute([])?;
    }
    // The organisations of the activities that went (see the prune below).
    let orgs: Vec<i64> = tx
        .prepare_cached(
            "SELECT DISTINCT organisation_id FROM temp.rapport_gone_activity WHERE organisation_id <> 0",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    tx.execute_batch("DELETE FROM temp.rapport_gone_activity;")?;
    // An organisation only a person's typed text made, kept alive by the activities that went,
    // goes with them (the person's firm name leaves with the person).
    for org in orgs {
        super::organisations::prune(tx, Some(org))?;
    }
    Ok(n)
}

/// How many rows of activities belong to nobody who exists (erasure should leave none).
pub fn rows_without_person(tx: &Tx) -> Result<i64, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT count(*) FROM activity a
             WHERE NOT EXISTS (SELECT 1 FROM contact c WHERE c.seq = a.contact_seq)",
        )?
        .query_row([], |r| r.get(0))?)
}

/// How many activities there are (each counted once, whoever took part).
pub fn activity_count(tx: &Tx) -> Result<i64, StoreError> {
    Ok(tx
        .prepare_cached("SELECT count(*) FROM (SELECT DISTINCT id FROM activity)")?
        .query_row([], |r| r.get(0))?)
}

/// Row numbers of the contacts with an activity of `kind` on or after `since` (audiences).
pub fn had_activity(
    tx: &Tx,
    kind: Kind,
    since: Instant,
) -> Result<std::collections::HashSet<i64>, StoreError> {
    had_activity_of(tx, Some(kind), since)
}

/// Row numbers of the contacts with an activity (of `kind`, or of any kind) on or after
/// `since`: one read along `activity_by_person` (person, day, kind), which holds every
/// column asked, so no activity row is read.
pub fn had_activity_of(
    tx: &Tx,
    kind: Option<Kind>,
    since: Instant,
) -> Result<std::collections::HashSet<i64>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT DISTINCT contact_seq FROM activity INDEXED BY activity_by_person
         WHERE happened_at >= ?2 AND (?1 IS NULL OR kind = ?1)",
    )?;
    let rows = st.query_map(params![kind.map(|k| k.code()), to_db(since)], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every contact's row number and organisation (the demo generator's activity history).
pub fn demo_people(tx: &Tx) -> Result<Vec<(i64, Option<i64>)>, StoreError> {
    let mut st = tx.prepare_cached("SELECT seq, organisation_id FROM contact ORDER BY seq")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The row ids of the outcome vocabulary.
pub fn outcome_ids(tx: &Tx) -> Result<Vec<i64>, StoreError> {
    let mut st = tx.prepare_cached("SELECT id FROM outcome ORDER BY id")?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
