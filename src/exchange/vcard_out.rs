//! Writing vCards (RFC 6350 4.0, and 3.0 for old clients): escaping of `\ , ;` and newlines,
//! folding at 75 octets without splitting a UTF-8 character, CRLF line ends.

use crate::domain::{Contact, PointKind, PointLabel};

/// vCard version to write.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Version {
    V3,
    V4,
}

/// Escapes a text value (RFC 6350 §3.4).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, continuing with a space; ends it with CRLF.
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn type_param(label: PointLabel, kind: PointKind, preferred: bool, version: Version) -> String {
    let mut types = vec![match (label, kind) {
        (PointLabel::Mobile, PointKind::Phone) => "cell",
        (PointLabel::Mobile, _) => "cell",
        (PointLabel::Work, _) => "work",
        (PointLabel::Home, _) => "home",
        (PointLabel::Other, _) => "other",
    }];
    if kind == PointKind::Phone && label != PointLabel::Mobile {
        types.push("voice");
    }
    if preferred && version == Version::V3 {
        types.push("pref");
    }
    let mut p = format!(";TYPE={}", types.join(","));
    if preferred && version == Version::V4 {
        p.push_str(";PREF=1");
    }
    p
}

/// One contact as a vCard.
pub fn write(c: &Contact, version: Version) -> String {
    let mut out = String::new();
    let mut line = |l: String| fold(&l, &mut out);
    line("BEGIN:VCARD".into());
    line(format!(
        "VERSION:{}",
        if version == Version::V4 { "4.0" } else { "3.0" }
    ));
    line(format!("UID:urn:uuid:{}", c.id));
    line(format!("FN:{}", escape(&c.display_name)));
    line(format!(
        "N:{};{};;;",
        escape(&c.family_name),
        escape(&c.given_name)
    ));
    if !c.organisation.is_empty() {
        line(format!("ORG:{}", escape(&c.organisation)));
    }
    if !c.title.is_empty() {
        line(format!("TITLE:{}", escape(&c.title)));
    }
    for p in &c.points {
        let params = type_param(p.label, p.kind, p.preferred, version);
        match p.kind {
            PointKind::Email => line(format!("EMAIL{params}:{}", escape(&p.value))),
            PointKind::Phone => line(format!("TEL{params}:{}", escape(&p.value))),
            // The address is kept as one line of text: it goes in the street component.
            PointKind::Address => line(format!("ADR{params}:;;{};;;;", escape(&p.value))),
            PointKind::Web => line(format!("URL{params}:{}", p.value.replace(['\r', '\n'], ""))),
        }
    }
    if let Some(lang) = &c.preferences.language {
        line(format!("LANG:{}", escape(lang)));
    }
    line(format!("REV:{}", c.updated_at.format("%Y%m%dT%H%M%SZ")));
    line("END:VCARD".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_folds_on_char_boundaries() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        let long = format!("FN:{}", "ö".repeat(60));
        fold(&long, &mut out);
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }
}
