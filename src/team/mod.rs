//! The team: laptops of one firm sharing one customer base through a shared folder.
pub mod change;
pub mod hlc;
pub mod merge;
