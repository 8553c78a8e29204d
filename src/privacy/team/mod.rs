//! The team use-cases (issue 12): create a team, invite, join, one sync round, members and
//! status. Every function takes the store (a connection of its own when called from a
//! background thread: `Store::another`) and `now`, and returns plain data the CLI prints and a
//! GUI can show.

pub mod apply;

use crate::store::StoreError;
use crate::team::hlc::ClockAhead;

/// Why a team operation failed. One sentence, no personal data.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Privacy(Box<crate::privacy::PrivacyError>),
    #[error(transparent)]
    ClockAhead(#[from] ClockAhead),
    #[error("this store is not in a team: create one with `rapport team create` or join with `rapport team join`")]
    NotInTeam,
    #[error("{0}")]
    Invalid(String),
}

impl From<crate::privacy::PrivacyError> for TeamError {
    fn from(e: crate::privacy::PrivacyError) -> Self {
        match e {
            crate::privacy::PrivacyError::Store(s) => TeamError::Store(s),
            other => TeamError::Privacy(Box::new(other)),
        }
    }
}
