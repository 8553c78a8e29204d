//! Convergence of the team merge on real stores: 3 and 5 replicas (real SQLCipher files in temp
//! dirs, each a member of one team), hundreds of random operations through the use-cases
//! (add, edit the same and different fields, consents given and withdrawn, objections,
//! restriction, erasures, activities logged and follow-ups worked), batches of changes delivered in random order, duplicated and late.
//! Every replica must end with the same canonical dump, erased people on none of them, and
//! an import of an erased person's address flagged on every replica.

mod common;

use common::{TestStore, draft};
use rapport::domain::activity::Kind;
use rapport::domain::{ConsentSource, ContactId, ObjectionScope, ProofKind};
use rapport::privacy::activities::{self, Log, Step};
use rapport::privacy::contacts::{self, Edit};
use rapport::privacy::erasure::{self, Reason};
use rapport::privacy::team::apply::{apply_changes, unpublished};
use rapport::privacy::{consent, restrict};
use rapport::store::{self, team::NewMembership, team::State};
use rapport::team::change::Change;

struct Replica {
    t: TestStore,
    known: Vec<ContactId>,
}

fn wall() -> rapport::domain::Instant {
    chrono::Utc::now()
}

fn replicas(n: usize) -> Vec<Replica> {
    let team_key = [9u8; 32];
    (0..n)
        .map(|i| {
            let mut t = TestStore::new();
            t.store
                .write(|tx| {
                    store::team::join(
                        tx,
                        &NewMembership {
                            team_id: [1; 16],
                            name: "Team",
                            folder: std::path::Path::new("/nonexistent.invalid"),
                            device_id: [i as u8 + 1; 16],
                            member_id: [i as u8 + 1; 16],
                            device_keys: &[0; 64],
                            team_key: Some(&team_key),
                            state: State::Active,
                        },
                    )?;
                    store::changes::record_everything(tx).map(|_| ())
                })
                .unwrap();
            Replica {
                t,
                known: Vec::new(),
            }
        })
        .collect()
}

/// Cuts a replica's unpublished changes into a batch (what a segment carries).
fn publish(r: &mut Replica) -> Option<Vec<Change>> {
    let batch = unpublished(&r.t.store).unwrap();
    let upto = batch.iter().map(|c| c.hlc).max()?;
    r.t.store
        .write(|tx| store::team::published(tx, upto, 0, &[], false))
        .unwrap();
    Some(batch)
}

fn deliver(r: &mut Replica, batch: &[Change]) {
    apply_changes(&mut r.t.store, batch, &|_, _| true, wall(), |_| Ok(())).unwrap();
}

fn dump(r: &Replica) -> String {
    r.t.store.read(store::team::canonical_dump).unwrap()
}

/// Ids of the contacts a replica has now (it may act on what it received).
fn refresh_known(r: &mut Replica) {
    r.known = r.t.store.read(store::contacts::all_ids).unwrap();
}

fn random_op(r: &mut Replica, rng: &mut fastrand::Rng, n: &mut usize, erased: &mut Vec<String>) {
    let now = common::now();
    refresh_known(r);
    let pick = |rng: &mut fastrand::Rng, known: &[ContactId]| -> Option<ContactId> {
        (!known.is_empty()).then(|| known[rng.usize(..known.len())])
    };
    match rng.u8(..116) {
        100..=109 => {
            // team-everyday: a call with one or two people, sometimes with a follow-up.
            let Some(id) = pick(rng, &r.known) else {
                return;
            };
            let mut people = vec![id];
            if let Some(other) = pick(rng, &r.known)
                && other != id
                && rng.bool()
            {
                people.push(other);
            }
            let log = Log {
                people,
                kind: Kind::Call,
                outcome: if rng.bool() { "interested" } else { "not_now" }.into(),
                on: None,
                purpose: None,
                organisation: None,
                follow_up: rng.bool().then(|| (now + chrono::Duration::days(2), None)),
                preferences: vec![],
                consent: None,
            };
            let _ = activities::log(&mut r.t.store, &log, now);
        }
        110..=115 => {
            // A follow-up snoozed, done or cancelled (the same one on several replicas).
            let Some(id) = pick(rng, &r.known) else {
                return;
            };
            let Ok((_, fus)) = activities::of_contact(&r.t.store, id) else {
                return;
            };
            let Some(f) = fus.first() else { return };
            let step = match rng.u8(..3) {
                0 => Step::Snooze(rng.i64(1..5)),
                1 => Step::Done,
                _ => Step::Cancel,
            };
            let _ = activities::step(&mut r.t.store, f.id, step, now);
        }
        0..=24 => {
            *n += 1;
            let email = format!("p{n}@example.com");
            contacts::create(
                &mut r.t.store,
                draft(&format!("Given{n}"), "Family", &email),
                now,
            )
            .unwrap();
        }
        25..=44 => {
            let Some(id) = pick(rng, &r.known) else {
                return;
            };
            // The same field on every replica: concurrent edits conflict.
            let edit = Edit {
                title: Some(format!("Title {}", rng.u16(..1000))),
                ..Edit::default()
            };
            let _ = contacts::rectify(&mut r.t.store, id, &edit, now);
        }
        45..=59 => {
            let Some(id) = pick(rng, &r.known) else {
                return;
            };
            let edit = if rng.bool() {
                Edit {
                    organisation: Some(format!("Org {}", rng.u16(..1000))),
                    ..Edit::default()
                }
            } else {
                Edit {
                    emails: Some(vec![format!("q{}@example.com", rng.u16(..1000))]),
                    ..Edit::default()
                }
            };
            let _ = contacts::rectify(&mut r.t.store, id, &edit, now);
        }
        60..=71 => {
            let Some(id) = pick(rng, &r.known) else {
                return;
            };
            let g = consent::Given {
                purpose: "Newsletter".into(),
                source: ConsentSource {
                    kind: ProofKind::WebForm,
                    reference: format!("form {}", rng.u16(..100)),
                },
                given_at: Some(now - chrono::Duration::minutes(rng.i64(1..10_000))),
                expires_at: None,
                wording_version: None,
            };
            let _ = consent::give(&mut r.t.store, id, &g, now);
        }
        72..=79 => {
            let Some(id) = pick(rng, &r.known) else {
                return;
            };
            let _ = consent::withdraw(&mut r.t.store, id, "Newsletter", now);
        }
        80..=87 => {
            let Some(id) = pick(rng, &r.known) else {
                return;
            };
            let scope = if rng.bool() {
                ObjectionScope::All
            } else {
                ObjectionScope::parse("email").unwrap()
            };
            let _ = restrict::object(&mut r.t.store, id, scope, now);
        }
        88..=93 => {
            let Some(id) = pick(rng, &r.known) else {
                return;
            };
            let on = rng.bool();
            let _ = restrict::set_restricted(&mut r.t.store, id, on, now);
        }
        _ => {
            let Some(id) = pick(rng, &r.known) else {
                return;
            };
            if erasure::erase(&mut r.t.store, id, Reason::SubjectRequest, now).is_ok() {
                erased.push(id.to_string());
            }
        }
    }
}

fn converge(n_replicas: usize, ops: usize, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut rs = replicas(n_replicas);
    let mut network: Vec<Vec<Change>> = Vec::new();
    let mut n = 0;
    let mut erased = Vec::new();
    for _ in 0..ops {
        let i = rng.usize(..n_replicas);
        match rng.u8(..10) {
            0..=5 => random_op(&mut rs[i], &mut rng, &mut n, &mut erased),
            6..=7 => {
                if let Some(b) = publish(&mut rs[i]) {
                    network.push(b);
                }
            }
            _ => {
                // Some batch, any batch: old ones again, out of order.
                if !network.is_empty() {
                    let b = network[rng.usize(..network.len())].clone();
                    deliver(&mut rs[i], &b);
                }
            }
        }
    }
    for r in rs.iter_mut() {
        if let Some(b) = publish(r) {
            network.push(b);
        }
    }
    for r in rs.iter_mut() {
        let mut order: Vec<usize> = (0..network.len()).collect();
        rng.shuffle(&mut order);
        // Everything, in a shuffled order, then a few again (duplicates change nothing).
        for &k in order.iter().chain(order.iter().take(3)) {
            deliver(r, &network[k]);
        }
    }
    // Applying must not have produced new local changes (no echo).
    for r in rs.iter_mut() {
        assert!(
            publish(r).is_none(),
            "applying remote changes recorded local ones"
        );
    }
    let first = dump(&rs[0]);
    let count = |what: &str| first.lines().filter(|l| l.starts_with(what)).count();
    // The run did something of every kind (a test that cannot fail proves nothing).
    assert!(
        count("contact ") > 50,
        "too few contact fields: {}",
        count("contact ")
    );
    assert!(count("consent ") > 5, "too few consent fields");
    assert!(first.contains("objection:"), "no objections");
    assert!(first.contains("withdrawn_at 1"), "no withdrawals");
    assert!(!erased.is_empty(), "no erasures");
    assert!(count("activity ") > 3, "too few activities");
    assert!(count("follow_up ") > 0, "no follow-ups");
    eprintln!(
        "seed {seed}: {} contact fields, {} consent fields, {} activities, {} follow-ups, {} erased, {} batches",
        count("contact "),
        count("consent "),
        count("activity "),
        count("follow_up "),
        erased.len(),
        network.len()
    );
    for (i, r) in rs.iter().enumerate().skip(1) {
        let other = dump(r);
        if other != first {
            let a: Vec<&str> = first.lines().collect();
            let b: Vec<&str> = other.lines().collect();
            let only_a: Vec<_> = a.iter().filter(|l| !b.contains(l)).take(5).collect();
            let only_b: Vec<_> = b.iter().filter(|l| !a.contains(l)).take(5).collect();
            panic!(
                "seed {seed}: replica {i} differs from replica 0:\n0 only: {only_a:#?}\n{i} only: {only_b:#?}"
            );
        }
    }
    for id in &erased {
        // Nothing of theirs: no follow-up (`CONTACT/UID`), no link to an activity.
        assert!(
            !first.contains(&format!("{id}/")),
            "a follow-up of an erased person"
        );
        assert!(
            !first
                .lines()
                .any(|l| l.starts_with("activity ") && l.contains(id.as_str())),
            "an activity still links an erased person"
        );
        for r in &rs {
            assert!(!first.contains(&format!("contact {id}")));
            let cid = ContactId::parse(id).unwrap();
            assert!(
                !r.t.store
                    .read(|tx| store::contacts::exists(tx, cid))
                    .unwrap()
            );
            assert!(
                r.t.store
                    .read(|tx| store::erasure::tombstone(tx, cid))
                    .unwrap()
                    .is_some()
            );
        }
    }
}

#[test]
fn three_replicas_converge_whatever_the_order() {
    for seed in 1..=3 {
        converge(3, 400, seed);
    }
}

#[test]
fn five_replicas_converge_whatever_the_order() {
    for seed in 11..=12 {
        converge(5, 500, seed);
    }
}

/// An erasure against a concurrent edit, and against a laptop that was offline for a
/// (simulated) year with its own edits of the person: gone everywhere, re-import flagged.
#[test]
fn an_erasure_beats_a_concurrent_edit_and_a_year_offline() {
    let now = common::now();
    let mut rs = replicas(3);
    let id = contacts::create(
        &mut rs[0].t.store,
        draft("Erin", "Erased", "erin.erased@example.com"),
        now,
    )
    .unwrap();
    let first = publish(&mut rs[0]).unwrap();
    deliver(&mut rs[1], &first);
    deliver(&mut rs[2], &first);
    // Replica 2 goes offline and keeps editing the person for a year.
    let mut offline = Vec::new();
    for k in 0..12 {
        let edit = Edit {
            title: Some(format!("Month {k}")),
            ..Edit::default()
        };
        contacts::rectify(&mut rs[2].t.store, id, &edit, now + common::days(30 * k)).unwrap();
        offline.push(publish(&mut rs[2]).unwrap());
    }
    // Replica 1 edits at the same time as replica 0 erases.
    let edit = Edit {
        organisation: Some("Concurrent Org".into()),
        ..Edit::default()
    };
    contacts::rectify(&mut rs[1].t.store, id, &edit, now).unwrap();
    let concurrent = publish(&mut rs[1]).unwrap();
    erasure::erase(&mut rs[0].t.store, id, Reason::SubjectRequest, now).unwrap();
    let grave = publish(&mut rs[0]).unwrap();
    deliver(&mut rs[1], &grave);
    deliver(&mut rs[0], &concurrent);
    deliver(&mut rs[2], &concurrent);
    for b in &offline {
        deliver(&mut rs[0], b);
        deliver(&mut rs[1], b);
    }
    deliver(&mut rs[2], &grave);
    for b in offline.iter().rev() {
        deliver(&mut rs[2], b); // late and again: still gone
    }
    for r in rs.iter_mut() {
        assert!(
            !r.t.store
                .read(|tx| store::contacts::exists(tx, id))
                .unwrap()
        );
        assert!(!dump(r).contains("Erin"));
        let fields = r.t.store.read(store::team::field_counts).unwrap();
        assert_eq!(fields.get("tombstone"), Some(&1));
        // The person's address is flagged on every laptop, under the team key.
        let flagged =
            r.t.store
                .read(|tx| {
                    store::erasure::is_suppressed(
                        tx,
                        rapport::domain::PointKind::Email,
                        "erin.erased@example.com",
                    )
                })
                .unwrap();
        assert!(flagged);
        assert!(publish(r).is_none());
    }
}
