//! One contact beside the list: identity and contact points, consents per purpose (badge, given
//! date, source, expiry, days left, Withdraw / Renew), preferences as chips (channels with a
//! "digital only" preset, interests yes / no / unknown, language), objections, Restrict,
//! Export and Erase. Every change is a privacy use-case run off the UI thread, then a reload.

mod edit;
mod view;

use crate::domain::{
    Answer, Channel, Channels, ConsentSource, ContactId, ObjectionScope, PrefAssignment, ProofKind,
};
use crate::privacy::consent::Given;
use crate::privacy::contacts::{ContactView, Edit};
use crate::privacy::{self, access_export};
use crate::store::{self, erasure::Holdings};
use crate::team::access::Action;
use crate::ui::db::{Db, Outcome};
use crate::ui::{permit, text};
use iced::Task;
use std::path::PathBuf;

pub use edit::Field;

pub struct State {
    db: Db,
    id: ContactId,
    view: Option<ContactView>,
    vocabulary: Vec<String>,
    error: Option<String>,
    busy: bool,
    renew: Option<Renewal>,
    /// The in-place edit form, while open.
    edit: Option<edit::Form>,
}

/// The inline form that records a consent (or renews one) with its proof.
#[derive(Clone)]
struct Renewal {
    purpose: String,
    kind: ProofKind,
    reference: String,
}

/// A proof kind as the picker shows it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Proof(pub ProofKind);

impl std::fmt::Display for Proof {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(text::proof(self.0))
    }
}

#[derive(Clone)]
pub enum Message {
    Loaded(Outcome<Box<Loaded>>),
    WithdrawClicked(String),
    RenewClicked(String),
    RenewKind(Proof),
    RenewReference(String),
    RenewSave,
    RenewCancel,
    ChannelToggled(Channel),
    DigitalOnly,
    InterestCycled(String),
    RestrictToggled,
    Object(ObjectionScope),
    EditClicked,
    EditField(Field, String),
    EditSave,
    EditCancel,
    EditSaved(Outcome<()>),
    Changed(Outcome<()>),
    ExportClicked,
    Exported(Outcome<PathBuf>),
    EraseClicked,
    Previewed(Outcome<Holdings>),
    LogActivityClicked,
    OrganisationClicked,
}

impl Message {
    /// The role-checked action this message starts (issue 13): a shortcut or Enter in a
    /// field is refused like the disabled button.
    fn action(&self) -> Option<Action> {
        use Message as M;
        match self {
            M::WithdrawClicked(_) | M::RenewClicked(_) | M::RenewSave => Some(Action::Consent),
            M::ChannelToggled(_) | M::DigitalOnly | M::InterestCycled(_) => {
                Some(Action::ContactEdit)
            }
            M::EditClicked | M::EditSave => Some(Action::ContactEdit),
            M::RestrictToggled => Some(Action::Restriction),
            M::Object(_) => Some(Action::Objection),
            M::ExportClicked => Some(Action::AccessExport),
            M::EraseClicked => Some(Action::ContactErase),
            M::LogActivityClicked => Some(Action::Activity),
            _ => None,
        }
    }
}

pub enum Event {
    /// Something the list shows may have changed.
    ListChanged,
    Exported(PathBuf),
    ConfirmErase {
        id: ContactId,
        name: String,
        holdings: Holdings,
    },
    /// Open the log-activity dialog for this contact (issue 15).
    LogActivity {
        id: ContactId,
        name: String,
    },
    /// Show the page of the contact's organisation, by its name (issue 15).
    OpenOrganisation(String),
}

type Update = (Task<Message>, Option<Event>);
/// A loaded contact and the firm's interest vocabulary (boxed: it is large).
type Loaded = (ContactView, Vec<String>);

/// The contact's organisation line, a link to the organisation's page.
pub const ORGANISATION_ID: &str = "contact-organisation";

/// The proof reference of the consent form, focused when it opens.
pub const REFERENCE_ID: &str = "renew-reference";

impl State {
    /// Opens a contact; the access is recorded in the audit log.
    pub fn new(db: Db, id: ContactId) -> (Self, Task<Message>) {
        let state = Self {
            db,
            id,
            view: None,
            vocabulary: Vec::new(),
            error: None,
            busy: false,
            renew: None,
            edit: None,
        };
        let now = chrono::Utc::now();
        let load = state.db.run(move |s| {
            let v = privacy::contacts::view(s, id, now)?;
            Ok(Box::new((v, privacy::contacts::interests(s)?)))
        });
        (state, Task::perform(load, Message::Loaded))
    }

    pub fn id(&self) -> ContactId {
        self.id
    }

    /// Whether the edit form is open (a refresh from another laptop must not overwrite it).
    pub fn is_editing(&self) -> bool {
        self.edit.is_some()
    }

    fn log_activity(&self) -> Option<Event> {
        let v = self.view.as_ref()?;
        (!v.contact.restricted).then(|| Event::LogActivity {
            id: self.id,
            name: v.contact.display_name.clone(),
        })
    }

    fn organisation(&self) -> Option<Event> {
        let v = self.view.as_ref()?;
        let name = v.contact.organisation.trim();
        (!name.is_empty()).then(|| Event::OpenOrganisation(name.to_string()))
    }

    pub fn update(&mut self, message: Message, export_dir: &std::path::Path) -> Update {
        if !message
            .action()
            .is_none_or(|a| permit::allowed(&self.db, a))
        {
            return (Task::none(), None);
        }
        match message {
            Message::Loaded(result) => self.loaded(result),
            Message::WithdrawClicked(purpose) => self.withdraw(purpose),
            Message::RenewClicked(purpose) => self.open_renewal(purpose),
            Message::RenewKind(kind) => self.edit_renewal(|r| r.kind = kind.0),
            Message::RenewReference(text) => self.edit_renewal(|r| r.reference = text),
            Message::RenewSave => self.save_renewal(),
            Message::RenewCancel => self.edit_renewal_cancel(),
            Message::ChannelToggled(c) => self.toggle_channel(c),
            Message::DigitalOnly => self.set_channels(Channels::DIGITAL_ONLY),
            Message::InterestCycled(name) => self.cycle_interest(name),
            Message::RestrictToggled => self.toggle_restricted(),
            Message::Object(scope) => self.object(scope),
            Message::EditClicked => self.open_edit(),
            Message::EditField(field, value) => self.edit_field(field, value),
            Message::EditSave => self.save_edit(),
            Message::EditCancel => self.cancel_edit(),
            Message::EditSaved(result) => self.edit_saved(result),
            Message::Changed(result) => self.changed(result),
            Message::ExportClicked => self.export(export_dir),
            Message::LogActivityClicked => (Task::none(), self.log_activity()),
            Message::OrganisationClicked => (Task::none(), self.organisation()),
            Message::Exported(result) => self.exported(result),
            Message::EraseClicked => self.preview_erase(),
            Message::Previewed(result) => self.previewed(result),
        }
    }

    /// Reloads without recording another access.
    pub fn reload(&self) -> Task<Message> {
        let (id, now) = (self.id, chrono::Utc::now());
        let load = self.db.run(move |s| {
            Ok(Box::new((
                privacy::contacts::load(s, id, now)?,
                privacy::contacts::interests(s)?,
            )))
        });
        Task::perform(load, Message::Loaded)
    }

    fn loaded(&mut self, result: Outcome<Box<Loaded>>) -> Update {
        self.busy = false;
        match result {
            Ok(loaded) => {
                let (view, vocabulary) = *loaded;
                self.view = Some(view);
                self.vocabulary = vocabulary;
            }
            Err(e) => self.error = Some(e),
        }
        (Task::none(), None)
    }

    /// Runs a change, then reloads (see `changed`).
    fn change(
        &mut self,
        f: impl FnOnce(&mut store::Store) -> Result<(), privacy::PrivacyError> + Send + 'static,
    ) -> Update {
        self.busy = true;
        self.error = None;
        (Task::perform(self.db.run(f), Message::Changed), None)
    }

    fn withdraw(&mut self, purpose: String) -> Update {
        let (id, now) = (self.id, chrono::Utc::now());
        self.change(move |s| privacy::consent::withdraw(s, id, &purpose, now).map(|_| ()))
    }

    fn open_renewal(&mut self, purpose: String) -> Update {
        self.renew = Some(Renewal {
            purpose,
            kind: ProofKind::SignedForm,
            reference: String::new(),
        });
        (iced::widget::operation::focus(REFERENCE_ID), None)
    }

    fn edit_renewal(&mut self, f: impl FnOnce(&mut Renewal)) -> Update {
        if let Some(r) = &mut self.renew {
            f(r);
        }
        (Task::none(), None)
    }

    fn edit_renewal_cancel(&mut self) -> Update {
        self.renew = None;
        (Task::none(), None)
    }

    fn save_renewal(&mut self) -> Update {
        let Some(r) = self.renew.take() else {
            return (Task::none(), None);
        };
        let given = Given {
            purpose: r.purpose,
            source: ConsentSource {
                kind: r.kind,
                reference: r.reference.trim().to_string(),
            },
            given_at: None,
            expires_at: None,
            wording_version: None,
        };
        let (id, now) = (self.id, chrono::Utc::now());
        self.change(move |s| privacy::consent::give(s, id, &given, now).map(|_| ()))
    }

    fn set_channels(&mut self, channels: Channels) -> Update {
        self.rectify(PrefAssignment::Channels(channels))
    }

    fn toggle_channel(&mut self, c: Channel) -> Update {
        let Some(v) = &self.view else {
            return (Task::none(), None);
        };
        let mut channels = v.contact.preferences.channels;
        if channels.contains(c) {
            channels.remove(c);
        } else {
            channels.insert(c);
        }
        self.set_channels(channels)
    }

    fn cycle_interest(&mut self, name: String) -> Update {
        let Some(v) = &self.view else {
            return (Task::none(), None);
        };
        let next = match v.contact.preferences.interest(&name) {
            Answer::Unknown => Answer::Yes,
            Answer::Yes => Answer::No,
            Answer::No => Answer::Unknown,
        };
        self.rectify(PrefAssignment::Interest(name, next))
    }

    fn rectify(&mut self, assignment: PrefAssignment) -> Update {
        let (id, now) = (self.id, chrono::Utc::now());
        let edit = Edit {
            preferences: vec![assignment],
            ..Edit::default()
        };
        self.change(move |s| privacy::contacts::rectify(s, id, &edit, now).map(|_| ()))
    }

    fn toggle_restricted(&mut self) -> Update {
        let Some(v) = &self.view else {
            return (Task::none(), None);
        };
        let (id, now, restrict) = (self.id, chrono::Utc::now(), !v.contact.restricted);
        self.change(move |s| privacy::restrict::set_restricted(s, id, restrict, now).map(|_| ()))
    }

    fn object(&mut self, scope: ObjectionScope) -> Update {
        let (id, now) = (self.id, chrono::Utc::now());
        self.change(move |s| privacy::restrict::object(s, id, scope, now).map(|_| ()))
    }

    fn changed(&mut self, result: Outcome<()>) -> Update {
        if let Err(e) = result {
            self.busy = false;
            self.error = Some(e);
            return (Task::none(), None);
        }
        (self.reload(), Some(Event::ListChanged))
    }

    fn export(&mut self, export_dir: &std::path::Path) -> Update {
        let (id, now) = (self.id, chrono::Utc::now());
        let out = export_dir.join(format!(
            "rapport-access-{}-{}",
            now.format("%Y%m%d-%H%M%S"),
            id
        ));
        self.busy = true;
        let task = self.db.run(move |s| {
            // An open access request of this person is answered (and closed) by the export.
            let request = privacy::requests::answerable(
                s,
                id,
                crate::domain::request::Outcome::Exported,
                now,
            )?;
            let opts = access_export::Options {
                request,
                password: None,
            };
            access_export::export_with(s, id, &out, &opts, now).map(|w| w.path)
        });
        (Task::perform(task, Message::Exported), None)
    }

    fn exported(&mut self, result: Outcome<PathBuf>) -> Update {
        self.busy = false;
        match result {
            Ok(path) => (Task::none(), Some(Event::Exported(path))),
            Err(e) => {
                self.error = Some(e);
                (Task::none(), None)
            }
        }
    }

    fn preview_erase(&mut self) -> Update {
        let id = self.id;
        (
            Task::perform(
                self.db.run(move |s| privacy::erasure::preview(s, id)),
                Message::Previewed,
            ),
            None,
        )
    }

    fn previewed(&mut self, result: Outcome<Holdings>) -> Update {
        match (result, &self.view) {
            (Ok(holdings), Some(v)) => {
                let name = v.contact.display_name.clone();
                (
                    Task::none(),
                    Some(Event::ConfirmErase {
                        id: self.id,
                        name,
                        holdings,
                    }),
                )
            }
            (Err(e), _) => {
                self.error = Some(e);
                (Task::none(), None)
            }
            (Ok(_), None) => (Task::none(), None),
        }
    }
}
