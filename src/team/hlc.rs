//! The hybrid logical clock of team changes: milliseconds of wall time in the high 48 bits and a
//! counter in the low 16, so that one `u64` orders every change of the team totally (with the
//! device id as the tie-break) and a clock never runs backwards. Pure: `now` is passed in.

use serde::{Deserialize, Serialize};

/// How far ahead of this device's clock a remote change may be. Further ahead means the other
/// device's clock is wrong, and accepting it would drag every later change of the team there.
pub const MAX_DRIFT_MS: u64 = 5 * 60 * 1000;

const COUNTER_BITS: u32 = 16;
const COUNTER_MASK: u64 = (1 << COUNTER_BITS) - 1;

/// A hybrid logical clock value.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Hlc(pub u64);

/// A remote clock too far ahead of ours: the whole segment is refused and our clock stays.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
#[error(
    "a device's clock is {minutes} minutes ahead: its changes wait until its clock is set right"
)]
pub struct ClockAhead {
    pub minutes: u64,
}

impl Hlc {
    pub fn new(ms: u64, counter: u16) -> Hlc {
        Hlc(ms << COUNTER_BITS | u64::from(counter))
    }

    pub fn ms(self) -> u64 {
        self.0 >> COUNTER_BITS
    }

    pub fn counter(self) -> u16 {
        (self.0 & COUNTER_MASK) as u16
    }

    /// The clock of a new local change: wall time if it moved on, else one more than the last.
    /// A full counter moves into the next millisecond instead of wrapping.
    pub fn tick(self, now_ms: u64) -> Hlc {
        if now_ms > self.ms() {
            Hlc::new(now_ms, 0)
        } else {
            Hlc(self.0 + 1)
        }
    }

    /// Whether `remote` is acceptable at `now_ms`.
    pub fn check(remote: Hlc, now_ms: u64) -> Result<(), ClockAhead> {
        let limit = now_ms.saturating_add(MAX_DRIFT_MS);
        if remote.ms() > limit {
            // Rounded up: "1 minute ahead" for 5 min 10 s past the limit would undersell it.
            let ahead = remote.ms() - now_ms;
            return Err(ClockAhead {
                minutes: ahead.div_ceil(60_000),
            });
        }
        Ok(())
    }

    /// Our clock after accepting changes up to `remote` (call only once they are applied), so
    /// that every later local change sorts after everything this device has seen.
    pub fn observe(self, remote: Hlc) -> Hlc {
        self.max(remote)
    }

    /// As stored in SQLite (an INTEGER is signed; 48 bits of milliseconds never reach the sign).
    pub fn to_db(self) -> i64 {
        self.0 as i64
    }

    pub fn from_db(v: i64) -> Hlc {
        Hlc(v.max(0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_never_go_back_even_when_the_wall_clock_does() {
        let a = Hlc::default().tick(1_000);
        let b = a.tick(900);
        let c = b.tick(900);
        assert!(a < b && b < c);
        assert_eq!(c.ms(), 1_000);
        assert_eq!(c.counter(), 2);
        assert_eq!(c.tick(2_000), Hlc::new(2_000, 0));
    }

    #[test]
    fn a_full_counter_carries_into_the_next_millisecond() {
        let full = Hlc::new(5, u16::MAX);
        assert_eq!(full.tick(5), Hlc::new(6, 0));
    }

    #[test]
    fn five_minutes_ahead_is_accepted_and_more_refused() {
        let now = 10_000_000;
        assert!(Hlc::check(Hlc::new(now + MAX_DRIFT_MS, 9), now).is_ok());
        let err = Hlc::check(Hlc::new(now + 9 * 60_000, 0), now).unwrap_err();
        assert_eq!(err.minutes, 9);
        assert!(err.to_string().contains("9 minutes ahead"));
    }
}
