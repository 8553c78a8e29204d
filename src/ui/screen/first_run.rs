//! First run: creates the vault and the encrypted store, protected by the OS keyring or a
//! passphrase, then shows the recovery key once. Nothing is written until "Create store".

use crate::privacy;
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::{button, ring};
use crate::ui::{parts, text, theme};
use crate::vault::{self, KdfParams, Protect};
use iced::widget::{column, container, radio, row, text as label, text_input};
use iced::{Element, Fill, Task};
use std::path::PathBuf;
use std::time::Duration;
use zeroize::Zeroizing;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Choice {
    Keyring,
    Passphrase,
}

pub struct State {
    data_dir: PathBuf,
    keyring: bool,
    choice: Choice,
    /// `None`: tune the KDF to this machine (off the UI thread) when creating.
    kdf: Option<KdfParams>,
    passphrase: Zeroizing<String>,
    confirm: Zeroizing<String>,
    error: Option<String>,
    busy: bool,
    created: Option<(Db, Zeroizing<String>)>,
    copied: bool,
}

#[derive(Clone)]
pub enum Message {
    ChoiceChanged(Choice),
    PassphraseChanged(String),
    ConfirmChanged(String),
    CreateClicked,
    Created(Outcome<(Db, Zeroizing<String>)>),
    CopyClicked,
    DoneClicked,
}

pub enum Event {
    Ready(Db),
}

pub const PASSPHRASE_ID: &str = "first-run-passphrase";

impl State {
    pub fn new(data_dir: PathBuf, keyring: bool, kdf: Option<KdfParams>) -> Self {
        let choice = if keyring {
            Choice::Keyring
        } else {
            Choice::Passphrase
        };
        Self {
            data_dir,
            keyring,
            choice,
            kdf,
            passphrase: Zeroizing::default(),
            confirm: Zeroizing::default(),
            error: None,
            busy: false,
            created: None,
            copied: false,
        }
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::ChoiceChanged(c) => self.choose(c),
            Message::PassphraseChanged(p) => self.set_passphrase(p),
            Message::ConfirmChanged(p) => self.set_confirm(p),
            Message::CreateClicked => self.create(),
            Message::Created(result) => self.created(result),
            Message::CopyClicked => self.copy(),
            Message::DoneClicked => self.done(),
        }
    }

    fn choose(&mut self, choice: Choice) -> (Task<Message>, Option<Event>) {
        self.choice = if self.keyring {
            choice
        } else {
            Choice::Passphrase
        };
        (Task::none(), None)
    }

    fn set_passphrase(&mut self, p: String) -> (Task<Message>, Option<Event>) {
        self.passphrase = Zeroizing::new(p);
        self.error = None;
        (Task::none(), None)
    }

    fn set_confirm(&mut self, p: String) -> (Task<Message>, Option<Event>) {
        self.confirm = Zeroizing::new(p);
        self.error = None;
        (Task::none(), None)
    }

    fn create(&mut self) -> (Task<Message>, Option<Event>) {
        if self.busy {
            return (Task::none(), None);
        }
        if self.choice == Choice::Passphrase && *self.passphrase != *self.confirm {
            self.error = Some(text::PASSPHRASES_DIFFER.into());
            return (Task::none(), None);
        }
        self.busy = true;
        let passphrase = (self.choice == Choice::Passphrase).then(|| self.passphrase.clone());
        let task = create_store(self.data_dir.clone(), passphrase, self.kdf);
        (Task::perform(task, Message::Created), None)
    }

    fn created(
        &mut self,
        result: Outcome<(Db, Zeroizing<String>)>,
    ) -> (Task<Message>, Option<Event>) {
        self.busy = false;
        match result {
            Ok(done) => self.created = Some(done),
            Err(e) => self.error = Some(e),
        }
        (Task::none(), None)
    }

    fn copy(&mut self) -> (Task<Message>, Option<Event>) {
        let Some((_, key)) = &self.created else {
            return (Task::none(), None);
        };
        self.copied = true;
        (iced::clipboard::write(key.to_string()), None)
    }

    fn done(&mut self) -> (Task<Message>, Option<Event>) {
        match self.created.take() {
            Some((db, _key)) => (Task::none(), Some(Event::Ready(db))),
            None => (Task::none(), None),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let body = match &self.created {
            Some((_, key)) => self.recovery_view(key),
            None => self.form_view(),
        };
        container(
            container(body)
                .padding(32)
                .max_width(620)
                .style(theme::card),
        )
        .center(Fill)
        .into()
    }

    fn form_view(&self) -> Element<'_, Message> {
        let mut form = column![
            label(text::FIRST_RUN_TITLE).size(28),
            label(text::FIRST_RUN_INTRO)
        ]
        .spacing(16);
        if self.keyring {
            form = form.push(
                column![
                    ring(radio(
                        text::CHOICE_KEYRING,
                        Choice::Keyring,
                        Some(self.choice),
                        Message::ChoiceChanged
                    )),
                    ring(radio(
                        text::CHOICE_PASSPHRASE,
                        Choice::Passphrase,
                        Some(self.choice),
                        Message::ChoiceChanged
                    )),
                ]
                .spacing(8),
            );
        } else {
            form = form.push(label(text::NO_KEYRING).style(label::secondary));
        }
        if self.choice == Choice::Passphrase {
            form = form.push(
                text_input(&text::NEW_PASSPHRASE, &self.passphrase)
                    .id(PASSPHRASE_ID)
                    .secure(true)
                    .on_input(Message::PassphraseChanged)
                    .padding(10),
            );
            form = form.push(
                text_input(&text::CONFIRM_PASSPHRASE, &self.confirm)
                    .secure(true)
                    .on_input(Message::ConfirmChanged)
                    .on_submit(Message::CreateClicked)
                    .padding(10),
            );
            form = form.push(
                label(text::strength(&self.passphrase, vault::MIN_PASSPHRASE_LEN))
                    .size(14)
                    .style(label::secondary),
            );
        }
        if let Some(e) = &self.error {
            form = form.push(parts::error_banner(e.as_str()));
        }
        let create = button(label(if self.busy {
            text::CREATING
        } else {
            text::CREATE_STORE
        }))
        .padding([8, 16])
        .on_press_maybe((!self.busy).then_some(Message::CreateClicked));
        form.push(create).into()
    }

    fn recovery_view<'a>(&'a self, key: &'a str) -> Element<'a, Message> {
        let mut col = column![
            label(text::RECOVERY_TITLE).size(28),
            container(label(text::RECOVERY_WARNING))
                .padding(12)
                .width(Fill)
                .style(theme::error),
            container(label(two_lines(key)).font(iced::Font::MONOSPACE).size(16))
                .padding(12)
                .center_x(Fill)
                .style(theme::tag),
            row![
                button(label(text::COPY))
                    .on_press(Message::CopyClicked)
                    .style(button::secondary)
            ]
            .spacing(8),
        ]
        .spacing(16);
        if self.copied {
            col = col.push(label(text::COPIED).style(label::secondary));
        }
        col.push(
            button(label(text::RECOVERY_DONE))
                .padding([8, 16])
                .on_press(Message::DoneClicked),
        )
        .into()
    }
}

/// The recovery key on two lines of four groups: on one line its 71 characters ran past the
/// right edge of the card (a run of digits and dashes has no place to wrap). The key copied
/// stays one line; reading it back accepts both.
pub fn two_lines(key: &str) -> String {
    let groups: Vec<&str> = key.split('-').collect();
    let half = groups.len().div_ceil(2);
    format!("{}\n{}", groups[..half].join("-"), groups[half..].join("-"))
}

/// Creates the vault and the store, and records the first unlock.
/// `passphrase`: `None` keeps the key in the OS keyring.
async fn create_store(
    dir: PathBuf,
    passphrase: Option<Zeroizing<String>>,
    kdf: Option<KdfParams>,
) -> Outcome<(Db, Zeroizing<String>)> {
    let protect = match passphrase {
        Some(passphrase) => Protect::Passphrase {
            passphrase,
            kdf: kdf.unwrap_or_else(default_kdf),
        },
        None => Protect::Keyring,
    };
    let (store, key) =
        privacy::session::create(&dir, protect, chrono::Utc::now()).map_err(|e| e.to_string())?;
    Ok((Db::new(store), key.recovery_string()))
}

/// The KDF cost for a new passphrase vault in the app.
pub fn default_kdf() -> KdfParams {
    KdfParams::tuned(Duration::from_millis(500))
}
