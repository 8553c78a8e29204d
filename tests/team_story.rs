//! The team end to end on real stores and a real folder: the CLI story (create → invite →
//! join → sync both ways → edit on both → converge), an erasure after which no file in the
//! folder decrypts to anything of the person, tampered and replayed segments refused with a
//! reason and nothing applied, a missing folder as "working offline", and the sync lock.

mod common;

use common::cli_team::ok;
use common::{TestStore, draft};
use rapport::privacy::contacts::{self, Edit};
use rapport::privacy::erasure::{self, Reason};
use rapport::privacy::team::{RoundReport, SyncStatus, TeamError, setup};
use rapport::store;
use rapport::team::folder::{Item, TeamFolder};
use rapport::team::keys::{DeviceKeys, EpochKey};
use rapport::team::roster::Role;
use rapport::team::segment;
use serde_json::Value;
use std::path::Path;

/// One round, as the app's next background round would try again: the CLI processes this
/// test spawns inherit the sync lock's file for the instant between fork and exec, so a round
/// right then finds the lock taken ("another round is running").
fn round(
    store: &mut rapport::store::Store,
    now: rapport::domain::Instant,
) -> Result<RoundReport, TeamError> {
    for _ in 0..50 {
        match rapport::privacy::team::round::round(store, now) {
            Err(TeamError::Busy) => std::thread::sleep(std::time::Duration::from_millis(20)),
            r => return r,
        }
    }
    rapport::privacy::team::round::round(store, now)
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let text = ok(dir, args);
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{args:?} printed no JSON: {text}"))
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = json(dir, &["list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn create_invite_join_sync_both_ways_edit_on_both_and_converge() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, folder) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("shared"),
    );
    let folder_s = folder.to_str().unwrap();
    ok(&a, &["init"]);
    let alma = ok(
        &a,
        &[
            "add",
            "--given",
            "Alma",
            "--family",
            "Andersson",
            "--email",
            "alma@example.com",
        ],
    );
    let alma = alma.trim().to_string();
    ok(
        &a,
        &[
            "team",
            "create",
            "--name",
            "Nordic Sales",
            "--folder",
            folder_s,
            "--me",
            "Ada Admin",
        ],
    );
    let invite = ok(
        &a,
        &["team", "invite", "--name", "Bo Berg", "--role", "sales"],
    );
    let code = invite.lines().last().unwrap().trim().to_string();
    assert!(code.len() >= 24, "the code is the last line: {invite}");
    assert!(
        !std::fs::read_dir(&folder).unwrap().flatten().any(|e| {
            walk(&e.path())
                .iter()
                .any(|p| common::contains(&std::fs::read(p).unwrap(), code.as_bytes()))
        }),
        "the code never goes into the folder"
    );

    // A laptop that held contacts before joining; the code typed without dashes, in lower case.
    ok(&b, &["init"]);
    ok(
        &b,
        &[
            "add",
            "--given",
            "Britt",
            "--family",
            "Bergman",
            "--email",
            "britt@example.com",
        ],
    );
    let typed: String = code
        .chars()
        .filter(|c| *c != '-' && *c != ' ')
        .collect::<String>()
        .to_lowercase();
    ok(
        &b,
        &["team", "join", "--folder", folder_s, "--code", &typed],
    );
    assert_eq!(json(&b, &["sync", "--json"])["status"], "waiting_for_admin");

    let r = json(&a, &["sync", "--json"]);
    assert_eq!(r["joined"], 1, "{r}");
    let r = json(&b, &["sync", "--json"]);
    assert_eq!(r["status"], "synced", "{r}");
    assert!(r["applied"].as_u64().unwrap() > 0);
    assert!(r["rejected"].as_array().unwrap().is_empty(), "{r}");
    let r = json(&a, &["sync", "--json"]);
    assert!(r["applied"].as_u64().unwrap() > 0, "{r}");
    let both = vec!["Alma Andersson".to_string(), "Britt Bergman".to_string()];
    assert_eq!(names(&a), both);
    assert_eq!(names(&b), both);

    // Both edit the same contact, different fields, offline; then they meet.
    ok(&a, &["edit", &alma, "--title", "Head of Purchasing"]);
    ok(&b, &["edit", &alma, "--org", "Fjällhandel Oy"]);
    for dir in [&a, &b, &a] {
        json(dir, &["sync", "--json"]);
    }
    let sa = json(&a, &["show", &alma, "--json"]);
    let sb = json(&b, &["show", &alma, "--json"]);
    assert_eq!(sa["title"], "Head of Purchasing", "{sa}");
    assert_eq!(sa["organisation"], "Fjällhandel Oy", "{sa}");
    for k in [
        "name",
        "title",
        "organisation",
        "emails",
        "stage",
        "preferences",
    ] {
        assert_eq!(sa[k], sb[k], "{k}");
    }

    let team = json(&a, &["team", "--json"]);
    let members = team.as_array().unwrap();
    assert_eq!(members.len(), 2, "{team}");
    let bo = members.iter().find(|m| m["name"] == "Bo Berg").unwrap();
    assert_eq!(bo["role"], "sales");
    assert_eq!(bo["devices"].as_array().unwrap().len(), 1);
    assert!(bo["devices"][0]["last_sync"].is_string());
    let ada = members.iter().find(|m| m["name"] == "Ada Admin").unwrap();
    assert_eq!(ada["role"], "admin");

    // An erasure on B reaches A; an import of the person on A is flagged, not re-created.
    ok(&b, &["erase", &alma, "--yes"]);
    json(&b, &["sync", "--json"]);
    let r = json(&a, &["sync", "--json"]);
    assert_eq!(r["erased"], 1, "{r}");
    assert_eq!(names(&a), vec!["Britt Bergman".to_string()]);
    let card = tmp.path().join("alma.vcf");
    std::fs::write(&card, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Alma Andersson\r\nEMAIL:alma@example.com\r\nEND:VCARD\r\n").unwrap();
    let import = ok(&a, &["import", card.to_str().unwrap()]);
    assert!(import.to_lowercase().contains("erased"), "{import}");
    assert_eq!(names(&a), vec!["Britt Bergman".to_string()]);

    // A missing folder is working offline, not an error.
    std::fs::rename(&folder, tmp.path().join("away")).unwrap();
    assert_eq!(json(&a, &["sync", "--json"])["status"], "offline");
}

fn walk(p: &Path) -> Vec<std::path::PathBuf> {
    if p.is_dir() {
        std::fs::read_dir(p)
            .unwrap()
            .flatten()
            .flat_map(|e| walk(&e.path()))
            .collect()
    } else {
        vec![p.to_path_buf()]
    }
}

fn wall() -> rapport::domain::Instant {
    chrono::Utc::now()
}

/// Two stores in one team through a real folder (the admin and a sales laptop).
fn pair(folder: &Path) -> (TestStore, TestStore) {
    let mut a = TestStore::new();
    setup::create(&mut a.store, "Team", folder, "Ada", wall()).unwrap();
    let code = setup::invite(&mut a.store, "Bo Berg", Role::Sales, wall()).unwrap();
    let mut b = TestStore::new();
    setup::join(&mut b.store, folder, &code, "Bo", wall()).unwrap();
    round(&mut a.store, wall()).unwrap();
    let r = round(&mut b.store, wall()).unwrap();
    assert_eq!(r.status, SyncStatus::Synced);
    (a, b)
}

/// Every segment in the folder, opened with the test's keys, as (file, payload).
fn decrypt_all(folder: &Path, stores: &[&TestStore]) -> Vec<(String, Vec<u8>)> {
    let mut signers = std::collections::HashMap::new();
    let mut keys: Vec<(u32, EpochKey)> = Vec::new();
    let mut team = None;
    for s in stores {
        let me = s.store.read(store::team::membership).unwrap().unwrap();
        let dk = DeviceKeys::from_bytes(&me.device_keys.as_slice().try_into().unwrap());
        signers.insert(me.device_id, dk.public().sign);
        team = Some(rapport::team::keys::TeamId(me.team_id));
        for (e, k) in s.store.read(store::team::epoch_keys).unwrap() {
            keys.push((e, EpochKey::from_bytes(k.as_slice().try_into().unwrap())));
        }
    }
    let dir = TeamFolder::open(folder).unwrap();
    let mut out = Vec::new();
    for f in dir.scan().unwrap() {
        if !matches!(f.item, Item::Segment { .. }) {
            continue;
        }
        let bytes = dir.read(&f).unwrap();
        let (_, payload) = segment::open(
            &bytes,
            team.unwrap(),
            &|h| signers.get(&h.device.0).copied(),
            &|e| keys.iter().find(|(n, _)| *n == e).map(|(_, k)| k.clone()),
        )
        .unwrap_or_else(|r| panic!("{}: {r}", f.relative().display()));
        out.push((f.relative().display().to_string(), payload));
    }
    out
}

#[test]
fn after_an_erasure_and_one_round_everywhere_no_file_in_the_folder_holds_the_person() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let (mut a, mut b) = pair(&folder);
    let id = contacts::create(
        &mut a.store,
        draft("Petra", "Purged", "petra.purged@example.com"),
        common::now(),
    )
    .unwrap();
    contacts::create(
        &mut a.store,
        draft("Kim", "Kept", "kim.kept@example.com"),
        common::now(),
    )
    .unwrap();
    round(&mut a.store, wall()).unwrap();
    round(&mut b.store, wall()).unwrap();
    // B edits her too, so B's own segments hold her.
    let edit = Edit {
        title: Some("Buyer".into()),
        ..Edit::default()
    };
    contacts::rectify(&mut b.store, id, &edit, common::now()).unwrap();
    round(&mut b.store, wall()).unwrap();
    let before = decrypt_all(&folder, &[&a, &b]);
    let holds = |segs: &[(String, Vec<u8>)], s: &str| {
        segs.iter()
            .filter(|(_, p)| common::contains(p, s.as_bytes()))
            .map(|(f, _)| f.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        !holds(&before, "petra.purged").is_empty(),
        "A's segments hold her before"
    );
    let b_dir = format!(
        "dev-{}",
        hex::encode(
            b.store
                .read(store::team::membership)
                .unwrap()
                .unwrap()
                .device_id
        )
    );
    assert!(
        holds(&before, "Buyer")
            .iter()
            .any(|f| f.starts_with(&b_dir)),
        "B's segments hold her before"
    );

    erasure::erase(&mut a.store, id, Reason::SubjectRequest, common::now()).unwrap();
    round(&mut a.store, wall()).unwrap();
    let r = round(&mut b.store, wall()).unwrap();
    assert_eq!(r.erased, 1);
    assert!(r.compacted);
    let after = decrypt_all(&folder, &[&a, &b]);
    // Her random id stays in the tombstone (no personal data); nothing else of her does.
    for needle in ["petra.purged", "Petra", "Purged", "Buyer"] {
        let found = holds(&after, needle);
        assert!(found.is_empty(), "{needle} still in {found:?}");
    }
    assert!(
        !holds(&after, &id.to_string()).is_empty(),
        "the tombstone travels"
    );
    assert!(
        !holds(&after, "kim.kept").is_empty(),
        "the others are still there"
    );
    // Both stores: gone; a third round changes nothing.
    for s in [&a, &b] {
        assert!(!s.store.read(|tx| store::contacts::exists(tx, id)).unwrap());
    }
    let r = round(&mut a.store, wall()).unwrap();
    assert_eq!((r.applied, r.erased), (0, 0), "{r:?}");
}

#[test]
fn tampered_truncated_and_replayed_segments_are_refused_and_nothing_is_applied() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let (mut a, mut b) = pair(&folder);
    contacts::create(
        &mut a.store,
        draft("Tess", "Tamper", "tess@example.com"),
        common::now(),
    )
    .unwrap();
    round(&mut a.store, wall()).unwrap();
    let dir = TeamFolder::open(&folder).unwrap();
    let a_dev = a
        .store
        .read(store::team::membership)
        .unwrap()
        .unwrap()
        .device_id;
    let newest = dir
        .scan()
        .unwrap()
        .into_iter()
        .filter(|f| f.device.0 == a_dev && matches!(f.item, Item::Segment { .. }))
        .max_by_key(|f| f.item)
        .unwrap();
    let path = folder.join(newest.relative());
    let good = std::fs::read(&path).unwrap();
    let before = b.store.read(store::team::canonical_dump).unwrap();
    let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
    for at in [0, 7, 40, 120, good.len() / 2, good.len() - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x40;
        cases.push(("flipped", bad));
    }
    cases.push(("truncated", good[..good.len() - 10].to_vec()));
    cases.push(("truncated", good[..50].to_vec()));
    for (what, bad) in cases {
        std::fs::write(&path, &bad).unwrap();
        let r = round(&mut b.store, wall()).unwrap();
        assert_eq!(r.applied, 0, "{what}");
        assert_eq!(r.rejected.len(), 1, "{what}: {r:?}");
        assert!(r.rejected[0].file.ends_with(".seg"));
        assert!(!r.rejected[0].reason.is_empty());
        assert_eq!(
            b.store.read(store::team::canonical_dump).unwrap(),
            before,
            "{what}: nothing applied"
        );
    }
    std::fs::write(&path, &good).unwrap();
    let r = round(&mut b.store, wall()).unwrap();
    assert!(r.applied > 0 && r.rejected.is_empty(), "{r:?}");
    // A replay: an older segment of A copied over as the next one is refused.
    let seg = |seq: u64| {
        dir.scan().unwrap().into_iter().find(|f| {
            f.device.0 == a_dev && matches!(f.item, Item::Segment { seq: s, .. } if s == seq)
        })
    };
    let Item::Segment { epoch, seq, .. } = newest.item else {
        unreachable!()
    };
    let old = std::fs::read(folder.join(seg(seq).unwrap().relative())).unwrap();
    let next = Item::Segment {
        epoch,
        seq: seq + 1,
        kind: segment::SegmentKind::Changes,
    };
    std::fs::write(
        folder
            .join(format!("dev-{}", hex::encode(a_dev)))
            .join(next.file_name()),
        &old,
    )
    .unwrap();
    let r = round(&mut b.store, wall()).unwrap();
    assert_eq!(r.applied, 0);
    assert_eq!(r.rejected.len(), 1, "{r:?}");
}

#[test]
fn a_second_process_never_syncs_at_the_same_time() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let (mut a, _b) = pair(&folder);
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(a.db_path().with_extension("team-lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let err = rapport::privacy::team::round::round(&mut a.store, wall()).unwrap_err();
    assert!(err.to_string().contains("another Rapport process"), "{err}");
    drop(lock);
    round(&mut a.store, wall()).unwrap();
}
