//! Exports do not outlive their purpose, on a real store and real files: an access package, an
//! audience CSV and an export-all holding a person are registered; erasing the person deletes
//! every one of them (and says which it could not); expired exports are deleted and the
//! deletion audited.

mod common;

use common::{TestStore, days, draft, now};
use rapport::domain::preference::Channels;
use rapport::domain::{Action, Channel, ConsentSource, ContactId};
use rapport::privacy::{
    self, audience, consent::Given, erasure::Reason, export_all, exports_register,
};
use std::path::Path;

fn person(t: &mut TestStore, given: &str, family: &str, email: &str) -> ContactId {
    let mut d = draft(given, family, email);
    d.preferences.channels = Channels::DIGITAL_ONLY;
    let id = privacy::contacts::create(&mut t.store, d, now()).unwrap();
    let g = Given {
        purpose: "Newsletter".into(),
        source: ConsentSource::parse("web-form:#7"),
        given_at: Some(now() - days(3)),
        expires_at: None,
        wording_version: None,
    };
    privacy::consent::give(&mut t.store, id, &g, now()).unwrap();
    id
}

fn holds(path: &Path, needle: &str) -> bool {
    if !path.exists() {
        return false;
    }
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "zip") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len()).any(|i| {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut s).unwrap();
            s.contains(needle)
        })
    } else {
        common::contains(&bytes, needle.as_bytes())
    }
}

#[test]
fn erasing_a_person_deletes_every_export_that_holds_them() {
    let mut t = TestStore::new();
    let astrid = person(
        &mut t,
        "Astrid",
        "Lindqvist",
        "astrid.lindqvist@example.com",
    );
    let _bo = person(&mut t, "Bo", "Ek", "bo.ek@example.com");
    let out = tempfile::tempdir().unwrap();

    let package =
        privacy::access_export::export(&mut t.store, astrid, &out.path().join("astrid"), now())
            .unwrap()
            .path;
    let req = audience::Request {
        purpose: "Newsletter".into(),
        channel: Channel::Email,
        interests: vec![],
        include_unknown: true,
        activity: None,
    };
    let csv =
        privacy::overview::export_audience_csv(&mut t.store, &req, out.path(), now()).unwrap();
    let all = out.path().join("everyone.csv");
    export_all::export_all(&mut t.store, export_all::Format::Csv, &all, None, now()).unwrap();
    for f in [&package, &csv, &all] {
        assert!(
            holds(f, "Lindqvist"),
            "{} should hold the person",
            f.display()
        );
    }
    // A copy somebody moved: registered, but not where it was written.
    let moved = out.path().join("moved.json");
    privacy::access_export::export(&mut t.store, astrid, &moved, now()).unwrap();
    std::fs::rename(&moved, out.path().join("elsewhere.json")).unwrap();

    let list = exports_register::list(&t.store).unwrap();
    assert_eq!(list.len(), 4);
    let kinds: Vec<&str> = list.iter().map(|f| f.kind.as_str()).collect();
    for k in ["access_package", "audience_csv", "export_all"] {
        assert!(kinds.contains(&k), "{kinds:?}");
    }
    assert!(list.iter().all(|f| f.expires_at == now() + days(30)));

    let (_, cleaned) = privacy::erasure::erase_answering(
        &mut t.store,
        astrid,
        Reason::SubjectRequest,
        None,
        now(),
    )
    .unwrap();
    assert_eq!(cleaned.deleted.len(), 3);
    assert_eq!(cleaned.not_deleted.len(), 1, "the moved copy is reported");
    for f in [&package, &csv, &all] {
        assert!(
            !holds(f, "Lindqvist"),
            "{} still holds the person",
            f.display()
        );
    }
    let list = exports_register::list(&t.store).unwrap();
    assert_eq!(list.iter().filter(|f| f.deleted_at.is_some()).count(), 3);
    // The deleted access package no longer shows the path that named the person.
    assert!(
        !list
            .iter()
            .any(|f| f.deleted_at.is_some() && f.path.contains("astrid"))
    );
    let events = privacy::audit::events(&t.store, None).unwrap();
    let deletions: Vec<_> = events
        .iter()
        .filter(|e| e.action == Action::ExportDeleted.as_str())
        .collect();
    assert_eq!(deletions.len(), 3);
    assert!(
        deletions
            .iter()
            .all(|e| e.detail.contains("reason=erased") && !e.detail.contains("astrid"))
    );
}

#[test]
fn expired_exports_are_deleted_at_the_next_sweep_and_audited() {
    let mut t = TestStore::new();
    let id = person(&mut t, "Cecilia", "Holm", "cecilia.holm@example.com");
    let out = tempfile::tempdir().unwrap();
    exports_register::set_expiry_days(&mut t.store, 7, now()).unwrap();
    let old = privacy::access_export::export(&mut t.store, id, &out.path().join("old.json"), now())
        .unwrap()
        .path;
    let fresh = privacy::access_export::export(
        &mut t.store,
        id,
        &out.path().join("fresh.json"),
        now() + days(5),
    )
    .unwrap()
    .path;
    // Day 6: nothing expired yet.
    let c = exports_register::sweep(&mut t.store, now() + days(6)).unwrap();
    assert!(c.deleted.is_empty());
    // Day 8: the first (kept 7 days) goes, the second stays.
    let c = exports_register::sweep(&mut t.store, now() + days(8)).unwrap();
    assert_eq!(c.deleted.len(), 1);
    assert!(!old.exists());
    assert!(fresh.exists());
    let events = privacy::audit::events(&t.store, None).unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == Action::ExportDeleted.as_str()
                && e.detail.contains("reason=expired"))
            .count(),
        1
    );
    assert!(privacy::audit::verify(&t.store).unwrap().is_ok());
    // Bad settings are refused with a sentence.
    let err = exports_register::set_expiry_days(&mut t.store, 0, now()).unwrap_err();
    assert!(err.to_string().contains("between 1 and 365"));
}

#[test]
fn an_access_package_can_be_protected_with_a_password() {
    let mut t = TestStore::new();
    let id = person(&mut t, "Dag", "Berg", "dag.berg@example.com");
    let out = tempfile::tempdir().unwrap();
    let opts = privacy::access_export::Options {
        request: None,
        password: Some(zeroize::Zeroizing::new("lösenord-2026".to_string())),
    };
    let path = privacy::access_export::export_with(
        &mut t.store,
        id,
        &out.path().join("dag"),
        &opts,
        now(),
    )
    .unwrap()
    .path;
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        !common::contains(&bytes, b"Berg"),
        "the entries are encrypted"
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert!(zip.by_index(0).is_err(), "no password, no data");
    let mut s = String::new();
    std::io::Read::read_to_string(
        &mut zip
            .by_name_decrypt("data.json", "lösenord-2026".as_bytes())
            .unwrap(),
        &mut s,
    )
    .unwrap();
    assert!(s.contains("Berg"));
    // A short password is refused before anything is written.
    let weak = privacy::access_export::Options {
        request: None,
        password: Some(zeroize::Zeroizing::new("short".to_string())),
    };
    assert!(
        privacy::access_export::export_with(&mut t.store, id, &out.path().join("x"), &weak, now())
            .is_err()
    );
    assert!(!out.path().join("x.zip").exists());
}
