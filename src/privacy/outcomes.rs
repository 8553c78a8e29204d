//! Editing the outcome vocabulary (issue 15), as Settings does it: list with use counts, add
//! (through `activities::add_outcome`), rename, take out (deleted if unused, retired if logged
//! activities use it) and restore. Audited as settings changes, with the code only.

use super::PrivacyError;
use crate::domain::activity as rules;
use crate::domain::audit::NewEvent;
use crate::domain::{Action, Instant};
use crate::store::{self, Store};

pub use crate::store::outcomes::{Entry, Taken};

/// Every outcome with its use, in-use ones first.
pub fn vocabulary(store: &Store) -> Result<Vec<Entry>, PrivacyError> {
    Ok(store.read(store::outcomes::vocabulary)?)
}

fn audit(tx: &store::Tx, detail: String, now: Instant) -> Result<(), PrivacyError> {
    store::audit::append(
        tx,
        &NewEvent::new(now, Action::Settings, None).detail(detail),
    )?;
    Ok(())
}

/// Gives an outcome a new label (checked as a new outcome's label is).
pub fn rename(
    store: &mut Store,
    code: &str,
    label: &str,
    now: Instant,
) -> Result<(), PrivacyError> {
    let o = rules::outcome(code, label)?;
    store.write(|tx| {
        store::outcomes::rename(tx, &o.code, &o.label)?;
        audit(tx, format!("outcome.rename {}", o.code), now)
    })
}

/// Takes an outcome out: gone when no activity used it, else retired (kept for them).
pub fn take_out(store: &mut Store, code: &str, now: Instant) -> Result<Taken, PrivacyError> {
    store.write(|tx| {
        let taken = store::outcomes::take_out(tx, code, now)?;
        let what = match taken {
            Taken::Deleted => "remove",
            Taken::Retired => "retire",
        };
        audit(tx, format!("outcome.{what} {code}"), now)?;
        Ok(taken)
    })
}

/// Offers a retired outcome again.
pub fn restore(store: &mut Store, code: &str, now: Instant) -> Result<(), PrivacyError> {
    store.write(|tx| {
        store::outcomes::restore(tx, code)?;
        audit(tx, format!("outcome.restore {code}"), now)
    })
}
