//! Organisations, activities, follow-ups, outcomes and the requests register in a team (issue
//! 12), on real stores and a real folder: a call logged on one laptop shows on the others
//! (`rapport activities`, `today`, `org show`), edits on both sides converge, an erasure takes
//! the person's follow-ups and links everywhere while an activity shared with someone else
//! stays with them, a late change from a laptop that missed the erasure is dropped, and after
//! one round each no segment in the folder decrypts to anything of the person's activities or
//! follow-ups.

mod common;

use common::TestStore;
use common::cli_team::{cli_team, ok};
use rapport::domain::activity::Kind;
use rapport::domain::organisation::OrganisationDraft;
use rapport::domain::request::{Kind as RequestKind, Via};
use rapport::domain::{ContactId, Instant};
use rapport::privacy::activities::{self, Log, Step};
use rapport::privacy::erasure::{self, Reason};
use rapport::privacy::team::{RoundReport, SyncStatus, TeamError, setup};
use rapport::privacy::{contacts, organisations, outcomes, requests};
use rapport::store;
use rapport::team::folder::{Item, TeamFolder};
use rapport::team::keys::{DeviceKeys, EpochKey};
use rapport::team::roster::Role;
use rapport::team::segment;
use serde_json::Value;
use std::path::Path;

fn json(dir: &Path, args: &[&str]) -> Value {
    let text = ok(dir, args);
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{args:?} printed no JSON: {text}"))
}

fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

fn add(dir: &Path, given: &str) -> String {
    ok(
        dir,
        &[
            "add",
            "--given",
            given,
            "--family",
            "Exempel",
            "--email",
            &format!("{}@vindhamn.example.com", given.to_lowercase()),
            "--org",
            "Vindhamn AB",
        ],
    )
    .trim()
    .to_string()
}

/// The follow-ups of a person as (kind, due, state), which are the same on every laptop (the
/// numbers are each laptop's own).
fn follow_ups(dir: &Path, id: &str) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = json(dir, &["activities", id, "--json"])["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["due_on"].as_str().unwrap().to_string(),
                f["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn files(p: &Path) -> Vec<std::path::PathBuf> {
    if p.is_dir() {
        std::fs::read_dir(p)
            .unwrap()
            .flatten()
            .flat_map(|e| files(&e.path()))
            .collect()
    } else {
        vec![p.to_path_buf()]
    }
}

fn org_page(dir: &Path) -> Value {
    let mut p = json(dir, &["org", "show", "Vindhamn AB", "--json"]);
    // Row ids differ per laptop.
    p["organisation"]["id"] = Value::Null;
    for a in p["activities"].as_array_mut().unwrap() {
        a["id"] = Value::Null;
        // People come in each laptop's row order.
        a["people"]
            .as_array_mut()
            .unwrap()
            .sort_by_key(|p| p.to_string());
    }
    p
}

#[test]
fn a_call_logged_on_one_laptop_shows_on_the_others_edits_converge_and_an_erasure_is_final() {
    let team = cli_team(&[("Bo Berg", "sales"), ("Cy Clark", "sales")], |_| {});
    let (a, b, c) = (
        team.admin.clone(),
        team.member("Bo Berg").to_path_buf(),
        team.member("Cy Clark").to_path_buf(),
    );
    ok(
        &a,
        &[
            "org",
            "add",
            "Vindhamn AB",
            "--number",
            "556677-8899",
            "--industry",
            "manufacturing",
        ],
    );
    let petra = add(&a, "Petra");
    let kim = add(&a, "Kim");
    let day = today();
    let logged = json(
        &a,
        &[
            "activity",
            "add",
            &petra,
            "--kind",
            "call",
            "--outcome",
            "send_offer",
            "--with",
            &kim,
            "--follow-up",
            &day,
            "--json",
        ],
    );
    assert!(logged["follow_up"].is_i64(), "{logged}");
    team.sync_all();

    // B sees the call, its outcome, its people and organisation, and the follow-up on Today.
    let on_b = json(&b, &["activities", &petra, "--json"]);
    let acts = on_b["activities"].as_array().unwrap();
    assert_eq!(acts.len(), 1, "{on_b}");
    assert_eq!(acts[0]["kind"], "call");
    assert_eq!(acts[0]["outcome"], "send_offer");
    assert_eq!(acts[0]["organisation"], "Vindhamn AB");
    let mut people: Vec<&str> = acts[0]["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    people.sort();
    let mut both = vec![petra.as_str(), kim.as_str()];
    both.sort();
    assert_eq!(people, both);
    assert_eq!(follow_ups(&b, &petra), follow_ups(&a, &petra));
    assert_eq!(follow_ups(&b, &petra).len(), 1);
    assert_eq!(
        on_b["follow_ups"][0]["activity"], acts[0]["id"],
        "the follow-up comes from the call on B too"
    );
    let today_b = json(&b, &["today", "--json"]);
    let due: Vec<&str> = today_b["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["contact_id"].as_str().unwrap())
        .collect();
    assert_eq!(due, vec![petra.as_str()], "{today_b}");
    let page_b = json(&b, &["org", "show", "Vindhamn AB", "--json"]);
    assert_eq!(page_b["organisation"]["org_number"], "556677-8899");
    assert_eq!(page_b["industry_label"], "Manufacturing");
    assert_eq!(page_b["activities"].as_array().unwrap().len(), 1);
    assert_eq!(org_page(&a), org_page(&b));

    // Edits on both sides: different fields both stay, the same field goes to the later one.
    ok(
        &a,
        &[
            "org",
            "edit",
            "Vindhamn AB",
            "--web",
            "https://vindhamn.example.com",
        ],
    );
    ok(
        &b,
        &[
            "org",
            "edit",
            "Vindhamn AB",
            "--address",
            "Hamngatan 1, Vindhamn",
        ],
    );
    let n_a = today_b["follow_ups"][0]["follow_up"].as_i64().unwrap(); // B's number
    ok(
        &b,
        &["follow-up", "snooze", &n_a.to_string(), "--days", "3"],
    );
    let n = json(&a, &["activities", &petra, "--json"])["follow_ups"][0]["id"]
        .as_i64()
        .unwrap();
    ok(&a, &["follow-up", "snooze", &n.to_string(), "--days", "5"]);
    team.sync_all();
    team.sync_all();
    for dir in [&a, &b, &c] {
        assert_eq!(org_page(dir), org_page(&a));
        assert_eq!(follow_ups(dir, &petra), follow_ups(&a, &petra));
    }
    let page = org_page(&a);
    assert_eq!(page["organisation"]["web"], "https://vindhamn.example.com");
    assert_eq!(page["organisation"]["address"], "Hamngatan 1, Vindhamn");
    let snoozed = follow_ups(&a, &petra);
    assert_eq!(snoozed.len(), 1);
    assert_ne!(snoozed[0].1, day, "snoozed on both laptops: {snoozed:?}");

    // C misses the erasure: it closes Petra's follow-up and syncs before A's erasure is in the
    // folder, and its segment reaches B late (held back, as a cloud folder may).
    let n_c = json(&c, &["activities", &petra, "--json"])["follow_ups"][0]["id"]
        .as_i64()
        .unwrap();
    ok(&a, &["erase", &petra, "--yes"]);
    ok(&c, &["follow-up", "done", &n_c.to_string()]);
    let before: Vec<_> = files(&team.folder);
    ok(&c, &["sync"]);
    let held = team.tmp.path().join("held");
    std::fs::create_dir_all(&held).unwrap();
    let mut late = Vec::new();
    for f in files(&team.folder) {
        if !before.contains(&f) {
            let to = held.join(late.len().to_string());
            std::fs::rename(&f, &to).unwrap();
            late.push((to, f));
        }
    }
    assert!(!late.is_empty(), "C published its change");
    ok(&a, &["sync"]);
    let r = json(&b, &["sync", "--json"]);
    assert_eq!(r["erased"], 1, "{r}");

    // On B: her follow-ups and links are gone, the call stays with Kim alone.
    assert!(
        !common::cli_team::rapport(&b, &["activities", &petra])
            .status
            .success()
    );
    let kim_b = json(&b, &["activities", &kim, "--json"]);
    let acts = kim_b["activities"].as_array().unwrap();
    assert_eq!(acts.len(), 1, "{kim_b}");
    assert_eq!(acts[0]["people"], serde_json::json!([kim]));
    assert!(
        json(&b, &["today", "--json"])["follow_ups"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // C's late change reaches B after the erasure: dropped, nothing of her comes back.
    for (from, to) in late {
        std::fs::rename(from, to).unwrap();
    }
    let r = json(&b, &["sync", "--json"]);
    assert!(r["dropped"].as_u64().unwrap() >= 1, "{r}");
    assert!(
        json(&b, &["today", "--json"])["follow_ups"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    team.sync_all();
    for dir in [&a, &b, &c] {
        assert!(
            !common::cli_team::rapport(dir, &["activities", &petra])
                .status
                .success()
        );
        assert_eq!(
            json(dir, &["activities", &kim, "--json"])["activities"][0]["people"],
            serde_json::json!([kim])
        );
        assert_eq!(org_page(dir), org_page(&a));
    }
}

// ---- in-process: what the folder holds after an erasure ----

fn wall() -> Instant {
    chrono::Utc::now()
}

/// One round. The CLI test in this binary spawns processes: a child forked while a round of
/// this process holds a store's sync lock keeps the lock's file description until it execs,
/// so a round right after may find the lock taken ("another round is running") for an
/// instant; it is tried again, as the app's next background round would.
fn sync(store: &mut rapport::store::Store) -> RoundReport {
    for _ in 0..50 {
        match rapport::privacy::team::round::round(store, wall()) {
            Err(TeamError::Busy) => std::thread::sleep(std::time::Duration::from_millis(20)),
            r => return r.unwrap(),
        }
    }
    panic!("the sync lock stayed taken")
}

fn pair(folder: &Path) -> (TestStore, TestStore, TestStore) {
    let mut a = TestStore::new();
    setup::create(&mut a.store, "Team", folder, "Ada", wall()).unwrap();
    let mut others = Vec::new();
    for name in ["Bo Berg", "Cy Clark"] {
        let code = setup::invite(&mut a.store, name, Role::Sales, wall()).unwrap();
        let mut s = TestStore::new();
        setup::join(&mut s.store, folder, &code, name, wall()).unwrap();
        others.push(s);
    }
    sync(&mut a.store);
    for s in &mut others {
        assert_eq!(sync(&mut s.store).status, SyncStatus::Synced);
    }
    let c = others.pop().unwrap();
    let b = others.pop().unwrap();
    (a, b, c)
}

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

fn log(people: Vec<ContactId>, follow_up: bool) -> Log {
    Log {
        people,
        kind: Kind::Meeting,
        outcome: "meeting_booked".into(),
        on: None,
        purpose: None,
        organisation: Some("Laxbolaget".into()),
        follow_up: follow_up.then(|| (wall() + chrono::Duration::days(2), None)),
        preferences: vec![],
        consent: None,
    }
}

fn vocabulary(s: &TestStore) -> Vec<(String, String, bool)> {
    outcomes::vocabulary(&s.store)
        .unwrap()
        .into_iter()
        .map(|e| (e.outcome.code, e.outcome.label, e.retired))
        .collect()
}

#[test]
fn the_outcome_vocabulary_is_the_admins_and_team_wide() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let (mut a, mut b, _c) = pair(&folder);
    // The admin adds one, relabels one and takes an unused one out: B follows.
    activities::add_outcome(&mut a.store, "Demo given", None, wall()).unwrap();
    outcomes::rename(&mut a.store, "not_now", "Later", wall()).unwrap();
    outcomes::take_out(&mut a.store, "no_answer", wall()).unwrap();
    sync(&mut a.store);
    sync(&mut b.store);
    assert_eq!(vocabulary(&a), vocabulary(&b));
    let v = vocabulary(&b);
    assert!(
        v.iter()
            .any(|(c, l, _)| c == "demo_given" && l == "Demo given")
    );
    assert!(v.iter().any(|(c, l, _)| c == "not_now" && l == "Later"));
    assert!(!v.iter().any(|(c, _, _)| c == "no_answer"));
    // A sales laptop that changes it anyway (not through the gated commands) is refused at
    // merge: the admin's vocabulary stays.
    outcomes::rename(&mut b.store, "interested", "Keen", wall()).unwrap();
    sync(&mut b.store);
    let r = sync(&mut a.store);
    assert!(r.refused_changes >= 1, "{r:?}");
    assert!(
        vocabulary(&a)
            .iter()
            .any(|(c, l, _)| c == "interested" && l == "Interested")
    );
}

#[test]
fn the_same_firm_added_on_two_laptops_becomes_one_with_the_same_fields_on_both() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let (mut a, mut b, mut c) = pair(&folder);
    for (s, number) in [(&mut a, "556000-0001"), (&mut b, "556000-0002")] {
        organisations::add(
            &mut s.store,
            &OrganisationDraft {
                name: Some("Nordbolaget".into()),
                org_number: Some(number.into()),
                ..Default::default()
            },
            wall(),
        )
        .unwrap();
    }
    for _ in 0..2 {
        for s in [&mut a, &mut b, &mut c] {
            sync(&mut s.store);
        }
    }
    let listed = |s: &TestStore| {
        organisations::list(&s.store, None)
            .unwrap()
            .into_iter()
            .map(|l| (l.organisation.name, l.organisation.org_number))
            .collect::<Vec<_>>()
    };
    assert_eq!(listed(&a).len(), 1, "{:?}", listed(&a));
    assert_eq!(listed(&a), listed(&b));
    assert_eq!(listed(&a), listed(&c));
    // An edit afterwards, on either laptop, reaches all.
    organisations::edit(
        &mut b.store,
        "Nordbolaget",
        &OrganisationDraft {
            web: Some("https://nord.example.com".into()),
            ..Default::default()
        },
        wall(),
    )
    .unwrap();
    for s in [&mut b, &mut a, &mut c] {
        sync(&mut s.store);
    }
    for s in [&a, &b, &c] {
        let o = organisations::list(&s.store, None).unwrap();
        assert_eq!(o[0].organisation.web, "https://nord.example.com");
    }
}

#[test]
fn after_an_erasure_and_one_round_each_no_segment_holds_the_persons_activities_or_follow_ups() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let (mut a, mut b, mut c) = pair(&folder);
    organisations::add(
        &mut a.store,
        &OrganisationDraft {
            name: Some("Laxbolaget".into()),
            ..Default::default()
        },
        wall(),
    )
    .unwrap();
    let mut d = common::draft("Petra", "Purged", "petra.purged@example.com");
    d.organisation = "Laxbolaget".into();
    let petra = contacts::create(&mut a.store, d, wall()).unwrap();
    let kim = contacts::create(
        &mut a.store,
        common::draft("Kim", "Kept", "kim.kept@example.com"),
        wall(),
    )
    .unwrap();
    // One activity of hers alone, one shared with Kim, a follow-up of each, and a request.
    activities::log(&mut a.store, &log(vec![petra], true), wall()).unwrap();
    activities::log(&mut a.store, &log(vec![petra, kim], false), wall()).unwrap();
    activities::plan(&mut a.store, kim, Kind::Call, wall(), wall()).unwrap();
    let q = requests::add(
        &mut a.store,
        RequestKind::Erasure,
        Via::Email,
        wall().date_naive(),
        Some(petra),
        wall(),
    )
    .unwrap();
    for s in [&mut a, &mut b, &mut c] {
        sync(&mut s.store);
    }
    // B works on her follow-up too, so B's own segments hold her.
    let (_, fus) = activities::of_contact(&b.store, petra).unwrap();
    assert_eq!(fus.len(), 1);
    activities::step(&mut b.store, fus[0].id, Step::Snooze(1), wall()).unwrap();
    sync(&mut b.store);
    let mine = format!("{petra}/");
    let holds = |segs: &[(String, Vec<u8>)], s: &str| {
        segs.iter()
            .filter(|(_, p)| common::contains(p, s.as_bytes()))
            .map(|(f, _)| f.clone())
            .collect::<Vec<_>>()
    };
    let before = decrypt_all(&folder, &[&a, &b, &c]);
    assert!(
        holds(&before, &mine).len() >= 2,
        "A's and B's segments hold her links"
    );
    let request_count = |s: &TestStore| {
        requests::list(
            &s.store,
            requests::Filter {
                open_only: false,
                overdue_only: false,
            },
            wall(),
        )
        .unwrap()
        .len()
    };
    assert_eq!(request_count(&b), 1, "the register syncs");

    erasure::erase(&mut a.store, petra, Reason::SubjectRequest, wall()).unwrap();
    for s in [&mut a, &mut b, &mut c] {
        sync(&mut s.store);
    }
    let after = decrypt_all(&folder, &[&a, &b, &c]);
    let found = holds(&after, &mine);
    assert!(
        found.is_empty(),
        "her links or follow-ups still in {found:?}"
    );
    for needle in ["petra.purged", "Petra", "Purged"] {
        assert!(holds(&after, needle).is_empty(), "{needle}");
    }
    // Everywhere: her alone activity is gone, the shared one stays with Kim, Kim's follow-up
    // stays, the organisation stays, and the request outlives the erasure it asked for.
    for s in [&a, &b, &c] {
        let (acts, fus) = activities::of_contact(&s.store, kim).unwrap();
        assert_eq!(acts.len(), 1);
        assert_eq!(acts[0].people, vec![kim]);
        assert_eq!(acts[0].organisation.as_deref(), Some("Laxbolaget"));
        assert_eq!(fus.len(), 1);
        assert_eq!(request_count(s), 1);
        let dump = s.store.read(store::team::canonical_dump).unwrap();
        assert!(!dump.contains(&mine), "{dump}");
    }
    let dump_a = a.store.read(store::team::canonical_dump).unwrap();
    assert_eq!(dump_a, b.store.read(store::team::canonical_dump).unwrap());
    assert_eq!(dump_a, c.store.read(store::team::canonical_dump).unwrap());
    assert!(q > 0);

    // A newcomer joining after all this gets the everyday rows from the snapshots, and nothing
    // of her.
    let code = setup::invite(&mut a.store, "Dag Dahl", Role::Sales, wall()).unwrap();
    let mut d = TestStore::new();
    setup::join(&mut d.store, &folder, &code, "Dag Dahl", wall()).unwrap();
    sync(&mut a.store);
    sync(&mut d.store);
    sync(&mut d.store);
    assert_eq!(dump_a, d.store.read(store::team::canonical_dump).unwrap());
}

fn industries_of(s: &TestStore) -> Vec<(String, String, bool)> {
    rapport::privacy::industries::vocabulary(&s.store)
        .unwrap()
        .into_iter()
        .map(|e| (e.code, e.label, e.retired))
        .collect()
}

#[test]
fn the_industry_vocabulary_is_the_admins_and_team_wide_retired_and_offered_again() {
    use rapport::privacy::industries;
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let (mut a, mut b, _c) = pair(&folder);
    // The admin adds one and files a firm under it: B gets both.
    industries::add(&mut a.store, Some("forestry"), "Forestry", wall()).unwrap();
    organisations::add(
        &mut a.store,
        &OrganisationDraft {
            name: Some("Skogsbolaget".into()),
            industry: Some("forestry".into()),
            ..Default::default()
        },
        wall(),
    )
    .unwrap();
    sync(&mut a.store);
    sync(&mut b.store);
    assert_eq!(industries_of(&a), industries_of(&b));
    assert!(industries_of(&b).contains(&("forestry".into(), "Forestry".into(), false)));
    let page = organisations::page(&b.store, "Skogsbolaget", wall()).unwrap();
    assert_eq!(page.organisation.industry, "forestry");
    // Relabelled, then taken out while a firm has it: retired on B too, the firm keeps it.
    industries::rename(&mut a.store, "forestry", "Forestry and wood", wall()).unwrap();
    industries::take_out(&mut a.store, "forestry", wall()).unwrap();
    sync(&mut a.store);
    sync(&mut b.store);
    assert!(industries_of(&b).contains(&("forestry".into(), "Forestry and wood".into(), true)));
    let page = organisations::page(&b.store, "Skogsbolaget", wall()).unwrap();
    assert_eq!(page.organisation.industry, "forestry");
    // Offered again on A: offered on B.
    industries::restore(&mut a.store, "forestry", wall()).unwrap();
    sync(&mut a.store);
    sync(&mut b.store);
    assert_eq!(industries_of(&a), industries_of(&b));
    assert!(industries_of(&b).contains(&("forestry".into(), "Forestry and wood".into(), false)));
    // A sales laptop's change is refused at merge: the admin's label stays everywhere.
    rapport::store::Store::write(&mut b.store, |tx| {
        rapport::store::industries::rename(tx, "forestry", "Trees")
    })
    .unwrap();
    sync(&mut b.store);
    let r = sync(&mut a.store);
    assert!(r.refused_changes >= 1, "{r:?}");
    assert!(industries_of(&a).contains(&("forestry".into(), "Forestry and wood".into(), false)));
}

#[test]
fn a_store_in_a_team_before_everyday_rows_synced_sends_them_at_its_next_round() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let (mut a, mut b, _c) = pair(&folder);
    organisations::add(
        &mut a.store,
        &OrganisationDraft {
            name: Some("Laxbolaget".into()),
            ..Default::default()
        },
        wall(),
    )
    .unwrap();
    let petra = contacts::create(
        &mut a.store,
        common::draft("Petra", "Early", "petra.early@example.com"),
        wall(),
    )
    .unwrap();
    activities::log(&mut a.store, &log(vec![petra], true), wall()).unwrap();
    // What a store of the previous version holds: the rows, never recorded for the team, and
    // the flag migration 0016 sets on a store that is in a team.
    {
        let conn = rusqlite::Connection::open(a.db_path()).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = {};
             DELETE FROM team_change WHERE entity BETWEEN 7 AND 12;
             DELETE FROM team_outbox WHERE entity BETWEEN 7 AND 12;
             DELETE FROM team_ref; DELETE FROM team_link;
             INSERT INTO meta (key, value) VALUES ('team_everyday_unrecorded', '1');",
            a.key.sqlcipher_literal().as_str()
        ))
        .unwrap();
    }
    a.reopen();
    sync(&mut a.store);
    sync(&mut b.store);
    let (acts, fus) = activities::of_contact(&b.store, petra).unwrap();
    assert_eq!(acts.len(), 1, "the activity logged before reached B");
    assert_eq!(fus.len(), 1, "and its follow-up");
    assert_eq!(
        acts[0].organisation.as_deref(),
        Some("Laxbolaget"),
        "{:?}",
        acts[0].organisation
    );
    let page = organisations::page(&b.store, "Laxbolaget", wall()).unwrap();
    assert_eq!(page.activities.len(), 1);
    // Once: the next round records nothing again.
    let r = sync(&mut a.store);
    assert_eq!(r.published, 0, "{r:?}");
}
