//! Writing contacts as CSV with Google Contacts' (new-format) headers, which Google, Outlook and
//! spreadsheets read, and which `csv_in` reads back to the same names, organisation, title and
//! contact points. A cell a spreadsheet would run as a formula gets a leading apostrophe
//! (CSV injection, CWE-1236); `csv_in` takes it off again.

use crate::domain::{Contact, PointKind, PointLabel};

/// Name columns first, as Google writes them (empty ones kept so the layout is Google's).
const NAME_COLUMNS: [&str; 13] = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Labels",
];

/// Point kinds in column order with Google's prefix and value column name.
const KINDS: [(PointKind, &str, &str); 4] = [
    (PointKind::Email, "E-mail", "Value"),
    (PointKind::Phone, "Phone", "Value"),
    (PointKind::Address, "Address", "Formatted"),
    (PointKind::Web, "Website", "Value"),
];

/// All contacts as one CSV text (CRLF line ends, header row first).
pub fn write(contacts: &[Contact]) -> String {
    // Google numbers its columns up to the largest count any contact has (at least one).
    let counts: Vec<usize> = KINDS
        .iter()
        .map(|(kind, ..)| {
            contacts
                .iter()
                .map(|c| c.points_of(*kind).count())
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let mut header: Vec<String> = NAME_COLUMNS.iter().map(|s| s.to_string()).collect();
    for ((_, prefix, value), n) in KINDS.iter().zip(&counts) {
        for i in 1..=*n {
            header.push(format!("{prefix} {i} - Label"));
            header.push(format!("{prefix} {i} - {value}"));
        }
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut rows = vec![header];
    for c in contacts {
        let joined = [c.given_name.as_str(), c.family_name.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        // "File As" carries the display name only when it is not just the two names.
        let file_as = if c.display_name == joined {
            ""
        } else {
            c.display_name.as_str()
        };
        let names = [
            &c.given_name,
            "",
            &c.family_name,
            "",
            "",
            "",
            file_as,
            &c.organisation,
            &c.title,
            "",
            "",
            "",
            "",
        ];
        let mut row: Vec<String> = names.iter().map(|s| defuse(s)).collect();
        for ((kind, ..), n) in KINDS.iter().zip(&counts) {
            let mut points = c.points_of(*kind);
            for _ in 0..*n {
                match points.next() {
                    Some(p) => {
                        row.push(label(p.label, p.preferred).to_string());
                        row.push(defuse(&p.value));
                    }
                    None => row.extend([String::new(), String::new()]),
                }
            }
        }
        rows.push(row);
    }
    for row in rows {
        // Writing to memory fails only on a bug (all rows have the header's length).
        if w.write_record(&row).is_err() {
            break;
        }
    }
    match w.into_inner() {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => String::new(),
    }
}

fn label(label: PointLabel, preferred: bool) -> &'static str {
    match (label, preferred) {
        (PointLabel::Work, false) => "Work",
        (PointLabel::Home, false) => "Home",
        (PointLabel::Mobile, false) => "Mobile",
        (PointLabel::Other, false) => "Other",
        (PointLabel::Work, true) => "* Work",
        (PointLabel::Home, true) => "* Home",
        (PointLabel::Mobile, true) => "* Mobile",
        (PointLabel::Other, true) => "* Other",
    }
}

/// Puts an apostrophe before a cell a spreadsheet would evaluate (`=`, `@`, `+`, `-`, tab, CR),
/// and before one that starts with an apostrophe so that reading back is exact. A phone number
/// such as `+46 8 123` is left alone: it is data, not a formula.
pub(crate) fn defuse(cell: &str) -> String {
    let number = |rest: &str| {
        rest.chars()
            .all(|c| c.is_ascii_digit() || " ()-./".contains(c))
    };
    let risky = match cell.chars().next() {
        Some('=' | '@' | '\t' | '\r' | '\'') => true,
        Some(c @ ('+' | '-')) => !number(&cell[c.len_utf8()..]),
        _ => false,
    };
    if risky {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Undoes `defuse` (used by `csv_in` on every cell it reads).
pub(crate) fn undefuse(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defuse_round_trips() {
        for v in [
            "=1+1",
            "+46 8 123",
            "-",
            "'",
            "'x",
            "''=",
            "@a",
            "+cmd|x",
            "plain",
            "-2+3",
        ] {
            assert_eq!(undefuse(&defuse(v)), v, "{v}");
        }
        assert_eq!(defuse("+46 8 123"), "+46 8 123");
        assert_eq!(defuse("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
