//! `report.html` of the access export: the data document (`rapport.access-export/1`) for a
//! human, in the person's preferred language when the app has it (English or Swedish, else
//! English), with the legal terms the language's authority uses. Pure: document in, HTML out;
//! every value from the document is escaped, catalogue text carries no markup.

use crate::domain::Purpose;
use crate::domain::purpose::RetentionRule;
use crate::i18n::{self, Lang};
use i18n_embed_fl::fl;
use serde_json::Value;

/// The language the report is written in: the person's preferred language when there is a
/// catalogue for it (`sv`, `sv-FI`, `en-GB` …), English otherwise.
pub fn language_of(preferred: Option<&str>) -> Lang {
    preferred.and_then(Lang::parse).unwrap_or_default()
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The rights paragraph, GDPR article by article (keys `right-N` and `right-N-how`).
const RIGHTS: [(&str, &str); 8] = [
    ("right-1", "right-1-how"),
    ("right-2", "right-2-how"),
    ("right-3", "right-3-how"),
    ("right-4", "right-4-how"),
    ("right-5", "right-5-how"),
    ("right-6", "right-6-how"),
    ("right-7", "right-7-how"),
    ("right-8", "right-8-how"),
];

struct Words(Lang);

impl Words {
    fn t(&self, id: &'static str) -> &'static str {
        i18n::text(self.0, id)
    }

    /// A code from the document (`signed_form`) in words: the catalogue's `PREFIX-signed-form`
    /// when it has one, else the code with spaces.
    fn code(&self, prefix: &str, v: &Value) -> String {
        let code = v.as_str().unwrap_or("");
        let id = format!("{prefix}-{}", code.replace('_', "-"));
        if !code.is_empty() && i18n::has(self.0, &id) {
            esc(&i18n::loader(self.0).get(&id))
        } else {
            esc(&code.replace('_', " "))
        }
    }

    fn yes_no(&self, b: bool) -> &'static str {
        self.t(if b { "answer-yes" } else { "answer-no" })
    }

    fn retention(&self, r: RetentionRule) -> String {
        let l = i18n::loader(self.0);
        match r {
            RetentionRule::AfterLastActivity { months } => {
                fl!(l, "retention-after-activity", months = months)
            }
            RetentionRule::UntilConsentEnds => fl!(l, "retention-until-consent-ends"),
        }
    }
}

/// Renders the report. `purposes` are the document's purposes in the same order (for what the
/// document carries only in English words: the retention rule).
pub fn render(doc: &Value, purposes: &[Purpose], lang: Lang) -> String {
    let w = Words(lang);
    let l = i18n::loader(lang);
    let s = |v: &Value| esc(v.as_str().unwrap_or(""));
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.45;color:#222}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}}th{{background:#f3f3f3}}h2{{margin-top:1.6em}}</style></head><body>\n",
        lang.code(),
        w.t("report-title")
    );
    h += &format!("<h1>{}</h1>\n", w.t("report-title"));
    let reference = format!("<code>{}</code>", s(&doc["subject_id"]));
    h += &format!(
        "<p>{}</p>\n",
        fl!(
            l,
            "report-made",
            date = s(&doc["exported_at"]),
            reference = reference
        )
    );
    h += &format!("<h2>{}</h2>\n<table>", w.t("report-who"));
    for (label, key) in [
        ("report-name", "display_name"),
        ("given-name", "given_name"),
        ("family-name", "family_name"),
        ("organisation", "organisation"),
        ("job-title", "title"),
    ] {
        h += &format!(
            "<tr><th>{}</th><td>{}</td></tr>",
            w.t(label),
            s(&doc["identity"][key])
        );
    }
    let rows = [
        (
            "report-relationship",
            w.code("stage", &doc["lifecycle_stage"]),
        ),
        (
            "report-came-from",
            format!(
                "{} {}",
                w.code("source-kind", &doc["source"]["kind"]),
                s(&doc["source"]["detail"])
            ),
        ),
        ("report-held-since", s(&doc["created_at"])),
        ("report-last-changed", s(&doc["updated_at"])),
        (
            "report-restricted",
            w.yes_no(doc["restricted"] == true).to_string(),
        ),
    ];
    for (label, value) in rows {
        h += &format!("<tr><th>{}</th><td>{value}</td></tr>", w.t(label));
    }
    h += "</table>\n";
    h += &format!(
        "<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        w.t("report-reach"),
        w.t("report-kind"),
        w.t("report-label"),
        w.t("report-value")
    );
    for p in doc["contact_points"].as_array().into_iter().flatten() {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            w.code("point-kind", &p["kind"]),
            w.code("point-label", &p["label"]),
            s(&p["value"])
        );
    }
    h += &format!("</table>\n<h2>{}</h2>\n<table>", w.t("preferences"));
    let channels: Vec<String> = doc["preferences"]["channels"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| w.code("channel", c))
        .collect();
    h += &format!(
        "<tr><th>{}</th><td>{}</td></tr>",
        w.t("channels"),
        if channels.is_empty() {
            w.t("report-none-recorded").to_string()
        } else {
            channels.join(", ")
        }
    );
    let not_placed = doc["preferences"]["interests_not_placed"].as_array();
    if let Some(map) = doc["preferences"]["interests"].as_object() {
        for (k, v) in map {
            let mut name = fl!(l, "report-interest", name = esc(k));
            // Recorded on another laptop of the team, whose vocabulary this one could not hold.
            if not_placed.is_some_and(|n| n.iter().any(|x| x.as_str() == Some(k.as_str()))) {
                name += &format!(" ({})", w.t("report-interest-elsewhere"));
            }
            h += &format!(
                "<tr><th>{name}</th><td>{}</td></tr>",
                w.code("report-answer", v)
            );
        }
    }
    h += &format!(
        "<tr><th>{}</th><td>{}</td></tr></table>\n",
        w.t("language"),
        s(&doc["preferences"]["language"])
    );
    h += &format!("<h2>{}</h2>\n<table><tr>", w.t("consents"));
    for head in [
        "purpose",
        "report-status",
        "report-given",
        "report-until",
        "report-withdrawn",
        "report-proof",
        "report-wording",
    ] {
        h += &format!("<th>{}</th>", w.t(head));
    }
    h += "</tr>";
    for k in doc["consents"].as_array().into_iter().flatten() {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td><td>v{}: {}</td></tr>",
            s(&k["purpose"]),
            w.code("status", &k["status"]),
            s(&k["given_at"]),
            s(&k["expires_at"]),
            s(&k["withdrawn_at"]),
            w.code("proof", &k["source"]["kind"]),
            s(&k["source"]["reference"]),
            s(&k["wording_version"]),
            s(&k["wording"])
        );
    }
    h += "</table>\n";
    let objections: Vec<String> = doc["objections"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            let channel = if o["channel"] == "all" {
                w.t("report-all-channels").to_string()
            } else {
                w.code("channel", &o["channel"])
            };
            fl!(
                l,
                "report-objection-since",
                channel = channel,
                date = s(&o["objected_at"])
            )
        })
        .collect();
    h += &format!(
        "<h2>{}</h2>\n<p>{}</p>\n",
        w.t("objections"),
        if objections.is_empty() {
            w.t("report-none").to_string()
        } else {
            objections.join(", ")
        }
    );
    // Issue 15: the activities and follow-ups the firm keeps with the person.
    h += &format!(
        "<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        w.t("report-activities"),
        w.t("report-when"),
        w.t("report-what"),
        w.t("report-outcome"),
        w.t("purpose"),
        w.t("organisation")
    );
    for a in doc["activities"].as_array().into_iter().flatten() {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            s(&a["on"]),
            s(&a["kind"]),
            s(&a["outcome"]),
            s(&a["purpose"]),
            s(&a["organisation"])
        );
    }
    h += &format!(
        "</table>\n<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        w.t("report-follow-ups"),
        w.t("report-due"),
        w.t("report-what"),
        w.t("report-state")
    );
    for f in doc["follow_ups"].as_array().into_iter().flatten() {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            s(&f["due_on"]),
            s(&f["kind"]),
            s(&f["state"])
        );
    }
    h += "</table>\n";
    h += &format!("<h2>{}</h2>\n<table><tr>", w.t("report-why"));
    for head in [
        "purpose",
        "report-basis",
        "report-kept",
        "report-data-used",
        "report-applies",
    ] {
        h += &format!("<th>{}</th>", w.t(head));
    }
    h += "</tr>";
    for (i, p) in doc["purposes"].as_array().into_iter().flatten().enumerate() {
        let cats: Vec<String> = p["data_categories"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| w.code("category", c))
            .collect();
        let kept = purposes
            .get(i)
            .map_or_else(|| s(&p["retention"]), |x| esc(&w.retention(x.retention)));
        h += &format!(
            "<tr><td><b>{}</b><br>{}</td><td>{}</td><td>{kept}</td><td>{}</td><td>{}</td></tr>",
            s(&p["name"]),
            s(&p["description"]),
            w.code("basis", &p["legal_basis"]),
            cats.join(", "),
            w.yes_no(p["applies_now"] == true)
        );
    }
    h += &format!(
        "</table>\n<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        w.t("report-done"),
        w.t("report-when"),
        w.t("report-what"),
        w.t("report-by")
    );
    for e in doc["audit_events"].as_array().into_iter().flatten() {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            s(&e["at"]),
            w.code("action", &e["action"]),
            s(&e["actor"])
        );
    }
    h += "</table>\n";
    h += &processed_by_html(&w, doc);
    h += &format!("<h2>{}</h2>\n<ul>", w.t("report-rights"));
    for (right, how) in RIGHTS {
        h += &format!("<li><b>{}</b>: {}</li>", w.t(right), w.t(how));
    }
    h += "</ul>\n";
    // Issue 14: who answers and who receives the data (English only so far).
    h += &super::record::answering_html(doc);
    h += "</body></html>\n";
    h
}

/// team-audit: who in the firm processed the person's data (`processed_by`): the members by
/// name (their id when the roster no longer names them), or, in a single-user register, one
/// sentence saying so.
fn processed_by_html(w: &Words, doc: &Value) -> String {
    let entries: Vec<&Value> = doc["processed_by"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    if entries.is_empty() {
        return String::new();
    }
    let mut h = format!("<h2>{}</h2>\n<ul>", w.t("report-processed-by"));
    for e in entries {
        if e["member_id"].is_null() {
            h += &format!("<li>{}</li>", w.t("report-processed-solo"));
        } else {
            let name = e["name"].as_str().or(e["member_id"].as_str()).unwrap_or("");
            h += &format!("<li>{}</li>", esc(name));
        }
    }
    h += "</ul>\n";
    h
}
