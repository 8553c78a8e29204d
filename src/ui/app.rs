//! The application: which screen is showing (first run, unlock, opening through the keyring, a
//! problem, or the unlocked workspace) and the routing of messages between them.

use crate::ui::db::{Db, Outcome};
use crate::ui::screen::{first_run, unlock, workspace};
use crate::ui::{Launch, files, text, theme, timings};
use crate::vault::{self, KdfParams, Protection, Secret};
use iced::widget::{center, column, container, text as label};
use iced::{Element, Fill, Subscription, Task, Theme, keyboard};
use std::path::PathBuf;

/// Settings a test (or a future settings screen) can change.
#[derive(Clone)]
pub struct Options {
    pub export_dir: PathBuf,
    /// KDF cost for a new passphrase vault; `None` tunes it to the machine.
    pub kdf: Option<KdfParams>,
}

impl Options {
    /// Defaults from the environment (`RAPPORT_EXPORT_DIR`, the user's Documents folder).
    pub fn from_env(data_dir: &std::path::Path) -> Self {
        Self {
            export_dir: files::export_dir(data_dir),
            kdf: None,
        }
    }
}

pub enum Screen {
    FirstRun(first_run::State),
    Unlock(unlock::State),
    Opening,
    Problem(String),
    Workspace(Box<workspace::State>),
}

pub struct App {
    screen: Screen,
    options: Options,
    /// Timings already reported (first view, first rows of the list); see `ui::timings`.
    reported: std::cell::Cell<(bool, bool)>,
}

#[derive(Clone)]
pub enum Message {
    FirstRun(first_run::Message),
    Unlock(unlock::Message),
    KeyringOpened(Outcome<Db>),
    Workspace(workspace::Message),
}

impl App {
    /// Decides the first screen: first run, unlock, or straight in with the given passphrase
    /// or the OS keyring.
    pub fn new(launch: Launch, options: Options) -> (Self, Task<Message>) {
        let dir = launch.data_dir;
        if !vault::exists(&dir) {
            let state = first_run::State::new(dir, vault::keyring::available(), options.kdf);
            let focus = iced::widget::operation::focus(first_run::PASSPHRASE_ID);
            return (Self::on(Screen::FirstRun(state), options), focus);
        }
        match (vault::read(&dir), launch.passphrase) {
            (Err(e), _) => (
                Self::on(Screen::Problem(e.to_string()), options),
                Task::none(),
            ),
            (Ok(v), _) if matches!(v.protection, Protection::Keyring { .. }) => {
                let open =
                    Task::perform(unlock::open(dir, Secret::Keyring), Message::KeyringOpened);
                (Self::on(Screen::Opening, options), open)
            }
            (Ok(_), passphrase) => {
                let (mut state, focus) = unlock::State::new(dir);
                let mut task = focus.map(Message::Unlock);
                if let Some(p) = passphrase {
                    let _ = state.update(unlock::Message::PassphraseChanged(p.to_string()));
                    let (submit, _) = state.update(unlock::Message::Submit);
                    task = Task::batch([task, submit.map(Message::Unlock)]);
                }
                (Self::on(Screen::Unlock(state), options), task)
            }
        }
    }

    fn on(screen: Screen, options: Options) -> Self {
        Self {
            screen,
            options,
            reported: Default::default(),
        }
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn title(&self) -> String {
        text::APP_TITLE.to_string()
    }

    /// `None` follows the system's light or dark mode; the settings may choose one.
    pub fn theme(&self) -> Option<Theme> {
        use crate::ui::screen::settings::ThemeChoice;
        match &self.screen {
            Screen::Workspace(w) => match w.theme() {
                ThemeChoice::System => None,
                ThemeChoice::Light => Some(Theme::Light),
                ThemeChoice::Dark => Some(Theme::Dark),
            },
            _ => None,
        }
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::FirstRun(m) => self.on_first_run(m),
            Message::Unlock(m) => self.on_unlock(m),
            Message::KeyringOpened(result) => self.keyring_opened(result),
            Message::Workspace(m) => self.on_workspace(m),
        }
    }

    fn on_first_run(&mut self, m: first_run::Message) -> Task<Message> {
        let Screen::FirstRun(state) = &mut self.screen else {
            return Task::none();
        };
        match state.update(m) {
            (_, Some(first_run::Event::Ready(db))) => self.enter(db),
            (task, None) => task.map(Message::FirstRun),
        }
    }

    fn on_unlock(&mut self, m: unlock::Message) -> Task<Message> {
        let Screen::Unlock(state) = &mut self.screen else {
            return Task::none();
        };
        match state.update(m) {
            (_, Some(unlock::Event::Ready(db))) => self.enter(db),
            (task, None) => task.map(Message::Unlock),
        }
    }

    fn keyring_opened(&mut self, result: Outcome<Db>) -> Task<Message> {
        match result {
            Ok(db) => self.enter(db),
            Err(e) => {
                self.screen = Screen::Problem(e);
                Task::none()
            }
        }
    }

    fn on_workspace(&mut self, m: workspace::Message) -> Task<Message> {
        let Screen::Workspace(state) = &mut self.screen else {
            return Task::none();
        };
        state.update(m).map(Message::Workspace)
    }

    fn enter(&mut self, db: Db) -> Task<Message> {
        let (state, task) = workspace::State::new(db, self.options.export_dir.clone());
        self.screen = Screen::Workspace(Box::new(state));
        task.map(Message::Workspace)
    }

    pub fn subscription(&self) -> Subscription<Message> {
        match self.screen {
            Screen::Workspace(_) => {
                keyboard::listen().map(|e| Message::Workspace(workspace::Message::Key(e)))
            }
            _ => Subscription::none(),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        if timings::enabled() {
            self.report_timings();
        }
        match &self.screen {
            Screen::FirstRun(s) => s.view().map(Message::FirstRun),
            Screen::Unlock(s) => s.view().map(Message::Unlock),
            Screen::Opening => center(label(text::OPENING_KEYRING)).into(),
            Screen::Problem(e) => {
                let body =
                    column![label(text::CANNOT_OPEN).size(24), label(e.as_str())].spacing(12);
                container(
                    container(body)
                        .padding(24)
                        .max_width(620)
                        .style(theme::error),
                )
                .center(Fill)
                .into()
            }
            Screen::Workspace(s) => s.view().map(Message::Workspace),
        }
    }

    /// The first view of all, and the first with rows in the contact list (each is drawn
    /// right after this call).
    fn report_timings(&self) {
        let (view, rows) = self.reported.get();
        if !view {
            timings::since_start("first_view");
        }
        let has_rows = matches!(&self.screen, Screen::Workspace(w) if !w.contacts().is_empty());
        if !rows && has_rows {
            timings::since_start("first_list_rows");
        }
        self.reported.set((true, rows || has_rows));
    }
}
