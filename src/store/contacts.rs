//! Contacts, their contact points, interests and their row in the full-text index. Every
//! change to a contact rewrites its index row in the same transaction.

use super::time::{from_db, opt_from_db, opt_to_db, to_db};
use super::{StoreError, Tx};
use crate::domain::{
    Answer, Channels, Contact, ContactId, ContactPoint, DataSource, PointKind, PointLabel,
    Preferences, SourceKind, Stage,
};
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeMap;

fn id_blob(id: ContactId) -> [u8; 16] {
    *id.as_uuid().as_bytes()
}

fn id_from_blob(bytes: Vec<u8>) -> Result<ContactId, StoreError> {
    let arr: [u8; 16] = bytes
        .try_into()
        .map_err(|_| StoreError::Database("malformed contact id".into()))?;
    ContactId::parse(&uuid::Uuid::from_bytes(arr).to_string())
        .map_err(|_| StoreError::Database("malformed contact id".into()))
}

pub(crate) fn id_from_sql(bytes: Vec<u8>) -> Result<ContactId, StoreError> {
    id_from_blob(bytes)
}

/// The internal row number of a contact.
pub fn seq(tx: &Tx, id: ContactId) -> Result<i64, StoreError> {
    tx.prepare_cached("SELECT seq FROM contact WHERE id = ?1")?
        .query_row([id_blob(id)], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// Whether a contact exists.
pub fn exists(tx: &Tx, id: ContactId) -> Result<bool, StoreError> {
    match seq(tx, id) {
        Ok(_) => Ok(true),
        Err(StoreError::NotFound) => Ok(false),
        Err(e) => Err(e),
    }
}

/// `c` with its organisation text linked (issue 15): the organisation of that name, created if
/// new, and its id; the row and the index take the organisation's own spelling.
fn linked(tx: &Tx, c: &Contact) -> Result<(Contact, Option<i64>), StoreError> {
    let mut c = c.clone();
    let org = super::organisations::link(tx, &c.organisation, c.updated_at)?;
    c.organisation = org.as_ref().map(|o| o.1.clone()).unwrap_or_default();
    Ok((c, org.map(|o| o.0)))
}

fn set_organisation_id(tx: &Tx, seq: i64, org: Option<i64>) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE contact SET organisation_id = ?2 WHERE seq = ?1")?
        .execute(params![seq, org])?;
    Ok(())
}

/// Gives every person of organisation `org` its new name, in their rows and index rows.
pub(super) fn rename_organisation(tx: &Tx, org: i64, name: &str) -> Result<(), StoreError> {
    let ids: Vec<Vec<u8>> = tx
        .prepare_cached("SELECT id FROM contact WHERE organisation_id = ?1 AND organisation <> ?2")?
        .query_map(params![org, name], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in ids {
        let id = id_from_blob(id)?;
        let seq = seq(tx, id)?;
        fts_remove(tx, seq, id)?;
        tx.prepare_cached("UPDATE contact SET organisation = ?2 WHERE seq = ?1")?
            .execute(params![seq, name])?;
        let c = get(tx, id)?.ok_or(StoreError::NotFound)?;
        let (names, organisation, emails) = fts_text(&c);
        tx.prepare_cached(
            "INSERT INTO contact_fts (rowid, name, organisation, email) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![seq, names, organisation, emails])?;
    }
    Ok(())
}

/// Inserts a new contact with its points, interests and index row; returns its row number.
pub fn insert(tx: &Tx, c: &Contact) -> Result<i64, StoreError> {
    let (c, org) = linked(tx, c)?;
    let c = &c;
    let f = RowFacts::of(tx, c)?;
    tx.prepare_cached(
        "INSERT INTO contact (id, given_name, family_name, display_name, organisation, title, stage,
            source_kind, source_detail, channels, language, restricted, created_at, updated_at, last_contacted_at,
            interests_yes, interests_no, point_kinds, organisation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?
    .execute(params![
        id_blob(c.id),
        c.given_name,
        c.family_name,
        c.display_name,
        c.organisation,
        c.title,
        c.stage.as_str(),
        c.source.kind.as_str(),
        c.source.detail,
        c.preferences.channels.bits(),
        c.preferences.language,
        c.restricted,
        to_db(c.created_at),
        to_db(c.updated_at),
        opt_to_db(c.last_contacted_at),
        f.yes,
        f.no,
        f.kinds,
        org,
    ])?;
    let seq = tx.last_insert_rowid();
    // Counted here, not by a trigger, and the organisation in the INSERT, not in an UPDATE
    // after it: a statement that may write several rows (a trigger, an UPDATE of a column with
    // a foreign key) opens a statement journal, and that flushes the full-text index's
    // pending terms to disk, a tiny index segment per contact (migration 0019).
    tx.prepare_cached("UPDATE counter SET value = value + 1 WHERE name = 'contacts'")?
        .execute([])?;
    write_children(tx, seq, c)?;
    super::changes::contact_written(tx, c.id)?;
    Ok(seq)
}

/// Replaces a contact's fields, points and interests (rectification).
pub fn update(tx: &Tx, c: &Contact) -> Result<(), StoreError> {
    let seq = seq(tx, c.id)?;
    let (c, org) = linked(tx, c)?;
    let c = &c;
    let before = super::organisations::of_contact(tx, seq)?.map(|o| o.0);
    set_organisation_id(tx, seq, org)?;
    if before != org {
        super::organisations::prune(tx, before)?;
    }
    let f = RowFacts::of(tx, c)?;
    fts_remove(tx, seq, c.id)?;
    tx.prepare_cached(
        "UPDATE contact SET given_name = ?2, family_name = ?3, display_name = ?4, organisation = ?5, title = ?6,
            stage = ?7, source_kind = ?8, source_detail = ?9, channels = ?10, language = ?11, restricted = ?12,
            updated_at = ?13, last_contacted_at = ?14, interests_yes = ?15, interests_no = ?16, point_kinds = ?17
         WHERE seq = ?1",
    )?
    .execute(params![
        seq,
        c.given_name,
        c.family_name,
        c.display_name,
        c.organisation,
        c.title,
        c.stage.as_str(),
        c.source.kind.as_str(),
        c.source.detail,
        c.preferences.channels.bits(),
        c.preferences.language,
        c.restricted,
        to_db(c.updated_at),
        opt_to_db(c.last_contacted_at),
        f.yes,
        f.no,
        f.kinds,
    ])?;
    tx.prepare_cached("DELETE FROM contact_point WHERE contact_seq = ?1")?
        .execute([seq])?;
    write_children(tx, seq, c)?;
    super::changes::contact_written(tx, c.id)
}

fn write_children(tx: &Tx, seq: i64, c: &Contact) -> Result<(), StoreError> {
    let mut point = tx.prepare_cached(
        "INSERT INTO contact_point (contact_seq, kind_code, label_code, value, preferred, normalized_diff) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for p in &c.points {
        point.execute(params![
            seq,
            kind_code(p.kind),
            label_code(p.label),
            p.value,
            p.preferred,
            normalized_diff(p)
        ])?;
    }
    let (names, organisation, emails) = fts_text(c);
    tx.prepare_cached(
        "INSERT INTO contact_fts (rowid, name, organisation, email) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![seq, names, organisation, emails])?;
    Ok(())
}

/// The columns a contact row derives from its points and interests (schema 4): the answers as
/// bit masks (bit `id - 1` of each interest) and the kinds of point it has (bit `kind_code - 1`).
struct RowFacts {
    yes: i64,
    no: i64,
    kinds: i64,
}

impl RowFacts {
    fn of(tx: &Tx, c: &Contact) -> Result<RowFacts, StoreError> {
        let mut f = RowFacts {
            yes: 0,
            no: 0,
            kinds: 0,
        };
        for p in &c.points {
            f.kinds |= 1 << (kind_code(p.kind) - 1);
        }
        for (name, answer) in &c.preferences.interests {
            match answer {
                Answer::Yes => f.yes |= interest_bit(tx, name)?,
                Answer::No => f.no |= interest_bit(tx, name)?,
                Answer::Unknown => {}
            }
        }
        Ok(f)
    }
}

/// The bit of an interest of the vocabulary in `interests_yes` / `interests_no`.
pub(super) fn interest_bit(tx: &Tx, name: &str) -> Result<i64, StoreError> {
    let id: Option<i64> = tx
        .prepare_cached("SELECT id FROM interest WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    match id {
        Some(id @ 1..=super::purposes::MAX_INTERESTS) => Ok(1 << (id - 1)),
        Some(_) => Err(StoreError::Invalid(
            "an interest has no room for answers (at most 63 interests): remove unanswered interests in Settings first".into(),
        )),
        None => Err(StoreError::Invalid(
            "an interest is not in the firm's vocabulary: add it in Settings (or `rapport interests add NAME`) first".into(),
        )),
    }
}

/// `contact_point.kind_code`; the column `kind` maps it back (migrations/0002).
pub fn kind_code(kind: PointKind) -> i64 {
    match kind {
        PointKind::Email => 1,
        PointKind::Phone => 2,
        PointKind::Address => 3,
        PointKind::Web => 4,
    }
}

/// `contact_point.label_code`; the column `label` maps it back (migrations/0002).
pub fn label_code(label: PointLabel) -> i64 {
    match label {
        PointLabel::Work => 1,
        PointLabel::Home => 2,
        PointLabel::Mobile => 3,
        PointLabel::Other => 4,
    }
}

/// What `contact_point.normalized_diff` stores: the normalised form of an email or phone when
/// it differs from the value, else nothing (the column `normalized` computes it; schema 2).
pub fn normalized_diff(p: &ContactPoint) -> Option<String> {
    match p.kind {
        PointKind::Email | PointKind::Phone => Some(p.normalised()).filter(|n| *n != p.value),
        PointKind::Address | PointKind::Web => None,
    }
}

/// The text a contact is indexed under. Removing an index row needs exactly this text again.
/// Addresses give the words `fts::email_terms` picks.
fn fts_text(c: &Contact) -> (String, &str, String) {
    (
        format!("{} {} {}", c.display_name, c.given_name, c.family_name),
        c.organisation.as_str(),
        super::fts::email_text(c.points_of(PointKind::Email).map(|p| p.value.as_str())),
    )
}

/// Removes a contact's index row with the FTS5 'delete' command and its stored text; with
/// secure-delete on, its tokens leave the index pages (not just the search results).
fn fts_remove(tx: &Tx, seq: i64, id: ContactId) -> Result<(), StoreError> {
    let old = get(tx, id)?.ok_or(StoreError::NotFound)?;
    let (names, organisation, emails) = fts_text(&old);
    tx.prepare_cached(
        "INSERT INTO contact_fts (contact_fts, rowid, name, organisation, email) VALUES ('delete', ?1, ?2, ?3, ?4)",
    )?
    .execute(params![seq, names, organisation, emails])?;
    Ok(())
}

/// Loads a whole contact, or `None`.
pub fn get(tx: &Tx, id: ContactId) -> Result<Option<Contact>, StoreError> {
    let row = tx
        .prepare_cached(
            "SELECT seq, given_name, family_name, display_name, organisation, title, stage, source_kind, source_detail,
                    channels, language, restricted, created_at, updated_at, last_contacted_at,
                    interests_yes, interests_no
             FROM contact WHERE id = ?1",
        )?
        .query_row([id_blob(id)], |r| {
            Ok((
                (r.get::<_, i64>(0)?, r.get::<_, i64>(15)?, r.get::<_, i64>(16)?),
                Contact {
                    id,
                    given_name: r.get(1)?,
                    family_name: r.get(2)?,
                    display_name: r.get(3)?,
                    organisation: r.get(4)?,
                    title: r.get(5)?,
                    stage: Stage::parse(&r.get::<_, String>(6)?).unwrap_or_default(),
                    source: DataSource {
                        kind: SourceKind::parse(&r.get::<_, String>(7)?).unwrap_or(SourceKind::Other),
                        detail: r.get(8)?,
                    },
                    points: Vec::new(),
                    preferences: Preferences {
                        channels: Channels::from_bits(r.get(9)?),
                        interests: BTreeMap::new(),
                        language: r.get(10)?,
                    },
                    restricted: r.get(11)?,
                    created_at: from_db(r.get(12)?),
                    updated_at: from_db(r.get(13)?),
                    last_contacted_at: opt_from_db(r.get(14)?),
                },
            ))
        })
        .optional()?;
    let Some(((seq, yes, no), mut contact)) = row else {
        return Ok(None);
    };
    contact.points = points(tx, seq)?;
    contact.preferences.interests = interests(tx, yes, no)?;
    Ok(Some(contact))
}

fn points(tx: &Tx, seq: i64) -> Result<Vec<ContactPoint>, StoreError> {
    let mut st = tx.prepare_cached("SELECT kind, label, value, preferred FROM contact_point WHERE contact_seq = ?1 ORDER BY id")?;
    let rows = st.query_map([seq], |r| {
        Ok(ContactPoint {
            kind: PointKind::parse(&r.get::<_, String>(0)?).unwrap_or(PointKind::Web),
            label: PointLabel::parse(&r.get::<_, String>(1)?).unwrap_or_default(),
            value: r.get(2)?,
            preferred: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The answers the masks hold, by interest name (an interest in neither mask is unknown).
fn interests(tx: &Tx, yes: i64, no: i64) -> Result<BTreeMap<String, Answer>, StoreError> {
    let mut out = BTreeMap::new();
    if yes | no == 0 {
        return Ok(out);
    }
    let mut st = tx.prepare_cached("SELECT id, name FROM interest WHERE id BETWEEN 1 AND 63")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let bit = 1_i64 << (r.get::<_, i64>(0)? - 1);
        let answer = if yes & bit != 0 {
            Answer::Yes
        } else if no & bit != 0 {
            Answer::No
        } else {
            continue;
        };
        out.insert(r.get(1)?, answer);
    }
    Ok(out)
}

/// Deletes a contact and everything that hangs off it, including its index row.
pub fn delete(tx: &Tx, id: ContactId) -> Result<(), StoreError> {
    let seq = seq(tx, id)?;
    fts_remove(tx, seq, id)?;
    // Activities shared with others keep them; those left with nobody go (issue 15).
    super::activities::forget_people(tx, "(?1)", &[seq])?;
    let org = super::organisations::of_contact(tx, seq)?.map(|o| o.0);
    tx.prepare_cached("DELETE FROM contact WHERE seq = ?1")?
        .execute([seq])?;
    super::organisations::prune(tx, org)?;
    Ok(())
}

/// Sets or lifts the Art. 18 restriction.
pub fn set_restricted(tx: &Tx, id: ContactId, restricted: bool) -> Result<(), StoreError> {
    let n = tx
        .prepare_cached("UPDATE contact SET restricted = ?2 WHERE id = ?1")?
        .execute(params![id_blob(id), restricted])?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    super::changes::contact_written(tx, id)
}

/// The query of `ids_by_normalized` (public for the test that checks its plan).
#[doc(hidden)]
pub const BY_NORMALIZED_SQL: &str =
    "SELECT DISTINCT c.id FROM contact_point p JOIN contact c ON c.seq = p.contact_seq
     WHERE p.normalized = ?1 AND p.normalized <> '' AND p.kind = ?2";

/// Contacts with a contact point whose normalised form is `normalised`. The `<> ''` term is
/// what lets SQLite use the partial index `contact_point_by_normalized` (it cannot prove that a
/// bound parameter is non-empty): without it every lookup scanned all contact points, and an
/// import of 100k cards was quadratic (found by rapport-bench).
pub fn ids_by_normalized(
    tx: &Tx,
    kind: PointKind,
    normalised: &str,
) -> Result<Vec<ContactId>, StoreError> {
    let mut st = tx.prepare_cached(BY_NORMALIZED_SQL)?;
    let rows = st.query_map(params![normalised, kind.as_str()], |r| {
        r.get::<_, Vec<u8>>(0)
    })?;
    rows.map(|r| id_from_blob(r?)).collect()
}

/// Number of contacts, from the counter (never a table scan).
pub fn count(tx: &Tx) -> Result<i64, StoreError> {
    Ok(tx
        .prepare_cached("SELECT value FROM counter WHERE name = 'contacts'")?
        .query_row([], |r| r.get(0))?)
}

/// Every contact id, in insertion order.
pub fn all_ids(tx: &Tx) -> Result<Vec<ContactId>, StoreError> {
    let mut st = tx.prepare_cached("SELECT id FROM contact ORDER BY seq")?;
    let rows = st.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
    rows.map(|r| id_from_blob(r?)).collect()
}
