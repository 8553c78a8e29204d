//! Today (issue 15) on the command line: a follow-up due today is on the list with the contact's
//! id; done, snooze and cancel each take it off in one command; an overdue one stays on; a
//! consent that ends within 14 days is listed to renew, and a renewed one is not.

mod common;

use common::cli_team::{ok, rapport};
use common::*;
use rapport::domain::ConsentSource;
use rapport::domain::activity::Kind;
use rapport::privacy::{activities, consent, contacts, today};
use serde_json::Value;
use std::path::Path;

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, args)).unwrap()
}

fn on_today(dir: &Path) -> Vec<(i64, String)> {
    json(dir, &["today", "--json"])["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["follow_up"].as_i64().unwrap(),
                f["contact_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_follow_up_due_today_is_on_today_and_done_removes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    ok(&dir, &["init"]);
    let id = ok(
        &dir,
        &[
            "add",
            "--name",
            "Greta Exempel",
            "--email",
            "greta@example.com",
            "--org",
            "Tallbo AB",
        ],
    );
    let id = id.trim().to_string();
    let day = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();

    let logged = json(
        &dir,
        &[
            "activity",
            "add",
            &id,
            "--kind",
            "call",
            "--outcome",
            "send_offer",
            "--follow-up",
            &day,
            "--follow-up-kind",
            "email",
            "--json",
        ],
    );
    let f = logged["follow_up"].as_i64().unwrap();
    let doc = json(&dir, &["today", "--json"]);
    assert_eq!(doc["follow_ups"][0]["follow_up"], f);
    assert_eq!(doc["follow_ups"][0]["contact_id"], id.as_str());
    assert_eq!(doc["follow_ups"][0]["kind"], "email");
    assert_eq!(doc["follow_ups"][0]["organisation"], "Tallbo AB");
    assert_eq!(doc["follow_ups"][0]["overdue"], false);
    assert!(ok(&dir, &["today"]).contains("Greta Exempel"));

    // One for tomorrow is not on today's list.
    ok(
        &dir,
        &[
            "follow-up",
            "add",
            &id,
            "--on",
            &tomorrow,
            "--kind",
            "visit",
        ],
    );
    assert_eq!(on_today(&dir), vec![(f, id.clone())]);

    // Done takes it off; doing it twice says so.
    ok(&dir, &["follow-up", "done", &f.to_string()]);
    assert!(on_today(&dir).is_empty());
    let out = rapport(&dir, &["follow-up", "done", &f.to_string()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already done or cancelled"));

    // Snooze and cancel are one command each too.
    let g: i64 = ok(&dir, &["follow-up", "add", &id, "--on", &day])
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(on_today(&dir).len(), 1);
    ok(
        &dir,
        &["follow-up", "snooze", &g.to_string(), "--days", "2"],
    );
    assert!(on_today(&dir).is_empty());
    let h: i64 = ok(&dir, &["follow-up", "add", &id, "--on", &day])
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    ok(&dir, &["follow-up", "cancel", &h.to_string()]);
    assert!(on_today(&dir).is_empty());
    let all = json(&dir, &["activities", &id, "--json"]);
    let states: Vec<&str> = all["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states.iter().filter(|s| **s == "open").count(),
        2,
        "{states:?}"
    );
    assert!(states.contains(&"done") && states.contains(&"cancelled"));
    let out = rapport(&dir, &["follow-up", "add", &id, "--on", "2001-01-01"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("due today or later"));
}

#[test]
fn overdue_follow_ups_stay_and_consents_ending_soon_are_listed_until_renewed() {
    let mut t = TestStore::new();
    let a = contacts::create(
        &mut t.store,
        draft("Ebba", "Exempel", "ebba@example.com"),
        now() - days(30),
    )
    .unwrap();
    let b = contacts::create(
        &mut t.store,
        draft("Nils", "Exempel", "nils@example.com"),
        now() - days(30),
    )
    .unwrap();
    // Planned a week ago for three days ago: overdue today.
    activities::plan(
        &mut t.store,
        a,
        Kind::Call,
        now() - days(3),
        now() - days(7),
    )
    .unwrap();
    let give = |t: &mut TestStore, id, given: i64, expires: i64| {
        let g = consent::Given {
            purpose: "Newsletter".into(),
            source: ConsentSource::parse("web-form"),
            given_at: Some(now() - days(given)),
            expires_at: Some(now() + days(expires)),
            wording_version: None,
        };
        consent::give(&mut t.store, id, &g, now()).unwrap();
    };
    give(&mut t, a, 700, 10);
    give(&mut t, b, 700, 20);
    let list = today::today(&t.store, now()).unwrap();
    assert_eq!(list.follow_ups.len(), 1);
    assert!(list.follow_ups[0].overdue);
    assert_eq!(list.follow_ups[0].contact, a);
    let expiring: Vec<_> = list
        .consents_expiring
        .iter()
        .map(|e| (e.contact, e.purpose.as_str()))
        .collect();
    assert_eq!(expiring, vec![(a, "Newsletter")], "b's ends in 20 days");
    // Renewed with the person: no longer listed.
    give(&mut t, a, 0, 700);
    assert!(
        today::today(&t.store, now())
            .unwrap()
            .consents_expiring
            .is_empty()
    );
}
