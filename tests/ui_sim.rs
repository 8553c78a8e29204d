//! Headless GUI tests with iced_test's simulator, against a real encrypted store in a temp dir:
//! unlock, search, consent badges, withdraw and renew, export, erase, first run.

mod ui_support;

use rapport::domain::ConsentStatus;
use rapport::privacy;
use rapport::store::search::Order;
use rapport::ui::{App, Launch, Message, Options, Screen, text};
use rapport::vault::{self, VaultError};
use std::path::{Path, PathBuf};
use ui_support::*;
use zeroize::Zeroizing;
#[test]
fn wrong_passphrase_on_the_unlock_screen_shows_the_message() {
    let f = fixture(0);
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
    assert!(shows(&app, text::UNLOCK_TITLE));

    type_into(&mut app, text::PASSPHRASE, "not the passphrase", true);
    let message = VaultError::WrongPassphrase.to_string();
    assert!(
        matches!(app.screen(), Screen::Unlock(_)),
        "a wrong passphrase must not unlock"
    );
    assert!(
        shows(&app, &message),
        "the wrong-passphrase message is shown"
    );
    assert!(
        shows(&app, text::UNLOCK_TITLE),
        "the rest of the screen stays"
    );

    // Select-all is a widget operation the test does not run, so clear the field by hand.
    let clear = app.update(Message::Unlock(
        rapport::ui::screen::unlock::Message::PassphraseChanged(String::new()),
    ));
    settle(&mut app, clear);
    type_into(&mut app, text::PASSPHRASE, PASSPHRASE, true);
    assert!(
        matches!(app.screen(), Screen::Workspace(_)),
        "the right passphrase unlocks"
    );
    // Today is the first screen (issue 15); the list is one click away.
    assert!(shows(&app, text::TODAY_TITLE));
    click(&mut app, text::TAB_CONTACTS);
    assert!(shows(&app, "Anna Lind"));
}

#[test]
fn search_filters_the_list_and_discards_stale_answers() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    assert!(
        shows(&app, "Anna Lind") && shows(&app, "Bertil Berg") && shows(&app, "Cecilia Carlsson")
    );

    type_into(&mut app, text::SEARCH, "lind", false);
    assert_eq!(listed_names(&app), vec!["Anna Lind".to_string()]);
    assert!(shows(&app, "Anna Lind"));
    assert!(
        !shows(&app, "Bertil Berg"),
        "a contact that does not match is not listed"
    );
    assert!(shows(&app, text::shown(1, false)));

    // A slow answer to an older search must not overwrite the newer one.
    use rapport::ui::screen::contacts::Message as C;
    use rapport::ui::screen::workspace::Message as W;
    let search = |q: &str| Message::Workspace(W::Contacts(C::SearchChanged(q.into())));
    let old = app.update(search("berg"));
    let new = app.update(search("sails"));
    settle(&mut app, new);
    settle(&mut app, old);
    assert_eq!(listed_names(&app), vec!["Cecilia Carlsson".to_string()]);

    // The status chips filter what the search returned.
    let all = app.update(search(""));
    settle(&mut app, all);
    click(&mut app, text::status(ConsentStatus::None));
    assert_eq!(listed_names(&app), vec!["Cecilia Carlsson".to_string()]);
}

#[test]
fn the_list_builds_only_the_visible_rows() {
    let f = fixture(400);
    let app = unlocked(&f);
    let list = workspace(&app).contacts();
    assert_eq!(list.len(), 403, "the list counts every contact");
    assert!(
        list.rows().count() < 403,
        "only the pages near the window are fetched"
    );
    let built = (0..400)
        .filter(|i| count(&app, format!("Extra Person{i:04}")) > 0)
        .count();
    assert!(
        built > 5 && built < 60,
        "only the rows on screen are built, got {built}"
    );
}

#[test]
fn selecting_a_contact_shows_its_consent_badges_and_expiry() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, "Anna Lind");
    assert_eq!(workspace(&app).open_contact(), Some(f.anna));

    let now = chrono::Utc::now();
    let view = workspace(&app)
        .db()
        .blocking(move |s| privacy::contacts::load(s, f.anna, now))
        .unwrap();
    let newsletter = view
        .states
        .iter()
        .find(|s| s.purpose == "Newsletter")
        .unwrap();
    let expires = newsletter
        .expires_at
        .expect("the newsletter consent expires");
    assert!(shows(&app, "Newsletter") && shows(&app, "Event invitations"));
    assert!(shows(&app, text::expires(expires)), "expiry date shown");
    assert!(
        shows(&app, text::days_left(newsletter.days_left.unwrap())),
        "days left shown"
    );
    assert!(shows(&app, text::given(newsletter.given_at.unwrap())));
    assert!(
        shows(&app, text::source("signed form: #1234")),
        "the proof is shown"
    );
    // Badges: Anna's and Bertil's list rows and Anna's Newsletter purpose say Valid (plus the
    // filter chip); Event invitations has none.
    assert_eq!(count(&app, text::status(ConsentStatus::Valid)), 4);
    assert_eq!(
        count(&app, text::status(ConsentStatus::None)),
        3,
        "chip, Cecilia's row, Event invitations"
    );
    // Preferences are shown as chips.
    assert!(
        shows(&app, text::channel(rapport::domain::Channel::Email))
            && shows(&app, text::DIGITAL_ONLY)
    );
}

#[test]
fn withdraw_changes_the_badge() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, "Anna Lind");
    let withdrawn = text::status(ConsentStatus::Withdrawn);
    assert_eq!(count(&app, withdrawn), 1, "only the filter chip");

    click(&mut app, text::WITHDRAW);
    assert_eq!(
        count(&app, withdrawn),
        3,
        "chip, the purpose badge and the list row badge"
    );
    assert!(shows(&app, text::withdrawn_on(chrono::Utc::now())));
    let now = chrono::Utc::now();
    let view = workspace(&app)
        .db()
        .blocking(move |s| privacy::contacts::load(s, f.anna, now))
        .unwrap();
    assert_eq!(
        view.states
            .iter()
            .find(|s| s.purpose == "Newsletter")
            .unwrap()
            .status,
        ConsentStatus::Withdrawn
    );

    // Renew records a new consent with its proof, and the badge is valid again.
    click(&mut app, text::RENEW);
    type_into(&mut app, text::PROOF_REFERENCE, "#5678", true);
    assert_eq!(count(&app, withdrawn), 1);
    assert!(shows(&app, text::source("signed form: #5678")));
}

#[test]
fn export_writes_the_package_into_the_exports_folder() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, "Anna Lind");
    click(&mut app, text::EXPORT);

    let files: Vec<PathBuf> = std::fs::read_dir(&f.exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one package: {files:?}");
    let path = &files[0];
    assert_eq!(path.extension().and_then(|e| e.to_str()), Some("zip"));
    assert!(std::fs::metadata(path).unwrap().len() > 200);
    assert!(
        !path.to_string_lossy().contains("Anna"),
        "no name in the file name"
    );
    assert_eq!(
        workspace(&app).notice(),
        Some(text::exported(path).as_str())
    );
    assert!(shows(&app, text::exported(path)) && shows(&app, text::SHOW_IN_FOLDER));
    assert_zip_has_data_json(path);
}

fn assert_zip_has_data_json(path: &Path) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut json = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("data.json").unwrap(), &mut json).unwrap();
    assert!(json.contains("anna@lind.example"));
}

#[test]
fn erase_asks_for_confirmation_and_removes_the_contact() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, "Bertil Berg");
    click(&mut app, text::ERASE);
    assert!(
        workspace(&app).is_confirming_erase(),
        "a confirmation comes first"
    );
    assert!(
        shows(&app, text::holding(text::Holding::Consents, 1))
            && shows(&app, text::holding(text::Holding::Emails, 1))
    );
    assert!(shows(&app, text::ERASE_TOMBSTONE));

    // Cancel keeps everything.
    click(&mut app, text::CANCEL);
    assert!(!workspace(&app).is_confirming_erase());
    assert!(listed_names(&app).contains(&"Bertil Berg".to_string()));

    click(&mut app, text::ERASE);
    click(&mut app, text::ERASE_CONFIRM);
    assert!(!workspace(&app).is_confirming_erase());
    assert_eq!(workspace(&app).open_contact(), None, "back to the list");
    assert!(!shows(&app, "Bertil Berg"), "gone from the list");
    assert!(shows(&app, "Anna Lind"));
    assert!(shows(&app, text::ERASED_NOTICE));
    let now = chrono::Utc::now();
    let left = workspace(&app)
        .db()
        .blocking(move |s| privacy::contacts::list(s, Some("Bertil"), 10, Order::Unranked, now))
        .unwrap();
    assert!(left.is_empty());
    let gone = workspace(&app)
        .db()
        .blocking(move |s| privacy::contacts::load(s, f.bertil, now));
    assert!(gone.is_err());
}

#[test]
fn first_run_creates_a_store_and_shows_the_recovery_key_once() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("new");
    let opts = Options {
        export_dir: tmp.path().join("exports"),
        kdf: Some(kdf()),
    };
    let (mut app, task) = App::new(
        Launch {
            data_dir: data.clone(),
            passphrase: None,
            key_file: None,
        },
        opts,
    );
    settle(&mut app, task);
    assert!(matches!(app.screen(), Screen::FirstRun(_)));
    type_into(&mut app, text::NEW_PASSPHRASE, PASSPHRASE, false);
    type_into(&mut app, text::CONFIRM_PASSPHRASE, "something else", true);
    assert!(shows(&app, text::PASSPHRASES_DIFFER));
    assert!(
        !vault::exists(&data),
        "nothing is written before the passphrases agree"
    );

    let fix = app.update(Message::FirstRun(
        rapport::ui::screen::first_run::Message::ConfirmChanged(PASSPHRASE.into()),
    ));
    settle(&mut app, fix);
    click(&mut app, text::CREATE_STORE);
    assert!(vault::exists(&data));
    assert!(shows(&app, text::RECOVERY_TITLE) && shows(&app, text::RECOVERY_WARNING));
    let key = vault::unlock(
        &data,
        vault::Secret::Passphrase(Zeroizing::new(PASSPHRASE.into())),
    )
    .unwrap();
    assert!(
        shows(
            &app,
            rapport::ui::screen::first_run::two_lines(&key.recovery_string())
        ),
        "the recovery key is shown, on two lines that fit the card"
    );
    click(&mut app, text::RECOVERY_DONE);
    assert!(matches!(app.screen(), Screen::Workspace(_)));
    assert!(
        shows(&app, text::NOTHING_TODAY),
        "Today comes first, with nothing due"
    );
    click(&mut app, text::TAB_CONTACTS);
    assert!(shows(&app, text::NO_CONTACTS));
}
