//! How the store is protected, as both faces change it: the passphrase, the key file that is
//! its second factor (enrol, re-enrol, remove), and the idle lock's minutes with the team's
//! cap. `rapport security …` and Settings → Security call these same functions; each vault
//! change is atomic and is recorded as `security_changed` (what changed, never a secret).

use super::PrivacyError;
use crate::domain::audit::NewEvent;
use crate::domain::{Action, Instant};
use crate::privacy::team::policy::{self, TeamPolicy};
use crate::store::{self, Store};
use crate::vault::{self, DataKey, KdfParams, KeyFile, Protection, SecondFactor, Secret};
use std::path::Path;

/// The user's idle minutes before the app locks (unset: the default, 10).
pub const IDLE_MINUTES: &str = "ui.idle_minutes";
/// The longest idle time a user may choose, in minutes (the team's cap has the same bound).
pub const MAX_IDLE_MINUTES: u32 = 240;

/// What the app needs to know about locking right after an unlock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockRules {
    /// The minutes to use: the user's choice (or the default) capped by the team.
    pub minutes: u32,
    /// What the user chose, if anything.
    pub chosen: Option<u32>,
    /// The team's policy (default when the store is in no team or the roster is unreadable).
    pub team: TeamPolicy,
    /// The team requires a second factor and this vault has none.
    pub factor_missing: bool,
}

/// The idle minutes stored by the user, if any (a value that does not parse counts as unset).
pub fn chosen_idle_minutes(store: &Store) -> Result<Option<u32>, PrivacyError> {
    let value = store.read(|tx| store::settings::get(tx, IDLE_MINUTES))?;
    Ok(value
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|m| (1..=MAX_IDLE_MINUTES).contains(m)))
}

/// Stores the user's idle minutes (1..=240); the team's cap still applies when the app uses it.
pub fn set_idle_minutes(store: &mut Store, minutes: u32, now: Instant) -> Result<(), PrivacyError> {
    if !(1..=MAX_IDLE_MINUTES).contains(&minutes) {
        return Err(PrivacyError::Invalid(format!(
            "the idle time is a whole number of minutes from 1 to {MAX_IDLE_MINUTES}"
        )));
    }
    store.write(|tx| {
        store::settings::set(tx, IDLE_MINUTES, &minutes.to_string())?;
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Settings, None).detail(IDLE_MINUTES.to_string()),
        )?;
        Ok::<_, crate::store::StoreError>(())
    })?;
    Ok(())
}

/// The idle minutes, the team's policy and whether a required factor is missing. A roster
/// that cannot be read applies no team policy (the team commands report why).
pub fn lock_rules(store: &Store, dir: &Path) -> Result<LockRules, PrivacyError> {
    let chosen = chosen_idle_minutes(store)?;
    let team = policy::standing(store).map(|(_, p)| p).unwrap_or_default();
    let factor_missing = team.second_factor_required && factor_id(dir)?.is_none();
    Ok(LockRules {
        minutes: team.idle_minutes(chosen),
        chosen,
        team,
        factor_missing,
    })
}

/// The id of the enrolled key file, if the vault has one.
pub fn factor_id(dir: &Path) -> Result<Option<String>, PrivacyError> {
    Ok(match vault::read(dir)?.protection {
        Protection::Passphrase {
            second_factor: Some(SecondFactor::KeyFile { id }),
            ..
        } => Some(id),
        _ => None,
    })
}

/// The KDF cost the vault uses now (a change of passphrase or factor keeps it).
pub fn current_kdf(dir: &Path) -> Result<Option<KdfParams>, PrivacyError> {
    Ok(match vault::read(dir)?.protection {
        Protection::Passphrase { kdf, .. } => Some(kdf),
        Protection::Keyring { .. } => None,
    })
}

/// The data key under the current secrets (checks them: a wrong one is refused, nothing
/// changes). Refused while a rekey is unsettled, since the key to re-protect is then unknown.
pub fn current_key(dir: &Path, secret: Secret) -> Result<DataKey, PrivacyError> {
    let unlocked = vault::unlock_all(dir, secret)?;
    if unlocked.pending.is_some() {
        return Err(PrivacyError::RekeyUnverified);
    }
    Ok(unlocked.key)
}

/// Writes a NEW random key file at `new_path` and makes it the second factor (with
/// `passphrase`); returns its id. The file is written first: a failure after it leaves the old
/// protection working, and the unused file is removed again.
pub fn enrol_key_file(
    dir: &Path,
    key: &DataKey,
    passphrase: &str,
    new_path: &Path,
    kdf: KdfParams,
) -> Result<String, PrivacyError> {
    if matches!(vault::read(dir)?.protection, Protection::Keyring { .. }) {
        return Err(vault::VaultError::FactorNeedsPassphrase.into());
    }
    let file = KeyFile::generate()?;
    file.write_new(new_path)?;
    if let Err(e) = vault::rewrap(dir, key, passphrase, Some(&file), kdf) {
        let _ = std::fs::remove_file(new_path);
        return Err(e.into());
    }
    Ok(file.id())
}

/// Drops the second factor: the passphrase alone opens the store again.
pub fn remove_factor(
    dir: &Path,
    key: &DataKey,
    passphrase: &str,
    kdf: KdfParams,
) -> Result<(), PrivacyError> {
    vault::rewrap(dir, key, passphrase, None, kdf)?;
    Ok(())
}

/// Protects the key with a new passphrase, keeping `factor` if one is enrolled. Returns
/// whether a copy of the key in the OS keyring was removed.
pub fn change_passphrase(
    dir: &Path,
    key: &DataKey,
    new: &str,
    factor: Option<&KeyFile>,
    kdf: KdfParams,
) -> Result<bool, PrivacyError> {
    Ok(vault::rewrap(dir, key, new, factor, kdf)?)
}

/// Records a security change in the audit log (`detail` names what changed).
pub fn record(store: &mut Store, detail: &str, now: Instant) -> Result<(), PrivacyError> {
    store.write(|tx| {
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::SecurityChanged, None).detail(detail),
        )
        .map(|_| ())
    })?;
    Ok(())
}
