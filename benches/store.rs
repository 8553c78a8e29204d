//! `cargo bench --bench store`: the store and privacy operations of issue 6 (divan), on one
//! synthetic store per process built with the demo generator in a temporary directory
//! (`RAPPORT_BENCH_CONTACTS` contacts, default 10,000; 300 when `cargo test` runs this file
//! once as a smoke test). The directory is removed at the end. Timings only, never data.

use rapport::domain::{Channel, ContactId, Instant, LegalBasis};
use rapport::privacy::{access_export, audience, contacts, demo, erasure};
use rapport::store::search::Order;
use rapport::store::{self, Store};
use rapport::vault::DataKey;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The store shared by every benchmark of the process.
struct Fixture {
    dir: tempfile::TempDir,
    path: PathBuf,
    key: DataKey,
    now: Instant,
    store: Mutex<Store>,
    /// Every contact id, in a fixed shuffled order: opened and exported from the front,
    /// erased from the back (`erased` counts them).
    ids: Vec<ContactId>,
    erased: AtomicUsize,
    audience: audience::Request,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

fn size() -> usize {
    let bench = std::env::args().any(|a| a == "--bench");
    std::env::var("RAPPORT_BENCH_CONTACTS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(if bench { 10_000 } else { 300 })
        .max(100)
}

fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(|| {
        let n = size();
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("bench.db");
        let key = DataKey::generate().expect("random key");
        let now = chrono::Utc::now();
        let mut s = Store::create(&path, &key, now).expect("create store");
        demo::generate(&mut s, n, 42, now, |_, _| {}).expect("demo contacts");
        s.checkpoint_truncate().expect("checkpoint");
        let mut ids = s.read(store::contacts::all_ids).expect("ids");
        fastrand::Rng::with_seed(7).shuffle(&mut ids);
        let purposes = s.read(store::purposes::list).expect("purposes");
        let purpose = purposes
            .iter()
            .find(|p| p.legal_basis == LegalBasis::Consent && p.marketing)
            .or_else(|| purposes.first())
            .expect("a purpose");
        let audience = audience::Request {
            purpose: purpose.name.clone(),
            channel: Channel::Email,
            interests: vec!["golf".into()],
            include_unknown: false,
            activity: None,
        };
        eprintln!("rapport bench store: {n} contacts");
        Fixture {
            dir,
            path,
            key,
            now,
            store: Mutex::new(s),
            ids,
            erased: AtomicUsize::new(0),
            audience,
        }
    })
}

fn main() {
    fixture();
    divan::main();
    if let Some(f) = FIXTURE.get() {
        let _ = std::fs::remove_dir_all(f.dir.path());
    }
}

/// Open the store (raw key, no KDF) and read the first page of the list.
#[divan::bench(sample_count = 30)]
fn open_first_page() -> usize {
    let f = fixture();
    let s = Store::open(&f.path, &f.key).expect("open");
    contacts::list(&s, None, 50, Order::Unranked, f.now)
        .expect("list")
        .len()
}

#[divan::bench(args = ["as", "la", "mi", "jo"])]
fn search_2(text: &str) -> usize {
    let f = fixture();
    let s = f.store.lock().expect("store");
    contacts::list(&s, Some(text), 50, Order::Unranked, f.now)
        .expect("search")
        .len()
}

#[divan::bench(args = ["a", "l", "m", "s"])]
fn search_1(text: &str) -> usize {
    let f = fixture();
    let s = f.store.lock().expect("store");
    contacts::list(&s, Some(text), 50, Order::Unranked, f.now)
        .expect("search")
        .len()
}

#[divan::bench]
fn open_contact(b: divan::Bencher) {
    let f = fixture();
    let s = f.store.lock().expect("store");
    let mut i = 0;
    b.with_inputs(|| {
        i = (i + 1) % (f.ids.len() / 2);
        f.ids[i]
    })
    .bench_local_values(|id| contacts::load(&s, id, f.now).expect("load"));
}

#[divan::bench(sample_count = 30, sample_size = 1)]
fn export_one(b: divan::Bencher) {
    let f = fixture();
    let mut s = f.store.lock().expect("store");
    let out = f.dir.path().join("export.zip");
    let mut i = 0;
    b.with_inputs(|| {
        i = (i + 1) % (f.ids.len() / 2);
        f.ids[i]
    })
    .bench_local_values(|id| access_export::export(&mut s, id, &out, f.now).expect("export"));
}

/// Each run erases a different contact, from the back half of the shuffled ids.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn erase_one(b: divan::Bencher) {
    let f = fixture();
    let mut s = f.store.lock().expect("store");
    b.with_inputs(|| {
        let k = f.erased.fetch_add(1, Ordering::Relaxed);
        assert!(k < f.ids.len() / 2, "more erasures than contacts set aside");
        f.ids[f.ids.len() - 1 - k]
    })
    .bench_local_values(|id| {
        erasure::erase(&mut s, id, erasure::Reason::SubjectRequest, f.now).expect("erase")
    });
}

/// A consent-based marketing purpose, by email, to golfers: as the app shows it (everyone
/// decided, the first 50 by name with addresses).
#[divan::bench(sample_count = 30)]
fn audience() -> usize {
    let f = fixture();
    let s = f.store.lock().expect("store");
    audience::preview(&s, &f.audience, f.now, 50)
        .expect("audience")
        .total
}
