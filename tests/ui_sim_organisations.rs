//! The Organisations tab in the iced_test simulator (issue 15), on a real encrypted store: a
//! contact's organisation line opens its page, the page lists both of its people with their
//! titles and consent badges, one of them opens by Tab and Enter, the list's search finds an
//! organisation by name or number, the facts are saved from the form (the industry from the
//! firm's vocabulary), a firm of 120 people shows them 50 at a time, and Settings → Outcomes
//! adds, renames, removes, retires (an outcome in use) and offers again, checked in the store;
//! the audience builder selects by activity, the count following each pick, default deny first.

mod ui_support;

use iced::keyboard::{Key, key::Named};
use iced_test::simulator;
use rapport::domain::ContactId;
use rapport::privacy;
use rapport::ui::screen::contact;
use rapport::ui::screen::organisations::{self, Industry};
use rapport::ui::screen::workspace::{Message as W, Tab};
use rapport::ui::{App, Message, text};
use ui_support::*;

/// A second person at Anna's firm, the organisation's name typed in another case.
fn colleague(f: &Fixture) -> ContactId {
    let mut s = open_store(f);
    let mut d = draft("Ulla", "Lund", "lind konsult ab", "ulla@lind.example");
    d.title = "Inköpschef".into();
    privacy::contacts::create(&mut s, d, chrono::Utc::now()).unwrap()
}

/// `shows` in a tall window (1280×2400), for what sits below the fold of the default one.
fn shows_tall(app: &App, wanted: impl AsRef<str>) -> bool {
    let settings = iced_test::core::Settings::default();
    iced_test::Simulator::with_size(settings, (1280.0, 2400.0), app.view())
        .find(wanted.as_ref())
        .is_ok()
}

fn send_org(app: &mut App, m: organisations::Message) {
    send_message(app, Message::Workspace(W::Organisations(m)));
}

fn page_people(app: &App) -> Vec<String> {
    workspace(app)
        .organisations()
        .page()
        .map(|p| p.people.iter().map(|p| p.name.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn a_contacts_organisation_opens_its_page_with_both_people_and_one_opens_by_keyboard() {
    let f = fixture(0);
    let ulla = colleague(&f);
    let mut app = unlocked(&f);
    click(&mut app, "Anna Lind");
    assert_eq!(workspace(&app).open_contact(), Some(f.anna));

    // The organisation line of the contact is a link to the organisation's page.
    let mut ui = simulator(app.view());
    ui.click(iced::widget::Id::new(contact::ORGANISATION_ID))
        .expect("the organisation line is a button");
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(&mut app, messages);
    assert!(workspace(&app).tab() == Tab::Organisations);
    assert_eq!(page_people(&app), ["Anna Lind", "Ulla Lund"]);
    assert!(shows(&app, "Inköpschef"), "a person's title there");
    assert!(shows(&app, text::people(2)));
    // Anna consented to the newsletter: her badge is on the page, as in the contact list.
    let page = workspace(&app).organisations().page().unwrap();
    let anna = page.people.iter().find(|p| p.id == f.anna).unwrap();
    assert!(anna.badges.iter().any(|b| b.purpose == "Newsletter"));
    assert!(anna.nearest_expiry.is_some(), "a consent with an end");
    assert!(shows(&app, text::status(anna.badges[0].status)));

    // From the list's search, Tab goes through the three organisations listed, Edit, Anna,
    // and then Ulla.
    let mut ui = simulator(app.view());
    ui.click(text::SEARCH_ORGANISATIONS.get()).unwrap();
    for _ in 0..6 {
        ui.tap_key(Key::Named(Named::Tab));
    }
    ui.tap_key(Key::Named(Named::Enter));
    let messages: Vec<Message> = ui.into_messages().collect();
    deliver(&mut app, messages);
    assert!(
        workspace(&app).tab() == Tab::Contacts,
        "Enter opened the contact"
    );
    assert_eq!(workspace(&app).open_contact(), Some(ulla));
}

#[test]
fn the_search_finds_organisations_and_the_facts_are_saved_from_the_form() {
    let f = fixture(0);
    colleague(&f);
    let mut app = unlocked(&f);
    click(&mut app, text::TAB_ORGANISATIONS);
    assert!(shows(&app, "Berg & Co"));
    assert!(shows(&app, "Nordic Sails"));
    type_into(&mut app, text::SEARCH_ORGANISATIONS, "lind", false);
    let listed: Vec<_> = workspace(&app)
        .organisations()
        .list()
        .iter()
        .map(|l| (l.organisation.name.clone(), l.people))
        .collect();
    assert_eq!(listed, [("Lind Konsult AB".to_string(), 2)]);
    assert!(!shows(&app, "Berg & Co"));

    click(&mut app, "Lind Konsult AB");
    assert_eq!(page_people(&app).len(), 2);
    click(&mut app, text::EDIT);
    assert!(workspace(&app).organisations().is_editing());
    type_into(&mut app, text::ORG_NUMBER_HINT, "556677-8899", false);
    let industry = {
        let s = open_store(&f);
        let (code, label) = privacy::organisations::industries(&s).unwrap()[0].clone();
        Industry { code, label }
    };
    send_org(
        &mut app,
        organisations::Message::IndustryPicked(industry.clone()),
    );
    click(&mut app, text::SAVE);
    assert!(!workspace(&app).organisations().is_editing());
    assert!(shows(&app, "556677-8899"));
    assert!(shows(&app, industry.label.as_str()));
    let s = open_store(&f);
    let page = privacy::organisations::page(&s, "556677-8899", chrono::Utc::now()).unwrap();
    assert_eq!(page.organisation.name, "Lind Konsult AB");
    assert_eq!(page.organisation.industry, industry.code);
    drop(s);

    // A number that is not one is refused with the reason, and nothing is saved.
    click(&mut app, text::EDIT);
    send_org(
        &mut app,
        organisations::Message::EditField(organisations::Field::Number, "not a number!".into()),
    );
    click(&mut app, text::SAVE);
    assert!(
        workspace(&app).organisations().is_editing(),
        "the form stays"
    );
    assert!(workspace(&app).organisations().error().is_some());
    let s = open_store(&f);
    let page = privacy::organisations::page(&s, "Lind Konsult AB", chrono::Utc::now()).unwrap();
    assert_eq!(page.organisation.org_number, "556677-8899");
}

#[test]
fn a_big_firm_shows_its_people_a_page_at_a_time() {
    let f = fixture(120); // 120 people at "Filler Ltd"
    let mut app = unlocked(&f);
    click(&mut app, text::TAB_ORGANISATIONS);
    click(&mut app, "Filler Ltd");
    assert_eq!(page_people(&app).len(), 120);
    assert!(shows(&app, text::people_range(1, 50, 120)));
    assert!(shows(&app, "Extra Person0049"));
    assert!(!shows(&app, "Extra Person0050"), "only 50 rows are built");
    click(&mut app, text::NEXT);
    assert!(shows(&app, text::people_range(51, 100, 120)));
    assert!(shows(&app, "Extra Person0050"));
    click(&mut app, text::NEXT);
    assert!(shows(&app, text::people_range(101, 120, 120)));
    click(&mut app, text::PREVIOUS);
    assert!(shows(&app, text::people_range(51, 100, 120)));
}

fn call(people: Vec<ContactId>, outcome: &str) -> privacy::activities::Log {
    privacy::activities::Log {
        people,
        kind: rapport::domain::activity::Kind::Call,
        outcome: outcome.into(),
        on: None,
        purpose: None,
        organisation: None,
        follow_up: None,
        preferences: vec![],
        consent: None,
    }
}

fn send_outcomes(app: &mut App, m: rapport::ui::screen::settings::outcomes::Message) {
    use rapport::ui::screen::settings::Message as S;
    send_message(app, Message::Workspace(W::Settings(S::Outcomes(m))));
}

fn vocabulary(app: &App) -> Vec<privacy::outcomes::Entry> {
    workspace(app)
        .settings()
        .outcomes()
        .entries()
        .cloned()
        .collect()
}

fn position(app: &App, code: &str) -> usize {
    vocabulary(app)
        .iter()
        .position(|e| e.outcome.code == code)
        .unwrap()
}

/// Settings → Outcomes: add, rename, remove an unused one; one in use is retired (no longer
/// offered or accepted, its activities keep the label) and offered again.
#[test]
fn outcomes_are_added_renamed_removed_and_an_outcome_in_use_is_retired() {
    use rapport::ui::screen::settings::outcomes::Message as O;
    let f = fixture(0);
    {
        let mut s = open_store(&f);
        privacy::activities::log(&mut s, &call(vec![f.anna], "no_answer"), chrono::Utc::now())
            .unwrap();
    }
    let mut app = unlocked(&f);
    click(&mut app, text::TAB_SETTINGS);
    assert_eq!(vocabulary(&app).len(), 7, "the seven defaults");
    assert!(shows(&app, text::OUTCOMES_HEADING));

    send_outcomes(&mut app, O::NewChanged("Left a voicemail".into()));
    send_outcomes(&mut app, O::Add);
    let i = position(&app, "left_a_voicemail");
    send_outcomes(&mut app, O::Label(i, "Voicemail left".into()));
    send_outcomes(&mut app, O::Rename(i));
    let declined = position(&app, "declined");
    send_outcomes(&mut app, O::TakeOut(declined));
    {
        let s = open_store(&f);
        let offered: Vec<_> = privacy::activities::outcomes(&s)
            .unwrap()
            .into_iter()
            .map(|o| (o.code, o.label))
            .collect();
        assert!(offered.contains(&("left_a_voicemail".into(), "Voicemail left".into())));
        assert!(!offered.iter().any(|(c, _)| c == "declined"), "removed");
    }

    // "No answer" is used by Anna's call: its button says Retire, and retiring keeps it.
    click_tall(&mut app, text::RETIRE);
    let entry = vocabulary(&app)
        .into_iter()
        .find(|e| e.outcome.code == "no_answer")
        .unwrap();
    assert!(entry.retired);
    assert_eq!(entry.uses, 1);
    {
        let mut s = open_store(&f);
        let offered = privacy::activities::outcomes(&s).unwrap();
        assert!(
            !offered.iter().any(|o| o.code == "no_answer"),
            "not offered"
        );
        let refused = privacy::activities::log(
            &mut s,
            &call(vec![f.bertil], "no_answer"),
            chrono::Utc::now(),
        );
        assert!(refused.is_err(), "a retired outcome is not logged");
        let (acts, _) = privacy::activities::of_contact(&s, f.anna).unwrap();
        assert_eq!(
            acts[0].outcome.label, "No answer",
            "the activity keeps its label"
        );
    }
    click_tall(&mut app, text::OFFER_AGAIN);
    let s = open_store(&f);
    assert!(
        privacy::activities::outcomes(&s)
            .unwrap()
            .iter()
            .any(|o| o.code == "no_answer")
    );
}

/// The audience builder's activity criterion ("met at an event in the last 12 months"): the
/// count follows each pick, and consent still decides first (a person met at an event without
/// consent stays out).
#[test]
fn the_audience_builder_selects_by_activity_and_still_denies_without_consent() {
    use rapport::domain::activity::Kind;
    use rapport::domain::audience::Exclusion;
    use rapport::ui::screen::overview::{ActivityChoice, Message as Ov, Months};
    let f = fixture(0);
    let now = chrono::Utc::now();
    let cecilia = {
        let mut s = open_store(&f);
        let ago = |days| Some(now - chrono::Duration::days(days));
        let mut event = call(vec![f.anna], "interested");
        event.kind = Kind::Event;
        event.on = ago(120);
        privacy::activities::log(&mut s, &event, now).unwrap();
        let mut recent = call(vec![f.bertil], "not_now");
        recent.on = ago(20);
        privacy::activities::log(&mut s, &recent, now).unwrap();
        // Cecilia met at an event too, but never consented to the newsletter.
        let c = privacy::contacts::list(
            &s,
            Some("Cecilia"),
            1,
            rapport::store::search::Order::Unranked,
            now,
        )
        .unwrap()[0]
            .id;
        let mut hers = call(vec![c], "interested");
        hers.kind = Kind::Event;
        hers.on = ago(30);
        privacy::activities::log(&mut s, &hers, now).unwrap();
        // All three accept email, so only consent and activity decide.
        for id in [f.anna, f.bertil, c] {
            let edit = privacy::contacts::Edit {
                preferences: vec![rapport::domain::PrefAssignment::Channels(
                    rapport::domain::Channels::DIGITAL_ONLY,
                )],
                ..Default::default()
            };
            privacy::contacts::rectify(&mut s, id, &edit, now).unwrap();
        }
        c
    };
    let mut app = unlocked(&f);
    click(&mut app, text::TAB_OVERVIEW);
    let send = |app: &mut App, m: Ov| send_message(app, Message::Workspace(W::Overview(m)));
    send(&mut app, Ov::PurposePicked("Newsletter".into()));
    send(&mut app, Ov::BuildClicked);
    let total = |app: &App| workspace(app).overview().audience().map(|a| a.total);
    let members = |app: &App| -> Vec<ContactId> {
        workspace(app)
            .overview()
            .audience()
            .map(|a| a.included.iter().map(|m| m.id).collect())
            .unwrap_or_default()
    };
    assert_eq!(total(&app), Some(2), "Anna and Bertil consented");
    assert!(
        shows_tall(&app, text::ACTIVITY_CRITERION),
        "the criterion's picker"
    );

    send(
        &mut app,
        Ov::ActivityPicked(ActivityChoice::Kind(Kind::Event)),
    );
    assert_eq!(total(&app), Some(1), "the count follows the pick");
    assert_eq!(members(&app), [f.anna]);
    assert!(!members(&app).contains(&cecilia), "met, but no consent");
    let a = workspace(&app).overview().audience().unwrap();
    assert_eq!(a.excluded.get(&Exclusion::NoRecentActivity), Some(&1));
    assert!(
        a.excluded
            .get(&Exclusion::NoLegalBasis)
            .copied()
            .unwrap_or(0)
            >= 1
    );
    assert!(shows_tall(
        &app,
        format!("1 — {}", text::exclusion(Exclusion::NoRecentActivity))
    ));

    send(&mut app, Ov::ActivityPicked(ActivityChoice::Any));
    assert_eq!(total(&app), Some(2));
    send(&mut app, Ov::WithinPicked(Months(3)));
    assert_eq!(
        members(&app),
        [f.bertil],
        "Anna's event was four months ago"
    );
    send(&mut app, Ov::ActivityPicked(ActivityChoice::Unasked));
    assert_eq!(total(&app), Some(2));
}
