//! The workspace's side of the background team sync (`ui::sync`): starting it at unlock and
//! after Settings → Team joined a team, asking for a round after each local write, and after a
//! round that applied changes refreshing the list, Today and the open contact in place — an
//! edit in progress is kept, with a notice that another laptop changed the contact.

use super::{Message, Notice, State};
use crate::ui::sync::{self, OpenContact};
use crate::ui::text;
use iced::{Subscription, Task};

impl State {
    /// The background sync's state (the top bar shows it).
    pub fn sync(&self) -> &sync::State {
        &self.sync
    }

    /// The clock that makes rounds due (only while the store is in a team).
    pub fn subscription(&self) -> Subscription<Message> {
        self.sync.subscription().map(Message::Sync)
    }

    pub(super) fn on_sync(&mut self, m: sync::Message) -> Task<Message> {
        // A finished round may have brought a roster entry (a role change, an acceptance, a
        // removal): the standing is read again so the buttons follow at once (issue 13).
        let round_done = matches!(m, sync::Message::Done(Ok(_)));
        let (task, event) = self.sync.update(m, self.open_contact());
        let task = task.map(Message::Sync);
        let task = if round_done {
            Task::batch([task, self.reload_standing()])
        } else {
            task
        };
        match event {
            Some(e) => Task::batch([task, self.synced(e)]),
            None => task,
        }
    }

    /// A local write: the sync runs a round a few seconds later.
    pub(super) fn wrote(&mut self) {
        self.sync.wrote();
    }

    /// Settings → Team created or joined a team: the sync learns of it.
    pub(super) fn team_changed(&mut self) -> Task<Message> {
        self.sync.refresh().map(Message::Sync)
    }

    /// Remote changes arrived: everything shown is read again where it stands (the list keeps
    /// its search, filters, scroll and selection; an open edit form keeps what was typed).
    fn synced(&mut self, e: sync::Event) -> Task<Message> {
        let mut tasks = vec![
            self.contacts.refresh().map(Message::Contacts),
            self.today.refresh().map(Message::Today),
        ];
        if e.team_changed {
            tasks.push(self.settings.refresh_team().map(Message::Settings));
        }
        match (e.open, &self.detail) {
            (OpenContact::Gone, Some(_)) => {
                self.detail = None;
                self.notify(text::CONTACT_ERASED_REMOTELY.to_string());
            }
            (open, Some(d)) => {
                let editing = d.is_editing();
                tasks.push(d.reload().map(Message::Contact));
                if open == OpenContact::Changed && editing {
                    self.notify(text::CONTACT_CHANGED_REMOTELY.to_string());
                }
            }
            (_, None) => {}
        }
        Task::batch(tasks)
    }

    /// The top bar's "N files skipped": the files and reasons in the notice line.
    pub(super) fn show_skipped(&mut self) -> Task<Message> {
        let lines: Vec<String> = self
            .sync
            .rejected()
            .iter()
            .map(|r| text::skipped_file(&r.file, &r.reason))
            .collect();
        if !lines.is_empty() {
            self.notify(lines.join("\n"));
        }
        Task::none()
    }

    fn notify(&mut self, text: String) {
        self.notice = Some(Notice {
            text,
            path: None,
            copy: None,
        });
    }
}
