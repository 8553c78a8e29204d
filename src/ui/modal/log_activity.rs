//! The log-activity dialog (issue 15): what kind of contact, its day, an outcome from the firm's
//! vocabulary, an optional follow-up (day and kind), what was learned as a structured preference
//! (digital only) and a consent given in the conversation (purpose and proof kind). Nothing here
//! takes free text: the only typed fields are days, read as YYYY-MM-DD or refused.

use crate::domain::activity::{Kind, Outcome};
use crate::domain::{ConsentSource, ContactId, PrefAssignment};
use crate::privacy::activities::{self, Log, Logged};
use crate::ui::db::{Db, Outcome as Done};
use crate::ui::{parts, text, theme};
use chrono::{NaiveDate, TimeZone, Utc};
use iced::widget::{
    button, checkbox, column, container, pick_list, row, text as label, text_input,
};
use iced::{Element, Task};

/// A kind in a pick list.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct KindChoice(pub Kind);

impl std::fmt::Display for KindChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.label())
    }
}

/// An outcome of the vocabulary in a pick list (shown by its label).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct OutcomeChoice(pub Outcome);

impl std::fmt::Display for OutcomeChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.label)
    }
}

/// A proof kind in a pick list.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ProofChoice(pub &'static str, pub &'static str);

impl std::fmt::Display for ProofChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.1)
    }
}

pub const PROOFS: [ProofChoice; 4] = [
    ProofChoice("verbal", "Verbal (in this conversation)"),
    ProofChoice("signed-form", "Signed form"),
    ProofChoice("email-reply", "Email reply"),
    ProofChoice("web-form", "Web form"),
];

pub struct State {
    db: Db,
    id: ContactId,
    name: String,
    outcomes: Vec<OutcomeChoice>,
    purposes: Vec<String>,
    pub kind: Option<KindChoice>,
    pub outcome: Option<OutcomeChoice>,
    pub day: String,
    pub follow_up: String,
    pub follow_up_kind: Option<KindChoice>,
    pub digital_only: bool,
    pub consent: Option<String>,
    pub proof: Option<ProofChoice>,
    busy: bool,
    error: Option<String>,
}

#[derive(Clone)]
pub enum Message {
    Loaded(Done<(Vec<Outcome>, Vec<String>)>),
    KindPicked(KindChoice),
    OutcomePicked(OutcomeChoice),
    DayChanged(String),
    FollowUpChanged(String),
    FollowUpKindPicked(KindChoice),
    DigitalOnlyToggled(bool),
    ConsentPicked(String),
    ProofPicked(ProofChoice),
    Save,
    Cancel,
    Saved(Done<Logged>),
}

pub enum Event {
    Logged(ContactId),
    Cancelled,
}

/// Placeholders of the two day fields (the UI tests find the fields by them).
pub const DAY_HINT: &str = "Day (YYYY-MM-DD)";
pub const FOLLOW_UP_HINT: &str = "Follow-up day (YYYY-MM-DD), optional";

fn day(text: &str) -> Option<crate::domain::Instant> {
    let d = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    Some(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?))
}

impl State {
    pub fn new(db: Db, id: ContactId, name: String) -> (Self, Task<Message>) {
        let load = db.run(|s| {
            let purposes = crate::privacy::consent::purposes(s)?
                .into_iter()
                .filter(|p| p.legal_basis == crate::domain::LegalBasis::Consent)
                .map(|p| p.name)
                .collect();
            Ok((activities::outcomes(s)?, purposes))
        });
        let state = Self {
            db,
            id,
            name,
            outcomes: Vec::new(),
            purposes: Vec::new(),
            kind: Some(KindChoice(Kind::Call)),
            outcome: None,
            day: Utc::now().format("%Y-%m-%d").to_string(),
            follow_up: String::new(),
            follow_up_kind: None,
            digital_only: false,
            consent: None,
            proof: None,
            busy: false,
            error: None,
        };
        (state, Task::perform(load, Message::Loaded))
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Loaded(result) => (self.loaded(result), None),
            Message::KindPicked(k) => (self.set(|s| s.kind = Some(k)), None),
            Message::OutcomePicked(o) => (self.set(|s| s.outcome = Some(o)), None),
            Message::DayChanged(t) => (self.set(|s| s.day = t), None),
            Message::FollowUpChanged(t) => (self.set(|s| s.follow_up = t), None),
            Message::FollowUpKindPicked(k) => (self.set(|s| s.follow_up_kind = Some(k)), None),
            Message::DigitalOnlyToggled(on) => (self.set(|s| s.digital_only = on), None),
            Message::ConsentPicked(p) => (self.set(|s| s.consent = Some(p)), None),
            Message::ProofPicked(p) => (self.set(|s| s.proof = Some(p)), None),
            Message::Save => (self.save(), None),
            Message::Cancel => (Task::none(), Some(Event::Cancelled)),
            Message::Saved(result) => self.saved(result),
        }
    }

    fn set(&mut self, f: impl FnOnce(&mut Self)) -> Task<Message> {
        f(self);
        Task::none()
    }

    fn loaded(&mut self, result: Done<(Vec<Outcome>, Vec<String>)>) -> Task<Message> {
        match result {
            Ok((outcomes, purposes)) => {
                self.outcomes = outcomes.into_iter().map(OutcomeChoice).collect();
                self.purposes = purposes;
            }
            Err(e) => self.error = Some(e),
        }
        Task::none()
    }

    /// The log the dialog describes, or the sentence saying what to fix.
    fn log(&self) -> Result<Log, &'static str> {
        let kind = self.kind.ok_or(text::PICK_KIND)?.0;
        let outcome = self
            .outcome
            .as_ref()
            .ok_or(text::PICK_OUTCOME)?
            .0
            .code
            .clone();
        let on = day(&self.day).ok_or(text::BAD_DAY)?;
        let follow_up = match self.follow_up.trim() {
            "" => None,
            t => Some((
                day(t).ok_or(text::BAD_DAY)?,
                self.follow_up_kind.map(|k| k.0),
            )),
        };
        let consent = match (&self.consent, self.proof) {
            (Some(purpose), Some(proof)) => Some(crate::privacy::consent::Given {
                purpose: purpose.clone(),
                source: ConsentSource::parse(proof.0),
                given_at: Some(on),
                expires_at: None,
                wording_version: None,
            }),
            (Some(_), None) => return Err(text::PICK_PROOF.get()),
            _ => None,
        };
        let mut preferences = Vec::new();
        if self.digital_only {
            preferences
                .push(PrefAssignment::parse("channels=digital-only").map_err(|_| text::BAD_DAY)?);
        }
        Ok(Log {
            people: vec![self.id],
            kind,
            outcome,
            on: Some(on),
            purpose: None,
            organisation: None,
            follow_up,
            preferences,
            consent,
        })
    }

    fn save(&mut self) -> Task<Message> {
        let log = match self.log() {
            Ok(l) => l,
            Err(e) => {
                self.error = Some(e.into());
                return Task::none();
            }
        };
        self.busy = true;
        self.error = None;
        let run = self.db.run(move |s| activities::log(s, &log, Utc::now()));
        Task::perform(run, Message::Saved)
    }

    fn saved(&mut self, result: Done<Logged>) -> (Task<Message>, Option<Event>) {
        self.busy = false;
        match result {
            Ok(_) => (Task::none(), Some(Event::Logged(self.id))),
            Err(e) => {
                self.error = Some(e);
                (Task::none(), None)
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let kinds = Kind::ALL.map(KindChoice);
        let mut col =
            column![label(format!("{}: {}", text::LOG_ACTIVITY, self.name)).size(22)].spacing(10);
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        col = col
            .push(
                row![
                    pick_list(kinds, self.kind, Message::KindPicked),
                    text_input(DAY_HINT, &self.day)
                        .on_input(Message::DayChanged)
                        .width(180),
                ]
                .spacing(8),
            )
            .push(
                row![
                    label(text::OUTCOME),
                    pick_list(
                        self.outcomes.clone(),
                        self.outcome.clone(),
                        Message::OutcomePicked
                    )
                    .placeholder(text::PICK_OUTCOME),
                ]
                .spacing(8)
                .align_y(iced::Center),
            )
            .push(
                row![
                    text_input(FOLLOW_UP_HINT, &self.follow_up)
                        .on_input(Message::FollowUpChanged)
                        .width(300),
                    pick_list(kinds, self.follow_up_kind, Message::FollowUpKindPicked)
                        .placeholder(text::FOLLOW_UP_KIND),
                ]
                .spacing(8),
            )
            .push(
                checkbox(self.digital_only)
                    .label(text::LEARNED_DIGITAL_ONLY)
                    .on_toggle(Message::DigitalOnlyToggled),
            )
            .push(
                row![
                    pick_list(
                        self.purposes.clone(),
                        self.consent.clone(),
                        Message::ConsentPicked
                    )
                    .placeholder(text::CONSENT_GIVEN_FOR),
                    pick_list(PROOFS, self.proof, Message::ProofPicked).placeholder(text::PROOF),
                ]
                .spacing(8),
            )
            .push(
                row![
                    button(label(text::SAVE_ACTIVITY))
                        .on_press_maybe((!self.busy).then_some(Message::Save)),
                    button(label(text::CANCEL))
                        .style(button::secondary)
                        .on_press(Message::Cancel),
                ]
                .spacing(8),
            );
        container(col)
            .padding(24)
            .max_width(640)
            .style(theme::card)
            .into()
    }
}
