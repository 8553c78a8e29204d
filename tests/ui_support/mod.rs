//! Helpers shared by the iced_test simulator tests: a real encrypted store in a temp dir, and
//! running the app's `Task`s to completion (their futures driven with a small executor) with
//! their results fed back into `App::update`, exactly as the iced runtime would; widget
//! operations such as focusing a field are the only actions dropped.
#![allow(dead_code, unused_imports)]

use iced::keyboard::{Key, key::Named};
use iced::{Element, Task};
use iced_test::futures::futures::{StreamExt, executor::block_on};
use iced_test::runtime::{Action, task::into_stream};
use iced_test::selector::Candidate;
use iced_test::simulator;
use rapport::domain::{
    ConsentSource, ConsentStatus, ContactDraft, ContactId, ContactPoint, PointKind, PointLabel,
};
use rapport::privacy::{self, consent::Given};
use rapport::store::{self, Store, search::Order};
use rapport::ui::screen::workspace;
use rapport::ui::{App, Launch, Message, Options, Screen, text};
use rapport::vault::{self, KdfParams, Protect, VaultError};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

pub const PASSPHRASE: &str = "correct horse battery";

pub fn kdf() -> KdfParams {
    KdfParams::fixed(64 * 1024, 1)
}

pub struct Fixture {
    pub _tmp: tempfile::TempDir,
    pub data: PathBuf,
    pub exports: PathBuf,
    pub anna: ContactId,
    pub bertil: ContactId,
}

pub fn draft(given: &str, family: &str, org: &str, email: &str) -> ContactDraft {
    ContactDraft {
        given_name: given.into(),
        family_name: family.into(),
        organisation: org.into(),
        points: vec![ContactPoint::new(PointKind::Email, PointLabel::Work, email)],
        ..Default::default()
    }
}

/// A store with three contacts; Anna and Bertil gave consent to the newsletter.
pub fn fixture(extra: usize) -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let protect = Protect::Passphrase {
        passphrase: Zeroizing::new(PASSPHRASE.into()),
        kdf: kdf(),
    };
    let (key, _) = vault::create(&data, protect).unwrap();
    let now = chrono::Utc::now();
    let mut s = Store::create(&data.join(store::DB_FILE), &key, now).unwrap();
    let anna = privacy::contacts::create(
        &mut s,
        draft("Anna", "Lind", "Lind Konsult AB", "anna@lind.example"),
        now,
    )
    .unwrap();
    let bertil = privacy::contacts::create(
        &mut s,
        draft("Bertil", "Berg", "Berg & Co", "bertil@berg.example"),
        now,
    )
    .unwrap();
    privacy::contacts::create(
        &mut s,
        draft(
            "Cecilia",
            "Carlsson",
            "Nordic Sails",
            "cecilia@sails.example",
        ),
        now,
    )
    .unwrap();
    for i in 0..extra {
        privacy::contacts::create(
            &mut s,
            draft(
                "Extra",
                &format!("Person{i:04}"),
                "Filler Ltd",
                &format!("p{i}@filler.example"),
            ),
            now,
        )
        .unwrap();
    }
    for id in [anna, bertil] {
        let given = Given {
            purpose: "Newsletter".into(),
            source: ConsentSource::parse("signed-form:#1234"),
            given_at: None,
            expires_at: None,
            wording_version: None,
        };
        privacy::consent::give(&mut s, id, &given, now).unwrap();
    }
    let exports = tmp.path().join("exports");
    Fixture {
        data,
        exports,
        anna,
        bertil,
        _tmp: tmp,
    }
}

pub fn options(f: &Fixture) -> Options {
    Options {
        export_dir: f.exports.clone(),
        kdf: Some(kdf()),
    }
}

/// Runs a task to completion, feeding every message it produces back into the app (and the
/// tasks those produce, and so on).
pub fn settle(app: &mut App, task: Task<Message>) {
    let mut queue = vec![task];
    while let Some(task) = queue.pop() {
        let Some(stream) = into_stream(task) else {
            continue;
        };
        for action in block_on(stream.collect::<Vec<_>>()) {
            if let Action::Output(message) = action {
                queue.push(app.update(message));
            }
        }
    }
}

/// Feeds the messages a simulated interaction produced into the app.
pub fn deliver(app: &mut App, messages: Vec<Message>) {
    for m in messages {
        let task = app.update(m);
        settle(app, task);
    }
}

/// Clicks the widget showing `label` and processes the result.
pub fn click(app: &mut App, label: impl AsRef<str>) {
    let label = label.as_ref();
    let mut ui = simulator(app.view());
    ui.click(label)
        .unwrap_or_else(|e| panic!("could not click {label:?}: {e}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(app, messages);
}

/// Clicks `label` in a tall window (1280×2400), for widgets below the fold of the default one.
pub fn click_tall(app: &mut App, label: impl AsRef<str>) {
    let label = label.as_ref();
    let settings = iced_test::core::Settings::default();
    let mut ui = iced_test::Simulator::with_size(settings, (1280.0, 2400.0), app.view());
    ui.click(label)
        .unwrap_or_else(|e| panic!("could not click {label:?}: {e}"));
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(app, messages);
}

/// Clicks a text field by its placeholder, types `text` and (optionally) presses Enter.
pub fn type_into(app: &mut App, placeholder: impl AsRef<str>, typed: &str, enter: bool) {
    let placeholder = placeholder.as_ref();
    let mut ui = simulator(app.view());
    ui.click(placeholder)
        .unwrap_or_else(|e| panic!("no field {placeholder:?}: {e}"));
    ui.typewrite(typed);
    if enter {
        ui.tap_key(Key::Named(Named::Enter));
    }
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(app, messages);
}

pub fn shows(app: &App, text: impl AsRef<str>) -> bool {
    let text = text.as_ref();
    let view: Element<'_, Message> = app.view();
    simulator(view).find(text).is_ok()
}

/// How many text widgets (built, i.e. on screen or in the overscan) show exactly `text`.
pub fn count(app: &App, wanted: impl AsRef<str>) -> usize {
    let wanted = wanted.as_ref();
    let mut n = 0;
    let mut ui = simulator(app.view());
    let _ = ui.find(|c: Candidate<'_>| {
        if let Candidate::Text { content, .. } = c
            && content == wanted
        {
            n += 1;
        }
        None::<()>
    });
    n
}

pub fn workspace(app: &App) -> &workspace::State {
    match app.screen() {
        Screen::Workspace(w) => w,
        _ => panic!("the app is not unlocked"),
    }
}

/// Opens the fixture's store with the passphrase given at launch (as `RAPPORT_PASSPHRASE` does).
pub fn unlocked(f: &Fixture) -> App {
    let mut app = unlocked_on_today(f);
    // Today is the first screen (issue 15); these tests start from the contact list.
    send_message(
        &mut app,
        Message::Workspace(workspace::Message::TabSelected(workspace::Tab::Contacts)),
    );
    app
}

/// Opens the fixture's store as `unlocked` does, and stays on the first screen (Today).
pub fn unlocked_on_today(f: &Fixture) -> App {
    let launch = Launch {
        data_dir: f.data.clone(),
        passphrase: Some(Zeroizing::new(PASSPHRASE.into())),
        key_file: None,
    };
    let (mut app, task) = App::new(launch, options(f));
    settle(&mut app, task);
    assert!(
        matches!(app.screen(), Screen::Workspace(_)),
        "the store should be unlocked"
    );
    app
}

pub fn listed_names(app: &App) -> Vec<String> {
    workspace(app)
        .contacts()
        .rows()
        .map(|s| s.name.clone())
        .collect()
}

/// Opens the fixture's store directly (to add demo contacts or read what the app wrote).
pub fn open_store(f: &Fixture) -> Store {
    let secret = vault::Secret::Passphrase(Zeroizing::new(PASSPHRASE.into()));
    let key = vault::unlock(&f.data, secret).unwrap();
    Store::open(&f.data.join(store::DB_FILE), &key).unwrap()
}

/// A key press as the keyboard subscription delivers it to the unlocked app.
pub fn key_press(key: Key) -> Message {
    use iced::keyboard::{Event, Location, Modifiers, key::Physical};
    Message::Workspace(workspace::Message::Key(Event::KeyPressed {
        key: key.clone(),
        modified_key: key,
        physical_key: Physical::Unidentified(iced::keyboard::key::NativeCode::Unidentified),
        location: Location::Standard,
        modifiers: Modifiers::default(),
        text: None,
        repeat: false,
    }))
}

/// Sends one message to the app and runs what it starts.
pub fn send_message(app: &mut App, m: Message) {
    let task = app.update(m);
    settle(app, task);
}
