//! Output of `rapport-bench`: p50/p95 statistics, the table, the JSON lines, and the peak RSS.
//! Only operation names and timings are printed, never data.

use std::time::Duration;

/// p50/p95 of one set of runs, in milliseconds.
#[derive(Clone, Copy, Default)]
pub struct Stats {
    pub p50: f64,
    pub p95: f64,
}

pub fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1];
    Stats {
        p50: ms(at(0.5)),
        p95: ms(at(0.95)),
    }
}

/// One operation's figures.
pub struct Line {
    pub op: &'static str,
    pub ours: Stats,
    pub plain: Stats,
    pub enc: Stats,
    pub runs: usize,
}

/// Prints the table, or one JSON object per line.
pub fn report(lines: &[Line], n: usize, json: bool) {
    if json {
        for l in lines {
            println!(
                "{}",
                serde_json::json!({
                    "op": l.op, "n": n,
                    "ours_p50_ms": l.ours.p50, "ours_p95_ms": l.ours.p95,
                    "plain_p50_ms": l.plain.p50, "plain_p95_ms": l.plain.p95,
                    "ratio_vs_plain": l.ours.p50 / l.plain.p50.max(1e-6),
                    "sqlcipher_p50_ms": l.enc.p50, "sqlcipher_p95_ms": l.enc.p95,
                    "runs": l.runs,
                })
            );
        }
        return;
    }
    println!("n = {n} contacts; times in ms (p50 / p95); ratios of p50");
    println!(
        "{:<16} {:>5} {:>19} {:>19} {:>19} {:>8} {:>8}",
        "op", "runs", "ours", "plain rusqlite", "sqlcipher rusqlite", "÷plain", "÷cipher"
    );
    for l in lines {
        let f = |s: Stats| format!("{:.3} / {:.3}", s.p50, s.p95);
        println!(
            "{:<16} {:>5} {:>19} {:>19} {:>19} {:>8.2} {:>8.2}",
            l.op,
            l.runs,
            f(l.ours),
            f(l.plain),
            f(l.enc),
            l.ours.p50 / l.plain.p50.max(1e-6),
            l.ours.p50 / l.enc.p50.max(1e-6)
        );
    }
}

/// The process's peak resident set size, as the kernel words it.
pub fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_string())
}
