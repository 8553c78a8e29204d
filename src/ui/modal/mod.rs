//! Modals shown over a screen.

pub mod erase;
