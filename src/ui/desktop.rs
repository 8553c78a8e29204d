//! How the desktop knows the app: one reverse-DNS id for the window, the `.desktop` file, the
//! AppStream metainfo and the icon (assets/linux/, assets/icons/). Desktops (GNOME, KDE, the
//! Wayland compositors) match a window to its launcher and icon by this id: a window without it
//! shows a generic icon and a second taskbar entry.

/// The app id: the `.desktop` file is `<APP_ID>.desktop`, the icon `<APP_ID>.png`/`.svg`.
pub const APP_ID: &str = "se.rapport.Rapport";

/// The window settings that carry the app id (on Linux: the Wayland app id and the X11
/// `WM_CLASS`); everything else is iced's default, for the builder's later calls to change.
pub fn window_settings() -> iced::window::Settings {
    iced::window::Settings {
        platform_specific: platform_specific(),
        ..iced::window::Settings::default()
    }
}

#[cfg(target_os = "linux")]
fn platform_specific() -> iced::window::settings::PlatformSpecific {
    iced::window::settings::PlatformSpecific {
        application_id: APP_ID.to_string(),
        ..Default::default()
    }
}

#[cfg(not(target_os = "linux"))]
fn platform_specific() -> iced::window::settings::PlatformSpecific {
    // Windows and macOS take the app's identity from the installer and the bundle instead.
    iced::window::settings::PlatformSpecific::default()
}
