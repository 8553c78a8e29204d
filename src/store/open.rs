//! Creating and opening the store. The order is fixed: `PRAGMA key` first, then a query that
//! proves the key, then WAL, synchronous=FULL, foreign keys, temp store in memory and
//! secure_delete, then migrations. Creating and opening are separate paths: opening a missing or
//! empty file never creates a store.

use super::sqlcipher_ready::sqlcipher_ready;
use super::{StoreError, migrate};
use crate::vault::DataKey;
use hmac::{Hmac, KeyInit, Mac};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use sha2::Sha256;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "rapport.db";

/// The page cache of a connection, in KiB: 32 MiB (SQLite's default is 2 MiB). SQLCipher
/// decrypts and authenticates every page it reads into the cache; with the default, a list,
/// search or audience over more than 2 MiB of pages decrypted them all again on every call.
/// 32 MiB holds the pages an audience reads at 100k contacts (consent records and the index
/// `contact_audience`), so that building it again (another interest, another channel) costs
/// no decryption. The cache fills only with pages actually read.
pub const CACHE_KIB: i64 = 32 * 1024;

/// The page cache of a bulk write (`Store::write_bulk`), in KiB: 256 MiB.
pub const BULK_CACHE_KIB: i64 = 256 * 1024;

/// Prepared statements kept per connection (`prepare_cached`).
const STATEMENT_CACHE: usize = 128;

/// An open, unlocked store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    suppression_key: Zeroizing<[u8; 32]>,
    /// For a second connection to the same file (`another`); SQLCipher holds the key for as
    /// long as the connection is open anyway.
    key: DataKey,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store(<open>)")
    }
}

/// A transaction handed to store functions. Holds what keyed hashing needs.
pub struct Tx<'c> {
    pub(crate) tx: Transaction<'c>,
    suppression_key: &'c [u8; 32],
    /// Whether writes record team changes (`store::changes`), asked once per transaction.
    pub(super) team: std::cell::Cell<super::changes::Mode>,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

impl Tx<'_> {
    /// Runs `f` in a savepoint of this transaction: when it fails, what it wrote is undone
    /// and the transaction goes on without it (several segments in one transaction keep the
    /// ones before a failing one). The outer `Err` is the savepoint itself failing: then
    /// nothing of the transaction may be committed.
    pub fn savepoint<T, E>(
        &self,
        f: impl FnOnce(&Tx) -> Result<T, E>,
    ) -> Result<Result<T, E>, StoreError> {
        self.tx.execute_batch("SAVEPOINT part")?;
        let out = f(self);
        match out {
            Ok(_) => self.tx.execute_batch("RELEASE part")?,
            Err(_) => self.tx.execute_batch("ROLLBACK TO part; RELEASE part")?,
        }
        Ok(out)
    }

    /// HMAC-SHA256 of a normalised email or phone under the store's suppression key.
    pub fn suppression_hash(&self, kind: &str, normalised: &str) -> [u8; 32] {
        suppression_hash(self.suppression_key, kind, normalised)
    }
}

pub(super) fn suppression_hash(key: &[u8; 32], kind: &str, normalised: &str) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(kind.as_bytes());
    mac.update(b":");
    mac.update(normalised.as_bytes());
    mac.finalize().into_bytes().into()
}

fn derive_suppression_key(key: &DataKey) -> Zeroizing<[u8; 32]> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_bytes())
        .expect("HMAC takes any key length");
    mac.update(b"rapport suppression key v1");
    Zeroizing::new(mac.finalize().into_bytes().into())
}

/// A step of creating or opening a connection that failed, and how.
struct Failed {
    step: &'static str,
    error: StoreError,
}

impl Failed {
    /// For `map_err`: labels an error with the step it happened in.
    fn at<E: Into<StoreError>>(step: &'static str) -> impl FnOnce(E) -> Failed {
        move |e| Failed {
            step,
            error: e.into(),
        }
    }

    /// What `Store::create` reports: an unexplained database error says which step it was;
    /// the errors that already say what to do (disk full, busy) stay as they are.
    fn when_creating(self) -> StoreError {
        match self.error {
            StoreError::Database(code) => StoreError::NotCreated {
                step: self.step,
                code,
            },
            other => other,
        }
    }
}

impl Store {
    /// Creates a new store at `path`; refuses if any file is there. A failure names the step
    /// that failed (`StoreError::NotCreated`) and removes what was written.
    pub fn create(
        path: &Path,
        key: &DataKey,
        now: crate::domain::Instant,
    ) -> Result<Store, StoreError> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        let created = Store::create_steps(path, key, now);
        if created.is_err() {
            // Nothing half-made stays behind: the next attempt starts from an empty folder.
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut file = path.as_os_str().to_owned();
                file.push(suffix);
                let _ = std::fs::remove_file(file);
            }
        }
        created.map_err(Failed::when_creating)
    }

    fn create_steps(
        path: &Path,
        key: &DataKey,
        now: crate::domain::Instant,
    ) -> Result<Store, Failed> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        sqlcipher_ready().map_err(|code| Failed {
            step: "starting SQLCipher",
            error: StoreError::Database(code),
        })?;
        let conn =
            Connection::open_with_flags(path, flags).map_err(Failed::at("opening the file"))?;
        let mut store = Store::configure(conn, path, key)?;
        migrate::run(&mut store.conn).map_err(Failed::at("creating the tables"))?;
        store
            .write(|tx| {
                super::purposes::seed(tx, now)?;
                // The chain starts with `init`, so that wiping the whole log is detectable.
                let init =
                    crate::domain::audit::NewEvent::new(now, crate::domain::Action::Init, None)
                        .actor(crate::domain::audit::actor::SYSTEM);
                super::audit::append(tx, &init).map(|_| ())
            })
            .map_err(Failed::at("writing the first purposes and audit entry"))?;
        Ok(store)
    }

    /// Opens an existing store; a missing or empty file is refused, never created.
    pub fn open(path: &Path, key: &DataKey) -> Result<Store, StoreError> {
        match std::fs::metadata(path) {
            Err(_) => return Err(StoreError::Missing(path.to_path_buf())),
            Ok(m) if m.len() == 0 => return Err(StoreError::Empty(path.to_path_buf())),
            Ok(_) => {}
        }
        sqlcipher_ready().map_err(StoreError::Database)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        let mut store = Store::configure(conn, path, key).map_err(|f| f.error)?;
        migrate::run(&mut store.conn)?;
        // A bulk erasure interrupted before its index clean-up, and an erasure whose WAL
        // clean-up was blocked by another window, are finished here.
        let _ =
            super::erasure::finish_index_cleanup(&mut store, super::erasure::CLEANUP_PAGES, || {});
        let _ = store.checkpoint_truncate();
        Ok(store)
    }

    /// The settings every connection gets, in order; an error names the step that failed.
    fn configure(conn: Connection, path: &Path, key: &DataKey) -> Result<Store, Failed> {
        // Silence SQLCipher's own stderr logging (e.g. "hmac check failed" on a wrong key).
        let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        // rusqlite keeps 16 prepared statements by default; an import cycles through more than
        // that per record (lookups, inserts, audit), and each eviction re-parsed its SQL.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Query planner stability: a plan never depends on the values bound to it. Without this,
        // a 100k-card import re-prepared the merge/duplicate lookup (`normalized = ?1`, planned
        // against the partial index `normalized <> ''`) at every call: SQLite can tie a plan to
        // a bound value and then re-prepares at each new value (gdb: `sqlite3Reprepare` under
        // `ids_by_normalized`; import of 100k cards 17-18 s -> 10-11 s; `tests/store.rs` pins
        // the setting). Our queries spell out the literal terms the partial indexes need.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .map_err(Failed::at("setting query planner stability"))?;
        super::fts::register(&conn).map_err(Failed::at("registering the index function"))?;
        let pragma = Zeroizing::new(format!(
            "PRAGMA key = {};",
            key.sqlcipher_literal().as_str()
        ));
        conn.execute_batch(&pragma)
            .map_err(Failed::at("setting the key"))?;
        // The first read proves the key: SQLCipher reports a wrong key as "not a database".
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(Failed::at("reading with the key"))?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(Failed::at("switching to WAL"))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Failed {
                step: "switching to WAL",
                error: StoreError::Database("could not switch to WAL".into()),
            });
        }
        conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA secure_delete = ON;
             PRAGMA busy_timeout = 5000;",
        )
        .map_err(Failed::at("setting durability and safety pragmas"))?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)
            .map_err(Failed::at("sizing the page cache"))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            suppression_key: derive_suppression_key(key),
            key: key.clone(),
        })
    }

    /// The data key, for a backup keyed like the store (`store::backup`).
    pub(crate) fn data_key(&self) -> &DataKey {
        &self.key
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in a read transaction (a consistent snapshot).
    pub fn read<T>(&self, f: impl FnOnce(&Tx) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let tx = Tx {
            tx: self.conn.unchecked_transaction()?,
            suppression_key: &self.suppression_key,
            team: Default::default(),
        };
        let out = f(&tx)?;
        tx.tx.finish()?;
        Ok(out)
    }

    /// Runs `f` in one immediate write transaction that commits only if `f` returns `Ok`.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let tx = Tx {
            tx,
            suppression_key: &self.suppression_key,
            team: Default::default(),
        };
        let out = f(&tx)?;
        tx.tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// `write` for one large transaction (an import file): the page cache is raised to
    /// `BULK_CACHE_KIB` for its duration and restored afterwards. With the default 2 MB cache a
    /// 100k-contact transaction spilled dirty pages into the WAL mid-transaction (each one
    /// encrypted, and rewritten again when touched later); this way each page is written once,
    /// at commit. The cache only grows as pages are touched, so a small file costs nothing.
    pub fn write_bulk<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        let old: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .map_err(StoreError::from)?;
        self.conn
            .pragma_update(None, "cache_size", -BULK_CACHE_KIB)
            .map_err(StoreError::from)?;
        let out = self.write(f);
        let restored = self.conn.pragma_update(None, "cache_size", old);
        let out = out?;
        restored.map_err(StoreError::from)?;
        Ok(out)
    }

    /// Sets the page cache to `kib` KiB (`CACHE_KIB` is the usual size): a long run of short
    /// transactions over pages spread through the file (the retention sweep) keeps them
    /// decrypted between its transactions. Shrinking frees what is over the new size.
    pub fn set_cache_kib(&mut self, kib: i64) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "cache_size", -kib.max(1))?;
        Ok(())
    }

    /// Checkpoints the WAL into the database and truncates it to zero bytes, so that nothing
    /// deleted lingers in the WAL.
    pub fn checkpoint_truncate(&self) -> Result<(), StoreError> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(StoreError::Busy);
        }
        Ok(())
    }

    /// A second connection to this store's file, with the same key and settings (the schema is
    /// already current). Long work on a connection of its own (the retention sweep) never
    /// makes this one wait: in WAL mode its reads go on beside the other's writes.
    pub fn another(&self) -> Result<Store, StoreError> {
        sqlcipher_ready().map_err(StoreError::Database)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        Store::configure(conn, &self.path, &self.key).map_err(|f| f.error)
    }

    /// Commits on this connection stop waiting for the disk (`synchronous = NORMAL`); only a
    /// checkpoint does (the WAL, then the database). For a connection of bulk work that
    /// checkpoints after every transaction (the retention sweep): a power cut between a commit
    /// and its checkpoint loses that one transaction whole, never part of it.
    pub fn sync_at_checkpoints(&self) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }

    /// Commits wait for the disk again (`synchronous = FULL`, as a store opens): the end of
    /// `sync_at_checkpoints`. The next commit's sync of the WAL covers the frames before it.
    pub fn sync_at_commits(&self) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(())
    }

    /// Copies what the WAL holds into the database without waiting for readers or writers (a
    /// PASSIVE checkpoint).
    pub fn checkpoint_passive(&self) -> Result<(), StoreError> {
        let _: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(0))?;
        Ok(())
    }

    /// `PRAGMA integrity_check` and `PRAGMA cipher_integrity_check`; returns the problems found.
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        for row in st.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut st = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        for row in st.query_map([], |r| r.get::<_, String>(0))? {
            problems.push(row?);
        }
        Ok(problems)
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Direct access for the store's own tests and benchmarks' raw-SQL baselines.
    #[doc(hidden)]
    pub fn raw_connection(&self) -> &Connection {
        &self.conn
    }
}
