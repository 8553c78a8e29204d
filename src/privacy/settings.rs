//! The firm's settings as the faces change them: processing purposes (name, description, legal
//! basis, retention, data categories, consent validity, marketing flag), the interest
//! vocabulary's labels and removal, the exports folder, and the app's theme and language. Each
//! change is one transaction with its `settings` audit event (which setting, never a value that
//! could be personal).

use super::PrivacyError;
use crate::domain::audit::NewEvent;
use crate::domain::{Action, Instant, Purpose, PurposeId, RetentionRule};
use crate::store::purposes::Interest;
use crate::store::{self, Store};
use std::path::{Path, PathBuf};

/// Where exports go, when set in the settings (the environment may still override it).
pub const EXPORTS_DIR: &str = "exports.dir";
/// "system", "light" or "dark".
pub const THEME: &str = "ui.theme";
/// The desktop app's language: "system" (the OS locale) or a language code ("en", "sv").
pub const LANGUAGE: &str = "ui.language";

/// Longest retention a purpose may set, in months (20 years).
const MAX_RETENTION_MONTHS: u32 = 240;
/// Longest validity of a consent, in months (10 years).
const MAX_CONSENT_MONTHS: u32 = 120;
/// Longest purpose description, in characters.
const MAX_DESCRIPTION: usize = 500;
/// Longest interest label, in characters.
const MAX_LABEL: usize = 40;

/// Adds a purpose (when its id is 0) or changes one; returns its id. Names are unique.
pub fn save_purpose(
    store: &mut Store,
    p: &Purpose,
    now: Instant,
) -> Result<PurposeId, PrivacyError> {
    let name = p.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(PrivacyError::Invalid(
            "a purpose needs a name of at most 80 characters".into(),
        ));
    }
    if let RetentionRule::AfterLastActivity { months } = p.retention
        && !(1..=MAX_RETENTION_MONTHS).contains(&months)
    {
        return Err(PrivacyError::Invalid(format!(
            "retention is between 1 and {MAX_RETENTION_MONTHS} months"
        )));
    }
    if p.description.chars().count() > MAX_DESCRIPTION {
        return Err(PrivacyError::Invalid(format!(
            "a purpose's description has at most {MAX_DESCRIPTION} characters"
        )));
    }
    if let Some(months) = p.consent_months
        && !(1..=MAX_CONSENT_MONTHS).contains(&months)
    {
        return Err(PrivacyError::Invalid(format!(
            "a consent is valid for 1 to {MAX_CONSENT_MONTHS} months, or until withdrawn"
        )));
    }
    let mut p = p.clone();
    p.name = name.to_string();
    p.description = p.description.trim().to_string();
    p.categories.sort_by_key(|c| c.as_str());
    p.categories.dedup();
    store.write(|tx| {
        if let Some(other) = store::purposes::by_name(tx, &p.name)?
            && other.id != p.id
        {
            return Err(PrivacyError::Invalid(
                "another purpose already has this name".into(),
            ));
        }
        let (id, what) = if p.id.0 == 0 {
            (store::purposes::insert(tx, &p)?, "purpose added")
        } else {
            store::purposes::update(tx, &p)?;
            (p.id, "purpose changed")
        };
        store::audit::append(tx, &NewEvent::new(now, Action::Settings, None).detail(what))?;
        Ok(id)
    })
}

/// The interest vocabulary with labels and how many contacts answered each.
pub fn interests(store: &Store) -> Result<Vec<Interest>, PrivacyError> {
    Ok(store.read(store::purposes::interest_list)?)
}

/// Renames an interest (its label; the name other rules use stays). Audited without the label.
pub fn rename_interest(
    store: &mut Store,
    name: &str,
    label: &str,
    now: Instant,
) -> Result<(), PrivacyError> {
    let label = label.trim();
    if label.is_empty() || label.chars().count() > MAX_LABEL || label.chars().any(char::is_control)
    {
        return Err(PrivacyError::Invalid(format!(
            "an interest's label is 1 to {MAX_LABEL} characters on one line"
        )));
    }
    store.write(|tx| {
        if !store::purposes::rename_interest(tx, name, label)? {
            return Err(PrivacyError::Invalid("there is no such interest".into()));
        }
        audit_settings(tx, "interest renamed", now)
    })
}

/// Removes an interest from the vocabulary, only when no contact answered it: otherwise says
/// how many answers there are and changes nothing.
pub fn remove_interest(store: &mut Store, name: &str, now: Instant) -> Result<(), PrivacyError> {
    store.write(|tx| match store::purposes::remove_unanswered_interest(tx, name)? {
        None => Err(PrivacyError::Invalid("there is no such interest".into())),
        Some(0) => audit_settings(tx, "interest removed", now),
        Some(n) => Err(PrivacyError::Invalid(format!(
            "{n} contact(s) answered this interest: it stays until their answers are set back to unknown"
        ))),
    })
}

fn audit_settings(tx: &store::Tx, what: &str, now: Instant) -> Result<(), PrivacyError> {
    let event = NewEvent::new(now, Action::Settings, None).detail(what.to_string());
    store::audit::append(tx, &event)?;
    Ok(())
}

/// A stored setting.
pub fn get(store: &Store, key: &str) -> Result<Option<String>, PrivacyError> {
    Ok(store.read(|tx| store::settings::get(tx, key))?)
}

/// Sets the exports folder (an absolute path).
pub fn set_exports_dir(
    store: &mut Store,
    dir: &Path,
    now: Instant,
) -> Result<PathBuf, PrivacyError> {
    if !dir.is_absolute() {
        return Err(PrivacyError::Invalid(
            "the exports folder must be a full path, such as /home/me/Exports".into(),
        ));
    }
    let value = dir.to_string_lossy().into_owned();
    set(store, EXPORTS_DIR, &value, now)?;
    Ok(dir.to_path_buf())
}

/// Sets the theme: "system", "light" or "dark".
pub fn set_theme(store: &mut Store, theme: &str, now: Instant) -> Result<(), PrivacyError> {
    if !["system", "light", "dark"].contains(&theme) {
        return Err(PrivacyError::Invalid(
            "the theme is system, light or dark".into(),
        ));
    }
    set(store, THEME, theme, now)
}

/// Sets the app's language: "system" or the code of a language with a catalogue.
pub fn set_language(store: &mut Store, language: &str, now: Instant) -> Result<(), PrivacyError> {
    if crate::i18n::Choice::parse(language).is_none() {
        return Err(PrivacyError::Invalid(
            "the language is system, en or sv".into(),
        ));
    }
    set(store, LANGUAGE, language, now)
}

fn set(store: &mut Store, key: &str, value: &str, now: Instant) -> Result<(), PrivacyError> {
    store.write(|tx| {
        store::settings::set(tx, key, value)?;
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Settings, None).detail(key.to_string()),
        )?;
        Ok(())
    })
}
