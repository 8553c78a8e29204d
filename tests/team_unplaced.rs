//! An interest answer that lives only in the team's change log (issue 12): when this laptop's
//! interest vocabulary is full (63), an answer arriving from another laptop for an interest it
//! lacks cannot be placed on the contact — but it is the person's data, so their access export
//! (data.json and the report) includes it, and the contact's page says that an answer could
//! not be placed. A real team of two stores made with the CLI, a real full vocabulary, the
//! real GUI in the iced_test simulator.

mod common;
mod ui_support;

use common::cli_team::{PASS, cli_team, ok};
use rapport::store::{self, Store};
use rapport::ui::screen::workspace;
use rapport::ui::{App, Launch, Message, Options, Screen, text};
use rapport::vault;
use serde_json::Value;
use std::io::Read;
use std::path::Path;
use ui_support::{click, send_message, settle, shows};
use zeroize::Zeroizing;

fn open(dir: &Path) -> Store {
    let key = vault::unlock(dir, vault::Secret::Passphrase(Zeroizing::new(PASS.into()))).unwrap();
    Store::open(&dir.join(store::DB_FILE), &key).unwrap()
}

fn gui(dir: &Path, exports: &Path) -> App {
    let launch = Launch {
        data_dir: dir.to_path_buf(),
        passphrase: Some(Zeroizing::new(PASS.into())),
        key_file: None,
    };
    let options = Options {
        export_dir: exports.to_path_buf(),
        kdf: None,
    };
    let (mut app, task) = App::new(launch, options);
    settle(&mut app, task);
    assert!(matches!(app.screen(), Screen::Workspace(_)), "unlocked");
    send_message(
        &mut app,
        Message::Workspace(workspace::Message::TabSelected(workspace::Tab::Contacts)),
    );
    app
}

#[test]
fn an_answer_a_full_vocabulary_cannot_place_is_in_the_access_export_and_on_the_page() {
    let team = cli_team(&[("Bo Berg", "admin")], |a| {
        ok(
            a,
            &[
                "add",
                "--given",
                "Alma",
                "--family",
                "Andersson",
                "--email",
                "alma@example.com",
            ],
        );
    });
    let ada = team.admin.clone();
    let bo = team.member("Bo Berg").to_path_buf();
    let alma = ok(&ada, &["list", "--json"]);
    let alma: Value = serde_json::from_str(&alma).unwrap();
    let alma = alma[0]["id"].as_str().unwrap().to_string();

    // On Bo's laptop: a new interest, answered for Alma (not synced yet).
    ok(&bo, &["interests", "--add", "birdwatching"]);
    ok(&bo, &["edit", &alma, "--pref", "interest.birdwatching=yes"]);
    // On Ada's laptop the vocabulary fills up to its 63 interests first.
    {
        let mut s = open(&ada);
        let mut n = 0;
        while rapport::privacy::contacts::add_interest(
            &mut s,
            &format!("topic-{n}"),
            chrono::Utc::now(),
        )
        .is_ok()
        {
            n += 1;
        }
        let held = rapport::privacy::contacts::interests(&s).unwrap();
        assert_eq!(held.len() as i64, store::purposes::MAX_INTERESTS, "full");
    }
    team.sync_all();
    let shown: Value = serde_json::from_str(&ok(&ada, &["show", &alma, "--json"])).unwrap();
    assert!(
        shown["preferences"]["interests"]
            .get("birdwatching")
            .is_none(),
        "the answer could not be placed on Ada's copy: {shown}"
    );

    // The access export (data only, and the package) includes it, marked.
    let data = team.tmp.path().join("alma.json");
    ok(&ada, &["export", &alma, "--out", data.to_str().unwrap()]);
    let doc: Value = serde_json::from_slice(&std::fs::read(&data).unwrap()).unwrap();
    assert_eq!(doc["preferences"]["interests"]["birdwatching"], "yes");
    assert_eq!(
        doc["preferences"]["interests_not_placed"],
        serde_json::json!(["birdwatching"])
    );
    let package = team.tmp.path().join("alma.zip");
    ok(&ada, &["export", &alma, "--out", package.to_str().unwrap()]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&package).unwrap()).unwrap();
    let mut report = String::new();
    zip.by_name("report.html")
        .unwrap()
        .read_to_string(&mut report)
        .unwrap();
    assert!(
        report.contains("birdwatching"),
        "the report lists the answer"
    );
    assert!(report.contains("recorded on another laptop of our team"));
    // Bo's laptop placed it: there it is an ordinary answer, not marked.
    let on_bo = team.tmp.path().join("alma-bo.json");
    ok(&bo, &["export", &alma, "--out", on_bo.to_str().unwrap()]);
    let doc: Value = serde_json::from_slice(&std::fs::read(&on_bo).unwrap()).unwrap();
    assert_eq!(doc["preferences"]["interests"]["birdwatching"], "yes");
    assert_eq!(
        doc["preferences"]["interests_not_placed"],
        serde_json::json!([])
    );

    // Ada's GUI: the contact's page says an answer could not be placed.
    let mut app = gui(&ada, &team.tmp.path().join("exports"));
    click(&mut app, "Alma Andersson");
    let sentence =
        text::interests_not_placed(&["birdwatching".into()], store::purposes::MAX_INTERESTS);
    assert!(shows(&app, &sentence), "{sentence}");
    let mut app = gui(&bo, &team.tmp.path().join("exports"));
    click(&mut app, "Alma Andersson");
    assert!(!shows(&app, &sentence), "not on the laptop that placed it");
    drop(app);

    // Ada edits the contact on her full laptop: the answer she could not place is not taken
    // back (it stays the team's and on Bo's copy), and her export still has it.
    ok(&ada, &["edit", &alma, "--title", "Buyer"]);
    team.sync_all();
    let on_bo: Value = serde_json::from_str(&ok(&bo, &["show", &alma, "--json"])).unwrap();
    assert_eq!(on_bo["title"], "Buyer", "the edit reached Bo");
    assert_eq!(
        on_bo["preferences"]["interests"]["birdwatching"], "yes",
        "the answer stays on Bo's copy: {on_bo}"
    );
    ok(&ada, &["export", &alma, "--out", data.to_str().unwrap()]);
    let doc: Value = serde_json::from_slice(&std::fs::read(&data).unwrap()).unwrap();
    assert_eq!(doc["preferences"]["interests"]["birdwatching"], "yes");
}
