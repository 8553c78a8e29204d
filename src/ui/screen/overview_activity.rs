//! The audience builder's activity criterion as its pickers show it (issue 15): none asked,
//! any activity or one kind, and how many months back it looks.

use crate::domain::activity::Kind;
use crate::ui::text;

/// The activity criterion as its picker shows it: none, any activity, or one kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ActivityChoice {
    Unasked,
    Any,
    Kind(Kind),
}

impl ActivityChoice {
    pub fn all() -> Vec<Self> {
        let kinds = Kind::ALL.into_iter().map(Self::Kind);
        [Self::Unasked, Self::Any]
            .into_iter()
            .chain(kinds)
            .collect()
    }
}

impl std::fmt::Display for ActivityChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Unasked => text::ACTIVITY_UNASKED.get(),
            Self::Any => text::ACTIVITY_ANY.get(),
            Self::Kind(k) => text::activity_kind(*k),
        })
    }
}

/// How far back the activity criterion looks, as its picker shows it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Months(pub u32);

impl Months {
    pub const ALL: [Months; 5] = [Months(3), Months(6), Months(12), Months(24), Months(36)];
}

impl std::fmt::Display for Months {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&text::in_last_months(self.0 as usize))
    }
}
