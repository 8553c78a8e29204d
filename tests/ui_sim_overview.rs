//! Headless GUI test (iced_test simulator, real store) of the privacy overview: the status
//! counts and the expiries per month come from `privacy::overview` and agree with the list;
//! the audience is written to CSV in the exports folder with one click.

mod ui_support;

use rapport::domain::{Channels, ConsentSource, ConsentStatus, PrefAssignment};
use rapport::privacy::{self, consent::Given};
use rapport::store::search::Order;
use rapport::ui::Message;
use rapport::ui::screen::{overview, workspace::Message as W};
use rapport::ui::text;
use ui_support::*;

#[test]
fn overview_counts_chart_and_audience_csv() {
    let f = fixture(5);
    let now = chrono::Utc::now();
    let mut app = unlocked(&f);
    // Cecilia consents to event invitations until 40 days from now.
    let anna = f.anna;
    let soon = now + chrono::Duration::days(40);
    workspace(&app)
        .db()
        .blocking(move |s| {
            let c = privacy::contacts::list(s, Some("Cecilia"), 1, Order::Unranked, now)?;
            let given = Given {
                purpose: "Event invitations".into(),
                source: ConsentSource::parse("email:msg-1"),
                given_at: None,
                expires_at: Some(soon),
                wording_version: None,
            };
            privacy::consent::give(s, c[0].id, &given, now)?;
            // Anna accepts email, so she can be in a newsletter audience.
            let edit = privacy::contacts::Edit {
                preferences: vec![PrefAssignment::Channels(Channels::DIGITAL_ONLY)],
                ..Default::default()
            };
            privacy::contacts::rectify(s, anna, &edit, now).map(|_| ())
        })
        .unwrap();

    click(&mut app, text::TAB_OVERVIEW);
    assert!(shows(&app, text::EXPIRING_PER_MONTH));
    let counts = workspace(&app)
        .overview()
        .counts()
        .expect("loaded")
        .to_vec();
    let all = workspace(&app)
        .db()
        .blocking(move |s| privacy::contacts::list(s, None, 1000, Order::Unranked, now))
        .unwrap();
    for (status, n) in &counts {
        let listed = all.iter().filter(|c| c.status == *status).count();
        assert_eq!(*n, listed, "{status:?} agrees with the list's badges");
    }
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<usize>(), 8);
    assert_eq!(
        counts
            .iter()
            .find(|(s, _)| *s == ConsentStatus::None)
            .unwrap()
            .1,
        5
    );

    let expiries = workspace(&app).overview().expiries().unwrap().to_vec();
    assert_eq!(expiries.len(), 12);
    use chrono::Datelike;
    let slot = expiries
        .iter()
        .find(|m| m.year == soon.year() && m.month == soon.month())
        .expect("the month of Cecilia's expiry is in the chart");
    assert!(slot.expiring >= 1);

    // Audience for the newsletter by email, then one click to CSV.
    let pick = app.update(Message::Workspace(W::Overview(
        overview::Message::PurposePicked("Newsletter".into()),
    )));
    settle(&mut app, pick);
    click_tall(&mut app, text::BUILD);
    click_tall(&mut app, text::EXPORT_CSV);
    let files: Vec<_> = std::fs::read_dir(&f.exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one CSV file: {files:?}");
    let csv = std::fs::read_to_string(&files[0]).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("id,name,address"));
    let rows: Vec<&str> = lines.collect();
    assert!(
        rows.iter().any(|r| r.contains("Anna Lind")),
        "Anna is in the audience: {rows:?}"
    );
    assert!(!rows.iter().any(|r| r.contains("Cecilia")));
    assert_eq!(
        workspace(&app).notice(),
        Some(text::audience_exported(&files[0]).as_str())
    );
}

/// "Erase due" runs the retention sweep in short steps (the store is free in between), then
/// says how many were erased; the queue is empty afterwards and the chain verifies.
#[test]
fn erase_due_sweeps_in_steps_and_empties_the_queue() {
    let f = fixture(0);
    let now = chrono::Utc::now();
    let long_ago = now - chrono::Duration::days(400);
    let mut app = unlocked(&f);
    let db = workspace(&app).db().clone();
    // 120 people added 400 days ago with no legal basis recorded: past the 30-day grace.
    db.blocking(move |s| {
        for i in 0..120 {
            let mail = format!("old{i}@stale.example");
            privacy::contacts::create(
                s,
                draft("Old", &format!("Lead{i}"), "Stale AB", &mail),
                long_ago,
            )?;
        }
        Ok(())
    })
    .unwrap();
    let due = db
        .blocking(move |s| privacy::retention::report(s, now))
        .unwrap()
        .due
        .len();
    assert!(due >= 120, "{due} due");
    let count = move |s: &mut rapport::store::Store| {
        privacy::contacts::list(s, None, 100_000, Order::Unranked, now).map(|l| l.len())
    };
    let before = db.blocking(count).unwrap();

    click(&mut app, text::TAB_OVERVIEW);
    assert!(shows(&app, format!("{}: {due}", text::DUE_NOW)));
    click_tall(&mut app, text::ERASE_DUE);

    assert_eq!(
        workspace(&app).notice(),
        Some(text::erased_due(due).as_str())
    );
    let after = db.blocking(count).unwrap();
    assert_eq!(after, before - due);
    assert!(shows(&app, format!("{}: 0", text::DUE_NOW)));
    assert!(db.blocking(|s| privacy::audit::verify(s)).unwrap().is_ok());
    assert!(workspace(&app).overview().counts().is_some());
}
