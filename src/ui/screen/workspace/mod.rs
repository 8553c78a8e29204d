//! The unlocked app: the contact list beside the selected contact, the privacy overview and the
//! audit log, the erase confirmation as a modal, notices, and the keyboard shortcuts
//! (Ctrl+F search, Ctrl+N new contact, Ctrl+E export, Delete erase, Up/Down/Page Up/Page Down/
//! Home/End/Enter in the list).

use crate::domain::ContactId;
use crate::ui::db::{Db, Outcome};
use crate::ui::modal::{erase, log_activity};
mod team_sync;
mod view;

use crate::team::access::Action;
use crate::ui::screen::{
    audit, contact, contacts, documentation, import, new_contact, organisations, overview,
    settings, today,
};
use crate::ui::{files, permit, sync, text};
use iced::Task;
use iced::keyboard::{self, Key, key::Named};
use std::path::PathBuf;

/// The Help modal's Close button, focused when it opens.
pub const HELP_CLOSE_ID: &str = "help-close";

/// Rows that Page Up / Page Down move the selection by.
const PAGE_ROWS: i64 = 10;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The first screen after unlock (issue 15).
    Today,
    Contacts,
    /// The firm's organisations and their pages (issue 15).
    Organisations,
    Overview,
    Audit,
    Import,
    Settings,
    Documentation,
}

/// A notice at the bottom of the window.
pub struct Notice {
    text: String,
    /// A file the notice is about ("Show in folder", "Save a copy as…").
    path: Option<PathBuf>,
    /// A path to offer with "Copy path", when no dialog or file manager could show it.
    copy: Option<String>,
}

pub struct State {
    db: Db,
    export_dir: PathBuf,
    tab: Tab,
    contacts: contacts::State,
    detail: Option<contact::State>,
    /// The "New contact" form, shown in place of the contact while open.
    new: Option<new_contact::State>,
    erase: Option<erase::State>,
    /// The Help modal (F1): the keyboard map.
    help: bool,
    log: Option<log_activity::State>,
    overview: overview::State,
    import: import::State,
    settings: settings::State,
    theme: settings::ThemeChoice,
    audit: audit::State,
    today: today::State,
    organisations: organisations::State,
    documentation: documentation::State,
    notice: Option<Notice>,
    sync: sync::State,
}

#[derive(Clone)]
pub enum Message {
    TabSelected(Tab),
    Contacts(contacts::Message),
    Contact(contact::Message),
    NewContactClicked,
    NewContact(new_contact::Message),
    Erase(erase::Message),
    LogActivity(log_activity::Message),
    Overview(overview::Message),
    Audit(audit::Message),
    Import(import::Message),
    Settings(settings::Message),
    Today(today::Message),
    Organisations(organisations::Message),
    Documentation(documentation::Message),
    DismissNotice,
    ShowInFolder,
    SaveCopy,
    CopySaved(Outcome<files::Dialog>),
    FolderShown(bool),
    CopyPath,
    Key(keyboard::Event),
    HelpClicked,
    HelpClosed,
    Sync(sync::Message),
    ShowSkipped,
    /// Re-read this laptop's standing in the team (issue 13): after a sync round.
    ReloadStanding,
    StandingLoaded(Outcome<crate::privacy::team::policy::Standing>),
}

impl State {
    pub fn new(db: Db, export_dir: PathBuf) -> (Self, Task<Message>) {
        let (contacts, task) = contacts::State::new(db.clone());
        let overview = overview::State::new(db.clone(), export_dir.clone());
        let audit = audit::State::new(db.clone());
        let documentation = documentation::State::new(db.clone(), export_dir.clone());
        let import = import::State::new(db.clone());
        let settings = settings::State::new(db.clone(), &export_dir);
        let load_settings = settings.refresh().map(Message::Settings);
        let today = today::State::new(db.clone());
        let load_today = today.refresh().map(Message::Today);
        let sync = sync::State::new(db.clone());
        let load_sync = sync.refresh().map(Message::Sync);
        let state = Self {
            db: db.clone(),
            export_dir,
            tab: Tab::Today,
            today,
            organisations: organisations::State::new(db.clone()),
            contacts,
            detail: None,
            new: None,
            erase: None,
            help: false,
            log: None,
            overview,
            import,
            settings,
            theme: settings::ThemeChoice::System,
            audit,
            documentation,
            notice: None,
            sync,
        };
        (
            state,
            Task::batch([
                task.map(Message::Contacts),
                load_settings,
                load_today,
                load_sync,
            ]),
        )
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn contacts(&self) -> &contacts::State {
        &self.contacts
    }

    pub fn open_contact(&self) -> Option<ContactId> {
        self.detail.as_ref().map(contact::State::id)
    }

    pub fn is_confirming_erase(&self) -> bool {
        self.erase.is_some()
    }

    pub fn is_showing_help(&self) -> bool {
        self.help
    }

    fn show_help(&mut self, on: bool) -> Task<Message> {
        self.help = on;
        if on {
            iced::widget::operation::focus(HELP_CLOSE_ID)
        } else {
            Task::none()
        }
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_ref().map(|n| n.text.as_str())
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::TabSelected(tab) => self.select_tab(tab),
            Message::Contacts(m) => self.on_contacts(m),
            Message::Contact(m) => self.on_contact(m),
            Message::NewContactClicked => self.new_contact(),
            Message::NewContact(m) => self.on_new_contact(m),
            Message::Erase(m) => self.on_erase(m),
            Message::LogActivity(m) => self.on_log_activity(m),
            Message::Overview(m) => self.on_overview(m),
            Message::Audit(m) => self.audit.update(m).map(Message::Audit),
            Message::Import(m) => self.on_import(m),
            Message::Settings(m) => self.on_settings(m),
            Message::Today(m) => self.on_today(m),
            Message::Organisations(m) => self.on_organisations(m),
            Message::Documentation(m) => self.on_documentation(m),
            Message::DismissNotice => self.dismiss(),
            Message::ShowInFolder => self.show_in_folder(),
            Message::SaveCopy => self.save_copy(),
            Message::CopySaved(result) => self.copy_saved(result),
            Message::FolderShown(opened) => self.folder_shown(opened),
            Message::CopyPath => self.copy_path(),
            Message::Key(event) => self.key(event),
            Message::HelpClicked => self.show_help(true),
            Message::HelpClosed => self.show_help(false),
            Message::Sync(m) => self.on_sync(m),
            Message::ShowSkipped => self.show_skipped(),
            Message::ReloadStanding => self.reload_standing(),
            Message::StandingLoaded(s) => self.standing_loaded(s),
        }
    }

    fn select_tab(&mut self, tab: Tab) -> Task<Message> {
        if tab == Tab::Import && !permit::allowed(&self.db, Action::Import) {
            return Task::none();
        }
        if self.tab == Tab::Settings && tab != Tab::Settings {
            self.settings.leave();
        }
        self.tab = tab;
        match tab {
            Tab::Today => self.today.refresh().map(Message::Today),
            Tab::Contacts => self.contacts.focus_search().map(Message::Contacts),
            Tab::Organisations => self.organisations.refresh().map(Message::Organisations),
            Tab::Overview => self.overview.refresh().map(Message::Overview),
            Tab::Audit => self.audit.refresh().map(Message::Audit),
            Tab::Import => self.import.focus().map(Message::Import),
            Tab::Settings => self.settings.refresh().map(Message::Settings),
            Tab::Documentation => self.documentation.refresh().map(Message::Documentation),
        }
    }

    fn on_today(&mut self, m: today::Message) -> Task<Message> {
        let (task, event) = self.today.update(m);
        let task = task.map(Message::Today);
        match event {
            Some(today::Event::Open(id)) => {
                self.tab = Tab::Contacts;
                self.new = None;
                Task::batch([task, self.open(id)])
            }
            None => task,
        }
    }

    fn on_organisations(&mut self, m: organisations::Message) -> Task<Message> {
        let (task, event) = self.organisations.update(m);
        let task = task.map(Message::Organisations);
        match event {
            Some(organisations::Event::Open(id)) => {
                self.tab = Tab::Contacts;
                self.new = None;
                Task::batch([task, self.open(id)])
            }
            None => task,
        }
    }

    /// Shows the page of the organisation of that name (a contact's organisation line).
    fn open_organisation(&mut self, name: String) -> Task<Message> {
        self.tab = Tab::Organisations;
        self.organisations.open(name).map(Message::Organisations)
    }

    /// The Organisations tab's state.
    pub fn organisations(&self) -> &organisations::State {
        &self.organisations
    }

    /// The Today screen's state.
    pub fn today(&self) -> &today::State {
        &self.today
    }

    /// The tab showing.
    pub fn tab(&self) -> Tab {
        self.tab
    }

    fn on_documentation(&mut self, m: documentation::Message) -> Task<Message> {
        let (task, _event) = self.documentation.update(m);
        task.map(Message::Documentation)
    }

    pub fn documentation(&self) -> &documentation::State {
        &self.documentation
    }

    fn on_settings(&mut self, m: settings::Message) -> Task<Message> {
        if matches!(m, settings::Message::Saved(Ok(()))) {
            self.wrote();
        }
        let (task, event) = self.settings.update(m);
        if let Some(settings::Event::Team(settings::team::Event::TeamChanged)) = event {
            return Task::batch([task.map(Message::Settings), self.team_changed()]);
        }
        if let Some(settings::Event::Team(settings::team::Event::RosterChanged)) = event {
            return Task::batch([task.map(Message::Settings), self.reload_standing()]);
        }
        if let Some(settings::Event::Apply {
            export_dir,
            theme,
            language,
        }) = event
        {
            self.theme = theme;
            crate::i18n::set_ui(language.resolve());
            if let Some(dir) = export_dir {
                self.overview.set_export_dir(dir.clone());
                self.documentation.set_export_dir(dir.clone());
                self.export_dir = dir;
            }
        }
        task.map(Message::Settings)
    }

    /// The theme chosen in the settings.
    pub fn theme(&self) -> settings::ThemeChoice {
        self.theme
    }

    pub fn settings(&self) -> &settings::State {
        &self.settings
    }

    fn on_import(&mut self, m: import::Message) -> Task<Message> {
        let (task, event) = self.import.update(m);
        let task = task.map(Message::Import);
        match event {
            Some(import::Event::Imported) => {
                self.wrote();
                Task::batch([task, self.contacts.refresh().map(Message::Contacts)])
            }
            None => task,
        }
    }

    pub fn import(&self) -> &import::State {
        &self.import
    }

    fn on_contacts(&mut self, m: contacts::Message) -> Task<Message> {
        let (task, event) = self.contacts.update(m);
        let task = task.map(Message::Contacts);
        match event {
            Some(contacts::Event::Open(id)) => {
                self.new = None;
                Task::batch([task, self.open(id)])
            }
            None => task,
        }
    }

    fn open(&mut self, id: ContactId) -> Task<Message> {
        if self.open_contact() == Some(id) {
            return Task::none();
        }
        let (detail, task) = contact::State::new(self.db.clone(), id);
        self.detail = Some(detail);
        task.map(Message::Contact)
    }

    /// Re-reads the standing off the UI thread; the buttons follow on the next frame.
    pub fn reload_standing(&self) -> Task<Message> {
        let load = self.db.run(|s| Ok(crate::privacy::gate::standing_of(s)));
        Task::perform(load, Message::StandingLoaded)
    }

    fn standing_loaded(
        &mut self,
        s: Outcome<crate::privacy::team::policy::Standing>,
    ) -> Task<Message> {
        if let Ok(s) = s {
            self.db.set_standing(s);
        }
        // An Import tab the role no longer allows does not stay open.
        if self.tab == Tab::Import && !permit::allowed(&self.db, Action::Import) {
            self.tab = Tab::Today;
        }
        Task::none()
    }

    fn new_contact(&mut self) -> Task<Message> {
        if !permit::allowed(&self.db, Action::ContactAdd) {
            return Task::none();
        }
        self.tab = Tab::Contacts;
        let (form, task) = new_contact::State::new(self.db.clone());
        self.new = Some(form);
        task.map(Message::NewContact)
    }

    fn on_new_contact(&mut self, m: new_contact::Message) -> Task<Message> {
        let Some(form) = &mut self.new else {
            return Task::none();
        };
        let (task, event) = form.update(m);
        let task = task.map(Message::NewContact);
        match event {
            Some(new_contact::Event::Created(id)) => Task::batch([task, self.created(id)]),
            Some(new_contact::Event::Cancelled) => {
                self.new = None;
                task
            }
            None => task,
        }
    }

    fn created(&mut self, id: ContactId) -> Task<Message> {
        self.new = None;
        self.wrote();
        self.notice = Some(Notice {
            text: text::CONTACT_CREATED.into(),
            path: None,
            copy: None,
        });
        Task::batch([
            self.contacts.refresh().map(Message::Contacts),
            self.open(id),
        ])
    }

    /// The "New contact" form, when open.
    pub fn new_contact_form(&self) -> Option<&new_contact::State> {
        self.new.as_ref()
    }

    fn on_contact(&mut self, m: contact::Message) -> Task<Message> {
        let Some(detail) = &mut self.detail else {
            return Task::none();
        };
        let (task, event) = detail.update(m, &self.export_dir);
        let task = task.map(Message::Contact);
        let more = match event {
            Some(contact::Event::ListChanged) => {
                self.wrote();
                self.contacts.refresh().map(Message::Contacts)
            }
            Some(contact::Event::Exported(path)) => self.exported(path),
            Some(contact::Event::ConfirmErase { id, name, holdings }) => {
                self.confirm_erase(id, name, holdings)
            }
            Some(contact::Event::LogActivity { id, name }) => self.open_log(id, name),
            Some(contact::Event::OpenOrganisation(name)) => self.open_organisation(name),
            None => Task::none(),
        };
        Task::batch([task, more])
    }

    fn exported(&mut self, path: PathBuf) -> Task<Message> {
        self.notice = Some(Notice {
            text: text::exported(&path),
            path: Some(path),
            copy: None,
        });
        Task::none()
    }

    fn confirm_erase(
        &mut self,
        id: ContactId,
        name: String,
        holdings: crate::store::erasure::Holdings,
    ) -> Task<Message> {
        self.erase = Some(erase::State::new(self.db.clone(), id, name, holdings));
        // Takes the focus from the field or button behind the modal, too.
        iced::widget::operation::focus(erase::CANCEL_ID)
    }

    fn open_log(&mut self, id: ContactId, name: String) -> Task<Message> {
        let (modal, task) = log_activity::State::new(self.db.clone(), id, name);
        self.log = Some(modal);
        task.map(Message::LogActivity)
    }

    /// The log-activity dialog, when open.
    pub fn log_dialog(&self) -> Option<&log_activity::State> {
        self.log.as_ref()
    }

    fn on_log_activity(&mut self, m: log_activity::Message) -> Task<Message> {
        let Some(modal) = &mut self.log else {
            return Task::none();
        };
        let (task, event) = modal.update(m);
        let task = task.map(Message::LogActivity);
        match event {
            Some(log_activity::Event::Logged(id)) => {
                self.log = None;
                self.wrote();
                self.notice = Some(Notice {
                    text: text::ACTIVITY_LOGGED.into(),
                    path: None,
                    copy: None,
                });
                // The contact shows its new last activity and preferences.
                self.detail = None;
                Task::batch([
                    task,
                    self.open(id),
                    self.today.refresh().map(Message::Today),
                ])
            }
            Some(log_activity::Event::Cancelled) => {
                self.log = None;
                task
            }
            None => task,
        }
    }

    fn on_erase(&mut self, m: erase::Message) -> Task<Message> {
        let Some(modal) = &mut self.erase else {
            return Task::none();
        };
        let (task, event) = modal.update(m);
        let task = task.map(Message::Erase);
        match event {
            Some(erase::Event::Erased(id)) => Task::batch([task, self.erased(id)]),
            Some(erase::Event::Cancelled) => {
                self.erase = None;
                task
            }
            None => task,
        }
    }

    fn erased(&mut self, id: ContactId) -> Task<Message> {
        self.erase = None;
        self.wrote();
        self.detail = None;
        self.contacts.remove(id);
        self.notice = Some(Notice {
            text: text::ERASED_NOTICE.into(),
            path: None,
            copy: None,
        });
        Task::batch([
            self.contacts.refresh().map(Message::Contacts),
            self.contacts.focus_search().map(Message::Contacts),
        ])
    }

    fn on_overview(&mut self, m: overview::Message) -> Task<Message> {
        let (task, event) = self.overview.update(m);
        let task = task.map(Message::Overview);
        match event {
            Some(overview::Event::Erased(n)) => {
                self.wrote();
                self.notice = Some(Notice {
                    text: text::erased_due(n),
                    path: None,
                    copy: None,
                });
                self.detail = None;
                Task::batch([task, self.contacts.refresh().map(Message::Contacts)])
            }
            Some(overview::Event::Exported(path)) => {
                self.notice = Some(Notice {
                    text: text::audience_exported(&path),
                    path: Some(path),
                    copy: None,
                });
                task
            }
            None => task,
        }
    }

    pub fn overview(&self) -> &overview::State {
        &self.overview
    }

    fn dismiss(&mut self) -> Task<Message> {
        self.notice = None;
        Task::none()
    }

    fn show_in_folder(&mut self) -> Task<Message> {
        match self.notice.as_ref().and_then(|n| n.path.clone()) {
            Some(path) => Task::perform(files::show_in_folder(path), Message::FolderShown),
            None => Task::none(),
        }
    }

    /// No file manager opened: the notice says where the file is, with "Copy path".
    fn folder_shown(&mut self, opened: bool) -> Task<Message> {
        if let (false, Some(n)) = (opened, self.notice.as_mut())
            && let Some(dir) = n.path.as_ref().and_then(|p| p.parent())
        {
            n.text = text::no_file_manager(dir);
            n.copy = Some(dir.display().to_string());
        }
        Task::none()
    }

    fn copy_path(&mut self) -> Task<Message> {
        match self.notice.as_ref().and_then(|n| n.copy.clone()) {
            Some(path) => iced::clipboard::write(path),
            None => Task::none(),
        }
    }

    /// What the notice offers to copy (when nothing could show the file).
    pub fn notice_copy(&self) -> Option<&str> {
        self.notice.as_ref().and_then(|n| n.copy.as_deref())
    }

    fn save_copy(&mut self) -> Task<Message> {
        match self.notice.as_ref().and_then(|n| n.path.clone()) {
            Some(path) => Task::perform(files::save_copy_as(path), Message::CopySaved),
            None => Task::none(),
        }
    }

    fn copy_saved(&mut self, result: Outcome<files::Dialog>) -> Task<Message> {
        match result {
            Ok(files::Dialog::Chosen(_)) => {
                self.notice = Some(Notice {
                    text: text::COPY_SAVED.into(),
                    path: None,
                    copy: None,
                })
            }
            Ok(files::Dialog::Cancelled) => {}
            Ok(files::Dialog::Unavailable) => {
                if let Some(n) = self.notice.as_mut()
                    && let Some(path) = &n.path
                {
                    n.text = text::no_save_dialog(path);
                    n.copy = Some(path.display().to_string());
                }
            }
            Err(e) => {
                self.notice = Some(Notice {
                    text: e,
                    path: None,
                    copy: None,
                })
            }
        }
        Task::none()
    }

    /// Keyboard shortcuts. Only keys no widget used arrive here (a focused text field keeps
    /// Delete and typing for itself).
    fn key(&mut self, event: keyboard::Event) -> Task<Message> {
        let keyboard::Event::KeyPressed { key, modifiers, .. } = event else {
            return Task::none();
        };
        if self.erase.is_some() {
            return match key.as_ref() {
                Key::Named(Named::Escape) => self.on_erase(erase::Message::Cancel),
                _ => Task::none(),
            };
        }
        if self.help {
            return match key.as_ref() {
                Key::Named(Named::Escape | Named::F1) => self.show_help(false),
                _ => Task::none(),
            };
        }
        match (key.as_ref(), modifiers.command()) {
            (Key::Named(Named::F1), _) => self.show_help(true),
            (Key::Character("f"), true) => self.select_tab(Tab::Contacts),
            (Key::Character("n"), true) => self.new_contact(),
            (Key::Character("e"), true) => self.on_contact(contact::Message::ExportClicked),
            (Key::Named(Named::Delete), false) => self.on_contact(contact::Message::EraseClicked),
            (Key::Named(Named::ArrowDown), false) if self.tab == Tab::Contacts => {
                self.contacts.move_selection(1).map(Message::Contacts)
            }
            (Key::Named(Named::ArrowUp), false) if self.tab == Tab::Contacts => {
                self.contacts.move_selection(-1).map(Message::Contacts)
            }
            (Key::Named(Named::PageDown), false) if self.tab == Tab::Contacts => self
                .contacts
                .move_selection(PAGE_ROWS)
                .map(Message::Contacts),
            (Key::Named(Named::PageUp), false) if self.tab == Tab::Contacts => self
                .contacts
                .move_selection(-PAGE_ROWS)
                .map(Message::Contacts),
            (Key::Named(Named::End), false) if self.tab == Tab::Contacts => self
                .contacts
                .move_selection(i64::MAX)
                .map(Message::Contacts),
            (Key::Named(Named::Home), false) if self.tab == Tab::Contacts => self
                .contacts
                .move_selection(i64::MIN)
                .map(Message::Contacts),
            (Key::Named(Named::Enter), false) if self.tab == Tab::Contacts => {
                self.on_contacts(contacts::Message::OpenSelected)
            }
            _ => Task::none(),
        }
    }
}
