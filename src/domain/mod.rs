//! Pure domain types and rules: no SQL, no UI, no file system, no clock (`now` is a parameter).
//!
//! Every type that holds personal data implements `Debug` by hand so that values never reach a
//! log line or a panic message.

pub mod activity;
pub mod audience;
pub mod audit;
pub mod consent;
pub mod contact;
pub mod controller;
pub mod ids;
pub mod organisation;
pub mod preference;
pub mod purpose;
pub mod request;
pub mod retention;
pub mod validate;

pub use audit::{Action, AuditEvent};
pub use consent::{Consent, ConsentSource, ConsentStatus, ProofKind};
pub use contact::{
    Contact, ContactDraft, ContactPoint, DataSource, PointKind, PointLabel, SourceKind, Stage,
};
pub use ids::{ContactId, PurposeId};
pub use preference::{Answer, Channel, Channels, ObjectionScope, PrefAssignment, Preferences};
pub use purpose::{DataCategory, LegalBasis, Purpose, RetentionRule};

/// A UTC instant; everything in the domain is UTC, the faces convert for display.
pub type Instant = chrono::DateTime<chrono::Utc>;
