//! Files outside the store: the exports folder, "Show in folder" and "Save a copy as…" (rfd).
//! A file dialog is never the only way to do something: export writes to the exports folder
//! first, and a missing portal just means the dialog returns nothing.

use crate::ui::db::Outcome;
use std::path::{Path, PathBuf};

/// The exports folder: `RAPPORT_EXPORT_DIR` if set, else Documents/Rapport exports, else
/// ~/Rapport exports — never inside the data directory, whose contents an erasure must be able
/// to account for.
pub fn export_dir(data_dir: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("RAPPORT_EXPORT_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let user = directories::UserDirs::new();
    user.as_ref()
        .and_then(|u| u.document_dir().map(|d| d.join("Rapport exports")))
        .or_else(|| user.as_ref().map(|u| u.home_dir().join("Rapport exports")))
        .unwrap_or_else(|| data_dir.with_file_name("Rapport exports"))
}

/// Whether `RAPPORT_EXPORT_DIR` chooses the exports folder (it then wins over the settings).
pub fn export_dir_from_env() -> bool {
    std::env::var_os("RAPPORT_EXPORT_DIR").is_some_and(|d| !d.is_empty())
}

/// Opens the folder holding `path` in the system's file manager (fire and forget).
pub fn show_in_folder(path: &Path) {
    let Some(dir) = path.parent() else { return };
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    // Failing to open a file manager is not worth an error: the notice shows the path.
    let _ = std::process::Command::new(opener)
        .arg(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// Asks where to save a copy of `path` and copies it. `Ok(false)`: the user cancelled (or no
/// dialog is available).
pub async fn save_copy_as(path: PathBuf) -> Outcome<bool> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(target) = rfd::AsyncFileDialog::new()
        .set_file_name(name)
        .save_file()
        .await
    else {
        return Ok(false);
    };
    let target = target.path().to_path_buf();
    std::fs::copy(&path, &target)
        .map(|_| true)
        .map_err(|e| format!("could not copy to {}: {}", target.display(), e.kind()))
}
