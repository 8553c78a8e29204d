//! One contact beside the list: identity and contact points, consents per purpose (badge, given
//! date, source, expiry, days left, Withdraw / Renew), preferences as chips (channels with a
//! "digital only" preset, interests yes / no / unknown, language), objections, Restrict,
//! Export and Erase. Every change is a privacy use-case run off the UI thread, then a reload.

use crate::domain::{
    Answer, Channel, Channels, ConsentSource, ContactId, ObjectionScope, PointKind, PrefAssignment,
    ProofKind,
};
use crate::privacy::consent::Given;
use crate::privacy::contacts::{ContactView, Edit, PurposeState};
use crate::privacy::{self, access_export};
use crate::store::{self, erasure::Holdings};
use crate::ui::db::{Db, Outcome};
use crate::ui::{parts, text, theme};
use iced::widget::{
    button, column, container, pick_list, row, scrollable, text as label, text_input,
};
use iced::{Element, Fill, Task};
use std::path::PathBuf;

pub struct State {
    db: Db,
    id: ContactId,
    view: Option<ContactView>,
    vocabulary: Vec<String>,
    error: Option<String>,
    busy: bool,
    renew: Option<Renewal>,
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
    ObjectAll,
    Changed(Outcome<()>),
    ExportClicked,
    Exported(Outcome<PathBuf>),
    EraseClicked,
    Previewed(Outcome<Holdings>),
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
}

type Update = (Task<Message>, Option<Event>);
/// A loaded contact and the firm's interest vocabulary (boxed: it is large).
type Loaded = (ContactView, Vec<String>);

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

    pub fn update(&mut self, message: Message, export_dir: &std::path::Path) -> Update {
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
            Message::ObjectAll => self.object_all(),
            Message::Changed(result) => self.changed(result),
            Message::ExportClicked => self.export(export_dir),
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
        (Task::none(), None)
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

    fn object_all(&mut self) -> Update {
        let (id, now) = (self.id, chrono::Utc::now());
        self.change(move |s| privacy::restrict::object(s, id, ObjectionScope::All, now).map(|_| ()))
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
        let task = self
            .db
            .run(move |s| access_export::export(s, id, &out, now).map(|w| w.path));
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

    pub fn view(&self) -> Element<'_, Message> {
        let Some(v) = &self.view else {
            let msg = self.error.as_deref().unwrap_or(text::LOADING);
            return container(label(msg)).padding(24).into();
        };
        let mut col = column![self.header(v)].spacing(16);
        if let Some(e) = &self.error {
            col = col.push(
                container(label(e.as_str()))
                    .padding(10)
                    .width(Fill)
                    .style(theme::error),
            );
        }
        if v.contact.restricted {
            col = col.push(
                container(label(text::RESTRICTED_NOTE))
                    .padding(10)
                    .width(Fill)
                    .style(theme::notice),
            );
        }
        col = col
            .push(self.consents(v))
            .push(self.preferences(v))
            .push(self.objections(v));
        scrollable(col.padding(20)).height(Fill).into()
    }

    fn header<'a>(&'a self, v: &'a ContactView) -> Element<'a, Message> {
        let c = &v.contact;
        let mut who = column![label(c.display_name.as_str()).size(26)].spacing(4);
        let role = [c.title.as_str(), c.organisation.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        if !role.is_empty() {
            who = who.push(label(role).style(label::secondary));
        }
        for kind in [
            PointKind::Email,
            PointKind::Phone,
            PointKind::Address,
            PointKind::Web,
        ] {
            for p in c.points_of(kind) {
                who = who.push(
                    label(format!(
                        "{} ({}): {}",
                        kind.as_str(),
                        p.label.as_str(),
                        p.value
                    ))
                    .size(14),
                );
            }
        }
        who = who.push(
            label(format!("{}: {}", text::STAGE, c.stage.label()))
                .size(13)
                .style(label::secondary),
        );
        let src = if c.source.detail.is_empty() {
            c.source.kind.as_str().to_string()
        } else {
            format!("{}: {}", c.source.kind.as_str(), c.source.detail)
        };
        who = who.push(
            label(format!("{}: {}", text::SOURCE_OF_DATA, src))
                .size(13)
                .style(label::secondary),
        );
        let on = |m: Message| (!self.busy).then_some(m);
        let actions = row![
            button(label(text::EXPORT))
                .on_press_maybe(on(Message::ExportClicked))
                .style(button::primary),
            button(label(if c.restricted {
                text::UNRESTRICT
            } else {
                text::RESTRICT
            }))
            .on_press_maybe(on(Message::RestrictToggled))
            .style(button::secondary),
            button(label(text::ERASE))
                .on_press_maybe(on(Message::EraseClicked))
                .style(button::danger),
        ]
        .spacing(8);
        column![who, actions].spacing(12).into()
    }

    fn consents<'a>(&'a self, v: &'a ContactView) -> Element<'a, Message> {
        let mut col = column![parts::heading(text::CONSENTS)].spacing(10);
        for st in &v.states {
            col = col.push(self.purpose_row(st, v.contact.restricted));
        }
        container(col)
            .padding(14)
            .width(Fill)
            .style(theme::card)
            .into()
    }

    fn purpose_row<'a>(&'a self, st: &'a PurposeState, restricted: bool) -> Element<'a, Message> {
        let mut facts = row![
            label(st.purpose.as_str()).size(15).width(200),
            parts::badge(st.status)
        ]
        .spacing(10)
        .align_y(iced::Center);
        if let Some(at) = st.given_at {
            facts = facts.push(label(text::given(at)).size(13));
        }
        match (st.expires_at, st.days_left) {
            (Some(at), Some(days)) => {
                facts = facts.push(label(text::expires(at)).size(13)).push(
                    label(text::days_left(days))
                        .size(13)
                        .style(label::secondary),
                )
            }
            (Some(at), None) => facts = facts.push(label(text::expires(at)).size(13)),
            (None, _) if st.given_at.is_some() => {
                facts = facts.push(label(text::NO_EXPIRY_LONG).size(13))
            }
            _ => {}
        }
        if let Some(at) = st.withdrawn_at {
            facts = facts.push(label(text::withdrawn_on(at)).size(13));
        }
        let mut col = column![facts].spacing(6);
        if let Some(src) = &st.source {
            col = col.push(label(text::source(src)).size(12).style(label::secondary));
        }
        let enabled = !self.busy && !restricted;
        let mut actions = row![].spacing(8);
        if st.status.is_usable() {
            let withdraw = Message::WithdrawClicked(st.purpose.clone());
            actions = actions.push(
                button(label(text::WITHDRAW).size(13))
                    .style(button::secondary)
                    .on_press_maybe(enabled.then_some(withdraw)),
            );
        }
        let renew_label = if st.given_at.is_some() {
            text::RENEW
        } else {
            text::GIVE
        };
        let renew = Message::RenewClicked(st.purpose.clone());
        actions = actions.push(
            button(label(renew_label).size(13))
                .style(button::secondary)
                .on_press_maybe(enabled.then_some(renew)),
        );
        col = col.push(actions);
        if let Some(r) = self.renew.as_ref().filter(|r| r.purpose == st.purpose) {
            col = col.push(self.renewal_form(r));
        }
        col.into()
    }

    fn renewal_form<'a>(&'a self, r: &'a Renewal) -> Element<'a, Message> {
        row![
            pick_list(
                ProofKind::ALL.map(Proof),
                Some(Proof(r.kind)),
                Message::RenewKind
            )
            .width(160),
            text_input(text::PROOF_REFERENCE, &r.reference)
                .on_input(Message::RenewReference)
                .on_submit(Message::RenewSave)
                .width(Fill),
            button(label(text::SAVE)).on_press(Message::RenewSave),
            button(label(text::CANCEL))
                .style(button::secondary)
                .on_press(Message::RenewCancel),
        ]
        .spacing(8)
        .into()
    }

    fn preferences<'a>(&'a self, v: &'a ContactView) -> Element<'a, Message> {
        let p = &v.contact.preferences;
        let enabled = !self.busy && !v.contact.restricted;
        let mut channels = row![].spacing(6);
        for c in Channel::ALL {
            let chip = button(label(text::channel(c)).size(13))
                .padding([3, 10])
                .style(theme::chip(p.channels.contains(c)));
            channels =
                channels.push(chip.on_press_maybe(enabled.then_some(Message::ChannelToggled(c))));
        }
        let preset = button(label(text::DIGITAL_ONLY).size(13))
            .padding([3, 10])
            .style(button::text);
        channels = channels.push(preset.on_press_maybe(enabled.then_some(Message::DigitalOnly)));
        let mut interests = row![].spacing(6);
        for name in &self.vocabulary {
            let answer = p.interest(name);
            let chip = button(label(format!("{name}: {}", text::answer(answer))).size(13))
                .padding([3, 10])
                .style(theme::chip(answer == Answer::Yes));
            interests = interests.push(
                chip.on_press_maybe(enabled.then_some(Message::InterestCycled(name.clone()))),
            );
        }
        let language = p.language.as_deref().unwrap_or(text::NOT_SET);
        let col = column![
            parts::heading(text::PREFERENCES),
            label(text::CHANNELS).size(13).style(label::secondary),
            channels.wrap(),
            label(text::INTERESTS).size(13).style(label::secondary),
            interests.wrap(),
            row![
                label(text::LANGUAGE).size(13).style(label::secondary),
                parts::tag(language)
            ]
            .spacing(8),
        ]
        .spacing(8);
        container(col)
            .padding(14)
            .width(Fill)
            .style(theme::card)
            .into()
    }

    fn objections<'a>(&'a self, v: &'a ContactView) -> Element<'a, Message> {
        let mut col = column![parts::heading(text::OBJECTIONS)].spacing(8);
        if v.objections.is_empty() {
            col = col.push(label(text::NO_OBJECTION).size(13).style(label::secondary));
        }
        for (scope, at) in &v.objections {
            col = col.push(label(text::objected_on(scope.as_str(), *at)).size(13));
        }
        if !v.objections.iter().any(|(s, _)| *s == ObjectionScope::All) {
            let object = button(label(text::OBJECT_ALL).size(13)).style(button::secondary);
            col = col.push(object.on_press_maybe((!self.busy).then_some(Message::ObjectAll)));
        }
        container(col)
            .padding(14)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}
