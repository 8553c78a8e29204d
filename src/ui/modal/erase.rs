//! The erasure confirmation: lists what will be erased (counts per kind) and that a tombstone
//! stays; confirming runs `privacy::erasure::erase` off the UI thread.

use crate::domain::ContactId;
use crate::privacy::{self, erasure::Reason};
use crate::store::erasure::Holdings;
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::button;
use crate::ui::{text, theme};
use iced::widget::{column, container, row, text as label};
use iced::{Element, Task};

/// The Cancel button, focused when the modal opens (Enter on an erase dialog must not erase).
pub const CANCEL_ID: &str = "erase-cancel";

pub struct State {
    db: Db,
    id: ContactId,
    name: String,
    holdings: Holdings,
    busy: bool,
    error: Option<String>,
}

#[derive(Clone)]
pub enum Message {
    Confirm,
    Cancel,
    Erased(Outcome<()>),
}

pub enum Event {
    Erased(ContactId),
    Cancelled,
}

impl State {
    pub fn new(db: Db, id: ContactId, name: String, holdings: Holdings) -> Self {
        Self {
            db,
            id,
            name,
            holdings,
            busy: false,
            error: None,
        }
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Confirm => (self.confirm(), None),
            Message::Cancel => (Task::none(), (!self.busy).then_some(Event::Cancelled)),
            Message::Erased(result) => self.erased(result),
        }
    }

    fn confirm(&mut self) -> Task<Message> {
        if self.busy {
            return Task::none();
        }
        self.busy = true;
        let (id, now) = (self.id, chrono::Utc::now());
        Task::perform(
            self.db.run(move |s| {
                // An open erasure request of this person is answered (and closed) by it.
                let request = privacy::requests::answerable(
                    s,
                    id,
                    crate::domain::request::Outcome::Erased,
                    now,
                )?;
                let reason = match request {
                    Some(_) => Reason::SubjectRequest,
                    None => Reason::UserDecision,
                };
                privacy::erasure::erase_answering(s, id, reason, request, now).map(|_| ())
            }),
            Message::Erased,
        )
    }

    fn erased(&mut self, result: Outcome<()>) -> (Task<Message>, Option<Event>) {
        self.busy = false;
        match result {
            Ok(()) => (Task::none(), Some(Event::Erased(self.id))),
            Err(e) => {
                self.error = Some(e);
                (Task::none(), None)
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let h = &self.holdings;
        let counts = [
            h.emails,
            h.phones,
            h.addresses,
            h.web,
            h.consents,
            h.objections,
            h.interests,
        ];
        let kinds = text::HOLDING_KINDS.into_iter().zip(counts).chain(
            text::HOLDING_KINDS_EVERYDAY
                .into_iter()
                .zip([h.activities, h.follow_ups]),
        );
        let mut list = column![
            label(text::erase_title(&self.name)).size(22),
            label(text::ERASE_INTRO)
        ]
        .spacing(10);
        list = list.push(label(text::holding(text::IDENTITY_RECORD, 1)));
        for (kind, n) in kinds.filter(|(_, n)| *n > 0) {
            list = list.push(label(text::holding(kind, n)));
        }
        list = list.push(
            container(label(text::ERASE_TOMBSTONE).size(13))
                .padding(8)
                .style(theme::tag),
        );
        if let Some(e) = &self.error {
            list = list.push(container(label(e.as_str())).padding(8).style(theme::error));
        }
        let confirm = button(label(if self.busy {
            text::ERASING
        } else {
            text::ERASE_CONFIRM
        }))
        .style(button::danger)
        .on_press_maybe((!self.busy).then_some(Message::Confirm));
        let cancel = button(label(text::CANCEL))
            .id(CANCEL_ID)
            .style(button::secondary)
            .on_press_maybe((!self.busy).then_some(Message::Cancel));
        let body = list.push(row![cancel, confirm].spacing(10));
        container(body)
            .padding(24)
            .max_width(520)
            .style(theme::card)
            .into()
    }
}
