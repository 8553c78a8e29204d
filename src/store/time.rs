//! Instants are stored as UTC microseconds since the Unix epoch.

use crate::domain::Instant;
use chrono::{DateTime, Utc};

pub fn to_db(at: Instant) -> i64 {
    at.timestamp_micros()
}

pub fn from_db(micros: i64) -> Instant {
    DateTime::<Utc>::from_timestamp_micros(micros).unwrap_or_default()
}

pub fn opt_to_db(at: Option<Instant>) -> Option<i64> {
    at.map(to_db)
}

pub fn opt_from_db(micros: Option<i64>) -> Option<Instant> {
    micros.map(from_db)
}
