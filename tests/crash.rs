//! Crash safety: a child process writes contacts and reports each commit; it is killed with
//! SIGKILL at a random moment, 50 times. Each time the store must open, pass both integrity
//! checks, and hold every contact whose write had returned success.

mod common;

use rapport::domain::{Contact, ContactId};
use rapport::store::{self, Store};
use rapport::vault::DataKey;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
#[ignore = "the writer half of kill_a_writer_at_random_moments, run as a child process"]
fn crash_child_writer() {
    let dir = std::env::var("RAPPORT_CRASH_DIR").unwrap();
    let key = DataKey::parse_recovery(&std::env::var("RAPPORT_CRASH_KEY").unwrap()).unwrap();
    let mut s = Store::open(&std::path::Path::new(&dir).join(store::DB_FILE), &key).unwrap();
    let mut out = std::io::stdout().lock();
    for n in 0.. {
        let c = Contact::from_draft(
            ContactId::random(),
            common::draft("Crash", &format!("Writer{n}"), &format!("w{n}@example.com")),
            common::now(),
        );
        s.write(|tx| store::contacts::insert(tx, &c)).unwrap();
        writeln!(out, "committed {}", c.id).unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn kill_a_writer_at_random_moments() {
    let dir = tempfile::tempdir().unwrap();
    let key = DataKey::generate().unwrap();
    drop(Store::create(&dir.path().join(store::DB_FILE), &key, common::now()).unwrap());
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut acknowledged: Vec<ContactId> = Vec::new();
    for round in 0..50 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "crash_child_writer",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("RAPPORT_CRASH_DIR", dir.path())
            .env("RAPPORT_CRASH_KEY", key.to_hex().as_str())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let reader = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        let pump = std::thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                if let Some(id) = line.strip_prefix("committed ") {
                    let _ = tx.send(ContactId::parse(id).unwrap());
                }
            }
        });
        // Wait for the first commit, then kill after a random extra delay.
        let first = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the writer never committed");
        acknowledged.push(first);
        let deadline = Instant::now() + Duration::from_millis(rng.u64(0..120));
        while Instant::now() < deadline {
            if let Ok(id) = rx.try_recv() {
                acknowledged.push(id);
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        pump.join().unwrap();
        acknowledged.extend(rx.try_iter());

        let s = Store::open(&dir.path().join(store::DB_FILE), &key)
            .unwrap_or_else(|e| panic!("round {round}: the store does not open: {e}"));
        assert!(
            s.integrity_problems().unwrap().is_empty(),
            "round {round}: integrity check failed"
        );
        let missing = s.read(|tx| {
            let mut n = 0;
            for id in &acknowledged {
                if !store::contacts::exists(tx, *id)? {
                    n += 1;
                }
            }
            Ok(n)
        });
        assert_eq!(
            missing.unwrap(),
            0,
            "round {round}: a contact whose write had returned is gone"
        );
    }
    assert!(acknowledged.len() >= 50);
}
