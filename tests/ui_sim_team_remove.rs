//! Headless GUI test (iced_test simulator) of offboarding in Settings → Team (issue 13), on real
//! encrypted stores in temp dirs and a real temp folder: the admin creates the team in the GUI,
//! a second real store joins (privacy API, as `rapport team join`), the admin changes its role
//! with the member's role picker and the roster says so; "Remove…" on herself, the last admin,
//! shows the refusal's sentence; "Remove…" on the member shows a confirmation that says what
//! happens, Esc cancels it, confirming removes the member from the roster and the list; and
//! "Remove laptop…" removes one laptop while its person stays.

mod common;
mod ui_support;

use common::TestStore;
use iced::keyboard::{Key, key::Named};
use rapport::privacy::team::{self, round::round, setup};
use rapport::team::roster::Role;
use rapport::ui::screen::settings::team::{Field, Message as T, RoleChoice, remove};
use rapport::ui::screen::{settings, workspace::Message as W, workspace::Tab};
use rapport::ui::{App, Message, sync, text};
use ui_support::*;

/// Settings → Team is the last section: a window tall enough to lay everything out.
const TALL: (f32, f32) = (1280.0, 9000.0);

fn tall(app: &App) -> iced_test::Simulator<'_, Message> {
    iced_test::Simulator::with_size(iced_test::core::Settings::default(), TALL, app.view())
}

fn press(app: &mut App, label: &str) {
    let mut ui = tall(app);
    ui.click(label)
        .unwrap_or_else(|e| panic!("could not click {label:?}: {e}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(app, messages);
}

/// Clicks the button with widget id `id` (several members have a "Remove…" button).
fn press_id(app: &mut App, id: iced::widget::Id) {
    let mut ui = tall(app);
    ui.click(id.clone())
        .unwrap_or_else(|e| panic!("could not click {id:?}: {e}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(app, messages);
}

fn visible(app: &App, wanted: impl AsRef<str>) -> bool {
    tall(app).find(wanted.as_ref()).is_ok()
}

fn team_msg(app: &mut App, m: T) {
    send_message(
        app,
        Message::Workspace(W::Settings(settings::Message::Team(m))),
    );
}

fn section(app: &App) -> &settings::team::State {
    workspace(app).settings().team()
}

/// The admin's Team section with a second member, Bo (sales), accepted; returns Bo's store.
fn team_of_two(app: &mut App, f: &Fixture, folder: &std::path::Path) -> TestStore {
    send_message(app, Message::Workspace(W::TabSelected(Tab::Settings)));
    team_msg(app, T::Edit(Field::TeamName, "Nordic Sales".into()));
    team_msg(app, T::Edit(Field::MyName, "Ada Admin".into()));
    team_msg(app, T::Edit(Field::Folder, folder.display().to_string()));
    press(app, text::TEAM_CREATE.get());
    assert_eq!(section(app).error(), None);
    team_msg(app, T::Edit(Field::InviteName, "Bo Berg".into()));
    team_msg(app, T::InviteRole(RoleChoice(Role::Sales)));
    press(app, text::TEAM_INVITE.get());
    let code = section(app).shown_code().expect("a code").to_string();
    team_msg(app, T::CloseCode);
    let mut bo = TestStore::new();
    setup::join(&mut bo.store, folder, &code, "Bo", chrono::Utc::now()).unwrap();
    send_message(app, Message::Workspace(W::Sync(sync::Message::Run)));
    round(&mut bo.store, chrono::Utc::now()).unwrap();
    let members = team::members(&open_store(f)).unwrap();
    assert!(members.iter().any(|m| m.name == "Bo Berg"), "Bo joined");
    assert!(visible(app, "Bo Berg"));
    bo
}

fn member_id(app: &App, name: &str) -> String {
    section(app)
        .members()
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("{name} is listed"))
        .id
        .clone()
}

fn roster_role(f: &Fixture, name: &str) -> Option<String> {
    team::members(&open_store(f))
        .unwrap()
        .into_iter()
        .find(|m| m.name == name)
        .map(|m| m.role)
}

#[test]
fn an_admin_changes_a_role_and_removes_a_member_after_the_confirmation() {
    let f = fixture(0);
    let folder = f._tmp.path().join("team-folder");
    let mut app = unlocked(&f);
    let _bo = team_of_two(&mut app, &f, &folder);
    let bo = member_id(&app, "Bo Berg");
    let ada = member_id(&app, "Ada Admin");

    // The role picker: Bo from sales to read-only; the roster says so.
    assert_eq!(roster_role(&f, "Bo Berg"), Some(Role::Sales.to_string()));
    team_msg(
        &mut app,
        T::Remove(remove::Remove::SetRole(
            bo.clone(),
            RoleChoice(Role::ReadOnly),
        )),
    );
    assert_eq!(section(&app).error(), None);
    assert_eq!(roster_role(&f, "Bo Berg"), Some(Role::ReadOnly.to_string()));
    // (iced's pick_list answers no text query, so the section's data stands in for it.)
    let shown = section(&app)
        .members()
        .iter()
        .find(|m| m.id == bo)
        .map(|m| m.role.clone());
    assert_eq!(
        shown,
        Some(Role::ReadOnly.to_string()),
        "the section was read again"
    );

    // The last admin cannot remove herself: the confirmation, then the function's sentence.
    press_id(&mut app, remove::remove_id(&ada));
    assert!(visible(&app, text::team_remove_title("Ada Admin")));
    press(&mut app, text::TEAM_REMOVE_CONFIRM.get());
    let refusal = section(&app).error().expect("refused").to_string();
    assert!(refusal.contains("last admin"), "{refusal}");
    assert!(visible(&app, &refusal));
    assert!(section(&app).removal().is_none());
    assert_eq!(roster_role(&f, "Ada Admin"), Some(Role::Admin.to_string()));

    // Remove… on Bo: the confirmation says what happens; Esc cancels and nothing changes.
    press_id(&mut app, remove::remove_id(&bo));
    assert!(visible(&app, text::team_remove_title("Bo Berg")));
    assert!(visible(&app, text::team_remove_what("Bo Berg", 1)));
    assert!(text::team_remove_what("Bo Berg", 1).contains("cannot be taken back"));
    let mut ui = tall(&app);
    ui.tap_key(Key::Named(Named::Escape));
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(&mut app, messages);
    assert!(section(&app).removal().is_none(), "Esc cancels");
    assert!(!visible(&app, text::team_remove_what("Bo Berg", 1)));
    assert!(roster_role(&f, "Bo Berg").is_some(), "Bo is still a member");

    // Again, and confirm: Bo is gone from the roster and the list.
    press_id(&mut app, remove::remove_id(&bo));
    press(&mut app, text::TEAM_REMOVE_CONFIRM.get());
    assert_eq!(section(&app).error(), None);
    assert_eq!(
        roster_role(&f, "Bo Berg"),
        None,
        "the roster no longer lists Bo"
    );
    assert!(!visible(&app, "Bo Berg"));
    assert!(visible(&app, text::team_removed("Bo Berg")));
    assert!(visible(&app, "Ada Admin"));
}

#[test]
fn a_lost_laptop_is_removed_and_its_person_stays() {
    let f = fixture(0);
    let folder = f._tmp.path().join("team-folder");
    let mut app = unlocked(&f);
    let bo = team_of_two(&mut app, &f, &folder);
    let device = team::status(&bo.store).unwrap().expect("in a team").device;
    let short: String = device.chars().take(8).collect();

    press_id(&mut app, remove::remove_device_id(&device));
    assert!(visible(&app, text::team_remove_device_title(&short)));
    assert!(visible(
        &app,
        text::team_remove_device_what(&short, "Bo Berg")
    ));
    press(&mut app, text::TEAM_REMOVE_DEVICE_CONFIRM.get());
    assert_eq!(section(&app).error(), None);
    let members = team::members(&open_store(&f)).unwrap();
    let bo_now = members
        .iter()
        .find(|m| m.name == "Bo Berg")
        .expect("Bo stays in the team");
    assert!(bo_now.devices.is_empty(), "Bo's laptop is gone");
    assert!(
        !visible(&app, text::TEAM_REMOVE_DEVICE),
        "no other laptop to remove"
    );
}
