//! Settings → Outcomes (issue 15): the firm's outcome vocabulary, edited like interests — add,
//! rename the label, and take one out. An outcome that logged activities use is retired, not
//! deleted (their label stays), and can be offered again; the log dialog offers only the
//! outcomes in use. Labels are vocabulary, never a note about a person.

use crate::privacy::{self, outcomes::Entry, outcomes::Taken};
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::button;
use crate::ui::{parts, text};
use iced::widget::{column, row, text as label, text_input};
use iced::{Element, Task};

/// The "new outcome" field.
pub const NEW_ID: &str = "outcome-new";

#[derive(Default)]
pub struct State {
    /// The vocabulary and the label typed for each outcome.
    entries: Vec<(Entry, String)>,
    new_label: String,
    error: Option<String>,
    /// What the last change did ("retired: 3 activities keep it").
    note: Option<String>,
}

#[derive(Clone)]
pub enum Message {
    Loaded(Outcome<Vec<Entry>>),
    NewChanged(String),
    Add,
    Label(usize, String),
    Rename(usize),
    TakeOut(usize),
    Restore(usize),
    Done(Outcome<Option<String>>),
}

impl State {
    pub fn refresh(db: &Db) -> Task<Message> {
        Task::perform(
            db.run(|s| privacy::outcomes::vocabulary(s)),
            Message::Loaded,
        )
    }

    /// The vocabulary as shown.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().map(|(e, _)| e)
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn update(&mut self, db: &Db, message: Message) -> Task<Message> {
        match message {
            Message::Loaded(result) => self.loaded(result),
            Message::NewChanged(v) => self.set_new(v),
            Message::Add => self.add(db),
            Message::Label(i, v) => self.set_label(i, v),
            Message::Rename(i) => self.rename(db, i),
            Message::TakeOut(i) => self.take_out(db, i),
            Message::Restore(i) => self.restore(db, i),
            Message::Done(result) => self.done(db, result),
        }
    }

    fn loaded(&mut self, result: Outcome<Vec<Entry>>) -> Task<Message> {
        match result {
            Ok(list) => {
                self.entries = list
                    .into_iter()
                    .map(|e| {
                        let typed = e.outcome.label.clone();
                        (e, typed)
                    })
                    .collect()
            }
            Err(e) => self.error = Some(e),
        }
        Task::none()
    }

    fn set_new(&mut self, v: String) -> Task<Message> {
        self.new_label = v;
        Task::none()
    }

    fn set_label(&mut self, i: usize, v: String) -> Task<Message> {
        if let Some((_, typed)) = self.entries.get_mut(i) {
            *typed = v;
        }
        Task::none()
    }

    fn run(
        db: &Db,
        f: impl FnOnce(&mut crate::store::Store) -> Result<Option<String>, privacy::PrivacyError>
        + Send
        + 'static,
    ) -> Task<Message> {
        Task::perform(db.run(f), Message::Done)
    }

    fn add(&mut self, db: &Db) -> Task<Message> {
        let (typed, now) = (self.new_label.trim().to_string(), chrono::Utc::now());
        Self::run(db, move |s| {
            privacy::activities::add_outcome(s, &typed, None, now).map(|_| None)
        })
    }

    fn rename(&mut self, db: &Db, i: usize) -> Task<Message> {
        let Some((e, typed)) = self.entries.get(i) else {
            return Task::none();
        };
        let (code, typed, now) = (e.outcome.code.clone(), typed.clone(), chrono::Utc::now());
        Self::run(db, move |s| {
            privacy::outcomes::rename(s, &code, &typed, now).map(|()| None)
        })
    }

    fn take_out(&mut self, db: &Db, i: usize) -> Task<Message> {
        let Some((e, _)) = self.entries.get(i) else {
            return Task::none();
        };
        let (code, uses, now) = (e.outcome.code.clone(), e.uses, chrono::Utc::now());
        Self::run(db, move |s| {
            Ok(match privacy::outcomes::take_out(s, &code, now)? {
                Taken::Deleted => None,
                Taken::Retired => Some(text::outcome_retired(uses as usize)),
            })
        })
    }

    fn restore(&mut self, db: &Db, i: usize) -> Task<Message> {
        let Some((e, _)) = self.entries.get(i) else {
            return Task::none();
        };
        let (code, now) = (e.outcome.code.clone(), chrono::Utc::now());
        Self::run(db, move |s| {
            privacy::outcomes::restore(s, &code, now).map(|()| None)
        })
    }

    /// After a change: the typed new label goes, the vocabulary is read again; a refusal keeps
    /// what was typed, with the reason.
    fn done(&mut self, db: &Db, result: Outcome<Option<String>>) -> Task<Message> {
        match result {
            Ok(note) => {
                self.error = None;
                self.note = note;
                self.new_label.clear();
                Self::refresh(db)
            }
            Err(e) => {
                self.error = Some(e);
                self.note = None;
                Task::none()
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut col = column![
            parts::heading(text::OUTCOMES_HEADING),
            label(text::OUTCOMES_HINT).size(13).style(label::secondary),
        ]
        .spacing(8);
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        if let Some(n) = &self.note {
            col = col.push(label(n.as_str()).size(13).style(label::secondary));
        }
        for (i, (e, typed)) in self.entries.iter().enumerate() {
            col = col.push(entry_row(i, e, typed));
        }
        col.push(
            row![
                text_input(&text::NEW_OUTCOME, &self.new_label)
                    .id(NEW_ID)
                    .on_input(Message::NewChanged)
                    .on_submit(Message::Add)
                    .width(300),
                button(label(text::ADD_OUTCOME)).on_press(Message::Add)
            ]
            .spacing(8),
        )
        .into()
    }
}

/// An outcome: its label (editable), Rename, then Remove (unused), Retire (in use) or Offer
/// again (retired), and how many activities use it.
fn entry_row<'a>(i: usize, e: &'a Entry, typed: &'a str) -> Element<'a, Message> {
    let mut line = row![
        text_input(&text::RENAME, typed)
            .on_input(move |v| Message::Label(i, v))
            .on_submit(Message::Rename(i))
            .width(220),
        button(label(text::RENAME).size(13)).on_press(Message::Rename(i)),
    ]
    .spacing(8)
    .align_y(iced::Center);
    line = line.push(match (e.retired, e.uses) {
        (true, _) => button(label(text::OFFER_AGAIN).size(13)).on_press(Message::Restore(i)),
        (false, 0) => button(label(text::REMOVE).size(13)).on_press(Message::TakeOut(i)),
        (false, _) => button(label(text::RETIRE).size(13)).on_press(Message::TakeOut(i)),
    });
    if e.retired {
        line = line.push(parts::tag(text::RETIRED));
    }
    line.push(
        label(text::outcome_uses(e.uses as usize))
            .size(12)
            .style(label::secondary),
    )
    .into()
}
