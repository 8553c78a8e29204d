//! Numbers in each language's form: English `12,345.5`, Swedish `12 345,5` (a no-break space
//! groups thousands, as the Swedish Language Council and CLDR write them). Fluent's own number
//! output has no grouping, so the catalogues' bundles call these through a formatter hook.

use super::Lang;
use fluent_bundle::FluentValue;

/// Swedish groups with U+00A0 so that a number never breaks across two lines.
const SV_GROUP: char = '\u{a0}';

fn marks(lang: Lang) -> (char, char) {
    match lang {
        Lang::En => (',', '.'),
        Lang::Sv => (SV_GROUP, ','),
    }
}

/// A whole number with the language's thousands separator.
pub fn format_integer(lang: Lang, n: i64) -> String {
    let (group, _) = marks(lang);
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        // A hyphen rather than U+2212: it is what users type and search for.
        out.push('-');
    }
    let first = digits.len() % 3;
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (i + 3 - first).is_multiple_of(3) {
            out.push(group);
        }
        out.push(d);
    }
    out
}

/// Any number: whole numbers grouped, fractions with the language's decimal mark (as many
/// fraction digits as Rust's shortest round-trip form has).
pub fn format_number(lang: Lang, x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        return format_integer(lang, x as i64);
    }
    let (_, decimal) = marks(lang);
    let plain = x.abs().to_string();
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let int: i64 = int.parse().unwrap_or(0);
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}{}{decimal}{frac}", format_integer(lang, int))
}

fn fluent(lang: Lang, value: &FluentValue) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.options.minimum_fraction_digits.is_none() => {
            Some(format_number(lang, n.value))
        }
        _ => None,
    }
}

/// The formatter hook of the English bundle.
pub(super) fn fluent_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    fluent(Lang::En, value)
}

/// The formatter hook of the Swedish bundle.
pub(super) fn fluent_sv<M>(value: &FluentValue, _: &M) -> Option<String> {
    fluent(Lang::Sv, value)
}
