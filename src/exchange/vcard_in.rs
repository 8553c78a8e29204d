//! Reading vCard 2.1, 3.0 and 4.0 into contact drafts, one card at a time (memory stays bounded
//! by the largest card, not the file). Handles folding, quoted-printable soft breaks, CHARSET,
//! base64, item groups with X-ABLabel, bare 2.1 type parameters, RFC 6868 caret escapes and
//! CRLF/LF/CR line ends. A broken card becomes `Item::Bad` and reading goes on at the next
//! `BEGIN:VCARD`; nothing here panics on any input.

use super::decode::{self, Decoded, Lines, caret_decode, components, unescape};
use super::record::{Hint, Item, Parsed, Records, Refused, hint, label_of};
use crate::domain::{ContactDraft, ContactPoint, PointKind, PointLabel};
use std::collections::HashMap;

/// Parses text that was UTF-8 (or is already text): CHARSET parameters matter only for
/// quoted-printable and base64 values.
pub fn parse(text: &str) -> Result<Cards<'_>, Refused> {
    parse_with(text, false)
}

/// Parses a decoded file; when it was read as Windows-1252, a CHARSET parameter re-reads the
/// raw bytes of its value in that charset.
pub fn parse_decoded(doc: &Decoded) -> Result<Cards<'_>, Refused> {
    parse_with(&doc.text, doc.legacy)
}

fn parse_with(text: &str, legacy: bool) -> Result<Cards<'_>, Refused> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Refused::Empty);
    }
    if !Lines::new(text).any(|(_, l)| is_tag(l, "BEGIN")) {
        return Err(Refused::NotVcardOrCsv);
    }
    Ok(Cards {
        lines: Lines::new(text),
        pending: None,
        legacy,
    })
}

/// The cards of a file, in order.
pub struct Cards<'a> {
    lines: Lines<'a>,
    /// A logical line read ahead (the `BEGIN` that ended a card without `END`).
    pending: Option<(usize, String)>,
    legacy: bool,
}

impl Records for Cards<'_> {
    fn bytes_read(&self) -> usize {
        self.lines.consumed
    }
}

impl Iterator for Cards<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        // Lines outside a card (mail headers, stray text) belong to no one and are skipped.
        let begin = loop {
            let (no, line) = self.logical()?;
            if is_tag(&line, "BEGIN") {
                break no;
            }
        };
        Some(self.card(begin))
    }
}

impl Cards<'_> {
    fn card(&mut self, begin: usize) -> Item {
        let mut card = Card::default();
        let mut broken: Option<String> = None;
        let mut nested = 0usize;
        let bad = |reason: Option<String>| Item::Bad {
            line: begin,
            reason: reason.unwrap_or_else(|| "card has no END:VCARD".into()),
        };
        loop {
            let Some((no, line)) = self.logical() else {
                return bad(broken);
            };
            if nested > 0 {
                // A 2.1 AGENT card inside this one: skipped as a whole.
                if is_tag(&line, "BEGIN") {
                    nested += 1;
                } else if is_tag(&line, "END") {
                    nested -= 1;
                }
                continue;
            }
            if is_tag(&line, "BEGIN") {
                if std::mem::take(&mut card.agent_open) {
                    nested = 1;
                    continue;
                }
                self.pending = Some((no, line));
                return bad(broken);
            }
            if is_tag(&line, "END") {
                return match broken {
                    Some(reason) => Item::Bad {
                        line: begin,
                        reason,
                    },
                    None => card.finish(begin),
                };
            }
            if broken.is_some() {
                continue;
            }
            match Prop::parse(&line) {
                Some(prop) => card.apply(&prop, self.legacy),
                // 2.1 writers sometimes continue base64 without indenting it.
                None if card.last_base64 && decode::is_base64(&line) => {}
                None => broken = Some(format!("line {no} is not a vCard property")),
            }
        }
    }

    /// The next logical line: folded lines joined (one leading space or tab dropped), and
    /// quoted-printable soft breaks (`=` at the end) joined with the next line as it is.
    fn logical(&mut self) -> Option<(usize, String)> {
        if let Some(p) = self.pending.take() {
            return Some(p);
        }
        let (no, first) = loop {
            let (no, l) = self.lines.next()?;
            if !l.trim().is_empty() {
                break (no, l);
            }
        };
        // The name and parameters are on the first physical line: looked at once, so a long
        // run of continuation lines costs linear time.
        let qp = is_quoted_printable(first);
        let mut buf = first.to_string();
        loop {
            let soft = qp && buf.ends_with('=');
            match self.lines.peek() {
                Some(next) if soft => {
                    buf.pop();
                    buf.push_str(next);
                }
                Some(next) if next.starts_with([' ', '\t']) => buf.push_str(&next[1..]),
                _ => break,
            }
            self.lines.next();
        }
        Some((no, buf))
    }
}

/// `BEGIN:VCARD` / `END:VCARD`, in any case, with stray spaces.
fn is_tag(line: &str, tag: &str) -> bool {
    line.split_once(':').is_some_and(|(name, value)| {
        name.trim().eq_ignore_ascii_case(tag) && value.trim().eq_ignore_ascii_case("VCARD")
    })
}

fn is_quoted_printable(line: &str) -> bool {
    let head = line.split_once(':').map_or(line, |(h, _)| h).as_bytes();
    let needle = b"QUOTED-PRINTABLE";
    head.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// One content line: `[group.]NAME[;param…]:value`, with names upper-cased and parameter
/// values unquoted and caret-decoded. Bare 2.1 parameters become TYPE or ENCODING.
struct Prop<'l> {
    group: Option<&'l str>,
    name: String,
    params: Vec<(String, String)>,
    value: &'l str,
}

#[derive(PartialEq, Eq)]
enum Enc {
    Plain,
    QuotedPrintable,
    Base64,
}

impl<'l> Prop<'l> {
    fn parse(line: &'l str) -> Option<Self> {
        let end = line.find([';', ':'])?;
        let full = &line[..end];
        let ok = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
        };
        let (group, name) = match full.rsplit_once('.') {
            Some((g, n)) => (Some(g), n),
            None => (None, full),
        };
        if !ok(name) || !group.is_none_or(|g| g.split('.').all(ok)) {
            return None;
        }
        let mut params = Vec::new();
        let mut rest = &line[end..];
        while let Some(after) = rest.strip_prefix(';') {
            let stop = after.find(['=', ';', ':'])?;
            let pname = after[..stop].trim().to_ascii_uppercase();
            rest = &after[stop..];
            if let Some(v) = rest.strip_prefix('=') {
                let (value, tail) = param_value(v)?;
                params.push((pname, caret_decode(&value)));
                rest = tail;
            } else {
                let key = match pname.as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" | "7BIT" => "ENCODING",
                    _ => "TYPE",
                };
                params.push((key.to_string(), pname));
            }
        }
        let value = rest.strip_prefix(':')?;
        Some(Prop {
            group,
            name: name.to_ascii_uppercase(),
            params,
            value,
        })
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn types(&self) -> impl Iterator<Item = &str> {
        self.params
            .iter()
            .filter(|(n, _)| n == "TYPE")
            .flat_map(|(_, v)| v.split(','))
    }

    fn encoding(&self) -> Enc {
        match self
            .param("ENCODING")
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("QUOTED-PRINTABLE") => Enc::QuotedPrintable,
            Some("B" | "BASE64") => Enc::Base64,
            _ => Enc::Plain,
        }
    }

    /// The value as text, still with vCard backslash escapes.
    fn text(&self, legacy: bool) -> String {
        let charset = self.param("CHARSET");
        match self.encoding() {
            Enc::QuotedPrintable => {
                decode::bytes_to_text(&decode::quoted_printable(self.value), charset)
            }
            Enc::Base64 => match decode::base64(self.value) {
                Some(bytes) => decode::bytes_to_text(&bytes, charset),
                None => self.value.to_string(),
            },
            Enc::Plain => charset
                .filter(|_| legacy)
                .and_then(|c| decode::reinterpret_legacy(self.value, c))
                .unwrap_or_else(|| self.value.to_string()),
        }
    }
}

/// A parameter value: quoted (may hold `;` `:` `,`) or up to the next `;` or `:`.
fn param_value(v: &str) -> Option<(String, &str)> {
    let (mut value, mut rest) = (String::new(), v);
    // `TYPE="a","b"` and `TYPE="a",b` list forms: a loop, not recursion, whatever the input.
    while let Some(q) = rest.strip_prefix('"') {
        let close = q.find('"')?;
        value.push_str(&q[..close]);
        rest = &q[close + 1..];
        match rest.strip_prefix(',') {
            Some(more) => {
                value.push(',');
                rest = more;
            }
            None => return Some((value, rest)),
        }
    }
    let stop = rest.find([';', ':']).unwrap_or(rest.len());
    value.push_str(&rest[..stop]);
    Some((value, &rest[stop..]))
}

/// A name kept with its ALTID, so that of two alternates the one in the person's own script wins.
struct Pick<T> {
    value: T,
    altid: Option<String>,
    ascii: bool,
}

fn pick<T>(slot: &mut Option<Pick<T>>, prop: &Prop, value: T, ascii: bool) {
    let altid = prop.param("ALTID").map(str::to_string);
    let replace = match slot {
        None => true,
        // A romanisation is usually the alternate; the original spelling is the person's name.
        Some(cur) => cur.altid.is_some() && cur.altid == altid && cur.ascii && !ascii,
    };
    if replace {
        *slot = Some(Pick {
            value,
            altid,
            ascii,
        });
    }
}

/// What a card has said so far.
#[derive(Default)]
struct Card {
    full_name: Option<Pick<String>>,
    name: Option<Pick<(String, String)>>,
    org: Option<String>,
    title: Option<String>,
    points: Vec<(Option<String>, ContactPoint, Option<PointLabel>)>,
    ab_labels: HashMap<String, String>,
    photo: bool,
    is_group: bool,
    last_base64: bool,
    agent_open: bool,
}

impl Card {
    fn apply(&mut self, prop: &Prop, legacy: bool) {
        self.last_base64 = prop.encoding() == Enc::Base64;
        match prop.name.as_str() {
            "FN" => {
                let v = unescape(&prop.text(legacy)).trim().to_string();
                let ascii = v.is_ascii();
                if !v.is_empty() {
                    pick(&mut self.full_name, prop, v, ascii);
                }
            }
            "N" => {
                let mut c = components(&prop.text(legacy))
                    .into_iter()
                    .map(|s| s.trim().to_string());
                let family = c.next().unwrap_or_default();
                let given = c.next().unwrap_or_default();
                let ascii = family.is_ascii() && given.is_ascii();
                if !family.is_empty() || !given.is_empty() {
                    pick(&mut self.name, prop, (family, given), ascii);
                }
            }
            "ORG" if self.org.is_none() => {
                let first = components(&prop.text(legacy))
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                self.org = Some(first.trim().to_string()).filter(|s| !s.is_empty());
            }
            "TITLE" if self.title.is_none() => {
                self.title =
                    Some(unescape(&prop.text(legacy)).trim().to_string()).filter(|s| !s.is_empty());
            }
            "EMAIL" => self.point(prop, PointKind::Email, unescape(&prop.text(legacy))),
            "TEL" => {
                // `tel:` URIs (4.0, VALUE=uri) lose the scheme; anything else is kept as written.
                let text = unescape(&prop.text(legacy));
                let value = match text.trim().get(..4) {
                    Some(p) if p.eq_ignore_ascii_case("tel:") => text.trim()[4..].to_string(),
                    _ => text,
                };
                self.point(prop, PointKind::Phone, value);
            }
            "ADR" => {
                let parts: Vec<String> = components(&prop.text(legacy))
                    .into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                self.point(prop, PointKind::Address, parts.join(", "));
            }
            "URL" => self.point(prop, PointKind::Web, unescape(&prop.text(legacy))),
            "PHOTO" => self.photo = true,
            "KIND" | "X-ADDRESSBOOKSERVER-KIND" => {
                self.is_group |= prop.value.trim().eq_ignore_ascii_case("group");
            }
            "X-ABLABEL" => {
                if let Some(g) = prop.group {
                    let label = unescape(&prop.text(legacy));
                    self.ab_labels
                        .entry(g.to_ascii_lowercase())
                        .or_insert(label);
                }
            }
            "AGENT" => self.agent_open = prop.value.trim().is_empty(),
            _ => {}
        }
    }

    fn point(&mut self, prop: &Prop, kind: PointKind, value: String) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let (label, mut preferred) = label_of(prop.types());
        preferred |= prop.param("PREF").is_some_and(|p| p.trim() == "1");
        let mut point = ContactPoint::new(kind, label.unwrap_or(PointLabel::Other), value);
        point.preferred = preferred;
        self.points
            .push((prop.group.map(str::to_ascii_lowercase), point, label));
    }

    fn finish(self, line: usize) -> Item {
        if self.is_group {
            return Item::Group { line };
        }
        let mut points = Vec::with_capacity(self.points.len());
        for (group, mut point, label) in self.points {
            let ab = group.and_then(|g| self.ab_labels.get(&g));
            match ab.map(|l| hint(l)) {
                Some(Hint::Label(l)) => point.label = l,
                Some(Hint::Unknown) if label.is_none() => point.label = PointLabel::Other,
                _ => {}
            }
            points.push(point);
        }
        let (family_name, given_name) = self.name.map(|p| p.value).unwrap_or_default();
        let draft = ContactDraft {
            display_name: self.full_name.map(|p| p.value).unwrap_or_default(),
            given_name,
            family_name,
            organisation: self.org.unwrap_or_default(),
            title: self.title.unwrap_or_default(),
            points,
            ..Default::default()
        };
        if !draft.identifies_someone() {
            return Item::Bad {
                line,
                reason: "card has no name, organisation, email or phone".into(),
            };
        }
        Item::Contact(Parsed {
            line,
            draft,
            photo_dropped: self.photo,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> ContactDraft {
        match parse(text).unwrap().next() {
            Some(Item::Contact(p)) => p.draft,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn folding_escapes_and_params() {
        let d = one(
            "BEGIN:vCard\nFN:Dummy\\, Du\n mmy\nN:Fam\\;ily;Giv;;;\nitem1.EMAIL;TYPE=\"home,pref\":a@example.com\n\
             item1.X-ABLabel:_$!<Work>!$_\nTEL;VALUE=uri;PREF=1;TYPE=cell:tel:+1-555-0100\nEND:vCard\n",
        );
        assert_eq!(d.display_name, "Dummy, Dummy");
        assert_eq!(
            (d.family_name.as_str(), d.given_name.as_str()),
            ("Fam;ily", "Giv")
        );
        assert_eq!(
            (d.points[0].label, d.points[0].preferred),
            (PointLabel::Work, true)
        );
        assert_eq!(d.points[1].value, "+1-555-0100");
        assert_eq!(
            (d.points[1].label, d.points[1].preferred),
            (PointLabel::Mobile, true)
        );
    }

    #[test]
    fn quoted_printable_soft_breaks_split_characters() {
        let d = one(
            "BEGIN:VCARD\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=\r\n=91x=\r\n\r\nEND:VCARD\r\n",
        );
        assert_eq!(d.display_name, "Ñx");
    }
}
