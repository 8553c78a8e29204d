//! Activities (issue 15): logging one moves the last activity that retention counts from; no
//! command takes free text for an activity; the access export carries activities with outcome
//! labels; erasure removes a person's activities and follow-ups, keeps the organisation and
//! leaves nothing of them on any raw page.

mod common;

use common::cli_team::rapport;
use common::*;
use rapport::domain::activity::Kind;
use rapport::domain::organisation::OrganisationDraft;
use rapport::domain::{ContactId, Stage};
use rapport::privacy::activities::{self, Log};
use rapport::privacy::{access_export, contacts, erasure, organisations, retention};

fn log(kind: Kind, outcome: &str, people: Vec<ContactId>, on: Option<i64>) -> Log {
    Log {
        people,
        kind,
        outcome: outcome.into(),
        on: on.map(|d| now() - days(d)),
        purpose: None,
        organisation: None,
        follow_up: None,
        preferences: vec![],
        consent: None,
    }
}

fn customer(t: &mut TestStore, given: &str, org: &str, created_days_ago: i64) -> ContactId {
    let mut d = draft(
        given,
        "Exempelsson",
        &format!("{}@kund.example.com", given.to_lowercase()),
    );
    d.stage = Stage::Customer;
    d.organisation = org.into();
    contacts::create(&mut t.store, d, now() - days(created_days_ago)).unwrap()
}

fn due(t: &TestStore, id: ContactId) -> Option<String> {
    retention::report(&t.store, now())
        .unwrap()
        .due
        .into_iter()
        .find(|d| d.id == id)
        .map(|d| d.reason)
}

#[test]
fn an_activity_today_takes_a_customer_out_of_the_queue_and_one_30_months_ago_leaves_them_due() {
    let mut t = TestStore::new();
    let c = customer(&mut t, "Sigrid", "Laxbolaget", 40 * 31);
    assert!(
        due(&t, c).is_some(),
        "no activity since added 40 months ago"
    );

    // 30 months ago, under the default 24-month rule: still due, and the queue says why.
    activities::log(
        &mut t.store,
        &log(Kind::Visit, "order_placed", vec![c], Some(30 * 30 + 15)),
        now(),
    )
    .unwrap();
    let reason = due(&t, c).expect("an activity 30 months ago leaves the customer due");
    assert_eq!(reason, "no activity for 30 months");

    // Today: out of the queue, and the last activity is today.
    activities::log(
        &mut t.store,
        &log(Kind::Call, "interested", vec![c], None),
        now(),
    )
    .unwrap();
    assert_eq!(due(&t, c), None);
    let v = contacts::load(&t.store, c, now()).unwrap();
    assert_eq!(
        v.contact.last_contacted_at,
        Some(rapport::domain::activity::day_start(now()))
    );
    // An old call logged late does not move it back.
    activities::log(
        &mut t.store,
        &log(Kind::Call, "no_answer", vec![c], Some(800)),
        now(),
    )
    .unwrap();
    assert_eq!(due(&t, c), None);
    let (list, _) = activities::of_contact(&t.store, c).unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(
        list[0].outcome.label, "Interested",
        "newest first, with its label"
    );
    assert_eq!(list[0].organisation.as_deref(), Some("Laxbolaget"));
    assert_eq!(list[0].purpose.as_deref(), Some("Customer relationship"));
}

#[test]
fn the_dialog_sets_preferences_and_records_a_consent_with_proof() {
    let mut t = TestStore::new();
    let c = customer(&mut t, "Karin", "Laxbolaget", 10);
    let mut l = log(Kind::Meeting, "send_offer", vec![c], None);
    l.preferences = vec![
        rapport::domain::PrefAssignment::parse("channels=digital-only").unwrap(),
        rapport::domain::PrefAssignment::parse("interest.golf=no").unwrap(),
    ];
    l.consent = Some(rapport::privacy::consent::Given {
        purpose: "Newsletter".into(),
        source: rapport::domain::ConsentSource::parse("signed-form:F-2026-17"),
        given_at: None,
        expires_at: None,
        wording_version: None,
    });
    l.follow_up = Some((now() + days(3), Some(Kind::Email)));
    let logged = activities::log(&mut t.store, &l, now()).unwrap();
    assert!(logged.follow_up.is_some());
    let v = contacts::load(&t.store, c, now()).unwrap();
    assert_eq!(
        v.contact.preferences.interests.get("golf"),
        Some(&rapport::domain::Answer::No)
    );
    assert_eq!(v.consents.len(), 1);
    assert_eq!(v.consents[0].source.reference, "F-2026-17");
    let (_, follow_ups) = activities::of_contact(&t.store, c).unwrap();
    assert_eq!(follow_ups.len(), 1);
    assert_eq!(follow_ups[0].kind, Kind::Email);
}

#[test]
fn erasure_removes_activities_and_follow_ups_and_leaves_the_organisation() {
    let mut t = TestStore::new();
    organisations::add(
        &mut t.store,
        &OrganisationDraft {
            name: Some("Laxbolaget".into()),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    let mut d = draft("Xenophon", "Quarnström", "xenophon.quarnstrom@example.com");
    d.organisation = "Laxbolaget".into();
    d.title = "Zylinderchef".into();
    d.points.push(rapport::domain::ContactPoint::new(
        rapport::domain::PointKind::Phone,
        rapport::domain::PointLabel::Mobile,
        "+46 70 987 65 43",
    ));
    let x = contacts::create(&mut t.store, d, now() - days(100)).unwrap();
    let colleague = customer(&mut t, "Maja", "Laxbolaget", 100);
    activities::add_outcome(&mut t.store, "Asked for a demo", Some("demo_asked"), now()).unwrap();
    let shared = activities::log(
        &mut t.store,
        &log(Kind::Meeting, "meeting_booked", vec![x, colleague], Some(5)),
        now(),
    )
    .unwrap();
    let mut own = log(Kind::Call, "send_offer", vec![x], Some(2));
    own.follow_up = Some((now() + days(1), None));
    activities::log(&mut t.store, &own, now()).unwrap();
    activities::plan(&mut t.store, x, Kind::Visit, now() + days(9), now()).unwrap();

    // The access export carries them, with outcome labels rather than codes.
    let (doc, _) = access_export::data_document(&t.store, x, now()).unwrap();
    let acts = doc["activities"].as_array().unwrap();
    assert_eq!(acts.len(), 2);
    let outcomes: Vec<&str> = acts
        .iter()
        .map(|a| a["outcome"].as_str().unwrap())
        .collect();
    assert!(
        outcomes.contains(&"Send offer") && outcomes.contains(&"Meeting booked"),
        "{outcomes:?}"
    );
    assert!(!doc["activities"].to_string().contains("send_offer"));
    assert_eq!(doc["follow_ups"].as_array().unwrap().len(), 2);
    let pkg = access_export::package(&t.store, x, now()).unwrap();
    assert!(pkg.report_html.contains("Send offer"));

    // The confirmation counts them.
    let held = erasure::preview(&t.store, x).unwrap();
    assert_eq!((held.activities, held.follow_ups), (2, 2));
    erasure::erase(&mut t.store, x, erasure::Reason::SubjectRequest, now()).unwrap();

    // The shared meeting stays the colleague's alone; the call and the follow-ups are gone.
    let (left, _) = activities::of_contact(&t.store, colleague).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, shared.activity);
    assert_eq!(left[0].people, vec![colleague]);
    let count = |sql: &str| -> i64 {
        t.store
            .raw_connection()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    };
    // One activity row is left: the colleague's part of the shared meeting.
    assert_eq!(count("SELECT count(*) FROM activity"), 1);
    assert_eq!(count("SELECT count(DISTINCT contact_seq) FROM activity"), 1);
    assert_eq!(count("SELECT count(*) FROM follow_up"), 0);
    let page = organisations::page(&t.store, "Laxbolaget", now()).unwrap();
    assert_eq!(
        page.people.len(),
        1,
        "the organisation stays, with the colleague"
    );

    // Nothing of the person on any raw page of the database or the WAL.
    let pages = decrypt_db(&t.key, &std::fs::read(t.db_path()).unwrap());
    assert!(
        pages
            .iter()
            .any(|pg| contains(pg, b"CREATE INDEX activity_by_person"))
    );
    let wal = decrypt_wal(
        &t.key,
        &std::fs::read(t.dir.path().join("rapport.db-wal")).unwrap_or_default(),
    );
    for v in [
        "Xenophon",
        "Quarnström",
        "xenophon.quarnstrom@example.com",
        "+46 70 987 65 43",
        "Zylinderchef",
    ] {
        for form in variants(v) {
            assert!(
                !pages
                    .iter()
                    .chain(wal.iter())
                    .any(|pg| contains(pg, form.as_bytes())),
                "{form:?} of the erased person survives"
            );
        }
    }
    let detail = rapport::privacy::audit::events(&t.store, Some(x)).unwrap();
    let erase = detail.iter().find(|e| e.action == "erase").unwrap();
    assert!(
        erase.detail.contains("activities=2 follow_ups=2"),
        "{}",
        erase.detail
    );
}

/// Every way a salesperson might try to type a note about the activity is refused with a
/// sentence, and nothing is stored.
#[test]
fn no_command_accepts_free_text_for_an_activity() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    assert!(rapport(&dir, &["init"]).status.success());
    let id = String::from_utf8(
        rapport(
            &dir,
            &[
                "add",
                "--name",
                "Olle Exempel",
                "--email",
                "olle@example.com",
            ],
        )
        .stdout,
    )
    .unwrap();
    let id = id.trim();
    let base = ["activity", "add", id, "--kind", "call"];
    let tries: &[(&[&str], &str)] = &[
        (
            &[
                "--outcome",
                "interested",
                "--note",
                "Wife is ill, call back later",
            ],
            "unknown argument",
        ),
        (
            &["--outcome", "interested", "--notes", "x"],
            "unknown argument",
        ),
        (
            &["--outcome", "interested", "--comment", "x"],
            "unknown argument",
        ),
        (
            &["--outcome", "interested", "--text", "x"],
            "unknown argument",
        ),
        (
            &["--outcome", "interested", "--description", "x"],
            "unknown argument",
        ),
        (
            &["--outcome", "interested", "Wife is ill"],
            "unknown argument",
        ),
        (
            &["--outcome", "He said his wife is ill"],
            "not in the firm's vocabulary",
        ),
        (
            &[
                "--outcome",
                "interested",
                "--purpose",
                "Chat about his divorce",
            ],
            "no purpose with that name",
        ),
        (
            &[
                "--outcome",
                "interested",
                "--org",
                "Talked about his health",
            ],
            "no organisation",
        ),
        (
            &["--outcome", "interested", "--follow-up-kind", "call"],
            "required argument is missing",
        ),
        (
            &["--outcome", "interested", "--on", "2999-01-01"],
            "not come yet",
        ),
    ];
    for (extra, says) in tries {
        let args: Vec<&str> = base.iter().chain(extra.iter()).copied().collect();
        let out = rapport(&dir, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} was accepted");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let out = rapport(
        &dir,
        &[
            "activity",
            "add",
            id,
            "--kind",
            "lunch with Bob",
            "--outcome",
            "interested",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("call, meeting, visit, email or event"));
    let out = rapport(&dir, &["activities", id, "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["activities"].as_array().unwrap().is_empty(),
        "nothing was stored"
    );
    assert!(doc["follow_ups"].as_array().unwrap().is_empty());
    // The vocabulary grows only by a code and a one-line label, never a note.
    let out = rapport(&dir, &["outcomes", "--add", "Left a voicemail"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("left_a_voicemail"));
    let out = rapport(
        &dir,
        &[
            "activity",
            "add",
            id,
            "--kind",
            "call",
            "--outcome",
            "left_a_voicemail",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = rapport(&dir, &["activities", id]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Left a voicemail"));
}
