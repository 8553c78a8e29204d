//! In-place editing of a contact's identity and contact points. The form keeps what was typed
//! until the save succeeds; validation and the audit entry belong to `privacy::contacts::rectify`,
//! which records the change as a rectification (`Edit`).

use super::{Message, State, Update};
use crate::privacy::{self, contacts::ContactView, contacts::Edit};
use crate::ui::focus::{self, button};
use crate::ui::{parts, text};
use iced::widget::{column, row, text as label, text_input};
use iced::{Element, Fill};

/// The first field, focused when the form opens.
pub const GIVEN_ID: &str = "edit-given";

/// Each field's widget id (so the form can be entered with the focus in Given name).
fn field_id(f: Field) -> &'static str {
    match f {
        Field::Given => GIVEN_ID,
        Field::Family => "edit-family",
        Field::Organisation => "edit-organisation",
        Field::Title => "edit-title",
        Field::Emails => "edit-emails",
        Field::Phones => "edit-phones",
    }
}

/// Which field of the edit form changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Given,
    Family,
    Organisation,
    Title,
    Emails,
    Phones,
}

/// What the user is typing; emails and phones are comma-separated lists.
#[derive(Clone, Default)]
pub struct Form {
    given: String,
    family: String,
    organisation: String,
    title: String,
    emails: String,
    phones: String,
}

impl Form {
    fn from_view(v: &ContactView) -> Self {
        let c = &v.contact;
        let join = |kind| {
            c.points_of(kind)
                .map(|p| p.value.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        Self {
            given: c.given_name.clone(),
            family: c.family_name.clone(),
            organisation: c.organisation.clone(),
            title: c.title.clone(),
            emails: join(crate::domain::PointKind::Email),
            phones: join(crate::domain::PointKind::Phone),
        }
    }

    fn set(&mut self, field: Field, value: String) {
        let slot = match field {
            Field::Given => &mut self.given,
            Field::Family => &mut self.family,
            Field::Organisation => &mut self.organisation,
            Field::Title => &mut self.title,
            Field::Emails => &mut self.emails,
            Field::Phones => &mut self.phones,
        };
        *slot = value;
    }

    fn to_edit(&self) -> Edit {
        Edit {
            given_name: Some(self.given.clone()),
            family_name: Some(self.family.clone()),
            organisation: Some(self.organisation.clone()),
            title: Some(self.title.clone()),
            emails: Some(parts::split_list(&self.emails)),
            phones: Some(parts::split_list(&self.phones)),
            ..Edit::default()
        }
    }
}

impl State {
    pub(super) fn open_edit(&mut self) -> Update {
        self.edit = self.view.as_ref().map(Form::from_view);
        self.error = None;
        (iced::widget::operation::focus(GIVEN_ID), None)
    }

    pub(super) fn edit_field(&mut self, field: Field, value: String) -> Update {
        if let Some(form) = &mut self.edit {
            form.set(field, value);
        }
        (iced::Task::none(), None)
    }

    pub(super) fn cancel_edit(&mut self) -> Update {
        self.edit = None;
        self.error = None;
        (iced::Task::none(), None)
    }

    /// Saves the form; on failure the form stays open with everything typed.
    pub(super) fn save_edit(&mut self) -> Update {
        let Some(form) = &self.edit else {
            return (iced::Task::none(), None);
        };
        let (id, now, edit) = (self.id, chrono::Utc::now(), form.to_edit());
        self.busy = true;
        self.error = None;
        let task = self
            .db
            .run(move |s| privacy::contacts::rectify(s, id, &edit, now).map(|_| ()));
        (iced::Task::perform(task, Message::EditSaved), None)
    }

    pub(super) fn edit_saved(&mut self, result: crate::ui::db::Outcome<()>) -> Update {
        if result.is_ok() {
            self.edit = None;
        }
        self.changed(result)
    }

    pub(super) fn edit_form<'a>(&'a self, form: &'a Form) -> Element<'a, Message> {
        // Labels above the fields: once a field holds a value its placeholder is gone.
        let field = |name: &'a str, hint: &'a str, value: &'a str, f: Field| {
            column![
                label(name).size(12).style(label::secondary),
                text_input(hint, value)
                    .id(field_id(f))
                    .on_input(move |v| Message::EditField(f, v))
                    .on_submit(Message::EditSave)
            ]
            .spacing(2)
            .width(Fill)
        };
        let on = |m: Message| (!self.busy).then_some(m);
        let form = column![
            row![
                field(text::GIVEN_NAME.get(), "", &form.given, Field::Given),
                field(text::FAMILY_NAME.get(), "", &form.family, Field::Family)
            ]
            .spacing(8),
            row![
                field(
                    text::ORGANISATION.get(),
                    "",
                    &form.organisation,
                    Field::Organisation
                ),
                field(
                    text::JOB_TITLE.get(),
                    text::JOB_TITLE_HINT.get(),
                    &form.title,
                    Field::Title
                )
            ]
            .spacing(8),
            field(
                text::EMAILS.get(),
                text::EMAILS_HINT.get(),
                &form.emails,
                Field::Emails
            ),
            field(
                text::PHONES.get(),
                text::PHONES_HINT.get(),
                &form.phones,
                Field::Phones
            ),
            row![
                button(label(text::SAVE_CHANGES)).on_press_maybe(on(Message::EditSave)),
                button(label(text::CANCEL))
                    .style(button::secondary)
                    .on_press(Message::EditCancel),
            ]
            .spacing(8),
        ]
        .spacing(8);
        // Esc cancels the edit; Tab stays in the form while it is open.
        focus::scope(form).on_escape(Message::EditCancel).into()
    }
}
