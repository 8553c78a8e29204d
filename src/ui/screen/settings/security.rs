//! Settings → Security: change the passphrase (current + new twice), enrol a key file as the
//! second factor (written where the user chooses, with the warning that without it the store
//! cannot be opened), re-enrol or remove it, and the idle lock's minutes (with the team's
//! maximum). Every change checks the current secrets first and goes through
//! `privacy::security`, the same functions as `rapport security …`, off the UI thread. The
//! same section, narrowed to enrolment, is the screen a team's "second factor required" shows.

use crate::privacy::PrivacyError;
use crate::privacy::security::{self, LockRules};
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::button;
use crate::ui::{files, parts, text, theme};
use crate::vault::{KdfParams, KeyFile, Secret};
use iced::widget::{column, container, row, text as label, text_input};
use iced::{Element, Fill, Task};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// What the section shows about the store now.
#[derive(Clone, Debug)]
pub struct Loaded {
    dir: PathBuf,
    factor: Option<String>,
    keyring: bool,
    rules: LockRules,
}

/// What a change did.
#[derive(Clone, Debug)]
pub enum Done {
    Enrolled(PathBuf),
    Removed,
    PassphraseChanged,
}

#[derive(Default)]
pub struct State {
    loaded: Option<Loaded>,
    current: Zeroizing<String>,
    current_key_file: String,
    new: Zeroizing<String>,
    repeat: Zeroizing<String>,
    new_key_file: String,
    idle: String,
    error: Option<String>,
    done: Option<String>,
    busy: bool,
    no_chooser: bool,
    /// Shown as the team's "second factor required" screen: enrolment only.
    required: bool,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("security::State(<secrets redacted>)")
    }
}

#[derive(Clone)]
pub enum Message {
    Refresh,
    Loaded(Outcome<Loaded>),
    Current(String),
    CurrentKeyFile(String),
    ChooseCurrentKeyFile,
    CurrentPicked(files::Dialog),
    New(String),
    Repeat(String),
    ChangePassphrase,
    NewKeyFile(String),
    ChooseNewKeyFile,
    NewPicked(files::Dialog),
    Enrol,
    Remove,
    Idle(String),
    SaveIdle,
    Done(Outcome<Done>),
    /// The idle minutes now in force (the user's choice capped by the team).
    IdleSaved(Outcome<u32>),
}

pub enum Event {
    /// A key file was enrolled (the "required" screen may give way to the workspace).
    Enrolled,
}

type Update = (Task<Message>, Option<Event>);

/// The idle minutes a message says are now in force (the app's idle clock follows them).
pub fn idle_minutes_saved(m: &Message) -> Option<u32> {
    match m {
        Message::IdleSaved(Ok(n)) => Some(*n),
        _ => None,
    }
}

impl State {
    /// The section as the team's "second factor required" screen shows it.
    pub fn required() -> Self {
        Self {
            required: true,
            ..Self::default()
        }
    }

    pub fn refresh(db: &Db) -> Task<Message> {
        let load = db.run(|s| {
            let dir = s.path().parent().unwrap_or(Path::new(".")).to_path_buf();
            let rules = security::lock_rules(s, &dir)?;
            Ok(Loaded {
                factor: security::factor_id(&dir)?,
                keyring: security::current_kdf(&dir)?.is_none(),
                dir,
                rules,
            })
        });
        Task::perform(load, Message::Loaded)
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The last change's confirmation.
    pub fn done(&self) -> Option<&str> {
        self.done.as_deref()
    }

    /// The id of the enrolled key file, once loaded.
    pub fn factor(&self) -> Option<&str> {
        self.loaded.as_ref().and_then(|l| l.factor.as_deref())
    }

    pub fn update(&mut self, db: &Db, message: Message) -> Update {
        let none = (Task::none(), None);
        match message {
            Message::Refresh => return (Self::refresh(db), None),
            Message::Loaded(Ok(l)) => {
                self.idle = l.rules.minutes.to_string();
                self.loaded = Some(l);
            }
            Message::Loaded(Err(e)) => self.error = Some(e),
            Message::Current(v) => self.current = Zeroizing::new(v),
            Message::CurrentKeyFile(v) => self.current_key_file = v,
            Message::New(v) => self.new = Zeroizing::new(v),
            Message::Repeat(v) => self.repeat = Zeroizing::new(v),
            Message::NewKeyFile(v) => self.new_key_file = v,
            Message::Idle(v) => self.idle = v,
            Message::ChooseCurrentKeyFile => {
                return (
                    Task::perform(files::pick_any_file(), Message::CurrentPicked),
                    None,
                );
            }
            Message::ChooseNewKeyFile => {
                let ask = files::choose_new_file("rapport.key");
                return (Task::perform(ask, Message::NewPicked), None);
            }
            Message::CurrentPicked(d) => {
                if let Some(p) = self.picked(d) {
                    self.current_key_file = p;
                }
            }
            Message::NewPicked(d) => {
                if let Some(p) = self.picked(d) {
                    self.new_key_file = p;
                }
            }
            Message::ChangePassphrase => return (self.change_passphrase(db), None),
            Message::Enrol => return (self.enrol(db), None),
            Message::Remove => return (self.remove(db), None),
            Message::SaveIdle => return (self.save_idle(db), None),
            Message::Done(result) => return self.finished(db, result),
            Message::IdleSaved(result) => {
                self.busy = false;
                match result {
                    Ok(n) => self.done = Some(text::idle_saved(n)),
                    Err(e) => self.error = Some(e),
                }
                return (Self::refresh(db), None);
            }
        }
        none
    }

    fn picked(&mut self, d: files::Dialog) -> Option<String> {
        match d {
            files::Dialog::Chosen(p) => {
                self.no_chooser = false;
                Some(p.display().to_string())
            }
            files::Dialog::Cancelled => None,
            files::Dialog::Unavailable => {
                self.no_chooser = true;
                None
            }
        }
    }

    /// The current secrets as typed; a refusal is the sentence to show.
    fn secrets(&self) -> Result<(PathBuf, Secret, Option<PathBuf>), String> {
        let loaded = self.loaded.as_ref().ok_or(text::LOADING.to_string())?;
        if loaded.keyring {
            return Ok((loaded.dir.clone(), Secret::Keyring, None));
        }
        if self.current.is_empty() {
            return Err(text::CURRENT_PASSPHRASE_NEEDED.to_string());
        }
        let key_file = match loaded.factor {
            Some(_) if self.current_key_file.trim().is_empty() => {
                return Err(text::KEY_FILE_NEEDED.to_string());
            }
            Some(_) => Some(PathBuf::from(self.current_key_file.trim())),
            None => None,
        };
        let secret = Secret::Passphrase(self.current.clone());
        Ok((loaded.dir.clone(), secret, key_file))
    }

    /// Runs `change` with the store, the data dir, the current secret and the current key
    /// file; the result comes back as `Done`.
    fn start(
        &mut self,
        db: &Db,
        change: impl FnOnce(
            &mut crate::store::Store,
            &Path,
            Secret,
            Option<KeyFile>,
        ) -> Result<Done, PrivacyError>
        + Send
        + 'static,
    ) -> Task<Message> {
        if self.busy {
            return Task::none();
        }
        self.error = None;
        self.done = None;
        let (dir, secret, key_file) = match self.secrets() {
            Ok(s) => s,
            Err(e) => {
                self.error = Some(e);
                return Task::none();
            }
        };
        self.busy = true;
        let job = db.run(move |store| {
            let (secret, factor) = match (secret, key_file) {
                (Secret::Passphrase(p), Some(path)) => {
                    let f = KeyFile::read(&path)?;
                    (Secret::PassphraseAndKeyFile(p, f.clone()), Some(f))
                }
                (s, _) => (s, None),
            };
            change(store, &dir, secret, factor)
        });
        Task::perform(job, Message::Done)
    }

    fn change_passphrase(&mut self, db: &Db) -> Task<Message> {
        if self.new.is_empty() || *self.new != *self.repeat {
            self.error = Some(text::NEW_PASSPHRASES_DIFFER.to_string());
            return Task::none();
        }
        let new = self.new.clone();
        self.start(db, move |store, dir, secret, factor| {
            let key = security::current_key(dir, secret)?;
            let kdf = kdf(dir)?;
            security::change_passphrase(dir, &key, &new, factor.as_ref(), kdf)?;
            security::record(store, "passphrase_changed", chrono::Utc::now())?;
            Ok(Done::PassphraseChanged)
        })
    }

    fn enrol(&mut self, db: &Db) -> Task<Message> {
        let path = PathBuf::from(self.new_key_file.trim());
        if path.as_os_str().is_empty() {
            self.error = Some(text::KEY_FILE_WHERE.to_string());
            return Task::none();
        }
        let passphrase = self.current.clone();
        self.start(db, move |store, dir, secret, _| {
            let key = security::current_key(dir, secret)?;
            let kdf = kdf(dir)?;
            security::enrol_key_file(dir, &key, &passphrase, &path, kdf)?;
            security::record(store, "second_factor_enrolled", chrono::Utc::now())?;
            Ok(Done::Enrolled(path))
        })
    }

    fn remove(&mut self, db: &Db) -> Task<Message> {
        let passphrase = self.current.clone();
        self.start(db, move |store, dir, secret, _| {
            let key = security::current_key(dir, secret)?;
            security::remove_factor(dir, &key, &passphrase, kdf(dir)?)?;
            security::record(store, "second_factor_removed", chrono::Utc::now())?;
            Ok(Done::Removed)
        })
    }

    fn save_idle(&mut self, db: &Db) -> Task<Message> {
        self.error = None;
        self.done = None;
        let Ok(minutes) = self.idle.trim().parse::<u32>() else {
            self.error = Some(text::IDLE_NOT_A_NUMBER.to_string());
            return Task::none();
        };
        let team = self
            .loaded
            .as_ref()
            .map(|l| l.rules.team)
            .unwrap_or_default();
        let job = db.run(move |s| {
            security::set_idle_minutes(s, minutes, chrono::Utc::now())?;
            Ok(team.idle_minutes(Some(minutes)))
        });
        Task::perform(job, Message::IdleSaved)
    }

    fn finished(&mut self, db: &Db, result: Outcome<Done>) -> Update {
        self.busy = false;
        let done = match result {
            Ok(d) => d,
            Err(e) => {
                self.error = Some(e);
                return (Task::none(), None);
            }
        };
        // The secrets typed for this change are not kept.
        self.current = Zeroizing::default();
        self.new = Zeroizing::default();
        self.repeat = Zeroizing::default();
        let event = match &done {
            Done::Enrolled(path) => {
                self.current_key_file = path.display().to_string();
                self.new_key_file.clear();
                self.done = Some(text::key_file_enrolled(path));
                Some(Event::Enrolled)
            }
            Done::Removed => {
                self.current_key_file.clear();
                self.done = Some(text::FACTOR_REMOVED.to_string());
                None
            }
            Done::PassphraseChanged => {
                self.done = Some(text::PASSPHRASE_CHANGED.to_string());
                None
            }
        };
        (Self::refresh(db), event)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut col = column![parts::heading(if self.required {
            text::FACTOR_REQUIRED_TITLE
        } else {
            text::SECURITY
        })]
        .spacing(10);
        if self.required {
            col = col.push(label(text::FACTOR_REQUIRED_INTRO));
        }
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        if let Some(d) = &self.done {
            col = col.push(label(d.as_str()).style(label::success));
        }
        let Some(loaded) = &self.loaded else {
            return col.push(label(text::LOADING)).into();
        };
        col = col.push(label(match &loaded.factor {
            Some(id) => text::factor_enrolled(id),
            None => text::NO_FACTOR.to_string(),
        }));
        if !loaded.keyring {
            col = col.push(self.current_view(loaded));
        }
        if !self.required {
            col = col.push(self.passphrase_view());
        }
        if !loaded.keyring {
            col = col.push(self.enrol_view(loaded));
        }
        if !self.required {
            col = col.push(self.idle_view(loaded));
        }
        col.into()
    }

    /// The current secrets every change needs.
    fn current_view(&self, loaded: &Loaded) -> Element<'_, Message> {
        let mut col = column![
            label(text::SECURITY_CURRENT_HINT)
                .size(13)
                .style(label::secondary),
            text_input(&text::CURRENT_PASSPHRASE, &self.current)
                .secure(true)
                .on_input(Message::Current)
                .width(360),
        ]
        .spacing(6);
        if loaded.factor.is_some() {
            col = col.push(
                row![
                    text_input(&text::CURRENT_KEY_FILE, &self.current_key_file)
                        .on_input(Message::CurrentKeyFile)
                        .width(Fill),
                    button(label(text::CHOOSE_KEY_FILE)).on_press(Message::ChooseCurrentKeyFile),
                ]
                .spacing(8),
            );
        }
        col.into()
    }

    fn passphrase_view(&self) -> Element<'_, Message> {
        column![
            label(text::CHANGE_PASSPHRASE).size(16),
            row![
                text_input(&text::NEW_PASSPHRASE_FIELD, &self.new)
                    .secure(true)
                    .on_input(Message::New)
                    .width(260),
                text_input(&text::REPEAT_NEW_PASSPHRASE, &self.repeat)
                    .secure(true)
                    .on_input(Message::Repeat)
                    .on_submit(Message::ChangePassphrase)
                    .width(260),
                button(label(text::CHANGE_PASSPHRASE_BUTTON))
                    .on_press_maybe((!self.busy).then_some(Message::ChangePassphrase)),
            ]
            .spacing(8),
        ]
        .spacing(6)
        .into()
    }

    fn enrol_view(&self, loaded: &Loaded) -> Element<'_, Message> {
        let enrol = if loaded.factor.is_some() {
            text::ENROL_NEW_KEY_FILE
        } else {
            text::ENROL_KEY_FILE
        };
        let mut col = column![
            label(text::KEY_FILE_SECTION).size(16),
            container(label(text::KEY_FILE_WARNING))
                .padding(10)
                .style(theme::card),
            row![
                text_input(&text::NEW_KEY_FILE_PATH, &self.new_key_file)
                    .on_input(Message::NewKeyFile)
                    .on_submit(Message::Enrol)
                    .width(Fill),
                button(label(text::CHOOSE_WHERE)).on_press(Message::ChooseNewKeyFile),
                button(label(enrol)).on_press_maybe((!self.busy).then_some(Message::Enrol)),
            ]
            .spacing(8),
        ]
        .spacing(6);
        if self.no_chooser {
            col = col.push(
                label(text::NO_FILE_CHOOSER)
                    .size(13)
                    .style(label::secondary),
            );
        }
        if loaded.factor.is_some() && !self.required && !loaded.rules.team.second_factor_required {
            col = col.push(
                button(label(text::REMOVE_FACTOR))
                    .style(iced::widget::button::danger)
                    .on_press_maybe((!self.busy).then_some(Message::Remove)),
            );
        }
        col.into()
    }

    fn idle_view(&self, loaded: &Loaded) -> Element<'_, Message> {
        let mut col = column![
            label(text::IDLE_LOCK).size(16),
            row![
                text_input(&text::IDLE_MINUTES, &self.idle)
                    .on_input(Message::Idle)
                    .on_submit(Message::SaveIdle)
                    .width(120),
                button(label(text::SAVE_IDLE)).on_press(Message::SaveIdle),
            ]
            .spacing(8)
            .align_y(iced::Center),
        ]
        .spacing(6);
        if let Some(max) = loaded.rules.team.max_idle_minutes {
            col = col.push(
                label(text::team_idle_max(max))
                    .size(13)
                    .style(label::secondary),
            );
        }
        col.into()
    }
}

/// The vault's current KDF cost (kept on change); a keyring store moving to a passphrase gets
/// one tuned to this machine.
fn kdf(dir: &Path) -> Result<KdfParams, PrivacyError> {
    Ok(security::current_kdf(dir)?
        .unwrap_or_else(|| KdfParams::tuned(std::time::Duration::from_millis(500))))
}
