//! kill -9 during a sync round's apply, many times: the real `rapport sync` binary is killed
//! at random moments while it applies another laptop's segments. Each time the store opens and
//! passes both integrity checks; the next round finishes the work and the two stores agree.

mod common;

use common::{TestStore, draft};
use rapport::domain::Contact;
use rapport::privacy::team::{round::round, setup};
use rapport::store::{self, Store};
use rapport::team::roster::Role;
use rapport::vault::DataKey;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const PASS: &str = "correct horse battery staple";

fn cli(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapport"));
    c.arg("--data-dir")
        .arg(dir)
        .env("RAPPORT_KDF_MS", "50")
        .env_remove("RAPPORT_DATA_DIR")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", dir)
        .env("RAPPORT_PASSPHRASE", PASS);
    c
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out: Output = cli(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn kill_9_during_apply_many_times_then_the_next_round_finishes() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let mut a = TestStore::new();
    let wall = chrono::Utc::now;
    setup::create(&mut a.store, "Team", &folder, "Ada", wall()).unwrap();
    // Many segments to apply: 30 rounds of 60 contacts each.
    for batch in 0..30 {
        a.store
            .write(|tx| {
                for n in 0..60 {
                    let d = draft(
                        "Crash",
                        &format!("Apply{batch}x{n}"),
                        &format!("c{batch}x{n}@example.com"),
                    );
                    store::contacts::insert(
                        tx,
                        &Contact::from_draft(
                            rapport::domain::ContactId::random(),
                            d,
                            common::now(),
                        ),
                    )?;
                }
                Ok::<_, store::StoreError>(())
            })
            .unwrap();
        round(&mut a.store, wall()).unwrap();
    }
    let code = setup::invite(&mut a.store, "Bo Berg", Role::Sales, wall()).unwrap();
    let b = tmp.path().join("b");
    ok(&b, &["init"]);
    ok(
        &b,
        &[
            "team",
            "join",
            "--folder",
            folder.to_str().unwrap(),
            "--code",
            &code,
        ],
    );
    round(&mut a.store, wall()).unwrap();
    let recovery = ok(&b, &["recovery-key"]);
    let key = DataKey::parse_recovery(recovery.trim()).unwrap();
    let db = b.join(store::DB_FILE);
    let mut rng = fastrand::Rng::with_seed(12);
    let mut killed_mid_round = 0;
    for _ in 0..25 {
        let mut child = cli(&b)
            .args(["sync", "--json"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.u64(20..400)));
        if child.try_wait().unwrap().is_none() {
            killed_mid_round += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
        let s = Store::open(&db, &key).unwrap();
        assert_eq!(s.integrity_problems().unwrap(), Vec::<String>::new());
        // Never half a segment: each of A's segments carries 60 contacts, applied whole or not.
        let n = s.read(store::contacts::count).unwrap();
        assert_eq!(n % 60, 0, "half a segment applied: {n} contacts");
    }
    assert!(
        killed_mid_round > 5,
        "the kills came too late: {killed_mid_round}"
    );
    let r: serde_json::Value = serde_json::from_str(&ok(&b, &["sync", "--json"])).unwrap();
    assert!(r["rejected"].as_array().unwrap().is_empty(), "{r}");
    let s = Store::open(&db, &key).unwrap();
    let want = a.store.read(store::contacts::count).unwrap();
    assert_eq!(s.read(store::contacts::count).unwrap(), want);
    assert_eq!(want, 1800);
    let strip = |d: String| {
        d.lines()
            .filter(|l| !l.starts_with("consent"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(s.read(store::team::canonical_dump).unwrap()),
        strip(a.store.read(store::team::canonical_dump).unwrap())
    );
}
