//! Backups never resurrect the erased, on real SQLCipher files: backup → erase → restore leaves
//! the erased person out of the restored store (the erasure ledger beside the vault replays it)
//! and a re-import of them is flagged; the recovery key (the raw data key) opens a backup with
//! plain SQLCipher; a restore without the ledger is refused unless forced, and a backup of
//! another store is refused, the current store untouched.

mod common;

use common::{days, draft, now};
use rapport::domain::ContactId;
use rapport::privacy::{self, backup, erasure::Reason};
use rapport::store::{DB_FILE, Store};
use rapport::vault::DataKey;
use std::path::Path;

fn store_in(dir: &Path, key: &DataKey) -> (Store, ContactId, ContactId) {
    let mut s = Store::create(&dir.join(DB_FILE), key, now()).unwrap();
    let a = privacy::contacts::create(
        &mut s,
        draft("Astrid", "Lindqvist", "astrid.lindqvist@example.com"),
        now(),
    )
    .unwrap();
    let b =
        privacy::contacts::create(&mut s, draft("Bo", "Ek", "bo.ek@example.com"), now()).unwrap();
    (s, a, b)
}

fn exists(s: &Store, id: ContactId) -> bool {
    s.read(|tx| rapport::store::contacts::exists(tx, id))
        .unwrap()
}

#[test]
fn backup_erase_restore_does_not_bring_the_erased_back() {
    let data = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let key = DataKey::generate().unwrap();
    let (mut s, astrid, bo) = store_in(data.path(), &key);
    let file = elsewhere.path().join("monday.rapport-backup");
    backup::backup(&mut s, &file, now()).unwrap();
    assert!(!backup::backup_due(&s, now() + days(6)).unwrap());
    assert!(backup::backup_due(&s, now() + days(8)).unwrap());
    // Refuses to overwrite.
    assert!(backup::backup(&mut s, &file, now()).is_err());

    // The backup is a SQLCipher file the recovery key (the raw key) opens with plain SQLCipher.
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = {};",
            key.sqlcipher_literal().as_str()
        ))
        .unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM contact", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    }
    let raw = std::fs::read(&file).unwrap();
    assert!(
        !common::contains(&raw, b"Lindqvist"),
        "the backup is encrypted"
    );

    // After the backup: Astrid is erased, and a new contact is added.
    privacy::erasure::erase(&mut s, astrid, Reason::SubjectRequest, now() + days(1)).unwrap();
    let cecilia = privacy::contacts::create(
        &mut s,
        draft("Cecilia", "Holm", "cecilia@example.com"),
        now(),
    )
    .unwrap();
    let ledger = std::fs::read_to_string(backup::ledger_path(data.path())).unwrap();
    assert!(ledger.contains(&astrid.to_string()));
    assert!(!ledger.contains("Lindqvist") && !ledger.contains("astrid.lindqvist"));
    drop(s);

    let r = backup::restore(data.path(), &key, &file, false, now() + days(2)).unwrap();
    assert_eq!(r.replayed, 1);
    assert!(!r.without_ledger);
    let mut s = Store::open(&data.path().join(DB_FILE), &key).unwrap();
    assert!(!exists(&s, astrid), "the erased person came back");
    assert!(exists(&s, bo));
    assert!(!exists(&s, cecilia), "the store is the backup's");
    assert!(
        s.read(|tx| rapport::store::erasure::tombstone(tx, astrid))
            .unwrap()
            .is_some()
    );
    assert!(privacy::audit::verify(&s).unwrap().is_ok());

    // Importing the erased person again is flagged, not silent.
    let vcf = elsewhere.path().join("old-list.vcf");
    std::fs::write(&vcf, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Astrid Lindqvist\r\nN:Lindqvist;Astrid;;;\r\nEMAIL:astrid.lindqvist@example.com\r\nEND:VCARD\r\n").unwrap();
    let report = privacy::import::import_file(
        &mut s,
        &vcf,
        &privacy::import::Options::default(),
        now() + days(3),
        |_, _| {},
    )
    .unwrap();
    assert_eq!(
        report.flagged, 1,
        "a re-import of the erased person is flagged"
    );

    // No plaintext trace of her on any decrypted page of the restored database.
    drop(s);
    let db = std::fs::read(data.path().join(DB_FILE)).unwrap();
    for page in common::decrypt_db(&key, &db) {
        assert!(!common::contains(&page, b"Lindqvist"));
        assert!(!common::contains(&page, b"astrid.lindqvist"));
    }
}

#[test]
fn a_restore_without_the_ledger_is_refused_unless_forced() {
    let data = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let key = DataKey::generate().unwrap();
    let (mut s, astrid, _) = store_in(data.path(), &key);
    let file = elsewhere.path().join("b.db");
    backup::backup(&mut s, &file, now()).unwrap();
    privacy::erasure::erase(&mut s, astrid, Reason::SubjectRequest, now()).unwrap();
    drop(s);
    std::fs::remove_file(backup::ledger_path(data.path())).unwrap();
    let before = std::fs::read(data.path().join(DB_FILE)).unwrap();
    let err = backup::restore(data.path(), &key, &file, false, now())
        .unwrap_err()
        .to_string();
    assert!(err.contains("--force") && err.contains("ledger"), "{err}");
    assert_eq!(
        std::fs::read(data.path().join(DB_FILE)).unwrap(),
        before,
        "nothing changed"
    );

    // A backup of another store is refused, the current store untouched.
    let other_dir = tempfile::tempdir().unwrap();
    let other_key = DataKey::generate().unwrap();
    let (mut o, _, _) = store_in(other_dir.path(), &other_key);
    let other = elsewhere.path().join("other.db");
    backup::backup(&mut o, &other, now()).unwrap();
    let err = backup::restore(data.path(), &key, &other, true, now())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not made from this store"), "{err}");
    assert_eq!(std::fs::read(data.path().join(DB_FILE)).unwrap(), before);

    // Forced: the store is the backup's, and the erased person is back (as the message warned).
    let r = backup::restore(data.path(), &key, &file, true, now()).unwrap();
    assert!(r.without_ledger);
    let s = Store::open(&data.path().join(DB_FILE), &key).unwrap();
    assert!(exists(&s, astrid));
}
