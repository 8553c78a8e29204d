//! Settings: the processing purposes (name, description, legal basis, retention months, data
//! categories, consent validity, marketing), the interest vocabulary (add, rename the label,
//! remove when unanswered), the exports folder, the theme and the app's language. Rules and validation live in
//! `privacy::settings` / `privacy::contacts`; this screen keeps what was typed until it is saved.
//! The controller and its recipients are a section of their own (`controller`), and so are
//! the passphrase, second factor and idle lock (`security`).

pub mod controller;
pub mod industries;
pub mod outcomes;
pub mod security;
pub mod team;

use crate::domain::purpose::DataCategory;
use crate::domain::{LegalBasis, Purpose, PurposeId, RetentionRule};
use crate::i18n;
use crate::privacy::{self, settings as rules};
use crate::store::purposes::Interest;
use crate::team::access::Action;
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::{button, pick_list, ring};
use crate::ui::{parts, permit, text, theme};
use iced::widget::{checkbox, column, container, row, scrollable, text as label, text_input};
use iced::{Element, Fill, Task};
use std::path::PathBuf;

/// The app's theme choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .unwrap_or_default()
    }
}

impl std::fmt::Display for ThemeChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(text::theme_name(self.as_str()))
    }
}

/// The app's language as the picker shows it (each language by its own name).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LanguageChoice(pub i18n::Choice);

impl LanguageChoice {
    pub const ALL: [LanguageChoice; 3] = [
        LanguageChoice(i18n::Choice::ALL[0]),
        LanguageChoice(i18n::Choice::ALL[1]),
        LanguageChoice(i18n::Choice::ALL[2]),
    ];
}

impl std::fmt::Display for LanguageChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(text::language_choice(self.0))
    }
}

/// A legal basis as the picker shows it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Basis(pub LegalBasis);

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(text::basis(self.0))
    }
}

/// The data categories a purpose can name, in the order the screen shows them.
const CATEGORIES: [DataCategory; 5] = [
    DataCategory::Identity,
    DataCategory::ContactDetails,
    DataCategory::PostalAddress,
    DataCategory::Preferences,
    DataCategory::Interests,
];

/// One purpose being edited; `months` empty means "while the consent lasts", `consent_months`
/// empty "until withdrawn".
#[derive(Clone)]
struct PurposeForm {
    original: Purpose,
    name: String,
    description: String,
    /// `None` until chosen: a new purpose claims no basis of its own accord.
    basis: Option<LegalBasis>,
    months: String,
    categories: Vec<DataCategory>,
    consent_months: String,
    marketing: bool,
}

impl PurposeForm {
    fn from(p: Purpose) -> Self {
        let months = match p.retention {
            RetentionRule::AfterLastActivity { months } => months.to_string(),
            RetentionRule::UntilConsentEnds => String::new(),
        };
        Self {
            name: p.name.clone(),
            description: p.description.clone(),
            basis: Some(p.legal_basis),
            marketing: p.marketing,
            months,
            categories: p.categories.clone(),
            consent_months: p.consent_months.map(|m| m.to_string()).unwrap_or_default(),
            original: p,
        }
    }

    /// The row for a new purpose: everything empty (the fields show hints), no basis chosen.
    /// It used to copy the first seed purpose and clear only the name, so a purpose added by
    /// typing a name claimed another purpose's description, basis and data categories — text
    /// that goes into access reports.
    fn blank() -> Self {
        Self {
            basis: None,
            ..Self::from(empty_purpose())
        }
    }

    fn is_new(&self) -> bool {
        self.original.id.0 == 0
    }

    /// The purpose to save, or the sentence saying why the months are not a number.
    fn purpose(&self) -> Result<Purpose, String> {
        let retention = match self.months.trim() {
            "" => RetentionRule::UntilConsentEnds,
            m => RetentionRule::AfterLastActivity {
                months: m
                    .parse()
                    .map_err(|_| text::MONTHS_NOT_A_NUMBER.to_string())?,
            },
        };
        let consent_months = match self.consent_months.trim() {
            "" => None,
            m => Some(
                m.parse()
                    .map_err(|_| text::CONSENT_MONTHS_NOT_A_NUMBER.to_string())?,
            ),
        };
        let legal_basis = self.basis.ok_or_else(|| text::CHOOSE_BASIS.to_string())?;
        Ok(Purpose {
            name: self.name.clone(),
            description: self.description.clone(),
            legal_basis,
            marketing: self.marketing,
            retention,
            categories: self.categories.clone(),
            consent_months,
            ..self.original.clone()
        })
    }
}

/// A purpose with nothing filled in (id 0: not stored yet).
fn empty_purpose() -> Purpose {
    Purpose {
        id: PurposeId(0),
        name: String::new(),
        description: String::new(),
        legal_basis: LegalBasis::Consent,
        marketing: false,
        retention: RetentionRule::UntilConsentEnds,
        categories: Vec::new(),
        consent_months: None,
    }
}

pub struct State {
    db: Db,
    purposes: Vec<PurposeForm>,
    /// The vocabulary and the label typed for each interest.
    interests: Vec<(Interest, String)>,
    new_interest: String,
    export_dir: String,
    theme: ThemeChoice,
    language: LanguageChoice,
    error: Option<String>,
    saved: Option<text::Msg>,
    controller: controller::State,
    team: team::State,
    outcomes: outcomes::State,
    industries: industries::State,
    security: security::State,
}

/// What the store holds: purposes, interests, exports folder, theme, language.
type Loaded = (
    Vec<Purpose>,
    Vec<Interest>,
    Option<String>,
    Option<String>,
    Option<String>,
);

#[derive(Clone)]
pub enum Message {
    Refresh,
    Loaded(Outcome<Box<Loaded>>),
    PurposeName(usize, String),
    PurposeBasis(usize, Basis),
    PurposeMonths(usize, String),
    PurposeMarketing(usize, bool),
    PurposeDescription(usize, String),
    PurposeCategory(usize, DataCategory, bool),
    PurposeConsentMonths(usize, String),
    PurposeSave(usize),
    InterestChanged(String),
    InterestAdd,
    InterestLabel(usize, String),
    InterestRename(usize),
    InterestRemove(usize),
    ExportDirChanged(String),
    ExportDirSave,
    ThemePicked(ThemeChoice),
    LanguagePicked(LanguageChoice),
    Saved(Outcome<()>),
    Controller(controller::Message),
    Team(team::Message),
    Outcomes(outcomes::Message),
    Industries(industries::Message),
    Security(security::Message),
}

impl Message {
    /// The role-checked action this message performs (issue 13); Enter in a field is refused
    /// like the disabled button beside it.
    fn action(&self) -> Option<Action> {
        use controller::Message as C;
        use outcomes::Message as O;
        match self {
            Message::PurposeSave(_) => Some(Action::Purposes),
            Message::InterestAdd | Message::InterestRename(_) | Message::InterestRemove(_) => {
                Some(Action::Interests)
            }
            Message::Controller(C::Save | C::RecipientAdd | C::RecipientRemove(_)) => {
                Some(Action::RecordOfProcessing)
            }
            Message::Outcomes(O::Add | O::Rename(_) | O::TakeOut(_) | O::Restore(_)) => {
                Some(Action::Outcomes)
            }
            // The industry vocabulary is the firm's settings (team::access), admin's.
            Message::Industries(m) if m.changes() => Some(Action::Settings),
            _ => None,
        }
    }
}

/// The idle minutes a settings message says are now in force (the app's idle clock follows).
pub fn idle_minutes_saved(m: &Message) -> Option<u32> {
    match m {
        Message::Security(m) => security::idle_minutes_saved(m),
        _ => None,
    }
}

pub enum Event {
    /// The settings to apply: the theme, the language, and the exports folder when one is
    /// stored (and the environment does not choose it).
    Apply {
        export_dir: Option<PathBuf>,
        theme: ThemeChoice,
        language: i18n::Choice,
    },
    /// Settings → Team changed the store's team.
    Team(team::Event),
}

type Update = (Task<Message>, Option<Event>);

impl State {
    pub fn new(db: Db, export_dir: &std::path::Path) -> Self {
        Self {
            db,
            purposes: Vec::new(),
            interests: Vec::new(),
            new_interest: String::new(),
            export_dir: export_dir.display().to_string(),
            theme: ThemeChoice::System,
            language: LanguageChoice::default(),
            error: None,
            saved: None,
            controller: controller::State::default(),
            team: team::State::new(),
            outcomes: outcomes::State::default(),
            industries: industries::State::default(),
            security: security::State::default(),
        }
    }

    pub fn refresh(&self) -> Task<Message> {
        let load = self.db.run(|s| {
            Ok(Box::new((
                privacy::consent::purposes(s)?,
                rules::interests(s)?,
                rules::get(s, rules::EXPORTS_DIR)?,
                rules::get(s, rules::THEME)?,
                rules::get(s, rules::LANGUAGE)?,
            )))
        });
        Task::batch([
            Task::perform(load, Message::Loaded),
            controller::State::refresh(&self.db).map(Message::Controller),
            team::State::refresh(&self.db).map(Message::Team),
            outcomes::State::refresh(&self.db).map(Message::Outcomes),
            industries::State::refresh(&self.db).map(Message::Industries),
            security::State::refresh(&self.db).map(Message::Security),
        ])
    }

    pub fn update(&mut self, message: Message) -> Update {
        if !message
            .action()
            .is_none_or(|a| permit::allowed(&self.db, a))
        {
            return (Task::none(), None);
        }
        match message {
            Message::Refresh => (self.refresh(), None),
            Message::Loaded(result) => self.loaded(result),
            Message::PurposeName(i, v) => self.edit_purpose(i, |p| p.name = v),
            Message::PurposeBasis(i, b) => self.edit_purpose(i, |p| p.basis = Some(b.0)),
            Message::PurposeMonths(i, v) => self.edit_purpose(i, |p| p.months = v),
            Message::PurposeMarketing(i, m) => self.edit_purpose(i, |p| p.marketing = m),
            Message::PurposeDescription(i, v) => self.edit_purpose(i, |p| p.description = v),
            Message::PurposeCategory(i, c, on) => self.edit_purpose(i, |p| p.toggle(c, on)),
            Message::PurposeConsentMonths(i, v) => self.edit_purpose(i, |p| p.consent_months = v),
            Message::PurposeSave(i) => self.save_purpose(i),
            Message::InterestChanged(v) => self.set_interest(v),
            Message::InterestAdd => self.add_interest(),
            Message::InterestLabel(i, v) => self.edit_label(i, v),
            Message::InterestRename(i) => self.rename_interest(i),
            Message::InterestRemove(i) => self.remove_interest(i),
            Message::ExportDirChanged(v) => self.set_export_dir(v),
            Message::ExportDirSave => self.save_export_dir(),
            Message::ThemePicked(t) => self.pick_theme(t),
            Message::LanguagePicked(l) => self.pick_language(l),
            Message::Saved(result) => self.saved(result),
            Message::Controller(m) => (
                self.controller.update(&self.db, m).map(Message::Controller),
                None,
            ),
            Message::Team(m) => {
                let (task, event) = self.team.update(&self.db, m);
                (task.map(Message::Team), event.map(Event::Team))
            }
            Message::Outcomes(m) => (
                self.outcomes.update(&self.db, m).map(Message::Outcomes),
                None,
            ),
            Message::Industries(m) => (
                self.industries.update(&self.db, m).map(Message::Industries),
                None,
            ),
            Message::Security(m) => (
                self.security.update(&self.db, m).0.map(Message::Security),
                None,
            ),
        }
    }

    /// Applies what the store holds (the environment's exports folder wins when set).
    fn loaded(&mut self, result: Outcome<Box<Loaded>>) -> Update {
        let (purposes, interests, dir, theme, language) = match result {
            Ok(l) => *l,
            Err(e) => {
                self.error = Some(e);
                return (Task::none(), None);
            }
        };
        self.purposes = purposes.into_iter().map(PurposeForm::from).collect();
        self.purposes.push(PurposeForm::blank());
        self.interests = interests
            .into_iter()
            .map(|i| {
                let label = i.label.clone();
                (i, label)
            })
            .collect();
        self.theme = ThemeChoice::parse(theme.as_deref().unwrap_or("system"));
        let language = language.as_deref().and_then(i18n::Choice::parse);
        self.language = LanguageChoice(language.unwrap_or_default());
        let dir = dir.filter(|_| !crate::ui::files::export_dir_from_env());
        if let Some(d) = &dir {
            self.export_dir = d.clone();
        }
        let apply = Event::Apply {
            export_dir: dir.map(PathBuf::from),
            theme: self.theme,
            language: self.language.0,
        };
        (Task::none(), Some(apply))
    }

    fn edit_purpose(&mut self, i: usize, f: impl FnOnce(&mut PurposeForm)) -> Update {
        if let Some(p) = self.purposes.get_mut(i) {
            f(p);
        }
        (Task::none(), None)
    }

    fn run(
        &mut self,
        f: impl FnOnce(&mut crate::store::Store) -> Result<(), privacy::PrivacyError> + Send + 'static,
    ) -> Update {
        self.error = None;
        self.saved = None;
        (Task::perform(self.db.run(f), Message::Saved), None)
    }

    fn save_purpose(&mut self, i: usize) -> Update {
        let Some(form) = self.purposes.get(i) else {
            return (Task::none(), None);
        };
        match form.purpose() {
            Ok(p) => {
                let now = chrono::Utc::now();
                self.run(move |s| rules::save_purpose(s, &p, now).map(|_| ()))
            }
            Err(e) => {
                self.error = Some(e);
                (Task::none(), None)
            }
        }
    }

    fn set_interest(&mut self, v: String) -> Update {
        self.new_interest = v;
        (Task::none(), None)
    }

    fn add_interest(&mut self) -> Update {
        let (name, now) = (self.new_interest.trim().to_string(), chrono::Utc::now());
        self.run(move |s| privacy::contacts::add_interest(s, &name, now))
    }

    fn edit_label(&mut self, i: usize, v: String) -> Update {
        if let Some((_, label)) = self.interests.get_mut(i) {
            *label = v;
        }
        (Task::none(), None)
    }

    fn rename_interest(&mut self, i: usize) -> Update {
        let Some((interest, label)) = self.interests.get(i) else {
            return (Task::none(), None);
        };
        let (name, label, now) = (interest.name.clone(), label.clone(), chrono::Utc::now());
        self.run(move |s| rules::rename_interest(s, &name, &label, now))
    }

    fn remove_interest(&mut self, i: usize) -> Update {
        let Some((interest, _)) = self.interests.get(i) else {
            return (Task::none(), None);
        };
        let (name, now) = (interest.name.clone(), chrono::Utc::now());
        self.run(move |s| rules::remove_interest(s, &name, now))
    }

    fn set_export_dir(&mut self, v: String) -> Update {
        self.export_dir = v;
        (Task::none(), None)
    }

    fn save_export_dir(&mut self) -> Update {
        let (dir, now) = (PathBuf::from(self.export_dir.trim()), chrono::Utc::now());
        self.run(move |s| rules::set_exports_dir(s, &dir, now).map(|_| ()))
    }

    fn pick_theme(&mut self, t: ThemeChoice) -> Update {
        self.theme = t;
        let now = chrono::Utc::now();
        let (task, _) = self.run(move |s| rules::set_theme(s, t.as_str(), now));
        let apply = Event::Apply {
            export_dir: None,
            theme: t,
            language: self.language.0,
        };
        (task, Some(apply))
    }

    fn pick_language(&mut self, l: LanguageChoice) -> Update {
        self.language = l;
        let now = chrono::Utc::now();
        let (task, _) = self.run(move |s| rules::set_language(s, l.0.as_str(), now));
        let apply = Event::Apply {
            export_dir: None,
            theme: self.theme,
            language: l.0,
        };
        (task, Some(apply))
    }

    /// After a save: clear the typed interest and reload (the reload reports the folder).
    fn saved(&mut self, result: Outcome<()>) -> Update {
        match result {
            Ok(()) => {
                self.saved = Some(text::SETTINGS_SAVED);
                self.new_interest.clear();
                (self.refresh(), None)
            }
            Err(e) => {
                self.error = Some(e);
                (Task::none(), None)
            }
        }
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The Outcomes section (issue 15).
    pub fn outcomes(&self) -> &outcomes::State {
        &self.outcomes
    }

    /// The Industries section (issue 15).
    pub fn industries(&self) -> &industries::State {
        &self.industries
    }

    /// The Security section.
    pub fn security(&self) -> &security::State {
        &self.security
    }

    /// The Controller section (its own error, if any).
    pub fn controller(&self) -> &controller::State {
        &self.controller
    }

    /// The Team section.
    pub fn team(&self) -> &team::State {
        &self.team
    }

    /// The user left Settings: a one-time invitation code on show is dropped.
    pub fn leave(&mut self) {
        self.team.forget_code();
    }

    /// Re-reads the Team section (after a round changed the team).
    pub fn refresh_team(&self) -> Task<Message> {
        team::State::refresh(&self.db).map(Message::Team)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut col = column![parts::heading(text::TAB_SETTINGS)].spacing(16);
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        if let Some(s) = self.saved {
            col = col.push(label(s).style(label::secondary));
        }
        let mut purposes = column![
            parts::heading(text::PURPOSES),
            label(text::PURPOSES_HINT).size(13).style(label::secondary)
        ]
        .spacing(8);
        if let Some(note) = permit::note(&self.db, Action::Purposes) {
            purposes = purposes.push(note);
        }
        for (i, p) in self.purposes.iter().enumerate() {
            purposes = purposes.push(purpose_row(&self.db, i, p));
        }
        let mut vocabulary = column![].spacing(6);
        for (i, (interest, typed)) in self.interests.iter().enumerate() {
            vocabulary = vocabulary.push(interest_row(&self.db, i, interest, typed));
        }
        let interests = column![
            parts::heading(text::INTERESTS),
            permit::note(&self.db, Action::Interests).unwrap_or_else(|| column![].into()),
            vocabulary,
            row![
                text_input(&text::NEW_INTEREST, &self.new_interest)
                    .on_input(Message::InterestChanged)
                    .on_submit(Message::InterestAdd)
                    .width(300),
                permit::button(
                    &self.db,
                    Action::Interests,
                    button(label(text::ADD)),
                    Some(Message::InterestAdd)
                )
            ]
            .spacing(8)
        ]
        .spacing(8);
        let exports = column![
            parts::heading(text::EXPORTS_FOLDER),
            row![
                text_input(&text::EXPORTS_FOLDER, &self.export_dir)
                    .on_input(Message::ExportDirChanged)
                    .on_submit(Message::ExportDirSave)
                    .width(Fill),
                button(label(text::SAVE_FOLDER)).on_press(Message::ExportDirSave)
            ]
            .spacing(8)
        ]
        .spacing(8);
        let themes = row![
            label(text::THEME),
            pick_list(ThemeChoice::ALL, Some(self.theme), Message::ThemePicked)
        ]
        .spacing(8)
        .align_y(iced::Center);
        let languages = row![
            label(text::APP_LANGUAGE),
            pick_list(
                LanguageChoice::ALL,
                Some(self.language),
                Message::LanguagePicked
            )
        ]
        .spacing(8)
        .align_y(iced::Center);
        col = col.push(purposes);
        for part in [
            interests.into(),
            exports.into(),
            themes.into(),
            languages.into(),
            self.outcomes.view().map(Message::Outcomes),
            self.industries
                .view(permit::reason(&self.db, Action::Settings))
                .map(Message::Industries),
            self.controller
                .view(permit::reason(&self.db, Action::RecordOfProcessing))
                .map(Message::Controller),
            self.team.view(&self.db).map(Message::Team),
            self.security.view().map(Message::Security),
        ] {
            col = col.push(card(part));
        }
        scrollable(col.padding(20)).height(Fill).into()
    }
}

impl PurposeForm {
    fn toggle(&mut self, c: DataCategory, on: bool) {
        self.categories.retain(|x| *x != c);
        if on {
            self.categories.push(c);
        }
    }
}

/// An interest: its name, the label (editable), how many answered it, Rename and Remove.
fn interest_row<'a>(
    db: &Db,
    i: usize,
    interest: &'a Interest,
    typed: &'a str,
) -> Element<'a, Message> {
    let may = |b, m| permit::button(db, Action::Interests, b, Some(m));
    row![
        label(interest.name.as_str()).width(120),
        text_input(&text::RENAME, typed)
            .on_input(move |v| Message::InterestLabel(i, v))
            .on_submit(Message::InterestRename(i))
            .width(200),
        may(
            button(label(text::RENAME).size(13)),
            Message::InterestRename(i)
        ),
        may(
            button(label(text::REMOVE).size(13)),
            Message::InterestRemove(i)
        ),
        label(text::interest_answers(interest.answers))
            .size(12)
            .style(label::secondary),
    ]
    .spacing(8)
    .align_y(iced::Center)
    .into()
}

/// One purpose as a card of its own: name and basis, description, the two periods with their
/// labels above them (beside the description the consent label was cut to "Consen"), marketing,
/// data categories, and Save (or Add for the new one).
fn purpose_row<'a>(db: &Db, i: usize, p: &'a PurposeForm) -> Element<'a, Message> {
    let save = if p.is_new() {
        text::ADD_PURPOSE
    } else {
        text::SAVE
    };
    let mut categories = row![].spacing(12);
    for c in CATEGORIES {
        categories = categories.push(ring(
            checkbox(p.categories.contains(&c))
                .label(text::category(c))
                .size(14)
                .on_toggle(move |on| Message::PurposeCategory(i, c, on)),
        ));
    }
    let periods = row![
        labelled(
            text::RETENTION_LABEL,
            text_input(&text::RETENTION_HINT, &p.months)
                .on_input(move |v| Message::PurposeMonths(i, v))
                .on_submit(Message::PurposeSave(i))
                .width(250)
        ),
        labelled(
            text::CONSENT_MONTHS,
            text_input(&text::CONSENT_MONTHS_HINT, &p.consent_months)
                .on_input(move |v| Message::PurposeConsentMonths(i, v))
                .on_submit(Message::PurposeSave(i))
                .width(250)
        ),
        ring(
            checkbox(p.marketing)
                .label(text::MARKETING)
                .on_toggle(move |m| Message::PurposeMarketing(i, m))
        ),
    ]
    .spacing(16)
    .align_y(iced::Bottom);
    let mut col = column![].spacing(10);
    if p.is_new() {
        col = col.push(label(text::NEW_PURPOSE).size(15));
    }
    col = col
        .push(purpose_main_row(i, p))
        .push(
            text_input(&text::PURPOSE_DESCRIPTION, &p.description)
                .on_input(move |v| Message::PurposeDescription(i, v))
                .on_submit(Message::PurposeSave(i))
                .width(Fill),
        )
        .push(periods)
        .push(categories.wrap())
        .push(permit::button(
            db,
            Action::Purposes,
            button(label(save).size(13)),
            Some(Message::PurposeSave(i)),
        ));
    container(col)
        .padding(14)
        .width(Fill)
        .style(theme::card)
        .into()
}

/// A field with its name above it: once the field holds a value its hint is gone.
fn labelled<'a>(name: text::Msg, field: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    column![label(name).size(12).style(label::secondary), field.into()]
        .spacing(2)
        .into()
}

fn purpose_main_row(i: usize, p: &PurposeForm) -> Element<'_, Message> {
    row![
        text_input(&text::PURPOSE_NAME, &p.name)
            .on_input(move |v| Message::PurposeName(i, v))
            .on_submit(Message::PurposeSave(i))
            .width(Fill),
        pick_list(LegalBasis::ALL.map(Basis), p.basis.map(Basis), move |b| {
            Message::PurposeBasis(i, b)
        })
        .placeholder(text::CHOOSE_BASIS_HINT)
        .width(360),
    ]
    .spacing(8)
    .align_y(iced::Center)
    .into()
}

fn card<'a>(content: Element<'a, Message>) -> Element<'a, Message> {
    container(content)
        .padding(14)
        .width(Fill)
        .style(theme::card)
        .into()
}
