//! The audience builder reads only what it must (consent records, the index `contact_audience`,
//! names and addresses only for the members it returns); this checks, on randomised stores, that
//! it gives exactly what a straightforward evaluation of the domain rule over every contact
//! gives: the same members with the same addresses, and the same count for every exclusion
//! reason; that the members come in name order; and that a preview decides the same. With an
//! activity criterion too ("an event in the last 12 months"), checked against each contact's
//! own list of activities.

mod common;

use common::*;
use proptest::prelude::*;
use rapport::domain::activity::Kind;
use rapport::domain::audience::{
    ActivityCriterion, Candidate, Exclusion, Query, assess, point_kind_for,
};
use rapport::domain::consent::status_for;
use rapport::domain::{Answer, Channel, ConsentSource, ContactId, Instant, ObjectionScope};
use rapport::privacy::audience::{self, Request};
use rapport::privacy::{consent, demo, restrict};
use rapport::store::{self, Store};
use std::collections::BTreeMap;

const CHANNELS: [Channel; 5] = [
    Channel::Email,
    Channel::Phone,
    Channel::Sms,
    Channel::Post,
    Channel::Meeting,
];

/// Demo contacts, then restrictions, renewals, consents given "tomorrow", withdrawals and
/// objections sprinkled at random, so that every exclusion reason occurs.
fn random_store(seed: u64, n: usize) -> TestStore {
    let mut t = TestStore::new();
    demo::generate(&mut t.store, n, seed, now(), |_, _| {}).unwrap();
    // Two activities a person on average, over the last three years.
    demo::generate_activities(&mut t.store, 2, seed, now(), |_, _| {}).unwrap();
    let ids = t.store.read(store::contacts::all_ids).unwrap();
    let mut r = fastrand::Rng::with_seed(seed);
    let purposes = ["Newsletter", "Event invitations"];
    // The first contact gave and withdrew both consents, so that "withdrawn" occurs even in
    // a small store.
    for purpose in purposes {
        let g = consent::Given {
            purpose: purpose.into(),
            source: ConsentSource::parse("web-form"),
            given_at: Some(now() - days(30)),
            expires_at: Some(now() + days(300)),
            wording_version: None,
        };
        consent::give(&mut t.store, ids[0], &g, now()).unwrap();
        consent::withdraw(&mut t.store, ids[0], purpose, now()).unwrap();
    }
    for &id in &ids[1..] {
        let purpose = purposes[r.usize(..2)];
        match r.u8(..12) {
            0 => {
                let g = consent::Given {
                    purpose: purpose.into(),
                    source: ConsentSource::parse("web-form"),
                    given_at: Some(now() - days(r.i64(0..400))),
                    expires_at: Some(now() + days(r.i64(-30..400))),
                    wording_version: None,
                };
                consent::give(&mut t.store, id, &g, now()).unwrap();
            }
            1 => {
                let g = consent::Given {
                    purpose: purpose.into(),
                    source: ConsentSource::parse("web-form"),
                    given_at: Some(now() + chrono::Duration::hours(12)),
                    expires_at: None,
                    wording_version: None,
                };
                consent::give(&mut t.store, id, &g, now()).unwrap();
            }
            2 => drop(consent::withdraw(&mut t.store, id, purpose, now()).unwrap()),
            3 => {
                let scope = ObjectionScope::Channel(CHANNELS[r.usize(..5)]);
                restrict::object(&mut t.store, id, scope, now()).unwrap();
            }
            _ => {}
        }
        if r.u8(..10) == 0 {
            restrict::set_restricted(&mut t.store, id, true, now()).unwrap();
        }
    }
    t
}

/// No criterion, events in the last 12 months, any activity in the last 6.
const ACTIVITIES: [Option<ActivityCriterion>; 3] = [
    None,
    Some(ActivityCriterion {
        kind: Some(Kind::Event),
        within_months: 12,
    }),
    Some(ActivityCriterion {
        kind: None,
        within_months: 6,
    }),
];

type Members = Vec<(ContactId, String, Option<String>)>;

/// The rule applied to every contact, each read whole through the ordinary store functions.
fn reference(s: &Store, req: &Request, now: Instant) -> (Members, BTreeMap<Exclusion, usize>) {
    s.read(|tx| {
        let purpose = store::purposes::by_name(tx, &req.purpose)?.unwrap();
        let months = store::facts::retention_policy(tx)?.customer_months;
        let q = Query {
            purpose: &purpose,
            channel: req.channel,
            interests: &req.interests,
            include_unknown: req.include_unknown,
            activity: req.activity,
        };
        let (mut members, mut excluded) = (Vec::new(), BTreeMap::new());
        for id in store::contacts::all_ids(tx)? {
            let c = store::contacts::get(tx, id)?.unwrap();
            let consents = store::consents::list_for(tx, id)?;
            let objections = store::consents::objections(tx, id)?;
            let kind = point_kind_for(req.channel);
            let mut points: Vec<_> = c.points.iter().filter(|p| Some(p.kind) == kind).collect();
            points.sort_by_key(|p| !p.preferred); // stable: the preferred, else the first added
            let address = points.first().map(|p| p.value.clone());
            let candidate = Candidate {
                stage: c.stage,
                restricted: c.restricted,
                channels: c.preferences.channels,
                last_activity: c
                    .last_contacted_at
                    .map_or(c.created_at, |l| l.max(c.created_at)),
                consent: status_for(&consents, purpose.id, now),
                objections: objections.into_iter().map(|(o, _)| o).collect(),
                interests: req
                    .interests
                    .iter()
                    .map(|i| {
                        c.preferences
                            .interests
                            .get(i)
                            .copied()
                            .unwrap_or(Answer::Unknown)
                    })
                    .collect(),
                has_address: kind.is_none() || address.is_some(),
                had_activity: false,
            };
            let had_activity = match req.activity {
                Some(criterion) => {
                    store::activities::for_contact(tx, store::contacts::seq(tx, id)?)?
                        .iter()
                        .any(|a| criterion.matches(a.kind, a.on, now))
                }
                None => false,
            };
            let candidate = Candidate {
                had_activity,
                ..candidate
            };
            match assess(&candidate, &q, months, now) {
                Ok(()) => members.push((id, c.display_name, address)),
                Err(reason) => *excluded.entry(reason).or_default() += 1,
            }
        }
        members.sort();
        Ok::<_, store::StoreError>((members, excluded))
    })
    .unwrap()
}

fn built(s: &Store, req: &Request, now: Instant) -> (Members, BTreeMap<Exclusion, usize>) {
    let a = audience::build(s, req, now).unwrap();
    assert_eq!(a.total, a.included.len());
    // In the order of the contact list: by name, ASCII letters without case.
    let keys: Vec<String> = a
        .included
        .iter()
        .map(|m| m.name.to_ascii_lowercase())
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "not in name order");
    // A preview decides the same and shows the first members of the same list.
    let whole = |m: &audience::Member| (m.id, m.name.clone(), m.address.clone());
    for shown in [0, 3] {
        let p = audience::preview(s, req, now, shown).unwrap();
        assert_eq!((p.total, &p.excluded), (a.total, &a.excluded));
        let first: Members = a.included.iter().take(shown).map(whole).collect();
        assert_eq!(p.included.iter().map(whole).collect::<Members>(), first);
    }
    let mut members: Members = a
        .included
        .into_iter()
        .map(|m| (m.id, m.name, m.address))
        .collect();
    members.sort();
    (members, a.excluded)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    #[test]
    fn fast_audience_equals_the_rule_over_every_contact(seed in any::<u64>(), n in 40usize..120) {
        let t = random_store(seed, n);
        let purposes = t.store.read(store::purposes::list).unwrap();
        let interest_sets: [&[&str]; 2] = [&[], &["golf", "wine"]];
        let mut seen = std::collections::BTreeSet::new();
        for p in &purposes {
            for channel in CHANNELS {
                for interests in interest_sets {
                    for include_unknown in [false, true] {
                        for at in [now(), now() + days(200)] {
                            for activity in ACTIVITIES {
                                let req = Request {
                                    purpose: p.name.clone(),
                                    channel,
                                    interests: interests.iter().map(|s| s.to_string()).collect(),
                                    include_unknown,
                                    activity,
                                };
                                let expected = reference(&t.store, &req, at);
                                seen.extend(expected.1.keys().copied());
                                prop_assert_eq!(built(&t.store, &req, at), expected, "{:?}", req);
                            }
                        }
                    }
                }
            }
        }
        // The randomised stores do reach every reason (else the comparison proves less).
        prop_assert_eq!(seen.len(), 10, "reasons seen: {:?}", seen);
    }
}
