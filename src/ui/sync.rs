//! The app's background team sync (issue 12): when the store is in a team, a round runs every
//! minute and a few seconds after the last local write, on a connection of its own
//! (`Store::another`) on a thread of its own — the screens' reads never wait for it. A folder
//! that cannot be reached is "working offline" (a state, shown once, not an error per round);
//! another Rapport process syncing right now (the round's lock) is silent: the round is simply
//! tried again a little later. The top bar shows the state; after a round that applied changes
//! the workspace refreshes the list, the open contact and Today in place.

use crate::domain::ContactId;
use crate::privacy::team::{self, RejectedFile, RoundReport, SyncStatus, TeamError, TeamStatus};
use crate::privacy::{self, PrivacyError};
use crate::store::Store;
use crate::ui::db::{Db, Outcome};
use crate::ui::text;
use iced::futures::channel::mpsc;
use iced::{Subscription, Task};
use std::time::{Duration, Instant};

/// A round at least this often while in a team.
pub const EVERY: Duration = Duration::from_secs(60);
/// A round this long after the last local write (each new write starts the wait again).
pub const AFTER_WRITE: Duration = Duration::from_secs(3);
/// Another process held the sync lock: try again this much later.
const AFTER_BUSY: Duration = Duration::from_secs(10);
/// How often the clock checks whether a round is due (and the "2 min ago" moves on). Each
/// tick redraws the window, so it is seconds, not a frame rate: a write is published 3–8 s
/// after it is saved.
const TICK: Duration = Duration::from_secs(5);

/// Runs a team use-case on the app's store (off the UI thread); its error as the sentence.
pub fn team_call<T, F>(db: &Db, f: F) -> impl Future<Output = Outcome<T>> + Send + 'static
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> Result<T, TeamError> + Send + 'static,
{
    db.run(move |s| f(s).map_err(|e| PrivacyError::Invalid(e.to_string())))
}

/// What the top bar says about the team sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Synced; when the last round ended (if known).
    Synced(Option<chrono::DateTime<chrono::Utc>>),
    Syncing,
    Offline,
    ClockAhead(u64),
    Waiting,
    NoRoster,
    /// The store itself failed during a round (the sentence of the error).
    Failed(String),
}

/// How the open contact fared in a round.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OpenContact {
    #[default]
    Unchanged,
    /// Another laptop changed it.
    Changed,
    /// Another laptop erased it.
    Gone,
}

/// One round as the background task reports it.
#[derive(Clone, Debug)]
pub struct Done {
    /// `None`: another process was syncing (silent).
    pub report: Option<RoundReport>,
    pub open: OpenContact,
    /// The roster says this laptop was removed: its store was wiped (issue 13); the app shows
    /// why and nothing else.
    pub wiped: Option<team::offboard::Wiped>,
}

#[derive(Clone, Debug)]
pub enum Message {
    /// The store's team (or none), read at unlock and after Settings → Team changed it.
    Known(Outcome<Option<TeamStatus>>),
    Tick,
    /// Run a round now (tests drive it; the clock does too when one is due).
    Run,
    Done(Outcome<Done>),
}

/// A round changed something here: the workspace refreshes in place.
pub struct Event {
    /// How the open contact fared.
    pub open: OpenContact,
    /// The team itself changed (welcomed, or devices accepted): Settings → Team reloads.
    pub team_changed: bool,
}

pub struct State {
    db: Db,
    team: Option<TeamStatus>,
    running: bool,
    /// The next periodic round, and the round a write asked for.
    every_due: Option<Instant>,
    write_due: Option<Instant>,
    started: Option<Instant>,
    shown: Option<Shown>,
    rejected: Vec<RejectedFile>,
}

impl State {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            team: None,
            running: false,
            every_due: None,
            write_due: None,
            started: None,
            shown: None,
            rejected: Vec::new(),
        }
    }

    /// Reads whether the store is in a team.
    pub fn refresh(&self) -> Task<Message> {
        Task::perform(team_call(&self.db, |s| team::status(s)), Message::Known)
    }

    /// Whether the store is in a team (as last read).
    pub fn in_team(&self) -> bool {
        self.team.is_some()
    }

    /// The files the last round skipped, with their reasons.
    pub fn rejected(&self) -> &[RejectedFile] {
        &self.rejected
    }

    /// The state the top bar shows (`None` outside a team).
    pub fn shown(&self) -> Option<Shown> {
        let team = self.team.as_ref()?;
        if self.running {
            return Some(Shown::Syncing);
        }
        if let Some(s) = &self.shown {
            return Some(s.clone());
        }
        Some(if team.joining {
            Shown::Waiting
        } else if !team.folder_reachable {
            Shown::Offline
        } else {
            Shown::Synced(team.last_round.as_deref().and_then(parse_time))
        })
    }

    /// The top bar's sentence at `now`.
    pub fn describe(&self, now: chrono::DateTime<chrono::Utc>) -> Option<String> {
        Some(match self.shown()? {
            Shown::Synced(Some(at)) => text::synced_ago((now - at).num_minutes().max(0)),
            Shown::Synced(None) => text::SYNC_NOT_YET.to_string(),
            Shown::Syncing => text::SYNCING.to_string(),
            Shown::Offline => text::SYNC_OFFLINE.to_string(),
            Shown::ClockAhead(m) => text::sync_clock_ahead(m),
            Shown::Waiting => text::SYNC_WAITING.to_string(),
            Shown::NoRoster => text::SYNC_NO_ROSTER.to_string(),
            Shown::Failed(e) => text::sync_failed(&e),
        })
    }

    /// A local write happened: a round a few seconds from now (debounced).
    pub fn wrote(&mut self) {
        if self.team.is_some() {
            self.write_due = Some(Instant::now() + AFTER_WRITE);
        }
    }

    /// The clock that makes rounds due, while in a team.
    pub fn subscription(&self) -> Subscription<Message> {
        if self.team.is_some() {
            Subscription::run(ticks)
        } else {
            Subscription::none()
        }
    }

    pub fn update(
        &mut self,
        message: Message,
        open: Option<ContactId>,
    ) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Known(result) => {
                let was = self.team.as_ref().map(|t| t.joining);
                self.team = result.ok().flatten();
                if self.team.is_some() && was.is_none() {
                    // Just unlocked or just joined: a first round soon.
                    self.write_due = Some(Instant::now() + AFTER_WRITE);
                    self.every_due = Some(Instant::now() + EVERY);
                }
                if self.team.is_none() {
                    self.shown = None;
                    self.rejected.clear();
                }
                (Task::none(), None)
            }
            Message::Tick => {
                let now = Instant::now();
                let due = [self.write_due, self.every_due]
                    .into_iter()
                    .flatten()
                    .any(|d| d <= now);
                if due {
                    (self.run(open), None)
                } else {
                    (Task::none(), None)
                }
            }
            Message::Run => (self.run(open), None),
            Message::Done(result) => self.done(result),
        }
    }

    fn run(&mut self, open: Option<ContactId>) -> Task<Message> {
        if self.team.is_none() || self.running {
            return Task::none();
        }
        self.running = true;
        self.started = Some(Instant::now());
        let db = self.db.clone();
        let job = self
            .db
            .beside(move || Ok(round_on_own_connection(&db, open)));
        Task::perform(job, |r| Message::Done(r.and_then(|d| d)))
    }

    fn done(&mut self, result: Outcome<Done>) -> (Task<Message>, Option<Event>) {
        self.running = false;
        let started = self.started.take().unwrap_or_else(Instant::now);
        // A write during the round asked for another one; earlier ones are served.
        if self.write_due.is_some_and(|d| d <= started + AFTER_WRITE) {
            self.write_due = None;
        }
        self.every_due = Some(Instant::now() + EVERY);
        let done = match result {
            Ok(d) => d,
            Err(e) => {
                self.shown = Some(Shown::Failed(e));
                return (Task::none(), None);
            }
        };
        let Some(report) = done.report else {
            // Another Rapport process is syncing: say nothing, try again shortly.
            self.every_due = Some(Instant::now() + AFTER_BUSY);
            return (Task::none(), None);
        };
        let was_waiting = self.team.as_ref().is_some_and(|t| t.joining);
        self.rejected = report.rejected.clone();
        self.shown = Some(match report.status {
            SyncStatus::Synced if report.clock_ahead_minutes.is_some() => {
                Shown::ClockAhead(report.clock_ahead_minutes.unwrap_or(0))
            }
            SyncStatus::Synced => Shown::Synced(Some(chrono::Utc::now())),
            SyncStatus::Offline => Shown::Offline,
            SyncStatus::ClockAhead => Shown::ClockAhead(report.clock_ahead_minutes.unwrap_or(0)),
            SyncStatus::WaitingForAdmin => Shown::Waiting,
            SyncStatus::NoRoster => Shown::NoRoster,
            SyncStatus::Removed => Shown::Failed(report.status.describe(None)),
        });
        let welcomed = was_waiting && report.status != SyncStatus::WaitingForAdmin;
        if welcomed && let Some(t) = self.team.as_mut() {
            t.joining = false;
        }
        let team_changed = welcomed || report.joined > 0;
        let changed = report.applied > 0 || report.erased > 0 || team_changed;
        let event = changed.then_some(Event {
            open: done.open,
            team_changed,
        });
        (Task::none(), event)
    }
}

/// One round on a connection of its own; compares the open contact before and after.
fn round_on_own_connection(db: &Db, open: Option<ContactId>) -> Outcome<Done> {
    let began = Instant::now();
    let mut conn = db.blocking(|s| Ok(s.another()?))?;
    let now = chrono::Utc::now();
    let read = |s: &Store, id| privacy::contacts::load(s, id, now).ok().map(|v| v.contact);
    let before = open.and_then(|id| read(&conn, id));
    let report = match team::round::round(&mut conn, now) {
        Ok(r) => r,
        Err(TeamError::Busy) => {
            return Ok(Done {
                report: None,
                open: OpenContact::Unchanged,
                wiped: None,
            });
        }
        Err(e) => return Err(e.to_string()),
    };
    if report.status == SyncStatus::Removed {
        // Removed from the team: the keys and then the files go (`offboard::wipe`); the app
        // closes its own connection when it reads `wiped` (closing it here would make the
        // handle discard this very answer as "locked").
        let team_name = team::team_name(&conn).ok().flatten().unwrap_or_default();
        let data_dir = conn.path().parent().map(|p| p.to_path_buf());
        if let Some(dir) = data_dir {
            team::offboard::wipe(conn, &dir).map_err(|e| e.to_string())?;
        }
        return Ok(Done {
            report: Some(report),
            open: OpenContact::Gone,
            wiped: Some(team::offboard::Wiped { team: team_name }),
        });
    }
    let mut state = OpenContact::Unchanged;
    if let (Some(id), Some(before)) = (open, before)
        && (report.applied > 0 || report.erased > 0)
    {
        state = match read(&conn, id) {
            None => OpenContact::Gone,
            Some(after) if after != before => OpenContact::Changed,
            Some(_) => OpenContact::Unchanged,
        };
    }
    crate::ui::timings::since("sync_round", began);
    Ok(Done {
        report: Some(report),
        open: state,
        wiped: None,
    })
}

fn parse_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// A tick every `TICK` from a thread of its own; it ends when the subscription is dropped.
fn ticks() -> mpsc::Receiver<Message> {
    let (mut send, receive) = mpsc::channel(1);
    let _ = std::thread::Builder::new()
        .name("rapport-sync-clock".into())
        .spawn(move || {
            loop {
                std::thread::sleep(TICK);
                if let Err(e) = send.try_send(Message::Tick)
                    && e.is_disconnected()
                {
                    break;
                }
            }
        });
    receive
}
