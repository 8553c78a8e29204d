//! Every user-facing string of the desktop app, in one place (for review and, later,
//! translation). Functions build the few sentences that carry a number, a date or a path; none
//! of them is ever logged.

use crate::domain::purpose::DataCategory;
use crate::domain::{Answer, Channel, ConsentStatus, Instant, ProofKind};

pub const APP_TITLE: &str = "Rapport";

// First run
pub const FIRST_RUN_TITLE: &str = "Welcome to Rapport";
pub const FIRST_RUN_INTRO: &str = "Rapport keeps your contacts encrypted on this computer. Choose how the store's key is protected.";
pub const CHOICE_KEYRING: &str = "Remember on this computer (OS keyring)";
pub const CHOICE_PASSPHRASE: &str = "Protect with a passphrase";
pub const NO_KEYRING: &str =
    "No OS keyring is available on this computer, so the store is protected with a passphrase.";
pub const NEW_PASSPHRASE: &str = "New passphrase";
pub const CONFIRM_PASSPHRASE: &str = "Repeat the passphrase";
pub const PASSPHRASES_DIFFER: &str = "The two passphrases are not the same.";
pub const CREATE_STORE: &str = "Create store";
pub const CREATING: &str = "Creating the store…";
pub const RECOVERY_TITLE: &str = "Your recovery key";
pub const RECOVERY_WARNING: &str = "Write this key down and keep it somewhere safe. It is shown only once. \
Without it, a forgotten passphrase or a lost keyring means the data cannot be opened by anyone.";
pub const COPY: &str = "Copy";
pub const COPIED: &str = "Copied to the clipboard.";
pub const RECOVERY_DONE: &str = "I have saved it — open Rapport";

pub fn strength(passphrase: &str, min: usize) -> String {
    let n = passphrase.chars().count();
    let classes = [
        passphrase.chars().any(char::is_lowercase),
        passphrase.chars().any(char::is_uppercase),
        passphrase.chars().any(|c| c.is_ascii_digit()),
        passphrase.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    match (n, classes) {
        (0, _) => String::new(),
        (n, _) if n < min => format!("Too short: use at least {min} characters."),
        (n, c) if n >= 20 || (n >= 14 && c >= 3) => "Strength: strong.".into(),
        (n, c) if n >= 12 || c >= 3 => "Strength: good.".into(),
        _ => "Strength: weak — a few more words make it much harder to guess.".into(),
    }
}

// Unlock
pub const UNLOCK_TITLE: &str = "Unlock Rapport";
pub const UNLOCK_INTRO: &str = "Enter the passphrase that protects this store.";
pub const PASSPHRASE: &str = "Passphrase";
pub const UNLOCK: &str = "Unlock";
pub const UNLOCKING: &str = "Unlocking…";
pub const OPENING_KEYRING: &str = "Opening the store with the key kept in the OS keyring…";
pub const CANNOT_OPEN: &str = "Rapport could not open the store";

// Navigation
pub const TAB_CONTACTS: &str = "Contacts";
pub const TAB_OVERVIEW: &str = "Privacy overview";
pub const TAB_AUDIT: &str = "Audit log";
pub const TAB_SETTINGS: &str = "Settings";

// Settings
pub const PURPOSES: &str = "Processing purposes";
pub const PURPOSES_HINT: &str = "Retention in months after the last activity; leave it empty to keep data only while the consent lasts.";
pub const PURPOSE_NAME: &str = "Purpose name";
pub const RETENTION_MONTHS: &str = "Months";
pub const MARKETING: &str = "Marketing";
pub const ADD_PURPOSE: &str = "Add purpose";
pub const MONTHS_NOT_A_NUMBER: &str = "Retention is a whole number of months, or empty.";
pub const PURPOSE_DESCRIPTION: &str = "What the data is used for";
pub const CONSENT_MONTHS: &str = "Consent valid (months)";
pub const CONSENT_MONTHS_NOT_A_NUMBER: &str =
    "A consent's validity is a whole number of months, or empty (until withdrawn).";
pub const NEW_INTEREST: &str = "New interest (letters, digits, '-')";
pub const RENAME: &str = "Rename";
pub const REMOVE: &str = "Remove";

/// How many contacts answered an interest (a count, never who).
pub fn interest_answers(n: usize) -> String {
    match n {
        0 => "no answers".into(),
        1 => "1 answer".into(),
        n => format!("{n} answers"),
    }
}

pub fn category(c: DataCategory) -> &'static str {
    match c {
        DataCategory::Identity => "Identity",
        DataCategory::ContactDetails => "Contact details",
        DataCategory::PostalAddress => "Postal address",
        DataCategory::Preferences => "Preferences",
        DataCategory::Interests => "Interests",
    }
}
pub const ADD: &str = "Add";
pub const EXPORTS_FOLDER: &str = "Exports folder";
pub const SAVE_FOLDER: &str = "Save folder";
pub const THEME: &str = "Theme";
pub const SETTINGS_SAVED: &str = "Saved.";

pub fn theme_name(id: &str) -> &'static str {
    match id {
        "light" => "Light",
        "dark" => "Dark",
        _ => "Follow the system",
    }
}

// Contacts list
pub const SEARCH: &str = "Search name, organisation, email (Ctrl+F)";
pub const NO_MATCH: &str = "No contact matches.";
pub const NO_CONTACTS: &str = "No contacts yet.";
pub const FILTER_OBJECTED: &str = "Objected";
pub const FILTER_RESTRICTED: &str = "Restricted";
pub const NO_EXPIRY: &str = "—";
pub const SELECT_HINT: &str = "Select a contact to see its consents and preferences.";

/// The count above the list; `more` while further matches are still to be loaded.
pub fn shown(n: usize, more: bool) -> String {
    if more {
        format!("{n}+ contacts")
    } else if n == 1 {
        "1 contact".into()
    } else {
        format!("{n} contacts")
    }
}

pub fn status(s: ConsentStatus) -> &'static str {
    match s {
        ConsentStatus::Valid => "Valid",
        ConsentStatus::Expiring => "Expiring",
        ConsentStatus::Expired => "Expired",
        ConsentStatus::Withdrawn => "Withdrawn",
        ConsentStatus::None => "No consent",
    }
}

pub fn date(at: Instant) -> String {
    at.format("%Y-%m-%d").to_string()
}

// Contact detail
pub const CONSENTS: &str = "Consents";
pub const PREFERENCES: &str = "Preferences";
pub const CHANNELS: &str = "Accepted channels";
pub const DIGITAL_ONLY: &str = "Digital only";
pub const INTERESTS: &str = "Interests";
pub const LANGUAGE: &str = "Language";
pub const NOT_SET: &str = "not set";
pub const OBJECTIONS: &str = "Objections to marketing";
pub const NO_OBJECTION: &str = "None recorded.";
pub const OBJECT_ALL: &str = "Record objection to all marketing";
pub const EDIT: &str = "Edit";
pub const SAVE_CHANGES: &str = "Save changes";
pub const GIVEN_NAME: &str = "Given name";
pub const FAMILY_NAME: &str = "Family name";
pub const ORGANISATION: &str = "Organisation";
pub const JOB_TITLE: &str = "Job title";
pub const EMAILS: &str = "Emails (separate several with commas)";
pub const PHONES: &str = "Phones (separate several with commas)";
pub const JOB_TITLE_HINT: &str = "e.g. Sales director";
pub const EMAILS_HINT: &str = "name@example.com, other@example.com";
pub const PHONES_HINT: &str = "+46 70 123 45 67, 08-555 123";

/// The button that records an objection to marketing through one channel (or all).
pub fn object_to(scope: crate::domain::ObjectionScope) -> String {
    match scope {
        crate::domain::ObjectionScope::All => OBJECT_ALL.into(),
        crate::domain::ObjectionScope::Channel(c) => format!("Object to {}", channel(c)),
    }
}

// Import
pub const IMPORT: &str = "Import…";
pub const IMPORT_TITLE: &str = "Import contacts";
pub const IMPORT_INTRO: &str = "A vCard (.vcf) or CSV file. A contact whose email is already known is merged; people who were erased are flagged and not imported again.";
pub const IMPORT_PATH: &str = "Path of a .vcf or .csv file";
pub const BROWSE: &str = "Choose file…";
pub const IMPORT_START: &str = "Import";
pub const IMPORTING: &str = "Importing…";
pub const IMPORT_SUMMARY: &str = "Summary";
pub const IMPORTED: &str = "Imported";
pub const MERGED: &str = "Merged into existing contacts";
pub const FLAGGED: &str = "Flagged (previously erased, not imported)";
pub const POSSIBLE_DUPLICATES: &str = "Possible duplicates (same phone)";
pub const SKIPPED: &str = "Skipped";
pub const CONTACT_FILES: &str = "Contacts (vCard, CSV)";
pub const IMPORT_FAILED: &str = "The import stopped unexpectedly; nothing was imported.";

pub fn count_line(what: &str, n: usize) -> String {
    format!("{what}: {n}")
}

pub fn skipped_line(line: usize, reason: &str) -> String {
    format!("Line {line}: {reason}")
}

pub fn and_more(n: usize) -> String {
    format!("… and {n} more")
}

pub fn import_refused(reason: &str) -> String {
    format!("Nothing was imported from this file: {reason}")
}

// New contact
pub const NEW_CONTACT: &str = "New contact (Ctrl+N)";
pub const NEW_CONTACT_TITLE: &str = "New contact";
pub const EMAIL: &str = "Email address";
pub const PHONE: &str = "Phone number";
pub const CREATE_CONTACT: &str = "Create contact";
pub const CONTACT_CREATED: &str = "The contact was created.";
pub const RESTRICTED_NOTE: &str =
    "Processing is restricted (GDPR Art. 18): the contact is kept but not used.";
pub const RESTRICT: &str = "Restrict";
pub const UNRESTRICT: &str = "Lift restriction";
pub const EXPORT: &str = "Export";
pub const ERASE: &str = "Erase";
pub const WITHDRAW: &str = "Withdraw";
pub const RENEW: &str = "Renew";
pub const GIVE: &str = "Record consent";
pub const PROOF_REFERENCE: &str = "Proof reference (form no., message id…)";
pub const SAVE: &str = "Save";
pub const CANCEL: &str = "Cancel";
pub const SOURCE_OF_DATA: &str = "Source of data";
pub const STAGE: &str = "Stage";
pub const LOADING: &str = "Loading…";

pub fn given(at: Instant) -> String {
    format!("Given {}", date(at))
}

pub fn source(s: &str) -> String {
    format!("Source: {s}")
}

pub fn expires(at: Instant) -> String {
    format!("Expires {}", date(at))
}

pub const NO_EXPIRY_LONG: &str = "No expiry";

pub fn days_left(days: i64) -> String {
    match days {
        d if d < 0 => format!("{} days ago", -d),
        0 => "expires today".into(),
        1 => "1 day left".into(),
        d => format!("{d} days left"),
    }
}

pub fn withdrawn_on(at: Instant) -> String {
    format!("Withdrawn {}", date(at))
}

pub fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Email => "Email",
        Channel::Phone => "Phone",
        Channel::Sms => "SMS",
        Channel::Post => "Post",
        Channel::Meeting => "Meeting",
    }
}

pub fn proof(kind: ProofKind) -> &'static str {
    match kind {
        ProofKind::WebForm => "Web form",
        ProofKind::EmailReply => "Email reply",
        ProofKind::SignedForm => "Signed form",
        ProofKind::Verbal => "Verbal",
        ProofKind::Other => "Other",
    }
}

pub fn answer(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "yes",
        Answer::No => "no",
        Answer::Unknown => "?",
    }
}

pub fn objected_on(scope: &str, at: Instant) -> String {
    format!("{scope} — since {}", date(at))
}

// Notices
pub fn exported(path: &std::path::Path) -> String {
    format!("Access package written to {}", path.display())
}
pub const SHOW_IN_FOLDER: &str = "Show in folder";
pub const SAVE_COPY_AS: &str = "Save a copy as…";
pub const DISMISS: &str = "Dismiss";
pub const ERASED_NOTICE: &str =
    "The contact was erased. A tombstone with its random id, the date and the reason remains.";
pub const COPY_SAVED: &str = "A copy was saved.";

// Erase confirmation
pub const ERASE_TITLE: &str = "Erase this contact?";
pub const ERASE_INTRO: &str = "This removes everything held about the person. It cannot be undone.";
pub const ERASE_TOMBSTONE: &str = "A tombstone stays: the contact's random id, today's date and the reason — never a name, email or phone.";
pub const ERASE_CONFIRM: &str = "Erase permanently";
pub const ERASING: &str = "Erasing…";
pub const FINDING_DUE: &str = "Finding what is due…";

pub const IDENTITY_RECORD: &str = "name and identity record";
/// In the order of `Holdings`' fields: emails, phones, addresses, web, consents, objections,
/// interests.
pub const HOLDING_KINDS: [&str; 7] = [
    "email addresses",
    "phone numbers",
    "postal addresses",
    "web addresses",
    "consent records",
    "objections",
    "interest answers",
];

pub fn holding(kind: &str, n: usize) -> String {
    format!("{n} {kind}")
}

// Overview
pub const STATUS_COUNTS: &str = "Contacts by consent status";
pub const RETENTION_QUEUE: &str = "Retention";
pub const DUE_NOW: &str = "Due for erasure now";
pub const UPCOMING: &str = "Due within 30 days — contact them to renew";
pub const ERASE_DUE: &str = "Erase due";
pub const NOTHING_DUE: &str = "Nothing is due.";
pub const AUDIENCE: &str = "Audience builder";
pub const PURPOSE: &str = "Purpose";
pub const CHANNEL: &str = "Channel";
pub const BUILD: &str = "Build audience";
pub const INCLUDED: &str = "Included";
pub const EXCLUDED: &str = "Left out";
pub const REFRESH: &str = "Refresh";
pub const EXPORT_CSV: &str = "Export CSV";
pub const EXPIRING_PER_MONTH: &str = "Consents expiring per month (next 12 months)";

/// A month under a chart bar: "Jan", or "Jan 27" for January (the year shows at each new year).
pub fn month_short(year: i32, month: u32) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let name = NAMES.get(month.saturating_sub(1) as usize).unwrap_or(&"?");
    if month == 1 {
        format!("{name} {:02}", year.rem_euclid(100))
    } else {
        (*name).to_string()
    }
}

pub fn audience_exported(path: &std::path::Path) -> String {
    format!("Audience written to {}", path.display())
}

pub fn erased_due(n: usize) -> String {
    format!("{n} contacts due for erasure were erased.")
}

// Audit
pub const VERIFY_CHAIN: &str = "Verify chain";

pub fn chain_ok(n: usize) -> String {
    format!("The audit chain is intact ({n} events).")
}

pub fn chain_broken(reason: &str) -> String {
    format!("The audit chain is NOT intact: {reason}")
}

pub const STORE_BUSY: &str =
    "The store stopped responding after an internal error: restart Rapport.";

// --- keyboard ---
pub const CHOOSE_BASIS: &str = "Choose the purpose's legal basis, then save it again.";
pub const CHOOSE_BASIS_HINT: &str = "Legal basis (choose one)";
pub const RETENTION_LABEL: &str = "Kept after last activity (months)";
pub const CONSENT_MONTHS_HINT: &str = "Empty: until withdrawn";
pub const NEW_PURPOSE: &str = "New purpose";
pub const HELP: &str = "Help";
pub const HELP_TITLE: &str = "Keyboard";
pub const HELP_CLOSE: &str = "Close";
/// The keyboard map shown under Help (F1); the README has the same table.
pub const KEYS: [(&str, &str); 16] = [
    (
        "Tab / Shift+Tab",
        "Next / previous field, button, chip or list",
    ),
    (
        "Enter",
        "Submit the form; press the focused button; open the selected contact",
    ),
    ("Space", "Press the focused button, tick the focused box"),
    ("Esc", "Cancel an edit or a form; close a dialog"),
    ("Up / Down on a picker", "Previous / next choice"),
    ("Ctrl+F", "Search contacts"),
    ("Ctrl+N", "New contact"),
    ("Ctrl+E", "Export the open contact"),
    ("Delete", "Erase the open contact (asks first)"),
    ("Up / Down", "Previous / next contact in the list"),
    ("Page Up / Page Down", "Ten contacts up / down"),
    ("Home / End", "First / last contact"),
    ("Ctrl+C / Ctrl+V", "Copy / paste in a field"),
    ("Ctrl+A", "Select all of a field"),
    ("F1", "This help"),
    (
        "In an open form",
        "Tab stays in the form until it is saved or cancelled",
    ),
];
pub const NO_FILE_CHOOSER: &str = "No file chooser is available on this desktop (no file-chooser portal answered). Type or paste the file's path in the field above and press Enter.";
pub const COPY_PATH: &str = "Copy path";

pub fn no_save_dialog(path: &std::path::Path) -> String {
    format!(
        "No save dialog is available on this desktop. The file is at {} — copy the path and copy the file from there.",
        path.display()
    )
}

pub fn no_file_manager(dir: &std::path::Path) -> String {
    format!(
        "No file manager could be opened. The file is in {} — copy the path to open it yourself.",
        dir.display()
    )
}
pub const RETENTION_HINT: &str = "Empty: while the consent lasts";
// --- everyday ---
pub const HOLDING_KINDS_EVERYDAY: [&str; 2] = ["activities", "follow-ups"];
pub const TAB_TODAY: &str = "Today";
pub const TODAY_TITLE: &str = "Today";
pub const OVERDUE: &str = "overdue";
pub const FOLLOW_UP_DONE: &str = "Done";
pub const FOLLOW_UP_SNOOZE: &str = "Tomorrow";
pub const FOLLOW_UP_CANCEL: &str = "Cancel follow-up";
pub const NOTHING_TODAY: &str = "Nothing is due today.";

pub fn follow_ups_due(n: i64) -> String {
    format!("Follow-ups due today or overdue: {n}")
}

pub fn consents_ending(n: usize) -> String {
    format!("Consents ending within 14 days, to renew with the person: {n}")
}

pub fn activity_kind(kind: crate::domain::activity::Kind) -> &'static str {
    kind.label()
}
pub const LOG_ACTIVITY: &str = "Log activity";
pub const OUTCOME: &str = "Outcome";
pub const PICK_KIND: &str = "Pick what kind of contact it was.";
pub const PICK_OUTCOME: &str = "Pick an outcome";
pub const PICK_PROOF: &str = "Pick how the consent was given (its proof), or no purpose.";
pub const BAD_DAY: &str = "A day is written YYYY-MM-DD, e.g. 2026-11-29: nothing was saved.";
pub const FOLLOW_UP_KIND: &str = "Follow-up kind";
pub const LEARNED_DIGITAL_ONLY: &str = "Prefers digital only";
pub const CONSENT_GIVEN_FOR: &str = "Consent given for…";
pub const PROOF: &str = "Proof";
pub const SAVE_ACTIVITY: &str = "Save activity";
pub const ACTIVITY_LOGGED: &str = "Activity logged.";
// --- accountability ---
pub const TAB_DOCUMENTATION: &str = "Documentation";
pub const GENERATE_RECORD: &str = "Generate record";
pub const BACKUP_REMINDER: &str =
    "No backup in the last week: run `rapport backup --out FILE` (the recovery key opens it).";
pub const OPEN_REQUESTS: &str = "Open requests";
pub const NO_OPEN_REQUESTS: &str = "No open requests.";
pub const EXPORTS_REGISTER: &str = "Exported files";
pub const NO_EXPORTS: &str = "No exports registered.";

pub fn record_generated(version: i64, path: &std::path::Path) -> String {
    format!("Record version {version} written to {}", path.display())
}

pub fn request_days_left(days: i64) -> String {
    match days {
        d if d < 0 => format!("overdue by {} day(s)", -d),
        0 => "due today".into(),
        d => format!("{d} day(s) left"),
    }
}

pub fn request_kind(code: &str) -> String {
    let mut s = code.replace('_', " ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

pub fn received_due(received: &str, due: &str) -> String {
    format!("received {received}, due {due}")
}

pub fn fields_missing(n: usize) -> String {
    format!("{n} mandatory field(s) missing")
}

pub fn export_deleted(date: &str) -> String {
    format!("deleted {date}")
}

pub fn export_expires(date: &str) -> String {
    format!("expires {date}")
}

pub fn people(n: usize) -> String {
    format!("{n} person(s)")
}
