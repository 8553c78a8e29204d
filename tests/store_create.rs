//! Creating stores on many threads at once, and in particular at the very start of a process,
//! while SQLCipher is still starting (issue 16: `Store::create` → `Database("Unknown")` about
//! once in 60 runs of a test binary whose first two tests create stores at the same instant).
//! SQLite lets other threads through as soon as it is initialised itself, before SQLCipher's
//! own start-up (`sqlcipher_extra_init`) has finished; a `PRAGMA key` in that moment failed.
//! The gdb test holds the first thread inside `sqlcipher_extra_init` for two seconds, which made
//! the other thread's create fail every time before `store::sqlcipher_ready` existed.

mod common;

use rapport::store::{DB_FILE, Store};
use rapport::vault::DataKey;
use std::process::Command;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `threads` threads, released together, each creating `rounds` stores; the errors.
fn create_at_once(threads: usize, rounds: usize) -> Vec<String> {
    let barrier = std::sync::Barrier::new(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut failed = Vec::new();
                    for _ in 0..rounds {
                        let dir = tempfile::tempdir().unwrap();
                        let key = DataKey::generate().unwrap();
                        barrier.wait();
                        let path = dir.path().join(DB_FILE);
                        match Store::create(&path, &key, common::now()) {
                            Ok(store) => drop(store),
                            Err(e) => failed.push(format!("{e:?} / {e}")),
                        }
                    }
                    failed
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

/// Also the body of the child processes below (with the thread count they set).
#[test]
fn many_threads_create_stores_at_once() {
    let threads = env_usize("RAPPORT_CREATE_THREADS", 8);
    let rounds = env_usize("RAPPORT_CREATE_ROUNDS", 4);
    let failures = create_at_once(threads, rounds);
    assert!(
        failures.is_empty(),
        "{} of {} creates failed: {failures:?}",
        failures.len(),
        threads * rounds
    );
}

fn child(threads: usize) -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args([
        "--exact",
        "many_threads_create_stores_at_once",
        "--test-threads",
        "1",
    ])
    .env("RAPPORT_CREATE_THREADS", threads.to_string())
    .env("RAPPORT_CREATE_ROUNDS", "1");
    c
}

/// The start of a process is when SQLCipher starts: fresh processes, each with threads that
/// create their first stores at the same instant.
#[test]
fn fresh_processes_create_their_first_stores_on_many_threads() {
    for run in 0..env_usize("RAPPORT_CREATE_PROCESSES", 12) {
        let out = child(6).output().unwrap();
        assert!(
            out.status.success(),
            "run {run}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn have_gdb() -> bool {
    Command::new("gdb")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Deterministic: gdb (non-stop mode) holds the thread that starts SQLCipher at the entry of
/// `sqlcipher_extra_init` for two seconds while the other thread creates its store.
#[test]
fn a_store_is_created_while_another_thread_is_still_starting_sqlcipher() {
    if !have_gdb() {
        if std::env::var_os("CI").is_some() {
            panic!("gdb is not installed: CI must install it (apt-get install -y gdb)");
        }
        eprintln!("note: skipping the SQLCipher start-up race test: gdb is not installed");
        return;
    }
    let script = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        script.path(),
        "set non-stop on\nset pagination off\nset confirm off\n\
         break sqlcipher_extra_init\nrun\nshell sleep 2\ncontinue -a\n",
    )
    .unwrap();
    let plan = child(2);
    let out = Command::new("gdb")
        .args(["-q", "-batch", "-x"])
        .arg(script.path())
        .arg("--args")
        .arg(plan.get_program())
        .args(plan.get_args())
        .envs(plan.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("hit Breakpoint 1"),
        "gdb never held SQLCipher's start-up, so this proved nothing: {text}"
    );
    // gdb's thread messages can land inside the harness's "test result" line, so the child's
    // exit status (gdb: "exited normally" = status 0) is what tells that the test passed.
    assert!(
        text.contains("exited normally") && !text.contains("FAILED"),
        "a store created while SQLCipher was starting failed: {text}"
    );
}
