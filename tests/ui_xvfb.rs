//! The real window under Xvfb: creates a demo store with the `rapport` binary, starts the app on
//! a virtual display, types the passphrase, waits for the contact list and takes a screenshot
//! (kept as `target/ui-xvfb.png` for CI), failing if the window never appears or stays blank.
//! Without Xvfb the test is skipped with a note, except under CI (env `CI`), where it fails.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSPHRASE: &str = "xvfb test passphrase";

/// Kills the child on every path (including a failed assertion).
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn rapport(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapport"));
    c.arg("--data-dir")
        .arg(data)
        .env_remove("RAPPORT_PASSPHRASE")
        .env("RAPPORT_KDF_MS", "50");
    c
}

fn run_ok(mut c: Command, what: &str) {
    let out = c
        .output()
        .unwrap_or_else(|e| panic!("{what}: could not start: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Polls `f` until it returns Some or the time is up.
fn wait_for<T>(limit: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(v) = f() {
            return Some(v);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    None
}

fn xdotool(display: &str, args: &[&str]) -> Option<String> {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn screenshot(display: &str, path: &Path) -> usize {
    let ok = Command::new("import")
        .args(["-window", "root"])
        .arg(path)
        .env("DISPLAY", display)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "import could not take a screenshot");
    let out = Command::new("convert")
        .arg(path)
        .args(["-format", "%k", "info:"])
        .output()
        .expect("convert runs");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

#[test]
fn the_real_window_unlocks_and_shows_the_contact_list() {
    let tools = ["Xvfb", "xdotool", "import", "convert"];
    if let Some(missing) = tools.iter().find(|t| !have(t)) {
        if std::env::var_os("CI").is_some() {
            panic!(
                "{missing} is not installed: CI must install xvfb, xdotool and imagemagick (apt-get install -y xvfb xdotool imagemagick)"
            );
        }
        eprintln!(
            "note: skipping the Xvfb window test: {missing} is not installed (apt-get install -y xvfb xdotool imagemagick)"
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut init = rapport(&data);
    init.arg("init").env("RAPPORT_PASSPHRASE", PASSPHRASE);
    run_ok(init, "rapport init");
    let mut demo = rapport(&data);
    demo.args(["demo", "--contacts", "300"])
        .env("RAPPORT_PASSPHRASE", PASSPHRASE);
    run_ok(demo, "rapport demo");

    // A display number unlikely to be taken; each test process picks its own, skipping numbers
    // whose X lock file exists (another server, or a stale lock that makes Xvfb refuse).
    let start = 90 + std::process::id() % 100;
    let free = (0..200)
        .map(|i| 90 + (start - 90 + i) % 400)
        .find(|n| !Path::new(&format!("/tmp/.X{n}-lock")).exists())
        .unwrap_or(start);
    let display = format!(":{free}");
    let xvfb = Command::new("Xvfb")
        .args([
            display.as_str(),
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let _xvfb = Killed(xvfb);
    let up = wait_for(Duration::from_secs(10), || {
        xdotool(&display, &["getdisplaygeometry"])
    });
    assert!(up.is_some(), "Xvfb did not come up on {display}");

    let app = rapport(&data)
        .env("DISPLAY", &display)
        .env("RAPPORT_EXPORT_DIR", tmp.path().join("exports"))
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rapport starts");
    let mut app = Killed(app);
    let window = wait_for(Duration::from_secs(30), || {
        xdotool(&display, &["search", "--name", "Rapport"])
            .and_then(|w| w.lines().last().map(str::to_string))
            .filter(|w| !w.is_empty())
    });
    if window.is_none() {
        let _ = app.0.kill();
        let mut err = String::new();
        if let Some(mut e) = app.0.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        panic!("the Rapport window never appeared; stderr: {err}");
    }
    let window = window.unwrap_or_default();
    std::thread::sleep(Duration::from_secs(2)); // first frame
    xdotool(&display, &["windowfocus", "--sync", &window]).expect("xdotool can focus the window");
    xdotool(&display, &["type", "--delay", "20", PASSPHRASE]).expect("xdotool types");
    xdotool(&display, &["key", "Return"]).expect("xdotool presses Return");

    // The list appears once the key is derived and the first page is read.
    let shot = target_dir().join("ui-xvfb.png");
    let locked = target_dir().join("ui-xvfb-locked.png");
    let colours_locked = screenshot(&display, &locked);
    std::thread::sleep(Duration::from_secs(4));
    let colours = screenshot(&display, &shot);
    assert!(app.0.try_wait().ok().flatten().is_none(), "the app exited");
    assert!(
        colours > 50,
        "the screenshot {} looks blank ({colours} colours)",
        shot.display()
    );
    // Today is the first screen (issue 15); Ctrl+F goes to the contact list.
    xdotool(&display, &["key", "ctrl+f"]).expect("xdotool presses Ctrl+F");
    std::thread::sleep(Duration::from_secs(1));
    // Open the first contact: the detail pane fills in.
    xdotool(
        &display,
        &["mousemove", "--window", &window, "120", "215", "click", "1"],
    )
    .expect("xdotool clicks");
    std::thread::sleep(Duration::from_secs(2));
    let detail = target_dir().join("ui-xvfb-contact.png");
    let colours_detail = screenshot(&display, &detail);
    assert!(
        colours_detail > colours,
        "the contact pane added nothing to the screen"
    );
    eprintln!(
        "screenshots: {} ({colours_locked} colours), {} ({colours}), {} ({colours_detail})",
        locked.display(),
        shot.display(),
        detail.display()
    );
}
