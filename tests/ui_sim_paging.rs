//! Headless GUI tests (iced_test simulator, real store) of the contact list past its first
//! pages: with more than 5,000 contacts (the demo generator) the list counts every contact,
//! loads only the pages near the window, End reaches the last contact, Up/Down and Enter work
//! across pages, and search and the filter chips still cover the whole store.

mod ui_support;

use iced::keyboard::{Key, key::Named};
use rapport::domain::{ConsentStatus, ContactId};
use rapport::privacy;
use rapport::privacy::contacts::ListFilter;
use rapport::ui::screen::{contacts::Message as C, workspace::Message as W};
use rapport::ui::{Message, text};
use ui_support::*;

const DEMO: usize = 5_200;

/// The contact at position `i` of the unfiltered list (name order), as the store has it.
fn nth(f: &Fixture, i: usize) -> (ContactId, String) {
    let s = open_store(f);
    let page =
        privacy::contacts::page(&s, i, 1, &ListFilter::default(), chrono::Utc::now()).unwrap();
    let row = page
        .rows
        .into_iter()
        .next()
        .expect("a row at that position");
    (row.id, row.name)
}

fn big() -> Fixture {
    let f = fixture(0);
    let mut s = open_store(&f);
    privacy::demo::generate(&mut s, DEMO, 7, chrono::Utc::now(), |_, _| {}).unwrap();
    f
}

#[test]
fn end_reaches_the_last_of_more_than_5000_contacts_and_enter_opens_it() {
    let f = big();
    let total = DEMO + 3;
    let mut app = unlocked(&f);
    let list = workspace(&app).contacts();
    assert_eq!(list.len(), total, "the list counts every contact");
    assert!(list.rows().count() <= 100, "only the first page is loaded");
    assert!(shows(&app, text::shown(total, false)));

    let (last_id, last_name) = nth(&f, total - 1);
    assert!(
        !shows(&app, &last_name),
        "the last contact is not on the first screen"
    );
    send_message(&mut app, key_press(Key::Named(Named::End)));
    assert!(shows(&app, &last_name), "End shows the last contact");
    assert_eq!(workspace(&app).contacts().selected(), Some(last_id));
    assert!(
        workspace(&app).contacts().rows().count() < 500,
        "only the pages near the window are loaded"
    );

    // Up crosses back into the previous page; Enter opens the selected contact.
    for _ in 0..60 {
        send_message(&mut app, key_press(Key::Named(Named::ArrowUp)));
    }
    let (id, name) = nth(&f, total - 61);
    assert_eq!(workspace(&app).contacts().selected(), Some(id));
    assert!(shows(&app, &name));
    send_message(&mut app, key_press(Key::Named(Named::Enter)));
    assert_eq!(workspace(&app).open_contact(), Some(id));

    // Home goes back to the first contact, Down to the second.
    send_message(&mut app, key_press(Key::Named(Named::Home)));
    send_message(&mut app, key_press(Key::Named(Named::ArrowDown)));
    assert_eq!(workspace(&app).contacts().selected(), Some(nth(&f, 1).0));
}

#[test]
fn search_and_chips_cover_the_whole_store() {
    let f = big();
    let mut app = unlocked(&f);

    // The fixture's own contacts sort among the demo names, not necessarily on the first page.
    let search = |q: &str| Message::Workspace(W::Contacts(C::SearchChanged(q.into())));
    send_message(&mut app, search("cecilia sails"));
    assert_eq!(listed_names(&app), vec!["Cecilia Carlsson".to_string()]);
    send_message(&mut app, search(""));

    // A chip keeps only its status, across all contacts: the filtered list loads in order,
    // and every row loaded passes the chip.
    let s = open_store(&f);
    let filter = ListFilter {
        statuses: vec![ConsentStatus::Withdrawn],
        ..ListFilter::default()
    };
    let mut expected = 0;
    let mut from = Some(0);
    while let Some(at) = from {
        let page = privacy::contacts::page(&s, at, 500, &filter, chrono::Utc::now()).unwrap();
        assert!(
            page.rows
                .iter()
                .all(|r| r.status == ConsentStatus::Withdrawn)
        );
        expected += page.rows.len();
        from = page.next;
    }
    assert!(expected > 0, "the demo data has withdrawn consents");
    click(&mut app, text::status(ConsentStatus::Withdrawn));
    let list = workspace(&app).contacts();
    assert!(!list.is_empty() && list.len() <= expected);
    assert!(
        list.rows().all(|r| r.status == ConsentStatus::Withdrawn),
        "a chip keeps only its status"
    );
    // End walks to the last match, loading the rest as the window reaches it.
    for _ in 0..expected {
        send_message(&mut app, key_press(Key::Named(Named::End)));
        if workspace(&app).contacts().len() == expected && !shows(&app, text::shown(expected, true))
        {
            break;
        }
    }
    assert_eq!(workspace(&app).contacts().len(), expected);
    assert!(shows(&app, text::shown(expected, false)));
}
