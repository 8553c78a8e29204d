//! Backups that never resurrect the erased. `backup` writes an encrypted copy of the store (a
//! SQLCipher file keyed with the data key, so the recovery key opens it). Every erasure is also
//! appended to an erasure ledger beside the vault (`erasure-ledger.jsonl`: random subject ids,
//! dates and reason codes — tombstones only), outside any backup. `restore` brings a backup back
//! and replays every erasure in the ledger before the copy replaces the store; without the
//! ledger it is refused unless forced.

use super::PrivacyError;
use crate::domain::audit::{NewEvent, actor};
use crate::domain::{Action, ContactId, Instant};
use crate::store::erasure::Tombstone;
use crate::store::{self, DB_FILE, Store};
use crate::vault::DataKey;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The ledger's file name, beside `vault.json` and the database.
pub const LEDGER_FILE: &str = "erasure-ledger.jsonl";

/// One line of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub subject: String,
    pub erased_at: Instant,
    pub reason: String,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> PrivacyError + '_ {
    move |e| PrivacyError::Io(path.to_path_buf(), e.kind())
}

pub fn ledger_path(data_dir: &Path) -> PathBuf {
    data_dir.join(LEDGER_FILE)
}

fn data_dir(store: &Store) -> PathBuf {
    store
        .path()
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// The ledger's entries; `None` when there is no ledger. A damaged line (a crash mid-append)
/// is skipped: the next sync writes it again from the tombstones.
pub fn read_ledger(data_dir: &Path) -> Result<Option<Vec<Entry>>, PrivacyError> {
    let path = ledger_path(data_dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&path)(e)),
    };
    Ok(Some(
        text.lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect(),
    ))
}

/// Appends every tombstone the ledger does not hold yet (after an erasure or a sweep; also
/// creates the ledger). Returns how many were appended.
pub fn sync_ledger(store: &Store) -> Result<usize, PrivacyError> {
    let dir = data_dir(store);
    let known: HashSet<String> = read_ledger(&dir)?
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.subject)
        .collect();
    let tombstones = store.read(store::backup::tombstones)?;
    let mut lines = String::new();
    let mut n = 0;
    for (subject, erased_at, reason) in tombstones {
        if known.contains(&subject) {
            continue;
        }
        let e = Entry {
            subject,
            erased_at,
            reason,
        };
        lines += &serde_json::to_string(&e).unwrap_or_default();
        lines.push('\n');
        n += 1;
    }
    let path = ledger_path(&dir);
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(io(&path))?;
    if n > 0 {
        f.write_all(lines.as_bytes()).map_err(io(&path))?;
        f.sync_all().map_err(io(&path))?;
    }
    Ok(n)
}

/// Writes an encrypted copy of the store to `out` (refused if it exists), and records it.
pub fn backup(store: &mut Store, out: &Path, now: Instant) -> Result<PathBuf, PrivacyError> {
    if out.exists() {
        return Err(PrivacyError::Invalid(
            "a file of that name exists already: give --out a new file name".into(),
        ));
    }
    // The ledger starts no later than the first backup, so every later erasure is in it.
    sync_ledger(store)?;
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let tmp = dir.join(format!(".rapport-backup-{}.tmp", uuid::Uuid::new_v4()));
    // The time is recorded before the copy, so the copy knows when it was made.
    store.write(|tx| {
        store::backup::set_last_backup(tx, now)?;
        store::audit::append(tx, &NewEvent::new(now, Action::Backup, None))?;
        Ok::<_, PrivacyError>(())
    })?;
    let copied = store::backup::copy_to(store, &tmp);
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(out)(e)
    })?;
    Ok(out.to_path_buf())
}

/// When the last backup was made, if ever.
pub fn last_backup(store: &Store) -> Result<Option<Instant>, PrivacyError> {
    Ok(store.read(store::backup::last_backup)?)
}

/// Whether the app should remind about a backup: none yet, or the last older than a week.
pub fn backup_due(store: &Store, now: Instant) -> Result<bool, PrivacyError> {
    Ok(last_backup(store)?.is_none_or(|at| now - at > chrono::Duration::days(7)))
}

/// What a restore did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Restored {
    /// Erasures made since the backup, replayed on the restored copy.
    pub replayed: usize,
    /// Whether it ran without a ledger (`force`).
    pub without_ledger: bool,
}

/// Restores `backup` into `data_dir`, whose store is keyed with `key` and must not be open.
/// Every erasure in the ledger is replayed on a copy first; only then does the copy replace
/// the store, so a failure leaves the current store as it was.
pub fn restore(
    data_dir: &Path,
    key: &DataKey,
    backup: &Path,
    force: bool,
    now: Instant,
) -> Result<Restored, PrivacyError> {
    let ledger = read_ledger(data_dir)?;
    if ledger.is_none() && !force {
        return Err(PrivacyError::Invalid(format!(
            "there is no erasure ledger ({LEDGER_FILE}) beside this store, so Rapport cannot tell who was erased after the backup was made: restoring could bring those people back. Nothing was changed; use --force only if you accept that, and erase them again afterwards"
        )));
    }
    if !backup.is_file() {
        return Err(PrivacyError::Invalid(
            "there is no backup file at that path: check the name".into(),
        ));
    }
    let db = data_dir.join(DB_FILE);
    let tmp = data_dir.join(format!(".rapport-restore-{}.db", uuid::Uuid::new_v4()));
    std::fs::copy(backup, &tmp).map_err(io(backup))?;
    let replayed = match replay(&tmp, key, ledger.as_deref().unwrap_or(&[]), force, now) {
        Ok(n) => n,
        Err(e) => {
            remove_db_files(&tmp);
            return Err(match e {
                PrivacyError::Store(store::StoreError::WrongKey) => PrivacyError::Invalid(
                    "this backup was not made from this store (its key does not open it): open it with its own recovery key; nothing was changed".into(),
                ),
                e => e,
            });
        }
    };
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(data_dir.join(format!("{DB_FILE}{suffix}")));
    }
    std::fs::rename(&tmp, &db).map_err(io(&db))?;
    remove_db_files(&tmp);
    Ok(Restored {
        replayed,
        without_ledger: ledger.is_none(),
    })
}

fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Opens the copy, erases everyone the ledger names who is in it, records the restore, and
/// leaves the copy closed with nothing in its WAL.
fn replay(
    copy: &Path,
    key: &DataKey,
    ledger: &[Entry],
    forced: bool,
    now: Instant,
) -> Result<usize, PrivacyError> {
    let mut restored = Store::open(copy, key)?;
    let n = restored.write(|tx| {
        let mut n = 0;
        for e in ledger {
            let Ok(id) = ContactId::parse(&e.subject) else {
                continue;
            };
            if store::contacts::exists(tx, id)? {
                let held = store::erasure::holdings(tx, id)?;
                store::erasure::suppress_points(tx, id)?;
                store::contacts::delete(tx, id)?;
                super::erasure::audit_replayed(tx, id, &e.reason, &held, now)?;
                n += 1;
            }
            if store::erasure::tombstone(tx, id)?.is_some() {
                continue;
            }
            store::erasure::add_tombstone(
                tx,
                &Tombstone {
                    subject: e.subject.clone(),
                    erased_at: e.erased_at,
                    reason: e.reason.clone(),
                    requested_by: actor::SYSTEM.into(),
                },
            )?;
        }
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Restore, None)
                .detail(format!("replayed={n} forced={forced}")),
        )?;
        Ok::<_, PrivacyError>(n)
    })?;
    restored.checkpoint_truncate()?;
    drop(restored);
    Ok(n)
}
