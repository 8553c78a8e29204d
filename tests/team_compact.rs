//! The compact change log (schema 17): a team member's store written before it (text keys in
//! `team_field`) migrates with every row intact: the same fields, values, clocks and devices
//! read back through the change log's API, what this device publishes is unchanged, and ids
//! that are not uuids come back exactly as they were written.

mod common;

use rapport::domain::{Contact, ContactId};
use rapport::privacy::team::apply::apply_changes;
use rapport::store::{self, Store, migrate};
use rapport::team::change::{Change, Entity};
use rapport::team::hlc::Hlc;
use rapport::vault::DataKey;
use rusqlite::{Connection, params};

const CONTACT: &str = "0b5e4a4e-8f9b-4c1e-9d2a-3f6b7c8d9e0f";
const ME: [u8; 16] = [1; 16];
const OTHER: [u8; 16] = [2; 16];

/// A row as the previous schema held it: (entity, id, field, value, hlc, device).
type OldRow = (
    &'static str,
    String,
    &'static str,
    &'static str,
    i64,
    [u8; 16],
);

fn old_rows() -> Vec<OldRow> {
    let consent = format!("{CONTACT}/00112233445566778899aabbccddeeff");
    vec![
        ("contact", CONTACT.into(), "title", "\"Buyer\"", 10, ME),
        (
            "contact",
            CONTACT.into(),
            "given_name",
            "\"Eva\"",
            11,
            OTHER,
        ),
        (
            "contact",
            CONTACT.into(),
            "interest:golf",
            "\"yes\"",
            12,
            ME,
        ),
        (
            "contact",
            CONTACT.into(),
            "objection:marketing",
            "1700",
            13,
            OTHER,
        ),
        ("consent", consent.clone(), "withdrawn_at", "null", 14, ME),
        (
            "consent",
            consent,
            "record",
            "{\"purpose\":\"News\"}",
            15,
            ME,
        ),
        (
            "purpose",
            "News".into(),
            "def",
            "{\"name\":\"News\"}",
            16,
            ME,
        ),
        (
            "wording",
            "News\u{1f}v1".into(),
            "text",
            "\"Yes please\"",
            17,
            ME,
        ),
        ("interest", "golf".into(), "label", "\"Golf\"", 18, OTHER),
        // An upper-case uuid is not the app's form: it stays text, exactly.
        (
            "contact",
            CONTACT.to_uppercase(),
            "title",
            "\"Odd\"",
            19,
            ME,
        ),
        (
            "tombstone",
            "c2d7b1b0-0000-4000-8000-000000000001".into(),
            "erased",
            "{}",
            20,
            OTHER,
        ),
    ]
}

#[test]
fn a_change_log_of_the_previous_schema_migrates_with_every_row_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let key = DataKey::generate().unwrap();
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = {};",
            key.sqlcipher_literal().as_str()
        ))
        .unwrap();
        // The schema just before 0017 (later migrations may follow it in the list).
        let before = migrate::MIGRATIONS
            .iter()
            .position(|(name, _)| *name == "0017_team_compact")
            .unwrap() as i64;
        migrate::run_to(&mut conn, before).unwrap();
        // This device, with its changes up to clock 12 published.
        conn.execute(
            "INSERT INTO team_self (one, team_id, name, folder, device_id, member_id, device_keys, state, published)
             VALUES (1, ?1, 'Team', '/nonexistent', ?2, ?1, x'00', 'active', 12)",
            params![[9u8; 16], ME],
        )
        .unwrap();
        for (e, id, f, v, hlc, d) in old_rows() {
            conn.execute(
                "INSERT INTO team_field (entity, id, field, value, hlc, device) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![e, id, f, v, hlc, d],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path, &key).unwrap();
    assert_eq!(store.schema_version().unwrap(), migrate::latest());
    store
        .read(|tx| {
            for (e, id, f, v, _, _) in old_rows() {
                let entity = Entity::parse(e).unwrap();
                let fields = store::changes::fields_of(tx, entity, &id)?;
                assert_eq!(fields.get(f).map(String::as_str), Some(v), "{e} {f}");
            }
            // Own changes after clock 12, oldest first, with their devices and clocks.
            let own = store::team::own_changes_after(tx, &ME, 12)?;
            let got: Vec<(Entity, &str, i64)> = own
                .iter()
                .map(|c| (c.entity, c.field.as_str(), c.hlc.to_db()))
                .collect();
            assert_eq!(
                got,
                vec![
                    (Entity::Consent, "withdrawn_at", 14),
                    (Entity::Consent, "record", 15),
                    (Entity::Purpose, "def", 16),
                    (Entity::Wording, "text", 17),
                    (Entity::Contact, "title", 19),
                ]
            );
            assert!(own.iter().all(|c| c.device == ME));
            assert_eq!(own[4].id, CONTACT.to_uppercase());
            // The snapshot: all of this device's fields, and every tombstone.
            let snap = store::team::own_snapshot(tx, &ME)?;
            assert_eq!(snap.len(), 8);
            assert!(
                snap.iter()
                    .any(|c| c.entity == Entity::Tombstone && c.device == OTHER)
            );
            let counts = store::team::field_counts(tx)?;
            assert_eq!(counts.get("contact"), Some(&5));
            assert_eq!(counts.get("consent"), Some(&2));
            Ok(())
        })
        .unwrap();
}

#[test]
fn new_field_names_and_devices_get_codes_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let key = DataKey::generate().unwrap();
    let mut store = Store::create(&path, &key, chrono::Utc::now()).unwrap();
    let consent = format!("{CONTACT}/ffeeddccbbaa99887766554433221100");
    let changes = vec![
        Change {
            entity: Entity::Contact,
            id: CONTACT.into(),
            field: "interest:sailing".into(),
            value: "\"no\"".into(),
            hlc: Hlc::new(5, 0),
            device: OTHER,
        },
        Change {
            entity: Entity::Consent,
            id: consent.clone(),
            field: "withdrawn_at".into(),
            value: "null".into(),
            hlc: Hlc::new(5, 1),
            device: OTHER,
        },
    ];
    store
        .write(|tx| {
            store::changes::pause(tx);
            let merged = rapport::team::merge::Merged {
                writes: changes.clone(),
                ..Default::default()
            };
            store::team::apply(tx, &merged)?;
            Ok::<_, store::StoreError>(())
        })
        .unwrap();
    store
        .read(|tx| {
            let f = store::changes::fields_of(tx, Entity::Contact, CONTACT)?;
            assert_eq!(
                f.get("interest:sailing").map(String::as_str),
                Some("\"no\"")
            );
            let snap = store::team::own_snapshot(tx, &OTHER)?;
            // A contact sorts just before its consent records.
            assert_eq!(snap, changes);
            assert_eq!(snap[1].id, consent);
            Ok(())
        })
        .unwrap();
}

fn remote(c: &Contact, fields: &[(String, String)], at: u64) -> Vec<Change> {
    fields
        .iter()
        .enumerate()
        .map(|(i, (f, v))| Change {
            entity: Entity::Contact,
            id: c.id.to_string(),
            field: f.clone(),
            value: v.clone(),
            hlc: Hlc::new(at, i as u16),
            device: OTHER,
        })
        .collect()
}

/// A contact whose fields arrive in two segments is written whole once the second lands (its
/// first fields are read back from the change log, not lost); a later title edit (the
/// one-UPDATE path) and a name edit (the full path) both reach the row.
#[test]
fn a_contact_split_over_two_batches_and_later_edits_reach_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(
        &dir.path().join("rapport.db"),
        &DataKey::generate().unwrap(),
        common::now(),
    )
    .unwrap();
    // The merge refuses clocks far ahead of the wall: the batches are stamped from it.
    let now = chrono::Utc::now();
    let mut c = Contact::from_draft(
        ContactId::random(),
        common::draft("Eva", "Split", "eva.split@example.com"),
        common::now(),
    );
    c.title = "Buyer".into();
    let fields: Vec<(String, String)> = store::changes::contact_fields(&c, &[])
        .into_iter()
        .collect();
    let (first, second) = fields.split_at(fields.len() / 2);
    let base = now.timestamp_millis() as u64;
    let all = |_: &[u8; 16], _: Entity| true;
    apply_changes(&mut store, &remote(&c, first, base), &all, now, |_| Ok(())).unwrap();
    assert_eq!(
        store.read(|tx| store::contacts::get(tx, c.id)).unwrap(),
        None
    );
    apply_changes(&mut store, &remote(&c, second, base + 1), &all, now, |_| {
        Ok(())
    })
    .unwrap();
    assert_eq!(
        store.read(|tx| store::contacts::get(tx, c.id)).unwrap(),
        Some(c.clone())
    );

    c.title = "Head of Buying".into();
    let title = vec![(
        "title".to_string(),
        serde_json::to_string(&c.title).unwrap(),
    )];
    apply_changes(&mut store, &remote(&c, &title, base + 2), &all, now, |_| {
        Ok(())
    })
    .unwrap();
    assert_eq!(
        store.read(|tx| store::contacts::get(tx, c.id)).unwrap(),
        Some(c.clone())
    );

    c.given_name = "Evelina".into();
    c.title = "Chief Buyer".into();
    let both = vec![
        (
            "given_name".to_string(),
            serde_json::to_string(&c.given_name).unwrap(),
        ),
        (
            "title".to_string(),
            serde_json::to_string(&c.title).unwrap(),
        ),
    ];
    apply_changes(&mut store, &remote(&c, &both, base + 3), &all, now, |_| {
        Ok(())
    })
    .unwrap();
    assert_eq!(
        store.read(|tx| store::contacts::get(tx, c.id)).unwrap(),
        Some(c)
    );
}
