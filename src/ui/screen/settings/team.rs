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
use crate::ui::focus::{button, pick_list};
use crate::ui::sync::team_call;
use crate::ui::{files, parts, text, theme};
use iced::widget::{column, container, row, text as label, text_input};
use iced::{Element, Fill, Task};
use std::path::PathBuf;
use zeroize::Zeroizing;

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
}

/// What the workspace learns from this section.
pub enum Event {
    /// The store joined or created a team: the background sync starts.
    TeamChanged,
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

    pub fn view(&self) -> Element<'_, Message> {
        let mut col = column![
            parts::heading(text::TEAM),
            label(text::TEAM_HINT).size(13).style(label::secondary)
        ]
        .spacing(10);
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        let Some(loaded) = &self.loaded else {
            return col.into();
        };
        match &loaded.status {
            None => col.push(self.create_view()).push(self.join_view()),
            Some(s) if s.joining => col.push(label(text::SYNC_WAITING)).push(
                label(text::TEAM_WAITING_HINT)
                    .size(13)
                    .style(label::secondary),
            ),
            Some(s) => {
                col = col.push(self.team_view(loaded, s));
                if loaded.standing == Standing::Member(Role::Admin) {
                    col = col.push(self.invite_view());
                }
                col
            }
        }
        .into()
    }

    fn folder_row(&self, which: Which) -> Element<'_, Message> {
        let (value, field, hint) = match which {
            Which::Create => (&self.folder, Field::Folder, text::TEAM_FOLDER),
            Which::Join => (&self.join_folder, Field::JoinFolder, text::TEAM_JOIN_FOLDER),
        };
        let mut col = column![
            row![
                text_input(&hint, value)
                    .on_input(move |v| Message::Edit(field, v))
                    .width(Fill),
                button(label(text::TEAM_CHOOSE_FOLDER)).on_press(Message::Pick(which))
            ]
            .spacing(8)
        ]
        .spacing(4);
        if self.no_chooser {
            col = col.push(
                label(text::TEAM_NO_CHOOSER)
                    .size(13)
                    .style(label::secondary),
            );
        }
        col.into()
    }

    /// A field with its name above it and a hint inside while empty.
    fn input<'a>(
        &'a self,
        (name, hint): (text::Msg, text::Msg),
        f: Field,
        submit: Message,
    ) -> Element<'a, Message> {
        let value = match f {
            Field::TeamName => &self.team_name,
            Field::MyName => &self.my_name,
            Field::Folder => &self.folder,
            Field::JoinFolder => &self.join_folder,
            Field::Code => &self.code,
            Field::JoinName => &self.join_name,
            Field::InviteName => &self.invite_name,
        };
        column![
            label(name).size(12).style(label::secondary),
            text_input(&hint, value)
                .on_input(move |v| Message::Edit(f, v))
                .on_submit(submit)
                .width(Fill)
        ]
        .spacing(2)
        .into()
    }

    fn create_view(&self) -> Element<'_, Message> {
        sub_card(
            column![
                label(text::TEAM_CREATE_TITLE).size(16),
                self.input(
                    (text::TEAM_NAME, text::TEAM_NAME_HINT),
                    Field::TeamName,
                    Message::Create
                ),
                self.input(
                    (text::TEAM_YOUR_NAME, text::TEAM_YOUR_NAME_HINT),
                    Field::MyName,
                    Message::Create
                ),
                self.folder_row(Which::Create),
                button(label(text::TEAM_CREATE))
                    .style(button::primary)
                    .on_press_maybe((!self.busy).then_some(Message::Create)),
            ]
            .spacing(8),
        )
    }

    fn join_view(&self) -> Element<'_, Message> {
        sub_card(
            column![
                label(text::TEAM_JOIN_TITLE).size(16),
                self.folder_row(Which::Join),
                self.input(
                    (text::TEAM_CODE, text::TEAM_CODE_HINT),
                    Field::Code,
                    Message::Join
                ),
                self.input(
                    (text::TEAM_YOUR_NAME_JOIN, text::TEAM_YOUR_NAME_HINT),
                    Field::JoinName,
                    Message::Join
                ),
                button(label(text::TEAM_JOIN))
                    .on_press_maybe((!self.busy).then_some(Message::Join)),
            ]
            .spacing(8),
        )
    }

    fn team_view<'a>(&'a self, loaded: &'a Loaded, s: &'a TeamStatus) -> Element<'a, Message> {
        let now = chrono::Utc::now();
        let mut col = column![
            label(text::team_name_line(loaded.name.as_deref().unwrap_or(""))).size(16),
            label(text::this_device(&s.device))
                .size(13)
                .style(label::secondary),
        ]
        .spacing(6);
        for m in &loaded.members {
            col = col.push(
                row![
                    label(m.name.as_str()).width(260),
                    label(role_label(&m.role))
                        .width(140)
                        .style(label::secondary),
                ]
                .spacing(8),
            );
            for d in &m.devices {
                let ago = d
                    .last_sync
                    .as_deref()
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| text::ago((now - t.with_timezone(&chrono::Utc)).num_minutes().max(0)))
                    .unwrap_or_else(|| text::NEVER_SYNCED.to_string());
                let mine = if d.id == s.device {
                    format!(" {}", text::THIS_DEVICE_MARK)
                } else {
                    String::new()
                };
                col = col.push(
                    label(text::device_line(&short(&d.id), &mine, &ago))
                        .size(13)
                        .style(label::secondary),
                );
            }
        }
        col.into()
    }

    fn invite_view(&self) -> Element<'_, Message> {
        let mut col = column![
            label(text::TEAM_INVITE_TITLE).size(16),
            row![
                text_input(&text::TEAM_INVITE_NAME, &self.invite_name)
                    .on_input(|v| Message::Edit(Field::InviteName, v))
                    .on_submit(Message::Invite)
                    .width(Fill),
                pick_list(RoleChoice::ALL, self.invite_role, Message::InviteRole)
                    .placeholder(text::TEAM_CHOOSE_ROLE)
                    .width(220),
                button(label(text::TEAM_INVITE))
                    .on_press_maybe((!self.busy).then_some(Message::Invite)),
            ]
            .spacing(8)
            .align_y(iced::Center)
        ]
        .spacing(8);
        if let Some((name, code)) = &self.shown_code {
            let copy = if self.copied {
                text::COPIED
            } else {
                text::COPY
            };
            let body = column![
                label(text::invite_code_for(name)),
                label(code.as_str()).size(22).font(iced::Font::MONOSPACE),
                label(text::TEAM_CODE_ONCE).size(13),
                row![
                    button(label(copy)).on_press(Message::CopyCode),
                    button(label(text::TEAM_CODE_DONE))
                        .style(button::secondary)
                        .on_press(Message::CloseCode),
                ]
                .spacing(8),
            ]
            .spacing(8);
            col = col.push(container(body).padding(14).width(Fill).style(theme::notice));
        }
        sub_card(col)
    }
}

/// The first group of a device id (enough to tell a team's devices apart).
fn short(id: &str) -> String {
    id.chars().take(8).collect()
}

fn role_label(role: &str) -> &'static str {
    match role.parse::<Role>() {
        Ok(r) => text::team_role(r),
        Err(_) => "",
    }
}

fn sub_card<'a>(content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(content)
        .padding(12)
        .width(Fill)
        .style(theme::card)
        .into()
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
