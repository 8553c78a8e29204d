//! Several segments of one device applied in one transaction (a round groups them): on real
//! stores and a real folder, with segments sealed under the team's keys exactly as a round
//! seals them. A segment whose clock is far ahead stops its device's run where it sits: the
//! segments before it in the same round are applied, it and the ones after it wait, and a
//! later round (the clock within reach) applies them. A newcomer's first round over a
//! snapshot of many segments, each holding many contacts, brings every contact, searchable.

mod common;

use common::{TestStore, draft};
use rapport::domain::Instant;
use rapport::privacy::contacts;
use rapport::privacy::team::{RoundReport, round, setup};
use rapport::store::{self, Store};
use rapport::team::change::{self, Change, Entity};
use rapport::team::folder::{Item, TeamFolder};
use rapport::team::hlc::Hlc;
use rapport::team::keys::{DeviceId, DeviceKeys, EpochKey, TeamId};
use rapport::team::roster::Role;
use rapport::team::segment::{self, Header, SegmentKind};
use std::path::Path;

fn now() -> Instant {
    chrono::Utc::now()
}

/// A team of A (admin, holding `people`) and B (sales), B bootstrapped.
fn team(people: &[(&str, &str)], folder: &Path) -> (TestStore, TestStore, Vec<String>) {
    let mut a = TestStore::new();
    let mut ids = Vec::new();
    for (given, family) in people {
        let email = format!("{}@example.com", given.to_lowercase());
        let id = contacts::create(&mut a.store, draft(given, family, &email), now()).unwrap();
        ids.push(id.to_string());
    }
    setup::create(&mut a.store, "Firm", folder, "Ada Admin", now()).unwrap();
    let code = setup::invite(&mut a.store, "Bo Berg", Role::Sales, now()).unwrap();
    let mut b = TestStore::new();
    setup::join(&mut b.store, folder, &code, "Bo Berg", now()).unwrap();
    assert_eq!(round::round(&mut a.store, now()).unwrap().joined, 1);
    round::round(&mut b.store, now()).unwrap();
    (a, b, ids)
}

/// Seals `titles` as the next segments of `from`'s chain, one title edit of `contact` each,
/// at the given clocks (milliseconds), as its round would.
fn seal_titles(from: &Store, folder: &Path, contact: &str, titles: &[(&str, u64)]) {
    let m = from.read(store::team::membership).unwrap().unwrap();
    let keys = DeviceKeys::from_bytes(&m.device_keys.as_slice().try_into().unwrap());
    let (epoch, key) = from.read(store::team::epoch_keys).unwrap().pop().unwrap();
    let key = EpochKey::from_bytes(key.as_slice().try_into().unwrap());
    let device = DeviceId(m.device_id);
    let folder = TeamFolder::open(folder).unwrap();
    let (mut seq, mut prev) = (m.seq + 1, <[u8; 32]>::try_from(m.prev.as_slice()).unwrap());
    for (title, at) in titles {
        let c = Change {
            entity: Entity::Contact,
            id: contact.into(),
            field: "title".into(),
            value: serde_json::to_string(title).unwrap(),
            hlc: Hlc::new(*at, 0),
            device: device.0,
        };
        let h = Header {
            team: TeamId(m.team_id),
            device,
            epoch,
            seq,
            prev,
            kind: SegmentKind::Changes,
        };
        let bytes = segment::seal(&h, &change::encode(&[c]), &key, &keys).unwrap();
        prev = segment::digest(&bytes);
        let item = Item::Segment {
            epoch,
            seq,
            kind: SegmentKind::Changes,
        };
        folder.publish(device, item, &bytes).unwrap();
        seq += 1;
    }
}

fn title(s: &Store, id: &str) -> String {
    let id = rapport::domain::ContactId::parse(id).unwrap();
    s.read(|tx| store::contacts::get(tx, id))
        .unwrap()
        .unwrap()
        .title
}

fn ahead(r: &RoundReport) -> Option<i64> {
    r.clock_ahead_minutes.map(|m| m as i64)
}

#[test]
fn a_clock_far_ahead_stops_the_run_there_and_the_segments_before_it_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let (a, mut b, ids) = team(&[("Alma", "Andersson")], &folder);
    let wall = now();
    let ms = wall.timestamp_millis() as u64;
    let nine = 9 * 60_000;
    seal_titles(
        &a.store,
        &folder,
        &ids[0],
        &[
            ("Buyer", ms),
            ("Head buyer", ms + 1),
            ("From the future", ms + nine),
            ("Later still", ms + nine + 1),
            ("Damaged", ms + nine + 2),
        ],
    );
    // The last one is damaged in the folder (a byte flipped by a faulty copy).
    let seq_ahead = a.store.read(store::team::membership).unwrap().unwrap().seq + 3;
    let name = format!("{:012}-changes.seg", seq_ahead + 2);
    let damaged = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .filter(|d| d.path().is_dir())
        .flat_map(|d| std::fs::read_dir(d.path()).unwrap().flatten())
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(&name))
        .expect("the sealed segment is in the folder");
    let mut bytes = std::fs::read(&damaged).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&damaged, bytes).unwrap();

    let r = round::round(&mut b.store, wall).unwrap();
    assert_eq!(r.segments_applied, 2, "{r:?}");
    assert_eq!(ahead(&r), Some(9), "{r:?}");
    assert_eq!(title(&b.store, &ids[0]), "Head buyer");
    // Only the segment ahead is reported: the run ended there, the damaged one was not read.
    assert_eq!(r.rejected.len(), 1, "{r:?}");
    assert!(
        r.rejected[0]
            .file
            .ends_with(&format!("{seq_ahead:012}-changes.seg"))
            && r.rejected[0].reason.contains("9 minutes ahead"),
        "the segment ahead is reported: {r:?}"
    );
    // Nothing of the segment ahead moved this device's clock.
    let m = b.store.read(store::team::membership).unwrap().unwrap();
    assert!(m.clock < Hlc::new(ms + nine, 0));

    // Ten minutes later the clock is within reach: the rest applies, in order, up to the
    // damaged segment, which is refused with nothing of it applied.
    let r = round::round(&mut b.store, wall + chrono::Duration::minutes(10)).unwrap();
    assert_eq!(r.segments_applied, 2, "{r:?}");
    assert_eq!(ahead(&r), None, "{r:?}");
    assert_eq!(title(&b.store, &ids[0]), "Later still");
    assert_eq!(r.rejected.len(), 1, "{r:?}");
    assert!(
        r.rejected[0]
            .file
            .ends_with(&format!("{:012}-changes.seg", seq_ahead + 2)),
        "{r:?}"
    );
}

#[test]
fn a_newcomer_gets_every_contact_of_a_snapshot_in_many_segments_searchable() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let mut a = TestStore::new();
    // Enough people for a snapshot of several 20,000-change segments.
    rapport::privacy::demo::generate(&mut a.store, 3_000, 7, now(), |_, _| {}).unwrap();
    contacts::create(
        &mut a.store,
        draft("Zelda", "Zetterlund", "zelda@example.com"),
        now(),
    )
    .unwrap();
    setup::create(&mut a.store, "Firm", &folder, "Ada Admin", now()).unwrap();
    let code = setup::invite(&mut a.store, "Bo Berg", Role::Sales, now()).unwrap();
    let mut b = TestStore::new();
    setup::join(&mut b.store, &folder, &code, "Bo Berg", now()).unwrap();
    assert_eq!(round::round(&mut a.store, now()).unwrap().joined, 1);
    let r = round::round(&mut b.store, now()).unwrap();
    assert!(r.segments_applied > 2, "{r:?}");
    assert!(r.rejected.is_empty(), "{r:?}");
    let dump = |s: &Store| s.read(store::team::canonical_dump).unwrap();
    assert_eq!(dump(&b.store), dump(&a.store));
    let count = |s: &Store| s.read(store::contacts::count).unwrap();
    assert_eq!(count(&b.store), 3_001);
    let hits = b
        .store
        .read(|tx| {
            store::search::search(tx, "Zetterlund", 10, store::search::Order::Unranked, now())
        })
        .unwrap();
    assert_eq!(hits.len(), 1, "the newcomer's index finds the person");
}

#[test]
fn a_batch_that_fails_is_undone_whole_and_the_batches_before_it_are_kept() {
    use rapport::privacy::team::apply::{Batch, Stopped, apply_batches};
    let mut t = TestStore::new();
    let id = contacts::create(
        &mut t.store,
        draft("Alma", "Andersson", "alma@example.com"),
        now(),
    )
    .unwrap()
    .to_string();
    let ms = now().timestamp_millis() as u64;
    let edit = |title: &str, at: u64| Change {
        entity: Entity::Contact,
        id: id.clone(),
        field: "title".into(),
        value: serde_json::to_string(title).unwrap(),
        hlc: Hlc::new(at, 0),
        device: [7; 16],
    };
    let batch = |c: Change, fails: bool| Batch {
        changes: vec![c],
        may_write: Box::new(|_, _| true),
        also: Box::new(move |_| {
            if fails {
                Err(store::StoreError::Busy)
            } else {
                Ok(())
            }
        }),
    };
    let out = apply_batches(
        &mut t.store,
        vec![
            batch(edit("Buyer", ms), false),
            batch(edit("Never written", ms + 1), true),
            batch(edit("Never tried", ms + 2), false),
        ],
        now(),
    )
    .unwrap();
    assert_eq!(out.len(), 2, "the batch after the failing one is not tried");
    assert!(matches!(out[0], Ok(ref a) if a.written == 1));
    assert!(matches!(out[1], Err(Stopped::Failed(_))));
    // The first batch is committed; nothing of the failing one is, not even in the change log.
    t.reopen();
    assert_eq!(title(&t.store, &id), "Buyer");
    let version = t
        .store
        .read(|tx| store::changes::fields_of(tx, Entity::Contact, &id))
        .unwrap();
    assert_eq!(version.get("title").map(String::as_str), Some("\"Buyer\""));
}

#[test]
fn a_tombstone_whose_id_is_not_a_contacts_does_not_fail_every_round() {
    use rapport::privacy::team::apply::apply_changes;
    use rapport::team::change::TombstoneValue;
    let mut t = TestStore::new();
    let value = TombstoneValue {
        erased_at: 1,
        reason: "subject_request".into(),
        requested_by: String::new(),
        hashes: Vec::new(),
    };
    let stone = Change {
        entity: Entity::Tombstone,
        id: "not-a-contact".into(),
        field: "erased".into(),
        value: serde_json::to_string(&value).unwrap(),
        hlc: Hlc::new(now().timestamp_millis() as u64, 0),
        device: [7; 16],
    };
    let applied = apply_changes(&mut t.store, &[stone], &|_, _| true, now(), |_| Ok(())).unwrap();
    assert_eq!(applied.erased, 0);
}
