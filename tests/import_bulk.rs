//! A large import on a real SQLCipher store: one transaction per file written while a second
//! thread parses. A failure in the middle of the file leaves nothing behind (no contact, no
//! audit event) and stops the parser instead of hanging; a whole file leaves one audit event
//! per created contact, a chain that verifies, and the page cache as it was.

mod common;

use common::*;
use rapport::privacy::{audit, import};
use rapport::store;

fn cards(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Person {i}\r\nN:Number{i};Person;;;\r\nEMAIL:person{i}@example.com\r\nEND:VCARD\r\n"
            )
        })
        .collect()
}

fn cache_size(t: &TestStore) -> i64 {
    t.store
        .raw_connection()
        .query_row("PRAGMA cache_size", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_failure_mid_file_leaves_nothing_then_the_whole_file_imports_and_verifies() {
    let mut t = TestStore::new();
    let path = t.dir.path().join("many.vcf");
    std::fs::write(&path, cards(3000)).unwrap();
    let cache = cache_size(&t);
    let events = audit::events(&t.store, None).unwrap().len();
    // Far more cards follow the failure than the channel between parser and writer holds.
    t.store
        .raw_connection()
        .execute_batch(
            "CREATE TEMP TRIGGER fail_early AFTER INSERT ON contact WHEN new.seq = 10
             BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
        )
        .unwrap();
    let opts = import::Options::default();
    assert!(import::import_file(&mut t.store, &path, &opts, now(), |_, _| {}).is_err());
    assert_eq!(t.store.read(store::contacts::count).unwrap(), 0);
    assert_eq!(audit::events(&t.store, None).unwrap().len(), events);
    assert_eq!(cache_size(&t), cache);

    t.store
        .raw_connection()
        .execute_batch("DROP TRIGGER fail_early")
        .unwrap();
    let report = import::import_file(&mut t.store, &path, &opts, now(), |_, _| {}).unwrap();
    assert_eq!(report.imported, 3000);
    assert_eq!(t.store.read(store::contacts::count).unwrap(), 3000);
    let all = audit::events(&t.store, None).unwrap();
    assert_eq!(all.iter().filter(|e| e.action == "create").count(), 3000);
    assert_eq!(all.iter().filter(|e| e.action == "import").count(), 1);
    assert_eq!(audit::verify(&t.store).unwrap(), Ok(all.len()));
    assert_eq!(cache_size(&t), cache);
    // The same file again: every card merges into its contact, nothing is created twice.
    let again = import::import_file(&mut t.store, &path, &opts, now(), |_, _| {}).unwrap();
    assert_eq!((again.imported, again.merged), (0, 3000));
    assert_eq!(
        audit::verify(&t.store).unwrap().map(|n| n > all.len()),
        Ok(true)
    );
}
