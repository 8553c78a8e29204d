//! The Organisations tab (issue 15): the firm's organisations with a search by name or number,
//! and an organisation's page — its facts, its people with their title, consent badges and
//! nearest expiry (each one click, or Tab and Enter, from the contact), a page of
//! `PEOPLE_PAGE` people at a time so a firm of 500 builds only 50 rows, and its latest
//! activities. The facts are edited in place; the industry comes from the firm's vocabulary
//! (a pick list, never typed). Company data, not personal data (see `privacy::organisations`).

#[path = "organisations_page.rs"]
mod page;

use crate::domain::ContactId;
use crate::domain::organisation::{Organisation, OrganisationDraft};
use crate::privacy::organisations::{self as use_case, Listed, Page};
use crate::ui::db::{Db, Outcome};
use iced::widget::operation;
use iced::{Element, Task};

/// People shown at once on an organisation's page.
pub const PEOPLE_PAGE: usize = 50;
/// Organisations listed at most (a search narrows the rest).
pub const LIST_MAX: usize = 200;
pub const SEARCH_ID: &str = "organisations-search";
/// The name field of the edit form, focused when it opens.
pub const NAME_ID: &str = "organisation-name";

/// An industry of the firm's vocabulary as the pick list shows it (empty code: none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Industry {
    pub code: String,
    pub label: String,
}

impl std::fmt::Display for Industry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// A text field of the edit form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Number,
    Address,
    Web,
}

/// The edit form: the fields as typed.
pub struct Form {
    pub name: String,
    pub number: String,
    pub industry: Option<Industry>,
    pub address: String,
    pub web: String,
}

pub struct State {
    db: Db,
    query: String,
    /// Bumped by every search; older answers are dropped.
    generation: u64,
    list: Vec<Listed>,
    page: Option<Page>,
    /// The first person shown on the page.
    first: usize,
    industries: Vec<Industry>,
    edit: Option<Form>,
    error: Option<String>,
    busy: bool,
}

#[derive(Clone)]
pub enum Message {
    SearchChanged(String),
    Listed(u64, Outcome<Vec<Listed>>),
    OrganisationClicked(String),
    Opened(Outcome<Box<Loaded>>),
    PersonClicked(ContactId),
    PeopleFrom(usize),
    EditClicked,
    EditField(Field, String),
    IndustryPicked(Industry),
    SaveClicked,
    Saved(Outcome<Organisation>),
    CancelEdit,
}

pub enum Event {
    /// Show this contact.
    Open(ContactId),
}

type Update = (Task<Message>, Option<Event>);
/// An organisation's page and the industry vocabulary (code, label) its form picks from.
type Loaded = (Page, Vec<(String, String)>);

impl State {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            query: String::new(),
            generation: 0,
            list: Vec::new(),
            page: None,
            first: 0,
            industries: Vec::new(),
            edit: None,
            error: None,
            busy: false,
        }
    }

    /// Reads the list again (and the open page), and puts the focus in the search.
    pub fn refresh(&mut self) -> Task<Message> {
        let mut tasks = vec![self.search(self.query.clone()), operation::focus(SEARCH_ID)];
        if let Some(p) = &self.page {
            tasks.push(self.load(p.organisation.name.clone()));
        }
        Task::batch(tasks)
    }

    /// Opens the page of the organisation of that name (from a contact's organisation line).
    pub fn open(&mut self, name: String) -> Task<Message> {
        self.edit = None;
        self.first = 0;
        Task::batch([self.load(name), self.search(self.query.clone())])
    }

    pub fn list(&self) -> &[Listed] {
        &self.list
    }

    pub fn page(&self) -> Option<&Page> {
        self.page.as_ref()
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn is_editing(&self) -> bool {
        self.edit.is_some()
    }

    pub fn update(&mut self, message: Message) -> Update {
        match message {
            Message::SearchChanged(q) => (self.search(q), None),
            Message::Listed(g, result) => (self.listed(g, result), None),
            Message::OrganisationClicked(name) => (self.open(name), None),
            Message::Opened(result) => (self.opened(result), None),
            Message::PersonClicked(id) => (Task::none(), Some(Event::Open(id))),
            Message::PeopleFrom(first) => (self.people_from(first), None),
            Message::EditClicked => (self.open_edit(), None),
            Message::EditField(f, v) => (self.edit_field(f, v), None),
            Message::IndustryPicked(i) => (self.pick_industry(i), None),
            Message::SaveClicked => (self.save(), None),
            Message::Saved(result) => (self.saved(result), None),
            Message::CancelEdit => (self.cancel_edit(), None),
        }
    }

    fn search(&mut self, query: String) -> Task<Message> {
        self.query = query;
        self.generation += 1;
        let (g, q) = (self.generation, self.query.trim().to_string());
        let run = self.db.run(move |s| {
            let search = (!q.is_empty()).then_some(q.as_str());
            use_case::list(s, search)
        });
        Task::perform(run, move |r| Message::Listed(g, r))
    }

    fn listed(&mut self, g: u64, result: Outcome<Vec<Listed>>) -> Task<Message> {
        if g != self.generation {
            return Task::none(); // an older search answered late
        }
        match result {
            Ok(list) => self.list = list,
            Err(e) => self.error = Some(e),
        }
        Task::none()
    }

    fn load(&self, which: String) -> Task<Message> {
        let now = chrono::Utc::now();
        let run = self.db.run(move |s| {
            let page = use_case::page(s, &which, now)?;
            Ok(Box::new((page, use_case::industries(s)?)))
        });
        Task::perform(run, Message::Opened)
    }

    fn opened(&mut self, result: Outcome<Box<Loaded>>) -> Task<Message> {
        match result {
            Ok(loaded) => {
                let (page, industries) = *loaded;
                let same =
                    self.page.as_ref().map(|p| p.organisation.id) == Some(page.organisation.id);
                if !same {
                    self.first = 0;
                }
                self.first = self
                    .first
                    .min(page.people.len().saturating_sub(1) / PEOPLE_PAGE * PEOPLE_PAGE);
                self.industries = industries
                    .into_iter()
                    .map(|(code, label)| Industry { code, label })
                    .collect();
                self.page = Some(page);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
        Task::none()
    }

    fn people_from(&mut self, first: usize) -> Task<Message> {
        let n = self.page.as_ref().map_or(0, |p| p.people.len());
        if first < n {
            self.first = first;
        }
        Task::none()
    }

    fn open_edit(&mut self) -> Task<Message> {
        let Some(p) = &self.page else {
            return Task::none();
        };
        let o = &p.organisation;
        self.edit = Some(Form {
            name: o.name.clone(),
            number: o.org_number.clone(),
            industry: self
                .industries
                .iter()
                .find(|i| i.code == o.industry)
                .cloned()
                // A retired industry is not offered, but the firm keeps it unless one is picked.
                .or_else(|| {
                    (!o.industry.is_empty()).then(|| Industry {
                        code: o.industry.clone(),
                        label: p.industry_label.clone(),
                    })
                }),
            address: o.address.clone(),
            web: o.web.clone(),
        });
        Task::batch([operation::focus(NAME_ID), operation::select_all(NAME_ID)])
    }

    fn edit_field(&mut self, field: Field, value: String) -> Task<Message> {
        if let Some(f) = &mut self.edit {
            *match field {
                Field::Name => &mut f.name,
                Field::Number => &mut f.number,
                Field::Address => &mut f.address,
                Field::Web => &mut f.web,
            } = value;
        }
        Task::none()
    }

    fn pick_industry(&mut self, industry: Industry) -> Task<Message> {
        if let Some(f) = &mut self.edit {
            f.industry = Some(industry);
        }
        Task::none()
    }

    fn save(&mut self) -> Task<Message> {
        let (Some(f), Some(p)) = (&self.edit, &self.page) else {
            return Task::none();
        };
        if self.busy {
            return Task::none();
        }
        self.busy = true;
        let which = p.organisation.name.clone();
        let draft = OrganisationDraft {
            name: Some(f.name.clone()),
            org_number: Some(f.number.clone()),
            industry: Some(
                f.industry
                    .as_ref()
                    .map(|i| i.code.clone())
                    .unwrap_or_default(),
            ),
            address: Some(f.address.clone()),
            web: Some(f.web.clone()),
        };
        let now = chrono::Utc::now();
        let run = self.db.run(move |s| use_case::edit(s, &which, &draft, now));
        Task::perform(run, Message::Saved)
    }

    /// Saved: the form closes and the page and list are read again (the name may have moved);
    /// refused: the form stays as typed, with the reason.
    fn saved(&mut self, result: Outcome<Organisation>) -> Task<Message> {
        self.busy = false;
        match result {
            Ok(o) => {
                self.edit = None;
                self.error = None;
                Task::batch([self.load(o.name), self.search(self.query.clone())])
            }
            Err(e) => {
                self.error = Some(e);
                Task::none()
            }
        }
    }

    fn cancel_edit(&mut self) -> Task<Message> {
        self.edit = None;
        self.error = None;
        Task::none()
    }

    pub fn view(&self) -> Element<'_, Message> {
        self.screen()
    }
}
