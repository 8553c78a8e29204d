//! The bulk retention sweep on a real encrypted store: hand-made canary contacts (a unique string
//! in every field) among demo contacts, some due and some not; after the sweep no form of any
//! erased value is on any decrypted page of the database or the WAL, the kept ones are intact and
//! found, the audit chain verifies, tombstones and suppressions are there, and a second sweep
//! erases nothing. An interrupted sweep (index clean-up not run) is finished by the next open or
//! the next sweep.

mod common;

use common::*;
use rapport::domain::{
    ConsentSource, ContactDraft, ContactId, ContactPoint, DataSource, PointKind, PointLabel, Stage,
};
use rapport::privacy::{audit, consent, contacts, retention};
use rapport::store::search::Order;
use rapport::store::{self, Store};

/// A contact whose every field holds a string found nowhere else.
struct Canary {
    draft: ContactDraft,
    values: Vec<String>,
    email: String,
    consent_ref: String,
}

fn canary(tag: &str, n: u32) -> Canary {
    let low = tag.to_lowercase();
    let given = format!("Sigvaldur{tag}");
    let family = format!("Ekströmqvist{tag}");
    let organisation = format!("Fjordlaxen{tag} AB");
    let title = format!("Kvastmakare{tag}");
    let source = format!("Höstmässan{tag}");
    let email = format!("sigvaldur{low}@example.com");
    let private = format!("privatpost{low}@example.com");
    let phone = format!("+46 70 5{n}1 {n}{n} 3{n}");
    let address = format!("Granitgränd{tag} 1{n}, 9{n}8{n}7 Ödeby{tag}");
    let web = format!("https://{low}.example.com/hemsida{tag}");
    let consent_ref = format!("#KVITTO{tag}");
    let draft = ContactDraft {
        given_name: given.clone(),
        family_name: family.clone(),
        organisation: organisation.clone(),
        title: title.clone(),
        source: DataSource::parse(&format!("event:{source}")),
        points: vec![
            ContactPoint::new(PointKind::Email, PointLabel::Work, &email),
            ContactPoint::new(PointKind::Email, PointLabel::Home, &private),
            ContactPoint::new(PointKind::Phone, PointLabel::Mobile, &phone),
            ContactPoint::new(PointKind::Address, PointLabel::Work, &address),
            ContactPoint::new(PointKind::Web, PointLabel::Work, &web),
        ],
        ..Default::default()
    };
    let values = vec![
        given.clone(),
        family.clone(),
        format!("{given} {family}"),
        organisation,
        title,
        source,
        email.clone(),
        private,
        phone,
        address,
        web,
        consent_ref.clone(),
    ];
    Canary {
        draft,
        values,
        email,
        consent_ref,
    }
}

fn add(t: &mut TestStore, c: &Canary, stage: Stage, created_days_ago: i64) -> ContactId {
    let mut d = c.draft.clone();
    d.stage = stage;
    contacts::create(&mut t.store, d, now() - days(created_days_ago)).unwrap()
}

fn give(store: &mut Store, id: ContactId, c: &Canary, given: i64, expires: Option<i64>) {
    let g = consent::Given {
        purpose: "newsletter".into(),
        source: ConsentSource::parse(&format!("signed-form:{}", c.consent_ref)),
        given_at: Some(now() - days(given)),
        expires_at: expires.map(|e| now() - days(e)),
        wording_version: None,
    };
    consent::give(store, id, &g, now()).unwrap();
}

/// Every form of `values` found on a decrypted page of the database or the WAL, or in the raw
/// bytes of any file of the store's directory.
fn traces(t: &TestStore, values: &[String]) -> Vec<String> {
    let db = std::fs::read(t.db_path()).unwrap();
    let pages = decrypt_db(&t.key, &db);
    assert!(
        pages.iter().any(|pg| contains(pg, b"CREATE TABLE contact")),
        "page decryption does not work: the scan would prove nothing"
    );
    let wal = std::fs::read(t.dir.path().join("rapport.db-wal")).unwrap_or_default();
    let wal_pages = decrypt_wal(&t.key, &wal);
    let files = all_files(t.dir.path());
    let mut found = Vec::new();
    for v in values {
        for form in variants(v) {
            let on_page = pages.iter().chain(wal_pages.iter());
            if on_page
                .chain(files.iter().map(|(_, b)| b))
                .any(|pg| contains(pg, form.as_bytes()))
            {
                found.push(form);
            }
        }
    }
    found
}

fn pending(store: &Store) -> bool {
    store.read(store::erasure::index_cleanup_pending).unwrap()
}

fn merge_settings(store: &Store) -> (i64, i64) {
    store.read(store::erasure::index_merge_settings).unwrap()
}

#[test]
fn bulk_sweep_leaves_no_trace_and_keeps_the_rest() {
    let mut t = TestStore::new();
    rapport::privacy::demo::generate(&mut t.store, 300, 5, now() - days(200), |_, _| {}).unwrap();
    let tags = [
        "Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf",
    ];
    let c: Vec<Canary> = tags
        .iter()
        .enumerate()
        .map(|(i, tag)| canary(tag, i as u32 + 1))
        .collect();
    // Due: no legal basis after the grace period; consent expired; a former customer long gone.
    let no_basis = add(&mut t, &c[0], Stage::Lead, 400);
    let expired = add(&mut t, &c[1], Stage::Lead, 400);
    give(&mut t.store, expired, &c[1], 390, Some(20));
    let former = add(&mut t, &c[2], Stage::FormerCustomer, 900);
    // Kept: a valid consent; within the grace period; a customer.
    let consenting = add(&mut t, &c[3], Stage::Lead, 400);
    give(&mut t.store, consenting, &c[3], 10, None);
    let recent = add(&mut t, &c[4], Stage::Lead, 5);
    let customer = add(&mut t, &c[5], Stage::Customer, 900);
    // A customer is kept while there is activity (issue 15): a visit last week.
    rapport::privacy::activities::log(
        &mut t.store,
        &rapport::privacy::activities::Log {
            people: vec![customer],
            kind: rapport::domain::activity::Kind::Visit,
            outcome: "order_placed".into(),
            on: Some(now() - days(7)),
            purpose: None,
            organisation: None,
            follow_up: None,
            preferences: vec![],
            consent: None,
        },
        now(),
    )
    .unwrap();
    // Due when the list is read, but given consent (in another window) while the sweep runs.
    let rescued = add(&mut t, &c[6], Stage::Lead, 31);
    let erased_ids = [no_basis, expired, former];
    let kept_ids = [consenting, recent, customer, rescued];

    let due = retention::report(&t.store, now()).unwrap().due;
    assert!(due.iter().any(|d| d.id == rescued));
    assert!(due.len() > 12, "the demo contacts should add due ones");
    let mut other = Store::open(&t.db_path(), &t.key).unwrap();
    let mut calls = 0;
    let erased = retention::apply(&t.store, now(), 4, |_, _| {
        calls += 1;
        if calls == 1 {
            give(&mut other, rescued, &c[6], 0, None);
        }
    })
    .unwrap();
    drop(other);
    assert_eq!(erased, due.len() - 1, "all due but the rescued one");
    assert!(!pending(&t.store), "the index clean-up ran");

    // No form of an erased value anywhere.
    let gone: Vec<String> = c[..3].iter().flat_map(|k| k.values.clone()).collect();
    let found = traces(&t, &gone);
    assert!(found.is_empty(), "erased values survive: {found:?}");

    // The kept ones are intact and found by search.
    for (k, id) in c[3..].iter().zip(kept_ids) {
        let v = contacts::load(&t.store, id, now()).unwrap();
        assert_eq!(v.contact.given_name, k.draft.given_name);
        assert_eq!(v.contact.organisation, k.draft.organisation);
        assert_eq!(v.contact.points.len(), k.draft.points.len());
        for p in &k.draft.points {
            assert!(v.contact.points.iter().any(|q| q.value == p.value));
        }
        for q in [&k.draft.given_name, &k.draft.family_name, &k.email] {
            let hits = contacts::list(&t.store, Some(q), 10, Order::Unranked, now()).unwrap();
            assert!(
                hits.iter().any(|h| h.id == id),
                "a kept contact is not found"
            );
        }
    }
    for k in &c[..3] {
        let hits = contacts::list(
            &t.store,
            Some(&k.draft.given_name),
            10,
            Order::Unranked,
            now(),
        );
        assert!(hits.unwrap().is_empty());
    }

    // Tombstones, suppressions and one audit event per subject, with no personal data.
    assert!(audit::verify(&t.store).unwrap().is_ok());
    let all = audit::events(&t.store, None).unwrap();
    for (k, id) in c[..3].iter().zip(erased_ids) {
        let tomb = t
            .store
            .read(|tx| store::erasure::tombstone(tx, id))
            .unwrap()
            .expect("a tombstone");
        assert!(tomb.reason.starts_with("retention:"));
        let suppressed = t.store.read(|tx| {
            store::erasure::is_suppressed(tx, PointKind::Email, &k.email.to_lowercase())
        });
        assert!(suppressed.unwrap());
        let events = audit::events(&t.store, Some(id)).unwrap();
        assert_eq!(events.iter().filter(|e| e.action == "erase").count(), 1);
    }
    for e in &all {
        for v in &gone {
            assert!(!e.detail.contains(v.as_str()));
        }
    }
    let tombstones = t.store.read(store::erasure::tombstone_count).unwrap();
    assert_eq!(tombstones as usize, erased);
    assert_eq!(
        all.iter().filter(|e| e.action == "erase").count(),
        erased,
        "one erase event per subject"
    );

    // A second sweep finds nothing due.
    assert_eq!(retention::apply(&t.store, now(), 4, |_, _| {}).unwrap(), 0);
    assert!(t.store.integrity_problems().unwrap().is_empty());
}

/// Erases the canary with the bulk path but stops before the index clean-up (as a crash would).
fn interrupted(t: &mut TestStore, c: &Canary) {
    rapport::privacy::demo::generate(&mut t.store, 150, 9, now() - days(10), |_, _| {}).unwrap();
    let id = add(t, c, Stage::Lead, 400);
    let item = store::erasure::BulkErasure {
        id,
        reason: "retention:no_legal_basis".into(),
        requested_by: "retention".into(),
    };
    let n = t
        .store
        .write(|tx| store::erasure::erase_many(tx, &[item], now()))
        .unwrap();
    assert_eq!(n.len(), 1);
    t.store.checkpoint_truncate().unwrap();
    assert!(pending(&t.store));
    // Merging is left to the sweep's own bounded steps until the clean-up.
    assert_eq!(merge_settings(&t.store), (0, 64));
    // Without the clean-up the index still holds the tokens: the scan can see them.
    assert!(!traces(t, &c.values).is_empty());
}

#[test]
fn an_interrupted_sweep_is_finished_by_the_next_open() {
    let mut t = TestStore::new();
    let c = canary("Hotel", 8);
    interrupted(&mut t, &c);
    t.reopen();
    assert!(!pending(&t.store));
    assert_eq!(
        merge_settings(&t.store),
        (4, 16),
        "FTS5's defaults are back"
    );
    let found = traces(&t, &c.values);
    assert!(found.is_empty(), "erased values survive: {found:?}");
}

#[test]
fn an_interrupted_sweep_is_finished_by_the_next_sweep() {
    let mut t = TestStore::new();
    let c = canary("India", 9);
    interrupted(&mut t, &c);
    retention::apply(&t.store, now() - days(3650), 100, |_, _| {}).unwrap();
    assert!(!pending(&t.store));
    assert_eq!(
        merge_settings(&t.store),
        (4, 16),
        "FTS5's defaults are back"
    );
    let found = traces(&t, &c.values);
    assert!(found.is_empty(), "erased values survive: {found:?}");
}

/// The sweep finds what is due one slice of row numbers per step, so that no step holds the
/// store long at 1M contacts: in slices of 7 over 80 demo contacts it takes a dozen finding
/// steps, finds exactly what the report lists, and erases exactly those.
#[test]
fn the_sweep_finds_what_is_due_slice_by_slice() {
    let mut t = TestStore::new();
    rapport::privacy::demo::generate(&mut t.store, 80, 11, now(), |_, _| {}).unwrap();
    let due: Vec<ContactId> = retention::report(&t.store, now())
        .unwrap()
        .due
        .iter()
        .map(|d| d.id)
        .collect();
    assert!(due.len() >= 5, "{} due", due.len());
    let before = t.store.read(store::contacts::all_ids).unwrap().len();
    let mut sweep = retention::Sweep::start(&t.store, now(), 3)
        .unwrap()
        .in_slices_of(7);
    let mut finding_steps = 0;
    while sweep.finding() {
        assert_eq!(sweep.done(), 0, "nothing is erased while finding");
        assert!(sweep.step().unwrap().is_none());
        finding_steps += 1;
    }
    assert!(finding_steps >= 80 / 7, "{finding_steps} finding steps");
    assert_eq!(sweep.total(), due.len());
    let erased = loop {
        if let Some(n) = sweep.step().unwrap() {
            break n;
        }
    };
    assert_eq!(erased, due.len());
    let left = t.store.read(store::contacts::all_ids).unwrap();
    assert_eq!(left.len(), before - due.len());
    assert!(due.iter().all(|id| !left.contains(id)));
    assert!(retention::report(&t.store, now()).unwrap().due.is_empty());
}

/// The sweep works on a connection of its own: while its steps run on another thread, the
/// caller's store searches and opens contacts without waiting for it and saves a new contact
/// between two steps; the sweep erases exactly what was due, and the new contact stays.
#[test]
fn the_store_stays_usable_while_a_sweep_runs_beside_it() {
    let mut t = TestStore::new();
    rapport::privacy::demo::generate(&mut t.store, 400, 17, now(), |_, _| {}).unwrap();
    let due = retention::report(&t.store, now()).unwrap().due.len();
    assert!(due >= 20, "{due} due");
    let before = t.store.read(store::contacts::all_ids).unwrap().len();
    let sweep = retention::Sweep::start(&t.store, now(), 2).unwrap();
    let (stepped, steps) = std::sync::mpsc::channel();
    let runner = std::thread::spawn(move || {
        let mut sweep = sweep;
        loop {
            let end = sweep.step().unwrap();
            let _ = stepped.send(sweep.stage());
            if let Some(n) = end {
                return n;
            }
        }
    });
    let mut searches = 0;
    let mut added = None;
    let mut erasing_seen = false;
    for stage in steps.iter() {
        erasing_seen |= stage == retention::Stage::Merging;
        let hits = contacts::list(&t.store, Some("a"), 20, Order::Unranked, now()).unwrap();
        if let Some(first) = hits.first() {
            contacts::load(&t.store, first.id, now()).unwrap();
        }
        searches += 1;
        if erasing_seen && added.is_none() {
            let d = rapport::domain::ContactDraft {
                given_name: "Nadia".into(),
                family_name: "Nyström".into(),
                ..Default::default()
            };
            added = Some(contacts::create(&mut t.store, d, now()).unwrap());
        }
    }
    let erased = runner.join().unwrap();
    assert_eq!(erased, due);
    assert!(
        searches > due / 2,
        "{searches} searches during {due} erasures"
    );
    let left = t.store.read(store::contacts::all_ids).unwrap();
    assert_eq!(left.len(), before - due + 1);
    assert!(left.contains(&added.expect("a contact was added mid-sweep")));
    assert!(!pending(&t.store));
}

/// A sweep erasing people with activities leaves no activity with nobody: each chunk removes the
/// people's rows of activities (schema 15), and an activity shared with someone kept stays, with
/// the people kept only.
#[test]
fn the_sweep_removes_the_activities_it_left_with_nobody() {
    let mut t = TestStore::new();
    rapport::privacy::demo::generate(&mut t.store, 300, 5, now() - days(200), |_, _| {}).unwrap();
    rapport::privacy::demo::generate_activities(&mut t.store, 4, 7, now(), |_, _| {}).unwrap();
    let due = retention::report(&t.store, now()).unwrap().due;
    assert!(!due.is_empty(), "the demo store should have people due");
    let before = t.store.read(store::activities::activity_count).unwrap();
    let held: usize = due
        .iter()
        .map(|d| {
            rapport::privacy::erasure::preview(&t.store, d.id)
                .unwrap()
                .activities
        })
        .sum();
    assert!(held > 0, "the people due took part in activities");
    let erased = retention::apply(&t.store, now(), 7, |_, _| {}).unwrap();
    assert_eq!(erased, due.len());
    assert!(!pending(&t.store), "the clean-up ran");
    let left = t
        .store
        .read(store::activities::rows_without_person)
        .unwrap();
    assert_eq!(left, 0, "activity rows of erased people survived the sweep");
    for d in &due {
        let h = t.store.read(|tx| store::erasure::holdings(tx, d.id));
        assert!(h.is_err(), "an erased person is gone");
    }
    // The kept people's activities stay (fewer activities, not none).
    let after = t.store.read(store::activities::activity_count).unwrap();
    assert!(
        after > 0 && after < before,
        "{after} of {before} activities left"
    );
}
