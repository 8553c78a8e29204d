//! Editing the industry vocabulary (issue 15), as Settings → Industries and
//! `rapport org industries` do it: list with use counts, add, rename, take out (deleted if no
//! organisation uses it, retired if some do) and offer again. Company vocabulary, not personal
//! data; audited as settings changes with the code only.

use super::PrivacyError;
use crate::domain::activity::code_of;
use crate::domain::audit::NewEvent;
use crate::domain::organisation::industry;
use crate::domain::{Action, Instant};
use crate::store::{self, Store};

pub use crate::store::industries::{Entry, Taken};

fn invalid(e: impl std::fmt::Display) -> PrivacyError {
    PrivacyError::Invalid(e.to_string())
}

fn audit(tx: &store::Tx, detail: String, now: Instant) -> Result<(), PrivacyError> {
    store::audit::append(
        tx,
        &NewEvent::new(now, Action::Settings, None).detail(detail),
    )?;
    Ok(())
}

/// Every industry with its use, by label.
pub fn vocabulary(store: &Store) -> Result<Vec<Entry>, PrivacyError> {
    Ok(store.read(store::industries::vocabulary)?)
}

/// Adds an industry; without a code, one is made from the label ("IT services" →
/// `it_services`). Returns the code.
pub fn add(
    store: &mut Store,
    code: Option<&str>,
    label: &str,
    now: Instant,
) -> Result<String, PrivacyError> {
    let code = code.map_or_else(|| code_of(label), str::to_string);
    let (code, label) = industry(&code, label).map_err(invalid)?;
    store.write(|tx| {
        store::industries::add(tx, &code, &label)?;
        audit(tx, format!("industry.add {code}"), now)?;
        Ok(code)
    })
}

/// Gives an industry a new label (checked as a new one's label is).
pub fn rename(
    store: &mut Store,
    code: &str,
    label: &str,
    now: Instant,
) -> Result<(), PrivacyError> {
    let (code, label) = industry(code, label).map_err(invalid)?;
    store.write(|tx| {
        store::industries::rename(tx, &code, &label)?;
        audit(tx, format!("industry.rename {code}"), now)
    })
}

/// Takes an industry out: gone when no organisation has it, else retired (kept for them).
pub fn take_out(store: &mut Store, code: &str, now: Instant) -> Result<Taken, PrivacyError> {
    let code = code.trim().to_string();
    store.write(|tx| {
        let taken = store::industries::take_out(tx, &code, now)?;
        let what = match taken {
            Taken::Deleted => "remove",
            Taken::Retired => "retire",
        };
        audit(tx, format!("industry.{what} {code}"), now)?;
        Ok(taken)
    })
}

/// Offers a retired industry again.
pub fn restore(store: &mut Store, code: &str, now: Instant) -> Result<(), PrivacyError> {
    let code = code.trim().to_string();
    store.write(|tx| {
        store::industries::restore(tx, &code)?;
        audit(tx, format!("industry.restore {code}"), now)
    })
}
