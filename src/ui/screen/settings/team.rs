//! The Team section of Settings (issue 12): with the store in no team, "Create a team" (team
//! name, your name, folder) and "Join a team" (folder, invitation code, your name); while
//! joining, that an admin must accept this laptop; in a team, its name, this device, the members
//! with their roles and devices (last sync as "2 min ago"), and for an admin "Invite" (name and
//! role), which shows the one-time code once, copyable. The code lives only in this state, is
//! zeroized when dropped, and is dropped when the user leaves Settings (`forget_code`).
//! Everything runs through `privacy::team`, as `rapport team …` does, off the UI thread.

use crate::privacy::team::policy::{self, Standing};
use crate::privacy::team::{self, MemberView, TeamStatus, setup};
use crate::team::roster::Role;
use crate::ui::db::{Db, Outcome};
use crate::ui::sync::team_call;
use crate::ui::{files, text};
use iced::Task;
use std::path::PathBuf;
use zeroize::Zeroizing;

#[path = "team_view.rs"]
mod view;

#[path = "team_remove.rs"]
pub mod remove;

/// A role as the picker shows it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RoleChoice(pub Role);

impl RoleChoice {
    pub const ALL: [RoleChoice; 3] = [
        RoleChoice(Role::Sales),
        RoleChoice(Role::ReadOnly),
        RoleChoice(Role::Admin),
    ];
}

impl std::fmt::Display for RoleChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(text::team_role(self.0))
    }
}

/// Which folder field a picker fills.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Which {
    Create,
    Join,
}

/// A field of the section's forms.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Field {
    TeamName,
    MyName,
    Folder,
    JoinFolder,
    Code,
    JoinName,
    InviteName,
}

/// What the store says: its team (or none), the members, this user's standing, the team's name.
#[derive(Clone)]
pub struct Loaded {
    pub status: Option<TeamStatus>,
    pub members: Vec<MemberView>,
    pub standing: Standing,
    pub name: Option<String>,
}

#[derive(Clone)]
pub enum Message {
    Loaded(Outcome<Box<Loaded>>),
    Edit(Field, String),
    Pick(Which),
    Picked(Which, files::Dialog),
    Create,
    Join,
    /// Create or join finished.
    Done(Outcome<()>),
    InviteRole(RoleChoice),
    Invite,
    Invited(Outcome<(String, Zeroizing<String>)>),
    CopyCode,
    CloseCode,
    /// Offboarding: remove a member or a laptop, change a role (admin only).
    Remove(remove::Remove),
}

/// What the workspace learns from this section.
pub enum Event {
    /// The store joined or created a team: the background sync starts.
    TeamChanged,
    /// A member was removed or a role changed: the workspace re-reads this user's standing.
    RosterChanged,
}

#[derive(Default)]
pub struct State {
    loaded: Option<Loaded>,
    team_name: String,
    my_name: String,
    folder: String,
    join_folder: String,
    code: String,
    join_name: String,
    invite_name: String,
    invite_role: Option<RoleChoice>,
    /// The one-time code just made, and for whom: shown once.
    shown_code: Option<(String, Zeroizing<String>)>,
    copied: bool,
    no_chooser: bool,
    busy: bool,
    error: Option<String>,
    /// The open removal confirmation (see `remove`).
    removal: Option<remove::Pending>,
    /// What the last removal did, as a sentence.
    done: Option<String>,
}

fn default_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
}

impl State {
    pub fn new() -> Self {
        Self {
            my_name: default_name(),
            join_name: default_name(),
            ..Self::default()
        }
    }

    pub fn refresh(db: &Db) -> Task<Message> {
        let load = team_call(db, |s| {
            let status = team::status(s)?;
            let in_team = status.as_ref().is_some_and(|t| !t.joining);
            Ok(Box::new(Loaded {
                members: if in_team {
                    team::members(s)?
                } else {
                    Vec::new()
                },
                standing: policy::standing(s)?.0,
                name: if in_team { team::team_name(s)? } else { None },
                status,
            }))
        });
        Task::perform(load, Message::Loaded)
    }

    /// The store's team as last read (`None` before the first read or outside a team).
    pub fn status(&self) -> Option<&TeamStatus> {
        self.loaded.as_ref()?.status.as_ref()
    }

    pub fn members(&self) -> &[MemberView] {
        self.loaded.as_ref().map_or(&[], |l| &l.members)
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The one-time code on show, if any.
    pub fn shown_code(&self) -> Option<&str> {
        self.shown_code.as_ref().map(|(_, c)| c.as_str())
    }

    /// Whether the section says that no folder chooser is available.
    pub fn says_no_chooser(&self) -> bool {
        self.no_chooser
    }

    /// The user left the section: the code is gone (zeroized as it drops).
    pub fn forget_code(&mut self) {
        self.shown_code = None;
        self.copied = false;
    }

    pub fn update(&mut self, db: &Db, m: Message) -> (Task<Message>, Option<Event>) {
        let none = (Task::none(), None);
        match m {
            Message::Loaded(Ok(l)) => {
                self.loaded = Some(*l);
                none
            }
            Message::Loaded(Err(e)) => {
                self.error = Some(e);
                none
            }
            Message::Edit(f, v) => {
                *self.field(f) = v;
                none
            }
            Message::Pick(which) => (
                Task::perform(pick_folder(), move |d| Message::Picked(which, d)),
                None,
            ),
            Message::Picked(which, dialog) => {
                match dialog {
                    files::Dialog::Chosen(p) => {
                        self.no_chooser = false;
                        *self.folder_of(which) = p.display().to_string();
                    }
                    files::Dialog::Cancelled => {}
                    files::Dialog::Unavailable => self.no_chooser = true,
                }
                none
            }
            Message::Create => (self.create(db), None),
            Message::Join => (self.join(db), None),
            Message::Done(result) => {
                self.busy = false;
                match result {
                    Ok(()) => {
                        self.error = None;
                        self.code.clear();
                        (Self::refresh(db), Some(Event::TeamChanged))
                    }
                    Err(e) => {
                        self.error = Some(e);
                        none
                    }
                }
            }
            Message::InviteRole(r) => {
                self.invite_role = Some(r);
                none
            }
            Message::Invite => (self.invite(db), None),
            Message::Invited(result) => {
                self.busy = false;
                match result {
                    Ok(shown) => {
                        self.error = None;
                        self.invite_name.clear();
                        self.invite_role = None;
                        self.copied = false;
                        self.shown_code = Some(shown);
                    }
                    Err(e) => self.error = Some(e),
                }
                none
            }
            Message::CopyCode => match self.shown_code().map(str::to_string) {
                Some(code) => {
                    self.copied = true;
                    (iced::clipboard::write(code), None)
                }
                None => none,
            },
            Message::CloseCode => {
                self.forget_code();
                none
            }
            Message::Remove(m) => self.update_remove(db, m),
        }
    }

    fn field(&mut self, f: Field) -> &mut String {
        match f {
            Field::TeamName => &mut self.team_name,
            Field::MyName => &mut self.my_name,
            Field::Folder => &mut self.folder,
            Field::JoinFolder => &mut self.join_folder,
            Field::Code => &mut self.code,
            Field::JoinName => &mut self.join_name,
            Field::InviteName => &mut self.invite_name,
        }
    }

    fn folder_of(&mut self, which: Which) -> &mut String {
        match which {
            Which::Create => &mut self.folder,
            Which::Join => &mut self.join_folder,
        }
    }

    /// The checks a typed form needs before the store is asked (one sentence each).
    fn check(&mut self, pairs: &[(&str, text::Msg)]) -> bool {
        match pairs.iter().find(|(v, _)| v.trim().is_empty()) {
            Some((_, why)) => {
                self.error = Some(why.to_string());
                false
            }
            None => true,
        }
    }

    fn create(&mut self, db: &Db) -> Task<Message> {
        let (name, me, folder) = (
            self.team_name.clone(),
            self.my_name.clone(),
            self.folder.clone(),
        );
        if self.busy
            || !self.check(&[
                (&name, text::TEAM_NEEDS_NAME),
                (&me, text::TEAM_NEEDS_YOUR_NAME),
                (&folder, text::TEAM_NEEDS_FOLDER),
            ])
        {
            return Task::none();
        }
        self.busy = true;
        let folder = PathBuf::from(folder.trim());
        let run = team_call(db, move |s| {
            setup::create(s, &name, &folder, me.trim(), chrono::Utc::now()).map(|_| ())
        });
        Task::perform(run, Message::Done)
    }

    fn join(&mut self, db: &Db) -> Task<Message> {
        let (folder, code, me) = (
            self.join_folder.clone(),
            Zeroizing::new(self.code.clone()),
            self.join_name.clone(),
        );
        if self.busy
            || !self.check(&[
                (&folder, text::TEAM_NEEDS_FOLDER),
                (&code, text::TEAM_NEEDS_CODE),
                (&me, text::TEAM_NEEDS_YOUR_NAME),
            ])
        {
            return Task::none();
        }
        self.busy = true;
        let folder = PathBuf::from(folder.trim());
        let run = team_call(db, move |s| {
            setup::join(s, &folder, &code, me.trim(), chrono::Utc::now()).map(|_| ())
        });
        Task::perform(run, Message::Done)
    }

    fn invite(&mut self, db: &Db) -> Task<Message> {
        let name = self.invite_name.trim().to_string();
        if self.busy || !self.check(&[(&name, text::TEAM_INVITE_NEEDS_NAME)]) {
            return Task::none();
        }
        let Some(RoleChoice(role)) = self.invite_role else {
            self.error = Some(text::TEAM_INVITE_NEEDS_ROLE.to_string());
            return Task::none();
        };
        self.busy = true;
        let run = team_call(db, move |s| {
            let code = setup::invite(s, &name, role, chrono::Utc::now())?;
            Ok((name, code))
        });
        Task::perform(run, Message::Invited)
    }
}

/// The "choose a folder" dialog (rfd); see `files::judge` for telling "no dialog" apart.
async fn pick_folder() -> files::Dialog {
    let began = std::time::Instant::now();
    let answer = rfd::AsyncFileDialog::new()
        .pick_folder()
        .await
        .map(|f| f.path().to_path_buf());
    files::judge(answer, began.elapsed())
}
