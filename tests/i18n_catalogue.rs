//! The catalogues are complete and consistent: every key exists in English and in Swedish, with
//! the same arguments; a loader holding Swedish alone (no English behind it) answers every key;
//! every key the app looks up exists; plural rules and number forms per language.

use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement};
use rapport::i18n::{self, Lang};
use std::collections::{BTreeMap, BTreeSet};

const CATALOGUES: [(Lang, &str); 2] = [
    (Lang::En, include_str!("../i18n/en/rapport.ftl")),
    (Lang::Sv, include_str!("../i18n/sv/rapport.ftl")),
];

/// Message id → the variables its value and attributes use.
type Keys = BTreeMap<String, BTreeSet<String>>;

fn keys(lang: Lang, source: &str) -> Keys {
    let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(_, errors)| {
        panic!("{} catalogue does not parse: {errors:?}", lang.code())
    });
    let mut out = Keys::new();
    for entry in resource.body {
        let (id, value, attributes) = match entry {
            Entry::Message(m) => (m.id.name.to_string(), m.value, m.attributes),
            Entry::Term(t) => (format!("-{}", t.id.name), Some(t.value), t.attributes),
            _ => continue,
        };
        let mut vars = BTreeSet::new();
        for pattern in value.iter().chain(attributes.iter().map(|a| &a.value)) {
            pattern_vars(pattern, &mut vars);
        }
        assert!(
            out.insert(id.clone(), vars).is_none(),
            "{} catalogue defines {id} twice",
            lang.code()
        );
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        Expression::Inline(i) => inline_vars(i, vars),
        Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
    }
}

fn inline_vars(i: &InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
        }
        _ => {}
    }
}

#[test]
fn every_key_exists_in_both_languages_with_the_same_arguments() {
    let [(_, en), (_, sv)] = CATALOGUES.map(|(l, s)| (l, keys(l, s)));
    assert!(en.len() > 150, "the English catalogue looks truncated");
    let only_en: Vec<_> = en.keys().filter(|k| !sv.contains_key(*k)).collect();
    let only_sv: Vec<_> = sv.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "missing in Swedish: {only_en:?}");
    assert!(only_sv.is_empty(), "missing in English: {only_sv:?}");
    for (id, vars) in &en {
        assert_eq!(
            Some(vars),
            sv.get(id),
            "{id}: the Swedish message uses other arguments than the English one"
        );
    }
}

#[test]
fn a_loader_holding_one_language_alone_answers_every_key() {
    let en = keys(Lang::En, CATALOGUES[0].1);
    for lang in Lang::ALL {
        // Built with the language as its own fallback, so nothing is answered in English.
        let strict = i18n::strict_loader(lang);
        let missing: Vec<_> = en.keys().filter(|k| !strict.has(k)).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
        assert!(
            !strict.has("no-such-key"),
            "the strict loader must not invent keys"
        );
    }
}

/// Keys the app looks up by name: every `Msg("…")` and `w.t("…")` and every kebab-case string literal with a
/// hyphen (`"status-valid"`), as used in `tr(match …)` arms. (`fl!` keys are also checked by
/// the compiler.)
fn looked_up(source: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (at, _) in source.match_indices('"') {
        let rest = &source[at + 1..];
        let id: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
            .collect();
        let closed = rest[id.len()..].starts_with('"');
        let msg = source[..at].ends_with("Msg(") || source[..at].ends_with(".t(");
        // `w.code("point-kind", v)` names a family of keys (`point-kind-email` …), not a key.
        let prefix = source[..at].ends_with("code(");
        if closed
            && !prefix
            && !id.is_empty()
            && (msg || (id.contains('-') && !id.starts_with('-')))
        {
            ids.insert(id);
        }
    }
    ids
}

#[test]
fn every_key_the_app_looks_up_exists() {
    let en = keys(Lang::En, CATALOGUES[0].1);
    let text = looked_up(include_str!("../src/ui/text.rs"));
    assert!(
        text.len() > 150,
        "found only {} keys in text.rs",
        text.len()
    );
    let report = looked_up(include_str!("../src/privacy/access_report.rs"));
    assert!(
        report.len() > 50,
        "found only {} keys in access_report.rs",
        report.len()
    );
    for (file, ids) in [
        ("src/ui/text.rs", text),
        ("src/privacy/access_report.rs", report),
    ] {
        let missing: Vec<_> = ids.iter().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{file} looks up {missing:?}");
    }
}

#[test]
fn plural_rules_come_from_the_catalogue() {
    let get = |lang: Lang, id: &str, n: usize| {
        i18n::loader(lang).get_args(id, std::collections::HashMap::from([("n", n)]))
    };
    assert_eq!(get(Lang::En, "holding-emails", 1), "1 email address");
    assert_eq!(get(Lang::En, "holding-emails", 2), "2 email addresses");
    assert_eq!(get(Lang::En, "holding-phones", 1), "1 phone number");
    assert_eq!(get(Lang::Sv, "holding-emails", 1), "1 e-postadress");
    assert_eq!(get(Lang::Sv, "holding-emails", 3), "3 e-postadresser");
    assert_eq!(get(Lang::Sv, "holding-consents", 1), "1 samtycke");
    assert_eq!(get(Lang::Sv, "holding-consents", 2), "2 samtycken");
    assert_eq!(get(Lang::En, "interest-answers", 0), "no answers");
    assert_eq!(get(Lang::Sv, "shown", 1), "1 kontakt");
}

#[test]
fn numbers_take_each_languages_form() {
    let get = |lang: Lang, n: usize| {
        i18n::loader(lang).get_args("shown", std::collections::HashMap::from([("n", n)]))
    };
    assert_eq!(get(Lang::En, 12345), "12,345 contacts");
    assert_eq!(get(Lang::Sv, 12345), "12\u{a0}345 kontakter");
    assert_eq!(i18n::format_integer(Lang::En, 0), "0");
    assert_eq!(i18n::format_integer(Lang::En, 999), "999");
    assert_eq!(i18n::format_integer(Lang::En, -1_234_567), "-1,234,567");
    assert_eq!(i18n::format_integer(Lang::Sv, 100_000), "100\u{a0}000");
    assert_eq!(i18n::format_number(Lang::Sv, 12345.5), "12\u{a0}345,5");
    assert_eq!(i18n::format_number(Lang::En, 12345.25), "12,345.25");
}

#[test]
fn arguments_are_not_wrapped_in_isolation_marks() {
    for lang in Lang::ALL {
        let s = i18n::loader(lang).get_args(
            "source",
            std::collections::HashMap::from([("source", "web form")]),
        );
        assert!(
            !s.contains(['\u{2068}', '\u{2069}']),
            "{}: {s:?}",
            lang.code()
        );
    }
}

#[test]
fn the_os_locale_picks_a_language_with_a_catalogue() {
    assert_eq!(Lang::parse("sv_SE.UTF-8"), Some(Lang::Sv));
    assert_eq!(Lang::parse("sv-FI"), Some(Lang::Sv));
    assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
    assert_eq!(Lang::parse("C"), None);
    assert_eq!(Lang::parse("de-DE"), None);
    let locales = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        i18n::from_locales(locales(&["de-DE", "sv-SE", "en-US"])),
        Lang::Sv
    );
    assert_eq!(i18n::from_locales(locales(&["fr-FR"])), Lang::En);
    assert_eq!(i18n::from_locales(locales(&[])), Lang::En);
    assert_eq!(
        i18n::Choice::parse("sv"),
        Some(i18n::Choice::Fixed(Lang::Sv))
    );
    assert_eq!(i18n::Choice::parse("system"), Some(i18n::Choice::System));
    assert_eq!(i18n::Choice::parse("klingon"), None);
}
