//! The desktop app (iced 0.14, software rendering). It calls the same `privacy` use-cases as the
//! command line and holds no business rules; every store call runs inside a `Task`, off the UI
//! thread. Layout: `app` routes between `screen`s and `modal`s; `text` holds every user-facing
//! string; `theme` the colours; `db` the shared store handle.

mod app;
pub mod chart;
pub mod db;
pub mod desktop;
pub mod files;
pub mod focus;
pub mod geometry;
pub mod lock;
pub mod modal;
mod msg;
mod parts;
pub mod permit;
pub mod screen;
pub mod sync;
pub mod text;
pub mod theme;
pub mod timings;

pub use app::{App, Message, Options, Screen};

/// What the face needs to start.
pub struct Launch {
    pub data_dir: std::path::PathBuf,
    pub passphrase: Option<zeroize::Zeroizing<String>>,
    /// The key file from `--key-file` / RAPPORT_KEY_FILE: fills the unlock screen's field.
    pub key_file: Option<std::path::PathBuf>,
}

/// The app's font, compiled in (DejaVu Sans; licence in assets/fonts/).
pub const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The default font's family name.
pub const FONT: iced::Font = iced::Font::with_name("DejaVu Sans");

/// The window as it was last left; closing it is a message to the app, which remembers the
/// geometry first.
fn window_settings(g: geometry::Geometry) -> iced::window::Settings {
    let position = match (g.x, g.y) {
        (Some(x), Some(y)) => iced::window::Position::Specific(iced::Point::new(x, y)),
        _ => iced::window::Position::default(),
    };
    iced::window::Settings {
        size: iced::Size::new(g.width, g.height),
        position,
        exit_on_close_request: false,
        // The app id (src/ui/desktop.rs) rides along, so desktops match the window to its icon.
        ..desktop::window_settings()
    }
}

/// Opens the window and runs the app until it is closed.
pub fn run(launch: Launch) -> iced::Result {
    timings::start();
    // The OS language until the settings (read after unlock) choose another.
    crate::i18n::use_system_language();
    let options = Options::from_env(&launch.data_dir);
    let data_dir = launch.data_dir;
    let key_file = launch.key_file;
    let window = window_settings(geometry::load(&data_dir));
    // The boot closure may in principle run more than once; the passphrase is handed over once.
    let passphrase = std::sync::Mutex::new(launch.passphrase);
    let boot = move || {
        let passphrase = passphrase.lock().ok().and_then(|mut p| p.take());
        App::new(
            Launch {
                data_dir: data_dir.clone(),
                passphrase,
                key_file: key_file.clone(),
            },
            options.clone(),
        )
    };
    iced::application(boot, App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .window(window)
        .font(FONT_BYTES)
        .default_font(FONT)
        .run()
}
