//! Where the third-party test corpus is (`../shared/realdata` beside the repository, or
//! `RAPPORT_REALDATA`), and what a test does when it is not there: on a fresh clone it is
//! skipped with a one-line note; under `CI=true` it fails, so that CI never passes by skipping.
//! The corpus is not in this repository because its files keep their own licences (some GPL);
//! `scripts/fetch-realdata.sh` fetches each file at its pinned commit and checks its hash.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// The corpus folder: `RAPPORT_REALDATA` when set, else `../shared/realdata` beside the repo.
pub fn location() -> PathBuf {
    match std::env::var_os("RAPPORT_REALDATA") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata"),
    }
}

/// Whether this run must not skip: CI sets `CI=true` (GitHub, GitLab and most others do).
fn required() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

static NOTE: Once = Once::new();

/// The corpus folder, or `None` (after a note, printed once per test binary) when it is absent.
/// Panics when it is absent and `CI=true`.
pub fn root() -> Option<PathBuf> {
    let dir = location();
    // Both subfolders: a half-fetched corpus is not "absent", its tests fail on the missing file.
    if dir.join("vcard").is_dir() || dir.join("csv").is_dir() || dir.join("blns.json").is_file() {
        return Some(dir);
    }
    if required() {
        panic!(
            "the third-party test corpus is missing at {} and CI=true: run scripts/fetch-realdata.sh (or set RAPPORT_REALDATA)",
            dir.display()
        );
    }
    NOTE.call_once(|| {
        // Straight to the stream, not `eprintln!`: the test harness hides what a passing test
        // prints, and this note is for the person reading `cargo test`.
        let _ = writeln!(
            std::io::stderr(),
            "note: skipping the tests that read the third-party corpus: {} is absent (scripts/fetch-realdata.sh fetches it)",
            dir.display()
        );
    });
    None
}
