//! The `rapport` command line end to end, as a user runs it: a real binary on a real store.

mod common;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const PASS: &str = "correct horse battery staple";

fn rapport(dir: &Path, pass: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapport"));
    c.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("RAPPORT_KDF_MS", "50")
        .env_remove("RAPPORT_DATA_DIR");
    // No keyring in tests: no D-Bus session.
    c.env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", dir);
    match pass {
        Some(p) => c.env("RAPPORT_PASSPHRASE", p),
        None => c.env_remove("RAPPORT_PASSPHRASE"),
    };
    c.output().unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = rapport(dir, Some(PASS), args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(dir: &Path, pass: Option<&str>, args: &[&str]) -> String {
    let out = rapport(dir, pass, args);
    assert!(!out.status.success(), "{args:?} should have failed");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("rapport: ") && !err.contains("panicked"),
        "{err}"
    );
    err
}

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, args)).unwrap()
}

fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files = common::all_files(dir);
    files.sort();
    files
}

#[test]
fn a_salespersons_day_on_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let init = ok(&dir, &["init"]);
    assert!(init.contains("Recovery key"));
    assert!(fails(&dir, Some(PASS), &["init"]).contains("already exists"));

    // The recovery key opens the database with plain SQLCipher, no Rapport involved.
    let recovery = ok(&dir, &["recovery-key"]);
    let hex: String = recovery.trim().chars().filter(|c| *c != '-').collect();
    assert_eq!(hex.len(), 64);
    let conn = rusqlite::Connection::open(dir.join("rapport.db")).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM purpose", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 4);
    drop(conn);

    let id = ok(
        &dir,
        &[
            "add",
            "--given",
            "Astrid",
            "--family",
            "Lindqvist",
            "--email",
            "astrid@example.com",
            "--phone",
            "+46 70 111 22 33",
            "--org",
            "Nordteknik AB",
            "--source",
            "event:Sales Fair",
            "--pref",
            "channels=digital-only",
            "--pref",
            "interest.golf=yes",
            "--pref",
            "language=sv",
        ],
    );
    let id = id.trim();
    let list = json(&dir, &["list", "--json", "--search", "astr"]);
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["emails"][0], "astrid@example.com");
    assert_eq!(list[0]["consent_status"], "none");
    assert_eq!(
        json(&dir, &["list", "--json", "--search", "nobody"])
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let wordings = ok(
        &dir,
        &[
            "wording",
            "--purpose",
            "Newsletter",
            "--version",
            "2",
            "--text",
            "Yes, send me the monthly newsletter. I can unsubscribe at any time.",
        ],
    );
    assert!(wordings.starts_with("v1: ") && wordings.contains("v2: Yes, send me"));
    assert!(
        fails(
            &dir,
            Some(PASS),
            &[
                "wording",
                "--purpose",
                "Newsletter",
                "--version",
                "2",
                "--text",
                "changed"
            ]
        )
        .contains("never changed")
    );
    ok(
        &dir,
        &[
            "consent",
            "give",
            id,
            "--purpose",
            "Newsletter",
            "--source",
            "signed-form:#77",
            "--given",
            "2026-01-15",
            "--wording-version",
            "2",
        ],
    );
    ok(
        &dir,
        &[
            "consent",
            "give",
            id,
            "--purpose",
            "Event invitations",
            "--source",
            "verbal",
            "--given",
            "2024-01-01",
            "--expires",
            "2025-01-01",
        ],
    );
    let show = json(&dir, &["show", id, "--json"]);
    assert_eq!(show["name"], "Astrid Lindqvist");
    assert_eq!(show["phones"][0], "+46 70 111 22 33");
    assert_eq!(
        show["preferences"]["channels"],
        serde_json::json!(["email", "sms"])
    );
    assert_eq!(show["preferences"]["interests"]["golf"], "yes");
    let consents = show["consents"].as_array().unwrap();
    let by = |p: &str| consents.iter().find(|c| c["purpose"] == p).unwrap().clone();
    assert_eq!(by("Newsletter")["status"], "valid");
    assert_eq!(by("Newsletter")["given_at"], "2026-01-15");
    assert_eq!(by("Newsletter")["expires_at"], "2028-01-15");
    assert_eq!(by("Newsletter")["wording_version"], "2");
    assert_eq!(by("Event invitations")["status"], "expired");

    let changed = ok(
        &dir,
        &[
            "edit",
            id,
            "--org",
            "Fjällhandel Oy",
            "--pref",
            "interest.wine=no",
        ],
    );
    assert!(changed.contains("organisation") && changed.contains("interests"));
    ok(&dir, &["object", id, "--channel", "sms"]);
    let aud = json(
        &dir,
        &[
            "audience",
            "--purpose",
            "Newsletter",
            "--channel",
            "email",
            "--interest",
            "golf",
            "--json",
        ],
    );
    assert_eq!(aud["included"][0]["address"], "astrid@example.com");
    // By activity: nobody met at an event yet, so the same person is left out for that.
    let aud = json(
        &dir,
        &[
            "audience",
            "--purpose",
            "Newsletter",
            "--channel",
            "email",
            "--interest",
            "golf",
            "--activity",
            "event",
            "--within-months",
            "12",
            "--json",
        ],
    );
    assert_eq!(aud["included"].as_array().unwrap().len(), 0);
    assert_eq!(aud["excluded"]["no_recent_activity"], 1);
    let err = fails(
        &dir,
        Some(PASS),
        &[
            "audience",
            "--purpose",
            "Newsletter",
            "--channel",
            "email",
            "--activity",
            "party",
            "--within-months",
            "12",
        ],
    );
    assert!(err.contains("--activity takes"), "{err}");
    let aud = json(
        &dir,
        &[
            "audience",
            "--purpose",
            "Catalogue by post",
            "--channel",
            "post",
            "--json",
        ],
    );
    assert_eq!(aud["included"].as_array().unwrap().len(), 0);
    assert_eq!(aud["excluded"]["no_legal_basis"], 1);

    ok(
        &dir,
        &["consent", "withdraw", id, "--purpose", "newsletter"],
    );
    let show = json(&dir, &["show", id, "--json"]);
    assert_eq!(
        show["consents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["purpose"] == "Newsletter")
            .unwrap()["status"],
        "withdrawn"
    );

    let out = tmp.path().join("astrid");
    let written = ok(&dir, &["export", id, "--out", out.to_str().unwrap()]);
    assert!(written.trim().ends_with("astrid.zip") && tmp.path().join("astrid.zip").exists());
    let data = tmp.path().join("astrid.json");
    ok(&dir, &["export", id, "--out", data.to_str().unwrap()]);
    let doc: Value = serde_json::from_slice(&std::fs::read(&data).unwrap()).unwrap();
    assert_eq!(doc["identity"]["organisation"], "Fjällhandel Oy");

    assert!(
        fails(&dir, Some(PASS), &["retention", "--grace-days", "0"]).contains("between 1 and 365")
    );
    let retention = json(&dir, &["retention", "--grace-days", "45", "--json"]);
    assert!(retention["due"].is_array() && retention["upcoming"].is_array());
    let purposes = json(&dir, &["purposes", "--json"]);
    assert_eq!(purposes.as_array().unwrap().len(), 4);

    let preview = ok(&dir, &["erase", id]);
    assert!(preview.contains("Would erase 1 email(s), 1 phone(s)"));
    assert_eq!(json(&dir, &["list", "--json"]).as_array().unwrap().len(), 1);
    ok(&dir, &["erase", id, "--yes"]);
    assert_eq!(json(&dir, &["list", "--json"]).as_array().unwrap().len(), 0);
    assert!(fails(&dir, Some(PASS), &["show", id]).contains("no contact with that id"));

    let verify = ok(&dir, &["audit", "--verify"]);
    assert!(verify.starts_with("ok: ") && verify.contains("events"));
    let events = json(&dir, &["audit", "--json", "--subject", id]);
    let actions: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "create",
        "consent_given",
        "edit",
        "objection",
        "consent_withdrawn",
        "export",
        "view",
        "erase",
    ] {
        assert!(actions.contains(&a), "no {a} event in {actions:?}");
    }
    let all = ok(&dir, &["audit", "--json"]);
    for secret in [
        "Astrid",
        "Lindqvist",
        "astrid@",
        "111 22 33",
        "Nordteknik",
        "Fjällhandel",
    ] {
        assert!(
            !all.contains(secret),
            "the audit log holds a personal value"
        );
    }
    assert!(ok(&dir, &["check"]).starts_with("ok"));
}

#[test]
fn a_wrong_passphrase_is_refused_and_leaves_every_file_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["init"]);
    ok(
        dir,
        &[
            "add",
            "--name",
            "Berit Holm",
            "--email",
            "berit@example.com",
        ],
    );
    let before = snapshot(dir);
    let err = fails(dir, Some("not the passphrase"), &["list"]);
    assert!(err.contains("wrong passphrase"), "{err}");
    assert_eq!(snapshot(dir), before, "a file changed");
    let err = fails(dir, None, &["list"]);
    assert!(
        err.contains("RAPPORT_PASSPHRASE") && err.contains("--passphrase-file"),
        "{err}"
    );
    // The passphrase from a file works too.
    let pf = tmp
        .path()
        .join("..")
        .join(format!("pass-{}", std::process::id()));
    std::fs::write(&pf, format!("{PASS}\n")).unwrap();
    let out = rapport(
        dir,
        None,
        &["--passphrase-file", pf.to_str().unwrap(), "list"],
    );
    std::fs::remove_file(&pf).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn no_keyring_on_a_headless_box_says_how_to_use_a_passphrase() {
    let tmp = tempfile::tempdir().unwrap();
    let err = fails(tmp.path(), None, &["init"]);
    assert!(
        err.contains("keyring") && err.contains("RAPPORT_PASSPHRASE"),
        "{err}"
    );
    assert!(
        !tmp.path().join("vault.json").exists() && !tmp.path().join("rapport.db").exists(),
        "a failed init left files"
    );
}

#[test]
fn bad_input_gets_a_clear_error_without_personal_data() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["init"]);
    let err = fails(
        dir,
        Some(PASS),
        &[
            "add",
            "--name",
            "Cecilia Secretname",
            "--email",
            "cecilia-at-example.com",
        ],
    );
    assert!(err.contains("email address number 1 is not valid"), "{err}");
    assert!(!err.contains("cecilia") && !err.contains("Secretname"));
    assert!(
        fails(
            dir,
            Some(PASS),
            &["add", "--name", "X Y", "--pref", "notes=likes cats"]
        )
        .contains("unknown preference key")
    );
    assert!(fails(dir, Some(PASS), &["show", "12345"]).contains("not a contact id"));
    assert!(
        fails(
            dir,
            Some(PASS),
            &["show", "3f2b6c1e-8d4a-4b6e-9c1d-2a7e5f0b9d34"]
        )
        .contains("no contact with that id")
    );
    let id = ok(dir, &["add", "--name", "Dag Berg"]);
    assert!(
        fails(
            dir,
            Some(PASS),
            &[
                "consent",
                "give",
                id.trim(),
                "--purpose",
                "Telepathy",
                "--source",
                "verbal"
            ]
        )
        .contains("no purpose")
    );
    assert!(
        fails(
            dir,
            Some(PASS),
            &[
                "consent",
                "give",
                id.trim(),
                "--purpose",
                "Newsletter",
                "--source",
                "verbal",
                "--given",
                "29/11/2026"
            ]
        )
        .contains("YYYY-MM-DD")
    );
    assert!(
        fails(
            dir,
            Some(PASS),
            &["audience", "--purpose", "Newsletter", "--channel", "fax"]
        )
        .contains("unknown channel")
    );
    let empty = tempfile::tempdir().unwrap();
    assert!(fails(empty.path(), Some(PASS), &["list"]).contains("rapport init"));
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["init"]);
    ok(dir, &["demo", "--contacts", "400"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(dir)
        .args(["list", "--limit", "400"])
        .env("RAPPORT_PASSPHRASE", PASS)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // like `rapport list | head -0`
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success());
}

#[test]
fn a_mistyped_command_line_does_not_echo_what_was_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = rapport(tmp.path(), Some(PASS), &["add", "Anna Secretsson"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown argument") && err.contains("--help"),
        "{err}"
    );
    assert!(!err.contains("Secretsson"), "{err}");
    assert!(rapport(tmp.path(), None, &["--help"]).status.success());
}
