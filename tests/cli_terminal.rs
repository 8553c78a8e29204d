//! Passphrases asked on a real terminal (a pseudo-terminal made by util-linux `script`): `init
//! --passphrase` asks twice, a store behind a passphrase asks once to unlock, `restore-key` asks
//! for the new one; nothing typed is echoed, and a mismatch or a wrong passphrase changes nothing.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASS: &str = "terminal horse battery";

/// `rapport --data-dir DIR ARGS…` inside a pseudo-terminal; the test plays the user.
struct Terminal {
    child: Child,
    seen: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    fn start(dir: &Path, args: &[&str]) -> Terminal {
        let mut line = format!(
            "'{}' --data-dir '{}'",
            env!("CARGO_BIN_EXE_rapport"),
            dir.display()
        );
        for a in args {
            line.push_str(&format!(" '{a}'"));
        }
        let mut child = Command::new("script")
            .args(["-q", "-e", "-c", &line, "/dev/null"])
            .env("RAPPORT_KDF_MS", "50")
            .env_remove("RAPPORT_PASSPHRASE")
            .env_remove("RAPPORT_DATA_DIR")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("XDG_RUNTIME_DIR", dir.parent().unwrap())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("util-linux `script` runs");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let mut out = child.stdout.take().unwrap();
        let sink = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Terminal { child, seen }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen.lock().unwrap()).into_owned()
    }

    /// Waits for `prompt` to appear (after what was already answered), then types `answer`.
    fn answer(&mut self, prompt: &str, nth: usize, answer: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.text().matches(prompt).count() < nth {
            assert!(
                Instant::now() < deadline,
                "no prompt {prompt:?}; the terminal shows: {}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(format!("{answer}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    /// Waits for the command to end: (success, everything the terminal showed).
    fn finish(mut self) -> (bool, String) {
        drop(self.child.stdin.take());
        let status = self.child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(100));
        (status.success(), self.text())
    }
}

fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut f = common::all_files(dir);
    f.sort();
    f
}

fn have_script() -> bool {
    let found = Command::new("script").arg("--version").output().is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "CI needs util-linux `script` (Debian: bsdutils, always installed)"
    );
    found
}

#[test]
fn passphrases_are_asked_on_the_terminal_without_echo() {
    if !have_script() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");

    // Two different answers: refused, nothing created.
    let mut t = Terminal::start(&dir, &["init", "--passphrase"]);
    t.answer("New passphrase", 1, PASS);
    t.answer("The same passphrase again", 1, "something else entirely");
    let (ok, shown) = t.finish();
    assert!(!ok && shown.contains("differ"), "{shown}");
    assert!(!dir.join("vault.json").exists() && !dir.join("rapport.db").exists());

    // The same answer twice: created, and the passphrase never appears on the screen.
    let mut t = Terminal::start(&dir, &["init", "--passphrase"]);
    t.answer("New passphrase", 1, PASS);
    t.answer("The same passphrase again", 1, PASS);
    let (ok, shown) = t.finish();
    assert!(ok && shown.contains("Created"), "{shown}");
    assert!(!shown.contains(PASS), "the passphrase was echoed: {shown}");
    let recovery = shown
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 71 && l.chars().filter(|c| *c == '-').count() == 7)
        .expect("the recovery key is shown")
        .to_string();

    // Unlocking asks once; a wrong answer changes nothing.
    let before = files(&dir);
    let mut t = Terminal::start(&dir, &["list"]);
    t.answer("Passphrase of the Rapport store", 1, "not the passphrase");
    let (ok, shown) = t.finish();
    assert!(!ok && shown.contains("wrong passphrase"), "{shown}");
    assert_eq!(files(&dir), before);

    let mut t = Terminal::start(&dir, &["add", "--name", "Ada Example"]);
    t.answer("Passphrase of the Rapport store", 1, PASS);
    let (ok, shown) = t.finish();
    assert!(ok, "{shown}");

    // Without a terminal nobody is asked: the message says how to give it.
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(&dir)
        .arg("list")
        .env_remove("RAPPORT_PASSPHRASE")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("RAPPORT_PASSPHRASE"));

    // The recovery key re-protects the store with a new passphrase asked twice; audited.
    let key_file = tmp.path().join("recovery.txt");
    std::fs::write(&key_file, &recovery).unwrap();
    let new_pass = "a brand new passphrase";
    let mut t = Terminal::start(
        &dir,
        &[
            "restore-key",
            "--recovery-key-file",
            key_file.to_str().unwrap(),
        ],
    );
    t.answer("New passphrase", 1, new_pass);
    t.answer("The same passphrase again", 1, new_pass);
    let (ok, shown) = t.finish();
    assert!(ok && shown.contains("new passphrase"), "{shown}");
    assert!(!shown.contains(new_pass), "{shown}");

    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(&dir)
        .args(["audit", "--json"])
        .env("RAPPORT_PASSPHRASE", new_pass)
        .output()
        .unwrap();
    assert!(out.status.success());
    let audit = String::from_utf8_lossy(&out.stdout);
    assert!(audit.contains("key_restored"), "{audit}");
    assert!(!audit.contains("Ada"), "personal data in the audit log");
}
