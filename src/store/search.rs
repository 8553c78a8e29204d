//! The contact list and prefix search over names, organisation and email addresses (FTS5; an
//! address by its local part and its domain's first label, `store::fts`). Per-keystroke
//! searches are unranked (index order); the index cannot rank since schema 5 (`Order::Ranked`).
//! A page is summarised with one query per side table (points, consents, objections) for all
//! its rows, never a query per row. One typed ASCII letter or digit reads the name index
//! (names starting with it, in name order) instead of expanding the letter into every FTS
//! term that starts with it; other matches fill the page only when those names are too few.

use super::consents::from_row as consent_row;
use super::contacts::id_from_sql;
use super::{StoreError, Tx};
use crate::domain::consent::{nearest_expiry, overall};
use crate::domain::{Consent, ConsentStatus, ContactId, Instant};
use rusqlite::params;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One row of the contact list.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub id: ContactId,
    pub name: String,
    pub organisation: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub status: ConsentStatus,
    pub nearest_expiry: Option<Instant>,
    pub restricted: bool,
    pub objected: bool,
}

impl std::fmt::Debug for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Summary({:?}, {:?})", self.id, self.status)
    }
}

/// Ordering of search results.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Order {
    /// Index order: fastest, for search-as-you-type.
    Unranked,
    /// `ORDER BY rank` (bm25). Since schema 5 the index keeps neither positions nor document
    /// sizes, so every hit scores the same and this is the index order too; kept so that a
    /// caller can ask for relevance if the index ever ranks again.
    Ranked,
}

/// Turns what a person typed into an FTS5 prefix query: every word must match the start of a
/// token. Returns `None` when nothing searchable was typed.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = words(text).map(|w| format!("\"{w}\"*")).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// When the typed text is a single ASCII letter or digit: the bounds `[low, high)` of the
/// display names starting with it under `COLLATE NOCASE` (which folds ASCII letters only).
pub fn name_range(text: &str) -> Option<(String, String)> {
    let mut ws = words(text);
    let (word, None) = (ws.next()?, ws.next()) else {
        return None;
    };
    let c = match word.as_bytes() {
        [b] if b.is_ascii_alphanumeric() => b.to_ascii_lowercase(),
        _ => return None,
    };
    Some(((c as char).to_string(), ((c + 1) as char).to_string()))
}

const COLUMNS: &str = "c.seq, c.id, c.display_name, c.organisation, c.restricted";

/// A page of the list in name order.
pub fn page(
    tx: &Tx,
    offset: usize,
    limit: usize,
    now: Instant,
) -> Result<Vec<Summary>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM contact c
         ORDER BY c.display_name COLLATE NOCASE, c.seq LIMIT ?1 OFFSET ?2"
    ))?;
    let rows = st.query_map(params![limit as i64, offset as i64], row)?;
    let rows: Vec<_> = rows.collect::<Result<_, _>>()?;
    summarise(tx, rows, now)
}

/// Contacts matching `text` (prefix search), at most `limit`. When nothing matches and the text
/// holds an email address, the address is searched the way the index holds addresses (local part
/// and the domain's first label, `fts::as_indexed`).
pub fn search(
    tx: &Tx,
    text: &str,
    limit: usize,
    order: Order,
    now: Instant,
) -> Result<Vec<Summary>, StoreError> {
    let found = search_as_typed(tx, text, limit, order, now)?;
    match super::fts::as_indexed(text) {
        Some(cut) if found.is_empty() => search_as_typed(tx, &cut, limit, order, now),
        _ => Ok(found),
    }
}

fn search_as_typed(
    tx: &Tx,
    text: &str,
    limit: usize,
    order: Order,
    now: Instant,
) -> Result<Vec<Summary>, StoreError> {
    let Some(query) = fts_query(text) else {
        return page(tx, 0, limit, now);
    };
    let mut rows = Vec::new();
    if order == Order::Unranked
        && let Some((low, high)) = name_range(text)
    {
        let mut st = tx.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM contact c
             WHERE c.display_name COLLATE NOCASE >= ?1 AND c.display_name COLLATE NOCASE < ?2
             ORDER BY c.display_name COLLATE NOCASE, c.seq LIMIT ?3"
        ))?;
        rows = st
            .query_map(params![low, high, limit as i64], row)?
            .collect::<Result<_, _>>()?;
        if rows.len() >= limit {
            return summarise(tx, rows, now);
        }
    }
    let sql = match order {
        Order::Unranked => format!(
            "SELECT {COLUMNS} FROM contact_fts f JOIN contact c ON c.seq = f.rowid
             WHERE contact_fts MATCH ?1 LIMIT ?2"
        ),
        Order::Ranked => format!(
            "SELECT {COLUMNS} FROM contact_fts f JOIN contact c ON c.seq = f.rowid
             WHERE contact_fts MATCH ?1 ORDER BY rank LIMIT ?2"
        ),
    };
    let mut st = tx.prepare_cached(&sql)?;
    // Rows already found by name come first; the index adds the others up to `limit`.
    let seen: HashSet<i64> = rows.iter().map(|r| r.0).collect();
    let more = st.query_map(params![query, (limit + seen.len()) as i64], row)?;
    for r in more {
        let r = r?;
        if rows.len() < limit && !seen.contains(&r.0) {
            rows.push(r);
        }
    }
    summarise(tx, rows, now)
}

type Row = (i64, Vec<u8>, String, String, bool);

fn row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

/// The page's row numbers as the JSON array that `json_each` expands in `IN (...)`.
fn seq_list(rows: &[Row]) -> String {
    let seqs: Vec<String> = rows.iter().map(|r| r.0.to_string()).collect();
    format!("[{}]", seqs.join(","))
}

const IN_PAGE: &str = "contact_seq IN (SELECT value FROM json_each(?1))";

fn summarise(tx: &Tx, rows: Vec<Row>, now: Instant) -> Result<Vec<Summary>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let seqs = seq_list(&rows);
    let mut points: HashMap<i64, (Vec<String>, Vec<String>)> = HashMap::new();
    let mut st = tx.prepare_cached(&format!(
        "SELECT contact_seq, kind, value FROM contact_point
         WHERE {IN_PAGE} AND kind IN ('email', 'phone') ORDER BY contact_seq, id"
    ))?;
    let mut q = st.query([&seqs])?;
    while let Some(r) = q.next()? {
        let entry = points.entry(r.get(0)?).or_default();
        let kind: String = r.get(1)?;
        let list = if kind == "email" {
            &mut entry.0
        } else {
            &mut entry.1
        };
        list.push(r.get(2)?);
    }
    let mut consents: HashMap<i64, Vec<Consent>> = HashMap::new();
    let mut st = tx.prepare_cached(&format!(
        "SELECT id, purpose_id, given_at, expires_at, source_kind, source_ref, wording_version, withdrawn_at, contact_seq
         FROM consent WHERE {IN_PAGE} ORDER BY contact_seq, given_at, id"
    ))?;
    let mut q = st.query([&seqs])?;
    while let Some(r) = q.next()? {
        consents.entry(r.get(8)?).or_default().push(consent_row(r)?);
    }
    let mut st = tx.prepare_cached(&format!(
        "SELECT DISTINCT contact_seq FROM objection WHERE {IN_PAGE}"
    ))?;
    let objected: HashSet<i64> = st
        .query_map([&seqs], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (seq, id, name, organisation, restricted) in rows {
        let (emails, phones) = points.remove(&seq).unwrap_or_default();
        let consents = consents.remove(&seq).unwrap_or_default();
        out.push(Summary {
            id: id_from_sql(id)?,
            name,
            organisation,
            emails,
            phones,
            status: overall(&consents, now),
            nearest_expiry: nearest_expiry(&consents, now),
            restricted,
            objected: objected.contains(&seq),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{fts_query, name_range};

    #[test]
    fn typed_text_becomes_a_safe_prefix_query() {
        assert_eq!(fts_query("ann"), Some("\"ann\"*".into()));
        assert_eq!(fts_query("  Ann  Lind "), Some("\"Ann\"* \"Lind\"*".into()));
        assert_eq!(fts_query("anna@ex"), Some("\"anna\"* \"ex\"*".into()));
        assert_eq!(
            fts_query("\" OR 1=1 --"),
            Some("\"OR\"* \"1\"* \"1\"*".into())
        );
        assert_eq!(fts_query("  *\"() "), None);
    }

    #[test]
    fn one_ascii_letter_or_digit_reads_a_name_range() {
        assert_eq!(name_range("A"), Some(("a".into(), "b".into())));
        assert_eq!(name_range(" z* "), Some(("z".into(), "{".into())));
        assert_eq!(name_range("7"), Some(("7".into(), "8".into())));
        assert_eq!(name_range("ö"), None);
        assert_eq!(name_range("an"), None);
        assert_eq!(name_range("a b"), None);
        assert_eq!(name_range("  "), None);
    }
}
