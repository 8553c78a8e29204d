//! Headless GUI test (iced_test simulator, real store) of the settings screen: a purpose's
//! retention is changed (a bad number is refused inline) and a new purpose added, an interest
//! joins the vocabulary, the exports folder moves (exports land there) and the theme is kept;
//! a purpose's description, data categories and consent validity are edited; an interest is
//! renamed, removed when nobody answered it and kept (with the count) when someone did; every
//! change is audited without its value.

mod ui_support;

use rapport::domain::purpose::DataCategory;
use rapport::domain::{LegalBasis, PrefAssignment, RetentionRule};
use rapport::privacy;
use rapport::ui::Message;
use rapport::ui::screen::{settings, workspace::Message as W};
use rapport::ui::text;
use ui_support::*;

/// Types into the field with `placeholder` in a tall window (each purpose is a card of its own,
/// so the new purpose is below the fold of the default one).
fn type_into_tall(app: &mut rapport::ui::App, placeholder: &str, typed: &str) {
    let settings = iced_test::core::Settings::default();
    let mut ui = iced_test::Simulator::with_size(settings, (1280.0, 2400.0), app.view());
    ui.click(placeholder)
        .unwrap_or_else(|e| panic!("no field {placeholder:?}: {e}"));
    ui.typewrite(typed);
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(app, messages);
}

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
        Some(text::MONTHS_NOT_A_NUMBER.get())
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

    // A new purpose from the blank row (it names its own basis).
    type_into_tall(&mut app, &text::PURPOSE_NAME, "Trade fair follow-up");
    let last = purposes.len();
    send(
        &mut app,
        settings::Message::PurposeMonths(last, "12".into()),
    );
    send(
        &mut app,
        settings::Message::PurposeBasis(last, settings::Basis(LegalBasis::LegitimateInterest)),
    );
    click_tall(&mut app, text::ADD_PURPOSE);
    let after = workspace(&app)
        .db()
        .blocking(|s| privacy::consent::purposes(s))
        .unwrap();
    assert_eq!(after.len(), purposes.len() + 1);
    assert!(after.iter().any(|p| p.name == "Trade fair follow-up"));

    // An interest joins the vocabulary.
    send(&mut app, settings::Message::InterestChanged("padel".into()));
    send(&mut app, settings::Message::InterestAdd);
    let interests = workspace(&app)
        .db()
        .blocking(|s| privacy::contacts::interests(s))
        .unwrap();
    assert!(interests.contains(&"padel".to_string()));
    assert!(shows(&app, "padel"));

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

#[test]
fn purposes_details_and_interest_labels_are_edited_and_audited() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    let db = workspace(&app).db().clone();
    // Anna answered "golf"; nobody answered "theatre".
    let edit = privacy::contacts::Edit {
        preferences: vec![PrefAssignment::parse("interest.golf=yes").unwrap()],
        ..Default::default()
    };
    db.blocking(|s| privacy::contacts::rectify(s, f.anna, &edit, chrono::Utc::now()))
        .unwrap();
    click(&mut app, text::TAB_SETTINGS);
    let audited = || {
        db.blocking(|s| privacy::audit::events(s, None))
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "settings")
            .map(|e| e.detail)
            .collect::<Vec<_>>()
    };
    let before = audited().len();

    // Description, categories and consent validity of the first purpose.
    send(
        &mut app,
        settings::Message::PurposeDescription(0, "Invoices and support for customers".into()),
    );
    send(
        &mut app,
        settings::Message::PurposeCategory(0, DataCategory::PostalAddress, true),
    );
    send(
        &mut app,
        settings::Message::PurposeCategory(0, DataCategory::Identity, false),
    );
    send(
        &mut app,
        settings::Message::PurposeConsentMonths(0, "soon".into()),
    );
    send(&mut app, settings::Message::PurposeSave(0));
    assert_eq!(
        workspace(&app).settings().error(),
        Some(text::CONSENT_MONTHS_NOT_A_NUMBER.get())
    );
    send(
        &mut app,
        settings::Message::PurposeConsentMonths(0, "0".into()),
    );
    send(&mut app, settings::Message::PurposeSave(0));
    assert!(
        workspace(&app).settings().error().is_some(),
        "a consent valid for 0 months is refused"
    );
    send(
        &mut app,
        settings::Message::PurposeConsentMonths(0, "18".into()),
    );
    send(&mut app, settings::Message::PurposeSave(0));
    assert_eq!(workspace(&app).settings().error(), None);
    let first = db.blocking(|s| privacy::consent::purposes(s)).unwrap()[0].clone();
    assert_eq!(first.description, "Invoices and support for customers");
    assert!(first.categories.contains(&DataCategory::PostalAddress));
    assert!(!first.categories.contains(&DataCategory::Identity));
    assert_eq!(first.consent_months, Some(18));
    assert!(shows(&app, "Invoices and support for customers"));

    // Interests: rename a label, remove an unanswered one, keep an answered one.
    let interests = db.blocking(|s| privacy::settings::interests(s)).unwrap();
    let at = |name: &str| interests.iter().position(|i| i.name == name).unwrap();
    let golf = &interests[at("golf")];
    assert_eq!(golf.answers, 1);
    assert!(shows(&app, text::interest_answers(1)));
    send(
        &mut app,
        settings::Message::InterestLabel(at("golf"), "Golf & putting".into()),
    );
    send(&mut app, settings::Message::InterestRename(at("golf")));
    assert_eq!(workspace(&app).settings().error(), None);
    send(&mut app, settings::Message::InterestRemove(at("theatre")));
    assert_eq!(workspace(&app).settings().error(), None);
    let after = db.blocking(|s| privacy::settings::interests(s)).unwrap();
    assert!(
        !after.iter().any(|i| i.name == "theatre"),
        "theatre is gone"
    );
    let golf = after.iter().position(|i| i.name == "golf").unwrap();
    assert_eq!(after[golf].label, "Golf & putting");
    send(&mut app, settings::Message::InterestRemove(golf));
    let refused = workspace(&app)
        .settings()
        .error()
        .unwrap_or_default()
        .to_string();
    assert!(
        refused.contains('1'),
        "the refusal says how many answered: {refused}"
    );
    assert!(shows(&app, &refused));
    let kept = db.blocking(|s| privacy::settings::interests(s)).unwrap();
    assert!(kept.iter().any(|i| i.name == "golf" && i.answers == 1));
    // An empty label is refused.
    send(
        &mut app,
        settings::Message::InterestLabel(golf, "  ".into()),
    );
    send(&mut app, settings::Message::InterestRename(golf));
    assert!(workspace(&app).settings().error().is_some());

    // Three changes went through, each audited by what changed and never by its value.
    let events = audited();
    assert_eq!(
        events[before..].to_vec(),
        vec!["purpose changed", "interest renamed", "interest removed"]
    );
    assert!(
        events
            .iter()
            .all(|d| !d.contains("Golf & putting") && !d.contains("Invoices"))
    );
}

#[test]
fn a_new_purpose_starts_empty_and_claims_no_other_purposes_basis() {
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, text::TAB_SETTINGS);
    let before = workspace(&app)
        .db()
        .blocking(|s| privacy::consent::purposes(s))
        .unwrap();
    let last = before.len();
    // The blank row shows its hints: nothing is filled in, no basis is chosen.
    for hint in [
        text::PURPOSE_DESCRIPTION,
        text::CONSENT_MONTHS_HINT,
        text::NEW_PURPOSE,
    ] {
        assert!(shows(&app, hint), "the new purpose shows {hint:?}");
    }

    // Typing a name and pressing Add is not enough: the basis must be chosen.
    type_into_tall(&mut app, &text::PURPOSE_NAME, "Partner referrals");
    click_tall(&mut app, text::ADD_PURPOSE);
    assert_eq!(
        workspace(&app).settings().error(),
        Some(text::CHOOSE_BASIS.get())
    );
    let after = workspace(&app)
        .db()
        .blocking(|s| privacy::consent::purposes(s))
        .unwrap();
    assert_eq!(after.len(), before.len(), "nothing was saved");

    send(
        &mut app,
        settings::Message::PurposeBasis(last, settings::Basis(LegalBasis::Consent)),
    );
    click_tall(&mut app, text::ADD_PURPOSE);
    assert_eq!(workspace(&app).settings().error(), None);
    let after = workspace(&app)
        .db()
        .blocking(|s| privacy::consent::purposes(s))
        .unwrap();
    let added = after
        .iter()
        .find(|p| p.name == "Partner referrals")
        .expect("the purpose was added");
    assert_eq!(
        added.description, "",
        "no description copied from another purpose"
    );
    assert!(added.categories.is_empty(), "no data categories copied");
    assert_eq!(added.legal_basis, LegalBasis::Consent, "the basis chosen");
    assert_eq!(added.retention, RetentionRule::UntilConsentEnds);
    assert_eq!(added.consent_months, None);
    assert!(!added.marketing);
}
