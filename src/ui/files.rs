//! Files outside the store: the exports folder, "Show in folder" and "Save a copy as…" (rfd).
//! A file dialog is never the only way to do something: export writes to the exports folder
//! first, and with no portal (a plain X session) rfd answers "nothing" at once — which is told
//! apart from Cancel by how fast it came, so the screen can say so and offer what works.

use crate::ui::db::Outcome;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a file dialog answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dialog {
    Chosen(PathBuf),
    Cancelled,
    /// No dialog appeared: no file-chooser portal answered.
    Unavailable,
}

/// Faster than anyone can see a dialog and cancel it; rfd with no portal answers within a few
/// milliseconds (measured here: 2–20 ms).
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(400);

/// Reads rfd's answer: nothing, that quickly, means no dialog was shown.
pub fn judge(answer: Option<PathBuf>, took: Duration) -> Dialog {
    match answer {
        Some(path) => Dialog::Chosen(path),
        None if took < NO_DIALOG_WITHIN => Dialog::Unavailable,
        None => Dialog::Cancelled,
    }
}

/// The "open a file" dialog for `extensions`.
pub async fn pick_file(kind: &'static str, extensions: &'static [&'static str]) -> Dialog {
    let began = Instant::now();
    let answer = rfd::AsyncFileDialog::new()
        .add_filter(kind, extensions)
        .pick_file()
        .await
        .map(|f| f.path().to_path_buf());
    judge(answer, began.elapsed())
}

/// The "open a file" dialog for any file (a key file has no fixed extension).
pub async fn pick_any_file() -> Dialog {
    let began = Instant::now();
    let answer = rfd::AsyncFileDialog::new()
        .pick_file()
        .await
        .map(|f| f.path().to_path_buf());
    judge(answer, began.elapsed())
}

/// Asks where to write a new file named `name` (nothing is written here).
pub async fn choose_new_file(name: &'static str) -> Dialog {
    let began = Instant::now();
    let answer = rfd::AsyncFileDialog::new()
        .set_file_name(name)
        .save_file()
        .await
        .map(|f| f.path().to_path_buf());
    judge(answer, began.elapsed())
}

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

/// How long a file manager's launcher may take to say it failed; one still running by then
/// has opened (or is opening) the folder.
const OPENER_VERDICT: Duration = Duration::from_secs(2);

/// Opens the folder holding `path` in the system's file manager. `false`: no opener is
/// installed, or it said it could not (xdg-open exits 3 or 4 with no desktop to ask).
pub async fn show_in_folder(path: PathBuf) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let child = std::process::Command::new(opener)
        .arg(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return false;
    };
    let began = Instant::now();
    while began.elapsed() < OPENER_VERDICT {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => return false,
        }
    }
    // Still running: it is showing the folder. It is reaped when it ends (the OS adopts it).
    true
}

/// Asks where to save a copy of `path` and copies it there; `Chosen` carries the copy's path.
pub async fn save_copy_as(path: PathBuf) -> Outcome<Dialog> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let began = Instant::now();
    let answer = rfd::AsyncFileDialog::new()
        .set_file_name(name)
        .save_file()
        .await
        .map(|f| f.path().to_path_buf());
    let target = match judge(answer, began.elapsed()) {
        Dialog::Chosen(target) => target,
        other => return Ok(other),
    };
    std::fs::copy(&path, &target)
        .map(|_| Dialog::Chosen(target.clone()))
        .map_err(|e| crate::ui::text::copy_failed(&target, &e.kind().to_string()))
}
