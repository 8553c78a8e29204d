//! The contact list: search as you type and filter chips over every contact, fetched a page at
//! a time off the UI thread (`privacy::contacts::page`), and a windowed list that builds only
//! the rows on screen — iced 0.14 has no virtual list, so the rows above and below the viewport
//! are two spacers of the same height (fixed row height). With no search and no chips the list
//! is every contact: its length comes from the counter (so the scrollbar is right at 100k) and
//! pages are fetched by index as the window reaches them; with a search or chips the matches
//! load in order as the window nears the end of what is loaded. Answers carry a generation:
//! those to an older search or filter are dropped.

use crate::domain::{ConsentStatus, ContactId};
use crate::privacy::contacts::{self as use_case, ListFilter, ListPage};
use crate::store::search::Summary;
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::button;
use crate::ui::theme::ROW_HEIGHT;
use crate::ui::{parts, text, theme, timings};
use iced::widget::scrollable::{AbsoluteOffset, Viewport};
use iced::widget::{
    column, container, operation, row, scrollable, space, text as label, text_input,
};
use iced::{Element, Fill, Task};
use std::collections::{BTreeMap, BTreeSet};

/// Rows per fetch: a few screens, and a first answer well within a frame's budget.
pub const PAGE: usize = 50;
/// Rows built above and below the viewport.
const OVERSCAN: usize = 4;
/// Pages kept in memory around the window when scrolling through every contact.
const KEEP_PAGES: usize = 40;
pub const SEARCH_ID: &str = "contacts-search";
pub const LIST_ID: &str = "contacts-list";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Filter {
    Status(ConsentStatus),
    Objected,
    Restricted,
}

/// What the list holds.
enum Rows {
    /// No search, no chips: `total` contacts in name order, pages of `PAGE` by page index.
    Paged {
        total: usize,
        pages: BTreeMap<usize, Vec<Summary>>,
    },
    /// A search or chips: the matches so far, and where the next fetch goes on (`None`: all).
    Matches {
        rows: Vec<Summary>,
        next: Option<usize>,
    },
}

impl Rows {
    fn len(&self) -> usize {
        match self {
            Rows::Paged { total, .. } => *total,
            Rows::Matches { rows, .. } => rows.len(),
        }
    }

    fn get(&self, i: usize) -> Option<&Summary> {
        match self {
            Rows::Paged { pages, .. } => pages.get(&(i / PAGE)).and_then(|p| p.get(i % PAGE)),
            Rows::Matches { rows, .. } => rows.get(i),
        }
    }
}

pub struct State {
    db: Db,
    query: String,
    filters: Vec<Filter>,
    /// Bumped by every new search, filter or refresh; older answers are dropped.
    generation: u64,
    /// No answer to the current generation yet: the rows shown are the previous ones.
    fresh: bool,
    rows: Rows,
    /// Fetches in flight (their start positions) for the current generation.
    pending: BTreeSet<usize>,
    offset: f32,
    height: f32,
    selected: Option<ContactId>,
    /// Position of the selection in the list (its row may not be loaded yet).
    cursor: Option<usize>,
    error: Option<String>,
    loaded: bool,
    /// When the current search was typed, for `RAPPORT_TIMINGS` (see `ui::timings`).
    typed_at: Option<std::time::Instant>,
    /// An answer to a typed search that the next view shows.
    answer_shown: std::cell::Cell<Option<std::time::Instant>>,
}

#[derive(Clone)]
pub enum Message {
    SearchChanged(String),
    Listed(u64, usize, Outcome<ListPage>),
    FilterToggled(Filter),
    Scrolled(Viewport),
    Clicked(usize, ContactId),
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
            filters: Vec::new(),
            generation: 0,
            fresh: true,
            rows: Rows::Matches {
                rows: Vec::new(),
                next: None,
            },
            pending: BTreeSet::new(),
            offset: 0.0,
            height: 1000.0,
            selected: None,
            cursor: None,
            error: None,
            loaded: false,
            typed_at: None,
            answer_shown: Default::default(),
        };
        let task = state.refresh();
        (state, Task::batch([task, operation::focus(SEARCH_ID)]))
    }

    pub fn selected(&self) -> Option<ContactId> {
        self.selected
    }

    /// The summaries loaded, in list order (with no search, only the pages fetched so far).
    pub fn rows(&self) -> impl Iterator<Item = &Summary> {
        let (paged, matches) = match &self.rows {
            Rows::Paged { pages, .. } => (Some(pages.values().flatten()), None),
            Rows::Matches { rows, .. } => (None, Some(rows.iter())),
        };
        paged
            .into_iter()
            .flatten()
            .chain(matches.into_iter().flatten())
    }

    /// Number of rows in the list (every contact when nothing is searched or filtered).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.len() == 0
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::SearchChanged(q) => (self.search(q), None),
            Message::Listed(g, from, result) => (self.listed(g, from, result), None),
            Message::FilterToggled(f) => (self.toggle(f), None),
            Message::Scrolled(v) => (self.scrolled(v), None),
            Message::Clicked(i, id) => self.click(i, id),
            Message::OpenSelected => (Task::none(), self.selected.map(Event::Open)),
        }
    }

    fn filter(&self) -> ListFilter {
        ListFilter {
            text: self.query.clone(),
            statuses: self
                .filters
                .iter()
                .filter_map(|f| match f {
                    Filter::Status(s) => Some(*s),
                    _ => None,
                })
                .collect(),
            objected: self.filters.contains(&Filter::Objected),
            restricted: self.filters.contains(&Filter::Restricted),
        }
    }

    /// Re-reads the list around the current position (after a change elsewhere); the rows
    /// shown stay until the answer arrives.
    pub fn refresh(&mut self) -> Task<Message> {
        let keep = match &self.rows {
            Rows::Matches { rows, .. } => rows.len(),
            Rows::Paged { .. } => 0,
        };
        self.reload(keep)
    }

    /// Asks for the rows around the window (for matches: the first `keep`, at least a screen).
    fn reload(&mut self, keep: usize) -> Task<Message> {
        self.generation += 1;
        self.fresh = true;
        self.pending.clear();
        let (from, limit) = if self.filter().is_all() {
            let (first, last) = self.window(usize::MAX);
            let first_page = first / PAGE;
            (first_page * PAGE, (last / PAGE + 1 - first_page) * PAGE)
        } else {
            // A screenful first, so the answer to a keystroke comes fast; the rest follows.
            let screen = self.window(usize::MAX).1.max(1);
            (0, keep.clamp(screen, 10 * PAGE))
        };
        self.fetch(from, limit)
    }

    /// A new search or filter: back to the top.
    fn restart(&mut self) -> Task<Message> {
        self.offset = 0.0;
        self.cursor = None;
        let top = operation::scroll_to(LIST_ID, AbsoluteOffset { x: 0.0, y: 0.0 });
        Task::batch([self.reload(0), top])
    }

    fn fetch(&mut self, from: usize, limit: usize) -> Task<Message> {
        self.pending.insert(from);
        let (g, filter, now) = (self.generation, self.filter(), chrono::Utc::now());
        let page = self.db.run(move |s| {
            let began = std::time::Instant::now();
            let page = use_case::page(s, from, limit, &filter, now);
            timings::since("list_page", began);
            page
        });
        Task::perform(page, move |r| Message::Listed(g, from, r))
    }

    pub fn focus_search(&self) -> Task<Message> {
        Task::batch([
            operation::focus(SEARCH_ID),
            operation::select_all(SEARCH_ID),
        ])
    }

    /// Forgets a contact that was erased (a refresh follows and re-reads the positions).
    pub fn remove(&mut self, id: ContactId) {
        match &mut self.rows {
            Rows::Paged { pages, .. } => pages.values_mut().for_each(|p| p.retain(|s| s.id != id)),
            Rows::Matches { rows, .. } => rows.retain(|s| s.id != id),
        }
        if self.selected == Some(id) {
            self.selected = None;
            self.cursor = None;
        }
    }

    /// Moves the selection by `delta` rows (saturating at both ends, so `i64::MAX` is End),
    /// scrolls it into view and fetches its page if it is not loaded yet.
    pub fn move_selection(&mut self, delta: i64) -> Task<Message> {
        let n = self.rows.len();
        if n == 0 {
            return Task::none();
        }
        // With no selection, Down starts above the first row and Up below the last.
        let at = match self.cursor.filter(|i| *i < n) {
            Some(i) => i as i64,
            None if delta < 0 => n as i64,
            None => -1,
        };
        let next = at.saturating_add(delta).clamp(0, n as i64 - 1) as usize;
        self.cursor = Some(next);
        self.selected = self.rows.get(next).map(|s| s.id);
        let top = next as f32 * ROW_HEIGHT;
        let y = if top < self.offset {
            top
        } else if top + ROW_HEIGHT > self.offset + self.height {
            top + ROW_HEIGHT - self.height
        } else {
            return self.fetch_window();
        };
        // The scrollable reports the new offset later; the window follows it from now on.
        self.offset = y;
        let scroll = operation::scroll_to(LIST_ID, AbsoluteOffset { x: 0.0, y });
        Task::batch([scroll, self.fetch_window()])
    }

    fn search(&mut self, query: String) -> Task<Message> {
        self.query = query;
        self.typed_at = timings::enabled().then(std::time::Instant::now);
        self.restart()
    }

    fn listed(&mut self, g: u64, from: usize, result: Outcome<ListPage>) -> Task<Message> {
        if g != self.generation {
            return Task::none(); // an older search answered late
        }
        self.pending.remove(&from);
        self.loaded = true;
        let page = match result {
            Ok(page) => page,
            Err(e) => {
                self.error = Some(e);
                return Task::none();
            }
        };
        self.error = None;
        let fresh = std::mem::take(&mut self.fresh);
        if fresh && let Some(typed) = self.typed_at.take() {
            timings::since("search_answer", typed);
            self.answer_shown.set(Some(typed));
        }
        if fresh {
            self.rows = match page.total {
                Some(total) => Rows::Paged {
                    total,
                    pages: BTreeMap::new(),
                },
                None => Rows::Matches {
                    rows: Vec::new(),
                    next: Some(from),
                },
            };
        }
        match &mut self.rows {
            Rows::Paged { total, pages } => {
                *total = page.total.unwrap_or(*total);
                for (k, chunk) in page.rows.chunks(PAGE).enumerate() {
                    pages.insert(from / PAGE + k, chunk.to_vec());
                }
            }
            Rows::Matches { rows, next } if *next == Some(from) => {
                rows.extend(page.rows);
                *next = page.next;
            }
            Rows::Matches { .. } => {}
        }
        self.forget_far_pages();
        if let Some(i) = self.cursor {
            self.selected = self.rows.get(i).map(|s| s.id).or(self.selected);
        }
        self.fetch_window()
    }

    /// Keeps memory flat while scrolling through 100k contacts: pages far from the window go.
    fn forget_far_pages(&mut self) {
        let (first, _) = self.window(usize::MAX);
        let Rows::Paged { pages, .. } = &mut self.rows else {
            return;
        };
        let here = first / PAGE;
        if pages.len() > KEEP_PAGES {
            pages.retain(|k, _| k.abs_diff(here) <= KEEP_PAGES / 2);
        }
    }

    /// Fetches what the window needs and is neither loaded nor on its way.
    fn fetch_window(&mut self) -> Task<Message> {
        if self.fresh {
            return Task::none();
        }
        let (first, last) = self.window(usize::MAX);
        let mut tasks = Vec::new();
        match &self.rows {
            Rows::Paged { total, pages } => {
                let wanted: Vec<usize> = (first / PAGE..=last.saturating_sub(1) / PAGE)
                    .filter(|k| k * PAGE < *total && !pages.contains_key(k))
                    .map(|k| k * PAGE)
                    .filter(|from| !self.pending.contains(from))
                    .collect();
                for from in wanted {
                    tasks.push(self.fetch(from, PAGE));
                }
            }
            Rows::Matches { rows, next } => {
                if let Some(from) = *next
                    && rows.len() < last + PAGE
                    && self.pending.is_empty()
                {
                    tasks.push(self.fetch(from, PAGE));
                }
            }
        }
        Task::batch(tasks)
    }

    fn toggle(&mut self, filter: Filter) -> Task<Message> {
        match self.filters.iter().position(|f| *f == filter) {
            Some(i) => {
                self.filters.remove(i);
            }
            None => self.filters.push(filter),
        }
        self.restart()
    }

    fn scrolled(&mut self, viewport: Viewport) -> Task<Message> {
        self.offset = viewport.absolute_offset().y;
        self.height = viewport.bounds().height;
        self.fetch_window()
    }

    fn click(&mut self, i: usize, id: ContactId) -> (Task<Message>, Option<Event>) {
        self.selected = Some(id);
        self.cursor = Some(i);
        (Task::none(), Some(Event::Open(id)))
    }

    /// The rows to build: the visible ones ± overscan, within a list of `n` rows.
    fn window(&self, n: usize) -> (usize, usize) {
        let first = ((self.offset / ROW_HEIGHT).floor().max(0.0) as usize)
            .saturating_sub(OVERSCAN)
            .min(n);
        let count = (self.height / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
        (first, first.saturating_add(count).min(n))
    }

    pub fn view(&self) -> Element<'_, Message> {
        if let Some(typed) = self.answer_shown.take() {
            timings::since("search_to_view", typed);
        }
        let search = text_input(&text::SEARCH, &self.query)
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
        let more = matches!(self.rows, Rows::Matches { next: Some(_), .. });
        let count = label(text::shown(self.rows.len(), more))
            .size(12)
            .style(label::secondary);
        col = col.push(count);
        if self.loaded && !self.fresh && self.is_empty() && !more {
            let empty = if self.filter().is_all() {
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
            (Filter::Objected, text::FILTER_OBJECTED.get()),
            (Filter::Restricted, text::FILTER_RESTRICTED.get()),
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

    /// The windowed list: spacer, the visible rows (± overscan), spacer. A row whose page is
    /// still on its way is an empty row of the same height.
    fn list(&self) -> Element<'_, Message> {
        let n = self.rows.len();
        let (first, last) = self.window(n);
        let mut rows = column![space().height(first as f32 * ROW_HEIGHT)];
        for i in first..last {
            rows = rows.push(match self.rows.get(i) {
                Some(s) => self.row(i, s),
                None => space().height(ROW_HEIGHT).into(),
            });
        }
        rows = rows.push(space().height((n - last) as f32 * ROW_HEIGHT));
        let list = scrollable(rows.width(Fill))
            .id(LIST_ID)
            .on_scroll(Message::Scrolled)
            .height(Fill);
        crate::ui::focus::ring(list)
            .on_activate(Message::OpenSelected)
            .into()
    }

    fn row<'a>(&'a self, i: usize, s: &'a Summary) -> Element<'a, Message> {
        // One line each, cut at the column's edge: a long name wrapped onto a second line and
        // ran into the next row (the row has a fixed height for the virtual list).
        let who = container(column![
            label(s.name.as_str())
                .size(15)
                .wrapping(label::Wrapping::None),
            label(s.organisation.as_str())
                .size(12)
                .wrapping(label::Wrapping::None)
                .style(label::secondary)
        ])
        .width(Fill)
        .clip(true);
        let mut line = row![who].spacing(8).align_y(iced::Center);
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
        // Rows are not Tab stops (hundreds of them): the list is one, moved with the arrows.
        iced::widget::button(line.padding([0, 8]))
            .height(ROW_HEIGHT)
            .width(Fill)
            .padding([4, 4])
            .style(theme::row(self.selected == Some(s.id)))
            .on_press(Message::Clicked(i, s.id))
            .into()
    }
}
