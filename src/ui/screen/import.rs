//! "Import…": pick a vCard or CSV file (rfd; the portal may be missing, so a path can also be
//! typed), run `privacy::import::import_file` on a worker thread with its progress streamed to
//! a progress bar, then show the summary: imported, merged, flagged, possible duplicates,
//! skipped records with line and reason, or why the whole file was refused.

use crate::privacy::import::{self, FileReport};
use crate::team::access::Action;
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::button;
use crate::ui::{files, parts, permit, text, theme};
use iced::futures::SinkExt;
use iced::futures::channel::{mpsc, oneshot};
use iced::widget::{column, container, progress_bar, row, scrollable, text as label, text_input};
use iced::{Element, Fill, Task};
use std::path::PathBuf;

/// The path field, focused when the screen opens.
pub const PATH_ID: &str = "import-path";

/// How many skipped records the summary lists (the rest are counted).
const SKIPPED_SHOWN: usize = 100;

pub struct State {
    db: Db,
    path: String,
    /// Fraction done while an import runs.
    progress: Option<f32>,
    report: Option<FileReport>,
    error: Option<String>,
    /// Set when "Choose file…" found no file chooser: the path field is the way in.
    no_chooser: bool,
}

#[derive(Clone)]
pub enum Message {
    PathChanged(String),
    BrowseClicked,
    Picked(files::Dialog),
    ImportClicked,
    Progress(usize, usize),
    Finished(Outcome<FileReport>),
}

pub enum Event {
    /// Contacts were added or merged: the list should reload.
    Imported,
}

type Update = (Task<Message>, Option<Event>);

impl State {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            path: String::new(),
            progress: None,
            report: None,
            error: None,
            no_chooser: false,
        }
    }

    /// Focuses the path field.
    pub fn focus(&self) -> Task<Message> {
        iced::widget::operation::focus(PATH_ID)
    }

    pub fn report(&self) -> Option<&FileReport> {
        self.report.as_ref()
    }

    pub fn progress(&self) -> Option<f32> {
        self.progress
    }

    pub fn update(&mut self, message: Message) -> Update {
        match message {
            Message::PathChanged(path) => self.set_path(path),
            Message::BrowseClicked => (Task::perform(pick(), Message::Picked), None),
            Message::Picked(picked) => self.picked(picked),
            Message::ImportClicked => self.start(),
            Message::Progress(done, total) => self.advance(done, total),
            Message::Finished(result) => self.finished(result),
        }
    }

    fn set_path(&mut self, path: String) -> Update {
        self.path = path;
        (Task::none(), None)
    }

    /// A cancelled dialog changes nothing; no dialog at all says so and puts the cursor in
    /// the path field.
    fn picked(&mut self, picked: files::Dialog) -> Update {
        match picked {
            files::Dialog::Chosen(path) => {
                self.path = path.display().to_string();
                self.no_chooser = false;
                self.start()
            }
            files::Dialog::Cancelled => (Task::none(), None),
            files::Dialog::Unavailable => {
                self.no_chooser = true;
                (self.focus(), None)
            }
        }
    }

    /// Whether the screen says that no file chooser is available.
    pub fn says_no_chooser(&self) -> bool {
        self.no_chooser
    }

    fn start(&mut self) -> Update {
        let path = PathBuf::from(self.path.trim());
        let refused = !permit::allowed(&self.db, Action::Import);
        if refused || self.progress.is_some() || path.as_os_str().is_empty() {
            return (Task::none(), None);
        }
        self.progress = Some(0.0);
        self.report = None;
        self.error = None;
        (Task::run(run(self.db.clone(), path), |m| m), None)
    }

    fn advance(&mut self, done: usize, total: usize) -> Update {
        if self.progress.is_some() && total > 0 {
            self.progress = Some(done.min(total) as f32 / total as f32);
        }
        (Task::none(), None)
    }

    fn finished(&mut self, result: Outcome<FileReport>) -> Update {
        self.progress = None;
        match result {
            Ok(report) => {
                let changed = report.imported + report.merged > 0;
                self.report = Some(report);
                (Task::none(), changed.then_some(Event::Imported))
            }
            Err(e) => {
                self.error = Some(e);
                (Task::none(), None)
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let idle = self.progress.is_none();
        let chooser = row![
            text_input(&text::IMPORT_PATH, &self.path)
                .id(PATH_ID)
                .on_input(Message::PathChanged)
                .on_submit(Message::ImportClicked)
                .width(Fill),
            button(label(text::BROWSE))
                .style(button::secondary)
                .on_press_maybe(idle.then_some(Message::BrowseClicked)),
            permit::button(
                &self.db,
                Action::Import,
                button(label(text::IMPORT_START)),
                (idle && !self.path.trim().is_empty()).then_some(Message::ImportClicked)
            ),
        ]
        .spacing(8);
        let mut col = column![
            parts::heading(text::IMPORT_TITLE),
            label(text::IMPORT_INTRO).size(13).style(label::secondary),
            chooser
        ]
        .spacing(12);
        if self.no_chooser {
            col = col.push(
                container(label(text::NO_FILE_CHOOSER))
                    .padding(10)
                    .width(Fill)
                    .style(theme::notice),
            );
        }
        if let Some(p) = self.progress {
            col = col
                .push(progress_bar(0.0..=1.0, p))
                .push(label(text::IMPORTING));
        }
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        if let Some(r) = &self.report {
            col = col.push(summary(r));
        }
        scrollable(container(col).padding(20).max_width(900))
            .height(Fill)
            .into()
    }
}

fn summary(r: &FileReport) -> Element<'_, Message> {
    let mut col = column![parts::heading(text::IMPORT_SUMMARY)].spacing(6);
    if let Some(reason) = &r.refused {
        col = col.push(parts::error_banner(text::import_refused(reason)));
    }
    for (what, n) in [
        (text::IMPORTED, r.imported),
        (text::MERGED, r.merged),
        (text::FLAGGED, r.flagged),
        (text::POSSIBLE_DUPLICATES, r.possible_duplicates),
        (text::SKIPPED, r.skipped.len()),
    ] {
        col = col.push(label(text::count_line(what, n)));
    }
    for s in r.skipped.iter().take(SKIPPED_SHOWN) {
        col = col.push(
            label(text::skipped_line(s.line, &s.reason))
                .size(13)
                .style(label::secondary),
        );
    }
    if r.skipped.len() > SKIPPED_SHOWN {
        col = col.push(label(text::and_more(r.skipped.len() - SKIPPED_SHOWN)).size(13));
    }
    container(col)
        .padding(14)
        .width(Fill)
        .style(theme::card)
        .into()
}

/// The file dialog, or word that there is none.
async fn pick() -> files::Dialog {
    files::pick_file(text::CONTACT_FILES.get(), &["vcf", "vcard", "csv"]).await
}

/// Runs the import on its own thread (it holds the store for the whole file) and streams its
/// progress, then the result.
fn run(db: Db, path: PathBuf) -> impl iced::futures::Stream<Item = Message> {
    iced::stream::channel(64, async move |mut out: mpsc::Sender<Message>| {
        let (done, result) = oneshot::channel();
        let mut tick = out.clone();
        std::thread::spawn(move || {
            let now = chrono::Utc::now();
            let opts = import::Options::default();
            let report = db.blocking(|s| {
                import::import_file(s, &path, &opts, now, |done, total| {
                    // Progress is advisory: a full channel just skips a tick.
                    let _ = tick.try_send(Message::Progress(done, total));
                })
            });
            let _ = done.send(report);
        });
        let result = result
            .await
            .unwrap_or_else(|_| Err(text::IMPORT_FAILED.to_string()));
        let _ = out.send(Message::Finished(result)).await;
    })
}
