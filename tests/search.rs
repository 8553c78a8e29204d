//! The contact list and search on a real store: a page's summaries (read in one batch per side
//! table) equal what each contact's own view says, one typed letter lists the names that start
//! with it, in name order, before other matches, and an address is found by its local part, its
//! domain's name or whole, but not by the domain's ending.

mod common;

use common::*;
use rapport::domain::consent::{nearest_expiry, overall};
use rapport::domain::{ContactDraft, PointKind};
use rapport::privacy::{contacts, demo};
use rapport::store::search::Order;

#[test]
fn summaries_agree_with_each_contacts_view() {
    let mut t = TestStore::new();
    demo::generate(&mut t.store, 300, 11, now(), |_, _| {}).unwrap();
    for text in [None, Some("a"), Some("an"), Some("e"), Some("gmbh")] {
        let list = contacts::list(&t.store, text, 50, Order::Unranked, now()).unwrap();
        assert!(!list.is_empty(), "{text:?}");
        for s in list {
            let v = contacts::load(&t.store, s.id, now()).unwrap();
            let values = |k| {
                v.contact
                    .points_of(k)
                    .map(|p| p.value.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(s.name, v.contact.display_name);
            assert_eq!(s.emails, values(PointKind::Email));
            assert_eq!(s.phones, values(PointKind::Phone));
            assert_eq!(s.status, overall(&v.consents, now()));
            assert_eq!(s.nearest_expiry, nearest_expiry(&v.consents, now()));
            assert_eq!(s.restricted, v.contact.restricted);
            assert_eq!(s.objected, !v.objections.is_empty());
        }
    }
}

fn add(t: &mut TestStore, given: &str, family: &str) {
    let d: ContactDraft = draft(
        given,
        family,
        &format!("{}@example.com", given.to_lowercase()),
    );
    contacts::create(&mut t.store, d, now()).unwrap();
}

#[test]
fn one_letter_lists_names_starting_with_it_first() {
    let mut t = TestStore::new();
    for (g, f) in [
        ("Bo", "Lindqvist"),
        ("lena", "Berg"),
        ("Lars", "Holm"),
        ("Astrid", "Lund"),
        ("Kim", "Nyberg"),
    ] {
        add(&mut t, g, f);
    }
    let names = |text: &str, limit: usize| -> Vec<String> {
        contacts::list(&t.store, Some(text), limit, Order::Unranked, now())
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect()
    };
    // Names starting with the letter (either case), in name order; then the other matches.
    let l = names("L", 50);
    assert_eq!(&l[..2], ["Lars Holm", "lena Berg"]);
    let mut rest = l[2..].to_vec();
    rest.sort();
    assert_eq!(rest, ["Astrid Lund", "Bo Lindqvist"]);
    assert_eq!(names("l", 2), ["Lars Holm", "lena Berg"]);
    assert_eq!(names("l", 3).len(), 3);
    // Nobody's name starts with "n": the index still finds "Nyberg".
    assert_eq!(names("n", 50), ["Kim Nyberg"]);
    assert!(names("q", 50).is_empty());
}

#[test]
fn an_address_is_found_by_its_parts_or_whole_but_not_by_its_ending() {
    let mut t = TestStore::new();
    for (given, family, email) in [
        ("Ann", "Berg", "ann.berg@acme.example.com"),
        ("Bo", "Holm", "bo.holm@nordkap.invalid"),
        ("Cai", "Lund", "cai@acme.example.co.uk"),
    ] {
        contacts::create(&mut t.store, draft(given, family, email), now()).unwrap();
    }
    let names = |text: &str| -> Vec<String> {
        let mut v: Vec<String> = contacts::list(&t.store, Some(text), 50, Order::Unranked, now())
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        v.sort();
        v
    };
    // The local part and the domain's first label are indexed.
    assert_eq!(names("ann.berg"), ["Ann Berg"]);
    assert_eq!(names("acme"), ["Ann Berg", "Cai Lund"]);
    assert_eq!(names("nordk"), ["Bo Holm"]);
    // A pasted address or domain is cut the way addresses are indexed when it finds nothing whole.
    assert_eq!(names("ann.berg@acme.example.com"), ["Ann Berg"]);
    assert_eq!(names("bo.holm@nordkap.invalid"), ["Bo Holm"]);
    assert_eq!(names("@acme.example.co.uk"), ["Ann Berg", "Cai Lund"]);
    assert_eq!(names("cai@acme.ex"), ["Cai Lund"]);
    // The rest of a domain is in nearly every address: not indexed, so it matches nobody.
    for ending in ["example", "com", "invalid", "uk"] {
        assert!(
            names(ending).is_empty(),
            "{ending:?} matched {:?}",
            names(ending)
        );
    }
}
