//! The contact list: search as you type (unranked prefix search, off the UI thread, stale
//! answers discarded by a request counter), filter chips, and a windowed list that builds only
//! the rows on screen — iced 0.14 has no virtual list, so the rows above and below the
//! viewport are replaced by two spacers of the same height (fixed row height).

use crate::domain::{ConsentStatus, ContactId};
use crate::privacy;
use crate::store::search::{Order, Summary};
use crate::ui::db::{Db, Outcome};
use crate::ui::theme::ROW_HEIGHT;
use crate::ui::{parts, text, theme};
use iced::widget::scrollable::{AbsoluteOffset, Viewport};
use iced::widget::{
    button, column, container, operation, row, scrollable, space, text as label, text_input,
};
use iced::{Element, Fill, Task};

/// At most this many rows are fetched per search.
pub const LIMIT: usize = 5000;
/// Rows built above and below the viewport.
const OVERSCAN: usize = 4;
pub const SEARCH_ID: &str = "contacts-search";
pub const LIST_ID: &str = "contacts-list";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Filter {
    Status(ConsentStatus),
    Objected,
    Restricted,
}

pub struct State {
    db: Db,
    query: String,
    /// Counter of search requests; only the answer to the newest one is shown.
    requested: u64,
    all: Vec<Summary>,
    /// Indices into `all` that pass the filters, in list order.
    shown: Vec<usize>,
    filters: Vec<Filter>,
    offset: f32,
    height: f32,
    selected: Option<ContactId>,
    error: Option<String>,
    loaded: bool,
}

#[derive(Clone)]
pub enum Message {
    SearchChanged(String),
    Listed(u64, Outcome<Vec<Summary>>),
    FilterToggled(Filter),
    Scrolled(Viewport),
    Clicked(ContactId),
    OpenSelected,
}

pub enum Event {
    Open(ContactId),
}

impl State {
    pub fn new(db: Db) -> (Self, Task<Message>) {
        let mut state = Self {
            db,
            query: String::new(),
            requested: 0,
            all: Vec::new(),
            shown: Vec::new(),
            filters: Vec::new(),
            offset: 0.0,
            height: 1000.0,
            selected: None,
            error: None,
            loaded: false,
        };
        let task = state.refresh();
        (state, Task::batch([task, operation::focus(SEARCH_ID)]))
    }

    pub fn selected(&self) -> Option<ContactId> {
        self.selected
    }

    /// The summaries currently listed (after search and filters).
    pub fn rows(&self) -> impl Iterator<Item = &Summary> {
        self.shown.iter().filter_map(|i| self.all.get(*i))
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::SearchChanged(q) => (self.search(q), None),
            Message::Listed(n, result) => (self.listed(n, result), None),
            Message::FilterToggled(f) => (self.toggle(f), None),
            Message::Scrolled(v) => (self.scrolled(v), None),
            Message::Clicked(id) => self.click(id),
            Message::OpenSelected => (Task::none(), self.selected.map(Event::Open)),
        }
    }

    /// Re-runs the current search (after a change elsewhere).
    pub fn refresh(&mut self) -> Task<Message> {
        self.requested += 1;
        let (n, query, now) = (self.requested, self.query.clone(), chrono::Utc::now());
        let search = self
            .db
            .run(move |s| privacy::contacts::list(s, Some(&query), LIMIT, Order::Unranked, now));
        Task::perform(search, move |r| Message::Listed(n, r))
    }

    pub fn focus_search(&self) -> Task<Message> {
        Task::batch([
            operation::focus(SEARCH_ID),
            operation::select_all(SEARCH_ID),
        ])
    }

    /// Forgets a contact that was erased.
    pub fn remove(&mut self, id: ContactId) {
        self.all.retain(|s| s.id != id);
        if self.selected == Some(id) {
            self.selected = None;
        }
        self.apply_filters();
    }

    /// Moves the selection by `delta` rows and scrolls it into view.
    pub fn move_selection(&mut self, delta: i64) -> Task<Message> {
        let ids: Vec<ContactId> = self.rows().map(|s| s.id).collect();
        if ids.is_empty() {
            return Task::none();
        }
        let at = self
            .selected
            .and_then(|id| ids.iter().position(|i| *i == id));
        let next = match at {
            Some(i) => (i as i64 + delta).clamp(0, ids.len() as i64 - 1) as usize,
            None if delta < 0 => ids.len() - 1,
            None => 0,
        };
        self.selected = Some(ids[next]);
        let top = next as f32 * ROW_HEIGHT;
        let y = if top < self.offset {
            top
        } else if top + ROW_HEIGHT > self.offset + self.height {
            top + ROW_HEIGHT - self.height
        } else {
            return Task::none();
        };
        operation::scroll_to(LIST_ID, AbsoluteOffset { x: 0.0, y })
    }

    fn search(&mut self, query: String) -> Task<Message> {
        self.query = query;
        self.refresh()
    }

    fn listed(&mut self, n: u64, result: Outcome<Vec<Summary>>) -> Task<Message> {
        if n != self.requested {
            return Task::none(); // an older search answered late
        }
        self.loaded = true;
        match result {
            Ok(all) => {
                self.all = all;
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
        self.apply_filters();
        Task::none()
    }

    fn toggle(&mut self, filter: Filter) -> Task<Message> {
        match self.filters.iter().position(|f| *f == filter) {
            Some(i) => {
                self.filters.remove(i);
            }
            None => self.filters.push(filter),
        }
        self.apply_filters();
        Task::none()
    }

    fn apply_filters(&mut self) {
        let statuses: Vec<ConsentStatus> = self
            .filters
            .iter()
            .filter_map(|f| {
                if let Filter::Status(s) = f {
                    Some(*s)
                } else {
                    None
                }
            })
            .collect();
        let objected = self.filters.contains(&Filter::Objected);
        let restricted = self.filters.contains(&Filter::Restricted);
        self.shown = (0..self.all.len())
            .filter(|i| {
                let s = &self.all[*i];
                (statuses.is_empty() || statuses.contains(&s.status))
                    && (!objected || s.objected)
                    && (!restricted || s.restricted)
            })
            .collect();
    }

    fn scrolled(&mut self, viewport: Viewport) -> Task<Message> {
        self.offset = viewport.absolute_offset().y;
        self.height = viewport.bounds().height;
        Task::none()
    }

    fn click(&mut self, id: ContactId) -> (Task<Message>, Option<Event>) {
        self.selected = Some(id);
        (Task::none(), Some(Event::Open(id)))
    }

    pub fn view(&self) -> Element<'_, Message> {
        let search = text_input(text::SEARCH, &self.query)
            .id(SEARCH_ID)
            .on_input(Message::SearchChanged)
            .on_submit(Message::OpenSelected)
            .padding(10);
        let mut col = column![search, self.chips()].spacing(10);
        if let Some(e) = &self.error {
            col = col.push(
                container(label(e.as_str()))
                    .padding(8)
                    .width(Fill)
                    .style(theme::error),
            );
        }
        let count = label(text::shown(self.shown.len(), LIMIT))
            .size(12)
            .style(label::secondary);
        col = col.push(count);
        if self.loaded && self.shown.is_empty() {
            let empty = if self.query.trim().is_empty() && self.filters.is_empty() {
                text::NO_CONTACTS
            } else {
                text::NO_MATCH
            };
            col = col.push(container(label(empty).style(label::secondary)).padding(16));
        }
        col.push(self.list()).padding(12).into()
    }

    fn chips(&self) -> Element<'_, Message> {
        let mut chips = row![].spacing(6);
        let all = ConsentStatus::ALL
            .into_iter()
            .map(|s| (Filter::Status(s), text::status(s)));
        let more = [
            (Filter::Objected, text::FILTER_OBJECTED),
            (Filter::Restricted, text::FILTER_RESTRICTED),
        ];
        for (f, name) in all.chain(more) {
            let on = self.filters.contains(&f);
            chips = chips.push(
                button(label(name).size(12))
                    .padding([3, 10])
                    .style(theme::chip(on))
                    .on_press(Message::FilterToggled(f)),
            );
        }
        chips.wrap().into()
    }

    /// The windowed list: spacer, the visible rows (± overscan), spacer.
    fn list(&self) -> Element<'_, Message> {
        let n = self.shown.len();
        let first = ((self.offset / ROW_HEIGHT).floor().max(0.0) as usize)
            .saturating_sub(OVERSCAN)
            .min(n);
        let count = (self.height / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
        let last = (first + count).min(n);
        let mut rows = column![space().height(first as f32 * ROW_HEIGHT)];
        for i in &self.shown[first..last] {
            if let Some(s) = self.all.get(*i) {
                rows = rows.push(self.row(s));
            }
        }
        rows = rows.push(space().height((n - last) as f32 * ROW_HEIGHT));
        scrollable(rows.width(Fill))
            .id(LIST_ID)
            .on_scroll(Message::Scrolled)
            .height(Fill)
            .into()
    }

    fn row<'a>(&'a self, s: &'a Summary) -> Element<'a, Message> {
        let who = column![
            label(s.name.as_str()).size(15),
            label(s.organisation.as_str())
                .size(12)
                .style(label::secondary)
        ];
        let mut line = row![who.width(Fill)].spacing(8).align_y(iced::Center);
        if s.restricted {
            line = line.push(parts::tag(text::FILTER_RESTRICTED));
        }
        if s.objected {
            line = line.push(parts::tag(text::FILTER_OBJECTED));
        }
        let expiry = s
            .nearest_expiry
            .map_or_else(|| text::NO_EXPIRY.to_string(), text::date);
        line = line
            .push(parts::badge(s.status))
            .push(label(expiry).size(12).width(80));
        button(line.padding([0, 8]))
            .height(ROW_HEIGHT)
            .width(Fill)
            .padding([4, 4])
            .style(theme::row(self.selected == Some(s.id)))
            .on_press(Message::Clicked(s.id))
            .into()
    }
}
