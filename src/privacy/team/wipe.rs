//! The removed laptop's side of offboarding (issue 13): a sync round that, when the verified
//! roster says this laptop was removed, wipes its store — key material first, then the files —
//! and returns the sentence that says why (the CLI prints it, the GUI shows it).

use super::round;
use super::state::Ctx;
use super::{RoundReport, SyncStatus, TeamError};
use crate::domain::Instant;
use crate::store::{self, Store};
use serde::Serialize;
use std::path::Path;

fn invalid(e: impl ToString) -> TeamError {
    TeamError::Invalid(e.to_string())
}

/// What a removed laptop was told after its store was wiped.
#[derive(Clone, Serialize)]
pub struct Wiped {
    /// The team's name as the roster states it.
    pub team: String,
}
crate::privacy::redacted_debug!(Wiped);

impl Wiped {
    /// The sentence to show (CLI and GUI).
    pub fn message(&self) -> String {
        format!(
            "This laptop was removed from the team {} by an admin; its copy of the team's data was deleted.",
            self.team
        )
    }
}

/// How a sync ended for this laptop.
#[derive(Debug)]
pub enum SyncOutcome {
    Synced(RoundReport),
    /// This laptop was removed from the team; its store is gone.
    Wiped(Wiped),
}

/// One sync round; when the verified roster says this laptop was removed, wipes its store
/// (`wipe`) and says why. For the GUI: drop every other connection to the store first (the
/// app's own `Store`, background `Store::another`s); then show `Wiped::message` and go back
/// to the first-run screen, since the data directory no longer holds a store.
pub fn sync_or_wipe(
    mut store: Store,
    data_dir: &Path,
    now: Instant,
) -> Result<SyncOutcome, TeamError> {
    let report = round::round(&mut store, now)?;
    if report.status != SyncStatus::Removed {
        return Ok(SyncOutcome::Synced(report));
    }
    let ctx = Ctx::load(&store)?;
    let team = ctx
        .verify(&[])
        .and_then(|v| v.roster)
        .map(|r| r.name)
        .unwrap_or_else(|| "(unnamed)".into());
    wipe(store, data_dir)?;
    Ok(SyncOutcome::Wiped(Wiped { team }))
}

/// Wipes this laptop's store: first the key material (the team keys inside the store, then
/// the vault file or keyring entry that holds the data key), then the store's files (the
/// database with its -wal and -shm, the sync lock). Without the key the files were unreadable
/// already; they go too so nothing is left to attack.
pub fn wipe(mut store: Store, data_dir: &Path) -> Result<(), TeamError> {
    store.write(store::team::forget_keys)?;
    let _ = store.checkpoint_truncate();
    let db = store.path().to_path_buf();
    drop(store);
    crate::vault::destroy(data_dir).map_err(invalid)?;
    let mut files = vec![db.with_extension("team-lock")];
    for suffix in ["-wal", "-shm", "-journal", ""] {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        files.push(p.into());
    }
    for f in files {
        match std::fs::remove_file(&f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(invalid(format!(
                    "the store's key was deleted but {} could not be removed ({}): delete it by hand",
                    f.display(),
                    e.kind()
                )));
            }
        }
    }
    Ok(())
}
