//! Settings → Industries (issue 15): the firm's industry vocabulary, edited like the outcomes
//! beside it — add (the code is made from the label), rename the label, and take one out. An
//! industry that organisations have is retired, not deleted (they keep it and show its label)
//! and can be offered again; the organisation form offers only the industries in use. Admin's:
//! for any other role the buttons are disabled with the reason, and `settings` refuses the
//! messages (Enter in a field) the same way.

use crate::privacy::{self, industries::Entry, industries::Taken};
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::button;
use crate::ui::{parts, permit, text};
use iced::widget::{column, row, text as label, text_input};
use iced::{Element, Task};

/// The "new industry" field.
pub const NEW_ID: &str = "industry-new";

#[derive(Default)]
pub struct State {
    /// The vocabulary and the label typed for each industry.
    entries: Vec<(Entry, String)>,
    new_label: String,
    error: Option<String>,
    /// What the last change did ("retired: 3 organisations keep it").
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

impl Message {
    /// Whether the message changes the vocabulary (the role decides).
    pub fn changes(&self) -> bool {
        matches!(
            self,
            Message::Add | Message::Rename(_) | Message::TakeOut(_) | Message::Restore(_)
        )
    }
}

impl State {
    pub fn refresh(db: &Db) -> Task<Message> {
        Task::perform(
            db.run(|s| privacy::industries::vocabulary(s)),
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

    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    pub fn update(&mut self, db: &Db, message: Message) -> Task<Message> {
        match message {
            Message::Loaded(result) => self.loaded(result),
            Message::NewChanged(v) => {
                self.new_label = v;
                Task::none()
            }
            Message::Add => self.add(db),
            Message::Label(i, v) => {
                if let Some((_, typed)) = self.entries.get_mut(i) {
                    *typed = v;
                }
                Task::none()
            }
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
                        let typed = e.label.clone();
                        (e, typed)
                    })
                    .collect()
            }
            Err(e) => self.error = Some(e),
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
            privacy::industries::add(s, None, &typed, now).map(|_| None)
        })
    }

    /// The code of entry `i` (and its use), if there is one.
    fn code(&self, i: usize) -> Option<(String, i64)> {
        self.entries.get(i).map(|(e, _)| (e.code.clone(), e.uses))
    }

    fn rename(&mut self, db: &Db, i: usize) -> Task<Message> {
        let (Some((code, _)), Some((_, typed))) = (self.code(i), self.entries.get(i)) else {
            return Task::none();
        };
        let (typed, now) = (typed.clone(), chrono::Utc::now());
        Self::run(db, move |s| {
            privacy::industries::rename(s, &code, &typed, now).map(|()| None)
        })
    }

    fn take_out(&mut self, db: &Db, i: usize) -> Task<Message> {
        let Some((code, uses)) = self.code(i) else {
            return Task::none();
        };
        let now = chrono::Utc::now();
        Self::run(db, move |s| {
            Ok(match privacy::industries::take_out(s, &code, now)? {
                Taken::Deleted => None,
                Taken::Retired => Some(text::industry_retired(uses as usize)),
            })
        })
    }

    fn restore(&mut self, db: &Db, i: usize) -> Task<Message> {
        let Some((code, _)) = self.code(i) else {
            return Task::none();
        };
        let now = chrono::Utc::now();
        Self::run(db, move |s| {
            privacy::industries::restore(s, &code, now).map(|()| None)
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

    /// `locked`: why the role refuses editing (`None`: admin).
    pub fn view(&self, locked: Option<&'static str>) -> Element<'_, Message> {
        let mut col = column![
            parts::heading(text::INDUSTRIES_HEADING),
            label(text::INDUSTRIES_HINT)
                .size(13)
                .style(label::secondary),
        ]
        .spacing(8);
        if let Some(why) = locked {
            col = col.push(label(why).size(13).style(label::secondary));
        }
        for (i, (e, typed)) in self.entries.iter().enumerate() {
            col = col.push(entry_row(i, e, typed, locked));
        }
        col = col.push(
            row![
                text_input(&text::NEW_INDUSTRY, &self.new_label)
                    .id(NEW_ID)
                    .on_input(Message::NewChanged)
                    .on_submit(Message::Add)
                    .width(300),
                permit::refused_because(
                    locked,
                    button(label(text::ADD_INDUSTRY)),
                    Some(Message::Add)
                ),
            ]
            .spacing(8),
        );
        // Below the rows, so that a note appearing does not move the buttons under the pointer.
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        if let Some(n) = &self.note {
            col = col.push(label(n.as_str()).size(13).style(label::secondary));
        }
        col.into()
    }
}

/// An industry: its label (editable), Rename, then Remove (unused), Retire (in use) or Offer
/// again (retired), and how many organisations have it.
fn entry_row<'a>(
    i: usize,
    e: &'a Entry,
    typed: &'a str,
    locked: Option<&'static str>,
) -> Element<'a, Message> {
    let (word, message) = match (e.retired, e.uses) {
        (true, _) => (text::OFFER_AGAIN, Message::Restore(i)),
        (false, 0) => (text::REMOVE, Message::TakeOut(i)),
        (false, _) => (text::RETIRE, Message::TakeOut(i)),
    };
    let mut line = row![
        text_input(&text::RENAME, typed)
            .on_input(move |v| Message::Label(i, v))
            .on_submit(Message::Rename(i))
            .width(220),
        permit::refused_because(
            locked,
            button(label(text::RENAME).size(13)),
            Some(Message::Rename(i))
        ),
        permit::refused_because(locked, button(label(word).size(13)), Some(message)),
    ]
    .spacing(8)
    .align_y(iced::Center);
    if e.retired {
        line = line.push(parts::tag(text::INDUSTRY_RETIRED_TAG));
    }
    line.push(
        label(text::industry_uses(e.uses as usize))
            .size(12)
            .style(label::secondary),
    )
    .into()
}
