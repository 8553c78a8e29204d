//! The record of processing as one self-contained HTML page (readable without Rapport, printable:
//! the running head repeats on every printed page through a fixed header).

use super::{MISSING, Record, Section};

pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn section(h: &mut String, s: &Section) {
    h.push_str(&format!("<h2>{}</h2>\n<table>\n", esc(&s.title)));
    for f in &s.fields {
        let value = match &f.value {
            Some(v) => esc(v).replace('\n', "<br>"),
            None => format!("<span class=\"missing\">{MISSING}</span>"),
        };
        h.push_str(&format!(
            "<tr><th>{}</th><td>{value}</td></tr>\n",
            esc(&f.label)
        ));
    }
    h.push_str("</table>\n");
}

/// Renders the record.
pub fn render(r: &Record) -> String {
    let head = esc(&r.running_head());
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{head}</title>\n<style>\
body{{font-family:'DejaVu Sans',sans-serif;max-width:52em;margin:2em auto;line-height:1.45;color:#222}}\
table{{border-collapse:collapse;width:100%;margin-bottom:1em}}td,th{{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}}\
th{{background:#f3f3f3;width:34%}}.missing{{color:#b00020;font-weight:bold}}header{{color:#555;font-size:.85em;border-bottom:1px solid #ccc}}\
@media print{{header{{position:fixed;top:0}}body{{margin-top:3em}}}}</style></head><body>\n<header>{head}</header>\n<h1>{}</h1>\n",
        esc(&r.title)
    );
    let missing = r.missing();
    if !missing.is_empty() {
        h.push_str(&format!(
            "<p class=\"missing\">{} mandatory field(s) missing: {}</p>\n",
            missing.len(),
            esc(&missing.join("; "))
        ));
    }
    for s in r.sections() {
        section(&mut h, s);
    }
    h.push_str(&format!("<footer><p>{head}</p></footer>\n</body></html>\n"));
    h
}
