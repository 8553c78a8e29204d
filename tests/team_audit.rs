//! Who did what in a team (issues 12 and 13), on real stores and a real folder: events made on
//! B show on A with B's member and device ids after a round, A verifies every device's chain,
//! a tampered replicated event (a flipped byte in the folder, a forged event B signs, an edited
//! row on A) is refused or reported with nothing applied, the access export of a contact edited
//! on both names both members, and the audit log never holds a name.

mod common;

use common::cli_team::ok;
use common::{TestStore, draft};
use rapport::domain::ContactId;
use rapport::i18n::Lang;
use rapport::privacy::audit;
use rapport::privacy::contacts::{self, Edit};
use rapport::privacy::team::{SyncStatus, round::round, setup};
use rapport::privacy::{access_export, access_report};
use rapport::store;
use rapport::team::folder::{Item, TeamFolder};
use rapport::team::roster::Role;
use serde_json::Value;
use std::path::Path;

fn json(dir: &Path, args: &[&str]) -> Value {
    let text = ok(dir, args);
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{args:?} printed no JSON: {text}"))
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

fn ids(store: &store::Store) -> (String, String) {
    let me = store.read(store::team::membership).unwrap().unwrap();
    (hex::encode(me.device_id), hex::encode(me.member_id))
}

/// Two stores in one team through a real folder: the admin "Ada" and the sales member "Bo Berg".
fn pair(folder: &Path) -> (TestStore, TestStore) {
    let mut a = TestStore::new();
    setup::create(&mut a.store, "Team", folder, "Ada", wall()).unwrap();
    let code = setup::invite(&mut a.store, "Bo Berg", Role::Sales, wall()).unwrap();
    let mut b = TestStore::new();
    setup::join(&mut b.store, folder, &code, "Bo Berg", wall()).unwrap();
    round(&mut a.store, wall()).unwrap();
    let r = round(&mut b.store, wall()).unwrap();
    assert_eq!(r.status, SyncStatus::Synced);
    round(&mut a.store, wall()).unwrap();
    (a, b)
}

/// The CLI story: B's events reach A with B's ids; A, an admin, sees B's name; B, sales, sees
/// ids only; `rapport audit --verify` and `rapport audit verify` check both chains.
#[test]
fn events_made_on_b_show_on_a_with_bs_member_and_device() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, folder) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("shared"),
    );
    let folder_s = folder.to_str().unwrap();
    ok(&a, &["init"]);
    ok(
        &a,
        &[
            "team",
            "create",
            "--name",
            "Nordic",
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
    ok(&b, &["init"]);
    ok(&b, &["team", "join", "--folder", folder_s, "--code", &code]);
    ok(&a, &["sync"]);
    ok(&b, &["sync"]);
    let team = json(&a, &["team", "--json"]);
    let member_named = |name: &str| {
        team.as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {team}"))
            .clone()
    };
    let bo = member_named("Bo Berg");
    let bo_id = bo["id"].as_str().unwrap().to_string();
    let bo_device = bo["devices"][0]["id"].as_str().unwrap().to_string();
    let ada_id = member_named("Ada Admin")["id"]
        .as_str()
        .unwrap()
        .to_string();

    let cid = ok(
        &b,
        &[
            "add",
            "--given",
            "Cleo",
            "--family",
            "Carlsson",
            "--email",
            "cleo@example.com",
        ],
    );
    let cid = cid.trim().to_string();
    // B's own log names B's member and device.
    let own = json(&b, &["audit", "--json"]);
    let created = own
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "create")
        .unwrap();
    assert_eq!(created["device"], bo_device.as_str());
    assert_eq!(created["member"], bo_id.as_str());
    let r = json(&b, &["sync", "--json"]);
    assert!(r["published"].as_u64().unwrap() > 0, "{r}");
    let r = json(&a, &["sync", "--json"]);
    assert!(r["audit_events"].as_u64().unwrap() > 0, "{r}");
    assert_eq!(r["rejected"], Value::Array(vec![]), "{r}");

    let view = json(&a, &["audit", "--team", "--json"]);
    let view = view.as_array().unwrap();
    let on_a = view
        .iter()
        .find(|e| e["action"] == "create" && e["subject"] == cid.as_str())
        .unwrap_or_else(|| panic!("B's create on A: {view:?}"));
    assert_eq!(on_a["device"], bo_device.as_str());
    assert_eq!(on_a["member"], bo_id.as_str());
    assert_eq!(on_a["member_name"], "Bo Berg", "an admin sees the name");
    assert_eq!(on_a["own"], false);
    assert!(
        view.iter()
            .any(|e| e["member"] == ada_id.as_str() && e["own"] == true),
        "A's own events are in the same view"
    );
    let times: Vec<&str> = view.iter().map(|e| e["at"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "one view ordered by time");
    // Plain text shows the name too; the member's id on a non-admin's view.
    assert!(ok(&a, &["audit", "--team"]).contains("Bo Berg"));
    let on_b = json(&b, &["audit", "--team", "--json"]);
    assert!(
        on_b.as_array()
            .unwrap()
            .iter()
            .all(|e| e["member_name"].is_null()),
        "sales sees ids, not names"
    );

    let verified = ok(&a, &["audit", "--verify"]);
    assert!(
        verified.contains(&format!("ok: device {bo_device}:")),
        "{verified}"
    );
    assert!(ok(&a, &["audit", "verify"]).starts_with("ok: "));
    // Each command line run unlocks the store (an audit event), but a sync with nothing else
    // new publishes no segment: the unlocks wait for the next one.
    let segments = || {
        walk(&folder)
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "seg"))
            .count()
    };
    let before = segments();
    ok(&a, &["sync"]);
    ok(&b, &["sync"]);
    ok(&a, &["sync"]);
    assert_eq!(segments(), before, "idle rounds publish nothing");
    // The log itself holds no names (A's own and B's replicated, as JSON).
    for dir in [&a, &b] {
        let text = ok(dir, &["audit", "--json"]);
        for name in ["Ada", "Bo Berg", "Cleo", "Carlsson", "cleo@example.com"] {
            assert!(!text.contains(name), "{name} in the audit log");
        }
    }
}

/// Every text field of both stores' audit tables, local and replicated.
fn audit_text(s: &TestStore) -> String {
    let (own, others) = s
        .store
        .read(|tx| Ok((store::audit::list(tx)?, store::audit_team::all(tx)?)))
        .unwrap();
    let mut out = String::new();
    for e in own.iter().chain(others.iter().map(|(_, e)| e)) {
        out += &format!(
            "{} {} {:?} {}\n",
            e.actor, e.action, e.subject_text, e.detail
        );
    }
    out
}

#[test]
fn the_access_export_of_a_contact_edited_on_both_names_both_members() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let (mut a, mut b) = pair(&folder);
    let id = contacts::create(
        &mut a.store,
        draft("Dora", "Delta", "dora@example.com"),
        common::now(),
    )
    .unwrap();
    round(&mut a.store, wall()).unwrap();
    round(&mut b.store, wall()).unwrap();
    let edit = Edit {
        title: Some("Buyer".into()),
        ..Edit::default()
    };
    contacts::rectify(&mut b.store, id, &edit, common::now()).unwrap();
    round(&mut b.store, wall()).unwrap();
    let r = round(&mut a.store, wall()).unwrap();
    assert!(r.audit_events > 0 && r.rejected.is_empty(), "{r:?}");

    let (_, ada) = ids(&a.store);
    let (_, bo) = ids(&b.store);
    let (doc, _) = access_export::data_document(&a.store, id, common::now()).unwrap();
    let by = doc["processed_by"].as_array().unwrap();
    let members: Vec<&str> = by
        .iter()
        .map(|m| m["member_id"].as_str().unwrap())
        .collect();
    assert!(
        members.contains(&ada.as_str()) && members.contains(&bo.as_str()),
        "{by:?}"
    );
    assert_eq!(members.len(), 2, "each member once: {by:?}");
    let names: Vec<&str> = by.iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert!(
        names.contains(&"Ada") && names.contains(&"Bo Berg"),
        "{names:?}"
    );
    // The report, in both languages, lists them under its heading.
    for (lang, heading) in [
        (Lang::En, "Who in our firm processed your data"),
        (
            Lang::Sv,
            "Vem i vårt företag som har behandlat dina uppgifter",
        ),
    ] {
        let html = access_report::render(&doc, &[], lang);
        assert!(html.contains(heading), "{lang:?}");
        assert!(html.contains("Bo Berg") && html.contains("<li>Ada</li>"));
    }
    // B's export names both as well (from A's replicated events).
    let (doc_b, _) = access_export::data_document(&b.store, id, common::now()).unwrap();
    assert_eq!(doc_b["processed_by"].as_array().unwrap().len(), 2);
    // The log of both holds ids and field names, never a name.
    for s in [&a, &b] {
        let text = audit_text(s);
        for name in [
            "Ada",
            "Bo Berg",
            "Dora",
            "Delta",
            "dora@example.com",
            "Buyer",
        ] {
            assert!(!text.contains(name), "{name} in the audit log: {text}");
        }
    }

    // A solo store: "you".
    let mut solo = TestStore::new();
    let id = contacts::create(
        &mut solo.store,
        draft("Sam", "Solo", "sam@example.com"),
        common::now(),
    )
    .unwrap();
    let (doc, _) = access_export::data_document(&solo.store, id, common::now()).unwrap();
    assert_eq!(
        doc["processed_by"],
        serde_json::json!([{"member_id": null, "name": "you"}])
    );
    let html = access_report::render(&doc, &[], Lang::En);
    assert!(html.contains("this register has a single user"));
    let events = solo.store.read(store::audit::list).unwrap();
    assert!(
        events
            .iter()
            .all(|e| e.device.is_none() && e.member.is_none())
    );
}

fn newest_segment_of(folder: &Path, device: &str) -> std::path::PathBuf {
    let dir = TeamFolder::open(folder).unwrap();
    let f = dir
        .scan()
        .unwrap()
        .into_iter()
        .filter(|f| hex::encode(f.device.0) == device && matches!(f.item, Item::Segment { .. }))
        .max_by_key(|f| f.item)
        .unwrap();
    folder.join(f.relative())
}

fn replicated(s: &TestStore) -> usize {
    s.store.read(store::audit_team::all).unwrap().len()
}

#[test]
fn tampered_replicated_events_are_refused_or_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let (mut a, mut b) = pair(&folder);
    let (b_dev, _) = ids(&b.store);
    assert!(replicated(&a) > 0, "B's chain from its snapshot");
    let verdicts = audit::verify_team(&a.store).unwrap();
    assert_eq!(verdicts.len(), 2, "A's own chain and B's");
    assert!(verdicts.iter().all(|v| v.result.is_ok()), "{verdicts:?}");

    // 1. A flipped byte in B's segment in the folder: refused, nothing of it applied.
    let id = contacts::create(
        &mut b.store,
        draft("Tove", "Tamper", "tove@example.com"),
        common::now(),
    )
    .unwrap();
    round(&mut b.store, wall()).unwrap();
    let path = newest_segment_of(&folder, &b_dev);
    let good = std::fs::read(&path).unwrap();
    let mut bad = good.clone();
    let at = good.len() / 2;
    bad[at] ^= 0x01;
    std::fs::write(&path, &bad).unwrap();
    let held = replicated(&a);
    let r = round(&mut a.store, wall()).unwrap();
    assert_eq!((r.applied, r.audit_events), (0, 0), "{r:?}");
    assert_eq!(r.rejected.len(), 1, "{r:?}");
    assert_eq!(replicated(&a), held);
    std::fs::write(&path, &good).unwrap();
    let r = round(&mut a.store, wall()).unwrap();
    assert!(r.audit_events > 0 && r.rejected.is_empty(), "{r:?}");
    assert!(a.store.read(|tx| store::contacts::exists(tx, id)).unwrap());

    // 2. B's own log edited past the app before publishing (someone with B's key): B signs
    //    the segment, but its audit chain does not verify, so A refuses the whole segment.
    let other = contacts::create(
        &mut b.store,
        draft("Fia", "Forged", "fia@example.com"),
        common::now(),
    )
    .unwrap();
    b.store
        .raw_connection()
        .execute_batch(
            "DROP TRIGGER audit_event_no_update;
             UPDATE audit_event SET detail = 'nothing' WHERE seq = (SELECT max(seq) FROM audit_event);",
        )
        .unwrap();
    round(&mut b.store, wall()).unwrap();
    let held = replicated(&a);
    let r = round(&mut a.store, wall()).unwrap();
    assert_eq!(r.rejected.len(), 1, "{r:?}");
    assert!(
        r.rejected[0].reason.contains("audit event") && r.rejected[0].reason.contains("changed"),
        "{r:?}"
    );
    assert_eq!((r.applied, r.audit_events), (0, 0), "nothing half-applied");
    assert_eq!(replicated(&a), held);
    assert!(
        !a.store
            .read(|tx| store::contacts::exists(tx, other))
            .unwrap(),
        "the contact in the refused segment did not arrive either"
    );

    // 3. A replicated row edited on A: `verify_team` names B's chain and the event.
    let conn = a.store.raw_connection();
    let original: String = conn
        .query_row(
            "SELECT detail FROM team_audit WHERE seq = 2 AND device = ?1",
            [hex::decode(&b_dev).unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute_batch(
        "DROP TRIGGER team_audit_no_update;
         UPDATE team_audit SET detail = detail || ' title' WHERE seq = 2;",
    )
    .unwrap();
    let verdicts = audit::verify_team(&a.store).unwrap();
    let broken = verdicts
        .iter()
        .find(|v| v.device.as_deref() == Some(b_dev.as_str()))
        .unwrap();
    assert_eq!(
        broken.result,
        Err("audit event 2 was changed: its hash does not match its contents".into())
    );
    assert!(verdicts[0].result.is_ok(), "A's own chain is intact");
    // Put back, it verifies again; rows removed from the end are noticed through the head.
    conn.execute(
        "UPDATE team_audit SET detail = ?1 WHERE seq = 2",
        [&original],
    )
    .unwrap();
    let verdicts = audit::verify_team(&a.store).unwrap();
    assert!(verdicts.iter().all(|v| v.result.is_ok()), "{verdicts:?}");
    conn.execute_batch(
        "DROP TRIGGER team_audit_no_delete;
         DELETE FROM team_audit WHERE seq = (SELECT max(seq) FROM team_audit);",
    )
    .unwrap();
    let verdicts = audit::verify_team(&a.store).unwrap();
    let cut = verdicts[1].result.as_ref().unwrap_err();
    assert!(cut.contains("removed from the end"), "{cut}");
    // Inside the store the replicated log is append-only too.
    let b = TestStore::new();
    for sql in [
        "UPDATE team_audit SET detail = ''",
        "DELETE FROM team_audit",
    ] {
        let err = b
            .store
            .raw_connection()
            .execute_batch(&format!(
                "INSERT OR IGNORE INTO team_audit VALUES (x'00', 1, 0, 'user', 'init', NULL, '', NULL, NULL, x'00', x'00'); {sql};"
            ))
            .expect_err("append-only");
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

/// Old events keep their hash: a store with solo events joins a team and its whole chain,
/// before and after, verifies locally and on the other device.
#[test]
fn a_store_that_had_solo_events_joins_and_every_chain_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let mut a = TestStore::new();
    let early: ContactId = contacts::create(
        &mut a.store,
        draft("Ebba", "Early", "ebba@example.com"),
        common::now(),
    )
    .unwrap();
    setup::create(&mut a.store, "Team", &folder, "Ada", wall()).unwrap();
    contacts::rectify(
        &mut a.store,
        early,
        &Edit {
            title: Some("Chair".into()),
            ..Edit::default()
        },
        common::now(),
    )
    .unwrap();
    let events = a.store.read(store::audit::list).unwrap();
    assert!(events.first().unwrap().device.is_none(), "the solo events");
    assert!(events.last().unwrap().device.is_some(), "the team's");
    assert_eq!(
        audit::verify(&a.store).unwrap(),
        Ok(events.len()),
        "one chain across the change"
    );
    let code = setup::invite(&mut a.store, "Bo Berg", Role::Sales, wall()).unwrap();
    let mut b = TestStore::new();
    setup::join(&mut b.store, &folder, &code, "Bo Berg", wall()).unwrap();
    round(&mut a.store, wall()).unwrap();
    round(&mut b.store, wall()).unwrap();
    let verdicts = audit::verify_team(&b.store).unwrap();
    assert_eq!(verdicts.len(), 2);
    assert!(verdicts.iter().all(|v| v.result.is_ok()), "{verdicts:?}");
    // B holds A's chain from its init, solo part included.
    let (a_dev, _) = ids(&a.store);
    let held: Vec<_> = b
        .store
        .read(store::audit_team::all)
        .unwrap()
        .into_iter()
        .filter(|(d, _)| hex::encode(d) == a_dev)
        .collect();
    assert_eq!(held.first().unwrap().1.action, "init");
    assert!(held.len() >= events.len());
    // An idle round publishes nothing new and receives nothing twice.
    round(&mut a.store, wall()).unwrap();
    let before = replicated(&b);
    let r = round(&mut b.store, wall()).unwrap();
    assert_eq!(replicated(&b), before, "{r:?}");
}
