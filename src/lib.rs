//! Rapport: an offline-first desktop CRM where GDPR compliance is the natural way to work.
//!
//! Layers, one way only: faces (`ui`, `cli`) → `privacy` (use-cases) → `domain` / `store` /
//! `exchange` → `vault`. `domain` is pure; SQL lives only in `store`.

pub mod atomic;
pub mod cli;
pub mod domain;
pub mod exchange;
pub mod privacy;
pub mod store;
pub mod team;
pub mod ui;
pub mod vault;
