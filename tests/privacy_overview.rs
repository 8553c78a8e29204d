//! `privacy::overview` and `privacy::settings` on a real store: the status counts agree with the
//! list's badges, expiries land in the right month (a renewal replaces the old expiry, a
//! withdrawn or expired consent does not count), and settings refuse bad input with a sentence.

mod common;

use common::{TestStore, days, draft, now};
use rapport::domain::{ConsentSource, ConsentStatus, LegalBasis, PurposeId, RetentionRule};
use rapport::privacy::{self, consent::Given, overview, settings};
use rapport::store::search::Order;

fn give(t: &mut TestStore, id: rapport::domain::ContactId, purpose: &str, at: i64, until: i64) {
    let given = Given {
        purpose: purpose.into(),
        source: ConsentSource::parse("signed-form:#1"),
        given_at: Some(now() + days(at)),
        expires_at: Some(now() + days(until)),
        wording_version: None,
    };
    privacy::consent::give(&mut t.store, id, &given, now() + days(at)).unwrap();
}

#[test]
fn figures_agree_with_the_list_and_bucket_expiries_by_month() {
    let mut t = TestStore::new();
    let mut ids = Vec::new();
    for i in 0..6 {
        let d = draft("P", &format!("Person{i}"), &format!("p{i}@x.example"));
        ids.push(privacy::contacts::create(&mut t.store, d, now()).unwrap());
    }
    give(&mut t, ids[0], "Newsletter", -10, 45); // valid, expires in ~6 weeks
    give(&mut t, ids[1], "Newsletter", -10, 10); // expiring, this month or next
    give(&mut t, ids[2], "Newsletter", -400, -5); // expired: not in the chart
    give(&mut t, ids[3], "Newsletter", -10, 100);
    privacy::consent::withdraw(&mut t.store, ids[3], "Newsletter", now()).unwrap(); // withdrawn
    give(&mut t, ids[4], "Newsletter", -300, 20);
    give(&mut t, ids[4], "Newsletter", -1, 200); // renewed: only the new expiry counts
    // ids[5]: no consent.

    let f = overview::figures(&t.store, now(), 12).unwrap();
    let list = privacy::contacts::list(&t.store, None, 100, Order::Unranked, now()).unwrap();
    for (status, n) in &f.counts {
        assert_eq!(
            *n,
            list.iter().filter(|s| s.status == *status).count(),
            "{status:?}"
        );
    }
    let count = |s| f.counts.iter().find(|(c, _)| *c == s).unwrap().1;
    assert_eq!(count(ConsentStatus::None), 1);
    assert_eq!(count(ConsentStatus::Withdrawn), 1);
    assert_eq!(count(ConsentStatus::Expired), 1);

    assert_eq!(f.expiries.len(), 12);
    assert_eq!((f.expiries[0].year, f.expiries[0].month), (2026, 11));
    assert_eq!(f.expiries.iter().map(|m| m.expiring).sum::<usize>(), 3);
    use chrono::Datelike;
    for d in [45, 10, 200] {
        let at = now() + days(d);
        let m = f
            .expiries
            .iter()
            .find(|m| m.year == at.year() && m.month == at.month())
            .unwrap();
        assert!(m.expiring >= 1, "an expiry in {}-{}", m.year, m.month);
    }
}

#[test]
fn settings_refuse_bad_input_and_audit_changes() {
    let mut t = TestStore::new();
    let purposes = privacy::consent::purposes(&t.store).unwrap();
    let mut p = purposes[0].clone();
    p.retention = RetentionRule::AfterLastActivity { months: 0 };
    assert!(settings::save_purpose(&mut t.store, &p, now()).is_err());
    p.retention = RetentionRule::AfterLastActivity { months: 48 };
    p.legal_basis = LegalBasis::LegitimateInterest;
    settings::save_purpose(&mut t.store, &p, now()).unwrap();
    let after = privacy::consent::purposes(&t.store).unwrap();
    assert_eq!(
        after[0].retention,
        RetentionRule::AfterLastActivity { months: 48 }
    );
    assert_eq!(after[0].legal_basis, LegalBasis::LegitimateInterest);

    // A new purpose may not take an existing name.
    let mut dup = purposes[1].clone();
    dup.id = PurposeId(0);
    assert!(settings::save_purpose(&mut t.store, &dup, now()).is_err());
    dup.name = "Webinars".into();
    settings::save_purpose(&mut t.store, &dup, now()).unwrap();
    assert_eq!(
        privacy::consent::purposes(&t.store).unwrap().len(),
        purposes.len() + 1
    );

    assert!(
        settings::set_exports_dir(&mut t.store, std::path::Path::new("relative"), now()).is_err()
    );
    let dir = t.dir.path().join("exports");
    settings::set_exports_dir(&mut t.store, &dir, now()).unwrap();
    assert_eq!(
        settings::get(&t.store, settings::EXPORTS_DIR).unwrap(),
        Some(dir.display().to_string())
    );
    assert!(settings::set_theme(&mut t.store, "purple", now()).is_err());
    settings::set_theme(&mut t.store, "light", now()).unwrap();

    let events = privacy::audit::events(&t.store, None).unwrap();
    let settings_events = events.iter().filter(|e| e.action == "settings").count();
    assert_eq!(settings_events, 4, "two purposes, the folder and the theme");
    assert!(
        events
            .iter()
            .all(|e| !e.detail.contains("exports/") && !e.detail.contains("Webinars")),
        "no values in the audit log"
    );
}
