//! Mutation fuzzer for the import parsers, on the stable toolchain (no cargo-fuzz, no nightly).
//!
//! Seeded with every file under `../shared/realdata/vcard` and `../shared/realdata/csv`, each
//! test mutates those inputs (bit flips, byte insert/delete, truncation, splicing two files,
//! duplicated lines, and the bytes parsers trip on: `=`, `\r`, `;`, `"`, NUL, high bytes, BOMs)
//! for a bounded time and feeds them to one parser, asserting that it never panics and that each
//! input finishes within [`PER_INPUT`]. One `#[test]` per parser:
//! `decode_and_record` (`decode::decode` + `record::read`, drained), `vcard_in` and `csv_in`.
//!
//! Run longer (e.g. ten minutes per parser, release build for more inputs per second):
//!
//! ```text
//! RAPPORT_FUZZ_SECS=600 cargo test --release --test fuzz_parsers -- --nocapture
//! ```
//!
//! Every run prints its master seed. A failure names the master seed and the case seed;
//! replay the same run with `RAPPORT_FUZZ_SEED=<master>`, or just the failing input with
//! `RAPPORT_FUZZ_CASE=<case>` (the input is rebuilt from the case seed and the corpus).
//! Input bytes are never printed beyond a short hex prefix (the corpus is public test data, but
//! a mutated name is still better left unprinted).

use rapport::exchange::{csv_in, decode, record, vcard_in};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod realdata;

/// Longest time one input may take before the parser is declared stuck.
const PER_INPUT: Duration = Duration::from_secs(5);
/// Mutated inputs are cut to this size so splicing cannot grow them without bound.
const MAX_LEN: usize = 256 * 1024;

/// A parser under test: gets raw bytes, must return without panicking.
type Target = fn(&[u8]);

fn target_decode_and_record(bytes: &[u8]) {
    if let Ok(doc) = decode::decode(bytes)
        && let Ok((_, records)) = record::read(&doc)
    {
        for item in records {
            std::hint::black_box(item.line());
        }
    }
}

fn target_vcard(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(cards) = vcard_in::parse(&text) {
        for item in cards {
            std::hint::black_box(item.line());
        }
    }
}

fn target_csv(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(rows) = csv_in::parse(&text) {
        for item in rows {
            std::hint::black_box(item.line());
        }
    }
}

/// The corpus files, or `None` when the corpus is absent (see `realdata`).
fn corpus() -> Option<Vec<Vec<u8>>> {
    let root = realdata::root()?;
    let mut files = Vec::new();
    for dir in ["vcard", "csv"] {
        let entries = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("corpus folder {dir} missing: {e}"));
        let mut paths: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        for p in paths.into_iter().filter(|p| p.is_file()) {
            files.push(std::fs::read(&p).expect("read corpus file"));
        }
    }
    assert!(files.len() >= 10, "corpus too small: {}", files.len());
    Some(files)
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Bytes that parsers of these formats treat specially.
const SPECIAL: &[&[u8]] = &[
    b"=",
    b"=\r\n",
    b"\r",
    b"\r\n",
    b"\n",
    b";",
    b",",
    b":",
    b"\"",
    b"\"\"",
    b"\0",
    b"\xFF",
    b"\xC3",
    b"\xE2\x82",
    b"\xF0\x9F\x98",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\\",
    b"^",
    b" ",
    b"\t",
    b"BEGIN:VCARD\r\n",
    b"END:VCARD\r\n",
    b";CHARSET=UTF-16",
    b";ENCODING=QUOTED-PRINTABLE:",
    b";ENCODING=b:",
    b"=C3=",
    b"item1.",
    b"AGENT:",
];

/// One mutation of `data`, in place.
fn mutate_once(rng: &mut fastrand::Rng, data: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    let len = data.len();
    match rng.u8(0..10) {
        0 if len > 0 => {
            let i = rng.usize(0..len);
            data[i] ^= 1 << rng.u8(0..8);
        }
        1 => {
            let i = rng.usize(0..=len);
            data.insert(i, rng.u8(..));
        }
        2 if len > 0 => {
            let i = rng.usize(0..len);
            let n = rng.usize(1..=16).min(len - i);
            data.drain(i..i + n);
        }
        3 if len > 0 => data.truncate(rng.usize(0..len)),
        4 => {
            // Splice: our head, another file's tail.
            let other = &corpus[rng.usize(0..corpus.len())];
            let cut = rng.usize(0..=len);
            let from = rng.usize(0..=other.len());
            data.truncate(cut);
            data.extend_from_slice(&other[from..]);
        }
        5 if len > 0 => {
            // Duplicate a line (some lines many times over).
            let i = rng.usize(0..len);
            let start = data[..i]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |p| p + 1);
            let end = data[i..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(len, |p| i + p + 1);
            let line = data[start..end].to_vec();
            let times = if rng.u8(0..8) == 0 {
                rng.usize(2..200)
            } else {
                1
            };
            for _ in 0..times {
                data.splice(end..end, line.iter().copied());
            }
        }
        6 | 7 => {
            let i = rng.usize(0..=len);
            let s = SPECIAL[rng.usize(0..SPECIAL.len())];
            data.splice(i..i, s.iter().copied());
        }
        8 if len > 0 => {
            // Overwrite a byte with a high or control byte.
            let i = rng.usize(0..len);
            data[i] = [0x00, 0x0D, 0x3D, 0x80, 0xA0, 0xC0, 0xFE, 0xFF][rng.usize(0..8)];
        }
        _ => {
            // Convert a stretch to UTF-16 LE or BE (what phone exports do), maybe with a BOM.
            let be = rng.bool();
            let mut out = Vec::with_capacity(len * 2 + 2);
            if rng.bool() {
                out.extend_from_slice(if be { b"\xFE\xFF" } else { b"\xFF\xFE" });
            }
            for b in data.iter() {
                out.extend_from_slice(&if be { [0, *b] } else { [*b, 0] });
            }
            *data = out;
        }
    }
    data.truncate(MAX_LEN);
}

/// The input for one case: a corpus file with 1 to 8 mutations, all drawn from `case_seed`.
fn make_input(case_seed: u64, corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(case_seed);
    let mut data = corpus[rng.usize(0..corpus.len())].clone();
    for _ in 0..rng.usize(1..=8) {
        mutate_once(&mut rng, &mut data, corpus);
    }
    data
}

fn hex_prefix(data: &[u8]) -> String {
    data.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The name of the thread that runs parsers.
const WORKER: &str = "fuzz-worker";

/// Runs `target` on mutated inputs for the configured time, in a worker thread so a stuck
/// parser is detected rather than hanging the test.
fn fuzz(name: &'static str, target: Target) {
    let Some(corpus) = corpus() else { return };
    // A parser's panic message (e.g. a bad slice index) can quote the text: in the worker,
    // print the location only. Our own failure messages elsewhere are printed in full.
    std::panic::set_hook(Box::new(|info| {
        if std::thread::current().name() == Some(WORKER) {
            let at = info.location().map(ToString::to_string).unwrap_or_default();
            eprintln!("fuzz: parser panicked at {at} (message withheld: it may quote the input)");
        } else {
            eprintln!("{info}");
        }
    }));
    let secs = env_u64("RAPPORT_FUZZ_SECS").unwrap_or(15);
    let master = env_u64("RAPPORT_FUZZ_SEED").unwrap_or_else(|| fastrand::u64(..));
    let single = env_u64("RAPPORT_FUZZ_CASE");
    println!("fuzz {name}: seed {master} (replay: RAPPORT_FUZZ_SEED={master}), {secs} s");

    let (to_worker, inbox) = mpsc::channel::<Vec<u8>>();
    let (to_main, outbox) = mpsc::channel::<bool>();
    let worker = std::thread::Builder::new()
        .name(WORKER.into())
        .spawn(move || {
            for input in inbox {
                let ok = catch_unwind(AssertUnwindSafe(|| target(&input))).is_ok();
                if to_main.send(ok).is_err() {
                    break;
                }
            }
        })
        .expect("spawn worker");

    // Every corpus file as-is first, then mutations until the deadline.
    let mut master_rng = fastrand::Rng::with_seed(master);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut cases, mut bytes) = (0u64, 0usize);
    let mut next = 0usize;
    loop {
        let (case, input) = if let Some(case) = single {
            if cases > 0 {
                break;
            }
            (Some(case), make_input(case, &corpus))
        } else if next < corpus.len() {
            next += 1;
            (None, corpus[next - 1].clone())
        } else if Instant::now() < deadline {
            let case = master_rng.u64(..);
            (Some(case), make_input(case, &corpus))
        } else {
            break;
        };
        let described = || {
            let which = case.map_or_else(
                || format!("unmutated corpus file #{}", next - 1),
                |c| format!("RAPPORT_FUZZ_CASE={c}"),
            );
            format!(
                "{which} (seed {master}), input {} bytes, starts {}",
                input.len(),
                hex_prefix(&input)
            )
        };
        let len = input.len();
        let started = Instant::now();
        to_worker.send(input.clone()).expect("worker alive");
        match outbox.recv_timeout(PER_INPUT) {
            Ok(true) => {}
            Ok(false) => panic!("{name} panicked on {}", described()),
            Err(_) => panic!(
                "{name} took over {PER_INPUT:?} on {} (still running)",
                described()
            ),
        }
        let took = started.elapsed();
        assert!(took < PER_INPUT, "{name} took {took:?} on {}", described());
        cases += 1;
        bytes += len;
    }
    drop(to_worker);
    worker.join().expect("worker exits");
    println!("fuzz {name}: {cases} inputs, {bytes} bytes, no panic, none over {PER_INPUT:?}");
}

#[test]
fn decode_and_record() {
    fuzz("decode+record", target_decode_and_record);
}

#[test]
fn vcard_in() {
    fuzz("vcard_in", target_vcard);
}

#[test]
fn csv_in() {
    fuzz("csv_in", target_csv);
}

/// The mutator itself is deterministic: the same case seed gives the same input (so the
/// replay instructions printed on failure are true).
#[test]
fn cases_replay() {
    let Some(corpus) = corpus() else { return };
    for case in [0u64, 1, 42, u64::MAX] {
        assert_eq!(make_input(case, &corpus), make_input(case, &corpus));
    }
}
