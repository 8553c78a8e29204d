//! Unlock: the passphrase field is focused on start, Enter submits, and a wrong passphrase shows
//! the vault's message while the rest of the screen stays as it was. The key derivation and the
//! store opening run off the UI thread. A store with a key file enrolled as second factor
//! shows a key-file field too (a path, "Choose…" with rfd, or typed when there is no file
//! chooser), prefilled from `rapport --key-file F` / RAPPORT_KEY_FILE.

use crate::privacy;
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::button;
use crate::ui::{files, parts, text, theme};
use crate::vault::{self, KeyFile, Protection, Secret};
use iced::widget::{column, container, operation, row, text as label, text_input};
use iced::{Element, Fill, Task};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

pub struct State {
    data_dir: PathBuf,
    passphrase: Zeroizing<String>,
    error: Option<String>,
    busy: bool,
    /// The vault has a key file enrolled: the field shows and must be filled.
    needs_key_file: bool,
    key_file: String,
    /// "Choose…" found no file chooser: the path is typed.
    no_chooser: bool,
}

#[derive(Clone)]
pub enum Message {
    PassphraseChanged(String),
    Submit,
    Unlocked(Outcome<Db>),
    KeyFileChanged(String),
    ChooseKeyFile,
    KeyFilePicked(files::Dialog),
}

pub enum Event {
    Ready(Db),
}

pub const PASSPHRASE_ID: &str = "unlock-passphrase";
pub const KEY_FILE_ID: &str = "unlock-key-file";

impl State {
    pub fn new(data_dir: PathBuf) -> (Self, Task<Message>) {
        Self::with_key_file(data_dir, None)
    }

    /// The unlock screen with the key file's path filled in (from the command line).
    pub fn with_key_file(data_dir: PathBuf, key_file: Option<PathBuf>) -> (Self, Task<Message>) {
        let needs_key_file = matches!(
            vault::read(&data_dir).map(|v| v.protection),
            Ok(Protection::Passphrase {
                second_factor: Some(_),
                ..
            })
        );
        let state = Self {
            data_dir,
            passphrase: Zeroizing::default(),
            error: None,
            busy: false,
            needs_key_file,
            key_file: key_file
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            no_chooser: false,
        };
        (state, operation::focus(PASSPHRASE_ID))
    }

    /// Whether the screen asks for the key file (the store has a second factor enrolled).
    pub fn asks_for_key_file(&self) -> bool {
        self.needs_key_file
    }

    /// The key file's path as typed or chosen.
    pub fn key_file(&self) -> &str {
        &self.key_file
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::PassphraseChanged(p) => self.set_passphrase(p),
            Message::Submit => self.submit(),
            Message::Unlocked(result) => self.unlocked(result),
            Message::KeyFileChanged(p) => {
                self.key_file = p;
                (Task::none(), None)
            }
            Message::ChooseKeyFile => (Task::perform(pick(), Message::KeyFilePicked), None),
            Message::KeyFilePicked(picked) => self.picked(picked),
        }
    }

    fn picked(&mut self, picked: files::Dialog) -> (Task<Message>, Option<Event>) {
        match picked {
            files::Dialog::Chosen(path) => {
                self.key_file = path.display().to_string();
                self.no_chooser = false;
                (operation::focus(PASSPHRASE_ID), None)
            }
            files::Dialog::Cancelled => (Task::none(), None),
            files::Dialog::Unavailable => {
                self.no_chooser = true;
                (operation::focus(KEY_FILE_ID), None)
            }
        }
    }

    fn set_passphrase(&mut self, p: String) -> (Task<Message>, Option<Event>) {
        self.passphrase = Zeroizing::new(p);
        (Task::none(), None)
    }

    fn submit(&mut self) -> (Task<Message>, Option<Event>) {
        if self.busy || self.passphrase.is_empty() {
            return (Task::none(), None);
        }
        let key_file = PathBuf::from(self.key_file.trim());
        if self.needs_key_file && key_file.as_os_str().is_empty() {
            self.error = Some(text::KEY_FILE_NEEDED.to_string());
            return (operation::focus(KEY_FILE_ID), None);
        }
        self.busy = true;
        self.error = None;
        let (dir, passphrase) = (self.data_dir.clone(), self.passphrase.clone());
        let factor = self.needs_key_file.then_some(key_file);
        (
            Task::perform(open_with(dir, passphrase, factor), Message::Unlocked),
            None,
        )
    }

    fn unlocked(&mut self, result: Outcome<Db>) -> (Task<Message>, Option<Event>) {
        self.busy = false;
        match result {
            Ok(db) => (Task::none(), Some(Event::Ready(db))),
            Err(e) => {
                self.error = Some(e);
                (operation::select_all(PASSPHRASE_ID), None)
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut form = column![
            label(text::UNLOCK_TITLE).size(28),
            label(text::UNLOCK_INTRO),
            text_input(&text::PASSPHRASE, &self.passphrase)
                .id(PASSPHRASE_ID)
                .secure(true)
                .on_input(Message::PassphraseChanged)
                .on_submit(Message::Submit)
                .padding(10),
        ]
        .spacing(16);
        if self.needs_key_file {
            form = form.push(self.key_file_view());
        }
        if let Some(e) = &self.error {
            form = form.push(parts::error_banner(e.as_str()));
        }
        let unlock = button(label(if self.busy {
            text::UNLOCKING
        } else {
            text::UNLOCK
        }))
        .padding([8, 16])
        .on_press_maybe((!self.busy).then_some(Message::Submit));
        container(
            container(form.push(unlock))
                .padding(32)
                .max_width(520)
                .style(theme::card),
        )
        .center(Fill)
        .into()
    }
}

impl State {
    /// The key-file field with "Choose…", and word when no file chooser could open.
    fn key_file_view(&self) -> Element<'_, Message> {
        let field = row![
            text_input(&text::KEY_FILE_PATH, &self.key_file)
                .id(KEY_FILE_ID)
                .on_input(Message::KeyFileChanged)
                .on_submit(Message::Submit)
                .padding(10)
                .width(Fill),
            button(label(text::CHOOSE_KEY_FILE))
                .padding([8, 12])
                .on_press_maybe((!self.busy).then_some(Message::ChooseKeyFile)),
        ]
        .spacing(8)
        .align_y(iced::Center);
        let mut col = column![label(text::KEY_FILE_LABEL), field].spacing(6);
        if self.no_chooser {
            col = col.push(
                label(text::NO_FILE_CHOOSER)
                    .size(13)
                    .style(label::secondary),
            );
        }
        col.into()
    }
}

/// The file dialog for a key file (any file: key files have no fixed extension).
async fn pick() -> files::Dialog {
    files::pick_any_file().await
}

/// Reads the key file (when the store has a factor), then unlocks as `open` does. A file that
/// cannot be read is refused with the vault's sentence; nothing is written either way.
pub async fn open_with(
    dir: PathBuf,
    passphrase: Zeroizing<String>,
    key_file: Option<PathBuf>,
) -> Outcome<Db> {
    let secret = match key_file {
        Some(path) => {
            Secret::PassphraseAndKeyFile(passphrase, KeyFile::read(&path).map_err(gui_sentence)?)
        }
        None => Secret::Passphrase(passphrase),
    };
    open_blocking(&dir, secret)
}

/// The vault's sentences name the command line's options; the window says what to do in it.
fn gui_sentence(e: vault::VaultError) -> String {
    match e {
        vault::VaultError::FactorNeeded => text::KEY_FILE_NEEDED.to_string(),
        vault::VaultError::KeyFileUnreadable(..) => text::KEY_FILE_UNREADABLE.to_string(),
        other => other.to_string(),
    }
}

/// Recovers the key, opens the store and records the unlock in the audit log.
pub async fn open(dir: PathBuf, secret: Secret) -> Outcome<Db> {
    open_blocking(&dir, secret)
}

fn open_blocking(dir: &Path, secret: Secret) -> Outcome<Db> {
    let began = std::time::Instant::now();
    let store = privacy::session::open(dir, secret, chrono::Utc::now()).map_err(|e| match e {
        privacy::PrivacyError::Vault(v) => gui_sentence(v),
        other => other.to_string(),
    })?;
    crate::ui::timings::since("unlock_kdf_and_open", began);
    Ok(Db::new(store))
}
