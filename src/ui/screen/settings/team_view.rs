//! The Team section's view: the create and join forms, the member list with each device's last
//! sync, and the invite form with the one-time code shown once.

use super::remove::{self, Remove};
use super::{Field, Loaded, Message, RoleChoice, State, Which};
use crate::privacy::team::TeamStatus;
use crate::privacy::team::policy::Standing;
use crate::team::access::Action;
use crate::team::roster::Role;
use crate::ui::db::Db;
use crate::ui::focus::{button, pick_list};
use crate::ui::permit;
use crate::ui::{parts, text, theme};
use iced::widget::{column, container, row, text as label, text_input};
use iced::{Element, Fill};

impl State {
    pub fn view(&self, db: &Db) -> Element<'_, Message> {
        let mut col = column![
            parts::heading(text::TEAM),
            label(text::TEAM_HINT).size(13).style(label::secondary)
        ]
        .spacing(10);
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        if let Some(done) = &self.done {
            col = col.push(container(label(done.as_str())).padding(8).style(theme::tag));
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
                let admin = Admin {
                    remove: permit::allowed(db, Action::TeamRemove),
                    role: permit::allowed(db, Action::TeamRole),
                };
                col = col.push(self.team_view(loaded, s, admin));
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

    fn team_view<'a>(
        &'a self,
        loaded: &'a Loaded,
        s: &'a TeamStatus,
        admin: Admin,
    ) -> Element<'a, Message> {
        let idle = !self.busy && self.removal.is_none();
        let now = chrono::Utc::now();
        let mut col = column![
            label(text::team_name_line(loaded.name.as_deref().unwrap_or(""))).size(16),
            label(text::this_device(&s.device))
                .size(13)
                .style(label::secondary),
        ]
        .spacing(6);
        for m in &loaded.members {
            let mut line = row![label(m.name.as_str()).width(260)]
                .spacing(8)
                .align_y(iced::Center);
            let current = m.role.parse::<Role>().ok().map(RoleChoice);
            line = if admin.role {
                let id = m.id.clone();
                line.push(
                    pick_list(RoleChoice::ALL, current, move |r| {
                        Message::Remove(Remove::SetRole(id.clone(), r))
                    })
                    .placeholder(text::TEAM_MEMBER_ROLE)
                    .width(180),
                )
            } else {
                line.push(
                    label(role_label(&m.role))
                        .width(140)
                        .style(label::secondary),
                )
            };
            if admin.remove {
                line = line.push(
                    button(label(text::TEAM_REMOVE))
                        .id(remove::remove_id(&m.id))
                        .style(button::secondary)
                        .on_press_maybe(idle.then(|| Message::Remove(Remove::Ask(m.id.clone())))),
                );
            }
            col = col.push(line);
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
                let mut line = row![
                    label(text::device_line(&short(&d.id), &mine, &ago))
                        .size(13)
                        .style(label::secondary)
                ]
                .spacing(8)
                .align_y(iced::Center);
                if admin.remove && d.id != s.device {
                    let ask = Remove::AskDevice {
                        id: d.id.clone(),
                        short: short(&d.id),
                        name: m.name.clone(),
                    };
                    line = line.push(
                        button(label(text::TEAM_REMOVE_DEVICE).size(13))
                            .id(remove::remove_device_id(&d.id))
                            .style(button::secondary)
                            .on_press_maybe(idle.then_some(Message::Remove(ask))),
                    );
                }
                col = col.push(line);
                col = col.extend(self.removal_view(&d.id));
            }
            col = col.extend(self.removal_view(&m.id));
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

/// What this user's role lets the member list offer (`permit`, the same table as the CLI).
#[derive(Clone, Copy)]
struct Admin {
    remove: bool,
    role: bool,
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
