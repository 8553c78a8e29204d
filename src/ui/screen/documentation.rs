//! The Documentation screen (issue 14): the open requests by days left (overdue in red), a
//! backup reminder when the last backup is older than a week, the record of processing as it
//! would be generated now (missing fields in red) with "Generate record" into the exports
//! folder, and the register of exported files. Everything is read through `privacy::*` in a
//! `Task`; the register holds no personal data and the record only the firm's own.

use crate::documents::Record;
use crate::privacy::requests::{Filter, Listed};
use crate::privacy::{backup, exports_register, record, requests};
use crate::store::exports::ExportFile;
use crate::team::access::Action;
use crate::ui::db::{Db, Outcome};
use crate::ui::{focus, parts, permit, text, theme};
use iced::widget::{column, container, row, scrollable, text as label};
use iced::{Color, Element, Fill, Task};
use std::path::PathBuf;

/// What the screen shows, read in one call.
#[derive(Clone)]
pub struct Loaded {
    pub requests: Vec<Listed>,
    pub record: Record,
    pub exports: Vec<ExportFile>,
    pub backup_due: bool,
}

pub struct State {
    db: Db,
    export_dir: PathBuf,
    loaded: Option<Loaded>,
    error: Option<String>,
    generated: Option<String>,
}

#[derive(Clone)]
pub enum Message {
    Loaded(Outcome<Box<Loaded>>),
    GenerateClicked,
    Generated(Outcome<(PathBuf, i64)>),
}

/// Nothing goes up to the workspace yet; the type keeps the screens' shape.
pub enum Event {}

/// Overdue, in red: readable on both themes.
const OVERDUE: Color = Color::from_rgb(0.80, 0.10, 0.12);

impl State {
    pub fn new(db: Db, export_dir: PathBuf) -> Self {
        Self {
            db,
            export_dir,
            loaded: None,
            error: None,
            generated: None,
        }
    }

    pub fn set_export_dir(&mut self, dir: PathBuf) {
        self.export_dir = dir;
    }

    pub fn loaded(&self) -> Option<&Loaded> {
        self.loaded.as_ref()
    }

    pub fn refresh(&self) -> Task<Message> {
        let load = self.db.run(|s| {
            let now = chrono::Utc::now();
            Ok(Box::new(Loaded {
                requests: requests::list(
                    s,
                    Filter {
                        open_only: true,
                        overdue_only: false,
                    },
                    now,
                )?,
                record: record::assemble(s, now)?,
                exports: exports_register::list(s)?,
                backup_due: backup::backup_due(s, now)?,
            }))
        });
        Task::perform(load, Message::Loaded)
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Loaded(result) => (self.on_loaded(result), None),
            Message::GenerateClicked => (self.generate(), None),
            Message::Generated(result) => (self.on_generated(result), None),
        }
    }

    fn on_loaded(&mut self, result: Outcome<Box<Loaded>>) -> Task<Message> {
        match result {
            Ok(l) => {
                self.loaded = Some(*l);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
        Task::none()
    }

    fn generate(&mut self) -> Task<Message> {
        if !permit::allowed(&self.db, Action::RecordDocument) {
            return Task::none();
        }
        let dir = self.export_dir.clone();
        let run = self.db.run(move |s| {
            let now = chrono::Utc::now();
            let stem = format!("rapport-record-{}", now.format("%Y%m%d-%H%M%S"));
            std::fs::create_dir_all(&dir)
                .map_err(|e| crate::privacy::PrivacyError::Io(dir.clone(), e.kind()))?;
            let html = dir.join(format!("{stem}.html"));
            let pdf = dir.join(format!("{stem}.pdf"));
            let g = record::generate(s, Some(&html), Some(&pdf), now)?;
            Ok((pdf, g.version))
        });
        Task::perform(run, Message::Generated)
    }

    fn on_generated(&mut self, result: Outcome<(PathBuf, i64)>) -> Task<Message> {
        match result {
            Ok((path, version)) => {
                self.generated = Some(text::record_generated(version, &path));
                self.refresh()
            }
            Err(e) => {
                self.error = Some(e);
                Task::none()
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let head = row![
            parts::heading(text::TAB_DOCUMENTATION),
            permit::button(
                &self.db,
                Action::RecordDocument,
                focus::button(label(text::GENERATE_RECORD)),
                Some(Message::GenerateClicked)
            )
        ]
        .spacing(16);
        let mut col = column![head].spacing(10);
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        if let Some(g) = &self.generated {
            col = col.push(
                container(label(g.as_str()))
                    .padding(10)
                    .width(Fill)
                    .style(theme::notice),
            );
        }
        let Some(l) = &self.loaded else {
            return col.padding(20).into();
        };
        if l.backup_due {
            col = col.push(parts::error_banner(text::BACKUP_REMINDER));
        }
        col = col.push(requests_list(&l.requests));
        col = col.push(record_view(&l.record));
        col = col.push(exports_list(&l.exports));
        scrollable(col.padding(20)).height(Fill).into()
    }
}

/// The open requests by days left; overdue ones in red. Also used on the overview.
pub fn requests_list<'a, M: 'a>(list: &'a [Listed]) -> Element<'a, M> {
    let mut col = column![label(text::OPEN_REQUESTS).size(18)].spacing(4);
    if list.is_empty() {
        col = col.push(label(text::NO_OPEN_REQUESTS).style(label::secondary));
    }
    for r in list {
        let days = r.days_left.unwrap_or_default();
        let left = label(text::request_days_left(days));
        let left = if r.overdue { left.color(OVERDUE) } else { left };
        col = col.push(
            row![
                label(format!("#{}", r.id)).width(50),
                label(text::request_kind(r.kind.as_str())).width(130),
                label(text::received_due(
                    &r.received_at.to_string(),
                    &r.due_at.to_string()
                ))
                .width(260),
                label(r.status.as_str().replace('_', " ")).width(130),
                left,
            ]
            .spacing(8),
        );
    }
    col.into()
}

fn record_view(r: &Record) -> Element<'_, Message> {
    let mut col = column![label(r.running_head()).size(18)].spacing(4);
    let missing = r.missing();
    if !missing.is_empty() {
        col = col.push(label(text::fields_missing(missing.len())).color(OVERDUE));
    }
    for s in r.sections() {
        let mut fields = column![label(s.title.as_str()).size(15)].spacing(2);
        for f in &s.fields {
            let value = label(f.text()).size(13).width(Fill);
            let value = if f.value.is_none() {
                value.color(OVERDUE)
            } else {
                value
            };
            fields =
                fields.push(row![label(f.label.as_str()).size(13).width(260), value].spacing(8));
        }
        col = col.push(container(fields).padding(10).width(Fill).style(theme::card));
    }
    col.into()
}

fn exports_list(list: &[ExportFile]) -> Element<'_, Message> {
    let mut col = column![label(text::EXPORTS_REGISTER).size(18)].spacing(4);
    if list.is_empty() {
        col = col.push(label(text::NO_EXPORTS).style(label::secondary));
    }
    for f in list {
        let state = match f.deleted_at {
            Some(d) => text::export_deleted(&d.format("%Y-%m-%d").to_string()),
            None => text::export_expires(&f.expires_at.format("%Y-%m-%d").to_string()),
        };
        col = col.push(
            row![
                label(f.kind.replace('_', " ")).size(13).width(130),
                label(f.created_at.format("%Y-%m-%d").to_string())
                    .size(13)
                    .width(100),
                label(state).size(13).width(160),
                label(text::people(f.subjects)).size(13).width(100),
                label(f.path.as_str()).size(13),
            ]
            .spacing(8),
        );
    }
    col.into()
}
