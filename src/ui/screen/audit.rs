//! The audit log viewer (newest first) with "Verify chain". The log holds no personal data by
//! construction, so every field can be shown as is. In a team it is the team's log in one view:
//! every device's events, each with its member (the name for an admin, the id otherwise) and
//! device; "Verify chain" checks every device's chain.

use crate::privacy;
use crate::privacy::audit::TeamEvent;
use crate::ui::db::{Db, Outcome};
use crate::ui::focus::button;
use crate::ui::{parts, text, theme};
use iced::widget::{column, container, row, scrollable, text as label};
use iced::{Element, Fill, Task};

/// At most this many of the newest events are listed.
const SHOWN: usize = 500;

pub struct State {
    db: Db,
    events: Vec<TeamEvent>,
    verdict: Option<Result<String, String>>,
    error: Option<String>,
}

#[derive(Clone)]
pub enum Message {
    Loaded(Outcome<Vec<TeamEvent>>),
    VerifyClicked,
    Verified(Outcome<Result<usize, String>>),
}

impl State {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            events: Vec::new(),
            verdict: None,
            error: None,
        }
    }

    pub fn refresh(&mut self) -> Task<Message> {
        let load = self.db.run(|s| {
            let mut all = privacy::audit::team_events(s, None)?;
            all.reverse();
            all.truncate(SHOWN);
            Ok(all)
        });
        Task::perform(load, Message::Loaded)
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Loaded(result) => self.loaded(result),
            Message::VerifyClicked => self.verify(),
            Message::Verified(result) => self.verified(result),
        }
    }

    fn loaded(&mut self, result: Outcome<Vec<TeamEvent>>) -> Task<Message> {
        match result {
            Ok(events) => self.events = events,
            Err(e) => self.error = Some(e),
        }
        Task::none()
    }

    fn verify(&mut self) -> Task<Message> {
        let check = self.db.run(|s| {
            let verdicts = privacy::audit::verify_team(s)?;
            let mut intact = 0;
            for v in verdicts {
                match (v.device, v.result) {
                    (_, Ok(n)) => intact += n,
                    (None, Err(e)) => return Ok(Err(e)),
                    (Some(d), Err(e)) => {
                        return Ok(Err(format!("{} {d}: {e}", text::AUDIT_DEVICE)));
                    }
                }
            }
            Ok(Ok(intact))
        });
        Task::perform(check, Message::Verified)
    }

    fn verified(&mut self, result: Outcome<Result<usize, String>>) -> Task<Message> {
        self.verdict = Some(match result {
            Ok(Ok(n)) => Ok(text::chain_ok(n)),
            Ok(Err(broken)) => Err(text::chain_broken(&broken)),
            Err(e) => Err(e),
        });
        Task::none()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let head = row![
            parts::heading(text::TAB_AUDIT),
            button(label(text::VERIFY_CHAIN)).on_press(Message::VerifyClicked)
        ]
        .spacing(16);
        let mut col = column![head].spacing(8);
        match &self.verdict {
            Some(Ok(ok)) => {
                col = col.push(
                    container(label(ok.as_str()))
                        .padding(10)
                        .width(Fill)
                        .style(theme::notice),
                )
            }
            Some(Err(bad)) => col = col.push(parts::error_banner(bad.as_str())),
            None => {}
        }
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        let mut list = column![].spacing(2);
        let team = self.events.iter().any(|e| e.device.is_some());
        if team {
            list = list.push(
                row![
                    label("").size(12).width(60),
                    label("").size(12).width(150),
                    label(text::AUDIT_MEMBER).size(12).width(150),
                    label(text::AUDIT_DEVICE).size(12).width(110),
                ]
                .spacing(8),
            );
        }
        for e in &self.events {
            let subject = e.subject.map(|s| s.to_string()).unwrap_or_default();
            let mut line = row![
                label(e.seq.to_string()).size(12).width(60),
                label(e.at.format("%Y-%m-%d %H:%M:%S").to_string())
                    .size(12)
                    .width(150),
            ]
            .spacing(8);
            if team {
                line = line
                    .push(label(member_of(e)).size(12).width(150))
                    .push(label(device_of(e)).size(12).width(110));
            }
            list = list.push(
                line.push(
                    row![
                        label(e.actor.as_str()).size(12).width(110),
                        label(e.action.as_str()).size(12).width(140),
                        label(subject).size(12).width(290),
                        label(e.detail.as_str()).size(12),
                    ]
                    .spacing(8),
                ),
            );
        }
        col.push(scrollable(list).height(Fill)).padding(20).into()
    }
}

/// The member: the name for an admin (the roster's), else the random id, shortened.
fn member_of(e: &TeamEvent) -> String {
    match (&e.member_name, &e.member) {
        (Some(name), _) => name.clone(),
        (None, Some(id)) => short(id),
        (None, None) => String::new(),
    }
}

/// The device: "this device" for this laptop's own events, else its id, shortened.
fn device_of(e: &TeamEvent) -> String {
    if e.own {
        return text::AUDIT_THIS_DEVICE.to_string();
    }
    e.device.as_deref().map(short).unwrap_or_default()
}

/// The first 12 hex digits of an id: enough to tell a team's devices apart on screen (`rapport
/// audit --team` prints them whole).
fn short(id: &str) -> String {
    id.chars().take(12).collect()
}
