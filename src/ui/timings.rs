//! Opt-in timings for measuring the app (`RAPPORT_TIMINGS=1`): one line per event on stderr,
//! `rapport-timing NAME MS`, with the milliseconds since the app started or since the event
//! began. Names and numbers only — never a query, a name or any other value the user typed.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();
static ENABLED: OnceLock<bool> = OnceLock::new();

/// Whether `RAPPORT_TIMINGS` asks for timings.
pub fn enabled() -> bool {
    *ENABLED.get_or_init(|| std::env::var_os("RAPPORT_TIMINGS").is_some_and(|v| v == "1"))
}

/// Marks the start of the app (the first call wins).
pub fn start() {
    START.get_or_init(Instant::now);
}

/// Reports `name` with the time since `since`.
pub fn since(name: &str, since: Instant) {
    if enabled() {
        let ms = since.elapsed().as_secs_f64() * 1e3;
        eprintln!("rapport-timing {name} {ms:.2}");
    }
}

/// Reports `name` with the time since the app started (the caller reports each name once),
/// and the wall-clock time as `rapport-timing-epoch NAME MS_SINCE_1970`, so that a script can
/// add the time from its own launch of the process to the app's start.
pub fn since_start(name: &str) {
    if let Some(start) = START.get() {
        since(name, *start);
    }
    if enabled() {
        let epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1e3);
        eprintln!("rapport-timing-epoch {name} {epoch:.1}");
    }
}
