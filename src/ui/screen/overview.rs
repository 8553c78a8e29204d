//! The privacy overview: contacts per consent status, a chart of consents expiring per month
//! over the next 12 months, the retention queue (due now, with "Erase
//! due", and the upcoming 30 days to contact for renewal) and the audience builder (purpose +
//! channel → who may be contacted and how many were left out, per reason; one click writes it as
//! CSV into the exports folder). Every figure comes
//! from `privacy::`; this screen only counts and shows.

use crate::domain::{Channel, ConsentStatus};
use crate::privacy::{self, audience, overview, retention};
use crate::team::access::Action;
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::{button, pick_list};
use crate::ui::{chart, parts, permit, text, theme};
use iced::widget::{canvas, column, container, row, scrollable, text as label};
use iced::{Element, Fill, Task};
use std::path::PathBuf;

#[path = "overview_activity.rs"]
mod activity;
pub use activity::{ActivityChoice, Months};

/// The lists show at most this many names.
const SHOWN: usize = 50;
/// Months shown in the expiry chart.
const CHART_MONTHS: u32 = 12;

#[derive(Clone, Default)]
pub struct Figures {
    figures: overview::Figures,
    report: retention::Report,
    purposes: Vec<String>,
    /// Open data-subject requests by days left (issue 14).
    requests: Vec<privacy::requests::Listed>,
}

pub struct State {
    db: Db,
    export_dir: PathBuf,
    figures: Option<Figures>,
    purpose: Option<String>,
    channel: Option<ChannelChoice>,
    audience: Option<audience::Audience>,
    /// The audience's activity criterion (issue 15): a kind, or `None` for none asked.
    activity: Option<ActivityChoice>,
    within: Months,
    error: Option<String>,
    busy: bool,
    /// (still finding what is due, done, total) of a running "Erase due" sweep.
    sweeping: Option<(bool, usize, usize)>,
}

/// A channel as the picker shows it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ChannelChoice(pub Channel);

impl std::fmt::Display for ChannelChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(text::channel(self.0))
    }
}

#[derive(Clone)]
pub enum Message {
    Refresh,
    Loaded(Outcome<Figures>),
    PurposePicked(String),
    ChannelPicked(ChannelChoice),
    ActivityPicked(ActivityChoice),
    WithinPicked(Months),
    BuildClicked,
    Built(Outcome<audience::Audience>),
    ExportCsvClicked,
    CsvExported(Outcome<PathBuf>),
    EraseDueClicked,
    /// One step of the sweep ran: the sweep to go on with, and `Some(erased)` once complete.
    SweepStepped(Outcome<(retention::Sweep, Option<usize>)>),
}

pub enum Event {
    Erased(usize),
    /// The audience was written to this CSV file.
    Exported(PathBuf),
}

type Update = (Task<Message>, Option<Event>);

impl State {
    pub fn new(db: Db, export_dir: PathBuf) -> Self {
        Self {
            db,
            export_dir,
            figures: None,
            purpose: None,
            channel: Some(ChannelChoice(Channel::Email)),
            audience: None,
            activity: Some(ActivityChoice::Unasked),
            within: Months(12),
            error: None,
            busy: false,
            sweeping: None,
        }
    }

    pub fn refresh(&mut self) -> Task<Message> {
        let now = chrono::Utc::now();
        let load = self.db.run(move |s| {
            let figures = overview::figures(s, now, CHART_MONTHS)?;
            let report = retention::report(s, now)?;
            let open = privacy::requests::Filter {
                open_only: true,
                overdue_only: false,
            };
            let requests = privacy::requests::list(s, open, now)?;
            let purposes = privacy::consent::purposes(s)?
                .into_iter()
                .map(|p| p.name)
                .collect();
            Ok(Figures {
                figures,
                report,
                purposes,
                requests,
            })
        });
        Task::perform(load, Message::Loaded)
    }

    pub fn update(&mut self, message: Message) -> Update {
        match message {
            Message::Refresh => (self.refresh(), None),
            Message::Loaded(result) => self.loaded(result),
            Message::PurposePicked(p) => self.pick_purpose(p),
            Message::ChannelPicked(c) => self.pick_channel(c),
            Message::ActivityPicked(a) => self.pick_activity(a),
            Message::WithinPicked(m) => self.pick_within(m),
            Message::BuildClicked => self.build(),
            Message::Built(result) => self.built(result),
            Message::ExportCsvClicked => self.export_csv(),
            Message::CsvExported(result) => self.csv_exported(result),
            Message::EraseDueClicked => self.erase_due(),
            Message::SweepStepped(result) => self.sweep_stepped(result),
        }
    }

    fn loaded(&mut self, result: Outcome<Figures>) -> Update {
        match result {
            Ok(f) => {
                if self.purpose.is_none() {
                    self.purpose = f.purposes.first().cloned();
                }
                self.figures = Some(f);
            }
            Err(e) => self.error = Some(e),
        }
        (Task::none(), None)
    }

    fn pick_purpose(&mut self, p: String) -> Update {
        self.purpose = Some(p);
        self.audience = None;
        (Task::none(), None)
    }

    fn pick_channel(&mut self, c: ChannelChoice) -> Update {
        self.channel = Some(c);
        self.audience = None;
        (Task::none(), None)
    }

    /// A new activity criterion: the count is built again at once.
    fn pick_activity(&mut self, a: ActivityChoice) -> Update {
        self.activity = Some(a);
        self.build()
    }

    fn pick_within(&mut self, m: Months) -> Update {
        self.within = m;
        self.build()
    }

    fn criterion(&self) -> Option<crate::domain::audience::ActivityCriterion> {
        let kind = match self.activity? {
            ActivityChoice::Unasked => return None,
            ActivityChoice::Any => None,
            ActivityChoice::Kind(k) => Some(k),
        };
        Some(crate::domain::audience::ActivityCriterion {
            kind,
            within_months: self.within.0,
        })
    }

    /// The audience asked for (for tests).
    pub fn audience(&self) -> Option<&audience::Audience> {
        self.audience.as_ref()
    }

    fn build(&mut self) -> Update {
        let (Some(purpose), Some(channel)) = (self.purpose.clone(), self.channel) else {
            return (Task::none(), None);
        };
        let req = audience::Request {
            purpose,
            channel: channel.0,
            interests: Vec::new(),
            include_unknown: true,
            activity: self.criterion(),
        };
        let now = chrono::Utc::now();
        (
            Task::perform(
                self.db.run(move |s| audience::preview(s, &req, now, SHOWN)),
                Message::Built,
            ),
            None,
        )
    }

    fn built(&mut self, result: Outcome<audience::Audience>) -> Update {
        match result {
            Ok(a) => self.audience = Some(a),
            Err(e) => self.error = Some(e),
        }
        (Task::none(), None)
    }

    /// Where the audience CSV goes (changed in the settings).
    pub fn set_export_dir(&mut self, dir: PathBuf) {
        self.export_dir = dir;
    }

    /// Contacts per status, once loaded (for tests and the status bar).
    pub fn counts(&self) -> Option<&[(ConsentStatus, usize)]> {
        self.figures.as_ref().map(|f| f.figures.counts.as_slice())
    }

    /// Consents expiring per month, once loaded.
    pub fn expiries(&self) -> Option<&[overview::MonthCount]> {
        self.figures.as_ref().map(|f| f.figures.expiries.as_slice())
    }

    fn export_csv(&mut self) -> Update {
        if !permit::allowed(&self.db, Action::ExportAll) {
            return (Task::none(), None);
        }
        let Some(req) = self.audience.as_ref().map(|a| a.request.clone()) else {
            return (Task::none(), None);
        };
        let (dir, now) = (self.export_dir.clone(), chrono::Utc::now());
        let task = self
            .db
            .run(move |s| overview::export_audience_csv(s, &req, &dir, now));
        (Task::perform(task, Message::CsvExported), None)
    }

    fn csv_exported(&mut self, result: Outcome<PathBuf>) -> Update {
        match result {
            Ok(path) => (Task::none(), Some(Event::Exported(path))),
            Err(e) => {
                self.error = Some(e);
                (Task::none(), None)
            }
        }
    }

    /// Starts the sweep; it then runs one short step per call, on its own connection beside the
    /// store (see `retention::Sweep`).
    fn erase_due(&mut self) -> Update {
        if self.busy || !permit::allowed(&self.db, Action::RetentionSweep) {
            return (Task::none(), None);
        }
        self.busy = true;
        let now = chrono::Utc::now();
        // Started as a sweep with nothing done yet; `sweep_stepped` then runs it step by step.
        let start = self.db.run(move |s| {
            retention::Sweep::start(s, now, retention::APP_CHUNK).map(|sweep| (sweep, None))
        });
        (Task::perform(start, Message::SweepStepped), None)
    }

    fn sweep_stepped(&mut self, result: Outcome<(retention::Sweep, Option<usize>)>) -> Update {
        match result {
            Ok((mut sweep, None)) => {
                self.sweeping = Some((sweep.finding(), sweep.done(), sweep.total()));
                // The sweep has a connection of its own: the other screens keep the store.
                let next = self.db.beside(move || {
                    let finished = sweep.step()?;
                    Ok((sweep, finished))
                });
                (Task::perform(next, Message::SweepStepped), None)
            }
            Ok((_, Some(n))) => {
                self.busy = false;
                self.sweeping = None;
                (self.refresh(), Some(Event::Erased(n)))
            }
            Err(e) => {
                self.busy = false;
                self.sweeping = None;
                self.error = Some(e);
                (Task::none(), None)
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let refresh = button(label(text::REFRESH).size(13))
            .style(button::secondary)
            .on_press(Message::Refresh);
        let mut col =
            column![row![parts::heading(text::TAB_OVERVIEW), refresh].spacing(16)].spacing(16);
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        let Some(f) = &self.figures else {
            return col.push(label(text::LOADING)).padding(20).into();
        };
        let mut counts = row![].spacing(16);
        for (status, n) in &f.figures.counts {
            counts = counts.push(
                column![parts::badge(*status), label(text::number(*n)).size(24)]
                    .spacing(4)
                    .align_x(iced::Center),
            );
        }
        col = col.push(card(
            column![parts::heading(text::STATUS_COUNTS), counts].spacing(10),
        ));
        col = col
            .push(card(crate::ui::screen::documentation::requests_list(
                &f.requests,
            )))
            .push(card(expiry_chart(&f.figures.expiries)))
            .push(card(self.retention(f)))
            .push(card(self.audience_view(f)));
        scrollable(col.padding(20)).height(Fill).into()
    }

    fn retention<'a>(&'a self, f: &'a Figures) -> Element<'a, Message> {
        let due = &f.report.due;
        let erase = permit::button(
            &self.db,
            Action::RetentionSweep,
            button(label(text::ERASE_DUE)).style(button::danger),
            (!self.busy && !due.is_empty()).then_some(Message::EraseDueClicked),
        );
        let mut col = column![
            parts::heading(text::RETENTION_QUEUE),
            row![
                label(format!("{}: {}", text::DUE_NOW, text::number(due.len()))),
                erase
            ]
            .spacing(12)
            .align_y(iced::Center)
        ]
        .spacing(8);
        match self.sweeping {
            Some((true, _, found)) => {
                col = col.push(label(text::finding_due_progress(found)).size(13));
            }
            Some((false, done, total)) => {
                col = col.push(label(text::erasing_progress(done, total)).size(13));
            }
            None => {}
        }
        for d in due.iter().take(SHOWN) {
            col = col.push(queue_line(&d.name, &d.reason, d.since));
        }
        col = col.push(label(format!(
            "{}: {}",
            text::UPCOMING,
            text::number(f.report.upcoming.len())
        )));
        for u in f.report.upcoming.iter().take(SHOWN) {
            col = col.push(queue_line(&u.name, &u.reason, u.due_on));
        }
        if due.is_empty() && f.report.upcoming.is_empty() {
            col = col.push(label(text::NOTHING_DUE).style(label::secondary));
        }
        col.into()
    }

    fn audience_view<'a>(&'a self, f: &'a Figures) -> Element<'a, Message> {
        let channels: Vec<ChannelChoice> = Channel::ALL.into_iter().map(ChannelChoice).collect();
        let form = row![
            label(text::PURPOSE),
            pick_list(
                f.purposes.clone(),
                self.purpose.clone(),
                Message::PurposePicked
            ),
            label(text::CHANNEL),
            pick_list(channels, self.channel, Message::ChannelPicked),
            button(label(text::BUILD)).on_press(Message::BuildClicked),
        ]
        .spacing(10)
        .align_y(iced::Center);
        // "Met at an event in the last 12 months" (issue 15); consent and objections still
        // decide first.
        let mut met = row![
            label(text::ACTIVITY_CRITERION),
            pick_list(
                ActivityChoice::all(),
                self.activity,
                Message::ActivityPicked
            ),
        ]
        .spacing(10)
        .align_y(iced::Center);
        if self.criterion().is_some() {
            met = met.push(pick_list(
                Months::ALL,
                Some(self.within),
                Message::WithinPicked,
            ));
        }
        let mut col = column![parts::heading(text::AUDIENCE), form, met].spacing(10);
        if let Some(a) = &self.audience {
            let export = permit::button(
                &self.db,
                Action::ExportAll,
                button(label(text::EXPORT_CSV).size(13)).style(button::secondary),
                Some(Message::ExportCsvClicked),
            );
            col = col.push(
                row![
                    label(format!("{}: {}", text::INCLUDED, text::number(a.total))).size(16),
                    export
                ]
                .spacing(12)
                .align_y(iced::Center),
            );
            for m in &a.included {
                col = col.push(
                    label(format!(
                        "{} — {}",
                        m.name,
                        m.address.as_deref().unwrap_or("")
                    ))
                    .size(13),
                );
            }
            col = col.push(label(text::EXCLUDED).size(16));
            for (reason, n) in &a.excluded {
                col = col.push(
                    label(format!(
                        "{} — {}",
                        text::number(*n),
                        text::exclusion(*reason)
                    ))
                    .size(13),
                );
            }
        }
        col.into()
    }
}

fn expiry_chart(months: &[overview::MonthCount]) -> Element<'_, Message> {
    let bars = months
        .iter()
        .map(|m| (text::month_short(m.year, m.month), m.expiring))
        .collect();
    column![
        parts::heading(text::EXPIRING_PER_MONTH),
        canvas(chart::Bars { bars }).width(Fill).height(180)
    ]
    .spacing(10)
    .into()
}

fn card<'a>(content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(content)
        .padding(14)
        .width(Fill)
        .style(theme::card)
        .into()
}

/// One person in the retention queue: name, why ("no activity for 26 months"), and the date
/// it applies from.
fn queue_line<'a>(name: &str, reason: &str, on: crate::domain::Instant) -> Element<'a, Message> {
    label(format!("{name} — {reason} ({})", text::date(on)))
        .size(13)
        .into()
}
