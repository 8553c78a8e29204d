//! The privacy story on a real encrypted store: create → consent → export (every stored value is
//! in data.json) → erase → prove gone by decrypting every raw page of the database and the WAL.

mod common;

use common::*;
use rapport::domain::{
    ConsentSource, ContactPoint, ObjectionScope, PointKind, PointLabel, PrefAssignment,
};
use rapport::privacy::{access_export, audit, consent, contacts, erasure, restrict};
use rapport::store;
use std::io::Read;

struct Person {
    values: Vec<&'static str>,
}

fn person_values() -> Person {
    Person {
        values: vec![
            "Zacharias",
            "Quennerstedt",
            "Zacharias Quennerstedt",
            "Vindqvistbolaget",
            "Inköpschef",
            "zacharias.quennerstedt@example.com",
            "+46 70 555 12 34",
            "Xyloväg 17, 123 45 Ystad",
            "https://quennerstedt.example.com",
            "Kvarnmässan 2026",
            "#KVITTO-ZQ98127X",
            "zq.private@example.com",
        ],
    }
}

#[test]
fn create_consent_export_erase_and_prove_gone() {
    let mut t = TestStore::new();
    let p = person_values();
    let mut d = draft(
        "Zacharias",
        "Quennerstedt",
        "zacharias.quennerstedt@example.com",
    );
    d.organisation = "Ulvsundabolagen".into();
    d.title = "Xylofonexpert".into();
    d.source = rapport::domain::DataSource::parse("event:Kvarnmässan 2026");
    d.points.push(ContactPoint::new(
        PointKind::Email,
        PointLabel::Home,
        "zq.private@example.com",
    ));
    d.points.push(ContactPoint::new(
        PointKind::Phone,
        PointLabel::Mobile,
        "+46 70 555 12 34",
    ));
    d.points.push(ContactPoint::new(
        PointKind::Address,
        PointLabel::Work,
        "Xyloväg 17, 123 45 Ystad",
    ));
    d.points.push(ContactPoint::new(
        PointKind::Web,
        PointLabel::Work,
        "https://quennerstedt.example.com",
    ));
    for a in [
        "channels=email,post",
        "interest.golf=yes",
        "interest.wine=no",
        "language=sv",
    ] {
        d.preferences.apply(&PrefAssignment::parse(a).unwrap());
    }
    // Other people around, so that the index spreads over many pages.
    rapport::privacy::demo::generate(&mut t.store, 600, 11, now(), |_, _| {}).unwrap();
    let id = contacts::create(&mut t.store, d, now() - days(10)).unwrap();
    // A rectification: the old values must not survive the erasure either.
    let edit = contacts::Edit {
        organisation: Some("Vindqvistbolaget".into()),
        title: Some("Inköpschef".into()),
        ..Default::default()
    };
    contacts::rectify(&mut t.store, id, &edit, now() - days(9)).unwrap();
    let given = consent::Given {
        purpose: "newsletter".into(),
        source: ConsentSource::parse("signed-form:#KVITTO-ZQ98127X"),
        given_at: Some(now() - days(5)),
        expires_at: None,
        wording_version: None,
    };
    consent::give(&mut t.store, id, &given, now()).unwrap();
    restrict::object(
        &mut t.store,
        id,
        ObjectionScope::Channel(rapport::domain::Channel::Post),
        now(),
    )
    .unwrap();

    // Export: the zip holds the three files and data.json carries every stored value.
    let out = t.dir.path().join("exports").join("zq");
    let written = access_export::export(&mut t.store, id, &out, now()).unwrap();
    assert!(written.path.ends_with("zq.zip"));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&written.path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let data = read("data.json");
    let html = read("report.html");
    let vcf = read("contact.vcf");
    let doc: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(doc["schema"], "rapport.access-export/1");
    for v in &p.values {
        assert!(data.contains(v), "data.json lacks a stored value");
    }
    for v in [
        "email",
        "post",
        "golf",
        "\"yes\"",
        "wine",
        "\"sv\"",
        "Newsletter",
        "consent",
        "valid",
        "signed_form",
        "Customer relationship",
        "objected_at",
        "legal_basis",
        "retention",
    ] {
        assert!(data.contains(v), "data.json lacks {v}");
    }
    assert!(
        doc["audit_events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "consent_given")
    );
    assert!(
        doc["consents"][0]["wording"]
            .as_str()
            .unwrap()
            .contains("withdraw")
    );
    assert!(
        html.contains("Zacharias Quennerstedt")
            && html.contains("Dina rättigheter")
            && html.contains("<html lang=\"sv\">")
            && html.contains("Kvarnmässan 2026")
    );
    assert!(
        vcf.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n")
            && vcf.contains("zacharias.quennerstedt@example.com")
    );
    let events = audit::events(&t.store, Some(id)).unwrap();
    assert!(events.iter().any(|e| e.action == "export"));
    std::fs::remove_dir_all(t.dir.path().join("exports")).unwrap();

    // Erase, then look for the person everywhere, in every form.
    let held = erasure::erase(&mut t.store, id, erasure::Reason::SubjectRequest, now()).unwrap();
    assert_eq!(
        (held.emails, held.phones, held.consents, held.objections),
        (2, 1, 1, 1)
    );
    assert!(
        t.store
            .read(|tx| store::contacts::get(tx, id))
            .unwrap()
            .is_none()
    );
    let tomb = t
        .store
        .read(|tx| store::erasure::tombstone(tx, id))
        .unwrap()
        .unwrap();
    assert_eq!(
        (tomb.reason.as_str(), tomb.requested_by.as_str()),
        ("subject_request", "data-subject-request")
    );

    let wal = t.dir.path().join("rapport.db-wal");
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "the WAL is not empty after erasure"
    );
    let db = std::fs::read(t.db_path()).unwrap();
    let pages = decrypt_db(&t.key, &db);
    assert!(
        pages.iter().any(|pg| contains(pg, b"CREATE TABLE contact")),
        "page decryption does not work: the scan would prove nothing"
    );
    let wal_pages = decrypt_wal(&t.key, &std::fs::read(&wal).unwrap_or_default());
    for v in p
        .values
        .iter()
        .chain(["Ulvsundabolagen", "Xylofonexpert"].iter())
    {
        for form in variants(v) {
            for (i, pg) in pages.iter().chain(wal_pages.iter()).enumerate() {
                assert!(
                    !contains(pg, form.as_bytes()),
                    "{form:?} (of an erased value) survives in page {}: {}",
                    i + 1,
                    printable(pg)
                );
            }
            for (path, bytes) in all_files(t.dir.path()) {
                assert!(
                    !contains(&bytes, form.as_bytes()),
                    "a form of an erased value is in {}",
                    path.display()
                );
            }
        }
    }
    assert!(audit::verify(&t.store).unwrap().is_ok());
    // The audit log kept the events, but only with the random id.
    let after = audit::events(&t.store, Some(id)).unwrap();
    assert!(after.iter().any(|e| e.action == "erase"));
}

/// The readable runs of a page, to say where a trace was found.
fn printable(page: &[u8]) -> String {
    String::from_utf8_lossy(page)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '@' || c == '.' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .filter(|w| w.len() > 2)
        .collect::<Vec<_>>()
        .join(" ")
}
