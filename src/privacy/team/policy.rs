//! What the signed roster says about this laptop's user and the team's rules: the member's
//! role (what the CLI, the GUI and the merge allow) and the team policy an admin set
//! ("second factor required", the longest idle time before the app locks). A store in no team
//! is one person's own: every action is theirs and no policy applies.
//!
//! Policy keys in the roster (`roster::Change::SetPolicy`): `second-factor` = `required` |
//! `optional`; `max-idle-minutes` = a whole number of minutes (1..=240).

use super::TeamError;
use super::state::Ctx;
use crate::store::Store;
use crate::team::roster::{Role, Roster};

/// The roster key of the second-factor rule.
pub const SECOND_FACTOR: &str = "second-factor";
/// The roster key of the longest idle time.
pub const MAX_IDLE_MINUTES: &str = "max-idle-minutes";
/// The idle lock's default when neither the user nor the team chose one.
pub const DEFAULT_IDLE_MINUTES: u32 = 10;

/// The team's rules as the verified roster states them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct TeamPolicy {
    /// Every device must unlock with the passphrase and a second factor.
    pub second_factor_required: bool,
    /// The app locks after at most this many idle minutes.
    pub max_idle_minutes: Option<u32>,
}

impl TeamPolicy {
    /// Reads the policy entries of a roster; an entry that does not parse is ignored.
    pub fn of(roster: &Roster) -> TeamPolicy {
        TeamPolicy {
            second_factor_required: roster
                .policy
                .get(SECOND_FACTOR)
                .is_some_and(|v| v == "required"),
            max_idle_minutes: roster
                .policy
                .get(MAX_IDLE_MINUTES)
                .and_then(|v| v.parse::<u32>().ok())
                .filter(|m| (1..=240).contains(m)),
        }
    }

    /// The idle minutes to use: the user's choice, capped by the team's maximum.
    pub fn idle_minutes(&self, chosen: Option<u32>) -> u32 {
        let chosen = chosen.unwrap_or(DEFAULT_IDLE_MINUTES).max(1);
        match self.max_idle_minutes {
            Some(max) => chosen.min(max),
            None => chosen,
        }
    }
}

/// Who this laptop's user is in the team, from the verified roster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// The store is in no team: one person's own data, every action allowed.
    Solo,
    /// Joined, not yet accepted by an admin: reads only until then.
    Joining,
    /// An active member with this role.
    Member(Role),
    /// This device or its member was removed from the team.
    Removed,
}

impl Standing {
    /// The role whose rights apply (`Solo` acts as an admin of their own store).
    pub fn role(self) -> Option<Role> {
        match self {
            Standing::Solo => Some(Role::Admin),
            Standing::Member(r) => Some(r),
            Standing::Joining | Standing::Removed => None,
        }
    }
}

/// This laptop's standing and the team's policy, read once (a roster replay verifies
/// signatures: callers such as the GUI keep the result instead of asking per click).
pub fn standing(store: &Store) -> Result<(Standing, TeamPolicy), TeamError> {
    let ctx = match Ctx::load(store) {
        Ok(c) => c,
        Err(TeamError::NotInTeam) => return Ok((Standing::Solo, TeamPolicy::default())),
        Err(e) => return Err(e),
    };
    let Some(roster) = ctx.verify(&[]).and_then(|v| v.roster) else {
        return Ok((Standing::Joining, TeamPolicy::default()));
    };
    let policy = TeamPolicy::of(&roster);
    let standing = match roster.devices.get(&ctx.device) {
        None => Standing::Joining,
        Some(d) if d.removed.is_some() => Standing::Removed,
        Some(_) => match roster.device_role(ctx.device) {
            Some(role) => Standing::Member(role),
            None => Standing::Removed,
        },
    };
    Ok((standing, policy))
}

/// Why an unlocked store may not be used yet: the team requires a second factor and this
/// vault has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "the team's policy requires a second factor on every laptop, and this store has none: enrol one with `rapport security second-factor --key-file PATH` (for example on a USB stick), then use it with --key-file or RAPPORT_KEY_FILE; until then only `rapport security` works"
)]
pub struct SecondFactorRequired;

/// Whether this laptop's vault has a second factor enrolled (a key file entering the key
/// derivation; a keyring store has none).
pub fn has_second_factor(data_dir: &std::path::Path) -> bool {
    matches!(
        crate::vault::read(data_dir).map(|v| v.protection),
        Ok(crate::vault::Protection::Passphrase {
            second_factor: Some(_),
            ..
        })
    )
}

/// The check every front end makes right after unlocking (the CLI for every command but
/// `rapport security`, the GUI before showing any data): `Some` when the team's policy
/// requires a second factor and this store's vault has none.
pub fn unlock_refusal(
    store: &Store,
    data_dir: &std::path::Path,
) -> Result<Option<SecondFactorRequired>, TeamError> {
    let (_, policy) = standing(store)?;
    Ok(
        (policy.second_factor_required && !has_second_factor(data_dir))
            .then_some(SecondFactorRequired),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_minutes_are_capped_by_the_team() {
        let none = TeamPolicy::default();
        assert_eq!(none.idle_minutes(None), DEFAULT_IDLE_MINUTES);
        assert_eq!(none.idle_minutes(Some(30)), 30);
        let capped = TeamPolicy {
            max_idle_minutes: Some(5),
            ..TeamPolicy::default()
        };
        assert_eq!(capped.idle_minutes(None), 5);
        assert_eq!(capped.idle_minutes(Some(3)), 3);
        assert_eq!(capped.idle_minutes(Some(0)), 1);
    }
}
