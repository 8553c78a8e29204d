//! Every user-facing string of the desktop app, by name: each is a key of the Fluent catalogues
//! `i18n/{en,sv}/rapport.ftl`, looked up in the language the app shows now (`i18n::ui`). A
//! constant is a [`Msg`] (usable wherever a `&str` label goes: `label(text::SAVE)`,
//! `text_input(&text::SEARCH, ..)`); functions build the sentences that carry a number, a date
//! or a name, with plural rules in the catalogue. None of them is ever logged.

use crate::domain::audience::Exclusion;
use crate::domain::purpose::{DataCategory, LegalBasis, RetentionRule};
use crate::domain::retention::Rule;
use crate::domain::{Answer, Channel, ConsentStatus, Instant, ProofKind, Stage};
use crate::i18n;
use i18n_embed_fl::fl;

pub use super::msg::Msg;

/// The catalogue of the app's current language (for messages with arguments).
fn cat() -> &'static i18n::FluentLanguageLoader {
    i18n::ui_loader()
}

/// A message without arguments chosen at run time (an enum's label), in the current language.
fn tr(id: &'static str) -> &'static str {
    i18n::text(i18n::ui(), id)
}

/// A whole number in the current language's form (`12,345` / `12 345`).
pub fn number(n: usize) -> String {
    i18n::format_integer(i18n::ui(), i64::try_from(n).unwrap_or(i64::MAX))
}

pub const APP_TITLE: Msg = Msg("app-title");

// First run
pub const FIRST_RUN_TITLE: Msg = Msg("first-run-title");
pub const FIRST_RUN_INTRO: Msg = Msg("first-run-intro");
pub const CHOICE_KEYRING: Msg = Msg("choice-keyring");
pub const CHOICE_PASSPHRASE: Msg = Msg("choice-passphrase");
pub const NO_KEYRING: Msg = Msg("no-keyring");
pub const NEW_PASSPHRASE: Msg = Msg("new-passphrase");
pub const CONFIRM_PASSPHRASE: Msg = Msg("confirm-passphrase");
pub const PASSPHRASES_DIFFER: Msg = Msg("passphrases-differ");
pub const CREATE_STORE: Msg = Msg("create-store");
pub const CREATING: Msg = Msg("creating");
pub const RECOVERY_TITLE: Msg = Msg("recovery-title");
pub const RECOVERY_WARNING: Msg = Msg("recovery-warning");
pub const COPY: Msg = Msg("copy");
pub const COPIED: Msg = Msg("copied");
pub const RECOVERY_DONE: Msg = Msg("recovery-done");

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
        (n, _) if n < min => fl!(cat(), "strength-too-short", min = min),
        (n, c) if n >= 20 || (n >= 14 && c >= 3) => fl!(cat(), "strength-strong"),
        (n, c) if n >= 12 || c >= 3 => fl!(cat(), "strength-good"),
        _ => fl!(cat(), "strength-weak"),
    }
}

// Unlock
pub const UNLOCK_TITLE: Msg = Msg("unlock-title");
pub const UNLOCK_INTRO: Msg = Msg("unlock-intro");
pub const PASSPHRASE: Msg = Msg("passphrase");
pub const UNLOCK: Msg = Msg("unlock");
pub const UNLOCKING: Msg = Msg("unlocking");
pub const OPENING_KEYRING: Msg = Msg("opening-keyring");
pub const CANNOT_OPEN: Msg = Msg("cannot-open");

// Navigation
pub const TAB_CONTACTS: Msg = Msg("tab-contacts");
pub const TAB_OVERVIEW: Msg = Msg("tab-overview");
pub const TAB_AUDIT: Msg = Msg("tab-audit");
pub const TAB_SETTINGS: Msg = Msg("tab-settings");

// Settings
pub const PURPOSES: Msg = Msg("purposes");
pub const PURPOSES_HINT: Msg = Msg("purposes-hint");
pub const PURPOSE_NAME: Msg = Msg("purpose-name");
pub const RETENTION_MONTHS: Msg = Msg("retention-months");
pub const MARKETING: Msg = Msg("marketing");
pub const ADD_PURPOSE: Msg = Msg("add-purpose");
pub const MONTHS_NOT_A_NUMBER: Msg = Msg("months-not-a-number");
pub const PURPOSE_DESCRIPTION: Msg = Msg("purpose-description");
pub const CONSENT_MONTHS: Msg = Msg("consent-months");
pub const CONSENT_MONTHS_NOT_A_NUMBER: Msg = Msg("consent-months-not-a-number");
pub const NEW_INTEREST: Msg = Msg("new-interest");
pub const RENAME: Msg = Msg("rename");
pub const REMOVE: Msg = Msg("remove");
pub const APP_LANGUAGE: Msg = Msg("app-language");

/// How many contacts answered an interest (a count, never who).
pub fn interest_answers(n: usize) -> String {
    fl!(cat(), "interest-answers", n = n)
}

pub fn category(c: DataCategory) -> &'static str {
    tr(match c {
        DataCategory::Identity => "category-identity",
        DataCategory::ContactDetails => "category-contact-details",
        DataCategory::PostalAddress => "category-postal-address",
        DataCategory::Preferences => "category-preferences",
        DataCategory::Interests => "category-interests",
    })
}

/// A legal basis as the settings show it (GDPR Art. 6(1), in the terms the language's
/// authority uses).
pub fn basis(b: LegalBasis) -> &'static str {
    tr(match b {
        LegalBasis::Consent => "basis-consent",
        LegalBasis::Contract => "basis-contract",
        LegalBasis::LegalObligation => "basis-legal-obligation",
        LegalBasis::LegitimateInterest => "basis-legitimate-interest",
    })
}
pub const ADD: Msg = Msg("add");
pub const EXPORTS_FOLDER: Msg = Msg("exports-folder");
pub const SAVE_FOLDER: Msg = Msg("save-folder");
pub const THEME: Msg = Msg("theme");
pub const SETTINGS_SAVED: Msg = Msg("settings-saved");

pub fn theme_name(id: &str) -> &'static str {
    tr(match id {
        "light" => "theme-light",
        "dark" => "theme-dark",
        _ => "theme-system",
    })
}

/// A language choice in the settings: each language by its own name.
pub fn language_choice(c: i18n::Choice) -> &'static str {
    match c {
        i18n::Choice::System => tr("language-system"),
        i18n::Choice::Fixed(l) => l.native_name(),
    }
}

// Contacts list
pub const SEARCH: Msg = Msg("search");
pub const NO_MATCH: Msg = Msg("no-match");
pub const NO_CONTACTS: Msg = Msg("no-contacts");
pub const FILTER_OBJECTED: Msg = Msg("filter-objected");
pub const FILTER_RESTRICTED: Msg = Msg("filter-restricted");
pub const NO_EXPIRY: Msg = Msg("no-expiry");
pub const SELECT_HINT: Msg = Msg("select-hint");

/// The count above the list; `more` while further matches are still to be loaded.
pub fn shown(n: usize, more: bool) -> String {
    if more {
        fl!(cat(), "shown-more", n = n)
    } else {
        fl!(cat(), "shown", n = n)
    }
}

pub fn status(s: ConsentStatus) -> &'static str {
    tr(match s {
        ConsentStatus::Valid => "status-valid",
        ConsentStatus::Expiring => "status-expiring",
        ConsentStatus::Expired => "status-expired",
        ConsentStatus::Withdrawn => "status-withdrawn",
        ConsentStatus::None => "status-none",
    })
}

/// A date as both languages write it in business use: ISO 8601 (`2026-12-01`; Swedish uses the
/// same form).
pub fn date(at: Instant) -> String {
    at.format("%Y-%m-%d").to_string()
}

// Contact detail
pub const CONSENTS: Msg = Msg("consents");
pub const PREFERENCES: Msg = Msg("preferences");
pub const CHANNELS: Msg = Msg("channels");
pub const DIGITAL_ONLY: Msg = Msg("digital-only");
pub const INTERESTS: Msg = Msg("interests");
pub const LANGUAGE: Msg = Msg("language");
pub const NOT_SET: Msg = Msg("not-set");
pub const OBJECTIONS: Msg = Msg("objections");
pub const NO_OBJECTION: Msg = Msg("no-objection");
pub const OBJECT_ALL: Msg = Msg("object-all");
pub const EDIT: Msg = Msg("edit");
pub const SAVE_CHANGES: Msg = Msg("save-changes");
pub const GIVEN_NAME: Msg = Msg("given-name");
pub const FAMILY_NAME: Msg = Msg("family-name");
pub const ORGANISATION: Msg = Msg("organisation");
pub const JOB_TITLE: Msg = Msg("job-title");
pub const EMAILS: Msg = Msg("emails");
pub const PHONES: Msg = Msg("phones");
pub const JOB_TITLE_HINT: Msg = Msg("job-title-hint");
pub const EMAILS_HINT: Msg = Msg("emails-hint");
pub const PHONES_HINT: Msg = Msg("phones-hint");

/// The button that records an objection to marketing through one channel (or all).
pub fn object_to(scope: crate::domain::ObjectionScope) -> String {
    match scope {
        crate::domain::ObjectionScope::All => OBJECT_ALL.into(),
        crate::domain::ObjectionScope::Channel(c) => {
            fl!(cat(), "object-to", channel = channel(c).to_lowercase())
        }
    }
}

/// A contact's lifecycle stage.
pub fn stage(s: Stage) -> &'static str {
    tr(match s {
        Stage::Lead => "stage-lead",
        Stage::Prospect => "stage-prospect",
        Stage::Customer => "stage-customer",
        Stage::FormerCustomer => "stage-former-customer",
    })
}

// Import
pub const IMPORT: Msg = Msg("import");
pub const IMPORT_TITLE: Msg = Msg("import-title");
pub const IMPORT_INTRO: Msg = Msg("import-intro");
pub const IMPORT_PATH: Msg = Msg("import-path");
pub const BROWSE: Msg = Msg("browse");
pub const IMPORT_START: Msg = Msg("import-start");
pub const IMPORTING: Msg = Msg("importing");
pub const IMPORT_SUMMARY: Msg = Msg("import-summary");
pub const IMPORTED: Msg = Msg("imported");
pub const MERGED: Msg = Msg("merged");
pub const FLAGGED: Msg = Msg("flagged");
pub const POSSIBLE_DUPLICATES: Msg = Msg("possible-duplicates");
pub const SKIPPED: Msg = Msg("skipped");
pub const CONTACT_FILES: Msg = Msg("contact-files");
pub const IMPORT_FAILED: Msg = Msg("import-failed");

pub fn count_line(what: impl AsRef<str>, n: usize) -> String {
    fl!(cat(), "count-line", what = what.as_ref(), n = n)
}

pub fn skipped_line(line: usize, reason: &str) -> String {
    fl!(cat(), "skipped-line", line = line, reason = reason)
}

pub fn and_more(n: usize) -> String {
    fl!(cat(), "and-more", n = n)
}

pub fn import_refused(reason: &str) -> String {
    fl!(cat(), "import-refused", reason = reason)
}

// New contact
pub const NEW_CONTACT: Msg = Msg("new-contact");
pub const NEW_CONTACT_TITLE: Msg = Msg("new-contact-title");
pub const EMAIL: Msg = Msg("email");
pub const PHONE: Msg = Msg("phone");
pub const CREATE_CONTACT: Msg = Msg("create-contact");
pub const CONTACT_CREATED: Msg = Msg("contact-created");
pub const RESTRICTED_NOTE: Msg = Msg("restricted-note");
pub const RESTRICT: Msg = Msg("restrict");
pub const UNRESTRICT: Msg = Msg("unrestrict");
pub const EXPORT: Msg = Msg("export");
pub const ERASE: Msg = Msg("erase");
pub const WITHDRAW: Msg = Msg("withdraw");
pub const RENEW: Msg = Msg("renew");
pub const GIVE: Msg = Msg("give");
pub const PROOF_REFERENCE: Msg = Msg("proof-reference");
pub const SAVE: Msg = Msg("save");
pub const CANCEL: Msg = Msg("cancel");
pub const SOURCE_OF_DATA: Msg = Msg("source-of-data");
pub const STAGE: Msg = Msg("stage");
pub const LOADING: Msg = Msg("loading");

pub fn given(at: Instant) -> String {
    fl!(cat(), "given", date = date(at))
}

pub fn source(s: &str) -> String {
    fl!(cat(), "source", source = s)
}

pub fn expires(at: Instant) -> String {
    fl!(cat(), "expires", date = date(at))
}

pub const NO_EXPIRY_LONG: Msg = Msg("no-expiry-long");

pub fn days_left(days: i64) -> String {
    if days < 0 {
        let ago = -days;
        fl!(cat(), "days-ago", days = ago)
    } else {
        fl!(cat(), "days-left", days = days)
    }
}

pub fn withdrawn_on(at: Instant) -> String {
    fl!(cat(), "withdrawn-on", date = date(at))
}

pub fn channel(c: Channel) -> &'static str {
    tr(match c {
        Channel::Email => "channel-email",
        Channel::Phone => "channel-phone",
        Channel::Sms => "channel-sms",
        Channel::Post => "channel-post",
        Channel::Meeting => "channel-meeting",
    })
}

pub fn proof(kind: ProofKind) -> &'static str {
    tr(match kind {
        ProofKind::WebForm => "proof-web-form",
        ProofKind::EmailReply => "proof-email-reply",
        ProofKind::SignedForm => "proof-signed-form",
        ProofKind::Verbal => "proof-verbal",
        ProofKind::Other => "proof-other",
    })
}

pub fn answer(a: Answer) -> &'static str {
    tr(match a {
        Answer::Yes => "answer-yes",
        Answer::No => "answer-no",
        Answer::Unknown => "answer-unknown",
    })
}

pub fn objected_on(scope: &str, at: Instant) -> String {
    fl!(cat(), "objected-on", scope = scope, date = date(at))
}

// Notices
pub fn exported(path: &std::path::Path) -> String {
    fl!(cat(), "exported", path = path.display().to_string())
}
pub const SHOW_IN_FOLDER: Msg = Msg("show-in-folder");
pub const SAVE_COPY_AS: Msg = Msg("save-copy-as");
pub const DISMISS: Msg = Msg("dismiss");
pub const ERASED_NOTICE: Msg = Msg("erased-notice");
pub const COPY_SAVED: Msg = Msg("copy-saved");

// Erase confirmation
pub const ERASE_TITLE: Msg = Msg("erase-title");
pub const ERASE_INTRO: Msg = Msg("erase-intro");
pub const ERASE_TOMBSTONE: Msg = Msg("erase-tombstone");
pub const ERASE_CONFIRM: Msg = Msg("erase-confirm");
pub const ERASING: Msg = Msg("erasing");
pub const FINDING_DUE: Msg = Msg("finding-due");

/// What an erasure removes, one kind at a time (each with its plural forms in the catalogue).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Holding {
    Identity,
    Emails,
    Phones,
    Addresses,
    Web,
    Consents,
    Objections,
    Interests,
    Activities,
    FollowUps,
}

pub const IDENTITY_RECORD: Holding = Holding::Identity;
/// In the order of `Holdings`' fields: emails, phones, addresses, web, consents, objections,
/// interests.
pub const HOLDING_KINDS: [Holding; 7] = [
    Holding::Emails,
    Holding::Phones,
    Holding::Addresses,
    Holding::Web,
    Holding::Consents,
    Holding::Objections,
    Holding::Interests,
];

/// "1 email address", "3 phone numbers".
pub fn holding(kind: Holding, n: usize) -> String {
    let c = cat();
    match kind {
        Holding::Identity => fl!(c, "holding-identity", n = n),
        Holding::Emails => fl!(c, "holding-emails", n = n),
        Holding::Phones => fl!(c, "holding-phones", n = n),
        Holding::Addresses => fl!(c, "holding-addresses", n = n),
        Holding::Web => fl!(c, "holding-web", n = n),
        Holding::Consents => fl!(c, "holding-consents", n = n),
        Holding::Objections => fl!(c, "holding-objections", n = n),
        Holding::Interests => fl!(c, "holding-interests", n = n),
        Holding::Activities => fl!(c, "holding-activities", n = n),
        Holding::FollowUps => fl!(c, "holding-follow-ups", n = n),
    }
}

/// The erase confirmation's title, with the contact's name.
pub fn erase_title(name: &str) -> String {
    fl!(cat(), "erase-title-named", name = name)
}

/// Progress of an erasure of everything due: `done` of `total`.
pub fn erasing_progress(done: usize, total: usize) -> String {
    fl!(cat(), "erasing-progress", done = done, total = total)
}

/// Progress of finding what is due: `n` found so far.
pub fn finding_due_progress(n: usize) -> String {
    fl!(cat(), "finding-due-progress", n = n)
}

// Overview
pub const STATUS_COUNTS: Msg = Msg("status-counts");
pub const RETENTION_QUEUE: Msg = Msg("retention-queue");
pub const DUE_NOW: Msg = Msg("due-now");
pub const UPCOMING: Msg = Msg("upcoming");
pub const ERASE_DUE: Msg = Msg("erase-due");
pub const NOTHING_DUE: Msg = Msg("nothing-due");
pub const AUDIENCE: Msg = Msg("audience");
pub const PURPOSE: Msg = Msg("purpose");
pub const CHANNEL: Msg = Msg("channel");
pub const BUILD: Msg = Msg("build");
pub const INCLUDED: Msg = Msg("included");
pub const EXCLUDED: Msg = Msg("excluded");
pub const REFRESH: Msg = Msg("refresh");
pub const EXPORT_CSV: Msg = Msg("export-csv");
pub const EXPIRING_PER_MONTH: Msg = Msg("expiring-per-month");

/// A month under a chart bar: "Jan", or "Jan 27" for January (the year shows at each new year).
pub fn month_short(year: i32, month: u32) -> String {
    const IDS: [&str; 12] = [
        "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
        "month-9", "month-10", "month-11", "month-12",
    ];
    let name = IDS
        .get(month.saturating_sub(1) as usize)
        .map_or("?", |id| tr(id));
    if month == 1 {
        let year = format!("{:02}", year.rem_euclid(100));
        fl!(cat(), "month-with-year", month = name, year = year)
    } else {
        name.to_string()
    }
}

pub fn audience_exported(path: &std::path::Path) -> String {
    fl!(
        cat(),
        "audience-exported",
        path = path.display().to_string()
    )
}

/// Why the audience builder left a contact out.
pub fn exclusion(e: Exclusion) -> &'static str {
    tr(match e {
        Exclusion::Restricted => "exclusion-restricted",
        Exclusion::NoLegalBasis => "exclusion-no-legal-basis",
        Exclusion::ConsentExpired => "exclusion-consent-expired",
        Exclusion::ConsentWithdrawn => "exclusion-consent-withdrawn",
        Exclusion::ChannelNotAccepted => "exclusion-channel-not-accepted",
        Exclusion::Objected => "exclusion-objected",
        Exclusion::InterestNo => "exclusion-interest-no",
        Exclusion::InterestUnknown => "exclusion-interest-unknown",
        Exclusion::NoAddress => "exclusion-no-address",
        Exclusion::NoRecentActivity => "exclusion-no-recent-activity",
    })
}

/// Why the retention rules want a contact erased.
pub fn rule(r: Rule) -> &'static str {
    tr(match r {
        Rule::NoLegalBasis => "rule-no-legal-basis",
        Rule::ConsentsEnded => "rule-consents-ended",
        Rule::CustomerRelationshipEnded => "rule-customer-relationship-ended",
    })
}

/// How long a purpose keeps data.
pub fn retention(r: RetentionRule) -> String {
    match r {
        RetentionRule::AfterLastActivity { months } => {
            fl!(cat(), "retention-after-activity", months = months)
        }
        RetentionRule::UntilConsentEnds => fl!(cat(), "retention-until-consent-ends"),
    }
}

pub fn erased_due(n: usize) -> String {
    fl!(cat(), "erased-due", n = n)
}

// Audit
pub const VERIFY_CHAIN: Msg = Msg("verify-chain");

pub fn chain_ok(n: usize) -> String {
    fl!(cat(), "chain-ok", n = n)
}

pub fn chain_broken(reason: &str) -> String {
    fl!(cat(), "chain-broken", reason = reason)
}

pub const STORE_BUSY: Msg = Msg("store-busy");

// --- keyboard --- (folded into the catalogue)
pub const CHOOSE_BASIS: Msg = Msg("choose-basis");
pub const CHOOSE_BASIS_HINT: Msg = Msg("choose-basis-hint");
pub const RETENTION_LABEL: Msg = Msg("retention-label");
pub const CONSENT_MONTHS_HINT: Msg = Msg("consent-months-hint");
pub const NEW_PURPOSE: Msg = Msg("new-purpose");
pub const HELP: Msg = Msg("help");
pub const HELP_TITLE: Msg = Msg("help-title");
pub const HELP_CLOSE: Msg = Msg("help-close");
/// The keyboard map shown under Help (F1): the key and what it does. The README has the same
/// table.
pub const KEYS: [(Msg, Msg); 17] = [
    (Msg("key-1"), Msg("key-1-does")),
    (Msg("key-2"), Msg("key-2-does")),
    (Msg("key-3"), Msg("key-3-does")),
    (Msg("key-4"), Msg("key-4-does")),
    (Msg("key-5"), Msg("key-5-does")),
    (Msg("key-6"), Msg("key-6-does")),
    (Msg("key-7"), Msg("key-7-does")),
    (Msg("key-8"), Msg("key-8-does")),
    (Msg("key-9"), Msg("key-9-does")),
    (Msg("key-10"), Msg("key-10-does")),
    (Msg("key-11"), Msg("key-11-does")),
    (Msg("key-12"), Msg("key-12-does")),
    (Msg("key-13"), Msg("key-13-does")),
    (Msg("key-14"), Msg("key-14-does")),
    (Msg("key-15"), Msg("key-15-does")),
    (Msg("key-16"), Msg("key-16-does")),
    (Msg("key-17"), Msg("key-17-does")),
];
pub const NO_FILE_CHOOSER: Msg = Msg("no-file-chooser");
pub const COPY_PATH: Msg = Msg("copy-path");

pub fn no_save_dialog(path: &std::path::Path) -> String {
    fl!(cat(), "no-save-dialog", path = path.display().to_string())
}

pub fn no_file_manager(dir: &std::path::Path) -> String {
    fl!(cat(), "no-file-manager", dir = dir.display().to_string())
}
pub const RETENTION_HINT: Msg = Msg("retention-hint");

// --- i18n ---
/// A copy of an export could not be written (`reason` is the system's, in English).
pub fn copy_failed(target: &std::path::Path, reason: &str) -> String {
    fl!(
        cat(),
        "copy-failed",
        path = target.display().to_string(),
        reason = reason
    )
}

// Everyday sales work (issue 15) and accountability (issue 14).
/// The two kinds an erasure also removes since issue 15, in the order of `Holdings`' fields.
pub const HOLDING_KINDS_EVERYDAY: [Holding; 2] = [Holding::Activities, Holding::FollowUps];
pub const TAB_TODAY: Msg = Msg("tab-today");
pub const TODAY_TITLE: Msg = Msg("today-title");
pub const OVERDUE: Msg = Msg("overdue");
pub const FOLLOW_UP_DONE: Msg = Msg("follow-up-done");
pub const FOLLOW_UP_SNOOZE: Msg = Msg("follow-up-snooze");
pub const FOLLOW_UP_CANCEL: Msg = Msg("follow-up-cancel");
pub const NOTHING_TODAY: Msg = Msg("nothing-today");
pub const LOG_ACTIVITY: Msg = Msg("log-activity");
pub const OUTCOME: Msg = Msg("outcome");
pub const PICK_KIND: Msg = Msg("pick-kind");
pub const PICK_OUTCOME: Msg = Msg("pick-outcome");
pub const PICK_PROOF: Msg = Msg("pick-proof");
pub const BAD_DAY: Msg = Msg("bad-day");
pub const FOLLOW_UP_KIND: Msg = Msg("follow-up-kind");
pub const LEARNED_DIGITAL_ONLY: Msg = Msg("learned-digital-only");
pub const CONSENT_GIVEN_FOR: Msg = Msg("consent-given-for");
pub const PROOF: Msg = Msg("proof");
pub const SAVE_ACTIVITY: Msg = Msg("save-activity");
pub const ACTIVITY_LOGGED: Msg = Msg("activity-logged");
pub const TAB_DOCUMENTATION: Msg = Msg("tab-documentation");
pub const GENERATE_RECORD: Msg = Msg("generate-record");
pub const BACKUP_REMINDER: Msg = Msg("backup-reminder");
pub const OPEN_REQUESTS: Msg = Msg("open-requests");
pub const NO_OPEN_REQUESTS: Msg = Msg("no-open-requests");
pub const EXPORTS_REGISTER: Msg = Msg("exports-register");
pub const NO_EXPORTS: Msg = Msg("no-exports");

pub fn follow_ups_due(n: i64) -> String {
    fl!(cat(), "follow-ups-due", n = n)
}

pub fn consents_ending(n: usize) -> String {
    fl!(cat(), "consents-ending", n = n)
}

pub fn activity_kind(kind: crate::domain::activity::Kind) -> &'static str {
    kind.label()
}

pub fn record_generated(version: i64, path: &std::path::Path) -> String {
    fl!(
        cat(),
        "record-generated",
        version = version,
        path = path.display().to_string()
    )
}

pub fn request_days_left(days: i64) -> String {
    match days {
        d if d < 0 => {
            let n = -d;
            fl!(cat(), "request-overdue", n = n)
        }
        0 => fl!(cat(), "request-due-today"),
        d => fl!(cat(), "request-days-left", n = d),
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
    fl!(cat(), "received-due", received = received, due = due)
}

pub fn fields_missing(n: usize) -> String {
    fl!(cat(), "fields-missing", n = n)
}

pub fn export_deleted(date: &str) -> String {
    fl!(cat(), "export-deleted", date = date)
}

pub fn export_expires(date: &str) -> String {
    fl!(cat(), "export-expires", date = date)
}

pub fn people(n: usize) -> String {
    fl!(cat(), "people", n = n)
}

// --- controller-ui ---
// The Controller section of Settings (issue 14).
pub const CONTROLLER_HEADING: Msg = Msg("controller-heading");
pub const CONTROLLER_HINT: Msg = Msg("controller-hint");
pub const CONTROLLER_NAME: Msg = Msg("controller-name");
pub const CONTROLLER_ORG_NUMBER: Msg = Msg("controller-org-number");
pub const CONTROLLER_ADDRESS: Msg = Msg("controller-address");
pub const CONTROLLER_EMAIL: Msg = Msg("controller-email");
pub const CONTROLLER_DPO_NAME: Msg = Msg("controller-dpo-name");
pub const CONTROLLER_DPO_EMAIL: Msg = Msg("controller-dpo-email");
pub const CONTROLLER_REPRESENTATIVE: Msg = Msg("controller-representative");
pub const SAVE_CONTROLLER: Msg = Msg("save-controller");
pub const RECIPIENTS_HEADING: Msg = Msg("recipients-heading");
pub const RECIPIENTS_NONE: Msg = Msg("recipients-none");
pub const NEW_RECIPIENT: Msg = Msg("new-recipient");
pub const RECIPIENT_NAME: Msg = Msg("recipient-name");
pub const RECIPIENT_ROLE: Msg = Msg("recipient-role");
pub const RECIPIENT_COUNTRY: Msg = Msg("recipient-country");
pub const RECIPIENT_SAFEGUARD: Msg = Msg("recipient-safeguard");
pub const RECIPIENT_PURPOSES: Msg = Msg("recipient-purposes");
pub const ADD_RECIPIENT: Msg = Msg("add-recipient");
pub const TRANSFER: Msg = Msg("transfer");
pub const EVERY_PURPOSE: Msg = Msg("every-purpose");
pub const RECIPIENT_CHOOSE_ROLE: Msg = Msg("recipient-choose-role");
pub const RECIPIENT_BAD_COUNTRY: Msg = Msg("recipient-bad-country");
pub const RECIPIENT_NEEDS_SAFEGUARD: Msg = Msg("recipient-needs-safeguard");
pub const RECIPIENT_BAD_NAME: Msg = Msg("recipient-bad-name");

pub fn recipient_role(r: crate::domain::controller::Role) -> &'static str {
    use crate::domain::controller::Role;
    tr(match r {
        Role::Processor => "role-processor",
        Role::Controller => "role-controller",
        Role::JointController => "role-joint-controller",
        Role::Authority => "role-authority",
    })
}

pub fn safeguard(s: crate::domain::controller::Safeguard) -> &'static str {
    use crate::domain::controller::Safeguard;
    tr(match s {
        Safeguard::AdequacyDecision => "safeguard-adequacy-decision",
        Safeguard::StandardContractualClauses => "safeguard-standard-contractual-clauses",
        Safeguard::BindingCorporateRules => "safeguard-binding-corporate-rules",
        Safeguard::Art49Derogation => "safeguard-art49-derogation",
    })
}
pub const CONTROLLER_NAME_HINT: Msg = Msg("controller-name-hint");
pub const CONTROLLER_ORG_NUMBER_HINT: Msg = Msg("controller-org-number-hint");
pub const CONTROLLER_ADDRESS_HINT: Msg = Msg("controller-address-hint");
pub const CONTROLLER_EMAIL_HINT: Msg = Msg("controller-email-hint");
pub const CONTROLLER_DPO_NAME_HINT: Msg = Msg("controller-dpo-name-hint");
pub const CONTROLLER_DPO_EMAIL_HINT: Msg = Msg("controller-dpo-email-hint");
pub const CONTROLLER_REPRESENTATIVE_HINT: Msg = Msg("controller-representative-hint");

// --- team-desktop ---
// Settings → Team and the top bar's sync state (issue 12).
pub const TEAM: Msg = Msg("team");
pub const TEAM_HINT: Msg = Msg("team-hint");
pub const TEAM_CREATE_TITLE: Msg = Msg("team-create-title");
pub const TEAM_JOIN_TITLE: Msg = Msg("team-join-title");
pub const TEAM_NAME: Msg = Msg("team-name");
pub const TEAM_YOUR_NAME: Msg = Msg("team-your-name");
pub const TEAM_YOUR_NAME_JOIN: Msg = Msg("team-your-name-join");
pub const TEAM_FOLDER: Msg = Msg("team-folder");
pub const TEAM_JOIN_FOLDER: Msg = Msg("team-join-folder");
pub const TEAM_NAME_HINT: Msg = Msg("team-name-hint");
pub const TEAM_YOUR_NAME_HINT: Msg = Msg("team-your-name-hint");
pub const TEAM_CODE_HINT: Msg = Msg("team-code-hint");
pub const TEAM_CHOOSE_FOLDER: Msg = Msg("team-choose-folder");
pub const TEAM_NO_CHOOSER: Msg = Msg("team-no-chooser");
pub const TEAM_CODE: Msg = Msg("team-code");
pub const TEAM_CREATE: Msg = Msg("team-create");
pub const TEAM_JOIN: Msg = Msg("team-join");
pub const TEAM_NEEDS_NAME: Msg = Msg("team-needs-name");
pub const TEAM_NEEDS_YOUR_NAME: Msg = Msg("team-needs-your-name");
pub const TEAM_NEEDS_FOLDER: Msg = Msg("team-needs-folder");
pub const TEAM_NEEDS_CODE: Msg = Msg("team-needs-code");
pub const TEAM_WAITING_HINT: Msg = Msg("team-waiting-hint");
pub const TEAM_INVITE_TITLE: Msg = Msg("team-invite-title");
pub const TEAM_INVITE_NAME: Msg = Msg("team-invite-name");
pub const TEAM_CHOOSE_ROLE: Msg = Msg("team-choose-role");
pub const TEAM_INVITE: Msg = Msg("team-invite");
pub const TEAM_INVITE_NEEDS_NAME: Msg = Msg("team-invite-needs-name");
pub const TEAM_INVITE_NEEDS_ROLE: Msg = Msg("team-invite-needs-role");
pub const TEAM_CODE_ONCE: Msg = Msg("team-code-once");
pub const TEAM_CODE_DONE: Msg = Msg("team-code-done");
pub const NEVER_SYNCED: Msg = Msg("never-synced");
pub const THIS_DEVICE_MARK: Msg = Msg("this-device-mark");
pub const SYNCING: Msg = Msg("syncing");
pub const SYNC_NOT_YET: Msg = Msg("sync-not-yet");
pub const SYNC_OFFLINE: Msg = Msg("sync-offline");
pub const SYNC_WAITING: Msg = Msg("sync-waiting");
pub const SYNC_NO_ROSTER: Msg = Msg("sync-no-roster");
pub const CONTACT_CHANGED_REMOTELY: Msg = Msg("contact-changed-remotely");
pub const CONTACT_ERASED_REMOTELY: Msg = Msg("contact-erased-remotely");

pub fn team_role(r: crate::team::roster::Role) -> &'static str {
    use crate::team::roster::Role;
    tr(match r {
        Role::Admin => "team-role-admin",
        Role::Sales => "team-role-sales",
        Role::ReadOnly => "team-role-read-only",
    })
}

pub fn team_name_line(name: &str) -> String {
    fl!(cat(), "team-name-line", name = name)
}

pub fn this_device(id: &str) -> String {
    fl!(cat(), "this-device", id = id)
}

/// A device of the member list: its id, "(this device)" or nothing, and its last sync.
pub fn device_line(id: &str, mine: &str, ago: &str) -> String {
    fl!(cat(), "device-line", id = id, mine = mine, ago = ago)
}

/// "2 min ago", "3 h ago", "4 days ago" ("just now" under a minute).
pub fn ago(minutes: i64) -> String {
    match minutes {
        m if m < 1 => fl!(cat(), "just-now"),
        m if m < 60 => fl!(cat(), "minutes-ago", n = m),
        m if m < 48 * 60 => {
            let n = m / 60;
            fl!(cat(), "hours-ago", n = n)
        }
        m => {
            let days = m / (24 * 60);
            fl!(cat(), "days-ago", days = days)
        }
    }
}

pub fn synced_ago(minutes: i64) -> String {
    fl!(cat(), "synced-ago", ago = ago(minutes))
}

pub fn sync_clock_ahead(minutes: u64) -> String {
    fl!(cat(), "sync-clock-ahead", n = minutes)
}

pub fn sync_failed(error: &str) -> String {
    fl!(cat(), "sync-failed", error = error)
}

pub fn files_skipped(n: usize) -> String {
    fl!(cat(), "files-skipped", n = n)
}

/// One skipped file of the folder and why (the reason is the sync's own sentence).
pub fn skipped_file(file: &str, reason: &str) -> String {
    fl!(cat(), "skipped-file", file = file, reason = reason)
}

pub fn invite_code_for(name: &str) -> String {
    fl!(cat(), "invite-code-for", name = name)
}
// --- roles ---
/// Why a button is disabled: the role only reads.
pub const PERMIT_READ_ONLY: Msg = Msg("permit-read-only");
/// Why a button is disabled: only an admin may do it.
pub const PERMIT_ADMIN_ONLY: Msg = Msg("permit-admin-only");
/// Why a button is disabled: an admin has not accepted this laptop yet.
pub const PERMIT_JOINING: Msg = Msg("permit-joining");
/// Why a button is disabled: this laptop was removed from the team.
pub const PERMIT_REMOVED: Msg = Msg("permit-removed");
// --- everyday-gui ---
// The Organisations tab, Settings → Outcomes and the audience's activity criterion (issue 15).
pub const TAB_ORGANISATIONS: Msg = Msg("tab-organisations");
pub const SEARCH_ORGANISATIONS: Msg = Msg("search-organisations");
pub const NO_ORGANISATIONS: Msg = Msg("no-organisations");
pub const SELECT_ORGANISATION: Msg = Msg("select-organisation");
pub const ORG_NAME: Msg = Msg("org-name");
pub const ORG_NUMBER: Msg = Msg("org-number");
pub const INDUSTRY: Msg = Msg("industry");
pub const NO_INDUSTRY: Msg = Msg("no-industry");
pub const ORG_ADDRESS: Msg = Msg("org-address");
pub const ORG_WEB: Msg = Msg("org-web");
pub const PREVIOUS: Msg = Msg("previous");
pub const NEXT: Msg = Msg("next");
pub const LATEST_ACTIVITIES: Msg = Msg("latest-activities");
pub const NO_ORG_ACTIVITIES: Msg = Msg("no-org-activities");

/// "12 organisations", or "200 of 1,234 organisations: search to narrow".
pub fn organisations_shown(shown: usize, total: usize) -> String {
    if shown < total {
        fl!(
            cat(),
            "organisations-shown-some",
            shown = number(shown),
            total = number(total)
        )
    } else {
        fl!(cat(), "organisations-shown", n = total)
    }
}

/// "51–100 of 500".
pub fn people_range(first: usize, last: usize, total: usize) -> String {
    fl!(
        cat(),
        "people-range",
        first = number(first),
        last = number(last),
        total = number(total)
    )
}
pub const ORG_NAME_HINT: Msg = Msg("org-name-hint");
pub const ORG_NUMBER_HINT: Msg = Msg("org-number-hint");
pub const ORG_ADDRESS_HINT: Msg = Msg("org-address-hint");
pub const ORG_WEB_HINT: Msg = Msg("org-web-hint");
pub const OUTCOMES_HEADING: Msg = Msg("outcomes-heading");
pub const OUTCOMES_HINT: Msg = Msg("outcomes-hint");
pub const NEW_OUTCOME: Msg = Msg("new-outcome");
pub const ADD_OUTCOME: Msg = Msg("add-outcome");
pub const RETIRE: Msg = Msg("retire");
pub const RETIRED: Msg = Msg("retired");
pub const OFFER_AGAIN: Msg = Msg("offer-again");

/// "used by 3 activities".
pub fn outcome_uses(n: usize) -> String {
    fl!(cat(), "outcome-uses", n = n)
}

/// What retiring an outcome in use did.
pub fn outcome_retired(n: usize) -> String {
    fl!(cat(), "outcome-retired", n = n)
}
pub const ACTIVITY_CRITERION: Msg = Msg("activity-criterion");
pub const ACTIVITY_UNASKED: Msg = Msg("activity-unasked");
pub const ACTIVITY_ANY: Msg = Msg("activity-any");

/// "in the last 12 months".
pub fn in_last_months(n: usize) -> String {
    fl!(cat(), "in-last-months", n = n)
}
// --- team-audit ---
pub const AUDIT_MEMBER: Msg = Msg("audit-member");
pub const AUDIT_DEVICE: Msg = Msg("audit-device");
pub const AUDIT_THIS_DEVICE: Msg = Msg("audit-this-device");
// --- lock ---
pub const LOCKED: Msg = Msg("locked");
pub const LOCKED_TITLE: Msg = Msg("locked-title");
pub const KEY_FILE_LABEL: Msg = Msg("key-file-label");
pub const KEY_FILE_PATH: Msg = Msg("key-file-path");
pub const CHOOSE_KEY_FILE: Msg = Msg("choose-key-file");
pub const KEY_FILE_NEEDED: Msg = Msg("key-file-needed");
pub const KEY_FILE_UNREADABLE: Msg = Msg("key-file-unreadable");
pub const SECURITY: Msg = Msg("security");
pub const SECURITY_CURRENT_HINT: Msg = Msg("security-current-hint");
pub const CURRENT_PASSPHRASE: Msg = Msg("current-passphrase");
pub const CURRENT_KEY_FILE: Msg = Msg("current-key-file");
pub const CURRENT_PASSPHRASE_NEEDED: Msg = Msg("current-passphrase-needed");
pub const CHANGE_PASSPHRASE: Msg = Msg("change-passphrase");
pub const NEW_PASSPHRASE_FIELD: Msg = Msg("new-passphrase-field");
pub const REPEAT_NEW_PASSPHRASE: Msg = Msg("repeat-new-passphrase");
pub const CHANGE_PASSPHRASE_BUTTON: Msg = Msg("change-passphrase-button");
pub const NEW_PASSPHRASES_DIFFER: Msg = Msg("new-passphrases-differ");
pub const PASSPHRASE_CHANGED: Msg = Msg("passphrase-changed");
pub const KEY_FILE_SECTION: Msg = Msg("key-file-section");
pub const KEY_FILE_WARNING: Msg = Msg("key-file-warning");
pub const NEW_KEY_FILE_PATH: Msg = Msg("new-key-file-path");
pub const CHOOSE_WHERE: Msg = Msg("choose-where");
pub const ENROL_KEY_FILE: Msg = Msg("enrol-key-file");
pub const ENROL_NEW_KEY_FILE: Msg = Msg("enrol-new-key-file");
pub const KEY_FILE_WHERE: Msg = Msg("key-file-where");
pub const REMOVE_FACTOR: Msg = Msg("remove-factor");
pub const FACTOR_REMOVED: Msg = Msg("factor-removed");
pub const NO_FACTOR: Msg = Msg("no-factor");
pub const IDLE_LOCK: Msg = Msg("idle-lock");
pub const IDLE_MINUTES: Msg = Msg("idle-minutes");
pub const SAVE_IDLE: Msg = Msg("save-idle");
pub const IDLE_NOT_A_NUMBER: Msg = Msg("idle-not-a-number");
pub const FACTOR_REQUIRED_TITLE: Msg = Msg("factor-required-title");
pub const FACTOR_REQUIRED_INTRO: Msg = Msg("factor-required-intro");

pub fn factor_enrolled(id: &str) -> String {
    fl!(cat(), "factor-enrolled", id = id.to_string())
}

pub fn key_file_enrolled(path: &std::path::Path) -> String {
    fl!(
        cat(),
        "key-file-enrolled",
        path = path.display().to_string()
    )
}

pub fn idle_saved(minutes: u32) -> String {
    fl!(cat(), "idle-saved", minutes = minutes)
}

pub fn team_idle_max(minutes: u32) -> String {
    fl!(cat(), "team-idle-max", minutes = minutes)
}

// --- team-remove-gui ---
pub const TEAM_REMOVE: Msg = Msg("team-remove");
pub const TEAM_REMOVE_DEVICE: Msg = Msg("team-remove-device");
pub const TEAM_REMOVE_CONFIRM: Msg = Msg("team-remove-confirm");
pub const TEAM_REMOVE_DEVICE_CONFIRM: Msg = Msg("team-remove-device-confirm");
pub const TEAM_REMOVING: Msg = Msg("team-removing");
pub const TEAM_MEMBER_ROLE: Msg = Msg("team-member-role");

pub fn team_remove_title(name: &str) -> String {
    fl!(cat(), "team-remove-title", name = name.to_string())
}

/// What removing a member does, with how many laptops they have.
pub fn team_remove_what(name: &str, n: usize) -> String {
    fl!(cat(), "team-remove-what", name = name.to_string(), n = n)
}

pub fn team_remove_device_title(id: &str) -> String {
    fl!(cat(), "team-remove-device-title", id = id.to_string())
}

/// What removing one laptop (lost or stolen) does; its person stays.
pub fn team_remove_device_what(id: &str, name: &str) -> String {
    fl!(
        cat(),
        "team-remove-device-what",
        id = id.to_string(),
        name = name.to_string()
    )
}

pub fn team_removed(name: &str) -> String {
    fl!(cat(), "team-removed", name = name.to_string())
}

// --- vocab ---
pub const INDUSTRIES_HEADING: Msg = Msg("industries-heading");
pub const INDUSTRIES_HINT: Msg = Msg("industries-hint");
pub const NEW_INDUSTRY: Msg = Msg("new-industry");
pub const ADD_INDUSTRY: Msg = Msg("add-industry");
pub const INDUSTRY_RETIRED_TAG: Msg = Msg("industry-retired-tag");

/// "used by 3 organisations".
pub fn industry_uses(n: usize) -> String {
    fl!(cat(), "industry-uses", n = n)
}

/// What retiring an industry in use did.
pub fn industry_retired(n: usize) -> String {
    fl!(cat(), "industry-retired", n = n)
}

/// On a contact's page: answers another laptop recorded that this laptop's full interest
/// vocabulary cannot place (issue 12).
pub fn interests_not_placed(names: &[String], max: i64) -> String {
    fl!(
        cat(),
        "interests-not-placed",
        n = names.len(),
        names = names.join(", "),
        max = max
    )
}
