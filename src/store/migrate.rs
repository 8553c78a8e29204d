//! Schema migrations: numbered SQL files in `migrations/`, embedded at compile time and
//! append-only. The version is `PRAGMA user_version`; all pending migrations run in one
//! immediate transaction; a store written by a newer version is refused, unchanged.

use super::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// Every migration, in order; the schema version is the number applied.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../migrations/0001_init.sql")),
    (
        "0002_smaller_rows",
        include_str!("../../migrations/0002_smaller_rows.sql"),
    ),
    (
        "0003_audit_append_only",
        include_str!("../../migrations/0003_audit_append_only.sql"),
    ),
    (
        "0004_audience_facts",
        include_str!("../../migrations/0004_audience_facts.sql"),
    ),
    (
        "0005_fts_prefix_index",
        include_str!("../../migrations/0005_fts_prefix_index.sql"),
    ),
    (
        "0006_fts_email_terms",
        include_str!("../../migrations/0006_fts_email_terms.sql"),
    ),
    ("0007_team", include_str!("../../migrations/0007_team.sql")),
    (
        "0008_accountability",
        include_str!("../../migrations/0008_accountability.sql"),
    ),
    (
        "0009_everyday",
        include_str!("../../migrations/0009_everyday.sql"),
    ),
    (
        "0010_audit_team",
        include_str!("../../migrations/0010_audit_team.sql"),
    ),
    (
        "0014_everyday_speed",
        include_str!("../../migrations/0014_everyday_speed.sql"),
    ),
    (
        "0015_activity_layout",
        include_str!("../../migrations/0015_activity_layout.sql"),
    ),
    (
        "0016_team_everyday",
        include_str!("../../migrations/0016_team_everyday.sql"),
    ),
    (
        "0017_team_compact",
        include_str!("../../migrations/0017_team_compact.sql"),
    ),
    (
        "0018_industry_retired",
        include_str!("../../migrations/0018_industry_retired.sql"),
    ),
    (
        "0019_contact_counter",
        include_str!("../../migrations/0019_contact_counter.sql"),
    ),
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the schema up to date. A brand-new (empty) database gets every migration.
pub fn run(conn: &mut Connection) -> Result<(), StoreError> {
    run_to(conn, latest())
}

/// Applies migrations up to `target` (tests use this to build frozen older schemas).
pub fn run_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    // Schema 6 rebuilds the index with it; registering twice replaces the same function.
    super::fts::register(conn)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > latest() {
        return Err(StoreError::TooNew {
            found: version,
            supported: latest(),
        });
    }
    if version == 0 {
        let tables: i64 = tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if tables > 0 {
            return Err(StoreError::NotAStore);
        }
    }
    for (n, (_, sql)) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(version as usize)
    {
        if n + 1 == 4 {
            refuse_too_many_interests(&tx)?;
        }
        tx.execute_batch(sql)?;
    }
    if target > version {
        tx.pragma_update(None, "user_version", target)?;
    }
    tx.commit()?;
    Ok(())
}

/// Schema 4 gives every interest a bit in a 63-bit mask: a store with more interests cannot
/// move to it without losing answers, so it is refused (and left as it is) with what to do.
fn refuse_too_many_interests(tx: &rusqlite::Transaction) -> Result<(), StoreError> {
    let interests: i64 = tx.query_row("SELECT count(*) FROM interest", [], |r| r.get(0))?;
    if interests > super::purposes::MAX_INTERESTS {
        return Err(StoreError::Invalid(format!(
            "this store has {interests} interests and this version of Rapport keeps at most 63 interests: remove interests you no longer need (Settings) with the previous version first"
        )));
    }
    Ok(())
}
