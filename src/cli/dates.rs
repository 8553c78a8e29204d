//! Dates on the command line: `YYYY-MM-DD`, read as the start of that day in UTC.

use crate::domain::Instant;
use chrono::{NaiveDate, TimeZone, Utc};

pub fn parse(text: &str) -> anyhow::Result<Instant> {
    let d = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| anyhow::anyhow!("a date is written YYYY-MM-DD, e.g. 2026-11-29"))?;
    Ok(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()))
}

pub fn show(at: Instant) -> String {
    at.format("%Y-%m-%d").to_string()
}

pub fn show_opt(at: Option<Instant>) -> String {
    at.map_or_else(|| "—".into(), show)
}
