//! Small view pieces shared by the screens: the consent badge, tags, section headings, button
//! labels with an icon, and the splitting of a comma-separated field into its entries.

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

/// Icons: glyphs of the bundled DejaVu Sans (assets/fonts, compiled in), so they look the same
/// on every machine and need no image decoder.
pub mod icon {
    pub const EDIT: &str = "\u{270E}";
    pub const EXPORT: &str = "\u{21E9}";
    pub const IMPORT: &str = "\u{21E7}";
    pub const RESTRICT: &str = "\u{2298}";
    pub const ERASE: &str = "\u{2715}";
    pub const NEW: &str = "\u{271A}";
}

/// A button label: an icon, then the words (the words stay a text of their own, so they are
/// what screen readers and the UI tests find).
pub fn with_icon<'a, M: 'a>(icon: &'a str, words: impl label::IntoFragment<'a>) -> Element<'a, M> {
    iced::widget::row![label(icon), label(words)]
        .spacing(6)
        .align_y(iced::Center)
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
