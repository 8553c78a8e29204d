//! Processing purposes, their consent wordings, and the firm's interest vocabulary (an
//! interest's `name` is its key in preferences and audience rules and never changes; its
//! `label` is what people read and may be renamed).

use super::{StoreError, Tx};
use crate::domain::preference::DEFAULT_INTERESTS;
use crate::domain::purpose::{self, DataCategory, LegalBasis, Purpose, RetentionRule};
use crate::domain::{Instant, PurposeId};
use rusqlite::{OptionalExtension, params};

/// Seeds a new store: the default purposes with a first consent wording, and the default
/// interest vocabulary.
pub fn seed(tx: &Tx, _now: Instant) -> Result<(), StoreError> {
    for p in purpose::seed() {
        let id = insert(tx, &p)?;
        if p.legal_basis == LegalBasis::Consent {
            let text = format!(
                "I agree that my contact details and preferences are used for: {}. I can withdraw this consent at any time.",
                p.description
            );
            add_wording(tx, id, "1", &text)?;
        }
    }
    for name in DEFAULT_INTERESTS {
        add_interest(tx, name)?;
    }
    Ok(())
}

/// Adds a purpose; returns its id.
pub fn insert(tx: &Tx, p: &Purpose) -> Result<PurposeId, StoreError> {
    let (kind, months) = match p.retention {
        RetentionRule::AfterLastActivity { months } => ("after_last_activity", Some(months)),
        RetentionRule::UntilConsentEnds => ("until_consent_ends", None),
    };
    let categories: Vec<&str> = p.categories.iter().map(|c| c.as_str()).collect();
    tx.execute(
        "INSERT INTO purpose (name, description, legal_basis, marketing, retention_kind, retention_months, categories, consent_months)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![p.name, p.description, p.legal_basis.as_str(), p.marketing, kind, months, categories.join(","), p.consent_months],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Invalid("a purpose with that name exists already".into()),
        _ => e.into(),
    })?;
    super::changes::purpose_written(tx, p)?;
    Ok(PurposeId(tx.last_insert_rowid()))
}

/// Updates a purpose's description, basis, marketing flag, retention and consent validity.
pub fn update(tx: &Tx, p: &Purpose) -> Result<(), StoreError> {
    let (kind, months) = match p.retention {
        RetentionRule::AfterLastActivity { months } => ("after_last_activity", Some(months)),
        RetentionRule::UntilConsentEnds => ("until_consent_ends", None),
    };
    let categories: Vec<&str> = p.categories.iter().map(|c| c.as_str()).collect();
    let n = tx.execute(
        "UPDATE purpose SET name = ?2, description = ?3, legal_basis = ?4, marketing = ?5, retention_kind = ?6,
            retention_months = ?7, categories = ?8, consent_months = ?9 WHERE id = ?1",
        params![p.id.0, p.name, p.description, p.legal_basis.as_str(), p.marketing, kind, months, categories.join(","), p.consent_months],
    )?;
    if n == 0 {
        return Err(StoreError::Invalid(
            "no such purpose: see `rapport purposes`".into(),
        ));
    }
    super::changes::purpose_written(tx, p)
}

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Purpose> {
    let kind: String = r.get(5)?;
    let months: Option<u32> = r.get(6)?;
    let categories: String = r.get(7)?;
    Ok(Purpose {
        id: PurposeId(r.get(0)?),
        name: r.get(1)?,
        description: r.get(2)?,
        legal_basis: LegalBasis::parse(&r.get::<_, String>(3)?).unwrap_or(LegalBasis::Consent),
        marketing: r.get(4)?,
        retention: match (kind.as_str(), months) {
            ("after_last_activity", Some(months)) => RetentionRule::AfterLastActivity { months },
            _ => RetentionRule::UntilConsentEnds,
        },
        categories: categories
            .split(',')
            .filter_map(DataCategory::parse)
            .collect(),
        consent_months: r.get(8)?,
    })
}

const COLUMNS: &str = "id, name, description, legal_basis, marketing, retention_kind, retention_months, categories, consent_months";

/// All purposes, by id.
pub fn list(tx: &Tx) -> Result<Vec<Purpose>, StoreError> {
    let mut st = tx.prepare_cached(&format!("SELECT {COLUMNS} FROM purpose ORDER BY id"))?;
    let rows = st.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A purpose by name (case-insensitive).
pub fn by_name(tx: &Tx, name: &str) -> Result<Option<Purpose>, StoreError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM purpose WHERE name = ?1 COLLATE NOCASE"
        ))?
        .query_row([name.trim()], from_row)
        .optional()?)
}

/// Records a consent wording version for a purpose (wordings are never changed once shown).
pub fn add_wording(
    tx: &Tx,
    purpose: PurposeId,
    version: &str,
    text: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO consent_wording (purpose_id, version, text) VALUES (?1, ?2, ?3)",
        params![purpose.0, version, text],
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Invalid(
            "that wording version exists already: wordings are never changed, add a new version"
                .into(),
        ),
        _ => e.into(),
    })?;
    super::changes::wording_written(tx, purpose, version, text)
}

/// The text of a wording version, if recorded.
pub fn wording(tx: &Tx, purpose: PurposeId, version: &str) -> Result<Option<String>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT text FROM consent_wording WHERE purpose_id = ?1 AND version = ?2")?
        .query_row(params![purpose.0, version], |r| r.get(0))
        .optional()?)
}

/// The newest wording version of a purpose (numeric-aware: "10" after "9").
pub fn latest_wording(tx: &Tx, purpose: PurposeId) -> Result<Option<String>, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT version FROM consent_wording WHERE purpose_id = ?1 ORDER BY length(version) DESC, version DESC LIMIT 1",
        )?
        .query_row([purpose.0], |r| r.get(0))
        .optional()?)
}

/// The interest vocabulary, by name.
pub fn interests(tx: &Tx) -> Result<Vec<String>, StoreError> {
    let mut st = tx.prepare_cached("SELECT name FROM interest ORDER BY name")?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The most interests a vocabulary holds: each has a bit (its id - 1) in the contact's answer
/// masks `interests_yes` / `interests_no` (schema 4).
pub const MAX_INTERESTS: i64 = 63;

/// Adds an interest to the vocabulary (no-op if present), with the lowest free id.
pub fn add_interest(tx: &Tx, name: &str) -> Result<(), StoreError> {
    let name = crate::domain::preference::interest_name(name).ok_or_else(|| {
        StoreError::Invalid(
            "an interest name uses letters, digits and '-' (at most 32 characters)".into(),
        )
    })?;
    let mut label = name.clone();
    if let Some(first) = label.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let known: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM interest WHERE name = ?1)")?
        .query_row([&name], |r| r.get(0))?;
    if known {
        return Ok(());
    }
    let free: Option<i64> = tx
        .prepare_cached(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
             SELECT min(i) FROM n WHERE i NOT IN (SELECT id FROM interest)",
        )?
        .query_row([MAX_INTERESTS], |r| r.get(0))?;
    let id = free.ok_or_else(|| {
        StoreError::Invalid(format!(
            "the vocabulary already holds {MAX_INTERESTS} interests, the most it can: remove one that nobody answered first"
        ))
    })?;
    tx.prepare_cached("INSERT INTO interest (id, name, label) VALUES (?1, ?2, ?3)")?
        .execute(params![id, name, label])?;
    super::changes::interest_written(tx, &name)
}

/// How many contacts answered the interest `i` (yes or no): read from the index
/// `contact_audience`, which holds both masks.
const ANSWERS: &str = "SELECT count(*) FROM contact INDEXED BY contact_audience
     WHERE i.id BETWEEN 1 AND 63 AND (interests_yes | interests_no) & (1 << (i.id - 1)) <> 0";

/// An interest of the vocabulary and how many contacts answered it (yes or no).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interest {
    pub name: String,
    pub label: String,
    pub answers: usize,
}

/// The interest vocabulary with labels and answer counts, by name.
pub fn interest_list(tx: &Tx) -> Result<Vec<Interest>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT i.name, i.label, ({ANSWERS}) FROM interest i ORDER BY i.name"
    ))?;
    let rows = st.query_map([], |r| {
        Ok(Interest {
            name: r.get(0)?,
            label: r.get(1)?,
            answers: r.get::<_, i64>(2)?.try_into().unwrap_or(0),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Sets the label of an interest; false when there is no interest of that name.
pub fn rename_interest(tx: &Tx, name: &str, label: &str) -> Result<bool, StoreError> {
    let n = tx
        .prepare_cached("UPDATE interest SET label = ?2 WHERE name = ?1")?
        .execute(params![name, label])?;
    if n > 0 {
        super::changes::interest_written(tx, name)?;
    }
    Ok(n > 0)
}

/// Removes an interest that no contact answered; returns how many answers it has instead
/// (then nothing is removed), or `None` when there is no interest of that name.
pub fn remove_unanswered_interest(tx: &Tx, name: &str) -> Result<Option<usize>, StoreError> {
    let answers: Option<i64> = tx
        .prepare_cached(&format!(
            "SELECT ({ANSWERS}) FROM interest i WHERE i.name = ?1"
        ))?
        .query_row([name], |r| r.get(0))
        .optional()?;
    match answers {
        Some(0) => {
            tx.prepare_cached("DELETE FROM interest WHERE name = ?1")?
                .execute([name])?;
            super::changes::interest_written(tx, name)?;
            Ok(Some(0))
        }
        other => Ok(other.map(|n| n.try_into().unwrap_or(usize::MAX))),
    }
}

/// Every recorded wording version of a purpose, oldest first (numeric-aware).
pub fn wordings(tx: &Tx, purpose: PurposeId) -> Result<Vec<(String, String)>, StoreError> {
    let mut st = tx.prepare_cached("SELECT version, text FROM consent_wording WHERE purpose_id = ?1 ORDER BY length(version), version")?;
    let rows = st.query_map([purpose.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
