//! Reading contact CSV files (Google old and new, Outlook, Thunderbird, Roundcube and plain
//! spreadsheets) by header NAME, never by position: comma, semicolon or tab separated (detected
//! from the header line), quoted fields with newlines and doubled quotes, `" ::: "` multi-value
//! cells. A header set with no column we understand is refused, naming the columns found.

use super::csv_out::undefuse;
use super::record::{Hint, Item, Parsed, Records, Refused, hint, label_of};
use crate::domain::{ContactDraft, ContactPoint, PointKind, PointLabel};
use std::collections::HashMap;

/// Column names we understand, shown when a file's header is refused (a selection).
#[rustfmt::skip]
pub const UNDERSTOOD: &[&str] = &[
    "First Name", "Last Name", "Given Name", "Family Name", "Name", "Display Name", "File As",
    "Company", "Organization", "Organization Name", "Job Title", "Organization Title",
    "E-mail Address", "E-mail 2 Address", "Primary Email", "Secondary Email", "Email",
    "E-mail 1 - Value", "E-mail 1 - Label", "Phone 1 - Value", "Phone 1 - Label",
    "Business Phone", "Home Phone", "Mobile Phone", "Work Phone", "Mobile Number",
    "Business Street", "Home City", "Address 1 - Formatted", "Web Page", "Website 1 - Value",
];

/// Parses CSV text whose first row is a header.
pub fn parse(text: &str) -> Result<Rows<'_>, Refused> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Refused::Empty);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut header = csv::StringRecord::new();
    if !matches!(reader.read_record(&mut header), Ok(true)) {
        return Err(Refused::NotVcardOrCsv);
    }
    let found: Vec<String> = header
        .iter()
        .map(|h| h.trim_matches(['\u{feff}', ' ']).to_string())
        .collect();
    let plan = Plan::new(&found);
    if plan.cols.iter().all(|c| matches!(c, Col::Ignore)) {
        // A "header" of data (an address, a number, a sentence) is no header: say so without
        // repeating it, since it may be personal.
        let data_like = found.len() < 2
            || found.iter().any(|h| {
                h.contains('@')
                    || h.len() > 40
                    || h.chars().filter(char::is_ascii_digit).count() > 4
            });
        return Err(if data_like {
            Refused::NotVcardOrCsv
        } else {
            Refused::UnknownCsvHeaders {
                found,
                understood: UNDERSTOOD.to_vec(),
            }
        });
    }
    Ok(Rows {
        reader,
        plan,
        record: csv::StringRecord::new(),
        text: text.as_bytes(),
        scanned: 0,
        line: 1,
    })
}

/// Comma, semicolon or tab: whichever occurs most often outside quotes in the header line.
fn delimiter(text: &str) -> u8 {
    let (mut quoted, mut counts) = (false, [0usize; 3]);
    for c in text.chars().take_while(|c| *c != '\n') {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// The rows of a CSV file, in order. Rows with every cell empty are skipped silently.
pub struct Rows<'a> {
    reader: csv::Reader<&'a [u8]>,
    plan: Plan,
    record: csv::StringRecord,
    text: &'a [u8],
    /// Line numbers are counted here: csv's own are one short after a CRLF line end.
    scanned: usize,
    line: usize,
}

impl Records for Rows<'_> {
    fn bytes_read(&self) -> usize {
        usize::try_from(self.reader.position().byte()).unwrap_or(usize::MAX)
    }
}

impl Iterator for Rows<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            let before = self.reader.position().byte();
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {
                    let start = self.record.position().map_or(before, csv::Position::byte);
                    let line = self.line_at(usize::try_from(start).unwrap_or(usize::MAX));
                    if let Some(item) = self.plan.row(&self.record, line) {
                        return Some(item);
                    }
                }
                // Text input cannot be invalid UTF-8 and rows may be ragged, so this is rare.
                Err(_) => {
                    let line = self.line_at(usize::try_from(before).unwrap_or(usize::MAX));
                    return Some(Item::Bad {
                        line,
                        reason: "row could not be read as CSV".into(),
                    });
                }
            }
        }
    }
}

impl Rows<'_> {
    /// The 1-based line of the first character of a record starting at `byte` (line ends
    /// before it, which csv may count as part of the record, are skipped).
    fn line_at(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.scanned {
            self.line += self.text[self.scanned..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.scanned = start;
        }
        self.line
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Name {
    Given,
    Family,
    Display,
    FileAs,
    Org,
    Title,
}

#[derive(Clone, Copy)]
enum Role {
    Value,
    Label,
    Formatted,
    /// Address component, in vCard order: PO box, extended, street 1-3, city, region, postal
    /// code, country.
    Part(usize),
}

enum Col {
    Ignore,
    Name(Name),
    Point(usize, Role),
}

struct Slot {
    kind: PointKind,
    label: Option<PointLabel>,
}

/// What each column means, decided once from the header.
struct Plan {
    cols: Vec<Col>,
    slots: Vec<Slot>,
}

const PARTS: usize = 9;

impl Plan {
    fn new(headers: &[String]) -> Self {
        let mut keys: HashMap<String, usize> = HashMap::new();
        let mut slots = Vec::new();
        let cols = headers
            .iter()
            .map(|h| match classify(&normalise(h)) {
                Spec::Ignore => Col::Ignore,
                Spec::Name(n) => Col::Name(n),
                Spec::Point {
                    key,
                    kind,
                    label,
                    role,
                } => {
                    let slot = *keys.entry(key).or_insert_with(|| {
                        slots.push(Slot { kind, label });
                        slots.len() - 1
                    });
                    Col::Point(slot, role)
                }
            })
            .collect();
        Plan { cols, slots }
    }

    fn row(&self, record: &csv::StringRecord, line: usize) -> Option<Item> {
        if record.iter().all(|c| c.trim().is_empty()) {
            return None;
        }
        let mut draft = ContactDraft::default();
        let (mut display, mut file_as) = (String::new(), String::new());
        let mut acc: Vec<Acc> = self.slots.iter().map(|_| Acc::default()).collect();
        for (col, cell) in self.cols.iter().zip(record.iter()) {
            let cell = undefuse(cell.trim());
            if cell.is_empty() {
                continue;
            }
            let target = match col {
                Col::Ignore => continue,
                Col::Name(Name::Given) => &mut draft.given_name,
                Col::Name(Name::Family) => &mut draft.family_name,
                Col::Name(Name::Display) => &mut display,
                Col::Name(Name::FileAs) => &mut file_as,
                Col::Name(Name::Org) => &mut draft.organisation,
                Col::Name(Name::Title) => &mut draft.title,
                Col::Point(slot, role) => {
                    if let Some(a) = acc.get_mut(*slot) {
                        a.take(*role, cell);
                    }
                    continue;
                }
            };
            if target.is_empty() {
                *target = cell.to_string();
            }
        }
        draft.display_name = if display.is_empty() { file_as } else { display };
        for (slot, a) in self.slots.iter().zip(acc) {
            a.points(slot, &mut draft.points);
        }
        Some(if draft.identifies_someone() {
            Item::Contact(Parsed {
                line,
                draft,
                photo_dropped: false,
            })
        } else {
            Item::Bad {
                line,
                reason: "row has no name, organisation, email or phone".into(),
            }
        })
    }
}

/// The cells of one slot (one email, phone, address or website) in one row.
#[derive(Default)]
struct Acc<'r> {
    label: Option<&'r str>,
    values: Vec<&'r str>,
    formatted: Option<&'r str>,
    parts: [&'r str; PARTS],
}

impl<'r> Acc<'r> {
    fn take(&mut self, role: Role, cell: &'r str) {
        match role {
            Role::Label => self.label = Some(cell),
            Role::Value => self.values.push(cell),
            Role::Formatted => self.formatted = Some(cell),
            Role::Part(i) => {
                if let Some(p) = self.parts.get_mut(i) {
                    *p = cell;
                }
            }
        }
    }

    fn points(self, slot: &Slot, out: &mut Vec<ContactPoint>) {
        // Google marks the primary value with "* " before its label ("* Home", "* Work").
        let (starred, label_text) = match self.label.map(str::trim) {
            Some(l) => l
                .strip_prefix('*')
                .map_or((false, l), |rest| (true, rest.trim())),
            None => (false, ""),
        };
        let (from_cell, pref_word) = label_of(label_text.split_whitespace());
        let label = from_cell.or(slot.label).unwrap_or(PointLabel::Other);
        let mut preferred = starred || pref_word;
        let mut push = |value: &str| {
            let mut p = ContactPoint::new(slot.kind, label, value);
            p.preferred = std::mem::take(&mut preferred);
            out.push(p);
        };
        if slot.kind == PointKind::Address {
            let joined: Vec<&str> = self
                .parts
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect();
            match (joined.is_empty(), self.formatted) {
                (false, _) => push(&joined.join(", ")),
                (true, Some(f)) => push(f),
                (true, None) => {}
            }
            return;
        }
        for cell in self.values {
            for v in cell.split(" ::: ").map(str::trim).filter(|v| !v.is_empty()) {
                push(v);
            }
        }
    }
}

/// Lower case, single spaces, `_` as space, no BOM.
fn normalise(header: &str) -> String {
    header
        .replace(['_', '\u{feff}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

enum Spec {
    Ignore,
    Name(Name),
    Point {
        key: String,
        kind: PointKind,
        label: Option<PointLabel>,
        role: Role,
    },
}

fn classify(h: &str) -> Spec {
    let name = match h {
        "first name" | "given name" | "firstname" | "first" | "forename" => Some(Name::Given),
        "last name" | "family name" | "surname" | "lastname" | "last" => Some(Name::Family),
        "display name" | "name" | "full name" | "fullname" | "displayname" | "contact name" => {
            Some(Name::Display)
        }
        "file as" => Some(Name::FileAs),
        "company"
        | "organization"
        | "organisation"
        | "organization name"
        | "organisation name"
        | "company name"
        | "organization 1 - name" => Some(Name::Org),
        "job title" | "jobtitle" | "organization title" | "organization 1 - title" | "position" => {
            Some(Name::Title)
        }
        _ => None,
    };
    if let Some(n) = name {
        return Spec::Name(n);
    }
    if let Some(spec) = google_numbered(h) {
        return spec;
    }
    let words: Vec<&str> = h.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let fixed = |words: &[&str]| {
        words.iter().find_map(|w| {
            if let Hint::Label(l) = hint(w) {
                Some(l)
            } else {
                None
            }
        })
    };
    let point = |kind, label, role| Spec::Point {
        key: h.to_string(),
        kind,
        label,
        role,
    };
    if (has("email") || has("e-mail") || h == "mail")
        && !has("display")
        && !has("type")
        && !has("name")
    {
        return point(PointKind::Email, fixed(&words), Role::Value);
    }
    let phone_words = [
        "phone",
        "telephone",
        "tel",
        "fax",
        "pager",
        "mobile",
        "cell",
        "callback",
        "isdn",
        "telex",
    ];
    if phone_words.iter().any(|w| has(w)) && !has("type") {
        let (label, _) = label_of(words.iter().copied());
        return point(PointKind::Phone, label, Role::Value);
    }
    if ["web", "website", "webpage", "url", "homepage"].contains(&words[0])
        || h.contains("web page")
    {
        return point(PointKind::Web, fixed(&words), Role::Value);
    }
    let (label, rest) = match words[0] {
        "home" | "business" | "work" | "other" => {
            (fixed(&words[..1]).or(Some(PointLabel::Other)), &words[1..])
        }
        _ => (None, &words[..]),
    };
    let part = match rest.join(" ").as_str() {
        "po box" | "address po box" => 0,
        "street" | "address" | "street address" => 2,
        "street 2" | "address 2" => 3,
        "street 3" | "address 3" => 4,
        "city" => 5,
        "state" | "region" | "province" => 6,
        "zip" | "zipcode" | "zip code" | "postal code" | "postcode" => 7,
        "country" | "country/region" => 8,
        _ => return Spec::Ignore,
    };
    Spec::Point {
        key: format!("address {label:?}"),
        kind: PointKind::Address,
        label,
        role: Role::Part(part),
    }
}

/// Google's `E-mail 1 - Value`, `Phone 2 - Label`, `Address 1 - City` … (old: `- Type`).
fn google_numbered(h: &str) -> Option<Spec> {
    let (left, right) = h.split_once(" - ")?;
    let (kind_word, n) = left.rsplit_once(' ')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let kind = match kind_word {
        "e-mail" | "email" => PointKind::Email,
        "phone" => PointKind::Phone,
        "address" => PointKind::Address,
        "website" => PointKind::Web,
        _ => return Some(Spec::Ignore),
    };
    let role = match (kind, right) {
        (_, "type" | "label") => Role::Label,
        (PointKind::Address, "formatted") => Role::Formatted,
        (PointKind::Address, "po box") => Role::Part(0),
        (PointKind::Address, "extended address") => Role::Part(1),
        (PointKind::Address, "street") => Role::Part(2),
        (PointKind::Address, "city") => Role::Part(5),
        (PointKind::Address, "region") => Role::Part(6),
        (PointKind::Address, "postal code") => Role::Part(7),
        (PointKind::Address, "country") => Role::Part(8),
        (PointKind::Address, _) => return Some(Spec::Ignore),
        (_, "value") => Role::Value,
        _ => return Some(Spec::Ignore),
    };
    Some(Spec::Point {
        key: format!("{kind_word} {n}"),
        kind,
        label: None,
        role,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drafts(text: &str) -> Vec<(usize, ContactDraft)> {
        parse(text)
            .unwrap()
            .map(|i| match i {
                Item::Contact(p) => (p.line, p.draft),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn headers_by_name_and_lines_of_records() {
        let d = drafts(
            "Primary Email;Last Name;Mobile Number\n\"x@example.com\";\"Nor\nrbo\";+46 70\n;Ek;\n",
        );
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].0, d[0].1.family_name.as_str()), (2, "Nor\nrbo"));
        assert_eq!((d[1].0, d[1].1.family_name.as_str()), (4, "Ek"));
        assert_eq!(d[0].1.points[1].label, PointLabel::Mobile);
    }
}
