//! Headless GUI test (iced_test simulator, real store) of the Controller section of Settings
//! (issue 14): the controller's name and DPO email are typed and saved and the store holds them;
//! a recipient outside the EU/EEA without a safeguard is refused with one sentence and nothing
//! stored; with its safeguard it is added (role, country, purposes), listed and removed; each
//! saved change is audited without its value; Tab moves from field to field.

mod ui_support;

use rapport::domain::controller::{Role, Safeguard};
use rapport::privacy::record;
use rapport::ui::Message;
use rapport::ui::screen::settings::controller::{self, Field, RoleChoice, SafeguardChoice};
use rapport::ui::screen::{settings, workspace::Message as W};
use rapport::ui::text;
use ui_support::*;

/// The Controller section is at the end of Settings: a window tall enough to lay it all out.
const TALL: (f32, f32) = (1280.0, 8000.0);

fn simulator(app: &rapport::ui::App) -> iced_test::Simulator<'_, Message> {
    iced_test::Simulator::with_size(iced_test::core::Settings::default(), TALL, app.view())
}

/// Clicks the field with `placeholder`, types into it, and delivers what the typing produced.
fn type_field(app: &mut rapport::ui::App, placeholder: &str, typed: &str) {
    let mut ui = simulator(app);
    ui.click(placeholder)
        .unwrap_or_else(|e| panic!("no field {placeholder:?}: {e}"));
    ui.typewrite(typed);
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(app, messages);
}

fn press(app: &mut rapport::ui::App, label: &str) {
    let mut ui = simulator(app);
    ui.click(label)
        .unwrap_or_else(|e| panic!("could not click {label:?}: {e}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(app, messages);
}

fn send(app: &mut rapport::ui::App, m: controller::Message) {
    let task = app.update(Message::Workspace(W::Settings(
        settings::Message::Controller(m),
    )));
    settle(app, task);
}

fn visible(app: &rapport::ui::App, wanted: &str) -> bool {
    simulator(app).find(wanted).is_ok()
}

#[test]
fn the_controller_and_a_recipient_are_saved_from_settings() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, text::TAB_SETTINGS);
    let audited = |app: &rapport::ui::App| {
        workspace(app)
            .db()
            .blocking(|s| rapport::privacy::audit::events(s, None))
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "settings")
            .map(|e| e.detail)
            .collect::<Vec<_>>()
    };
    let before = audited(&app).len();
    assert!(visible(&app, &text::CONTROLLER_HEADING));
    assert!(visible(&app, &text::RECIPIENTS_NONE));

    // The controller's name and the DPO's email, typed and saved.
    type_field(&mut app, &Field::Name.hint(), "Exempel Konsult AB");
    type_field(&mut app, &Field::DpoEmail.hint(), "dpo@example.com");
    press(&mut app, &text::SAVE_CONTROLLER);
    let settings = workspace(&app).settings();
    assert_eq!(settings.controller().error(), None);
    let stored = workspace(&app)
        .db()
        .blocking(|s| record::controller(s))
        .unwrap();
    assert_eq!(stored.name, "Exempel Konsult AB");
    assert_eq!(stored.dpo_email, "dpo@example.com");
    assert_eq!(stored.org_number, "", "what was not typed stays empty");

    // A DPO email without an @ is refused with one sentence; the saved one stays.
    send(
        &mut app,
        controller::Message::Edit(Field::DpoEmail, "dpo.example.com".into()),
    );
    press(&mut app, &text::SAVE_CONTROLLER);
    let error = workspace(&app)
        .settings()
        .controller()
        .error()
        .map(str::to_string);
    assert!(
        error.as_deref().is_some_and(|e| e.contains('@')),
        "{error:?}"
    );
    assert!(visible(&app, error.as_deref().unwrap()));
    let stored = workspace(&app)
        .db()
        .blocking(|s| record::controller(s))
        .unwrap();
    assert_eq!(stored.dpo_email, "dpo@example.com");

    // A recipient in the US without a safeguard is refused before anything is stored.
    let purposes = workspace(&app)
        .db()
        .blocking(|s| rapport::privacy::consent::purposes(s))
        .unwrap();
    let purpose = purposes[0].name.clone();
    type_field(&mut app, &text::RECIPIENT_NAME, "Mailer Inc.");
    send(
        &mut app,
        controller::Message::RecipientRole(RoleChoice(Role::Processor)),
    );
    type_field(&mut app, &text::RECIPIENT_COUNTRY, "us");
    // (The purpose's name is also a field of its purpose card above, so the tick is sent.)
    send(
        &mut app,
        controller::Message::RecipientPurpose(purpose.clone(), true),
    );
    press(&mut app, &text::ADD_RECIPIENT);
    assert_eq!(
        workspace(&app).settings().controller().error(),
        Some(text::RECIPIENT_NEEDS_SAFEGUARD.get())
    );
    assert!(visible(&app, &text::RECIPIENT_NEEDS_SAFEGUARD));
    let none = workspace(&app)
        .db()
        .blocking(|s| record::recipients(s))
        .unwrap();
    assert!(none.is_empty());

    // With its safeguard it is added, with its role, country and purpose, and listed.
    send(
        &mut app,
        controller::Message::RecipientSafeguard(SafeguardChoice(
            Safeguard::StandardContractualClauses,
        )),
    );
    press(&mut app, &text::ADD_RECIPIENT);
    assert_eq!(workspace(&app).settings().controller().error(), None);
    let list = workspace(&app)
        .db()
        .blocking(|s| record::recipients(s))
        .unwrap();
    assert_eq!(list.len(), 1);
    let r = &list[0];
    assert_eq!(r.name, "Mailer Inc.");
    assert_eq!(r.role, Role::Processor);
    assert_eq!(r.country, "US");
    assert_eq!(r.safeguard, Some(Safeguard::StandardContractualClauses));
    assert_eq!(r.purposes, vec![purpose]);
    assert!(visible(&app, "Mailer Inc."));
    assert!(!visible(&app, &text::RECIPIENTS_NONE));

    // Removed again from its row.
    send(
        &mut app,
        controller::Message::RecipientRemove("Mailer Inc.".into()),
    );
    let list = workspace(&app)
        .db()
        .blocking(|s| record::recipients(s))
        .unwrap();
    assert!(list.is_empty());
    assert!(visible(&app, &text::RECIPIENTS_NONE));

    // Each saved change is audited as the CLI audits it: what changed, never the value; the
    // refused ones are not.
    let events = audited(&app);
    assert_eq!(
        events[before..].to_vec(),
        vec!["controller", "recipient added", "recipient removed"]
    );
    assert!(
        events
            .iter()
            .all(|d| !d.contains("Exempel") && !d.contains("dpo@") && !d.contains("Mailer"))
    );
}

#[test]
fn tab_moves_from_the_controller_name_to_the_org_number() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, text::TAB_SETTINGS);
    let mut ui = simulator(&app);
    ui.click(&*Field::Name.hint()).expect("the name field");
    ui.typewrite("Exempel AB");
    ui.tap_key(iced::keyboard::Key::Named(iced::keyboard::key::Named::Tab));
    ui.typewrite("556000-0000");
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(&mut app, messages);
    // Only the simulated typing's messages are delivered: the values are the section's.
    send(&mut app, controller::Message::Save);
    let stored = workspace(&app)
        .db()
        .blocking(|s| record::controller(s))
        .unwrap();
    assert_eq!(stored.name, "Exempel AB");
    assert_eq!(stored.org_number, "556000-0000");
}
