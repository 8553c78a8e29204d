//! Export then import is the identity for what each format carries: contacts whose names,
//! organisation and title come from the Big List of Naughty Strings (../shared/realdata/blns.json)
//! and random Unicode go through vcard_out (4.0 and 3.0) → vcard_in and csv_out → csv_in and
//! come back with the same names, organisation, title and contact points (labels, preference).

use proptest::prelude::*;
use proptest::sample::select;
use rapport::domain::{
    Contact, ContactDraft, ContactId, ContactPoint, Instant, PointKind, PointLabel,
};
use rapport::exchange::record::{Item, Parsed};
use rapport::exchange::vcard_out::{self, Version};
use rapport::exchange::{csv_in, csv_out, vcard_in};

mod realdata;

/// The Big List of Naughty Strings, or `None` when the corpus is absent (see `realdata`).
fn blns() -> Option<Vec<String>> {
    let path = realdata::root()?.join("blns.json");
    let text = std::fs::read_to_string(&path).expect("blns.json is in the corpus");
    Some(serde_json::from_str(&text).expect("blns.json is a list of strings"))
}

/// A few strings of the same kinds (quotes, separators, escapes, RTL, combining marks, emoji)
/// for the property test when the corpus is absent, so that it still runs on a fresh clone.
fn own_naughty_strings() -> Vec<String> {
    [
        "",
        " ",
        "\"",
        "a;b,c",
        "x:y",
        "back\\slash",
        "=0D=0A",
        "line\nbreak",
        "tab\there",
        "\u{202e}rtl",
        "e\u{301}",
        "\u{200b}zero-width",
        "🎉",
        "Ñ Bergström",
        "null",
        "1e308",
    ]
    .map(String::from)
    .to_vec()
}

fn now() -> Instant {
    chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("a valid instant")
}

/// Names, organisation and title exactly as they appear in a contact (`from_draft` trims them;
/// the display name falls back to the names, organisation or first email).
type Shape = (
    String,
    String,
    String,
    String,
    String,
    Vec<(PointKind, PointLabel, bool, String)>,
);

fn shape(c: &Contact) -> Shape {
    let points = c
        .points
        .iter()
        .map(|p| (p.kind, p.label, p.preferred, p.value.clone()))
        .collect();
    (
        c.display_name.clone(),
        c.given_name.clone(),
        c.family_name.clone(),
        c.organisation.clone(),
        c.title.clone(),
        points,
    )
}

/// What vCard can carry: `vcard_out::escape` drops carriage returns (a bare CR is no line end
/// in vCard text), so a name with a CR inside comes back without it. Nothing else changes:
/// values were trimmed by `from_draft`, and CR cannot be first or last in a trimmed string.
fn vcard_shape(c: &Contact) -> Shape {
    let mut s = shape(c);
    for field in [&mut s.0, &mut s.1, &mut s.2, &mut s.3, &mut s.4] {
        field.retain(|ch| ch != '\r');
    }
    s
}

fn reimport(items: impl Iterator<Item = Item>) -> Vec<Contact> {
    items
        .map(|item| match item {
            Item::Contact(Parsed { draft, .. }) => {
                Contact::from_draft(ContactId::random(), draft, now())
            }
            other => panic!("{other:?}"),
        })
        .collect()
}

fn via_vcard(contacts: &[Contact], version: Version) -> Vec<Contact> {
    let text: String = contacts
        .iter()
        .map(|c| vcard_out::write(c, version))
        .collect();
    reimport(vcard_in::parse(&text).expect("our own vCard output is a vCard"))
}

fn via_csv(contacts: &[Contact]) -> Vec<Contact> {
    let text = csv_out::write(contacts);
    reimport(csv_in::parse(&text).expect("our own CSV output has understood headers"))
}

fn assert_round_trips(contacts: &[Contact]) {
    let want_v: Vec<Shape> = contacts.iter().map(vcard_shape).collect();
    for version in [Version::V4, Version::V3] {
        let got: Vec<Shape> = via_vcard(contacts, version).iter().map(shape).collect();
        assert_eq!(got, want_v, "vCard {version:?}");
    }
    // CSV keeps every character (quoted cells hold CR and LF; formula-like cells are defused
    // and restored). Its columns group points by kind (all emails, then phones, addresses,
    // websites), so the order across kinds is the column order; within a kind it is kept.
    let by_kind = |c: &Contact| {
        let mut s = shape(c);
        s.5.sort_by_key(|p| p.0);
        s
    };
    let want_c: Vec<Shape> = contacts.iter().map(by_kind).collect();
    let got: Vec<Shape> = via_csv(contacts).iter().map(shape).collect();
    assert_eq!(got, want_c, "CSV");
}

fn contact(names: [String; 5], points: Vec<ContactPoint>) -> Contact {
    let [given_name, family_name, display_name, organisation, title] = names;
    let draft = ContactDraft {
        given_name,
        family_name,
        display_name,
        organisation,
        title,
        points,
        ..Default::default()
    };
    Contact::from_draft(ContactId::random(), draft, now())
}

fn email(n: usize) -> ContactPoint {
    ContactPoint::new(
        PointKind::Email,
        PointLabel::Work,
        format!("person{n}@example.com"),
    )
}

#[test]
fn every_naughty_string_round_trips_in_every_name_field() {
    let Some(list) = blns() else { return };
    assert_eq!(list.len(), 515);
    let contacts: Vec<Contact> = list
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let other = &list[(i + 1) % list.len()];
            contact(
                [
                    s.clone(),
                    other.clone(),
                    s.clone(),
                    other.clone(),
                    s.clone(),
                ],
                vec![email(i)],
            )
        })
        .collect();
    assert_round_trips(&contacts);
}

#[test]
fn free_text_phones_and_odd_labels_round_trip() {
    let mut pref = ContactPoint::new(
        PointKind::Phone,
        PointLabel::Mobile,
        "ask Jenny for Lisa's number",
    );
    pref.preferred = true;
    let points = vec![
        pref,
        ContactPoint::new(
            PointKind::Phone,
            PointLabel::Other,
            "+1 (555) 010-0199 ext. 7",
        ),
        ContactPoint::new(PointKind::Phone, PointLabel::Home, "=1+1"),
        ContactPoint::new(
            PointKind::Address,
            PointLabel::Home,
            "Storgatan 1; 2 tr\n111 22 Stockholm, Sweden",
        ),
        ContactPoint::new(
            PointKind::Web,
            PointLabel::Work,
            "https://example.com/a?b=c",
        ),
        email(1),
    ];
    let names = [
        "Åsa".into(),
        "Ström".into(),
        String::new(),
        "=HYPERLINK(\"x\")".into(),
        "-2+3".into(),
    ];
    assert_round_trips(&[contact(names, points)]);
}

fn text(list: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(list),
        3 => any::<String>(),
        2 => "[\\p{L}\\p{M} '.,;:\\\\-]{0,24}",
        1 => Just(String::new()),
    ]
}

fn point() -> impl Strategy<Value = ContactPoint> {
    let value = prop_oneof![
        (
            Just(PointKind::Email),
            "[a-z0-9._%+-]{1,16}@[a-z0-9-]{1,12}\\.example"
        ),
        (Just(PointKind::Phone), "\\+?[0-9][0-9 ()./-]{3,18}[0-9]"),
        (
            Just(PointKind::Address),
            "[\\p{L}0-9][\\p{L}0-9 ,;.\n-]{0,30}[\\p{L}0-9]"
        ),
        (
            Just(PointKind::Web),
            "https://[a-z]{1,10}\\.example/[a-z0-9]{0,8}"
        ),
    ];
    (value, select(PointLabel::ALL.to_vec()), any::<bool>()).prop_map(
        |((kind, value), label, preferred)| {
            let mut p = ContactPoint::new(kind, label, value);
            p.preferred = preferred;
            p
        },
    )
}

fn contacts() -> impl Strategy<Value = Vec<Contact>> {
    let list = blns().unwrap_or_else(own_naughty_strings);
    let names = [
        text(list.clone()),
        text(list.clone()),
        text(list.clone()),
        text(list.clone()),
        text(list),
    ];
    let one = (names, prop::collection::vec(point(), 0..6), 0..1000usize)
        // One email at least, so that every record has something an importer can hold on to.
        .prop_map(|(names, mut points, n)| {
            points.push(email(n));
            contact(names, points)
        });
    prop::collection::vec(one, 1..4)
}

proptest! {
    // No regression file: failures print the minimal input, which goes into a named test here.
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_is_the_identity(contacts in contacts()) {
        assert_round_trips(&contacts);
    }

    #[test]
    fn importers_never_panic_on_arbitrary_text(text in any::<String>()) {
        if let Ok(items) = vcard_in::parse(&text) {
            items.for_each(drop);
        }
        if let Ok(items) = csv_in::parse(&text) {
            items.for_each(drop);
        }
    }

    #[test]
    fn importers_never_panic_on_mangled_cards(cut in 0..400usize, junk in "[\\PC\r\n;:=,\\\\\"^]{0,12}") {
        let card = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=\r\n=20x;y\r\n\
                    item1.TEL;TYPE=\"cell,pref\";X-P=a^nb:tel:+1\r\nitem1.X-ABLabel:_$!<Work>!$_\r\nEND:VCARD\r\n";
        let at = card.char_indices().map(|(i, _)| i).nth(cut % card.chars().count()).unwrap_or(0);
        let text = format!("{}{junk}{}", &card[..at], &card[at..]);
        for item in vcard_in::parse(&text).into_iter().flatten() {
            let _ = item.line();
        }
    }
}
