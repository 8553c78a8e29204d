//! Roles in the GUI (issue 13), in the iced_test simulator on stores of a real team made with
//! the CLI: a read-only member's workspace says why it only reads (the line under the tabs; the
//! disabled buttons' tooltips say the same, which the simulator cannot see: iced's tooltip
//! overlay takes no widget operations), and "New contact", "Import",
//! a contact's "Erase" / "Edit" / "Export" are disabled (a click produces nothing, nor does the
//! Delete key); a sales member works on contacts but cannot save purposes or interests; a
//! newcomer not yet accepted only reads until a sync round makes them a member and the
//! workspace re-reads its standing.

mod common;
mod ui_support;

use common::cli_team::{PASS, cli_team, ok};
use iced::keyboard::{Key, key::Named};
use rapport::ui::screen::workspace;
use rapport::ui::{App, Launch, Message, Options, Screen, text};
use std::path::Path;
use ui_support::{click, deliver, key_press, send_message, settle, shows};
use zeroize::Zeroizing;

/// The GUI unlocked on `dir` with the team's passphrase, on the contact list.
fn open(dir: &Path, exports: &Path) -> App {
    let launch = Launch {
        data_dir: dir.to_path_buf(),
        passphrase: Some(Zeroizing::new(PASS.into())),
        key_file: None,
    };
    let options = Options {
        export_dir: exports.to_path_buf(),
        kdf: None,
    };
    let (mut app, task) = App::new(launch, options);
    settle(&mut app, task);
    assert!(matches!(app.screen(), Screen::Workspace(_)), "unlocked");
    send_message(
        &mut app,
        Message::Workspace(workspace::Message::TabSelected(workspace::Tab::Contacts)),
    );
    app
}

/// The messages a click on `label` produces (none: the button is disabled), in a tall window
/// (the settings' interests are below the fold of the default one).
fn clicked(app: &App, label: &str) -> Vec<Message> {
    let settings = iced_test::core::Settings::default();
    let mut ui = iced_test::Simulator::with_size(settings, (1280.0, 2400.0), app.view());
    ui.click(label)
        .unwrap_or_else(|e| panic!("no {label:?} on screen: {e}"));
    ui.into_messages().collect()
}

/// Ctrl+`c` as the keyboard subscription delivers it.
fn ctrl(c: char) -> Message {
    use iced::keyboard::{Event, Location, Modifiers, key::Physical};
    let key = Key::Character(c.to_string().into());
    Message::Workspace(workspace::Message::Key(Event::KeyPressed {
        key: key.clone(),
        modified_key: key,
        physical_key: Physical::Unidentified(iced::keyboard::key::NativeCode::Unidentified),
        location: Location::Standard,
        modifiers: Modifiers::CTRL,
        text: None,
        repeat: false,
    }))
}

fn team_with_alma() -> common::cli_team::CliTeam {
    cli_team(&[("Bo Berg", "sales"), ("Cy Carlsson", "read-only")], |a| {
        ok(
            a,
            &[
                "add",
                "--given",
                "Alma",
                "--family",
                "Andersson",
                "--email",
                "alma@example.com",
            ],
        );
    })
}

#[test]
fn a_read_only_member_sees_why_and_every_write_button_is_disabled() {
    let team = team_with_alma();
    let mut app = open(team.member("Cy Carlsson"), &team.tmp.path().join("exports"));
    assert!(
        shows(&app, text::PERMIT_READ_ONLY),
        "the reason is on screen"
    );
    assert!(
        clicked(&app, &text::NEW_CONTACT).is_empty(),
        "New contact is disabled"
    );
    assert!(
        clicked(&app, &text::IMPORT).is_empty(),
        "Import is disabled"
    );
    // Ctrl+N does not open the form either.
    send_message(&mut app, ctrl('n'));
    assert!(!shows(&app, text::NEW_CONTACT_TITLE));

    // Reading stays open: the contact opens.
    click(&mut app, "Alma Andersson");
    let w = ui_support::workspace(&app);
    assert!(w.open_contact().is_some(), "the contact opened");
    for refused in [text::ERASE, text::EDIT, text::EXPORT, text::RESTRICT] {
        assert!(
            clicked(&app, &refused).is_empty(),
            "{} is disabled",
            refused.get()
        );
    }
    send_message(&mut app, key_press(Key::Named(Named::Delete)));
    assert!(!ui_support::workspace(&app).is_confirming_erase());
    let messages = clicked(&app, text::TAB_AUDIT.get());
    assert!(!messages.is_empty(), "the audit log stays open");
    deliver(&mut app, messages);
}

#[test]
fn a_sales_member_works_on_contacts_but_not_on_purposes() {
    let team = team_with_alma();
    let mut app = open(team.member("Bo Berg"), &team.tmp.path().join("exports"));
    assert!(
        !shows(&app, text::PERMIT_READ_ONLY),
        "no read-only line for sales"
    );
    assert!(
        !clicked(&app, &text::NEW_CONTACT).is_empty(),
        "sales adds contacts"
    );
    click(&mut app, "Alma Andersson");
    assert!(
        !clicked(&app, &text::ERASE).is_empty(),
        "sales erases on request"
    );

    click(&mut app, text::TAB_SETTINGS);
    assert!(
        shows(&app, text::PERMIT_ADMIN_ONLY),
        "the reason is beside the purposes"
    );
    assert!(
        clicked(&app, &text::SAVE).is_empty(),
        "a purpose's Save is disabled"
    );
    assert!(
        clicked(&app, &text::ADD).is_empty(),
        "adding an interest is disabled"
    );
}

#[test]
fn a_newcomer_reads_only_until_a_sync_round_accepts_them() {
    let team = cli_team(&[], |_| {});
    let invite = ok(
        &team.admin,
        &["team", "invite", "--name", "Eva Ek", "--role", "sales"],
    );
    let code = invite.lines().last().unwrap().trim().to_string();
    let eva = team.tmp.path().join("eva");
    ok(&eva, &["init"]);
    let folder = team.folder.to_str().unwrap();
    ok(&eva, &["team", "join", "--folder", folder, "--code", &code]);
    let mut app = open(&eva, &team.tmp.path().join("exports"));
    assert!(shows(&app, text::PERMIT_JOINING));
    assert!(clicked(&app, &text::NEW_CONTACT).is_empty());

    ok(&team.admin, &["sync"]);
    ok(&eva, &["sync"]);
    send_message(
        &mut app,
        Message::Workspace(workspace::Message::ReloadStanding),
    );
    assert!(
        !shows(&app, text::PERMIT_JOINING),
        "accepted: the line is gone"
    );
    assert!(
        !clicked(&app, &text::NEW_CONTACT).is_empty(),
        "now a sales member"
    );
}
