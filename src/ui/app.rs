//! The application: which screen is showing (first run, unlock, opening through the keyring, a
//! problem, or the unlocked workspace) and the routing of messages between them.

use crate::ui::db::{Db, Outcome};
use crate::ui::screen::{first_run, unlock, workspace};
use crate::ui::{Launch, files, geometry, text, theme, timings};
use crate::vault::{self, KdfParams, Protection, Secret};
use iced::widget::{center, column, container, text as label};
use iced::{Element, Fill, Subscription, Task, Theme, keyboard, window};
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
    /// Where `window.json` is kept, and the window's size and position as last reported.
    data_dir: PathBuf,
    window: geometry::Geometry,
    /// The window, once it has reported an event (to ask it where it is).
    window_id: Option<window::Id>,
    /// A save of the window's geometry is on its way (at most one a second while dragging).
    window_saving: bool,
    /// Timings already reported (first view, first rows of the list); see `ui::timings`.
    reported: std::cell::Cell<(bool, bool)>,
}

#[derive(Clone)]
pub enum Message {
    FirstRun(first_run::Message),
    Unlock(unlock::Message),
    KeyringOpened(Outcome<Db>),
    Workspace(workspace::Message),
    Window(window::Id, window::Event),
    SaveWindow,
    WindowAt(Option<iced::Point>),
    WindowSaved,
}

impl App {
    /// Decides the first screen: first run, unlock, or straight in with the given passphrase
    /// or the OS keyring.
    pub fn new(launch: Launch, options: Options) -> (Self, Task<Message>) {
        let dir = launch.data_dir;
        let on = |screen| Self::on(screen, options.clone(), dir.clone());
        if !vault::exists(&dir) {
            let state =
                first_run::State::new(dir.clone(), vault::keyring::available(), options.kdf);
            let focus = iced::widget::operation::focus(first_run::PASSPHRASE_ID);
            return (on(Screen::FirstRun(state)), focus);
        }
        match (vault::read(&dir), launch.passphrase) {
            (Err(e), _) => (on(Screen::Problem(e.to_string())), Task::none()),
            (Ok(v), _) if matches!(v.protection, Protection::Keyring { .. }) => {
                let open = Task::perform(
                    unlock::open(dir.clone(), Secret::Keyring),
                    Message::KeyringOpened,
                );
                (on(Screen::Opening), open)
            }
            (Ok(_), passphrase) => {
                let (mut state, focus) = unlock::State::new(dir.clone());
                let mut task = focus.map(Message::Unlock);
                if let Some(p) = passphrase {
                    let _ = state.update(unlock::Message::PassphraseChanged(p.to_string()));
                    let (submit, _) = state.update(unlock::Message::Submit);
                    task = Task::batch([task, submit.map(Message::Unlock)]);
                }
                (on(Screen::Unlock(state)), task)
            }
        }
    }

    fn on(screen: Screen, options: Options, data_dir: PathBuf) -> Self {
        Self {
            screen,
            options,
            window: geometry::load(&data_dir),
            data_dir,
            window_id: None,
            window_saving: false,
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
            Message::Window(id, event) => self.on_window(id, event),
            Message::SaveWindow => self.locate_window(),
            Message::WindowAt(corner) => self.save_window(corner),
            Message::WindowSaved => Task::none(),
        }
    }

    /// The window's size and position as the app will remember them.
    pub fn window_geometry(&self) -> geometry::Geometry {
        self.window
    }

    /// Follows moves and resizes; remembers them at most once a second (and the last one
    /// always), and once more when the window is closed.
    fn on_window(&mut self, id: window::Id, event: window::Event) -> Task<Message> {
        self.window_id = Some(id);
        match event {
            window::Event::Moved(p) => (self.window.x, self.window.y) = (Some(p.x), Some(p.y)),
            window::Event::Resized(s) => {
                (self.window.width, self.window.height) = (s.width, s.height)
            }
            window::Event::CloseRequested => {
                // Written before the window goes: it is four numbers, and the app is ending.
                let _ = geometry::save(&self.data_dir, self.window);
                return window::close(id);
            }
            _ => return Task::none(),
        }
        if self.window_saving {
            return Task::none();
        }
        self.window_saving = true;
        Task::perform(
            async { std::thread::sleep(std::time::Duration::from_secs(1)) },
            |_| Message::SaveWindow,
        )
    }

    /// Asks the window where it is: not every X setup reports a move as an event (none did
    /// under Xvfb, with or without a window manager), but each answers this.
    fn locate_window(&mut self) -> Task<Message> {
        match self.window_id {
            Some(id) => window::position(id).map(Message::WindowAt),
            None => self.save_window(None),
        }
    }

    fn save_window(&mut self, corner: Option<iced::Point>) -> Task<Message> {
        if let Some(p) = corner {
            (self.window.x, self.window.y) = (Some(p.x), Some(p.y));
        }
        self.window_saving = false;
        let (dir, g) = (self.data_dir.clone(), self.window);
        // A window that cannot be remembered (read-only or not yet created folder) is no error.
        Task::perform(async move { geometry::save(&dir, g).is_ok() }, |_| {
            Message::WindowSaved
        })
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
        let keys = match self.screen {
            Screen::Workspace(ref w) => Subscription::batch([
                keyboard::listen().map(|e| Message::Workspace(workspace::Message::Key(e))),
                w.subscription().map(Message::Workspace),
            ]),
            _ => Subscription::none(),
        };
        let windows = window::events().map(|(id, e)| Message::Window(id, e));
        Subscription::batch([keys, windows])
    }

    pub fn view(&self) -> Element<'_, Message> {
        if timings::enabled() {
            self.report_timings();
        }
        // One Tab order for the whole window; forms and modals nest scopes of their own.
        let screen = match &self.screen {
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
        };
        crate::ui::focus::scope(screen).into()
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
