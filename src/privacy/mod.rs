//! Use-cases: every data-subject right and privacy operation lives here once, called by both the
//! command line and the desktop app. Each write is one store transaction that also appends its
//! audit event, so an operation and its record commit together or not at all.

pub mod access_export;
pub mod access_report;
pub mod activities;
pub mod audience;
pub mod audit;
pub mod consent;
pub mod contacts;
pub mod demo;
pub mod erasure;
pub mod export_all;
pub mod import;
pub mod organisations;
pub mod overview;
pub mod rekey;
pub mod restrict;
pub mod retention;
pub mod security;
pub mod session;
pub mod settings;
pub mod team;
pub mod today;
pub mod wording;

use crate::domain::contact::ContactError;
use crate::domain::preference::PrefError;
use crate::store::StoreError;
use std::path::PathBuf;

/// `Debug` that prints only the type's name: for results that carry names and addresses.
macro_rules! redacted_debug {
    ($($t:ty),* $(,)?) => {
        $(impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($t), "(<redacted>)"))
            }
        })*
    };
}
pub(crate) use redacted_debug;

/// Why an operation was refused or failed. Never carries personal data.
#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Vault(#[from] crate::vault::VaultError),
    #[error(transparent)]
    Contact(#[from] ContactError),
    #[error(transparent)]
    Preference(#[from] PrefError),
    #[error("there is no purpose with that name: see `rapport purposes` for the list")]
    UnknownPurpose,
    #[error(
        "processing of this contact is restricted (GDPR Art. 18): lift it with `rapport unrestrict ID` first"
    )]
    Restricted,
    #[error("{0}")]
    Invalid(String),
    #[error("could not write {0}: {1}; nothing was left behind")]
    Io(PathBuf, std::io::ErrorKind),
    #[error(
        "the store did not verify under its new key (is the file read-only?): the vault still holds both keys, so the next open settles on the one that works. Check the folder's permissions and run `rapport rekey` again"
    )]
    RekeyUnverified,
    /// The user's role does not allow the action (issue 13).
    #[error(transparent)]
    Refused(#[from] gate::Refused),
}

impl PrivacyError {
    pub fn not_found() -> Self {
        PrivacyError::Store(StoreError::NotFound)
    }
}
// --- accountability ---
pub mod backup;
pub mod exports_register;
pub mod record;
pub mod requests;
// --- roles (issue 13) ---
pub mod gate;
// --- everyday-gui ---
pub mod outcomes;
// --- vocab ---
pub mod industries;
