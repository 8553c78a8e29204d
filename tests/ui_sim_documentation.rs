//! Headless GUI test (iced_test simulator, real store) of the Documentation screen: open
//! requests by days left with the overdue one marked, the backup reminder until a backup is
//! made, the record of processing with its missing fields, and "Generate record" writing the
//! record into the exports folder and keeping it in the store.

mod ui_support;

use rapport::domain::request::{Kind, Via};
use rapport::privacy::{self, requests};
use rapport::ui::text;
use ui_support::*;

#[test]
fn documentation_lists_requests_reminds_of_backups_and_generates_the_record() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    let today = chrono::Utc::now().date_naive();
    let anna = f.anna;
    workspace(&app)
        .db()
        .blocking(move |s| {
            let now = chrono::Utc::now();
            let old = chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
            requests::add(s, Kind::Access, Via::Email, old.min(today), None, now)?;
            requests::add(s, Kind::Erasure, Via::Letter, today, Some(anna), now)?;
            Ok(())
        })
        .unwrap();

    click(&mut app, text::TAB_DOCUMENTATION);
    let loaded = workspace(&app)
        .documentation()
        .loaded()
        .expect("loaded")
        .clone();
    assert_eq!(loaded.requests.len(), 2);
    // By days left: the overdue request first.
    assert!(loaded.requests[0].days_left <= loaded.requests[1].days_left);
    assert!(shows(&app, text::OPEN_REQUESTS));
    let d0 = loaded.requests[0].days_left.unwrap();
    assert!(shows(&app, text::request_days_left(d0)));
    assert!(shows(
        &app,
        text::request_days_left(loaded.requests[1].days_left.unwrap())
    ));
    assert!(shows(&app, "Erasure"));
    // No backup yet: the reminder shows.
    assert!(loaded.backup_due);
    assert!(shows(&app, text::BACKUP_REMINDER));
    // The record as it would be generated: the controller is not filled in yet.
    assert!(shows(&app, "Controller (Art. 30(1)(a))"));
    assert!(shows(&app, "Purpose: Newsletter"));
    assert!(shows(
        &app,
        text::fields_missing(loaded.record.missing().len())
    ));
    assert!(shows(&app, "missing"));

    click(&mut app, text::GENERATE_RECORD);
    let written: Vec<_> = std::fs::read_dir(&f.exports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        written
            .iter()
            .any(|n| n.starts_with("rapport-record-") && n.ends_with(".pdf")),
        "{written:?}"
    );
    assert!(written.iter().any(|n| n.ends_with(".html")));
    let kept = workspace(&app)
        .db()
        .blocking(|s| privacy::record::issues(s))
        .unwrap();
    assert_eq!(kept.len(), 1);
    let next = workspace(&app)
        .documentation()
        .loaded()
        .unwrap()
        .record
        .clone();
    assert_eq!(next.version, 2, "the preview moves on to the next version");
    assert!(shows(&app, next.running_head()));

    // A backup made: the reminder goes.
    let out = f.exports.join("backup.db");
    workspace(&app)
        .db()
        .blocking(move |s| privacy::backup::backup(s, &out, chrono::Utc::now()).map(|_| ()))
        .unwrap();
    click(&mut app, text::TAB_CONTACTS);
    click(&mut app, text::TAB_DOCUMENTATION);
    assert!(!shows(&app, text::BACKUP_REMINDER));
}

/// The contact's own Export and Erase buttons answer the person's open requests and close them.
#[test]
fn the_contacts_export_and_erase_buttons_close_the_open_requests() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    let anna = f.anna;
    let today = chrono::Utc::now().date_naive();
    let (access, erasure) = workspace(&app)
        .db()
        .blocking(move |s| {
            let now = chrono::Utc::now();
            Ok((
                requests::add(s, Kind::Access, Via::Email, today, Some(anna), now)?,
                requests::add(s, Kind::Erasure, Via::Email, today, Some(anna), now)?,
            ))
        })
        .unwrap();
    let status = |app: &rapport::ui::App, id: i64| {
        workspace(app)
            .db()
            .blocking(move |s| requests::get(s, id, chrono::Utc::now()))
            .unwrap()
    };

    click(&mut app, "Anna Lind");
    click(&mut app, text::EXPORT);
    let a = status(&app, access);
    assert_eq!(a.outcome, Some(rapport::domain::request::Outcome::Exported));
    assert!(
        status(&app, erasure).days_left.is_some(),
        "an export does not answer an erasure"
    );

    click(&mut app, text::ERASE);
    click(&mut app, text::ERASE_CONFIRM);
    let e = status(&app, erasure);
    assert_eq!(e.outcome, Some(rapport::domain::request::Outcome::Erased));
    // The export made a moment ago held her: it is gone with her.
    let left: Vec<_> = std::fs::read_dir(&f.exports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("rapport-access-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
