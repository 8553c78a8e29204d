//! `rapport import` and `export-all` end to end on real files: the summary, merges, the
//! suppression of erased people, `--strict`, refused files, and export → import round trips.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASS: &str = "import test passphrase";

mod realdata;

/// A file of the third-party corpus, or `None` when the corpus is absent (see `realdata`).
fn realdata(name: &str) -> Option<PathBuf> {
    Some(realdata::root()?.join(name))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("RAPPORT_PASSPHRASE", PASS)
        .env("RAPPORT_KDF_MS", "50")
        .output()
        .unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn import_json(dir: &Path, files: &[&Path], extra: &[&str]) -> (bool, Value) {
    let mut args = vec!["import", "--json"];
    args.extend_from_slice(extra);
    let paths: Vec<String> = files
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    args.extend(paths.iter().map(String::as_str));
    let out = run(dir, &args);
    (
        out.status.success(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
    )
}

fn names(dir: &Path) -> Vec<String> {
    let list: Value =
        serde_json::from_str(&ok(dir, &["list", "--json", "--limit", "1000"])).unwrap();
    let mut n: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    n.sort();
    n
}

#[test]
fn importing_real_files_reports_merges_and_flags_erased_people() {
    let Some(android) = realdata("vcard/ezvcard__John_Doe_ANDROID.vcf") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["init"]);
    let (success, rep) = import_json(dir, &[&android], &[]);
    assert!(success, "{rep}");
    let f = &rep["files"][0];
    let imported = f["imported"].as_u64().unwrap();
    assert!(imported >= 4, "{f}");
    assert!(f["skipped"].is_array() && f["possible_duplicates"].is_number() && f["flagged"] == 0);
    // Source recorded (Art. 14), no legal basis yet.
    let list: Value = serde_json::from_str(&ok(dir, &["list", "--json"])).unwrap();
    let first = list[0]["id"].as_str().unwrap().to_string();
    let show: Value = serde_json::from_str(&ok(dir, &["show", &first, "--json"])).unwrap();
    assert_eq!(show["source"]["kind"], "import");
    assert_eq!(show["source"]["detail"], "ezvcard__John_Doe_ANDROID.vcf");
    assert_eq!(list[0]["consent_status"], "none");

    // The same file again: everything with an email merges, nothing is duplicated.
    let (_, again) = import_json(dir, &[&android], &[]);
    let g = &again["files"][0];
    let (merged, imported_again) = (
        g["merged"].as_u64().unwrap(),
        g["imported"].as_u64().unwrap(),
    );
    assert!(merged >= 1, "{g}");
    assert_eq!(
        merged + imported_again,
        imported + f["merged"].as_u64().unwrap(),
        "{g}"
    );
    // Only records without any email can come in twice.
    let after: Value =
        serde_json::from_str(&ok(dir, &["list", "--json", "--limit", "1000"])).unwrap();
    let dup_with_email = after.as_array().unwrap().len() as u64 - imported;
    assert_eq!(dup_with_email, imported_again);

    // Erase someone with an email; importing them again is flagged, not added.
    let victim = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| !c["emails"].as_array().unwrap().is_empty())
        .unwrap();
    let email = victim["emails"][0].as_str().unwrap().to_string();
    ok(dir, &["erase", victim["id"].as_str().unwrap(), "--yes"]);
    let card = tmp.path().join("back.vcf");
    std::fs::write(
        &card,
        format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone Returning\r\nEMAIL:{}\r\nEND:VCARD\r\n",
            email.to_uppercase()
        ),
    )
    .unwrap();
    let (_, back) = import_json(dir, &[&card], &[]);
    assert_eq!(
        (
            back["files"][0]["flagged"].as_u64(),
            back["files"][0]["imported"].as_u64()
        ),
        (Some(1), Some(0))
    );
    assert!(!names(dir).contains(&"Someone Returning".to_string()));
}

#[test]
fn bad_records_are_skipped_strict_imports_nothing_and_non_contacts_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["init"]);
    let mixed = tmp.path().join("mixed.vcf");
    std::fs::write(&mixed, "BEGIN:VCARD\nVERSION:3.0\nFN:Good One\nEMAIL:good1@example.com\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Broken\nthis line is not a property\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Good Two\nEND:VCARD\n").unwrap();
    let (success, strict) = import_json(dir, &[&mixed], &["--strict"]);
    assert!(
        !success,
        "a strict import of a file with bad records must fail"
    );
    assert_eq!(strict["files"][0]["imported"], 0);
    assert!(names(dir).is_empty(), "--strict imported something");
    let (success, rep) = import_json(dir, &[&mixed], &[]);
    assert!(success);
    assert_eq!(rep["files"][0]["imported"], 2);
    assert_eq!(rep["files"][0]["skipped"][0]["line"], 6);
    assert_eq!(names(dir), vec!["Good One", "Good Two"]);

    let binary = tmp.path().join("photo.vcf");
    std::fs::write(
        &binary,
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0, 1, 2, 3],
    )
    .unwrap();
    let (success, rep) = import_json(dir, &[&binary], &[]);
    assert!(!success);
    assert!(
        rep["files"][0]["refused"]
            .as_str()
            .unwrap()
            .contains("neither a vCard")
    );
    // A group card (from the corpus) is skipped with its reason.
    if let Some(group) = realdata("vcard/pyvobject__vcard40_group.vcf") {
        let (success, rep) = import_json(dir, &[&group], &[]);
        assert!(success);
        assert_eq!(rep["files"][0]["imported"], 0);
        assert!(
            rep["files"][0]["skipped"][0]["reason"]
                .as_str()
                .unwrap()
                .contains("group")
        );
    }
    assert_eq!(names(dir).len(), 2);
}

#[test]
fn export_all_then_import_gives_the_same_people() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    ok(&a, &["init"]);
    ok(&a, &["demo", "--contacts", "40", "--seed", "7"]);
    let want = names(&a);
    for (format, file) in [("vcf", "all.vcf"), ("vcf3", "all3.vcf"), ("csv", "all.csv")] {
        let out = tmp.path().join(file);
        ok(
            &a,
            &[
                "export-all",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        let b = tmp.path().join(format!("b-{format}"));
        ok(&b, &["init"]);
        let (success, rep) = import_json(&b, &[&out], &[]);
        assert!(success, "{rep}");
        assert_eq!(rep["files"][0]["imported"], 40, "{format}");
        assert_eq!(names(&b), want, "{format}");
    }
    let json = tmp.path().join("all.json");
    ok(
        &a,
        &[
            "export-all",
            "--format",
            "json",
            "--out",
            json.to_str().unwrap(),
            "--search",
            "a",
        ],
    );
    let doc: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(doc["schema"], "rapport.access-export/1");
    assert!(!doc["contacts"].as_array().unwrap().is_empty());
}
