//! The key file as second factor and `rapport rekey`, end to end on the real binary: each
//! secret alone is refused with every file unchanged; both together open; enrol, remove,
//! re-enrol and passphrase changes make the old secret stop working; a rekey changes the key.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const PASS: &str = "correct horse battery staple";

fn rapport(dir: &Path, pass: Option<&str>, key_file: Option<&Path>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapport"));
    c.arg("--data-dir")
        .arg(dir.join("store"))
        .args(args)
        .env("RAPPORT_KDF_MS", "50")
        .env_remove("RAPPORT_DATA_DIR")
        .env_remove("RAPPORT_KEY_FILE")
        .env_remove("RAPPORT_NEW_PASSPHRASE")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", dir);
    match pass {
        Some(p) => c.env("RAPPORT_PASSPHRASE", p),
        None => c.env_remove("RAPPORT_PASSPHRASE"),
    };
    if let Some(k) = key_file {
        c.arg("--key-file").arg(k);
    }
    c.output().unwrap()
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn refused(dir: &Path, pass: Option<&str>, key_file: Option<&Path>, needle: &str) {
    let before = common::all_files(&dir.join("store"));
    let o = rapport(dir, pass, key_file, &["list"]);
    assert!(!o.status.success(), "opened with {pass:?} / {key_file:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(needle), "{err}");
    assert_eq!(
        before,
        common::all_files(&dir.join("store")),
        "a file changed"
    );
}

#[test]
fn both_secrets_are_needed_and_each_change_retires_the_old_one() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    ok(rapport(dir, Some(PASS), None, &["init"]));
    ok(rapport(
        dir,
        Some(PASS),
        None,
        &[
            "add",
            "--given",
            "Ada",
            "--family",
            "Example",
            "--email",
            "ada@example.com",
        ],
    ));
    let usb = dir.join("usb.rapport-key");
    let out = ok(rapport(
        dir,
        Some(PASS),
        Some(&usb),
        &["security", "second-factor"],
    ));
    assert!(out.contains("Enrolled key file"), "{out}");
    // Never written over an existing file.
    let o = rapport(dir, Some(PASS), Some(&usb), &["security", "second-factor"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));

    // A wrong key file: a real one of another store.
    let other = tempfile::tempdir().unwrap();
    ok(rapport(other.path(), Some(PASS), None, &["init"]));
    let wrong = other.path().join("k");
    ok(rapport(
        other.path(),
        Some(PASS),
        Some(&wrong),
        &["security", "second-factor"],
    ));
    let not_a_key = dir.join("notes.txt");
    std::fs::write(&not_a_key, "shopping list").unwrap();

    refused(dir, Some(PASS), None, "key file");
    refused(dir, None, Some(&usb), "passphrase");
    refused(dir, Some(PASS), Some(&wrong), "not the one enrolled");
    refused(dir, Some(PASS), Some(&not_a_key), "not a Rapport key file");
    refused(
        dir,
        Some("wrong passphrase!"),
        Some(&usb),
        "wrong passphrase",
    );
    assert!(ok(rapport(dir, Some(PASS), Some(&usb), &["list"])).contains("Ada"));
    assert!(
        ok(rapport(dir, Some(PASS), Some(&usb), &["security"])).contains("Second factor: key file")
    );

    // Re-enrol: the old file stops working.
    let usb2 = dir.join("usb2.rapport-key");
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapport"));
    let o = c
        .arg("--data-dir")
        .arg(dir.join("store"))
        .args(["security", "second-factor", "--key-file"])
        .arg(&usb2)
        .args(["--current-key-file"])
        .arg(&usb)
        .env("RAPPORT_PASSPHRASE", PASS)
        .env("RAPPORT_KDF_MS", "50")
        .env_remove("RAPPORT_KEY_FILE")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .unwrap();
    ok(o);
    refused(dir, Some(PASS), Some(&usb), "not the one enrolled");
    assert!(ok(rapport(dir, Some(PASS), Some(&usb2), &["list"])).contains("Ada"));

    // Change the passphrase: the old one stops working, the factor stays.
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapport"));
    let o = c
        .arg("--data-dir")
        .arg(dir.join("store"))
        .args(["security", "passphrase"])
        .env("RAPPORT_PASSPHRASE", PASS)
        .env("RAPPORT_NEW_PASSPHRASE", "a brand new passphrase")
        .env("RAPPORT_KEY_FILE", &usb2)
        .env("RAPPORT_KDF_MS", "50")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .unwrap();
    ok(o);
    refused(dir, Some(PASS), Some(&usb2), "wrong passphrase");
    refused(dir, Some("a brand new passphrase"), None, "key file");
    let new = Some("a brand new passphrase");
    assert!(ok(rapport(dir, new, Some(&usb2), &["list"])).contains("Ada"));

    // Remove the factor: the passphrase alone opens; the key file is refused as needless.
    ok(rapport(
        dir,
        new,
        Some(&usb2),
        &["security", "second-factor", "--remove"],
    ));
    assert!(ok(rapport(dir, new, None, &["list"])).contains("Ada"));
    refused(dir, new, Some(&usb2), "no second factor");

    // Rekey: a new recovery key, the old one no longer opens the database.
    let old = ok(rapport(dir, new, None, &["recovery-key"]));
    let out = ok(rapport(dir, new, None, &["rekey"]));
    assert!(!out.contains(old.trim()), "the recovery key did not change");
    let old_key = rapport::vault::DataKey::parse_recovery(old.trim()).unwrap();
    let db = dir.join("store").join(rapport::store::DB_FILE);
    assert!(!rapport::store::rekey::key_opens(&db, &old_key).unwrap());
    assert!(ok(rapport(dir, new, None, &["list"])).contains("Ada"));
    assert!(ok(rapport(dir, new, None, &["check"])).contains("ok"));
    let audit = ok(rapport(dir, new, None, &["audit"]));
    assert!(
        audit.contains("rekey") && audit.contains("security_changed"),
        "{audit}"
    );
}
