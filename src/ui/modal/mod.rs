//! Modals shown over a screen.

pub mod erase;
pub mod log_activity;
