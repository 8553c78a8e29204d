//! Colours and styles: consent badges, chips, list rows, cards and the modal backdrop. Badge
//! colours come from the theme's palette, so light and dark themes both read well.

use crate::domain::ConsentStatus;
use iced::widget::{button, container};
use iced::{Background, Border, Color, Theme};

/// Height of one row in the contact list; the windowing arithmetic depends on it being fixed.
pub const ROW_HEIGHT: f32 = 52.0;

fn badge_colour(theme: &Theme, status: ConsentStatus) -> Color {
    let p = theme.extended_palette();
    match status {
        ConsentStatus::Valid => p.success.base.color,
        ConsentStatus::Expiring => p.warning.base.color,
        ConsentStatus::Expired => p.danger.base.color,
        ConsentStatus::Withdrawn => p.secondary.strong.color,
        ConsentStatus::None => p.background.strong.color,
    }
}

/// A rounded, filled badge whose colour says the consent status.
pub fn badge(status: ConsentStatus) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let bg = badge_colour(theme, status);
        let luminance = 0.299 * bg.r + 0.587 * bg.g + 0.114 * bg.b;
        container::Style {
            background: Some(Background::Color(bg)),
            text_color: Some(if luminance > 0.6 {
                Color::BLACK
            } else {
                Color::WHITE
            }),
            border: Border {
                radius: 10.0.into(),
                ..Border::default()
            },
            ..container::Style::default()
        }
    }
}

/// A small outlined tag (restricted, objected, language…).
pub fn tag(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(p.background.weak.color)),
        text_color: Some(p.background.weak.text),
        border: Border {
            radius: 8.0.into(),
            width: 1.0,
            color: p.background.strong.color,
        },
        ..container::Style::default()
    }
}

/// A section card on the detail pane.
pub fn card(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(p.background.base.color)),
        border: Border {
            radius: 8.0.into(),
            width: 1.0,
            color: p.background.strong.color,
        },
        ..container::Style::default()
    }
}

/// The side panel behind the list.
pub fn pane(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(p.background.weakest.color)),
        ..container::Style::default()
    }
}

/// A notice bar.
pub fn notice(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(p.primary.weak.color)),
        text_color: Some(p.primary.weak.text),
        border: Border {
            radius: 6.0.into(),
            ..Border::default()
        },
        ..container::Style::default()
    }
}

/// An error bar.
pub fn error(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(Background::Color(p.danger.weak.color)),
        text_color: Some(p.danger.weak.text),
        border: Border {
            radius: 6.0.into(),
            ..Border::default()
        },
        ..container::Style::default()
    }
}

/// The dimmed layer behind a modal.
pub fn backdrop(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(Color {
            a: 0.55,
            ..Color::BLACK
        })),
        ..container::Style::default()
    }
}

/// A list row; the selected one is highlighted.
pub fn row(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let p = theme.extended_palette();
        let bg = match (selected, status) {
            (true, _) => p.primary.weak.color,
            (false, button::Status::Hovered) => p.background.weak.color,
            _ => Color::TRANSPARENT,
        };
        button::Style {
            background: Some(Background::Color(bg)),
            text_color: if selected {
                p.primary.weak.text
            } else {
                p.background.base.text
            },
            border: Border::default(),
            ..button::Style::default()
        }
    }
}

/// A toggle chip: filled when on.
pub fn chip(on: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let p = theme.extended_palette();
        let (bg, fg) = if on {
            (p.primary.base.color, p.primary.base.text)
        } else if status == button::Status::Hovered {
            (p.background.weak.color, p.background.weak.text)
        } else {
            (p.background.base.color, p.background.base.text)
        };
        // A chip the role refuses (issue 13) is disabled: faded like a disabled button.
        let fg = if status == button::Status::Disabled {
            fg.scale_alpha(0.45)
        } else {
            fg
        };
        button::Style {
            background: Some(Background::Color(bg)),
            text_color: fg,
            border: Border {
                radius: 12.0.into(),
                width: 1.0,
                color: p.background.strong.color,
            },
            ..button::Style::default()
        }
    }
}
