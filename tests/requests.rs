//! The register of data-subject requests as a user runs it: `rapport request add … ` prints the
//! id last, `rapport requests --json` lists due dates and days left, moves are refused when
//! illegal, `export --request` and `erase --request` close the request, and after the erasure
//! the register keeps type, dates and outcome with no personal data.

mod common;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const PASS: &str = "correct horse battery staple";

fn rapport(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("RAPPORT_KDF_MS", "50")
        .env("RAPPORT_PASSPHRASE", PASS)
        .env_remove("RAPPORT_DATA_DIR")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", dir)
        .output()
        .unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = rapport(dir, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(dir: &Path, args: &[&str]) -> String {
    let out = rapport(dir, args);
    assert!(!out.status.success(), "{args:?} should have failed");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("rapport: ") && !err.contains("panicked"),
        "{err}"
    );
    err
}

fn last_line(text: &str) -> String {
    text.lines().last().unwrap().trim().to_string()
}

fn requests(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["requests", "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str::<Value>(&ok(dir, &args))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn by_id(list: &[Value], id: &str) -> Value {
    list.iter()
        .find(|r| r["id"].as_i64() == id.parse::<i64>().ok())
        .cloned()
        .unwrap_or_else(|| panic!("request {id} not listed"))
}

#[test]
fn requests_are_registered_answered_and_outlive_the_person() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["init"]);
    let contact = ok(
        dir,
        &[
            "add",
            "--given",
            "Åsa",
            "--family",
            "Öberg",
            "--email",
            "asa.oberg@example.com",
        ],
    );
    let contact = contact.trim();

    // An old request is overdue; one from today has a month.
    let today = chrono::Utc::now().date_naive();
    let old = ok(
        dir,
        &[
            "request",
            "add",
            "--type",
            "access",
            "--received",
            "2026-03-16",
            "--via",
            "email",
        ],
    );
    let old = last_line(&old);
    assert!(old.parse::<i64>().is_ok(), "the id is the last line: {old}");
    let access = last_line(&ok(
        dir,
        &[
            "request",
            "add",
            "--type",
            "access",
            "--received",
            &today.to_string(),
            "--via",
            "web-form",
            "--contact",
            contact,
        ],
    ));
    let erasure = last_line(&ok(
        dir,
        &[
            "request",
            "add",
            "--type",
            "erasure",
            "--received",
            &today.to_string(),
            "--via",
            "letter",
            "--contact",
            contact,
        ],
    ));

    let list = requests(dir, &[]);
    let o = by_id(&list, &old);
    assert_eq!(o["type"], "access");
    assert_eq!(o["received_at"], "2026-03-16");
    assert_eq!(o["due_at"], "2026-04-16");
    assert_eq!(o["status"], "received");
    assert!(o["days_left"].as_i64().unwrap() < 0);
    let a = by_id(&list, &access);
    assert!((28..=34).contains(&a["days_left"].as_i64().unwrap()), "{a}");
    // Overdue ones only.
    let overdue = requests(dir, &["--overdue"]);
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["id"].to_string(), old);

    // A late extension is refused, with the first month's end in the message.
    let err = fails(dir, &["request", "extend", &old, "--reason", "complexity"]);
    assert!(err.contains("2026-04-16"), "{err}");
    // Codes are vocabularies.
    let err = fails(dir, &["request", "extend", &access, "--reason", "busy"]);
    assert!(err.contains("complexity"), "{err}");
    // Illegal moves: an identity being checked cannot be answered.
    ok(dir, &["request", "ask-id", &access]);
    let err = fails(dir, &["request", "done", &access]);
    assert!(err.contains("identity_pending"), "{err}");
    let out_zip = dir.join("asa");
    fails(
        dir,
        &[
            "export",
            contact,
            "--out",
            out_zip.to_str().unwrap(),
            "--request",
            &access,
        ],
    );
    assert!(
        !dir.join("asa.zip").exists(),
        "nothing exported for a request it cannot close"
    );
    ok(
        dir,
        &["request", "verify", &access, "--method", "known-channel"],
    );
    ok(
        dir,
        &["request", "extend", &access, "--reason", "complexity"],
    );
    let a = by_id(&requests(dir, &[]), &access);
    assert_eq!(a["status"], "extended");
    assert!(a["days_left"].as_i64().unwrap() > 80);

    // An export does not answer an erasure request.
    fails(
        dir,
        &[
            "export",
            contact,
            "--out",
            out_zip.to_str().unwrap(),
            "--request",
            &erasure,
        ],
    );
    // Acting on the request closes it.
    ok(
        dir,
        &[
            "export",
            contact,
            "--out",
            out_zip.to_str().unwrap(),
            "--request",
            &access,
        ],
    );
    let a = by_id(&requests(dir, &[]), &access);
    assert_eq!(a["status"], "completed");
    assert_eq!(a["outcome"], "exported");
    assert!(a["days_left"].is_null());

    let erased = ok(dir, &["erase", contact, "--yes", "--request", &erasure]);
    assert!(erased.contains("closed"), "{erased}");
    let e = by_id(&requests(dir, &[]), &erasure);
    assert_eq!(e["status"], "completed");
    assert_eq!(e["outcome"], "erased");
    assert_eq!(e["type"], "erasure");
    assert_eq!(e["received_at"], today.to_string());
    // The register holds nothing that names the person.
    let all = ok(dir, &["requests", "--json"]);
    for trace in ["Åsa", "Öberg", "asa.oberg", "example.com"] {
        assert!(!all.contains(trace), "{trace} in the register");
    }
    // The open list no longer shows the answered ones.
    let open = requests(dir, &["--open"]);
    assert!(open.iter().all(|r| r["status"] != "completed"));
    // The audit log records the moves with codes only.
    let audit = ok(dir, &["audit", "--json"]);
    assert!(audit.contains("extended reason=complexity"), "{audit}");
    assert!(!audit.contains("Öberg"));
}

#[test]
fn a_request_in_the_future_or_for_an_unknown_contact_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["init"]);
    let err = fails(
        dir,
        &[
            "request",
            "add",
            "--type",
            "access",
            "--received",
            "2999-01-01",
            "--via",
            "email",
        ],
    );
    assert!(err.contains("future"), "{err}");
    let err = fails(
        dir,
        &[
            "request",
            "add",
            "--type",
            "gossip",
            "--received",
            "2026-03-01",
            "--via",
            "email",
        ],
    );
    assert!(err.contains("portability"), "{err}");
    fails(
        dir,
        &[
            "request",
            "add",
            "--type",
            "access",
            "--received",
            "2026-03-01",
            "--via",
            "email",
            "--contact",
            "3f2b6c1e-8d4a-4b6e-9c1d-2a7e5f0b9d34",
        ],
    );
    assert!(ok(dir, &["requests"]).contains("No requests"));
}
