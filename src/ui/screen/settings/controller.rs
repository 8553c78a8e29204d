//! The Controller section of Settings (issue 14): who is responsible for the data (name, org
//! number, address, email, DPO, representative) and who receives it (recipients and processors
//! with role, country, the safeguard of a transfer and the purposes served), add and remove.
//! Saving goes through `privacy::record`, the same use-cases as `rapport controller set` and
//! `rapport recipient add/remove` (one transaction each, audited as a setting), off the UI thread.

use crate::domain::controller::{
    self as rules, Controller, Recipient, RecipientError, Role, Safeguard,
};
use crate::privacy::{self, record};
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::{button, pick_list, ring};
use crate::ui::{parts, permit, text};
use iced::widget::{checkbox, column, row, text as label, text_input};
use iced::{Element, Fill, Task};

/// A role as the picker shows it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RoleChoice(pub Role);

impl std::fmt::Display for RoleChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(text::recipient_role(self.0))
    }
}

/// A safeguard as the picker shows it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SafeguardChoice(pub Safeguard);

impl std::fmt::Display for SafeguardChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(text::safeguard(self.0))
    }
}

/// The controller's fields, in the order the screen shows them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Field {
    Name,
    OrgNumber,
    Address,
    Email,
    DpoName,
    DpoEmail,
    Representative,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Name,
        Field::OrgNumber,
        Field::Address,
        Field::Email,
        Field::DpoName,
        Field::DpoEmail,
        Field::Representative,
    ];

    fn label(self) -> text::Msg {
        match self {
            Field::Name => text::CONTROLLER_NAME,
            Field::OrgNumber => text::CONTROLLER_ORG_NUMBER,
            Field::Address => text::CONTROLLER_ADDRESS,
            Field::Email => text::CONTROLLER_EMAIL,
            Field::DpoName => text::CONTROLLER_DPO_NAME,
            Field::DpoEmail => text::CONTROLLER_DPO_EMAIL,
            Field::Representative => text::CONTROLLER_REPRESENTATIVE,
        }
    }

    /// The hint inside the empty field (the name stays above it once a value is typed).
    pub fn hint(self) -> text::Msg {
        match self {
            Field::Name => text::CONTROLLER_NAME_HINT,
            Field::OrgNumber => text::CONTROLLER_ORG_NUMBER_HINT,
            Field::Address => text::CONTROLLER_ADDRESS_HINT,
            Field::Email => text::CONTROLLER_EMAIL_HINT,
            Field::DpoName => text::CONTROLLER_DPO_NAME_HINT,
            Field::DpoEmail => text::CONTROLLER_DPO_EMAIL_HINT,
            Field::Representative => text::CONTROLLER_REPRESENTATIVE_HINT,
        }
    }

    fn of(self, c: &mut Controller) -> &mut String {
        match self {
            Field::Name => &mut c.name,
            Field::OrgNumber => &mut c.org_number,
            Field::Address => &mut c.address,
            Field::Email => &mut c.email,
            Field::DpoName => &mut c.dpo_name,
            Field::DpoEmail => &mut c.dpo_email,
            Field::Representative => &mut c.representative,
        }
    }
}

/// The recipient being typed; nothing is stored until Add.
#[derive(Clone, Default)]
struct NewRecipient {
    name: String,
    role: Option<Role>,
    country: String,
    safeguard: Option<Safeguard>,
    purposes: Vec<String>,
}

#[derive(Default)]
pub struct State {
    /// What was typed (loaded from the store, kept until saved).
    controller: Controller,
    recipients: Vec<Recipient>,
    /// The purpose names a recipient can serve.
    purposes: Vec<String>,
    new: NewRecipient,
    error: Option<String>,
    saved: Option<text::Msg>,
}

type Loaded = (Controller, Vec<Recipient>, Vec<String>);

#[derive(Clone)]
pub enum Message {
    Loaded(Outcome<Box<Loaded>>),
    Edit(Field, String),
    Save,
    RecipientName(String),
    RecipientRole(RoleChoice),
    RecipientCountry(String),
    RecipientSafeguard(SafeguardChoice),
    RecipientPurpose(String, bool),
    RecipientAdd,
    RecipientRemove(String),
    /// A save finished; `true` when it added a recipient (the typed one is then cleared).
    Saved(Outcome<bool>),
}

impl State {
    pub fn refresh(db: &Db) -> Task<Message> {
        let load = db.run(|s| {
            let purposes = privacy::consent::purposes(s)?
                .into_iter()
                .map(|p| p.name)
                .collect();
            Ok(Box::new((
                record::controller(s)?,
                record::recipients(s)?,
                purposes,
            )))
        });
        Task::perform(load, Message::Loaded)
    }

    pub fn update(&mut self, db: &Db, message: Message) -> Task<Message> {
        match message {
            Message::Loaded(Ok(l)) => {
                (self.controller, self.recipients, self.purposes) = *l;
                let known = &self.purposes;
                self.new.purposes.retain(|p| known.contains(p));
            }
            Message::Loaded(Err(e)) => self.error = Some(e),
            Message::Edit(f, v) => *f.of(&mut self.controller) = v,
            Message::Save => {
                let (c, now) = (self.controller.clone(), chrono::Utc::now());
                return self.run(db, move |s| {
                    record::set_controller(s, &c, now).map(|_| false)
                });
            }
            Message::RecipientName(v) => self.new.name = v,
            Message::RecipientRole(r) => self.new.role = Some(r.0),
            Message::RecipientCountry(v) => self.new.country = v,
            Message::RecipientSafeguard(g) => self.new.safeguard = Some(g.0),
            Message::RecipientPurpose(p, on) => {
                self.new.purposes.retain(|x| *x != p);
                if on {
                    self.new.purposes.push(p);
                }
            }
            Message::RecipientAdd => return self.add(db),
            Message::RecipientRemove(name) => {
                let now = chrono::Utc::now();
                return self.run(db, move |s| {
                    record::remove_recipient(s, &name, now).map(|_| false)
                });
            }
            Message::Saved(Ok(added)) => {
                self.saved = Some(text::SETTINGS_SAVED);
                if added {
                    self.new = NewRecipient::default();
                }
                return Self::refresh(db);
            }
            Message::Saved(Err(e)) => self.error = Some(e),
        }
        Task::none()
    }

    fn run(
        &mut self,
        db: &Db,
        f: impl FnOnce(&mut crate::store::Store) -> Result<bool, privacy::PrivacyError> + Send + 'static,
    ) -> Task<Message> {
        self.error = None;
        self.saved = None;
        Task::perform(db.run(f), Message::Saved)
    }

    /// Checks the typed recipient here first so that the sentence is the screen's own (the
    /// use-case's mentions the CLI's flags), then adds it through the use-case.
    fn add(&mut self, db: &Db) -> Task<Message> {
        let Some(role) = self.new.role else {
            self.error = Some(text::RECIPIENT_CHOOSE_ROLE.to_string());
            return Task::none();
        };
        let r = Recipient {
            id: 0,
            name: self.new.name.trim().to_string(),
            role,
            country: rules::country_code(&self.new.country).unwrap_or(self.new.country.clone()),
            safeguard: self.new.safeguard,
            purposes: self.new.purposes.clone(),
        };
        if let Err(e) = rules::validate(&r) {
            self.error = Some(
                match e {
                    RecipientError::Country => text::RECIPIENT_BAD_COUNTRY,
                    RecipientError::NoSafeguard => text::RECIPIENT_NEEDS_SAFEGUARD,
                    RecipientError::Name => text::RECIPIENT_BAD_NAME,
                }
                .to_string(),
            );
            return Task::none();
        }
        let now = chrono::Utc::now();
        self.run(db, move |s| record::add_recipient(s, &r, now).map(|_| true))
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// `locked`: why the role may not change the record (its buttons are then disabled).
    pub fn view(&self, locked: Option<&'static str>) -> Element<'_, Message> {
        let mut col = column![
            parts::heading(text::CONTROLLER_HEADING),
            label(text::CONTROLLER_HINT)
                .size(13)
                .style(label::secondary)
        ]
        .spacing(8);
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        if let Some(s) = self.saved {
            col = col.push(label(s).style(label::secondary));
        }
        let mut c = self.controller.clone();
        for f in Field::ALL {
            let value = f.of(&mut c).clone();
            col = col.push(
                column![
                    label(f.label()).size(12).style(label::secondary),
                    text_input(&f.hint(), &value)
                        .on_input(move |v| Message::Edit(f, v))
                        .on_submit(Message::Save)
                        .width(Fill)
                ]
                .spacing(2),
            );
        }
        let save = button(label(text::SAVE_CONTROLLER).size(13));
        col = col.push(permit::refused_because(locked, save, Some(Message::Save)));
        col = col.push(parts::heading(text::RECIPIENTS_HEADING));
        if self.recipients.is_empty() {
            col = col.push(
                label(text::RECIPIENTS_NONE)
                    .size(13)
                    .style(label::secondary),
            );
        }
        for r in &self.recipients {
            col = col.push(recipient_row(r, locked));
        }
        col.push(self.new_recipient(locked)).into()
    }

    fn new_recipient(&self, locked: Option<&'static str>) -> Element<'_, Message> {
        let n = &self.new;
        let mut purposes = row![].spacing(12);
        for p in &self.purposes {
            let name = p.clone();
            purposes = purposes.push(ring(
                checkbox(n.purposes.contains(p))
                    .label(p.as_str())
                    .size(14)
                    .on_toggle(move |on| Message::RecipientPurpose(name.clone(), on)),
            ));
        }
        column![
            label(text::NEW_RECIPIENT).size(15),
            row![
                text_input(&text::RECIPIENT_NAME, &n.name)
                    .on_input(Message::RecipientName)
                    .on_submit(Message::RecipientAdd)
                    .width(Fill),
                pick_list(Role::ALL.map(RoleChoice), n.role.map(RoleChoice), |r| {
                    Message::RecipientRole(r)
                })
                .placeholder(text::RECIPIENT_ROLE)
                .width(260),
            ]
            .spacing(8)
            .align_y(iced::Center),
            row![
                text_input(&text::RECIPIENT_COUNTRY, &n.country)
                    .on_input(Message::RecipientCountry)
                    .on_submit(Message::RecipientAdd)
                    .width(260),
                pick_list(
                    Safeguard::ALL.map(SafeguardChoice),
                    n.safeguard.map(SafeguardChoice),
                    Message::RecipientSafeguard
                )
                .placeholder(text::RECIPIENT_SAFEGUARD)
                .width(Fill),
            ]
            .spacing(8)
            .align_y(iced::Center),
            label(text::RECIPIENT_PURPOSES)
                .size(12)
                .style(label::secondary),
            purposes.wrap(),
            permit::refused_because(
                locked,
                button(label(text::ADD_RECIPIENT).size(13)),
                Some(Message::RecipientAdd)
            ),
        ]
        .spacing(8)
        .into()
    }
}

/// A stored recipient: name, role, country, the transfer's safeguard, purposes, Remove.
fn recipient_row<'a>(r: &'a Recipient, locked: Option<&'static str>) -> Element<'a, Message> {
    let mut facts = format!("{} · {}", text::recipient_role(r.role), r.country);
    if let Some(g) = r.safeguard.filter(|_| r.is_transfer()) {
        facts = format!("{facts} · {}: {}", text::TRANSFER, text::safeguard(g));
    }
    let purposes = if r.purposes.is_empty() {
        text::EVERY_PURPOSE.to_string()
    } else {
        r.purposes.join(", ")
    };
    row![
        label(r.name.as_str()).width(200),
        column![
            label(facts).size(13),
            label(purposes).size(12).style(label::secondary)
        ]
        .width(Fill),
        permit::refused_because(
            locked,
            button(label(text::REMOVE).size(13)),
            Some(Message::RecipientRemove(r.name.clone()))
        ),
    ]
    .spacing(8)
    .align_y(iced::Center)
    .into()
}
