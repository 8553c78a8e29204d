//! Schema 15 (issue 15: the retention sweep at 1M activities) stores an activity as one row per
//! person: a store of schema 14 keeps every activity, its people, its organisation and the
//! follow-ups that name it, drops only the activities already left with nobody, and goes on
//! numbering after the highest activity.

mod common;

use common::*;
use rapport::domain::ContactId;
use rapport::domain::activity::Kind;
use rapport::privacy::activities::{self, Log};
use rapport::privacy::organisations;
use rapport::store::{self, Store, migrate};
use rapport::vault::DataKey;
use rusqlite::{Connection, params};

#[test]
fn a_schema_14_store_keeps_its_activities_their_people_and_follow_ups() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(store::DB_FILE);
    let key = DataKey::generate().unwrap();
    let (astrid, bertil) = (ContactId::random(), ContactId::random());
    let at = |d: i64| store::to_db(now() - days(d));
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = {};",
            key.sqlcipher_literal().as_str()
        ))
        .unwrap();
        // The schema just before 0015 (later migrations may follow it in the list).
        let before = migrate::MIGRATIONS
            .iter()
            .position(|(name, _)| *name == "0015_activity_layout")
            .unwrap() as i64;
        migrate::run_to(&mut conn, before).unwrap();
        conn.execute(
            "INSERT INTO organisation (id, name, created_at, updated_at) VALUES (1, 'Laxbolaget', ?1, ?1)",
            [at(100)],
        )
        .unwrap();
        for (seq, id, given) in [(1, astrid, "Astrid"), (2, bertil, "Bertil")] {
            conn.execute(
                "INSERT INTO contact (seq, id, given_name, family_name, display_name, organisation,
                                      organisation_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'Exempelsson', ?3, 'Laxbolaget', 1, ?4, ?4)",
                params![seq, id.as_uuid().as_bytes(), given, at(100)],
            )
            .unwrap();
        }
        let outcome: i64 = conn
            .query_row(
                "SELECT id FROM outcome WHERE code = 'interested'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        // 1: a meeting of both at Laxbolaget; 2: Astrid's call with no organisation; 3: one
        // left with nobody by an interrupted sweep of schema 14.
        for (id, kind, day, org) in [(1, 2, 5, Some(1)), (2, 1, 3, None), (3, 1, 1, Some(1))] {
            conn.execute(
                "INSERT INTO activity (id, kind, happened_at, organisation_id, outcome_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, kind, at(day), org, outcome, at(0)],
            )
            .unwrap();
        }
        for (seq, activity) in [(1, 1), (2, 1), (1, 2)] {
            conn.execute(
                "INSERT INTO activity_person (contact_seq, activity_id) VALUES (?1, ?2)",
                [seq, activity],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO follow_up (contact_seq, activity_id, kind, due_on, created_at)
             VALUES (2, 1, 1, ?1, ?2)",
            [at(-2), at(0)],
        )
        .unwrap();
    }
    let mut store = Store::open(&path, &key).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrate::latest());

    let (of_astrid, _) = activities::of_contact(&store, astrid).unwrap();
    assert_eq!(
        of_astrid.len(),
        2,
        "both of Astrid's activities, newest first"
    );
    assert_eq!((of_astrid[0].id, of_astrid[0].kind), (2, Kind::Call));
    assert_eq!(of_astrid[0].people, vec![astrid]);
    assert_eq!(of_astrid[0].organisation, None);
    assert_eq!((of_astrid[1].id, of_astrid[1].kind), (1, Kind::Meeting));
    assert_eq!(of_astrid[1].people, vec![astrid, bertil]);
    assert_eq!(of_astrid[1].organisation.as_deref(), Some("Laxbolaget"));
    let (of_bertil, follow_ups) = activities::of_contact(&store, bertil).unwrap();
    assert_eq!(of_bertil.len(), 1);
    assert_eq!(of_bertil[0].people, vec![astrid, bertil]);
    assert_eq!(follow_ups.len(), 1);
    assert_eq!(follow_ups[0].activity, Some(1));

    // The organisation's page lists the meeting once, with both; the one with nobody is gone.
    let page = organisations::page(&store, "Laxbolaget", now()).unwrap();
    let ids: Vec<i64> = page.activities.iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![1]);
    assert_eq!(page.activities[0].people, vec![astrid, bertil]);
    assert_eq!(store.read(store::activities::activity_count).unwrap(), 2);

    // A new activity gets a number after the highest the old store gave.
    let logged = activities::log(
        &mut store,
        &Log {
            people: vec![bertil],
            kind: Kind::Visit,
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
    assert!(
        logged.activity > 3,
        "activity number {} given again",
        logged.activity
    );
}

/// Today's consents about to end are read by the day of expiry (schema 15) and kept to the exact
/// window: one ending a microsecond before the window or at its end is not listed, the first and
/// last microsecond of it are.
#[test]
fn consents_ending_are_kept_to_the_exact_window() {
    use rapport::domain::ConsentSource;
    use rapport::privacy::{consent, contacts};
    let mut t = TestStore::new();
    let from = now();
    let until = now() + days(14);
    let micro = chrono::Duration::microseconds(1);
    let ends = [
        ("Anna", from - micro, false),
        ("Berit", from, true),
        ("Cecilia", until - micro, true),
        ("Doris", until, false),
    ];
    let mut listed = Vec::new();
    for (given, end, want) in ends {
        let id = contacts::create(
            &mut t.store,
            draft(
                given,
                "Exempelsson",
                &format!("{}@example.com", given.to_lowercase()),
            ),
            now() - days(30),
        )
        .unwrap();
        let g = consent::Given {
            purpose: "Newsletter".into(),
            source: ConsentSource::parse("web-form"),
            given_at: Some(now() - days(20)),
            expires_at: Some(end),
            wording_version: None,
        };
        consent::give(&mut t.store, id, &g, now()).unwrap();
        if want {
            listed.push(id);
        }
    }
    let got: Vec<ContactId> = t
        .store
        .read(|tx| store::activities::consents_expiring(tx, from, until, 200))
        .unwrap()
        .iter()
        .map(|e| e.contact)
        .collect();
    assert_eq!(got, listed, "soonest first, the window's ends only");
}
