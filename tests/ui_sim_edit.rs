//! Headless GUI tests (iced_test simulator, real store): creating a contact with the "New
//! contact" form and Ctrl+N, editing a contact in place (saved as a rectification), and
//! recording marketing objections per channel.

mod ui_support;

use iced::keyboard::{self, Key, Location, Modifiers, key};
use rapport::domain::{Action, Channel, ObjectionScope, PointKind, Stage};
use rapport::privacy;
use rapport::store::search::Order;
use rapport::ui::Message;
use rapport::ui::screen::{contact, new_contact, workspace::Message as W};
use rapport::ui::text;
use ui_support::*;

fn ctrl_n() -> Message {
    Message::Workspace(W::Key(keyboard::Event::KeyPressed {
        key: Key::Character("n".into()),
        modified_key: Key::Character("n".into()),
        physical_key: key::Physical::Code(key::Code::KeyN),
        location: Location::Standard,
        modifiers: Modifiers::CTRL,
        text: None,
        repeat: false,
    }))
}

fn send(app: &mut rapport::ui::App, m: Message) {
    let task = app.update(m);
    settle(app, task);
}

fn new_field(field: new_contact::Field, value: &str) -> Message {
    Message::Workspace(W::NewContact(new_contact::Message::FieldChanged(
        field,
        value.into(),
    )))
}

#[test]
fn new_contact_form_validates_inline_and_creates_the_contact() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, text::NEW_CONTACT);
    assert!(shows(&app, text::NEW_CONTACT_TITLE));

    type_into(&mut app, text::GIVEN_NAME, "Dora", false);
    type_into(&mut app, text::FAMILY_NAME, "Dahl", false);
    type_into(&mut app, text::ORGANISATION, "Dahl Design", false);
    type_into(&mut app, text::EMAIL, "not-an-email", false);
    send(
        &mut app,
        Message::Workspace(W::NewContact(new_contact::Message::StagePicked(
            new_contact::StageChoice(Stage::Customer),
        ))),
    );
    click(&mut app, text::CREATE_CONTACT);

    // The validation message is shown and the form keeps what was typed.
    let form = workspace(&app)
        .new_contact_form()
        .expect("the form stays open");
    let error = form.error().expect("an error is shown").to_string();
    assert!(error.contains("email"), "says what is wrong: {error}");
    assert!(shows(&app, &error));
    assert!(!listed_names(&app).contains(&"Dora Dahl".to_string()));

    // Fixing the email is enough: the names were not lost.
    send(
        &mut app,
        new_field(new_contact::Field::Email, "dora@dahl.example"),
    );
    click(&mut app, text::CREATE_CONTACT);
    assert!(workspace(&app).new_contact_form().is_none());
    assert!(listed_names(&app).contains(&"Dora Dahl".to_string()));
    assert!(shows(&app, text::CONTACT_CREATED));
    let id = workspace(&app)
        .open_contact()
        .expect("the new contact is open");
    let now = chrono::Utc::now();
    let v = workspace(&app)
        .db()
        .blocking(move |s| privacy::contacts::load(s, id, now))
        .unwrap();
    assert_eq!(v.contact.organisation, "Dahl Design");
    assert_eq!(v.contact.stage, Stage::Customer);
    assert_eq!(
        v.contact
            .points_of(PointKind::Email)
            .map(|p| p.value.as_str())
            .collect::<Vec<_>>(),
        vec!["dora@dahl.example"]
    );

    // Ctrl+N opens an empty form again; Cancel closes it.
    send(&mut app, ctrl_n());
    assert!(workspace(&app).new_contact_form().is_some());
    click(&mut app, text::CANCEL);
    assert!(workspace(&app).new_contact_form().is_none());
}

#[test]
fn editing_in_place_is_validated_and_saved_as_a_rectification() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, "Anna Lind");
    click(&mut app, text::EDIT);
    type_into(&mut app, text::JOB_TITLE_HINT, "Sales director", false);
    type_into(&mut app, text::PHONES_HINT, "call me maybe", false);
    click(&mut app, text::SAVE_CHANGES);
    let phone_error = rapport::domain::contact::ContactError::BadPhone(1).to_string();
    assert!(shows(&app, &phone_error), "the phone error is shown inline");
    assert!(
        shows(&app, text::SAVE_CHANGES),
        "the form stays open with what was typed"
    );

    let fix = Message::Workspace(W::Contact(contact::Message::EditField(
        contact::Field::Phones,
        "+46 70 123 45 67, 08-555 123".into(),
    )));
    send(&mut app, fix);
    click(&mut app, text::SAVE_CHANGES);
    assert!(!shows(&app, text::SAVE_CHANGES), "the form closes");
    // The title, and the organisation as a link to its page (issue 15).
    assert!(shows(&app, "Sales director"));
    assert!(shows(&app, "Lind Konsult AB"));

    let (id, now) = (f.anna, chrono::Utc::now());
    let v = workspace(&app)
        .db()
        .blocking(move |s| privacy::contacts::load(s, id, now))
        .unwrap();
    assert_eq!(v.contact.title, "Sales director");
    let phones: Vec<&str> = v
        .contact
        .points_of(PointKind::Phone)
        .map(|p| p.value.as_str())
        .collect();
    assert_eq!(phones, vec!["+46 70 123 45 67", "08-555 123"]);
    assert_eq!(v.contact.given_name, "Anna", "untouched fields stay");
    let edits = workspace(&app)
        .db()
        .blocking(move |s| {
            let events = s.read(|tx| rapport::store::audit::for_subject(tx, id))?;
            Ok(events
                .into_iter()
                .filter(|e| e.action == Action::Edit.as_str())
                .count())
        })
        .unwrap();
    assert_eq!(edits, 1, "one rectification in the audit log");
    let listed = workspace(&app)
        .db()
        .blocking(move |s| privacy::contacts::list(s, Some("Anna"), 10, Order::Unranked, now))
        .unwrap();
    assert_eq!(listed.len(), 1);
}

#[test]
fn objections_are_recorded_per_channel() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, "Anna Lind");
    let sms = text::object_to(ObjectionScope::Channel(Channel::Sms));
    click_tall(&mut app, &sms);
    assert!(
        !shows(&app, &sms),
        "the recorded channel has no button any more"
    );
    assert!(shows(
        &app,
        text::object_to(ObjectionScope::Channel(Channel::Post))
    ));

    let (id, now) = (f.anna, chrono::Utc::now());
    let objections = |app: &rapport::ui::App| {
        workspace(app)
            .db()
            .blocking(move |s| privacy::contacts::load(s, id, now))
            .unwrap()
            .objections
            .into_iter()
            .map(|(s, _)| s)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        objections(&app),
        vec![ObjectionScope::Channel(Channel::Sms)]
    );

    click_tall(&mut app, text::OBJECT_ALL);
    assert!(objections(&app).contains(&ObjectionScope::All));
    assert!(!shows(&app, text::OBJECT_ALL));
    assert!(!shows(
        &app,
        text::object_to(ObjectionScope::Channel(Channel::Email))
    ));
}
