//! Headless GUI test (iced_test simulator) of the team sync in the desktop app (issue 12), on
//! real encrypted stores in temp dirs and a real temp folder: a team is created in Settings →
//! Team and the store is then in one; "Invite" shows a one-time code once, which a second real
//! store (privacy API, as `rapport team join` does) accepts; leaving Settings drops the code;
//! after the other store adds a contact and edits the open one, the app's background round
//! (driven by its message rather than waiting a minute) shows the new contact in the list
//! while the open contact's edit in progress is kept, with a notice; a laptop joins from the
//! GUI with the code typed with spaces and waits for the admin; the top bar says offline when
//! the folder is gone, with no error.

mod common;
mod ui_support;

use common::TestStore;
use rapport::privacy::team::{self, round::round, setup};
use rapport::store::search::Order;
use rapport::team::roster::Role;
use rapport::ui::screen::settings::team::{Field, Message as T, RoleChoice};
use rapport::ui::screen::{contact, settings, workspace::Message as W, workspace::Tab};
use rapport::ui::{App, Message, sync, text};
use ui_support::*;

/// Settings → Team is the last section: a window tall enough to lay everything out.
const TALL: (f32, f32) = (1280.0, 9000.0);

fn tall(app: &App) -> iced_test::Simulator<'_, Message> {
    iced_test::Simulator::with_size(iced_test::core::Settings::default(), TALL, app.view())
}

fn press(app: &mut App, label: impl AsRef<str>) {
    let label = label.as_ref();
    let mut ui = tall(app);
    ui.click(label)
        .unwrap_or_else(|e| panic!("could not click {label:?}: {e}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(app, messages);
}

fn type_field(app: &mut App, placeholder: impl AsRef<str>, typed: &str) {
    let placeholder = placeholder.as_ref();
    let mut ui = tall(app);
    ui.click(placeholder)
        .unwrap_or_else(|e| panic!("no field {placeholder:?}: {e}"));
    ui.typewrite(typed);
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

fn tab(app: &mut App, t: Tab) {
    send_message(app, Message::Workspace(W::TabSelected(t)));
}

/// One background round, as the clock would start it.
fn background_round(app: &mut App) {
    send_message(app, Message::Workspace(W::Sync(sync::Message::Run)));
}

fn top_bar(app: &App) -> String {
    workspace(app)
        .sync()
        .describe(chrono::Utc::now())
        .unwrap_or_default()
}

/// Creates the team from Settings → Team, as a user types and clicks it.
fn create_in_gui(app: &mut App, folder: &std::path::Path) {
    tab(app, Tab::Settings);
    assert!(visible(app, text::TEAM_CREATE_TITLE));
    type_field(app, text::TEAM_NAME_HINT, "Nordic Sales");
    team_msg(app, T::Edit(Field::MyName, "Ada Admin".into()));
    type_field(app, text::TEAM_FOLDER, &folder.display().to_string());
    press(app, text::TEAM_CREATE);
    assert_eq!(workspace(app).settings().team().error(), None);
}

#[test]
fn a_team_is_created_and_joined_and_a_remote_contact_arrives_in_place() {
    let f = fixture(0);
    let folder = f._tmp.path().join("team-folder");
    let mut app = unlocked(&f);
    assert_eq!(top_bar(&app), "", "no sync state outside a team");

    create_in_gui(&mut app, &folder);
    let status = team::status(&open_store(&f)).unwrap().expect("in a team");
    assert!(!status.joining && status.folder_reachable);
    assert!(workspace(&app).sync().in_team());
    assert!(visible(&app, text::team_name_line("Nordic Sales")));
    assert!(visible(&app, "Ada Admin"));
    assert!(
        folder.read_dir().unwrap().count() > 0,
        "the folder holds the team's files"
    );

    // Invite: a name and a role; the code is shown once, with Copy.
    press(&mut app, text::TEAM_INVITE);
    assert_eq!(
        workspace(&app).settings().team().error(),
        Some(text::TEAM_INVITE_NEEDS_NAME.get())
    );
    type_field(&mut app, text::TEAM_INVITE_NAME, "Bo Berg");
    team_msg(&mut app, T::InviteRole(RoleChoice(Role::Sales)));
    press(&mut app, text::TEAM_INVITE);
    let code = workspace(&app)
        .settings()
        .team()
        .shown_code()
        .expect("the code is shown")
        .to_string();
    assert!(visible(&app, &code));
    assert!(visible(&app, text::TEAM_CODE_ONCE));
    press(&mut app, text::COPY);
    assert!(visible(&app, text::COPIED));

    // Leaving Settings drops the code; coming back does not show it again.
    tab(&mut app, Tab::Contacts);
    assert_eq!(workspace(&app).settings().team().shown_code(), None);
    tab(&mut app, Tab::Settings);
    assert!(!visible(&app, &code));

    // A second real store joins with the code (without its dashes), as `rapport team join`.
    let mut bo = TestStore::new();
    let plain: String = code.chars().filter(|c| *c != '-').collect();
    setup::join(&mut bo.store, &folder, &plain, "Bo", chrono::Utc::now()).unwrap();
    background_round(&mut app); // the admin's round accepts Bo's laptop
    let r = round(&mut bo.store, chrono::Utc::now()).unwrap();
    assert_eq!(r.status, team::SyncStatus::Synced, "Bo is welcomed");
    assert!(
        visible(&app, "Bo Berg"),
        "the member list shows Bo after the round"
    );

    // The user opens Anna, starts an edit; Bo adds Dora and renames Anna on his laptop.
    tab(&mut app, Tab::Contacts);
    click(&mut app, "Anna Lind");
    click(&mut app, text::EDIT);
    type_into(&mut app, text::JOB_TITLE_HINT, "Key account", false);
    let now = chrono::Utc::now();
    rapport::privacy::contacts::create(
        &mut bo.store,
        common::draft("Dora", "Dahl", "dora@dahl.example"),
        now,
    )
    .unwrap();
    let anna = rapport::privacy::contacts::list(&bo.store, Some("Anna"), 10, Order::Unranked, now)
        .unwrap()
        .into_iter()
        .find(|c| c.name == "Anna Lind")
        .expect("Bo has Anna from the team")
        .id;
    let edit = rapport::privacy::contacts::Edit {
        organisation: Some("Lind & Dotter AB".into()),
        ..Default::default()
    };
    rapport::privacy::contacts::rectify(&mut bo.store, anna, &edit, now).unwrap();
    round(&mut bo.store, chrono::Utc::now()).unwrap();

    assert!(!listed_names(&app).contains(&"Dora Dahl".to_string()));
    background_round(&mut app);
    assert!(
        listed_names(&app).contains(&"Dora Dahl".to_string()),
        "Bo's contact is in the list after the background round"
    );
    assert_eq!(
        workspace(&app).open_contact(),
        Some(f.anna),
        "Anna stays open"
    );
    assert_eq!(
        workspace(&app).notice(),
        Some(text::CONTACT_CHANGED_REMOTELY.get())
    );
    assert!(shows(&app, "Key account"), "the edit in progress is kept");
    assert!(shows(&app, text::SAVE_CHANGES), "the form is still open");
    assert!(top_bar(&app).starts_with(&text::synced_ago(0)));
    assert!(shows(&app, top_bar(&app)), "the top bar shows the state");

    // Cancel the edit: the contact shows Bo's change.
    send_message(
        &mut app,
        Message::Workspace(W::Contact(contact::Message::EditCancel)),
    );
    assert!(shows(&app, "Lind & Dotter AB"));

    // A file in the folder that is no segment of the team: skipped, counted in the top bar,
    // its reason one click away.
    let stranger = folder.join("dev-00112233445566778899aabbccddeeff");
    std::fs::create_dir_all(&stranger).unwrap();
    std::fs::write(
        stranger.join("e0-000000000000-snapshot.seg"),
        b"not a segment",
    )
    .unwrap();
    background_round(&mut app);
    assert_eq!(workspace(&app).sync().rejected().len(), 1);
    click(&mut app, text::files_skipped(1));
    let notice = workspace(&app).notice().expect("the reasons are shown");
    assert!(notice.contains("e0-000000000000-snapshot.seg"), "{notice}");
}

#[test]
fn a_laptop_joins_from_the_gui_and_waits_then_goes_offline_without_errors() {
    // The admin's store, made with the privacy API (as `rapport team create`).
    let mut admin = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    setup::create(
        &mut admin.store,
        "Field team",
        &folder,
        "Ada",
        chrono::Utc::now(),
    )
    .unwrap();
    let code = setup::invite(&mut admin.store, "Cy", Role::Sales, chrono::Utc::now()).unwrap();

    let f = fixture(0);
    let mut app = unlocked(&f);
    tab(&mut app, Tab::Settings);
    type_field(
        &mut app,
        text::TEAM_JOIN_FOLDER,
        &folder.display().to_string(),
    );
    // Typed with spaces instead of dashes, in lower case.
    let spaced = code.replace('-', " ").to_lowercase();
    type_field(&mut app, text::TEAM_CODE_HINT, &spaced);
    team_msg(&mut app, T::Edit(Field::JoinName, "Cy".into()));
    press(&mut app, text::TEAM_JOIN);
    assert_eq!(workspace(&app).settings().team().error(), None);
    assert!(visible(&app, text::SYNC_WAITING), "Settings says it waits");
    assert_eq!(top_bar(&app), text::SYNC_WAITING.get());
    background_round(&mut app);
    assert_eq!(top_bar(&app), text::SYNC_WAITING.get());

    // The admin's round accepts; the app's next round is welcomed and brings the team's data.
    round(&mut admin.store, chrono::Utc::now()).unwrap();
    background_round(&mut app);
    assert!(top_bar(&app).starts_with(&text::synced_ago(0)));
    assert!(!team::status(&open_store(&f)).unwrap().unwrap().joining);
    assert!(
        visible(&app, text::team_name_line("Field team")),
        "Settings → Team shows the team once welcomed"
    );

    // The folder disappears (an unplugged share): offline, no error, nothing else changes.
    let names = listed_names(&app);
    std::fs::rename(&folder, tmp.path().join("moved")).unwrap();
    background_round(&mut app);
    assert_eq!(top_bar(&app), text::SYNC_OFFLINE.get());
    assert!(shows(&app, text::SYNC_OFFLINE), "the top bar says offline");
    assert_eq!(workspace(&app).notice(), None);
    assert_eq!(listed_names(&app), names);
    background_round(&mut app);
    assert_eq!(top_bar(&app), text::SYNC_OFFLINE.get());
}

#[test]
fn a_busy_lock_is_silent_and_bad_forms_say_what_is_missing() {
    let f = fixture(0);
    let folder = f._tmp.path().join("team-folder");
    let mut app = unlocked(&f);
    tab(&mut app, Tab::Settings);
    press(&mut app, text::TEAM_CREATE);
    assert_eq!(
        workspace(&app).settings().team().error(),
        Some(text::TEAM_NEEDS_NAME.get())
    );
    create_in_gui(&mut app, &folder);
    // Another process holds the sync lock: the round says nothing and the state stays.
    let before = top_bar(&app);
    let lock_path = f
        .data
        .join(rapport::store::DB_FILE)
        .with_extension("team-lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap();
    lock.try_lock().unwrap();
    background_round(&mut app);
    assert_eq!(top_bar(&app), before);
    assert_eq!(workspace(&app).notice(), None);
    drop(lock);
}

#[test]
fn tab_reaches_every_control_of_create_and_space_creates_the_team() {
    use iced::keyboard::{Key, key::Named};
    let f = fixture(0);
    let folder = f._tmp.path().join("kb-folder");
    let mut app = unlocked(&f);
    tab(&mut app, Tab::Settings);
    team_msg(&mut app, T::Edit(Field::MyName, String::new()));
    let mut ui = tall(&app);
    ui.click(text::TEAM_NAME_HINT.get()).unwrap();
    ui.typewrite("Keyboard team");
    ui.tap_key(Key::Named(Named::Tab));
    ui.typewrite("Kim Key");
    ui.tap_key(Key::Named(Named::Tab));
    ui.typewrite(&folder.display().to_string());
    ui.tap_key(Key::Named(Named::Tab)); // Choose…
    ui.tap_key(Key::Named(Named::Tab)); // Create team
    ui.tap_key(Key::Named(Named::Space));
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(&mut app, messages);
    assert_eq!(workspace(&app).settings().team().error(), None);
    assert!(
        team::status(&open_store(&f)).unwrap().is_some(),
        "Space on Create team created it"
    );
    assert!(visible(&app, "Kim Key"));
    assert!(visible(&app, text::team_name_line("Keyboard team")));
}

/// The segments this device has published into the folder.
fn own_segments(folder: &std::path::Path, device: &str) -> usize {
    std::fs::read_dir(folder.join(format!("dev-{device}")))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".seg"))
                .count()
        })
        .unwrap_or(0)
}

fn tick(app: &mut App) {
    send_message(app, Message::Workspace(W::Sync(sync::Message::Tick)));
}

#[test]
fn a_local_write_starts_a_round_a_few_seconds_later_not_at_once() {
    let f = fixture(0);
    let folder = f._tmp.path().join("team-folder");
    let mut app = unlocked(&f);
    create_in_gui(&mut app, &folder);
    let device = team::status(&open_store(&f)).unwrap().unwrap().device;
    // Joining asked for a first round soon; once it ran, nothing is due for a minute.
    std::thread::sleep(sync::AFTER_WRITE + std::time::Duration::from_millis(200));
    tick(&mut app);
    let before = own_segments(&folder, &device);
    tick(&mut app);
    assert_eq!(own_segments(&folder, &device), before, "no round is due");

    // A contact created in the app: no round at once, one a few seconds later.
    tab(&mut app, Tab::Contacts);
    click(&mut app, text::NEW_CONTACT);
    type_into(&mut app, text::GIVEN_NAME, "Erik", false);
    type_into(&mut app, text::FAMILY_NAME, "Ek", false);
    click(&mut app, text::CREATE_CONTACT);
    assert!(listed_names(&app).contains(&"Erik Ek".to_string()));
    tick(&mut app);
    assert_eq!(own_segments(&folder, &device), before, "debounced");
    std::thread::sleep(sync::AFTER_WRITE + std::time::Duration::from_millis(200));
    tick(&mut app);
    assert_eq!(
        own_segments(&folder, &device),
        before + 1,
        "the write was published by the round it started"
    );
}

/// Issue 13: a laptop removed from the team learns it at its app's next background round: the
/// app's store is closed, its keys and files are deleted, and only the reason is shown.
#[test]
fn a_removed_laptop_is_wiped_by_its_apps_next_round_and_says_why() {
    let mut admin = TestStore::new();
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let now = chrono::Utc::now;
    setup::create(&mut admin.store, "Field team", &folder, "Ada", now()).unwrap();
    let code = setup::invite(&mut admin.store, "Cy", Role::Sales, now()).unwrap();

    let f = fixture(0);
    let mut app = unlocked(&f);
    tab(&mut app, Tab::Settings);
    type_field(
        &mut app,
        text::TEAM_JOIN_FOLDER,
        &folder.display().to_string(),
    );
    type_field(&mut app, text::TEAM_CODE_HINT, &code);
    team_msg(&mut app, T::Edit(Field::JoinName, "Cy".into()));
    press(&mut app, text::TEAM_JOIN);
    round(&mut admin.store, now()).unwrap();
    background_round(&mut app);
    assert!(top_bar(&app).starts_with(&text::synced_ago(0)), "welcomed");
    assert!(f.data.join(rapport::store::DB_FILE).exists());

    team::offboard::remove_member(&mut admin.store, "Cy", now()).unwrap();
    background_round(&mut app);
    assert!(
        shows(
            &app,
            "This laptop was removed from the team Field team by an admin; its copy of the team's data was deleted."
        ),
        "the app says why"
    );
    assert!(
        !shows(&app, "Anna"),
        "nothing of the team's data is shown any more"
    );
    assert!(
        !f.data.join(rapport::store::DB_FILE).exists(),
        "the store file is deleted"
    );
    assert!(
        !rapport::vault::exists(&f.data),
        "the vault (the key) is deleted"
    );
}
