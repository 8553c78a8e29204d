//! Headless GUI test (iced_test simulator, real store) of "Import…": a vCard file typed as a
//! path is imported off the UI thread and the summary says what was imported, merged and
//! skipped (with the line and reason); a missing file is refused with its reason.

mod ui_support;

use iced_test::futures::futures::{StreamExt, executor::block_on};
use iced_test::runtime::{Action, task::into_stream};
use rapport::domain::PointKind;
use rapport::privacy;
use rapport::store::search::Order;
use rapport::ui::Message;
use rapport::ui::screen::{import, workspace::Message as W};
use rapport::ui::text;
use ui_support::*;

const CARDS: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Erik Ek\r\nN:Ek;Erik;;;\r\nORG:Ek Marin\r\nEMAIL:erik@ek.example\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Lind\r\nN:Lind;Anna;;;\r\nEMAIL:anna@lind.example\r\nTEL:+46 70 111 22 33\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Sailing club\r\nEND:VCARD\r\n";

#[test]
fn import_shows_a_summary_and_adds_the_contacts() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    let file = f.data.parent().unwrap().join("cards.vcf");
    std::fs::write(&file, CARDS).unwrap();

    click(&mut app, text::IMPORT);
    assert!(shows(&app, text::IMPORT_TITLE));
    // A cancelled dialog (or no portal) changes nothing.
    let cancelled = app.update(Message::Workspace(W::Import(import::Message::Picked(
        rapport::ui::files::Dialog::Cancelled,
    ))));
    settle(&mut app, cancelled);
    assert!(workspace(&app).import().report().is_none());

    type_into(
        &mut app,
        text::IMPORT_PATH,
        &file.display().to_string(),
        false,
    );
    click(&mut app, text::IMPORT_START);

    let report = workspace(&app)
        .import()
        .report()
        .expect("a summary")
        .clone();
    assert_eq!((report.imported, report.merged, report.flagged), (1, 1, 0));
    assert_eq!(report.skipped.len(), 1, "the group card is skipped");
    assert_eq!(workspace(&app).import().progress(), None, "the bar is gone");
    assert!(shows(&app, text::count_line(text::IMPORTED, 1)));
    assert!(shows(&app, text::count_line(text::MERGED, 1)));
    assert!(shows(&app, text::count_line(text::SKIPPED, 1)));
    let s = &report.skipped[0];
    assert!(shows(&app, text::skipped_line(s.line, &s.reason)));

    // The store has Erik, and Anna's new phone was merged into her contact.
    let now = chrono::Utc::now();
    let erik = workspace(&app)
        .db()
        .blocking(move |s| privacy::contacts::list(s, Some("Erik"), 10, Order::Unranked, now))
        .unwrap();
    assert_eq!(erik.len(), 1);
    let anna = f.anna;
    let v = workspace(&app)
        .db()
        .blocking(move |s| privacy::contacts::load(s, anna, now))
        .unwrap();
    assert_eq!(v.contact.points_of(PointKind::Phone).count(), 1);
    assert!(
        listed_names(&app).contains(&"Erik Ek".to_string()),
        "the list was reloaded"
    );

    // The import streams its progress before the summary (the bar's value).
    let restart = app.update(Message::Workspace(W::Import(
        import::Message::ImportClicked,
    )));
    let messages: Vec<Message> = block_on(into_stream(restart).unwrap().collect::<Vec<_>>())
        .into_iter()
        .filter_map(|a| match a {
            Action::Output(m) => Some(m),
            _ => None,
        })
        .collect();
    let is_progress = |m: &Message| {
        matches!(
            m,
            Message::Workspace(W::Import(import::Message::Progress(done, total))) if done == total
        )
    };
    assert!(messages.iter().any(is_progress), "a 100% progress message");
    assert!(matches!(
        messages.last(),
        Some(Message::Workspace(W::Import(import::Message::Finished(_))))
    ));
    deliver(&mut app, messages);

    // A file that is not there is refused with the reason, and nothing changes.
    let clear = app.update(Message::Workspace(W::Import(import::Message::PathChanged(
        String::new(),
    ))));
    settle(&mut app, clear);
    let missing = f.data.parent().unwrap().join("missing.vcf");
    type_into(
        &mut app,
        text::IMPORT_PATH,
        &missing.display().to_string(),
        true,
    );
    let report = workspace(&app)
        .import()
        .report()
        .expect("a summary")
        .clone();
    let reason = report.refused.expect("refused");
    assert!(shows(&app, text::import_refused(&reason)));
    assert_eq!(report.imported, 0);
}
