//! Settings → Industries in the iced_test simulator (issue 15), on real encrypted stores: an
//! industry is added from the keyboard (type, Tab to "Add industry", Enter), renamed, removed
//! while unused; one an organisation has is retired — the organisation keeps it and shows its
//! label, its form keeps it through an unrelated save, nothing new may take it — and offered
//! again, each step checked in the store. A sales member of a real team sees the buttons
//! disabled, and a sent message changes nothing.

mod common;
mod ui_support;

use iced::keyboard::{Key, key::Named};
use rapport::domain::organisation::OrganisationDraft;
use rapport::privacy;
use rapport::ui::screen::organisations;
use rapport::ui::screen::settings::industries::Message as I;
use rapport::ui::screen::workspace::Message as W;
use rapport::ui::{App, Message, text};
use ui_support::*;

/// A window tall enough for the whole Settings page (Industries sits below Outcomes).
fn tall(app: &App) -> iced_test::Simulator<'_, Message> {
    let settings = iced_test::core::Settings::default();
    iced_test::Simulator::with_size(settings, (1280.0, 4000.0), app.view())
}

fn send(app: &mut App, m: I) {
    use rapport::ui::screen::settings::Message as S;
    send_message(app, Message::Workspace(W::Settings(S::Industries(m))));
}

fn entries(app: &App) -> Vec<privacy::industries::Entry> {
    workspace(app)
        .settings()
        .industries()
        .entries()
        .cloned()
        .collect()
}

fn position(app: &App, code: &str) -> usize {
    entries(app).iter().position(|e| e.code == code).unwrap()
}

fn offered(f: &Fixture) -> Vec<String> {
    let s = open_store(f);
    privacy::organisations::industries(&s)
        .unwrap()
        .into_iter()
        .map(|(code, _)| code)
        .collect()
}

#[test]
fn industries_are_added_by_keyboard_renamed_removed_and_one_in_use_is_retired() {
    let f = fixture(0);
    let now = chrono::Utc::now();
    {
        let mut s = open_store(&f);
        let d = OrganisationDraft {
            industry: Some("transport".into()),
            ..Default::default()
        };
        privacy::organisations::edit(&mut s, "Nordic Sails", &d, now).unwrap();
    }
    let mut app = unlocked(&f);
    click(&mut app, text::TAB_SETTINGS);
    assert_eq!(entries(&app).len(), 12, "the seeded vocabulary");
    assert!(tall(&app).find(text::INDUSTRIES_HEADING.get()).is_ok());
    assert!(tall(&app).find(text::industry_uses(1).as_str()).is_ok());

    // Keyboard: the field, the label typed, Tab to "Add industry", Enter.
    let mut ui = tall(&app);
    ui.click(text::NEW_INDUSTRY.get()).unwrap();
    ui.typewrite("Forestry");
    ui.tap_key(Key::Named(Named::Tab));
    ui.tap_key(Key::Named(Named::Enter));
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(&mut app, messages);
    assert!(offered(&f).contains(&"forestry".to_string()), "added");
    let i = position(&app, "forestry");
    assert_eq!(entries(&app)[i].label, "Forestry");

    send(&mut app, I::Label(i, "Forestry and wood".into()));
    send(&mut app, I::Rename(i));
    assert_eq!(
        entries(&app)[position(&app, "forestry")].label,
        "Forestry and wood"
    );
    // A label another industry has is refused with the reason, and nothing changes.
    let i = position(&app, "forestry");
    send(&mut app, I::Label(i, "retail".into()));
    send(&mut app, I::Rename(i));
    let error = workspace(&app)
        .settings()
        .industries()
        .error()
        .unwrap()
        .to_string();
    assert!(
        tall(&app).find(error.as_str()).is_ok(),
        "the reason is shown"
    );
    assert_eq!(
        entries(&app)[position(&app, "forestry")].label,
        "Forestry and wood"
    );

    // Unused: removed.
    let i = position(&app, "forestry");
    send(&mut app, I::TakeOut(i));
    assert!(!entries(&app).iter().any(|e| e.code == "forestry"));
    assert!(!offered(&f).contains(&"forestry".to_string()));

    // Used by Nordic Sails: retired, said so, tagged, no longer offered.
    let i = position(&app, "transport");
    send(&mut app, I::TakeOut(i));
    let transport = entries(&app)
        .into_iter()
        .find(|e| e.code == "transport")
        .unwrap();
    assert!(transport.retired);
    assert_eq!(transport.uses, 1);
    assert!(tall(&app).find(text::industry_retired(1).as_str()).is_ok());
    assert!(tall(&app).find(text::INDUSTRY_RETIRED_TAG.get()).is_ok());
    assert!(tall(&app).find(text::OFFER_AGAIN.get()).is_ok());
    assert!(!offered(&f).contains(&"transport".to_string()));
    {
        let mut s = open_store(&f);
        let page = privacy::organisations::page(&s, "Nordic Sails", now).unwrap();
        assert_eq!(page.industry_label, "Transport", "the firm shows its label");
        let d = OrganisationDraft {
            name: Some("Havsfrakt AB".into()),
            industry: Some("transport".into()),
            ..Default::default()
        };
        assert!(
            privacy::organisations::add(&mut s, &d, now).is_err(),
            "nothing new takes a retired industry"
        );
    }

    // The organisation's form keeps the retired industry through a save of another field.
    click(&mut app, text::TAB_ORGANISATIONS);
    click(&mut app, "Nordic Sails");
    assert!(shows(&app, "Transport"));
    click(&mut app, text::EDIT);
    let send_org = |app: &mut App, m| send_message(app, Message::Workspace(W::Organisations(m)));
    send_org(
        &mut app,
        organisations::Message::EditField(
            organisations::Field::Web,
            "https://sails.example.com".into(),
        ),
    );
    click(&mut app, text::SAVE);
    assert!(!workspace(&app).organisations().is_editing(), "saved");
    {
        let s = open_store(&f);
        let page = privacy::organisations::page(&s, "Nordic Sails", now).unwrap();
        assert_eq!(page.organisation.web, "https://sails.example.com");
        assert_eq!(page.organisation.industry, "transport", "kept");
    }

    // Offered again.
    click(&mut app, text::TAB_SETTINGS);
    let i = position(&app, "transport");
    send(&mut app, I::Restore(i));
    assert!(!entries(&app)[position(&app, "transport")].retired);
    assert!(offered(&f).contains(&"transport".to_string()));
}

#[test]
fn a_sales_member_cannot_change_the_industries() {
    use common::cli_team::{PASS, cli_team, ok};
    let team = cli_team(&[("Bo Berg", "sales")], |_| {});
    let dir = team.member("Bo Berg");
    let launch = rapport::ui::Launch {
        data_dir: dir.to_path_buf(),
        passphrase: Some(zeroize::Zeroizing::new(PASS.into())),
        key_file: None,
    };
    let options = rapport::ui::Options {
        export_dir: team.tmp.path().join("exports"),
        kdf: None,
    };
    let (mut app, task) = App::new(launch, options);
    settle(&mut app, task);
    click(&mut app, text::TAB_SETTINGS);
    let before = ok(dir, &["org", "industries", "--json"]);
    let mut ui = tall(&app);
    ui.click(text::ADD_INDUSTRY.get()).unwrap();
    assert_eq!(ui.into_messages().count(), 0, "Add industry is disabled");
    // Enter in the field (a message) is refused the same way.
    send(&mut app, I::NewChanged("Forestry".into()));
    send(&mut app, I::Add);
    send(&mut app, I::TakeOut(0));
    assert_eq!(ok(dir, &["org", "industries", "--json"]), before);
}
