//! The role check before a local write: this laptop's standing in the team (from the signed
//! roster the store holds, so it works offline) against the action's rule in
//! `team::access`. `open` refuses BEFORE the unlock is recorded in the audit log, so a refused
//! command leaves the store's files byte-identical.

use super::PrivacyError;
use super::team::policy::{self, Standing};
use crate::domain::Instant;
use crate::store::Store;
use crate::team::access::{self, Action};
use crate::vault::{self, Secret};
use std::path::Path;

/// An action this laptop's user may not do. One sentence naming the role, no personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", sentence(*.standing, *.action))]
pub struct Refused {
    pub standing: Standing,
    pub action: Action,
}

fn sentence(standing: Standing, action: Action) -> String {
    let what = action.phrase();
    match standing {
        Standing::Member(role) => {
            format!("Your role in the team is {role}: it cannot {what}. Ask an admin of the team.")
        }
        Standing::Joining => format!(
            "This laptop is not yet accepted in the team: it cannot {what} until an admin runs `rapport sync` and this laptop syncs after them."
        ),
        Standing::Removed => {
            format!("This laptop was removed from the team: it cannot {what}.")
        }
        // Solo acts as admin and is never refused; said anyway rather than panicking.
        Standing::Solo => format!("This store cannot {what}."),
    }
}

/// `Ok` when `standing` allows `action`.
pub fn check(standing: Standing, action: Action) -> Result<(), Refused> {
    if access::permits(standing.role(), action) {
        Ok(())
    } else {
        Err(Refused { standing, action })
    }
}

/// Whether `standing` allows `action` (the GUI's buttons).
pub fn allows(standing: Standing, action: Action) -> bool {
    access::permits(standing.role(), action)
}

/// This laptop's standing; a roster that cannot be read counts as "no role" (reads only), so
/// a damaged team state never widens what the user may do.
pub fn standing_of(store: &Store) -> Standing {
    match policy::standing(store) {
        Ok((s, _)) => s,
        Err(_) => Standing::Joining,
    }
}

/// `session::open`, refusing `action` (when given) before anything is written: the unlock is
/// recorded and expired exports swept only once the role allows the action.
pub fn open(
    dir: &Path,
    secret: Secret,
    now: Instant,
    action: Option<Action>,
) -> Result<Store, PrivacyError> {
    let Some(action) = action else {
        return super::session::open(dir, secret, now);
    };
    let unlocked = vault::unlock_all(dir, secret)?;
    let (mut store, _) = super::rekey::open_settled(dir, &unlocked)?;
    check(standing_of(&store), action)?;
    super::contacts::unlocked(&mut store, now)?;
    let _ = super::exports_register::sweep(&mut store, now);
    Ok(store)
}

/// Checks `action` without keeping the store open (for a command that replaces the store
/// rather than opening it, such as a restore). Writes nothing.
pub fn check_in(dir: &Path, secret: Secret, action: Action) -> Result<(), PrivacyError> {
    let unlocked = vault::unlock_all(dir, secret)?;
    let (store, _) = super::rekey::open_settled(dir, &unlocked)?;
    Ok(check(standing_of(&store), action)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::roster::Role;

    #[test]
    fn the_sentence_names_the_role_and_the_action() {
        let e = check(Standing::Member(Role::ReadOnly), Action::ContactAdd).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Your role in the team is read-only: it cannot add contacts. Ask an admin of the team."
        );
        assert!(check(Standing::Solo, Action::TeamPolicy).is_ok());
        assert!(check(Standing::Member(Role::Sales), Action::Consent).is_ok());
        let e = check(Standing::Member(Role::Sales), Action::Purposes).unwrap_err();
        assert!(
            e.to_string()
                .contains("is sales: it cannot change the purposes")
        );
        assert!(check(Standing::Joining, Action::Import).is_err());
        assert!(check(Standing::Removed, Action::ContactEdit).is_err());
    }
}
