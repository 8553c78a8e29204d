//! The contact list and search on a real store: a page's summaries (read in one batch per side
//! table) equal what each contact's own view says, and one typed letter lists the names that
//! start with it, in name order, before other matches.

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
    for text in [None, Some("a"), Some("an"), Some("e"), Some("example")] {
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
