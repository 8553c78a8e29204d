//! The application: which screen is showing (first run, unlock, opening through the keyring, a
//! problem, or the unlocked workspace) and the routing of messages between them. While a
//! store is open the idle lock (`ui::lock`) watches input and the clock; locking closes the
//! store and drops the workspace with everything decrypted in it.

use crate::privacy::security::LockRules;
use crate::ui::db::{Db, Outcome};
use crate::ui::screen::settings::{self, security};
use crate::ui::screen::{first_run, unlock, workspace};
use crate::ui::{Launch, files, geometry, lock, text, theme, timings};
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
    /// Unlocked; the idle minutes and the team's policy are being read.
    Checking(Db),
    /// The team requires a second factor and this vault has none: only its enrolment shows.
    FactorRequired(Db, Box<security::State>),
    /// Locked, for a store whose key is in the OS keyring (no secret to type).
    Locked,
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
    /// The key file given at launch, offered again on the unlock screen after a lock.
    key_file: Option<PathBuf>,
    /// The idle clock, while a store is open.
    idle: Option<lock::Idle>,
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
    Lock(lock::Signal),
    /// The idle clock's tick, with the time it was sent.
    Tick(std::time::Instant),
    Rules(Outcome<LockRules>),
    FactorRequired(security::Message),
    UnlockKeyring,
}

impl App {
    /// Decides the first screen: first run, unlock, or straight in with the given passphrase
    /// or the OS keyring.
    pub fn new(launch: Launch, options: Options) -> (Self, Task<Message>) {
        let dir = launch.data_dir;
        let key_file = launch.key_file;
        let on = |screen| Self {
            key_file: key_file.clone(),
            ..Self::on(screen, options.clone(), dir.clone())
        };
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
                let (mut state, focus) =
                    unlock::State::with_key_file(dir.clone(), key_file.clone());
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
            key_file: None,
            idle: None,
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
            Message::Lock(lock::Signal::Input) => {
                if let Some(idle) = &mut self.idle {
                    idle.input(std::time::Instant::now());
                }
                Task::none()
            }
            Message::Lock(lock::Signal::LockNow) => self.lock(),
            Message::Tick(now) => match self.idle {
                Some(idle) if idle.due(now) => self.lock(),
                _ => Task::none(),
            },
            Message::Rules(result) => self.rules(result),
            Message::FactorRequired(m) => self.on_factor_required(m),
            Message::UnlockKeyring => {
                self.screen = Screen::Opening;
                Task::perform(
                    unlock::open(self.data_dir.clone(), Secret::Keyring),
                    Message::KeyringOpened,
                )
            }
        }
    }

    /// Whether anything read from the store is held: an open store, the workspace's lists, the
    /// open contact, search text, dialogs. False on every locked or unlock screen.
    pub fn holds_personal_data(&self) -> bool {
        match &self.screen {
            Screen::Workspace(_) | Screen::Checking(_) | Screen::FactorRequired(..) => true,
            Screen::FirstRun(_) | Screen::Unlock(_) | Screen::Opening | Screen::Problem(_) => false,
            Screen::Locked => false,
        }
    }

    /// The idle minutes in force while unlocked.
    pub fn idle_minutes(&self) -> Option<u32> {
        self.idle.map(|i| i.minutes())
    }

    /// Locks: the store is closed for every holder (its key zeroed as it drops), the screen
    /// and all it decrypted is dropped, and the unlock screen shows.
    pub fn lock(&mut self) -> Task<Message> {
        match &self.screen {
            Screen::Workspace(w) => w.db().close(),
            Screen::Checking(db) | Screen::FactorRequired(db, _) => db.close(),
            _ => return Task::none(),
        }
        self.idle = None;
        let keyring = matches!(
            vault::read(&self.data_dir).map(|v| v.protection),
            Ok(Protection::Keyring { .. })
        );
        if keyring {
            self.screen = Screen::Locked;
            return Task::none();
        }
        let (state, focus) =
            unlock::State::with_key_file(self.data_dir.clone(), self.key_file.clone());
        self.screen = Screen::Unlock(state);
        focus.map(Message::Unlock)
    }

    /// The idle minutes and the team's policy are known: the workspace, or only the
    /// enrolment the team requires.
    fn rules(&mut self, result: Outcome<LockRules>) -> Task<Message> {
        let Screen::Checking(db) = &self.screen else {
            return Task::none();
        };
        let db = db.clone();
        match result {
            Ok(rules) => {
                self.idle = Some(lock::Idle::new(rules.minutes, std::time::Instant::now()));
                if rules.factor_missing {
                    let state = security::State::required();
                    self.screen = Screen::FactorRequired(db.clone(), Box::new(state));
                    return security::State::refresh(&db).map(Message::FactorRequired);
                }
                let (state, task) = workspace::State::new(db, self.options.export_dir.clone());
                self.screen = Screen::Workspace(Box::new(state));
                task.map(Message::Workspace)
            }
            Err(e) => {
                db.close();
                self.screen = Screen::Problem(e);
                Task::none()
            }
        }
    }

    fn on_factor_required(&mut self, m: security::Message) -> Task<Message> {
        let Screen::FactorRequired(db, state) = &mut self.screen else {
            return Task::none();
        };
        let db = db.clone();
        match state.update(&db, m) {
            (_, Some(security::Event::Enrolled)) => {
                let (state, task) = workspace::State::new(db, self.options.export_dir.clone());
                self.screen = Screen::Workspace(Box::new(state));
                task.map(Message::Workspace)
            }
            (task, None) => task.map(Message::FactorRequired),
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
        // A round found this laptop removed from the team and wiped its store: only why shows.
        if let workspace::Message::Sync(crate::ui::sync::Message::Done(Ok(done))) = &m
            && let Some(wiped) = &done.wiped
        {
            state.db().close();
            self.idle = None;
            self.screen = Screen::Problem(wiped.message());
            return Task::none();
        }
        if let workspace::Message::Settings(s) = &m
            && let (Some(n), Some(idle)) = (settings::idle_minutes_saved(s), &mut self.idle)
        {
            idle.set_minutes(n);
        }
        state.update(m).map(Message::Workspace)
    }

    /// Unlocked: reads the idle minutes and the team's policy before anything else shows.
    fn enter(&mut self, db: Db) -> Task<Message> {
        let dir = self.data_dir.clone();
        let rules = db.run(move |s| crate::privacy::security::lock_rules(s, &dir));
        self.screen = Screen::Checking(db);
        Task::perform(rules, Message::Rules)
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
        let idle = match self.idle {
            Some(_) => Subscription::batch([
                lock::signals().map(Message::Lock),
                lock::ticks().map(Message::Tick),
            ]),
            None => Subscription::none(),
        };
        let os = lock::os_signals().map(Message::Lock);
        Subscription::batch([keys, windows, idle, os])
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
            Screen::Checking(_) => center(label(text::LOADING)).into(),
            Screen::FactorRequired(_, s) => container(
                container(s.view().map(Message::FactorRequired))
                    .padding(32)
                    .max_width(760)
                    .style(theme::card),
            )
            .center(Fill)
            .into(),
            Screen::Locked => center(
                column![
                    label(text::LOCKED_TITLE).size(24),
                    crate::ui::focus::button(label(text::UNLOCK)).on_press(Message::UnlockKeyring)
                ]
                .spacing(16),
            )
            .into(),
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
