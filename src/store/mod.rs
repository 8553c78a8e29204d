//! The encrypted store: the only place with SQL. A SQLCipher database keyed with the raw data
//! key; reads and writes go through `Store::read` / `Store::write`, and a write is one
//! transaction that commits only when its closure returns `Ok`.

pub mod activities;
pub mod audience;
pub mod audit;
pub mod audit_team;
pub mod changes;
pub mod consents;
pub mod contacts;
pub mod erasure;
mod error;
pub mod facts;
pub mod fts;
pub mod migrate;
mod open;
pub mod organisations;
pub mod overview;
pub mod purposes;
pub mod rekey;
pub mod search;
pub mod settings;
mod sqlcipher_ready;
pub mod team;
pub mod team_everyday;
mod team_everyday_apply;
mod team_log;
mod time;

pub use error::StoreError;
pub use open::{BULK_CACHE_KIB, CACHE_KIB, DB_FILE, Store, Tx};
pub use time::{from_db, to_db};
// --- accountability ---
pub mod backup;
pub mod controller;
pub mod exports;
pub mod requests;
// --- everyday-gui ---
pub mod outcomes;
// --- vocab ---
pub mod industries;
pub mod unplaced;
