//! The register of data-subject requests (table `request`). Rows are read into
//! `domain::request::Request`, changed by its rules, and saved whole; an unknown code in a row
//! (a damaged or newer store) is an error, never a guess.

use super::{StoreError, Tx};
use crate::domain::request::{
    ExtendReason, Kind, Outcome, RefuseReason, Request, Status, VerifyMethod, Via,
};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

const COLUMNS: &str = "id, kind, via, subject, received_on, status, paused_since, paused_days, verify_method, extended_on, extend_reason, refuse_reason, outcome, closed_on";

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(date)
}

fn bad(column: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        "unknown code".into(),
    )
}

fn parse_date(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    r.get::<_, Option<String>>(i)?
        .map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| bad(i)))
        .transpose()
}

fn code<T>(
    r: &rusqlite::Row,
    i: usize,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    r.get::<_, Option<String>>(i)?
        .map(|t| parse(&t).ok_or_else(|| bad(i)))
        .transpose()
}

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Request> {
    Ok(Request {
        id: r.get(0)?,
        kind: code(r, 1, Kind::parse)?.ok_or_else(|| bad(1))?,
        via: code(r, 2, Via::parse)?.ok_or_else(|| bad(2))?,
        subject: r.get(3)?,
        received_on: parse_date(r, 4)?.ok_or_else(|| bad(4))?,
        status: code(r, 5, Status::parse)?.ok_or_else(|| bad(5))?,
        paused_since: parse_date(r, 6)?,
        paused_days: r.get(7)?,
        verify_method: code(r, 8, VerifyMethod::parse)?,
        extended_on: parse_date(r, 9)?,
        extend_reason: code(r, 10, ExtendReason::parse)?,
        refuse_reason: code(r, 11, RefuseReason::parse)?,
        outcome: code(r, 12, Outcome::parse)?,
        closed_on: parse_date(r, 13)?,
    })
}

/// Adds a request; returns its id.
pub fn insert(tx: &Tx, q: &Request) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO request (kind, via, subject, received_on, status, paused_days) VALUES (?1, ?2, ?3, ?4, ?5, 0)",
    )?
    .execute(params![
        q.kind.as_str(),
        q.via.as_str(),
        q.subject,
        date(q.received_on),
        q.status.as_str()
    ])?;
    let id = tx.last_insert_rowid();
    super::team_everyday::request_written(tx, id)?;
    Ok(id)
}

/// Saves every changeable field of a request.
pub fn save(tx: &Tx, q: &Request) -> Result<(), StoreError> {
    let n = tx
        .prepare_cached(
            "UPDATE request SET status = ?2, paused_since = ?3, paused_days = ?4, verify_method = ?5,
             extended_on = ?6, extend_reason = ?7, refuse_reason = ?8, outcome = ?9, closed_on = ?10,
             subject = ?11 WHERE id = ?1",
        )?
        .execute(params![
            q.id,
            q.status.as_str(),
            opt_date(q.paused_since),
            q.paused_days,
            q.verify_method.map(|m| m.as_str()),
            opt_date(q.extended_on),
            q.extend_reason.map(|r| r.as_str()),
            q.refuse_reason.map(|r| r.as_str()),
            q.outcome.map(|o| o.as_str()),
            opt_date(q.closed_on),
            q.subject,
        ])?;
    if n == 0 {
        return Err(StoreError::Invalid(
            "there is no request with that id: see `rapport requests`".into(),
        ));
    }
    super::team_everyday::request_written(tx, q.id)
}

pub fn get(tx: &Tx, id: i64) -> Result<Option<Request>, StoreError> {
    Ok(tx
        .prepare_cached(&format!("SELECT {COLUMNS} FROM request WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Every request, oldest first.
pub fn list(tx: &Tx) -> Result<Vec<Request>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM request ORDER BY received_on, id"
    ))?;
    let rows = st.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The open requests of one contact.
pub fn open_for(tx: &Tx, subject: &str) -> Result<Vec<Request>, StoreError> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM request WHERE subject = ?1 AND status NOT IN ('completed', 'refused', 'withdrawn') ORDER BY id"
    ))?;
    let rows = st.query_map([subject], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
