//! Organisations (issue 15) as a user meets them: `--org` links two people of one firm to one
//! organisation, its page lists both with their consent badges, search finds it, a rename
//! reaches its people, and erasing a person leaves the firm's organisation — while a firm name
//! that only one erased person's record held leaves no trace on disk.

mod common;

use common::cli_team::{ok, rapport};
use common::*;
use rapport::domain::ConsentSource;
use rapport::domain::organisation::OrganisationDraft;
use rapport::privacy::{consent, contacts, erasure, organisations};
use rapport::store::search::Order;
use serde_json::Value;
use std::path::Path;

fn fails(dir: &Path, args: &[&str]) -> String {
    let out = rapport(dir, args);
    assert!(!out.status.success(), "{args:?} should have failed");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, args)).unwrap()
}

#[test]
fn two_people_added_with_one_org_are_one_organisation_and_its_page_lists_both() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    ok(&dir, &["init"]);
    let a = ok(
        &dir,
        &[
            "add",
            "--given",
            "Astrid",
            "--family",
            "Lindqvist",
            "--email",
            "astrid@vindhamn.example.com",
            "--org",
            "Vindhamn AB",
            "--title",
            "Inköpschef",
        ],
    );
    let b = ok(
        &dir,
        &[
            "add",
            "--given",
            "Bertil",
            "--family",
            "Åkesson",
            "--email",
            "bertil@vindhamn.example.com",
            "--org",
            "  vindhamn ab ",
        ],
    );
    let (a, b) = (a.trim(), b.trim());

    let list = json(&dir, &["org", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1, "one organisation for both: {list:?}");
    assert_eq!(list[0]["name"], "Vindhamn AB");
    assert_eq!(list[0]["people"], 2);

    let page = json(&dir, &["org", "show", "Vindhamn AB", "--json"]);
    let ids: Vec<&str> = page["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&a) && ids.contains(&b), "{ids:?}");
    assert_eq!(page["people"][0]["title"], "Inköpschef");
    // The second person's row takes the organisation's spelling.
    let shown = json(&dir, &["show", b, "--json"]);
    assert_eq!(shown["organisation"], "Vindhamn AB", "{shown}");

    // Search finds organisations by name and number; the page opens by number too.
    ok(
        &dir,
        &[
            "org",
            "edit",
            "vindhamn ab",
            "--number",
            "556677-8899",
            "--industry",
            "manufacturing",
            "--web",
            "https://vindhamn.example.com",
        ],
    );
    let found = json(&dir, &["org", "list", "--search", "vindh", "--json"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["industry"], "manufacturing");
    let by_number = json(&dir, &["org", "list", "--search", "556677", "--json"]);
    assert_eq!(by_number.as_array().unwrap().len(), 1);
    assert!(
        json(
            &dir,
            &["org", "list", "--search", "nothing-like-it", "--json"]
        )
        .as_array()
        .unwrap()
        .is_empty()
    );
    let page = json(&dir, &["org", "show", "556677-8899", "--json"]);
    assert_eq!(page["industry_label"], "Manufacturing");

    // Bad input: one sentence, nothing changed.
    let err = fails(
        &dir,
        &["org", "edit", "Vindhamn AB", "--industry", "astrology"],
    );
    assert!(
        err.contains("industry is not in the firm's vocabulary"),
        "{err}"
    );
    let err = fails(&dir, &["org", "add", "Vindhamn ab"]);
    assert!(err.contains("exists already"), "{err}");
    let err = fails(&dir, &["org", "show", "No Such Firm"]);
    assert!(err.contains("rapport org list"), "{err}");

    // A rename reaches its people: the contact search finds them under the new name.
    ok(
        &dir,
        &["org", "edit", "Vindhamn AB", "--name", "Vindhamn Group AB"],
    );
    let hits = json(&dir, &["list", "--search", "group", "--json"]);
    assert_eq!(hits.as_array().unwrap().len(), 2, "{hits}");

    // Moving a person to another firm moves them off this page.
    ok(&dir, &["edit", b, "--org", "Fjällhandel Oy"]);
    let page = json(&dir, &["org", "show", "Vindhamn Group AB", "--json"]);
    assert_eq!(page["people"].as_array().unwrap().len(), 1);
    assert_eq!(
        json(&dir, &["org", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // An imported card's ORG links to the organisation of that name.
    let card = tmp.path().join("ture.vcf");
    std::fs::write(
        &card,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ture Exempel\r\nN:Exempel;Ture;;;\r\nORG:vindhamn group ab\r\nEMAIL:ture@example.com\r\nEND:VCARD\r\n",
    )
    .unwrap();
    ok(&dir, &["import", card.to_str().unwrap()]);
    let page = json(&dir, &["org", "show", "Vindhamn Group AB", "--json"]);
    assert_eq!(page["people"].as_array().unwrap().len(), 2, "{page}");

    // Export-all writes the organisations (company data) as CSV.
    let out = tmp.path().join("orgs.csv");
    ok(
        &dir,
        &[
            "export-all",
            "--format",
            "csv",
            "--organisations",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.starts_with("Name,Organisation number,Industry"),
        "{csv}"
    );
    assert!(
        csv.contains("Vindhamn Group AB,556677-8899,manufacturing"),
        "{csv}"
    );
    assert!(csv.contains("Fjällhandel Oy"));
}

fn person(t: &mut TestStore, given: &str, org: &str) -> rapport::domain::ContactId {
    let mut d = draft(
        given,
        "Exempelsson",
        &format!("{}@example.com", given.to_lowercase()),
    );
    d.organisation = org.into();
    contacts::create(&mut t.store, d, now()).unwrap()
}

#[test]
fn the_page_shows_consent_badges_and_the_nearest_expiry() {
    let mut t = TestStore::new();
    let a = person(&mut t, "Ingrid", "Kvarnbolaget");
    let _b = person(&mut t, "Johan", "Kvarnbolaget");
    let g = consent::Given {
        purpose: "Newsletter".into(),
        source: ConsentSource::parse("web-form"),
        given_at: Some(now() - days(10)),
        expires_at: Some(now() + days(40)),
        wording_version: None,
    };
    consent::give(&mut t.store, a, &g, now()).unwrap();
    let page = organisations::page(&t.store, "kvarnbolaget", now()).unwrap();
    assert_eq!(page.people.len(), 2);
    let ingrid = page.people.iter().find(|p| p.id == a).unwrap();
    assert_eq!(ingrid.badges.len(), 1);
    assert_eq!(ingrid.badges[0].purpose, "Newsletter");
    assert_eq!(ingrid.nearest_expiry, Some(now() + days(40)));
    let johan = page.people.iter().find(|p| p.id != a).unwrap();
    assert!(johan.badges.is_empty() && johan.nearest_expiry.is_none());
}

#[test]
fn erasing_a_person_leaves_the_firms_organisation_but_not_a_name_only_they_held() {
    let mut t = TestStore::new();
    organisations::add(
        &mut t.store,
        &OrganisationDraft {
            name: Some("Kvarnbolaget".into()),
            org_number: Some("556000-1111".into()),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    let a = person(&mut t, "Ingrid", "Kvarnbolaget");
    let b = person(&mut t, "Johan", "Kvarnbolaget");
    // A sole trader's firm, known only from this one person's record.
    let solo = person(&mut t, "Quintus", "Quintusbyggarna Zenitkonsult");

    erasure::erase(&mut t.store, a, erasure::Reason::SubjectRequest, now()).unwrap();
    let page = organisations::page(&t.store, "Kvarnbolaget", now()).unwrap();
    assert_eq!(
        page.people.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![b]
    );
    erasure::erase(&mut t.store, b, erasure::Reason::SubjectRequest, now()).unwrap();
    let page = organisations::page(&t.store, "Kvarnbolaget", now()).unwrap();
    assert!(page.people.is_empty());
    assert_eq!(
        page.organisation.org_number, "556000-1111",
        "the firm's data stays"
    );

    assert_eq!(
        organisations::list(&t.store, Some("Quintus"))
            .unwrap()
            .len(),
        1
    );
    erasure::erase(&mut t.store, solo, erasure::Reason::SubjectRequest, now()).unwrap();
    assert!(
        organisations::list(&t.store, Some("Quintus"))
            .unwrap()
            .is_empty()
    );
    assert!(
        contacts::list(&t.store, Some("Zenitkonsult"), 10, Order::Unranked, now())
            .unwrap()
            .is_empty()
    );
    let pages = decrypt_db(&t.key, &std::fs::read(t.db_path()).unwrap());
    assert!(
        pages
            .iter()
            .any(|pg| contains(pg, b"CREATE TABLE organisation"))
    );
    for form in variants("Quintusbyggarna Zenitkonsult") {
        assert!(
            !pages.iter().any(|pg| contains(pg, form.as_bytes())),
            "{form:?} survives the erasure of the only person who named it"
        );
    }
}
