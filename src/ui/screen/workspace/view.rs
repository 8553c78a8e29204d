//! The workspace's view: the tab bar (with "Import…" and "New contact"), the current tab, the
//! notice line, and the erase confirmation over everything as a modal.

use super::{Message, Notice, State, Tab};
use crate::team::access::Action;
use crate::ui::focus::button;
use crate::ui::modal::{erase, log_activity};
use crate::ui::{focus, parts, permit, text, theme};
use iced::widget::{center, column, container, opaque, row, rule, stack, text as label};
use iced::{Element, Fill};

impl State {
    pub fn view(&self) -> Element<'_, Message> {
        // The tabs wrap onto a second line in a narrow window, so the actions on the right
        // keep their room (seven tabs no longer fit beside them at 1024 px).
        let names = row![
            self.tab_button(Tab::Today, text::TAB_TODAY),
            self.tab_button(Tab::Contacts, text::TAB_CONTACTS),
            self.tab_button(Tab::Organisations, text::TAB_ORGANISATIONS),
            self.tab_button(Tab::Overview, text::TAB_OVERVIEW),
            self.tab_button(Tab::Audit, text::TAB_AUDIT),
            self.tab_button(Tab::Settings, text::TAB_SETTINGS),
            self.tab_button(Tab::Documentation, text::TAB_DOCUMENTATION),
        ]
        .spacing(4)
        .wrap()
        .vertical_spacing(4);
        let tabs = row![
            iced::widget::container(names).width(Fill),
            button(label(text::HELP))
                .padding([6, 14])
                .style(button::text)
                .on_press(Message::HelpClicked),
            permit::button(
                &self.db,
                Action::Import,
                button(parts::with_icon(parts::icon::IMPORT, text::IMPORT))
                    .padding([6, 14])
                    .style(theme::chip(self.tab == Tab::Import)),
                Some(Message::TabSelected(Tab::Import))
            ),
            permit::button(
                &self.db,
                Action::ContactAdd,
                button(parts::with_icon(parts::icon::NEW, text::NEW_CONTACT))
                    // A set width: the label takes two lines rather than the tabs' room.
                    .width(150)
                    .padding([6, 14])
                    .style(button::primary),
                Some(Message::NewContactClicked)
            )
        ]
        .spacing(4)
        .padding([6, 12]);
        let body: Element<'_, Message> = match self.tab {
            Tab::Today => self.today.view().map(Message::Today),
            Tab::Contacts => self.contacts_view(),
            Tab::Organisations => self.organisations.view().map(Message::Organisations),
            Tab::Overview => self.overview.view().map(Message::Overview),
            Tab::Audit => self.audit.view().map(Message::Audit),
            Tab::Import => self.import.view().map(Message::Import),
            Tab::Settings => self.settings.view().map(Message::Settings),
            Tab::Documentation => self.documentation.view().map(Message::Documentation),
        };
        let mut page = column![tabs].height(Fill);
        if let Some(state) = self.sync_state() {
            page = page.push(state);
        }
        let mut page = page.push(rule::horizontal(1));
        if let Some(why) = permit::banner(&self.db) {
            page = page.push(container(label(why).size(13)).padding([6, 14]).width(Fill));
        }
        let mut page = page.push(body);
        if let Some(n) = &self.notice {
            page = page.push(self.notice_view(n));
        }
        let modal = match (&self.erase, &self.log) {
            (Some(modal), _) => Some(self.modal_view(modal)),
            (None, Some(modal)) => Some(
                focus::scope(modal.view().map(Message::LogActivity))
                    .on_escape(Message::LogActivity(log_activity::Message::Cancel))
                    .into(),
            ),
            (None, None) if self.help => Some(self.help_view()),
            (None, None) => None,
        };
        match modal {
            Some(m) => stack![page, opaque(center(m).style(theme::backdrop))].into(),
            None => page.into(),
        }
    }

    /// Tab cycles inside the modal only; Esc closes it.
    fn modal_view<'a>(&'a self, modal: &'a erase::State) -> Element<'a, Message> {
        focus::scope(modal.view().map(Message::Erase))
            .on_escape(Message::Erase(erase::Message::Cancel))
            .into()
    }

    /// The keyboard map (F1); Esc, F1 or Close shut it.
    fn help_view(&self) -> Element<'_, Message> {
        let mut keys = column![].spacing(6);
        for (key, what) in text::KEYS {
            keys = keys.push(
                row![
                    label(key).width(200).font(iced::Font::MONOSPACE),
                    label(what).width(Fill)
                ]
                .spacing(12),
            );
        }
        let body = column![
            label(text::HELP_TITLE).size(22),
            keys,
            button(label(text::HELP_CLOSE))
                .id(super::HELP_CLOSE_ID)
                .on_press(Message::HelpClosed)
        ]
        .spacing(14);
        let card = container(body)
            .padding(24)
            .max_width(720)
            .style(theme::card);
        focus::scope(card).on_escape(Message::HelpClosed).into()
    }

    /// The team sync's state, a line of its own under the tabs (only in a team, so the tab
    /// bar keeps its width); skipped files as a button that lists them with their reasons.
    fn sync_state(&self) -> Option<Element<'_, Message>> {
        let state = self.sync.describe(chrono::Utc::now())?;
        let mut line = row![
            iced::widget::space::horizontal(),
            label(state).size(13).style(label::secondary)
        ]
        .spacing(6)
        .align_y(iced::Center);
        let skipped = self.sync.rejected().len();
        if skipped > 0 {
            line = line.push(
                button(label(text::files_skipped(skipped)).size(13))
                    .padding([2, 6])
                    .style(button::text)
                    .on_press(Message::ShowSkipped),
            );
        }
        Some(container(line).padding([0, 16]).into())
    }

    fn tab_button<'a>(&self, tab: Tab, name: text::Msg) -> Element<'a, Message> {
        button(label(name))
            .padding([6, 14])
            .style(theme::chip(self.tab == tab))
            .on_press(Message::TabSelected(tab))
            .into()
    }

    fn contacts_view(&self) -> Element<'_, Message> {
        let list = container(self.contacts.view().map(Message::Contacts))
            .width(420)
            .height(Fill)
            .style(theme::pane);
        let detail: Element<'_, Message> = match (&self.new, &self.detail) {
            (Some(form), _) => form.view().map(Message::NewContact),
            (None, Some(d)) => d.view().map(Message::Contact),
            (None, None) => center(label(text::SELECT_HINT).style(label::secondary)).into(),
        };
        row![
            list,
            rule::vertical(1),
            container(detail).width(Fill).height(Fill)
        ]
        .height(Fill)
        .into()
    }

    fn notice_view<'a>(&'a self, n: &'a Notice) -> Element<'a, Message> {
        let mut line = row![label(n.text.as_str()).width(Fill)]
            .spacing(8)
            .align_y(iced::Center);
        if n.copy.is_some() {
            line = line.push(
                button(label(text::COPY_PATH).size(13))
                    .style(button::secondary)
                    .on_press(Message::CopyPath),
            );
        } else if n.path.is_some() {
            line = line
                .push(
                    button(label(text::SHOW_IN_FOLDER).size(13))
                        .style(button::secondary)
                        .on_press(Message::ShowInFolder),
                )
                .push(
                    button(label(text::SAVE_COPY_AS).size(13))
                        .style(button::secondary)
                        .on_press(Message::SaveCopy),
                );
        }
        line = line.push(
            button(label(text::DISMISS).size(13))
                .style(button::text)
                .on_press(Message::DismissNotice),
        );
        container(container(line).padding(10).width(Fill).style(theme::notice))
            .padding(8)
            .into()
    }
}
