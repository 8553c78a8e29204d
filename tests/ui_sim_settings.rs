//! Headless GUI test (iced_test simulator, real store) of the settings screen: a purpose's
//! retention is changed (a bad number is refused inline) and a new purpose added, an interest
//! joins the vocabulary, the exports folder moves (exports land there) and the theme is kept.

mod ui_support;

use rapport::domain::RetentionRule;
use rapport::privacy;
use rapport::ui::Message;
use rapport::ui::screen::{settings, workspace::Message as W};
use rapport::ui::text;
use ui_support::*;

fn send(app: &mut rapport::ui::App, m: settings::Message) {
    let task = app.update(Message::Workspace(W::Settings(m)));
    settle(app, task);
}

#[test]
fn settings_change_purposes_interests_exports_folder_and_theme() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, text::TAB_SETTINGS);
    assert!(shows(&app, text::PURPOSES));
    let purposes = workspace(&app)
        .db()
        .blocking(|s| privacy::consent::purposes(s))
        .unwrap();
    let first = purposes[0].clone();

    // A retention that is not a number is refused inline; a number is saved.
    send(
        &mut app,
        settings::Message::PurposeMonths(0, "three years".into()),
    );
    send(&mut app, settings::Message::PurposeSave(0));
    assert_eq!(
        workspace(&app).settings().error(),
        Some(text::MONTHS_NOT_A_NUMBER)
    );
    assert!(shows(&app, text::MONTHS_NOT_A_NUMBER));
    send(&mut app, settings::Message::PurposeMonths(0, "36".into()));
    send(&mut app, settings::Message::PurposeSave(0));
    assert_eq!(workspace(&app).settings().error(), None);
    let after = workspace(&app)
        .db()
        .blocking(|s| privacy::consent::purposes(s))
        .unwrap();
    assert_eq!(
        after[0].retention,
        RetentionRule::AfterLastActivity { months: 36 }
    );
    assert_eq!(after[0].name, first.name);

    // A new purpose from the blank row.
    type_into(&mut app, text::PURPOSE_NAME, "Trade fair follow-up", false);
    let last = purposes.len();
    send(
        &mut app,
        settings::Message::PurposeMonths(last, "12".into()),
    );
    click_tall(&mut app, text::ADD_PURPOSE);
    let after = workspace(&app)
        .db()
        .blocking(|s| privacy::consent::purposes(s))
        .unwrap();
    assert_eq!(after.len(), purposes.len() + 1);
    assert!(after.iter().any(|p| p.name == "Trade fair follow-up"));

    // An interest joins the vocabulary.
    type_into(&mut app, text::NEW_INTEREST, "sailing", true);
    let interests = workspace(&app)
        .db()
        .blocking(|s| privacy::contacts::interests(s))
        .unwrap();
    assert!(interests.contains(&"sailing".to_string()));
    assert!(shows(&app, "sailing"));

    // The exports folder moves: the next export lands there.
    let moved = f.data.parent().unwrap().join("moved exports");
    send(
        &mut app,
        settings::Message::ExportDirChanged(moved.display().to_string()),
    );
    click_tall(&mut app, text::SAVE_FOLDER);
    click(&mut app, text::TAB_CONTACTS);
    click(&mut app, "Anna Lind");
    click(&mut app, text::EXPORT);
    assert_eq!(std::fs::read_dir(&moved).unwrap().count(), 1);
    assert!(!f.exports.exists(), "nothing went to the old folder");

    // The theme is applied and kept in the store.
    click(&mut app, text::TAB_SETTINGS);
    send(
        &mut app,
        settings::Message::ThemePicked(settings::ThemeChoice::Dark),
    );
    assert_eq!(app.theme(), Some(iced::Theme::Dark));
    let stored = workspace(&app)
        .db()
        .blocking(|s| privacy::settings::get(s, privacy::settings::THEME))
        .unwrap();
    assert_eq!(stored.as_deref(), Some("dark"));
}
