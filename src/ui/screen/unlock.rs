//! Unlock: the passphrase field is focused on start, Enter submits, and a wrong passphrase shows
//! the vault's message while the rest of the screen stays as it was. The key derivation and the
//! store opening run off the UI thread.

use crate::privacy;
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::button;
use crate::ui::{parts, text, theme};
use crate::vault::Secret;
use iced::widget::{column, container, operation, text as label, text_input};
use iced::{Element, Fill, Task};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

pub struct State {
    data_dir: PathBuf,
    passphrase: Zeroizing<String>,
    error: Option<String>,
    busy: bool,
}

#[derive(Clone)]
pub enum Message {
    PassphraseChanged(String),
    Submit,
    Unlocked(Outcome<Db>),
}

pub enum Event {
    Ready(Db),
}

pub const PASSPHRASE_ID: &str = "unlock-passphrase";

impl State {
    pub fn new(data_dir: PathBuf) -> (Self, Task<Message>) {
        let state = Self {
            data_dir,
            passphrase: Zeroizing::default(),
            error: None,
            busy: false,
        };
        (state, operation::focus(PASSPHRASE_ID))
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::PassphraseChanged(p) => self.set_passphrase(p),
            Message::Submit => self.submit(),
            Message::Unlocked(result) => self.unlocked(result),
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
        self.busy = true;
        self.error = None;
        let task = open(
            self.data_dir.clone(),
            Secret::Passphrase(self.passphrase.clone()),
        );
        (Task::perform(task, Message::Unlocked), None)
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

/// Recovers the key, opens the store and records the unlock in the audit log.
pub async fn open(dir: PathBuf, secret: Secret) -> Outcome<Db> {
    open_blocking(&dir, secret)
}

fn open_blocking(dir: &Path, secret: Secret) -> Outcome<Db> {
    let began = std::time::Instant::now();
    let store =
        privacy::session::open(dir, secret, chrono::Utc::now()).map_err(|e| e.to_string())?;
    crate::ui::timings::since("unlock_kdf_and_open", began);
    Ok(Db::new(store))
}
