//! Store errors. A `rusqlite::Error` can carry user data in its message, so it is reduced to its
//! result code here and never shown or logged raw.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "there is no Rapport database at {0}: run `rapport init` to create one, or pass --data-dir"
    )]
    Missing(PathBuf),
    #[error(
        "{0} is empty, not a Rapport store: remove it or pass another --data-dir; nothing was changed"
    )]
    Empty(PathBuf),
    #[error("a store already exists at {0}: nothing was changed")]
    Exists(PathBuf),
    #[error(
        "the key does not open this database (wrong key, or the file is not a Rapport store): nothing was changed"
    )]
    WrongKey,
    #[error("this file is an encrypted database but not a Rapport store")]
    NotAStore,
    #[error(
        "this store was written by a newer version of Rapport (schema {found}, this version knows up to {supported}): update Rapport to open it; nothing was changed"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("the store is busy in another Rapport window or command: close it and try again")]
    Busy,
    #[error("the disk is full: free some space and try again; the store is unchanged")]
    DiskFull,
    #[error(
        "the store could not be read or written ({0}): nothing was changed; check the disk, and restore from a backup if this repeats"
    )]
    Database(String),
    #[error(
        "the new store could not be created: {step} failed ({code}); nothing was kept: try again, and check the disk if it repeats"
    )]
    NotCreated { step: &'static str, code: String },
    #[error("no contact with that id: see `rapport list`")]
    NotFound,
    #[error("{0}")]
    Invalid(String),
    #[error("could not {0} {1}: {2}")]
    Io(&'static str, PathBuf, std::io::ErrorKind),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::NotADatabase) => StoreError::WrongKey,
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy,
            Some(C::DiskFull) => StoreError::DiskFull,
            // The extended code tells apart what the primary code lumps together (SQLITE_ERROR
            // is "Unknown" to rusqlite); neither carries user data, unlike the message.
            Some(code) => StoreError::Database(match &e {
                rusqlite::Error::SqliteFailure(f, _) => {
                    format!("{code:?}, SQLite code {}", f.extended_code)
                }
                _ => format!("{code:?}"),
            }),
            None => StoreError::Database(match e {
                rusqlite::Error::QueryReturnedNoRows => "no rows".into(),
                rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::FromSqlConversionFailure(..) => {
                    "unexpected value in a column".into()
                }
                _ => "internal error".into(),
            }),
        }
    }
}
