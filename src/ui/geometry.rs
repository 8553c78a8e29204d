//! The window's size and position, remembered between runs in `window.json` beside the store
//! (written atomically; it holds four numbers and nothing about anyone). A missing or damaged
//! file, or numbers no screen could show, give the default window — never an error.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// The file beside the store.
pub const FILE: &str = "window.json";

/// The size the window opens at when nothing is remembered.
pub const DEFAULT_SIZE: (f32, f32) = (1280.0, 800.0);

/// Smaller than this and the list and the contact no longer fit side by side.
const MIN_SIZE: (f32, f32) = (640.0, 400.0);
/// Larger than any screen: a value past this came from a damaged file.
const MAX_SIDE: f32 = 16384.0;

/// Logical pixels, as iced reports them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    /// The window's top-left corner; `None` lets the desktop place it.
    pub x: Option<f32>,
    pub y: Option<f32>,
}

impl Default for Geometry {
    fn default() -> Self {
        Self {
            width: DEFAULT_SIZE.0,
            height: DEFAULT_SIZE.1,
            x: None,
            y: None,
        }
    }
}

impl Geometry {
    /// The same geometry with sizes and corner a screen can show: sizes clamped to
    /// [minimum, 16384], a corner far outside any screen dropped (the desktop places the window).
    pub fn sane(self) -> Self {
        let side = |v: f32, min: f32, default: f32| {
            if v.is_finite() {
                v.clamp(min, MAX_SIDE)
            } else {
                default
            }
        };
        let corner = |v: Option<f32>| v.filter(|v| v.is_finite() && v.abs() <= MAX_SIDE);
        let (x, y) = (corner(self.x), corner(self.y));
        let both = x.is_some() && y.is_some();
        Self {
            width: side(self.width, MIN_SIZE.0, DEFAULT_SIZE.0),
            height: side(self.height, MIN_SIZE.1, DEFAULT_SIZE.1),
            x: x.filter(|_| both),
            y: y.filter(|_| both),
        }
    }
}

/// What `window.json` in `dir` remembers, or the default window.
pub fn load(dir: &Path) -> Geometry {
    std::fs::read(dir.join(FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Geometry>(&bytes).ok())
        .map(Geometry::sane)
        .unwrap_or_default()
}

/// Remembers `g` in `dir` (atomically: a crash leaves the old file or the new one).
pub fn save(dir: &Path, g: Geometry) -> std::io::Result<()> {
    let bytes = serde_json::to_vec_pretty(&g.sane()).map_err(std::io::Error::other)?;
    crate::atomic::write(&dir.join(FILE), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_window_comes_back_and_a_damaged_file_gives_the_default() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            load(dir.path()),
            Geometry::default(),
            "nothing remembered yet"
        );
        let g = Geometry {
            width: 1024.0,
            height: 700.0,
            x: Some(40.0),
            y: Some(30.0),
        };
        save(dir.path(), g).unwrap();
        assert_eq!(load(dir.path()), g);

        std::fs::write(dir.path().join(FILE), b"{\"width\": 10").unwrap();
        assert_eq!(load(dir.path()), Geometry::default());
    }

    #[test]
    fn sizes_no_screen_could_show_are_brought_back() {
        let g = Geometry {
            width: 12.0,
            height: f32::NAN,
            x: Some(1.0e9),
            y: Some(10.0),
        }
        .sane();
        assert_eq!((g.width, g.height), (MIN_SIZE.0, DEFAULT_SIZE.1));
        assert_eq!((g.x, g.y), (None, None), "half a corner is no corner");
    }
}
