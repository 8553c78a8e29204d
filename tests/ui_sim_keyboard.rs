//! Headless GUI tests (iced_test simulator, real store) of the keyboard: Tab and Shift+Tab move
//! between the fields of the first-run, new-contact, edit and consent forms (what is typed lands
//! in the field the user moved to), Enter submits the form, Esc cancels an edit or a form and
//! closes the erase and Help modals, and Tab in a modal stays in it.

mod ui_support;

use iced::keyboard::{self, Key, Modifiers, key::Named};
use iced_test::simulator;
use rapport::domain::ProofKind;
use rapport::privacy;
use rapport::store::search::Order;
use rapport::ui::screen::{contact, first_run, workspace::Message as W};
use rapport::ui::{App, Launch, Message, Options, Screen, text};
use ui_support::*;

/// One thing the user does at the keyboard (or mouse) in a single window.
enum Step<'a> {
    Click(&'a str),
    Type(&'a str),
    Tab,
    ShiftTab,
    Press(Named),
}
use Step::*;

/// Plays `steps` in one simulated window (so the focus carries from step to step, as in the
/// real one), then hands what it produced to the app.
fn play(app: &mut App, steps: &[Step<'_>]) {
    let mut ui = simulator(app.view());
    for step in steps {
        match step {
            Click(target) => {
                ui.click(*target)
                    .unwrap_or_else(|e| panic!("could not click {target:?}: {e}"));
            }
            Type(t) => {
                ui.typewrite(t);
            }
            Tab => {
                ui.tap_key(Key::Named(Named::Tab));
            }
            ShiftTab => {
                let press = iced::Event::Keyboard(keyboard::Event::KeyPressed {
                    key: Key::Named(Named::Tab),
                    modified_key: Key::Named(Named::Tab),
                    physical_key: keyboard::key::Physical::Unidentified(
                        keyboard::key::NativeCode::Unidentified,
                    ),
                    location: keyboard::Location::Standard,
                    modifiers: Modifiers::SHIFT,
                    text: None,
                    repeat: false,
                });
                ui.simulate([press]);
            }
            Press(key) => {
                ui.tap_key(Key::Named(*key));
            }
        }
    }
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(app, messages);
}

fn send(app: &mut App, m: Message) {
    let task = app.update(m);
    settle(app, task);
}

fn find_contact(app: &App, given: &str) -> Option<rapport::privacy::contacts::ContactView> {
    let now = chrono::Utc::now();
    let db = workspace(app).db().clone();
    let listed = db
        .blocking(|s| privacy::contacts::list(s, Some(given), 10, Order::Unranked, now))
        .unwrap();
    let id = listed.first()?.id;
    Some(
        db.blocking(move |s| privacy::contacts::load(s, id, now))
            .unwrap(),
    )
}

#[test]
fn first_run_tab_moves_to_the_confirmation_and_enter_creates_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("new");
    let opts = Options {
        export_dir: tmp.path().join("exports"),
        kdf: Some(kdf()),
    };
    let launch = Launch {
        data_dir: data.clone(),
        passphrase: None,
        key_file: None,
    };
    let (mut app, task) = App::new(launch, opts);
    settle(&mut app, task);
    assert!(matches!(app.screen(), Screen::FirstRun(_)));
    play(
        &mut app,
        &[
            Click(text::NEW_PASSPHRASE.get()),
            Type(PASSPHRASE),
            Tab,
            Type(PASSPHRASE),
            Press(Named::Enter),
        ],
    );
    // Both passphrases went where they belong, or the store would not have been created.
    assert!(!shows(&app, text::PASSPHRASES_DIFFER));
    assert!(rapport::vault::exists(&data), "Enter created the store");
    assert!(shows(&app, text::RECOVERY_TITLE));
    let key = rapport::vault::unlock(
        &data,
        rapport::vault::Secret::Passphrase(zeroize::Zeroizing::new(PASSPHRASE.into())),
    )
    .unwrap();
    assert!(shows(&app, first_run::two_lines(&key.recovery_string())));
}

#[test]
fn new_contact_tab_and_shift_tab_land_in_the_right_fields_and_enter_creates_it() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, text::NEW_CONTACT);
    play(
        &mut app,
        &[
            Click(text::GIVEN_NAME.get()),
            Type("Ingrid"),
            Tab,
            Type("Bergström"),
            Tab,
            Type("Nordhavn AB"),
            ShiftTab,
            Type("-Lund"),
            Tab,
            Press(Named::Enter),
        ],
    );
    assert!(
        workspace(&app).new_contact_form().is_none(),
        "Enter in the form created the contact: {:?}",
        workspace(&app).new_contact_form().and_then(|f| f.error())
    );
    let v = find_contact(&app, "Ingrid").expect("the contact was created");
    assert_eq!(v.contact.given_name, "Ingrid");
    assert_eq!(v.contact.family_name, "Bergström-Lund");
    assert_eq!(v.contact.organisation, "Nordhavn AB");
}

#[test]
fn esc_cancels_the_new_contact_form_without_creating_anything() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, text::NEW_CONTACT);
    play(
        &mut app,
        &[
            Click(text::GIVEN_NAME.get()),
            Type("Ingrid"),
            Press(Named::Escape),
        ],
    );
    assert!(
        workspace(&app).new_contact_form().is_none(),
        "Esc closed it"
    );
    assert!(find_contact(&app, "Ingrid").is_none());
}

#[test]
fn edit_form_tab_order_enter_saves_and_esc_cancels() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, "Anna Lind");
    click(&mut app, text::EDIT);
    for field in [
        contact::Field::Given,
        contact::Field::Family,
        contact::Field::Organisation,
    ] {
        let clear = contact::Message::EditField(field, String::new());
        send(&mut app, Message::Workspace(W::Contact(clear)));
    }
    // Nothing has the focus in a fresh window: the first Tab enters the form at Given name.
    play(
        &mut app,
        &[
            Tab,
            Type("Ingrid"),
            Tab,
            Type("Bergström"),
            Tab,
            Type("Nordhavn AB"),
            Press(Named::Enter),
        ],
    );
    assert!(
        !shows(&app, text::SAVE_CHANGES),
        "Enter saved and closed the form"
    );
    let v = find_contact(&app, "Ingrid").expect("the edit was saved");
    assert_eq!(v.contact.id, f.anna);
    assert_eq!(
        (
            v.contact.family_name.as_str(),
            v.contact.organisation.as_str()
        ),
        ("Bergström", "Nordhavn AB")
    );

    click(&mut app, text::EDIT);
    play(&mut app, &[Tab, Type("Zz"), Press(Named::Escape)]);
    assert!(!shows(&app, text::SAVE_CHANGES), "Esc closed the form");
    let v = find_contact(&app, "Ingrid").expect("still there");
    assert_eq!(
        v.contact.given_name, "Ingrid",
        "nothing typed before Esc was saved"
    );
}

#[test]
fn consent_form_picker_takes_arrows_tab_reaches_the_reference_and_enter_saves() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, "Anna Lind");
    click_tall(&mut app, text::RENEW);
    assert!(shows(&app, text::PROOF_REFERENCE));
    // Tab stays in the consent form: picker (Down: the next kind of proof), reference.
    play(
        &mut app,
        &[
            Tab,
            Press(Named::ArrowDown),
            Tab,
            Type("phone call #42"),
            Press(Named::Enter),
        ],
    );
    assert!(
        !shows(&app, text::PROOF_REFERENCE),
        "Enter saved the consent"
    );
    let (id, now) = (f.anna, chrono::Utc::now());
    let v = workspace(&app)
        .db()
        .blocking(move |s| privacy::contacts::load(s, id, now))
        .unwrap();
    let newest = v
        .consents
        .iter()
        .find(|c| c.source.reference == "phone call #42")
        .expect("the reference typed after Tab was saved");
    assert_eq!(newest.source.reference, "phone call #42");
    assert_eq!(
        newest.source.kind,
        ProofKind::Verbal,
        "Down chose the next kind"
    );

    click_tall(&mut app, text::RENEW);
    play(&mut app, &[Tab, Tab, Type("x"), Press(Named::Escape)]);
    assert!(!shows(&app, text::PROOF_REFERENCE), "Esc closed the form");
}

#[test]
fn erase_modal_keeps_tab_inside_enter_on_cancel_keeps_the_contact_and_esc_closes() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, "Bertil Berg");
    send(&mut app, key_press(Key::Named(Named::Delete)));
    assert!(workspace(&app).is_confirming_erase());
    // Two stops in the modal: Tab, Tab, Tab comes back to the first — Cancel.
    play(&mut app, &[Tab, Tab, Tab, Press(Named::Enter)]);
    assert!(
        !workspace(&app).is_confirming_erase(),
        "Enter pressed Cancel"
    );
    assert!(listed_names(&app).contains(&"Bertil Berg".to_string()));

    send(&mut app, key_press(Key::Named(Named::Delete)));
    assert!(workspace(&app).is_confirming_erase());
    play(&mut app, &[Tab, Press(Named::Escape)]);
    assert!(
        !workspace(&app).is_confirming_erase(),
        "Esc closed the modal"
    );
    assert!(listed_names(&app).contains(&"Bertil Berg".to_string()));

    // Tab, Tab: Erase this contact; Space presses it.
    send(&mut app, key_press(Key::Named(Named::Delete)));
    play(&mut app, &[Tab, Tab, Press(Named::Space)]);
    assert!(!listed_names(&app).contains(&"Bertil Berg".to_string()));
}

#[test]
fn f1_shows_the_keyboard_map_and_esc_closes_it() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    send(&mut app, key_press(Key::Named(Named::F1)));
    assert!(workspace(&app).is_showing_help());
    for (key, what) in text::KEYS {
        assert!(shows(&app, key) && shows(&app, what), "Help lists {key}");
    }
    play(&mut app, &[Press(Named::Escape)]);
    assert!(!workspace(&app).is_showing_help());
    click(&mut app, text::HELP);
    assert!(workspace(&app).is_showing_help(), "Help is a button too");
}
