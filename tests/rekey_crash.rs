//! `rapport rekey` killed with SIGKILL at random moments, 50 times: each time exactly one of
//! the vault's keys (current, pending) opens the store, the next open settles on it, both
//! integrity checks are clean and every committed contact is there.

mod common;

use rapport::privacy::session;
use rapport::store::{self, DB_FILE};
use rapport::vault::{self, Secret};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

const PASS: &str = "correct horse battery staple";

fn rapport(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapport"));
    c.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("RAPPORT_PASSPHRASE", PASS)
        .env("RAPPORT_KDF_MS", "20")
        .env_remove("RAPPORT_KEY_FILE")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn secret() -> Secret {
    Secret::Passphrase(Zeroizing::new(PASS.to_string()))
}

#[test]
fn kill_a_rekey_at_random_moments() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("store");
    assert!(rapport(&dir, &["init"]).status().unwrap().success());
    assert!(
        rapport(&dir, &["demo", "--contacts", "3000"])
            .status()
            .unwrap()
            .success()
    );
    // One whole rekey, to know how long one takes.
    let started = Instant::now();
    assert!(rapport(&dir, &["rekey"]).status().unwrap().success());
    let whole = started.elapsed().as_millis() as u64;
    let mut rng = fastrand::Rng::with_seed(13);
    let (mut old_won, mut new_won) = (0, 0);
    for round in 0..50 {
        let expected = 3000 + round;
        let mut child = rapport(&dir, &["rekey"]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(rng.u64(0..whole * 12 / 10 + 1)));
        let _ = child.kill();
        child.wait().unwrap();

        let u = vault::unlock_all(&dir, secret()).unwrap();
        let db = dir.join(DB_FILE);
        let cur = store::rekey::key_opens(&db, &u.key).unwrap();
        let pend = u
            .pending
            .as_ref()
            .map(|p| store::rekey::key_opens(&db, p).unwrap());
        assert!(
            cur ^ pend.unwrap_or(false),
            "not exactly one key opens: {cur} {pend:?}"
        );
        match pend {
            Some(true) => new_won += 1,
            Some(false) => old_won += 1,
            None => {}
        }
        let mut s = session::open(&dir, secret(), common::now()).unwrap();
        assert!(vault::read(&dir).unwrap().pending.is_none(), "not settled");
        assert!(s.integrity_problems().unwrap().is_empty());
        assert_eq!(s.read(store::contacts::count).unwrap(), expected);
        // A committed row between rounds must survive the next kill too.
        let c = rapport::domain::Contact::from_draft(
            rapport::domain::ContactId::random(),
            common::draft("Rekey", "Survivor", "survivor@example.com"),
            common::now(),
        );
        s.write(|tx| store::contacts::insert(tx, &c)).unwrap();
    }
    eprintln!(
        "whole rekey {whole} ms; interrupted with pending: old key won {old_won}, new key won {new_won}"
    );
}
