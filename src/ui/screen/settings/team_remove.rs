//! Offboarding in Settings → Team (issue 13), for an admin: "Remove…" a member (all their
//! laptops), "Remove laptop…" for a lost laptop whose person stays, and each member's role. A
//! removal first shows an inline confirmation that says what happens (focus on Cancel, Esc
//! cancels); confirming runs `privacy::team::offboard` off the UI thread, as `rapport team
//! remove` does, and the section is read again. A refusal (the last admin) is shown as its
//! sentence.

use super::{Event, Message, RoleChoice, State};
use crate::privacy::team::offboard;
use crate::team::access::Action;
use crate::ui::db::Db;
use crate::ui::focus::{self, button};
use crate::ui::sync::team_call;
use crate::ui::{permit, text, theme};
use iced::widget::{column, container, row, text as label};
use iced::{Element, Fill, Task};

/// The confirmation's Cancel button, focused when it opens (Enter must not remove anyone).
pub const CANCEL_ID: &str = "team-remove-cancel";

/// The "Remove…" button of the member with id `member` (names are not unique on screen).
pub fn remove_id(member: &str) -> iced::widget::Id {
    iced::widget::Id::from(format!("team-remove-{member}"))
}

/// The "Remove laptop…" button of the device with id `device`.
pub fn remove_device_id(device: &str) -> iced::widget::Id {
    iced::widget::Id::from(format!("team-remove-device-{device}"))
}

/// Who the open confirmation is about.
#[derive(Clone)]
pub enum Target {
    /// A member and all their laptops: what `offboard::preview_member` found.
    Member {
        id: String,
        name: String,
        devices: usize,
    },
    /// One laptop (`short` is what the list shows); `name` is its person, who stays.
    Device {
        id: String,
        short: String,
        name: String,
    },
}

/// The open confirmation.
pub struct Pending {
    target: Target,
    busy: bool,
}

/// What the Team section does for offboarding (kept apart from `Message` for its size).
#[derive(Clone)]
pub enum Remove {
    /// "Remove…" on a member (by id): reads the preview first.
    Ask(String),
    Previewed(crate::ui::db::Outcome<Target>),
    /// "Remove laptop…": device id, as shown, and its person.
    AskDevice {
        id: String,
        short: String,
        name: String,
    },
    Confirm,
    Cancel,
    /// Done: the name of who or whose laptop was removed.
    Removed(crate::ui::db::Outcome<String>),
    /// The role picker of a member (by id).
    SetRole(String, RoleChoice),
    RoleChanged(crate::ui::db::Outcome<()>),
}

impl State {
    /// The confirmation on show, if any (for tests and the view).
    pub fn removal(&self) -> Option<&Target> {
        self.removal.as_ref().map(|p| &p.target)
    }

    pub(super) fn update_remove(&mut self, db: &Db, m: Remove) -> (Task<Message>, Option<Event>) {
        let none = (Task::none(), None);
        let asks = matches!(
            m,
            Remove::Ask(_) | Remove::AskDevice { .. } | Remove::Confirm
        );
        if asks && !permit::allowed(db, Action::TeamRemove)
            || matches!(m, Remove::SetRole(..)) && !permit::allowed(db, Action::TeamRole)
        {
            return none;
        }
        match m {
            Remove::Ask(id) => {
                let read = team_call(db, move |s| {
                    let p = offboard::preview_member(s, &id)?;
                    Ok(Target::Member {
                        id: p.member,
                        name: p.name,
                        devices: p.devices,
                    })
                });
                (
                    Task::perform(read, |r| Message::Remove(Remove::Previewed(r))),
                    None,
                )
            }
            Remove::Previewed(Ok(target)) => (self.open(target), None),
            Remove::AskDevice { id, short, name } => {
                (self.open(Target::Device { id, short, name }), None)
            }
            Remove::Previewed(Err(e)) | Remove::RoleChanged(Err(e)) => {
                self.error = Some(e);
                none
            }
            Remove::Cancel => {
                if !self.removal.as_ref().is_some_and(|p| p.busy) {
                    self.removal = None;
                }
                none
            }
            Remove::Confirm => (self.confirm(db), None),
            Remove::Removed(result) => {
                self.removal = None;
                self.busy = false;
                match result {
                    Ok(name) => {
                        self.error = None;
                        self.done = Some(text::team_removed(&name));
                        (Self::refresh(db), Some(Event::RosterChanged))
                    }
                    Err(e) => {
                        self.error = Some(e);
                        (Self::refresh(db), None)
                    }
                }
            }
            Remove::SetRole(id, RoleChoice(role)) => {
                if self.busy {
                    return none;
                }
                self.busy = true;
                let run = team_call(db, move |s| {
                    offboard::change_role(s, &id, role, chrono::Utc::now()).map(|_| ())
                });
                (
                    Task::perform(run, |r| Message::Remove(Remove::RoleChanged(r))),
                    None,
                )
            }
            Remove::RoleChanged(Ok(())) => {
                self.busy = false;
                self.error = None;
                (Self::refresh(db), Some(Event::RosterChanged))
            }
        }
    }

    fn open(&mut self, target: Target) -> Task<Message> {
        self.error = None;
        self.done = None;
        self.removal = Some(Pending {
            target,
            busy: false,
        });
        iced::widget::operation::focus(CANCEL_ID)
    }

    fn confirm(&mut self, db: &Db) -> Task<Message> {
        let Some(p) = self.removal.as_mut().filter(|p| !p.busy) else {
            return Task::none();
        };
        p.busy = true;
        self.busy = true;
        let target = p.target.clone();
        let run = team_call(db, move |s| {
            let now = chrono::Utc::now();
            match target {
                Target::Member { id, name, .. } => {
                    offboard::remove_member(s, &id, now).map(|_| name)
                }
                Target::Device { id, name, .. } => {
                    offboard::remove_device(s, &id, now).map(|_| name)
                }
            }
        });
        Task::perform(run, |r| Message::Remove(Remove::Removed(r)))
    }

    /// The inline confirmation: what happens, Cancel (focused) and the red button; Esc cancels.
    /// Shown under the line it is about: `at` is the member's or the device's id.
    pub(super) fn removal_view(&self, at: &str) -> Option<Element<'_, Message>> {
        let p = self.removal.as_ref().filter(|p| match &p.target {
            Target::Member { id, .. } | Target::Device { id, .. } => id == at,
        })?;
        let (title, what, yes) = match &p.target {
            Target::Member { name, devices, .. } => (
                text::team_remove_title(name),
                text::team_remove_what(name, *devices),
                text::TEAM_REMOVE_CONFIRM,
            ),
            Target::Device { short, name, .. } => (
                text::team_remove_device_title(short),
                text::team_remove_device_what(short, name),
                text::TEAM_REMOVE_DEVICE_CONFIRM,
            ),
        };
        let cancel = button(label(text::CANCEL))
            .id(CANCEL_ID)
            .style(button::secondary)
            .on_press_maybe((!p.busy).then_some(Message::Remove(Remove::Cancel)));
        let confirm = button(label(if p.busy { text::TEAM_REMOVING } else { yes }))
            .style(button::danger)
            .on_press_maybe((!p.busy).then_some(Message::Remove(Remove::Confirm)));
        let body = column![
            label(title).size(18),
            label(what),
            row![cancel, confirm].spacing(10)
        ]
        .spacing(10);
        let card = container(body).padding(14).width(Fill).style(theme::notice);
        Some(
            focus::scope(card)
                .on_escape(Message::Remove(Remove::Cancel))
                .into(),
        )
    }
}
