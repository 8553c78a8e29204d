//! Audiences, retention, rectification, restriction and the audit chain, on real stores with
//! `now` injected.

mod common;

use common::*;
use rapport::domain::ContactId;
use rapport::domain::audience::Exclusion;
use rapport::domain::retention::Rule;
use rapport::domain::{
    Channel, ConsentSource, ContactDraft, ContactPoint, ObjectionScope, PointKind, PointLabel,
    PrefAssignment, Stage,
};
use rapport::privacy::audience::{self, Request};
use rapport::privacy::{
    PrivacyError, access_export, audit, consent, contacts, restrict, retention,
};
use rapport::store;

fn add(
    t: &mut TestStore,
    name: &str,
    stage: Stage,
    prefs: &[&str],
    with_address: bool,
    created_days_ago: i64,
) -> ContactId {
    let email = format!("{}@example.com", name.to_lowercase());
    let mut d: ContactDraft = draft(name, "Example", &email);
    d.stage = stage;
    if with_address {
        d.points.push(ContactPoint::new(
            PointKind::Address,
            PointLabel::Work,
            format!("{name}gatan 1, Stockholm"),
        ));
    }
    for p in prefs {
        d.preferences.apply(&PrefAssignment::parse(p).unwrap());
    }
    contacts::create(&mut t.store, d, now() - days(created_days_ago)).unwrap()
}

fn give(t: &mut TestStore, id: ContactId, purpose: &str, given_ago: i64, expires_in: i64) {
    let g = consent::Given {
        purpose: purpose.into(),
        source: ConsentSource::parse("web-form"),
        given_at: Some(now() - days(given_ago)),
        expires_at: Some(now() + days(expires_in)),
        wording_version: None,
    };
    consent::give(&mut t.store, id, &g, now()).unwrap();
}

#[test]
fn golf_invitations_go_only_to_golfers_who_consented() {
    let mut t = TestStore::new();
    let ok = add(
        &mut t,
        "Golfer",
        Stage::Prospect,
        &["channels=email", "interest.golf=yes"],
        false,
        5,
    );
    give(&mut t, ok, "Event invitations", 5, 300);
    let cases: Vec<(Exclusion, ContactId)> = vec![
        (Exclusion::InterestNo, {
            let id = add(
                &mut t,
                "Nongolfer",
                Stage::Prospect,
                &["channels=email", "interest.golf=no"],
                false,
                5,
            );
            give(&mut t, id, "Event invitations", 5, 300);
            id
        }),
        (Exclusion::InterestUnknown, {
            let id = add(
                &mut t,
                "Unknowngolf",
                Stage::Prospect,
                &["channels=email"],
                false,
                5,
            );
            give(&mut t, id, "Event invitations", 5, 300);
            id
        }),
        (
            Exclusion::NoLegalBasis,
            add(
                &mut t,
                "Noconsent",
                Stage::Prospect,
                &["channels=email", "interest.golf=yes"],
                false,
                5,
            ),
        ),
        (Exclusion::ConsentExpired, {
            let id = add(
                &mut t,
                "Expired",
                Stage::Prospect,
                &["channels=email", "interest.golf=yes"],
                false,
                900,
            );
            give(&mut t, id, "Event invitations", 800, -3);
            id
        }),
        (Exclusion::ConsentWithdrawn, {
            let id = add(
                &mut t,
                "Withdrawn",
                Stage::Prospect,
                &["channels=email", "interest.golf=yes"],
                false,
                5,
            );
            give(&mut t, id, "Event invitations", 5, 300);
            consent::withdraw(&mut t.store, id, "event invitations", now()).unwrap();
            id
        }),
        (Exclusion::ChannelNotAccepted, {
            let id = add(
                &mut t,
                "Phoneonly",
                Stage::Prospect,
                &["channels=phone", "interest.golf=yes"],
                false,
                5,
            );
            give(&mut t, id, "Event invitations", 5, 300);
            id
        }),
        (Exclusion::Objected, {
            let id = add(
                &mut t,
                "Objector",
                Stage::Prospect,
                &["channels=email", "interest.golf=yes"],
                false,
                5,
            );
            give(&mut t, id, "Event invitations", 5, 300);
            restrict::object(
                &mut t.store,
                id,
                ObjectionScope::Channel(Channel::Email),
                now(),
            )
            .unwrap();
            id
        }),
        (Exclusion::Restricted, {
            let id = add(
                &mut t,
                "Restricted",
                Stage::Prospect,
                &["channels=email", "interest.golf=yes"],
                false,
                5,
            );
            give(&mut t, id, "Event invitations", 5, 300);
            restrict::set_restricted(&mut t.store, id, true, now()).unwrap();
            id
        }),
    ];
    let req = Request {
        purpose: "Event invitations".into(),
        channel: Channel::Email,
        interests: vec!["golf".into()],
        include_unknown: false,
        activity: None,
    };
    let a = audience::build(&t.store, &req, now()).unwrap();
    assert_eq!(
        a.included.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![ok]
    );
    assert_eq!(a.included[0].address.as_deref(), Some("golfer@example.com"));
    let shown = format!(
        "{a:?} {:?} {:?}",
        retention::report(&t.store, now()).unwrap(),
        contacts::load(&t.store, ok, now()).unwrap()
    );
    assert!(
        !shown.contains("Golfer") && !shown.contains("golfer@"),
        "Debug output shows personal data: {shown}"
    );
    for (reason, _) in &cases {
        assert_eq!(a.excluded.get(reason), Some(&1), "{reason:?}");
    }
    assert_eq!(a.excluded.values().sum::<usize>(), cases.len());
    let with_unknown = audience::build(
        &t.store,
        &Request {
            include_unknown: true,
            ..req
        },
        now(),
    )
    .unwrap();
    assert_eq!(with_unknown.included.len(), 2);
}

#[test]
fn no_paper_catalogue_for_the_digital_only() {
    let mut t = TestStore::new();
    let paper = add(
        &mut t,
        "Paper",
        Stage::Customer,
        &["channels=email,post"],
        true,
        5,
    );
    add(
        &mut t,
        "Digital",
        Stage::Customer,
        &["channels=digital-only"],
        true,
        5,
    );
    add(
        &mut t,
        "Noaddress",
        Stage::Customer,
        &["channels=post"],
        false,
        5,
    );
    add(&mut t, "Lead", Stage::Lead, &["channels=post"], true, 5);
    let req = Request {
        purpose: "Catalogue by post".into(),
        channel: Channel::Post,
        interests: vec![],
        include_unknown: false,
        activity: None,
    };
    let a = audience::build(&t.store, &req, now()).unwrap();
    assert_eq!(
        a.included.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![paper]
    );
    assert_eq!(a.excluded_by_code().get("channel_not_accepted"), Some(&1));
    assert_eq!(a.excluded_by_code().get("no_address"), Some(&1));
    assert_eq!(a.excluded_by_code().get("no_legal_basis"), Some(&1));
    let bad = Request {
        purpose: "Telepathy".into(),
        channel: Channel::Post,
        interests: vec![],
        include_unknown: false,
        activity: None,
    };
    assert!(audience::build(&t.store, &bad, now()).is_err());
}

#[test]
fn retention_lists_due_and_upcoming_and_applying_twice_is_harmless() {
    let mut t = TestStore::new();
    let stale_lead = add(&mut t, "Stalelead", Stage::Lead, &[], false, 45);
    let fresh_lead = add(&mut t, "Freshlead", Stage::Lead, &[], false, 10);
    let customer = add(&mut t, "Customer", Stage::Customer, &[], false, 2000);
    // A customer is kept while there is activity (issue 15): a call today.
    rapport::privacy::activities::log(
        &mut t.store,
        &rapport::privacy::activities::Log {
            people: vec![customer],
            kind: rapport::domain::activity::Kind::Call,
            outcome: "interested".into(),
            on: None,
            purpose: None,
            organisation: None,
            follow_up: None,
            preferences: vec![],
            consent: None,
        },
        now(),
    )
    .unwrap();
    let ended = add(&mut t, "Ended", Stage::Prospect, &[], false, 900);
    give(&mut t, ended, "Newsletter", 800, -40);
    let expiring = add(&mut t, "Expiring", Stage::Prospect, &[], false, 700);
    give(&mut t, expiring, "Newsletter", 600, 12);
    let valid = add(&mut t, "Valid", Stage::Prospect, &[], false, 700);
    give(&mut t, valid, "Newsletter", 10, 400);
    let r = retention::report(&t.store, now()).unwrap();
    let due: Vec<_> = r.due.iter().map(|d| (d.id, d.rule)).collect();
    assert!(due.contains(&(stale_lead, Rule::NoLegalBasis)), "{due:?}");
    assert!(due.contains(&(ended, Rule::ConsentsEnded)));
    assert_eq!(due.len(), 2);
    let up: Vec<_> = r.upcoming.iter().map(|u| (u.id, u.rule)).collect();
    assert!(up.contains(&(fresh_lead, Rule::NoLegalBasis)));
    assert!(up.contains(&(expiring, Rule::ConsentsEnded)));
    assert_eq!(up.len(), 2);
    assert!(
        !due.iter()
            .chain(up.iter())
            .any(|(id, _)| *id == customer || *id == valid)
    );

    assert_eq!(retention::apply(&t.store, now(), 1, |_, _| {}).unwrap(), 2);
    assert_eq!(retention::apply(&t.store, now(), 1, |_, _| {}).unwrap(), 0);
    assert!(
        t.store
            .read(|tx| store::contacts::get(tx, stale_lead))
            .unwrap()
            .is_none()
    );
    assert!(
        t.store
            .read(|tx| store::contacts::get(tx, valid))
            .unwrap()
            .is_some()
    );
    let events = audit::events(&t.store, None).unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "erase" && e.actor == "retention-rule")
            .count(),
        2
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "retention_run")
            .count(),
        2
    );
    // 40 days later the fresh lead's grace period is over.
    assert!(
        retention::report(&t.store, now() + days(40))
            .unwrap()
            .due
            .iter()
            .any(|d| d.id == fresh_lead)
    );
}

#[test]
fn rectification_audits_field_names_only_and_restriction_blocks_it() {
    let mut t = TestStore::new();
    let id = add(&mut t, "Rectify", Stage::Lead, &[], false, 1);
    let edit = contacts::Edit {
        emails: Some(vec!["new.address@example.com".into()]),
        organisation: Some("Secretcorp".into()),
        ..Default::default()
    };
    let changed = contacts::rectify(&mut t.store, id, &edit, now()).unwrap();
    assert_eq!(changed, vec!["organisation", "email"]);
    let ev = audit::events(&t.store, Some(id)).unwrap();
    let last = ev.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.detail.as_str()),
        ("edit", "organisation,email")
    );
    let log = serde_json::to_string(&audit::events(&t.store, None).unwrap()).unwrap();
    for secret in ["Secretcorp", "new.address", "rectify@", "Rectify"] {
        assert!(
            !log.contains(secret),
            "the audit log holds a personal value"
        );
    }
    let bad = contacts::Edit {
        phones: Some(vec!["not a phone".into()]),
        ..Default::default()
    };
    assert!(matches!(
        contacts::rectify(&mut t.store, id, &bad, now()),
        Err(PrivacyError::Contact(_))
    ));
    restrict::set_restricted(&mut t.store, id, true, now()).unwrap();
    assert!(matches!(
        contacts::rectify(&mut t.store, id, &edit, now()),
        Err(PrivacyError::Restricted)
    ));
    restrict::set_restricted(&mut t.store, id, false, now()).unwrap();
    assert!(
        contacts::rectify(
            &mut t.store,
            id,
            &contacts::Edit {
                title: Some("CEO".into()),
                ..Default::default()
            },
            now()
        )
        .is_ok()
    );
}

/// Someone with the key and a SQLite shell: drops the append-only triggers, then edits.
const UNGUARD: &str = "DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete;";

fn tamper(t: &TestStore, sql: &str) -> String {
    let conn = t.store.raw_connection();
    conn.execute_batch(&format!("BEGIN; {UNGUARD} {sql}; COMMIT;"))
        .unwrap();
    let r = audit::verify(&t.store).unwrap();
    let err = r.expect_err("tampering went unnoticed").to_string();
    conn.execute_batch("ROLLBACK").ok();
    err
}

#[test]
fn audit_tampering_is_detected() {
    let build = || {
        let mut t = TestStore::new();
        let id = add(&mut t, "Audited", Stage::Lead, &[], false, 1);
        give(&mut t, id, "Newsletter", 1, 100);
        consent::withdraw(&mut t.store, id, "Newsletter", now()).unwrap();
        assert_eq!(audit::verify(&t.store).unwrap(), Ok(4));
        t
    };
    // Inside the store the log is append-only: a stray UPDATE or DELETE fails and changes nothing.
    let t = build();
    for sql in [
        "UPDATE audit_event SET detail = '' WHERE seq = 2",
        "DELETE FROM audit_event WHERE seq = 4",
    ] {
        let err = t.store.raw_connection().execute_batch(sql).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }
    assert_eq!(audit::verify(&t.store).unwrap(), Ok(4));
    assert!(
        tamper(
            &build(),
            "UPDATE audit_event SET detail = 'purpose=Catalogue by post' WHERE seq = 2"
        )
        .contains("event 2 was changed")
    );
    assert!(
        tamper(&build(), "UPDATE audit_event SET at = at + 1 WHERE seq = 1").contains("event 1")
    );
    assert!(tamper(&build(), "DELETE FROM audit_event WHERE seq = 2").contains("event 3"));
    assert!(
        tamper(&build(), "DELETE FROM audit_event WHERE seq = 4").contains("removed from the end")
    );
    assert!(tamper(&build(), "UPDATE audit_event SET seq = seq + 10 WHERE seq = 2; UPDATE audit_event SET seq = 2 WHERE seq = 3; UPDATE audit_event SET seq = 3 WHERE seq = 12").contains("event 2"));
    // The same id in another case still parses, but no longer verifies.
    assert!(
        tamper(
            &build(),
            "UPDATE audit_event SET subject = upper(subject) WHERE seq = 2"
        )
        .contains("event 2 was changed")
    );
    assert!(
        tamper(
            &build(),
            "UPDATE audit_event SET subject = 'not-an-id' WHERE seq = 1"
        )
        .contains("event 1 was changed")
    );
    // Wiping the whole log (head included) is noticed at the next event.
    let mut t = build();
    t.store
        .raw_connection()
        .execute_batch(&format!(
            "{UNGUARD} DELETE FROM audit_event; DELETE FROM meta WHERE key LIKE 'audit_head%';"
        ))
        .unwrap();
    contacts::unlocked(&mut t.store, now()).unwrap();
    assert!(
        audit::verify(&t.store)
            .unwrap()
            .unwrap_err()
            .to_string()
            .contains("removed from the start")
    );
    // Losing only the head record does not lock the store: events continue the chain.
    let mut t = build();
    t.store
        .raw_connection()
        .execute_batch("DELETE FROM meta WHERE key LIKE 'audit_head%';")
        .unwrap();
    contacts::unlocked(&mut t.store, now()).unwrap();
    assert_eq!(audit::verify(&t.store).unwrap(), Ok(5));
}

#[test]
fn retention_never_erases_a_restricted_contact() {
    let mut t = TestStore::new();
    let kept = add(&mut t, "Disputed", Stage::Lead, &[], false, 400);
    let gone = add(&mut t, "Forgotten", Stage::Lead, &[], false, 400);
    restrict::set_restricted(&mut t.store, kept, true, now()).unwrap();
    let due: Vec<_> = retention::report(&t.store, now())
        .unwrap()
        .due
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(due, vec![gone]);
    assert_eq!(retention::apply(&t.store, now(), 10, |_, _| {}).unwrap(), 1);
    assert!(
        t.store
            .read(|tx| store::contacts::exists(tx, kept))
            .unwrap()
    );
}

#[test]
fn the_audience_uses_the_preferred_address() {
    let mut t = TestStore::new();
    let mut d = draft("Pref", "Example", "first@example.com");
    d.points.push(ContactPoint {
        preferred: true,
        ..ContactPoint::new(PointKind::Email, PointLabel::Home, "chosen@example.com")
    });
    d.points.push(ContactPoint::new(
        PointKind::Email,
        PointLabel::Work,
        "last@example.com",
    ));
    d.stage = Stage::Customer;
    d.preferences
        .apply(&PrefAssignment::parse("channels=email").unwrap());
    contacts::create(&mut t.store, d, now()).unwrap();
    let req = Request {
        purpose: "Customer relationship".into(),
        channel: Channel::Email,
        interests: vec![],
        include_unknown: false,
        activity: None,
    };
    let a = audience::build(&t.store, &req, now()).unwrap();
    assert_eq!(a.included[0].address.as_deref(), Some("chosen@example.com"));
}

/// Fails when a table or column exists that neither the access export carries nor is listed
/// as holding no personal data of its own.
#[test]
fn every_column_has_a_place_in_the_access_export() {
    let t = TestStore::new();
    let conn = t.store.raw_connection();
    let mut tables = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contact_fts%'").unwrap();
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(names.len() >= 10);
    let listed = |table: &str, column: &str| {
        access_export::EXPORTED_COLUMNS
            .iter()
            .chain(access_export::NOT_PERSONAL.iter())
            .any(|(t, cols)| *t == table && cols.contains(&column))
    };
    for table in names {
        let mut cols = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        for col in cols
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|r| r.unwrap())
        {
            assert!(
                listed(&table, &col),
                "{table}.{col} has no place in the access export (add it to the export, or to NOT_PERSONAL with a reason)"
            );
        }
    }
    // The full-text index is contentless: it holds only tokens of columns already exported.
    let fts: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'contact_fts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(fts.contains("content = ''") && !fts.contains("contentless_delete"));
}
