//! The Today screen, the first one after unlock (issue 15): follow-ups due today or overdue and
//! consents ending within 14 days, each line one click from its contact; done, snooze (to
//! tomorrow) and cancel are one click each on a follow-up.

use crate::domain::ContactId;
use crate::privacy::activities::Step;
use crate::privacy::today::{self, Today};
use crate::team::access::Action;
use crate::ui::db::{Db, Outcome};
use crate::ui::{focus, parts, permit, text, theme};
use iced::widget::{button, column, container, row, scrollable, text as label};
use iced::{Element, Fill, Task};

pub struct State {
    db: Db,
    today: Option<Today>,
    error: Option<String>,
}

#[derive(Clone)]
pub enum Message {
    Loaded(Outcome<Today>),
    OpenClicked(ContactId),
    DoneClicked(i64),
    SnoozeClicked(i64),
    CancelClicked(i64),
    Stepped(Outcome<()>),
}

pub enum Event {
    /// Show this contact.
    Open(ContactId),
}

impl State {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            today: None,
            error: None,
        }
    }

    /// Reads today's list again (when the tab is shown, after a step).
    pub fn refresh(&self) -> Task<Message> {
        let load = self.db.run(|s| today::today(s, chrono::Utc::now()));
        Task::perform(load, Message::Loaded)
    }

    pub fn today(&self) -> Option<&Today> {
        self.today.as_ref()
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Loaded(result) => (self.loaded(result), None),
            Message::OpenClicked(id) => (Task::none(), Some(Event::Open(id))),
            Message::DoneClicked(n) => (self.step(n, Step::Done), None),
            Message::SnoozeClicked(n) => (self.step(n, Step::Snooze(1)), None),
            Message::CancelClicked(n) => (self.step(n, Step::Cancel), None),
            Message::Stepped(result) => (self.stepped(result), None),
        }
    }

    fn loaded(&mut self, result: Outcome<Today>) -> Task<Message> {
        match result {
            Ok(t) => {
                self.today = Some(t);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
        Task::none()
    }

    fn step(&mut self, n: i64, step: Step) -> Task<Message> {
        if !permit::allowed(&self.db, Action::FollowUp) {
            return Task::none();
        }
        let run = self.db.run(move |s| {
            crate::privacy::activities::step(s, n, step, chrono::Utc::now()).map(|_| ())
        });
        Task::perform(run, Message::Stepped)
    }

    fn stepped(&mut self, result: Outcome<()>) -> Task<Message> {
        match result {
            Ok(()) => self.refresh(),
            Err(e) => {
                self.error = Some(e);
                self.refresh()
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut col = column![parts::heading(text::TODAY_TITLE)].spacing(10);
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        let Some(t) = &self.today else {
            return col.padding(20).into();
        };
        col = col.push(label(text::follow_ups_due(t.follow_ups_total)).size(16));
        for f in &t.follow_ups {
            let mut line = row![
                button(label(f.name.as_str()))
                    .style(button::text)
                    .on_press(Message::OpenClicked(f.contact)),
                label(f.organisation.as_str())
                    .style(label::secondary)
                    .width(Fill),
                label(text::activity_kind(f.kind)).size(13),
                label(text::date(f.due_on)).size(13),
            ]
            .spacing(10)
            .align_y(iced::Center);
            if f.overdue {
                line = line.push(parts::tag(text::OVERDUE));
            }
            let may = |b, m| permit::button(&self.db, Action::FollowUp, b, Some(m));
            line = line
                .push(may(
                    focus::button(label(text::FOLLOW_UP_DONE).size(13)).style(button::primary),
                    Message::DoneClicked(f.follow_up),
                ))
                .push(may(
                    focus::button(label(text::FOLLOW_UP_SNOOZE).size(13)).style(button::secondary),
                    Message::SnoozeClicked(f.follow_up),
                ))
                .push(may(
                    focus::button(label(text::FOLLOW_UP_CANCEL).size(13)).style(button::text),
                    Message::CancelClicked(f.follow_up),
                ));
            col = col.push(container(line).padding([4, 10]).style(theme::card));
        }
        col = col.push(label(text::consents_ending(t.consents_expiring.len())).size(16));
        for e in &t.consents_expiring {
            col = col.push(
                container(
                    row![
                        button(label(e.name.as_str()))
                            .style(button::text)
                            .on_press(Message::OpenClicked(e.contact)),
                        label(e.purpose.as_str()).width(Fill),
                        label(text::date(e.expires_at)).size(13),
                    ]
                    .spacing(10)
                    .align_y(iced::Center),
                )
                .padding([4, 10])
                .style(theme::card),
            );
        }
        if t.follow_ups.is_empty() && t.consents_expiring.is_empty() {
            col = col.push(label(text::NOTHING_TODAY).style(label::secondary));
        }
        scrollable(col.padding(20)).height(Fill).into()
    }
}
