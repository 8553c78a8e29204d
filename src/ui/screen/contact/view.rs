//! The contact's view: header with identity, contact points and actions (or the edit form),
//! consents per purpose with the renewal form, preferences as chips, and objections per channel.

use super::{Message, Proof, Renewal, State};
use crate::domain::{Answer, Channel, ObjectionScope, PointKind, ProofKind};
use crate::privacy::contacts::{ContactView, PurposeState};
use crate::team::access::Action;
use crate::ui::focus::{self, button, pick_list};
use crate::ui::{parts, permit, text, theme};
use iced::widget::{column, container, row, scrollable, text as label, text_input};
use iced::{Element, Fill};

impl State {
    pub fn view(&self) -> Element<'_, Message> {
        let Some(v) = &self.view else {
            let msg = self.error.as_deref().unwrap_or(&text::LOADING);
            return container(label(msg)).padding(24).into();
        };
        let mut col = column![self.header(v)].spacing(16);
        if let Some(e) = &self.error {
            col = col.push(parts::error_banner(e.as_str()));
        }
        if v.contact.restricted {
            col = col.push(
                container(label(text::RESTRICTED_NOTE))
                    .padding(10)
                    .width(Fill)
                    .style(theme::notice),
            );
        }
        col = col
            .push(self.consents(v))
            .push(self.preferences(v))
            .push(self.objections(v));
        scrollable(col.padding(20)).height(Fill).into()
    }

    fn header<'a>(&'a self, v: &'a ContactView) -> Element<'a, Message> {
        if let Some(form) = &self.edit {
            return self.edit_form(form);
        }
        let c = &v.contact;
        let mut who = column![label(c.display_name.as_str()).size(26)].spacing(4);
        // The organisation is a link to its page (issue 15).
        let mut role = row![].spacing(6).align_y(iced::Center);
        if !c.title.is_empty() {
            role = role.push(label(c.title.as_str()).style(label::secondary));
        }
        if !c.organisation.is_empty() {
            role = role.push(
                button(label(c.organisation.as_str()))
                    .id(super::ORGANISATION_ID)
                    .padding([0, 4])
                    .style(button::text)
                    .on_press(Message::OrganisationClicked),
            );
        }
        if !c.title.is_empty() || !c.organisation.is_empty() {
            who = who.push(role);
        }
        for kind in [
            PointKind::Email,
            PointKind::Phone,
            PointKind::Address,
            PointKind::Web,
        ] {
            for p in c.points_of(kind) {
                who = who.push(
                    label(format!(
                        "{} ({}): {}",
                        kind.as_str(),
                        p.label.as_str(),
                        p.value
                    ))
                    .size(14),
                );
            }
        }
        who = who.push(
            label(format!("{}: {}", text::STAGE, text::stage(c.stage)))
                .size(13)
                .style(label::secondary),
        );
        let src = if c.source.detail.is_empty() {
            c.source.kind.as_str().to_string()
        } else {
            format!("{}: {}", c.source.kind.as_str(), c.source.detail)
        };
        who = who.push(
            label(format!("{}: {}", text::SOURCE_OF_DATA, src))
                .size(13)
                .style(label::secondary),
        );
        let on = |m: Message| (!self.busy).then_some(m);
        let editable = !self.busy && !c.restricted;
        let actions = row![
            permit::button(
                &self.db,
                Action::Activity,
                button(label(text::LOG_ACTIVITY)).style(button::primary),
                editable.then_some(Message::LogActivityClicked)
            ),
            permit::button(
                &self.db,
                Action::ContactEdit,
                button(parts::with_icon(parts::icon::EDIT, text::EDIT)).style(button::secondary),
                editable.then_some(Message::EditClicked)
            ),
            permit::button(
                &self.db,
                Action::AccessExport,
                button(parts::with_icon(parts::icon::EXPORT, text::EXPORT)).style(button::primary),
                on(Message::ExportClicked)
            ),
            permit::button(
                &self.db,
                Action::Restriction,
                button(parts::with_icon(
                    parts::icon::RESTRICT,
                    if c.restricted {
                        text::UNRESTRICT
                    } else {
                        text::RESTRICT
                    }
                ))
                .style(button::secondary),
                on(Message::RestrictToggled)
            ),
            permit::button(
                &self.db,
                Action::ContactErase,
                button(parts::with_icon(parts::icon::ERASE, text::ERASE)).style(button::danger),
                on(Message::EraseClicked)
            ),
        ]
        .spacing(8);
        column![who, actions].spacing(12).into()
    }

    fn consents<'a>(&'a self, v: &'a ContactView) -> Element<'a, Message> {
        let mut col = column![parts::heading(text::CONSENTS)].spacing(10);
        for st in &v.states {
            col = col.push(self.purpose_row(st, v.contact.restricted));
        }
        container(col)
            .padding(14)
            .width(Fill)
            .style(theme::card)
            .into()
    }

    fn purpose_row<'a>(&'a self, st: &'a PurposeState, restricted: bool) -> Element<'a, Message> {
        let mut facts = row![
            label(st.purpose.as_str()).size(15).width(200),
            parts::badge(st.status)
        ]
        .spacing(10)
        .align_y(iced::Center);
        if let Some(at) = st.given_at {
            facts = facts.push(label(text::given(at)).size(13));
        }
        match (st.expires_at, st.days_left) {
            (Some(at), Some(days)) => {
                facts = facts.push(label(text::expires(at)).size(13)).push(
                    label(text::days_left(days))
                        .size(13)
                        .style(label::secondary),
                )
            }
            (Some(at), None) => facts = facts.push(label(text::expires(at)).size(13)),
            (None, _) if st.given_at.is_some() => {
                facts = facts.push(label(text::NO_EXPIRY_LONG).size(13))
            }
            _ => {}
        }
        if let Some(at) = st.withdrawn_at {
            facts = facts.push(label(text::withdrawn_on(at)).size(13));
        }
        let mut col = column![facts].spacing(6);
        if let Some(src) = &st.source {
            col = col.push(label(text::source(src)).size(12).style(label::secondary));
        }
        let enabled = !self.busy && !restricted;
        let mut actions = row![].spacing(8);
        if st.status.is_usable() {
            let withdraw = Message::WithdrawClicked(st.purpose.clone());
            let b = button(label(text::WITHDRAW).size(13)).style(button::secondary);
            let on = enabled.then_some(withdraw);
            actions = actions.push(permit::button(&self.db, Action::Consent, b, on));
        }
        let renew_label = if st.given_at.is_some() {
            text::RENEW
        } else {
            text::GIVE
        };
        let renew = Message::RenewClicked(st.purpose.clone());
        let b = button(label(renew_label).size(13)).style(button::secondary);
        let on = enabled.then_some(renew);
        actions = actions.push(permit::button(&self.db, Action::Consent, b, on));
        col = col.push(actions);
        if let Some(r) = self.renew.as_ref().filter(|r| r.purpose == st.purpose) {
            col = col.push(self.renewal_form(r));
        }
        col.into()
    }

    fn renewal_form<'a>(&'a self, r: &'a Renewal) -> Element<'a, Message> {
        let form = row![
            pick_list(
                ProofKind::ALL.map(Proof),
                Some(Proof(r.kind)),
                Message::RenewKind
            )
            .width(160),
            text_input(&text::PROOF_REFERENCE, &r.reference)
                .id(super::REFERENCE_ID)
                .on_input(Message::RenewReference)
                .on_submit(Message::RenewSave)
                .width(Fill),
            button(label(text::SAVE)).on_press(Message::RenewSave),
            button(label(text::CANCEL))
                .style(button::secondary)
                .on_press(Message::RenewCancel),
        ]
        .spacing(8);
        // Esc cancels the renewal; Tab stays in its row while it is open.
        focus::scope(form).on_escape(Message::RenewCancel).into()
    }

    fn preferences<'a>(&'a self, v: &'a ContactView) -> Element<'a, Message> {
        let p = &v.contact.preferences;
        let enabled = !self.busy && !v.contact.restricted;
        let mut channels = row![].spacing(6);
        for c in Channel::ALL {
            let chip = button(label(text::channel(c)).size(13))
                .padding([3, 10])
                .style(theme::chip(p.channels.contains(c)));
            let on = enabled.then_some(Message::ChannelToggled(c));
            channels = channels.push(permit::button(&self.db, Action::ContactEdit, chip, on));
        }
        let preset = button(label(text::DIGITAL_ONLY).size(13))
            .padding([3, 10])
            .style(button::text);
        let on = enabled.then_some(Message::DigitalOnly);
        channels = channels.push(permit::button(&self.db, Action::ContactEdit, preset, on));
        let mut interests = row![].spacing(6);
        for name in &self.vocabulary {
            let answer = p.interest(name);
            let chip = button(label(format!("{name}: {}", text::answer(answer))).size(13))
                .padding([3, 10])
                .style(theme::chip(answer == Answer::Yes));
            let on = enabled.then_some(Message::InterestCycled(name.clone()));
            interests = interests.push(permit::button(&self.db, Action::ContactEdit, chip, on));
        }
        let language = p.language.as_deref().unwrap_or(&text::NOT_SET);
        // Answers from another laptop that this laptop's full vocabulary cannot place (issue 12).
        let not_placed = (!v.unplaced_interests.is_empty()).then(|| {
            label(text::interests_not_placed(
                &v.unplaced_interests,
                crate::store::purposes::MAX_INTERESTS,
            ))
            .size(13)
            .style(label::secondary)
        });
        let col = column![
            parts::heading(text::PREFERENCES),
            label(text::CHANNELS).size(13).style(label::secondary),
            channels.wrap(),
            label(text::INTERESTS).size(13).style(label::secondary),
            interests.wrap(),
        ]
        .push(not_placed)
        .push(
            row![
                label(text::LANGUAGE).size(13).style(label::secondary),
                parts::tag(language)
            ]
            .spacing(8),
        )
        .spacing(8);
        container(col)
            .padding(14)
            .width(Fill)
            .style(theme::card)
            .into()
    }

    fn objections<'a>(&'a self, v: &'a ContactView) -> Element<'a, Message> {
        let mut col = column![parts::heading(text::OBJECTIONS)].spacing(8);
        if v.objections.is_empty() {
            col = col.push(label(text::NO_OBJECTION).size(13).style(label::secondary));
        }
        for (scope, at) in &v.objections {
            col = col.push(label(text::objected_on(scope.as_str(), *at)).size(13));
        }
        if !v.objections.iter().any(|(s, _)| *s == ObjectionScope::All) {
            let mut buttons = row![].spacing(6);
            let scopes = [Channel::Email, Channel::Phone, Channel::Sms, Channel::Post]
                .map(ObjectionScope::Channel)
                .into_iter()
                .chain([ObjectionScope::All]);
            for scope in scopes.filter(|s| !v.objections.iter().any(|(o, _)| o == s)) {
                let object = button(label(text::object_to(scope)).size(13))
                    .padding([3, 10])
                    .style(button::secondary);
                let on = (!self.busy).then_some(Message::Object(scope));
                buttons = buttons.push(permit::button(&self.db, Action::Objection, object, on));
            }
            col = col.push(buttons.wrap());
        }
        container(col)
            .padding(14)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}
