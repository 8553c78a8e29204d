//! The firm's vocabularies on the command line (issue 15): `rapport org industries` and
//! `rapport outcomes` add, rename, remove an unused entry, retire one in use (what uses it
//! keeps its label, nothing offers it any more, new uses are refused) and offer it again; the
//! lists mark retired entries (`retired: true` in JSON). Real stores, the real binary.

mod common;

use common::cli_team::{ok, rapport};
use serde_json::Value;
use std::path::Path;

fn fails(dir: &Path, args: &[&str]) -> String {
    let out = rapport(dir, args);
    assert!(!out.status.success(), "{args:?} should have failed");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, args)).unwrap()
}

/// The entry of `code` in a vocabulary list.
fn entry(list: &Value, code: &str) -> Option<Value> {
    list.as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == code)
        .cloned()
}

#[test]
fn industries_are_added_renamed_removed_and_retired_while_organisations_keep_theirs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    ok(&dir, &["init"]);
    // The seeded vocabulary, none retired.
    let list = json(&dir, &["org", "industries", "--json"]);
    assert_eq!(entry(&list, "retail").unwrap()["retired"], false);

    ok(
        &dir,
        &[
            "org",
            "industries",
            "--add",
            "fishing",
            "--label",
            "Fishing",
        ],
    );
    ok(
        &dir,
        &[
            "org",
            "industries",
            "--add",
            "forestry",
            "--label",
            "Forestry",
        ],
    );
    ok(&dir, &["org", "add", "Skog AB", "--industry", "forestry"]);
    ok(
        &dir,
        &[
            "org",
            "industries",
            "--rename",
            "forestry",
            "--label",
            "Forestry and wood",
        ],
    );
    let page = json(&dir, &["org", "show", "Skog AB", "--json"]);
    assert_eq!(page["industry_label"], "Forestry and wood");

    // Unused: deleted. In use: retired, with one sentence saying so.
    let said = ok(&dir, &["org", "industries", "--remove", "fishing"]);
    assert!(said.contains("Removed the industry fishing."), "{said}");
    let said = ok(&dir, &["org", "industries", "--remove", "forestry"]);
    assert!(said.starts_with("Retired the industry forestry:"), "{said}");
    assert!(said.contains("(retired)"), "{said}");
    let list = json(&dir, &["org", "industries", "--json"]);
    assert!(
        entry(&list, "fishing").is_none(),
        "an unused industry is gone"
    );
    let forestry = entry(&list, "forestry").unwrap();
    assert_eq!(forestry["retired"], true);
    assert_eq!(forestry["uses"], 1);
    assert_eq!(forestry["label"], "Forestry and wood");

    // The organisation keeps it and shows its label; an edit of something else keeps it too.
    ok(
        &dir,
        &[
            "org",
            "edit",
            "Skog AB",
            "--web",
            "https://skog.example.com",
        ],
    );
    let page = json(&dir, &["org", "show", "Skog AB", "--json"]);
    assert_eq!(page["industry_label"], "Forestry and wood");
    assert_eq!(page["organisation"]["industry"], "forestry");
    // Nothing new may take it.
    let err = fails(&dir, &["org", "add", "Timmer AB", "--industry", "forestry"]);
    assert!(err.contains("retired"), "{err}");
    let list = json(&dir, &["org", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing was added");

    // Offered again, it can be picked.
    ok(&dir, &["org", "industries", "--offer-again", "forestry"]);
    let list = json(&dir, &["org", "industries", "--json"]);
    assert_eq!(entry(&list, "forestry").unwrap()["retired"], false);
    ok(&dir, &["org", "add", "Timmer AB", "--industry", "forestry"]);

    // Bad input: one sentence, nothing changed.
    let before = ok(&dir, &["org", "industries", "--json"]);
    let err = fails(
        &dir,
        &["org", "industries", "--add", "Bad Code", "--label", "X"],
    );
    assert!(
        err.contains("an industry code is 1-40 lowercase letters"),
        "{err}"
    );
    let err = fails(
        &dir,
        &["org", "industries", "--add", "other2", "--label", "Other"],
    );
    assert!(err.contains("another industry has that label"), "{err}");
    let err = fails(&dir, &["org", "industries", "--remove", "no_such"]);
    assert!(err.contains("not in the firm's vocabulary"), "{err}");
    let err = fails(&dir, &["org", "industries", "--add", "x"]);
    assert!(err.contains("a required argument is missing"), "{err}");
    assert_eq!(ok(&dir, &["org", "industries", "--json"]), before);
}

#[test]
fn an_outcome_in_use_is_retired_from_the_cli_and_offered_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    ok(&dir, &["init"]);
    let id = ok(
        &dir,
        &[
            "add",
            "--given",
            "Ulla",
            "--family",
            "Berg",
            "--email",
            "ulla@example.com",
        ],
    );
    let id = id.trim();
    ok(
        &dir,
        &[
            "activity",
            "add",
            id,
            "--kind",
            "call",
            "--outcome",
            "no_answer",
        ],
    );

    let said = ok(&dir, &["outcomes", "--remove", "declined"]);
    assert!(said.contains("Removed the outcome declined."), "{said}");
    let out = rapport(&dir, &["outcomes", "--remove", "no_answer", "--json"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.starts_with("Retired the outcome no_answer:"), "{said}");
    assert_eq!(said.trim().lines().count(), 1, "one sentence: {said}");
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(entry(&list, "declined").is_none());
    let no_answer = entry(&list, "no_answer").unwrap();
    assert_eq!(no_answer["retired"], true);
    assert_eq!(no_answer["uses"], 1);
    assert_eq!(entry(&list, "interested").unwrap()["retired"], false);
    let listed = ok(&dir, &["outcomes"]);
    let line = listed.lines().find(|l| l.starts_with("no_answer")).unwrap();
    assert!(line.contains("(retired)"), "{line}");

    // The activity keeps its label; logging with the retired outcome is refused.
    assert!(ok(&dir, &["activities", id]).contains("No answer"));
    fails(
        &dir,
        &[
            "activity",
            "add",
            id,
            "--kind",
            "call",
            "--outcome",
            "no_answer",
        ],
    );
    let doc = json(&dir, &["activities", id, "--json"]);
    assert_eq!(doc["activities"].as_array().unwrap().len(), 1);

    ok(&dir, &["outcomes", "--offer-again", "no_answer"]);
    let list = json(&dir, &["outcomes", "--json"]);
    assert_eq!(entry(&list, "no_answer").unwrap()["retired"], false);
    ok(
        &dir,
        &[
            "activity",
            "add",
            id,
            "--kind",
            "call",
            "--outcome",
            "no_answer",
        ],
    );
    let err = fails(&dir, &["outcomes", "--offer-again", "no_such"]);
    assert!(err.contains("not in the vocabulary"), "{err}");
}
