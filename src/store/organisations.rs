//! Organisations (company data) and the link from a contact to its organisation. One
//! organisation per name whatever its case (`organisation_by_name`); a contact's
//! `organisation` column keeps the organisation's name for the list and the search index.

use super::time::{from_db, opt_from_db, to_db};
use super::{StoreError, Tx};
use crate::domain::organisation::{Organisation, OrganisationId, clean_name};
use crate::domain::{Consent, ConsentSource, ContactId, Instant, ProofKind, PurposeId, Stage};
use rusqlite::{OptionalExtension, params};

fn invalid(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(e.to_string())
}

/// The industries the pickers offer: (code, label), by label; retired ones are left out
/// (`industries::take_out`).
pub fn industries(tx: &Tx) -> Result<Vec<(String, String)>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT code, label FROM industry WHERE retired_at IS NULL ORDER BY label COLLATE NOCASE",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The row id of industry `code` for organisation `org` (`None`: a new one). A retired
/// industry is refused unless it is the one the organisation has already (it keeps it).
fn industry_id(tx: &Tx, code: &str, org: Option<i64>) -> Result<Option<i64>, StoreError> {
    if code.is_empty() {
        return Ok(None);
    }
    let (id, retired): (i64, bool) = tx
        .prepare_cached("SELECT id, retired_at IS NOT NULL FROM industry WHERE code = ?1")?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| {
            StoreError::Invalid(
                "that industry is not in the firm's vocabulary: see `rapport org industries`"
                    .into(),
            )
        })?;
    if retired {
        let kept: bool = match org {
            Some(o) => tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM organisation WHERE id = ?1 AND industry_id = ?2)",
                )?
                .query_row(params![o, id], |r| r.get(0))?,
            None => false,
        };
        if !kept {
            return Err(StoreError::Invalid(
                "that industry is retired and no longer offered: pick another one, or offer it again with `rapport org industries --offer-again CODE`".into(),
            ));
        }
    }
    Ok(Some(id))
}

/// The organisation of that name (any case), if there is one.
pub fn id_by_name(tx: &Tx, name: &str) -> Result<Option<OrganisationId>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT id FROM organisation WHERE name = ?1 COLLATE NOCASE")?
        .query_row([name.trim()], |r| r.get(0).map(OrganisationId))
        .optional()?)
}

/// The organisation a contact's organisation text links to, created if new; `None` for an
/// empty text. Returns its id and its name as stored (the contact row takes that spelling).
pub fn link(tx: &Tx, text: &str, now: Instant) -> Result<Option<(i64, String)>, StoreError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let found: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, name FROM organisation WHERE name = ?1 COLLATE NOCASE")?
        .query_row([text.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some(f) = found {
        return Ok(Some(f));
    }
    let name = clean_name(text).map_err(invalid)?;
    tx.prepare_cached(
        "INSERT INTO organisation (name, created_at, updated_at) VALUES (?1, ?2, ?2)",
    )?
    .execute(params![name, to_db(now)])?;
    Ok(Some((tx.last_insert_rowid(), name)))
}

/// Adds an organisation; refused when one of that name exists.
pub fn insert(tx: &Tx, o: &Organisation, now: Instant) -> Result<OrganisationId, StoreError> {
    if id_by_name(tx, &o.name)?.is_some() {
        return Err(StoreError::Invalid(
            "an organisation of that name exists already: change it with `rapport org edit`".into(),
        ));
    }
    tx.prepare_cached(
        "INSERT INTO organisation (name, org_number, industry_id, address, web, explicit, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6)",
    )?
    .execute(params![
        o.name,
        o.org_number,
        industry_id(tx, &o.industry, None)?,
        o.address,
        o.web,
        to_db(now)
    ])?;
    let id = tx.last_insert_rowid();
    super::team_everyday::organisation_written(tx, id)?;
    Ok(OrganisationId(id))
}

/// Saves an organisation's fields; a new name is written to its people's rows and index rows.
pub fn update(tx: &Tx, o: &Organisation, now: Instant) -> Result<(), StoreError> {
    if let Some(other) = id_by_name(tx, &o.name)?
        && other != o.id
    {
        return Err(StoreError::Invalid(
            "another organisation has that name: pick another name".into(),
        ));
    }
    let n = tx
        .prepare_cached(
            "UPDATE organisation SET name = ?2, org_number = ?3, industry_id = ?4, address = ?5, web = ?6, updated_at = ?7,
                    explicit = 1
             WHERE id = ?1",
        )?
        .execute(params![
            o.id.0,
            o.name,
            o.org_number,
            industry_id(tx, &o.industry, Some(o.id.0))?,
            o.address,
            o.web,
            to_db(now)
        ])?;
    if n == 0 {
        return Err(not_found());
    }
    super::contacts::rename_organisation(tx, o.id.0, &o.name)?;
    super::team_everyday::organisation_written(tx, o.id.0)
}

/// Whether an organisation was added or edited as one (not only named by a person's text).
pub fn is_explicit(tx: &Tx, id: i64) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached("SELECT explicit FROM organisation WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

fn not_found() -> StoreError {
    StoreError::Invalid("no organisation of that name or number: see `rapport org list`".into())
}

const COLUMNS: &str = "o.id, o.name, o.org_number, coalesce(i.code, ''), o.address, o.web";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Organisation> {
    Ok(Organisation {
        id: OrganisationId(r.get(0)?),
        name: r.get(1)?,
        org_number: r.get(2)?,
        industry: r.get(3)?,
        address: r.get(4)?,
        web: r.get(5)?,
    })
}

pub fn get(tx: &Tx, id: OrganisationId) -> Result<Option<Organisation>, StoreError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM organisation o LEFT JOIN industry i ON i.id = o.industry_id WHERE o.id = ?1"
        ))?
        .query_row([id.0], row)
        .optional()?)
}

/// An organisation by its name (any case) or its organisation number.
pub fn find(tx: &Tx, text: &str) -> Result<Organisation, StoreError> {
    let t = text.trim();
    let id = match id_by_name(tx, t)? {
        Some(id) => Some(id),
        None if !t.is_empty() => tx
            .prepare_cached("SELECT id FROM organisation WHERE org_number = ?1")?
            .query_row([t], |r| r.get(0).map(OrganisationId))
            .optional()?,
        None => None,
    };
    get(tx, id.ok_or_else(not_found)?)?.ok_or_else(not_found)
}

/// Organisations whose name or number contains `search` (all without one), with how many
/// people belong to each, by name.
pub fn list(tx: &Tx, search: Option<&str>) -> Result<Vec<(Organisation, i64)>, StoreError> {
    let pattern = format!(
        "%{}%",
        search
            .unwrap_or("")
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS},
                (SELECT count(*) FROM contact c WHERE c.organisation_id = o.id)
         FROM organisation o LEFT JOIN industry i ON i.id = o.industry_id
         WHERE o.name LIKE ?1 ESCAPE '\\' OR o.org_number LIKE ?1 ESCAPE '\\'
         ORDER BY o.name COLLATE NOCASE"
    ))?;
    let rows = st.query_map([pattern], |r| Ok((row(r)?, r.get(6)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One person of an organisation, as its page lists them.
pub struct Member {
    pub id: ContactId,
    pub name: String,
    pub title: String,
    pub stage: Stage,
    pub restricted: bool,
    pub last_activity: Option<Instant>,
    pub consents: Vec<Consent>,
}

/// The people of an organisation by name, with their consent records (two queries: the
/// people by `contact_by_organisation`, their consents by `consent_by_contact`).
pub fn members(tx: &Tx, id: OrganisationId) -> Result<Vec<Member>, StoreError> {
    let mut people: Vec<(i64, Member)> = Vec::new();
    let mut st = tx.prepare_cached(
        "SELECT seq, id, display_name, title, stage, restricted, last_contacted_at FROM contact
         WHERE organisation_id = ?1 ORDER BY display_name COLLATE NOCASE",
    )?;
    let mut rows = st.query([id.0])?;
    while let Some(r) = rows.next()? {
        people.push((
            r.get(0)?,
            Member {
                id: super::contacts::id_from_sql(r.get(1)?)?,
                name: r.get(2)?,
                title: r.get(3)?,
                stage: Stage::parse(&r.get::<_, String>(4)?).unwrap_or_default(),
                restricted: r.get(5)?,
                last_activity: opt_from_db(r.get(6)?),
                consents: Vec::new(),
            },
        ));
    }
    let mut st = tx.prepare_cached(
        "SELECT k.contact_seq, k.id, k.purpose_id, k.given_at, k.expires_at, k.source_kind, k.source_ref,
                k.wording_version, k.withdrawn_at
         FROM contact c JOIN consent k ON k.contact_seq = c.seq WHERE c.organisation_id = ?1",
    )?;
    let mut by_seq: std::collections::HashMap<i64, Vec<Consent>> = Default::default();
    let mut rows = st.query([id.0])?;
    while let Some(r) = rows.next()? {
        by_seq.entry(r.get(0)?).or_default().push(Consent {
            id: r.get(1)?,
            purpose: PurposeId(r.get(2)?),
            given_at: from_db(r.get(3)?),
            expires_at: opt_from_db(r.get(4)?),
            source: ConsentSource {
                kind: ProofKind::parse(&r.get::<_, String>(5)?).unwrap_or(ProofKind::Other),
                reference: r.get(6)?,
            },
            wording_version: r.get(7)?,
            withdrawn_at: opt_from_db(r.get(8)?),
        });
    }
    Ok(people
        .into_iter()
        .map(|(seq, mut m)| {
            m.consents = by_seq.remove(&seq).unwrap_or_default();
            m
        })
        .collect())
}

/// The organisation a contact belongs to.
pub fn of_contact(tx: &Tx, seq: i64) -> Result<Option<OrganisationId>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT organisation_id FROM contact WHERE seq = ?1")?
        .query_row([seq], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .flatten()
        .map(OrganisationId))
}

/// Every organisation (export-all), by name.
pub fn all(tx: &Tx) -> Result<Vec<Organisation>, StoreError> {
    Ok(list(tx, None)?.into_iter().map(|(o, _)| o).collect())
}

/// Removes organisation `id` if it only existed because a person's organisation text named it
/// (never added or edited as an organisation) and no person or activity refers to it any more:
/// a person's typed firm name leaves with the person, a firm the salesperson keeps stays.
pub fn prune(tx: &Tx, id: Option<i64>) -> Result<(), StoreError> {
    let Some(id) = id else { return Ok(()) };
    tx.prepare_cached(
        "DELETE FROM organisation WHERE id = ?1 AND explicit = 0
         AND NOT EXISTS (SELECT 1 FROM contact WHERE organisation_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM activity WHERE organisation_id = ?1)",
    )?
    .execute([id])?;
    Ok(())
}

/// The organisations of the contacts in `people` (an SQL set of row numbers), for `prune`
/// after they are deleted.
pub fn of_people(tx: &Tx, people: &str) -> Result<Vec<i64>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT DISTINCT organisation_id FROM contact WHERE seq IN {people} AND organisation_id IS NOT NULL"
    ))?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
