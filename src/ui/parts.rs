//! Small view pieces shared by the screens: the consent badge, tags and section headings, and
//! the splitting of a comma-separated field into its entries.

use crate::domain::ConsentStatus;
use crate::ui::{text, theme};
use iced::Element;
use iced::widget::{container, text as label};

/// A coloured consent-status badge.
pub fn badge<'a, M: 'a>(status: ConsentStatus) -> Element<'a, M> {
    container(label(text::status(status)).size(12))
        .padding([2, 8])
        .style(theme::badge(status))
        .into()
}

/// A small outlined tag.
pub fn tag<'a, M: 'a>(content: impl label::IntoFragment<'a>) -> Element<'a, M> {
    container(label(content).size(12))
        .padding([2, 8])
        .style(theme::tag)
        .into()
}

/// A message in the error style (what failed and what to do), full width.
pub fn error_banner<'a, M: 'a>(content: impl label::IntoFragment<'a>) -> Element<'a, M> {
    container(label(content))
        .padding(10)
        .width(iced::Fill)
        .style(theme::error)
        .into()
}

/// A section heading.
pub fn heading<'a, M: 'a>(content: impl label::IntoFragment<'a>) -> Element<'a, M> {
    label(content).size(18).into()
}

/// The non-empty entries of a comma- or semicolon-separated field, trimmed.
pub fn split_list(field: &str) -> Vec<String> {
    field
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}
