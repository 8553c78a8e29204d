//! The desktop app in Swedish, in iced_test's simulator against a real encrypted store: the
//! unlock screen in the OS language, the stored setting switching the workspace to Swedish after
//! unlock, plural forms in the erase confirmation, and choosing the language in Settings (stored,
//! and used again on the next start).
//!
//! The app's language is process-wide, so the tests of this file take turns (`TURN`); the other
//! simulator tests live in other binaries and always run in English.

mod ui_support;

use rapport::i18n::{self, Choice, Lang};
use rapport::privacy::settings as rules;
use rapport::ui::screen::{settings, workspace};
use rapport::ui::{App, Launch, Message, Screen, text};
use std::sync::{Mutex, MutexGuard};
use ui_support::*;

static TURN: Mutex<()> = Mutex::new(());

fn turn() -> MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

fn store_language(f: &Fixture, language: &str) {
    let mut s = open_store(f);
    rules::set_language(&mut s, language, chrono::Utc::now()).unwrap();
}

#[test]
fn the_unlock_screen_speaks_the_os_language() {
    let _turn = turn();
    i18n::set_ui(Lang::Sv);
    let f = fixture(0);
    store_language(&f, "sv");
    let (mut app, task) = App::new(
        Launch {
            data_dir: f.data.clone(),
            passphrase: None,
            key_file: None,
        },
        options(&f),
    );
    settle(&mut app, task);
    assert!(matches!(app.screen(), Screen::Unlock(_)));
    assert!(shows(&app, "Lås upp Rapport"), "the title is Swedish");
    assert!(shows(&app, "Ange lösenfrasen som skyddar lagret."));
    assert!(!shows(&app, "Unlock Rapport"));
    type_into(&mut app, "Lösenfras", PASSPHRASE, true);
    assert!(matches!(app.screen(), Screen::Workspace(_)));
    assert!(shows(&app, "Kontakter") && shows(&app, "Inställningar"));
    // The workspace opens on Today (issue 15); the count is on the contact list.
    assert!(shows(&app, "Idag"), "the Today tab is Swedish");
    click(&mut app, "Kontakter");
    assert!(
        shows(&app, "3 kontakter"),
        "the count with its Swedish plural"
    );
}

#[test]
fn the_stored_setting_overrides_the_os_language_and_plurals_follow() {
    let _turn = turn();
    i18n::set_ui(Lang::En);
    let f = fixture(0);
    store_language(&f, "sv");
    let mut app = unlocked(&f);
    assert_eq!(
        i18n::ui(),
        Lang::Sv,
        "the stored choice applies after unlock"
    );
    assert!(shows(&app, "Dataskyddsöversikt") && shows(&app, "Händelselogg"));
    assert!(shows(&app, "Ny kontakt (Ctrl+N)"));
    assert!(!shows(&app, "Contacts"));

    click(&mut app, "Bertil Berg");
    assert!(
        shows(&app, "Samtycken"),
        "the detail's headings are Swedish"
    );
    assert!(shows(&app, "Giltigt"), "the consent badge is Swedish");
    click(&mut app, "Radera");
    assert!(workspace(&app).is_confirming_erase());
    assert!(shows(&app, "Radera Bertil Berg?"));
    assert!(shows(&app, "1 e-postadress"), "one address, singular");
    assert!(shows(&app, "1 samtycke"), "one consent, singular");
    assert!(shows(&app, "1 namn och identitetsuppgifter"));
    assert!(shows(&app, "Radera permanent") && shows(&app, "Avbryt"));
    click(&mut app, "Avbryt");
    assert!(!workspace(&app).is_confirming_erase());
}

#[test]
fn choosing_a_language_in_settings_switches_now_and_is_remembered() {
    let _turn = turn();
    i18n::set_ui(Lang::En);
    let f = fixture(0);
    let mut app = unlocked(&f);
    assert_eq!(i18n::ui(), Lang::En);
    click(&mut app, text::TAB_SETTINGS);
    assert!(shows(&app, "Language of the app"));

    let pick = settings::Message::LanguagePicked(settings::LanguageChoice(Choice::Fixed(Lang::Sv)));
    send_message(
        &mut app,
        Message::Workspace(workspace::Message::Settings(pick)),
    );
    assert!(shows(&app, "Appens språk"), "the screen redraws in Swedish");
    assert!(
        shows(&app, "Ändamål med behandlingen"),
        "IMY's term for purposes"
    );
    assert!(shows(&app, "Sparat."));
    let s = open_store(&f);
    assert_eq!(
        rules::get(&s, rules::LANGUAGE).unwrap().as_deref(),
        Some("sv")
    );
    drop(s);

    // The next start, on an English system, opens in Swedish once unlocked.
    i18n::set_ui(Lang::En);
    let app = unlocked(&f);
    assert!(shows(&app, "Kontakter") && !shows(&app, "Contacts"));
}

#[test]
fn an_unknown_language_is_refused_and_nothing_changes() {
    let _turn = turn();
    let f = fixture(0);
    let mut s = open_store(&f);
    let e = rules::set_language(&mut s, "tlh", chrono::Utc::now()).unwrap_err();
    assert!(e.to_string().contains("system, en or sv"), "{e}");
    assert_eq!(rules::get(&s, rules::LANGUAGE).unwrap(), None);
}
