//! The Organisations tab's view: the list with its search beside the open organisation's page
//! (facts or the edit form, a page of its people, its latest activities).

use super::{Field, Form, Industry, LIST_MAX, Message, NAME_ID, PEOPLE_PAGE, SEARCH_ID, State};
use crate::privacy::organisations::{Page, Person};
use crate::ui::focus::{self, button, pick_list};
use crate::ui::{parts, text, theme};
use iced::widget::{center, column, container, row, rule, scrollable, text as label, text_input};
use iced::{Element, Fill};

impl State {
    pub(super) fn screen(&self) -> Element<'_, Message> {
        let list = container(self.list_view())
            .width(360)
            .height(Fill)
            .style(theme::pane);
        let page: Element<'_, Message> = match &self.page {
            Some(p) => self.page_view(p),
            None => {
                let hint = self.error.as_deref().unwrap_or(&text::SELECT_ORGANISATION);
                center(label(hint).style(label::secondary)).into()
            }
        };
        row![
            list,
            rule::vertical(1),
            container(page).width(Fill).height(Fill)
        ]
        .height(Fill)
        .into()
    }

    fn list_view(&self) -> Element<'_, Message> {
        let search = text_input(&text::SEARCH_ORGANISATIONS, &self.query)
            .id(SEARCH_ID)
            .on_input(Message::SearchChanged)
            .padding(10);
        let count = label(text::organisations_shown(
            self.list.len().min(LIST_MAX),
            self.list.len(),
        ))
        .size(12)
        .style(label::secondary);
        let mut rows = column![].spacing(2);
        let open = self.page.as_ref().map(|p| p.organisation.id);
        for l in self.list.iter().take(LIST_MAX) {
            let o = &l.organisation;
            let line = row![
                container(
                    label(o.name.as_str())
                        .size(15)
                        .wrapping(label::Wrapping::None)
                )
                .width(Fill)
                .clip(true),
                label(text::people(l.people as usize))
                    .size(12)
                    .style(label::secondary),
            ]
            .spacing(8)
            .align_y(iced::Center);
            rows = rows.push(
                button(line)
                    .width(Fill)
                    .padding([6, 10])
                    .style(theme::row(open == Some(o.id)))
                    .on_press(Message::OrganisationClicked(o.name.clone())),
            );
        }
        if self.list.is_empty() {
            rows = rows
                .push(container(label(text::NO_ORGANISATIONS).style(label::secondary)).padding(16));
        }
        // The right padding keeps the counts clear of the scrollbar.
        column![
            search,
            count,
            scrollable(rows.padding(iced::Padding::ZERO.right(12))).height(Fill)
        ]
        .spacing(10)
        .padding(12)
        .into()
    }

    fn page_view<'a>(&'a self, p: &'a Page) -> Element<'a, Message> {
        let mut col = column![].spacing(16);
        col = col.push(match &self.edit {
            Some(form) => self.form_view(form),
            None => self.facts(p),
        });
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        col = col.push(self.people(p)).push(activities(p));
        scrollable(col.padding(20)).height(Fill).into()
    }

    fn facts<'a>(&'a self, p: &'a Page) -> Element<'a, Message> {
        let o = &p.organisation;
        let fact = |name: text::Msg, value: &'a str| {
            let value = if value.is_empty() {
                text::NOT_SET.get()
            } else {
                value
            };
            row![
                label(name).size(13).style(label::secondary).width(180),
                label(value).size(14)
            ]
            .spacing(8)
        };
        column![
            label(o.name.as_str()).size(26),
            fact(text::ORG_NUMBER, &o.org_number),
            fact(text::INDUSTRY, &p.industry_label),
            fact(text::ORG_ADDRESS, &o.address),
            fact(text::ORG_WEB, &o.web),
            button(parts::with_icon(parts::icon::EDIT, text::EDIT))
                .style(button::secondary)
                .on_press(Message::EditClicked),
        ]
        .spacing(6)
        .into()
    }

    fn form_view<'a>(&'a self, f: &'a Form) -> Element<'a, Message> {
        let input = |name: text::Msg, hint: text::Msg, value: &'a str, field: Field| {
            row![
                label(name).size(13).width(180),
                text_input(&hint, value)
                    .on_input(move |v| Message::EditField(field, v))
                    .on_submit(Message::SaveClicked)
                    .width(Fill)
            ]
            .spacing(8)
            .align_y(iced::Center)
        };
        let mut choices = vec![Industry {
            code: String::new(),
            label: text::NO_INDUSTRY.to_string(),
        }];
        choices.extend(self.industries.iter().cloned());
        let name = row![
            label(text::ORG_NAME).size(13).width(180),
            text_input(&text::ORG_NAME_HINT, &f.name)
                .id(NAME_ID)
                .on_input(|v| Message::EditField(Field::Name, v))
                .on_submit(Message::SaveClicked)
                .width(Fill)
        ]
        .spacing(8)
        .align_y(iced::Center);
        let industry = row![
            label(text::INDUSTRY).size(13).width(180),
            pick_list(choices, f.industry.clone(), Message::IndustryPicked)
                .placeholder(text::NO_INDUSTRY.to_string())
                .width(Fill)
        ]
        .spacing(8)
        .align_y(iced::Center);
        let form = column![
            name,
            input(
                text::ORG_NUMBER,
                text::ORG_NUMBER_HINT,
                &f.number,
                Field::Number
            ),
            industry,
            input(
                text::ORG_ADDRESS,
                text::ORG_ADDRESS_HINT,
                &f.address,
                Field::Address
            ),
            input(text::ORG_WEB, text::ORG_WEB_HINT, &f.web, Field::Web),
            row![
                button(label(text::SAVE))
                    .style(button::primary)
                    .on_press_maybe((!self.busy).then_some(Message::SaveClicked)),
                button(label(text::CANCEL))
                    .style(button::secondary)
                    .on_press(Message::CancelEdit),
            ]
            .spacing(8),
        ]
        .spacing(8);
        // Tab stays in the form while it is open; Esc cancels it.
        focus::scope(container(form).padding(14).style(theme::card))
            .on_escape(Message::CancelEdit)
            .into()
    }

    fn people<'a>(&'a self, p: &'a Page) -> Element<'a, Message> {
        let n = p.people.len();
        let first = self.first.min(n);
        let last = (first + PEOPLE_PAGE).min(n);
        let mut col = column![parts::heading(text::people(n))].spacing(6);
        // The pager sits above the rows, where it stays in view.
        if n > PEOPLE_PAGE {
            let back = first.checked_sub(PEOPLE_PAGE).map(Message::PeopleFrom);
            let on = (last < n).then_some(Message::PeopleFrom(last));
            col = col.push(
                row![
                    button(label(text::PREVIOUS).size(13))
                        .style(button::secondary)
                        .on_press_maybe(back),
                    label(text::people_range(first + 1, last, n)).size(13),
                    button(label(text::NEXT).size(13))
                        .style(button::secondary)
                        .on_press_maybe(on),
                ]
                .spacing(10)
                .align_y(iced::Center),
            );
        }
        for person in &p.people[first..last] {
            col = col.push(person_row(person));
        }
        container(col)
            .padding(14)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

/// A person: the name (a Tab stop that opens the contact), the title, a badge per consent
/// purpose, and the nearest expiry, as the contact list shows it.
fn person_row(p: &Person) -> Element<'_, Message> {
    let mut line = row![
        button(label(p.name.as_str()))
            .style(button::text)
            .on_press(Message::PersonClicked(p.id)),
        label(p.title.as_str()).style(label::secondary).width(Fill),
    ]
    .spacing(8)
    .align_y(iced::Center);
    if p.restricted {
        line = line.push(parts::tag(text::FILTER_RESTRICTED));
    }
    for b in &p.badges {
        line = line.push(
            row![label(b.purpose.as_str()).size(12), parts::badge(b.status)]
                .spacing(4)
                .align_y(iced::Center),
        );
    }
    let expiry = p
        .nearest_expiry
        .map_or_else(|| text::NO_EXPIRY.to_string(), text::date);
    line = line.push(label(expiry).size(12).width(80));
    container(line).padding([2, 6]).into()
}

fn activities(p: &Page) -> Element<'_, Message> {
    let mut col = column![parts::heading(text::LATEST_ACTIVITIES)].spacing(6);
    if p.activities.is_empty() {
        col = col.push(
            label(text::NO_ORG_ACTIVITIES)
                .size(13)
                .style(label::secondary),
        );
    }
    for a in &p.activities {
        col = col.push(
            row![
                label(text::date(a.on)).size(13).width(100),
                label(text::activity_kind(a.kind)).size(13).width(120),
                label(a.outcome.label.as_str()).size(13).width(Fill),
                label(a.purpose.as_deref().unwrap_or(""))
                    .size(12)
                    .style(label::secondary),
            ]
            .spacing(8),
        );
    }
    container(col)
        .padding(14)
        .width(Fill)
        .style(theme::card)
        .into()
}
