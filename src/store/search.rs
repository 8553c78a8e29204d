//! The contact list and prefix search over names, organisation and email (FTS5). Per-keystroke
//! searches are unranked (index order); ranking by bm25 is for when the caller asks for it.

use super::consents::list_for_seq;
use super::contacts::id_from_sql;
use super::{StoreError, Tx};
use crate::domain::consent::{nearest_expiry, overall};
use crate::domain::{ConsentStatus, ContactId, Instant};
use rusqlite::params;
use serde::Serialize;

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
    /// Best matches first (bm25).
    Ranked,
}

/// Turns what a person typed into an FTS5 prefix query: every word must match the start of a
/// token. Returns `None` when nothing searchable was typed.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A page of the list in name order.
pub fn page(
    tx: &Tx,
    offset: usize,
    limit: usize,
    now: Instant,
) -> Result<Vec<Summary>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT seq, id, display_name, organisation, restricted FROM contact
         ORDER BY display_name COLLATE NOCASE, seq LIMIT ?1 OFFSET ?2",
    )?;
    let rows = st.query_map(params![limit as i64, offset as i64], row)?;
    let rows: Vec<_> = rows.collect::<Result<_, _>>()?;
    summarise(tx, rows, now)
}

/// Contacts matching `text` (prefix search), at most `limit`.
pub fn search(
    tx: &Tx,
    text: &str,
    limit: usize,
    order: Order,
    now: Instant,
) -> Result<Vec<Summary>, StoreError> {
    let Some(query) = fts_query(text) else {
        return page(tx, 0, limit, now);
    };
    let sql = match order {
        Order::Unranked => {
            "SELECT c.seq, c.id, c.display_name, c.organisation, c.restricted
             FROM contact_fts f JOIN contact c ON c.seq = f.rowid WHERE contact_fts MATCH ?1 LIMIT ?2"
        }
        Order::Ranked => {
            "SELECT c.seq, c.id, c.display_name, c.organisation, c.restricted
             FROM contact_fts f JOIN contact c ON c.seq = f.rowid WHERE contact_fts MATCH ?1 ORDER BY rank LIMIT ?2"
        }
    };
    let mut st = tx.prepare_cached(sql)?;
    let rows = st.query_map(params![query, limit as i64], row)?;
    let rows: Vec<_> = rows.collect::<Result<_, _>>()?;
    summarise(tx, rows, now)
}

type Row = (i64, Vec<u8>, String, String, bool);

fn row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn summarise(tx: &Tx, rows: Vec<Row>, now: Instant) -> Result<Vec<Summary>, StoreError> {
    let mut points = tx.prepare_cached("SELECT kind, value FROM contact_point WHERE contact_seq = ?1 AND kind IN ('email', 'phone') ORDER BY id")?;
    let mut objected =
        tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM objection WHERE contact_seq = ?1)")?;
    let mut out = Vec::with_capacity(rows.len());
    for (seq, id, name, organisation, restricted) in rows {
        let (mut emails, mut phones) = (Vec::new(), Vec::new());
        for p in points.query_map([seq], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })? {
            let (kind, value) = p?;
            if kind == "email" {
                emails.push(value)
            } else {
                phones.push(value)
            }
        }
        let consents = list_for_seq(tx, seq)?;
        out.push(Summary {
            id: id_from_sql(id)?,
            name,
            organisation,
            emails,
            phones,
            status: overall(&consents, now),
            nearest_expiry: nearest_expiry(&consents, now),
            restricted,
            objected: objected.query_row([seq], |r| r.get(0))?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::fts_query;

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
}
