//! The Today screen in the iced_test simulator (issue 15): it is the first screen after unlock,
//! a follow-up due today is on it, "Done" takes it off in one click, "Tomorrow" moves one to
//! tomorrow, and a click on a name opens that contact.

mod ui_support;

use rapport::domain::activity::Kind;
use rapport::privacy::activities;
use rapport::ui::screen::workspace::Tab;
use rapport::ui::text;
use ui_support::*;

fn on_today(app: &rapport::ui::App) -> Vec<rapport::domain::ContactId> {
    workspace(app)
        .today()
        .today()
        .map(|t| t.follow_ups.iter().map(|f| f.contact).collect())
        .unwrap_or_default()
}

#[test]
fn a_follow_up_due_today_is_on_the_first_screen_and_done_removes_it() {
    let f = fixture(0);
    {
        let mut s = open_store(&f);
        let now = chrono::Utc::now();
        activities::plan(&mut s, f.anna, Kind::Call, now, now).unwrap();
        activities::plan(
            &mut s,
            f.bertil,
            Kind::Visit,
            now + chrono::Duration::days(3),
            now,
        )
        .unwrap();
    }
    let mut app = unlocked_on_today(&f);
    assert!(
        workspace(&app).tab() == Tab::Today,
        "Today is the first screen"
    );
    assert!(shows(&app, "Anna Lind"));
    assert!(!shows(&app, "Bertil Berg"), "not due until in three days");
    assert!(shows(&app, text::follow_ups_due(1)));
    assert_eq!(on_today(&app), vec![f.anna]);

    click(&mut app, text::FOLLOW_UP_DONE);
    assert!(on_today(&app).is_empty());
    assert!(!shows(&app, "Anna Lind"));
    assert!(shows(&app, text::NOTHING_TODAY));
    let s = open_store(&f);
    let (_, follow_ups) = activities::of_contact(&s, f.anna).unwrap();
    assert_eq!(follow_ups[0].state.as_str(), "done");
}

#[test]
fn snooze_is_one_click_and_a_name_opens_the_contact() {
    let f = fixture(0);
    {
        let mut s = open_store(&f);
        let now = chrono::Utc::now();
        activities::plan(&mut s, f.anna, Kind::Call, now, now).unwrap();
        activities::plan(&mut s, f.bertil, Kind::Email, now, now).unwrap();
    }
    let mut app = unlocked_on_today(&f);
    assert_eq!(on_today(&app).len(), 2);
    click(&mut app, text::FOLLOW_UP_SNOOZE);
    assert_eq!(on_today(&app).len(), 1, "one moved to tomorrow");
    let left = on_today(&app)[0];
    let name = if left == f.anna {
        "Anna Lind"
    } else {
        "Bertil Berg"
    };
    click(&mut app, name);
    assert!(workspace(&app).tab() == Tab::Contacts);
    assert_eq!(workspace(&app).open_contact(), Some(left));
    // Back on Today the list is read again.
    click(&mut app, text::TAB_TODAY);
    assert_eq!(on_today(&app), vec![left]);
}

/// The log dialog: the only typed fields are days, and a note typed into one is refused with
/// nothing saved; a logged call with a follow-up today puts the person on Today.
#[test]
fn the_log_dialog_takes_no_free_text_and_a_logged_follow_up_is_on_today() {
    use rapport::domain::activity::Outcome;
    use rapport::ui::Message;
    use rapport::ui::modal::log_activity::{self, DAY_HINT, OutcomeChoice};
    use rapport::ui::screen::workspace::Message as W;
    let f = fixture(0);
    let mut app = unlocked(&f);
    click(&mut app, "Anna Lind");
    click(&mut app, text::LOG_ACTIVITY);
    assert!(workspace(&app).log_dialog().is_some());
    let send = |app: &mut rapport::ui::App, m: log_activity::Message| {
        send_message(app, Message::Workspace(W::LogActivity(m)))
    };
    send(
        &mut app,
        log_activity::Message::OutcomePicked(OutcomeChoice(Outcome {
            code: "send_offer".into(),
            label: "Send offer".into(),
        })),
    );
    // The day field holds today's date; a note typed after it is not a day.
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    send(&mut app, log_activity::Message::DayChanged(String::new()));
    type_into(&mut app, DAY_HINT, "talked about his divorce", false);
    assert_eq!(
        workspace(&app).log_dialog().map(|d| d.day.as_str()),
        Some("talked about his divorce"),
        "typing reached the day field"
    );
    click(&mut app, text::SAVE_ACTIVITY);
    assert_eq!(
        workspace(&app).log_dialog().and_then(|d| d.error()),
        Some(text::BAD_DAY.get())
    );
    let s = open_store(&f);
    assert!(
        activities::of_contact(&s, f.anna).unwrap().0.is_empty(),
        "nothing saved"
    );
    drop(s);

    send(&mut app, log_activity::Message::DayChanged(today.clone()));
    send(&mut app, log_activity::Message::FollowUpChanged(today));
    send(&mut app, log_activity::Message::DigitalOnlyToggled(true));
    click(&mut app, text::SAVE_ACTIVITY);
    assert!(workspace(&app).log_dialog().is_none(), "the dialog closed");
    assert_eq!(workspace(&app).notice(), Some(text::ACTIVITY_LOGGED.get()));
    let s = open_store(&f);
    let (acts, _) = activities::of_contact(&s, f.anna).unwrap();
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0].outcome.label, "Send offer");
    drop(s);
    click(&mut app, text::TAB_TODAY);
    assert_eq!(on_today(&app), vec![f.anna]);
}
