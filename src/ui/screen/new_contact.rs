//! The "New contact" form (Ctrl+N): given and family name, organisation, email, phone and stage.
//! Validation is `privacy::contacts::create`'s; its message is shown above the form and nothing
//! typed is lost until the contact exists.

use crate::domain::{ContactDraft, ContactId, ContactPoint, PointKind, PointLabel, Stage};
use crate::privacy;
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::{self, button, pick_list};
use crate::ui::{parts, text};
use iced::widget::{column, container, row, text as label, text_input};
use iced::{Element, Fill, Task};

/// The id of the first field, focused when the form opens.
pub const GIVEN_ID: &str = "new-contact-given";

/// Which field changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Given,
    Family,
    Organisation,
    Email,
    Phone,
}

/// A stage as the picker shows it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct StageChoice(pub Stage);

impl std::fmt::Display for StageChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(text::stage(self.0))
    }
}

pub struct State {
    db: Db,
    given: String,
    family: String,
    organisation: String,
    email: String,
    phone: String,
    stage: Stage,
    error: Option<String>,
    busy: bool,
}

#[derive(Clone)]
pub enum Message {
    FieldChanged(Field, String),
    StagePicked(StageChoice),
    Save,
    Cancel,
    Saved(Outcome<ContactId>),
}

pub enum Event {
    Created(ContactId),
    Cancelled,
}

type Update = (Task<Message>, Option<Event>);

impl State {
    pub fn new(db: Db) -> (Self, Task<Message>) {
        let state = Self {
            db,
            given: String::new(),
            family: String::new(),
            organisation: String::new(),
            email: String::new(),
            phone: String::new(),
            stage: Stage::default(),
            error: None,
            busy: false,
        };
        (state, iced::widget::operation::focus(GIVEN_ID))
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn update(&mut self, message: Message) -> Update {
        match message {
            Message::FieldChanged(field, value) => self.set(field, value),
            Message::StagePicked(choice) => self.pick_stage(choice.0),
            Message::Save => self.save(),
            Message::Cancel => (Task::none(), (!self.busy).then_some(Event::Cancelled)),
            Message::Saved(result) => self.saved(result),
        }
    }

    fn set(&mut self, field: Field, value: String) -> Update {
        let slot = match field {
            Field::Given => &mut self.given,
            Field::Family => &mut self.family,
            Field::Organisation => &mut self.organisation,
            Field::Email => &mut self.email,
            Field::Phone => &mut self.phone,
        };
        *slot = value;
        (Task::none(), None)
    }

    fn pick_stage(&mut self, stage: Stage) -> Update {
        self.stage = stage;
        (Task::none(), None)
    }

    fn draft(&self) -> ContactDraft {
        let mut points = Vec::new();
        for (kind, value) in [
            (PointKind::Email, &self.email),
            (PointKind::Phone, &self.phone),
        ] {
            if !value.trim().is_empty() {
                points.push(ContactPoint::new(kind, PointLabel::Work, value.trim()));
            }
        }
        ContactDraft {
            given_name: self.given.trim().to_string(),
            family_name: self.family.trim().to_string(),
            organisation: self.organisation.trim().to_string(),
            stage: self.stage,
            points,
            ..Default::default()
        }
    }

    fn save(&mut self) -> Update {
        if self.busy {
            return (Task::none(), None);
        }
        self.busy = true;
        self.error = None;
        let (draft, now) = (self.draft(), chrono::Utc::now());
        let task = self
            .db
            .run(move |s| privacy::contacts::create(s, draft, now));
        (Task::perform(task, Message::Saved), None)
    }

    fn saved(&mut self, result: Outcome<ContactId>) -> Update {
        self.busy = false;
        match result {
            Ok(id) => (Task::none(), Some(Event::Created(id))),
            Err(e) => {
                self.error = Some(e);
                (Task::none(), None)
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let field = |hint: text::Msg, value: &str, f: Field| {
            text_input(hint.get(), value)
                .on_input(move |v| Message::FieldChanged(f, v))
                .on_submit(Message::Save)
                .width(Fill)
        };
        let mut col = column![label(text::NEW_CONTACT_TITLE).size(26)].spacing(10);
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        let stage = pick_list(
            Stage::ALL.map(StageChoice),
            Some(StageChoice(self.stage)),
            Message::StagePicked,
        );
        col = col
            .push(
                row![
                    field(text::GIVEN_NAME, &self.given, Field::Given).id(GIVEN_ID),
                    field(text::FAMILY_NAME, &self.family, Field::Family)
                ]
                .spacing(8),
            )
            .push(field(
                text::ORGANISATION,
                &self.organisation,
                Field::Organisation,
            ))
            .push(field(text::EMAIL, &self.email, Field::Email))
            .push(field(text::PHONE, &self.phone, Field::Phone))
            .push(
                row![label(text::STAGE), stage]
                    .spacing(8)
                    .align_y(iced::Center),
            )
            .push(
                row![
                    button(label(text::CREATE_CONTACT))
                        .on_press_maybe((!self.busy).then_some(Message::Save)),
                    button(label(text::CANCEL))
                        .style(button::secondary)
                        .on_press(Message::Cancel),
                ]
                .spacing(8),
            );
        // Esc cancels; Tab stays in the form while it is open.
        focus::scope(container(col).padding(20).max_width(640))
            .on_escape(Message::Cancel)
            .into()
    }
}
