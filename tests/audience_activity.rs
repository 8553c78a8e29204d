//! Audiences by activity (issue 15): "met at an event in the last 12 months" narrows an
//! audience, and consent and objections still decide first (default deny). Real stores, the
//! activities logged as a salesperson logs them.

mod common;

use common::*;
use rapport::domain::activity::Kind;
use rapport::domain::audience::{ActivityCriterion, Exclusion};
use rapport::domain::{
    Channel, ConsentSource, ContactDraft, ContactId, ObjectionScope, PrefAssignment,
};
use rapport::privacy::activities::{self, Log};
use rapport::privacy::audience::{self, Request};
use rapport::privacy::{consent, contacts, restrict};
use std::collections::BTreeMap;

/// A person who consented to event invitations and attended an event `days_ago`.
fn met_at_event(t: &mut TestStore, given: &str, days_ago: i64) -> ContactId {
    let d = emailable(given);
    let id = contacts::create(&mut t.store, d, now() - days(800)).unwrap();
    let g = consent::Given {
        purpose: "Event invitations".into(),
        source: ConsentSource::parse("web-form"),
        given_at: Some(now() - days(500)),
        expires_at: Some(now() + days(300)),
        wording_version: None,
    };
    consent::give(&mut t.store, id, &g, now()).unwrap();
    let log = Log {
        people: vec![id],
        kind: Kind::Event,
        outcome: "interested".into(),
        on: Some(now() - days(days_ago)),
        purpose: None,
        organisation: None,
        follow_up: None,
        preferences: vec![],
        consent: None,
    };
    activities::log(&mut t.store, &log, now()).unwrap();
    id
}

/// A contact who accepts email.
fn emailable(given: &str) -> ContactDraft {
    let mut d = draft(
        given,
        "Exempel",
        &format!("{}@example.com", given.to_lowercase()),
    );
    d.preferences
        .apply(&PrefAssignment::parse("channels=email").unwrap());
    d
}

fn request(activity: Option<ActivityCriterion>) -> Request {
    Request {
        purpose: "Event invitations".into(),
        channel: Channel::Email,
        interests: vec![],
        include_unknown: true,
        activity,
    }
}

const EVENTS_12_MONTHS: ActivityCriterion = ActivityCriterion {
    kind: Some(Kind::Event),
    within_months: 12,
};

#[test]
fn met_at_an_event_in_the_last_12_months_with_consent_and_no_objection() {
    let mut t = TestStore::new();
    let recent = met_at_event(&mut t, "Recent", 90);
    let _long_ago = met_at_event(&mut t, "Longago", 14 * 30 + 5);
    let objected = met_at_event(&mut t, "Objected", 30);
    restrict::object(&mut t.store, objected, ObjectionScope::All, now()).unwrap();
    // Met last month, but never consented: default deny.
    let d = emailable("Noconsent");
    let no_consent = contacts::create(&mut t.store, d, now() - days(100)).unwrap();
    let log = Log {
        people: vec![no_consent],
        kind: Kind::Event,
        outcome: "interested".into(),
        on: Some(now() - days(20)),
        purpose: None,
        organisation: None,
        follow_up: None,
        preferences: vec![],
        consent: None,
    };
    activities::log(&mut t.store, &log, now()).unwrap();

    let a = audience::build(&t.store, &request(Some(EVENTS_12_MONTHS)), now()).unwrap();
    let ids: Vec<ContactId> = a.included.iter().map(|m| m.id).collect();
    assert_eq!(ids, vec![recent]);
    assert_eq!(a.included[0].address.as_deref(), Some("recent@example.com"));
    let expected: BTreeMap<Exclusion, usize> = [
        (Exclusion::NoRecentActivity, 1),
        (Exclusion::Objected, 1),
        (Exclusion::NoLegalBasis, 1),
    ]
    .into();
    assert_eq!(a.excluded, expected);
    // The preview decides the same.
    let p = audience::preview(&t.store, &request(Some(EVENTS_12_MONTHS)), now(), 1).unwrap();
    assert_eq!((p.total, &p.excluded), (1, &a.excluded));

    // Without the criterion the one met long ago is in again; with 24 months too.
    let all = audience::build(&t.store, &request(None), now()).unwrap();
    assert_eq!(all.total, 2);
    let two_years = ActivityCriterion {
        within_months: 24,
        ..EVENTS_12_MONTHS
    };
    assert_eq!(
        audience::build(&t.store, &request(Some(two_years)), now())
            .unwrap()
            .total,
        2
    );
    // Another kind: nobody had a call.
    let calls = ActivityCriterion {
        kind: Some(Kind::Call),
        ..EVENTS_12_MONTHS
    };
    let none = audience::build(&t.store, &request(Some(calls)), now()).unwrap();
    assert_eq!(none.total, 0);
    assert_eq!(none.excluded[&Exclusion::NoRecentActivity], 2);
    // Any kind in the last 12 months.
    let any = ActivityCriterion {
        kind: None,
        ..EVENTS_12_MONTHS
    };
    assert_eq!(
        audience::build(&t.store, &request(Some(any)), now())
            .unwrap()
            .total,
        1
    );
}
