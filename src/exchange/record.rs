//! What the importers hand back: one `Item` per card or row (a contact draft, a group card, or a
//! bad record with its line), `Refused` for a whole file that cannot be read, and `read`, which
//! picks the parser for a decoded file. Nothing here prints personal values: `Debug` is by hand
//! and every `reason` says what is wrong, never what was written.

use super::decode::Decoded;
use super::{csv_in, vcard_in};
use crate::domain::{ContactDraft, PointLabel};
use std::fmt;

/// A contact read from a card or row.
#[derive(Clone, PartialEq, Eq)]
pub struct Parsed {
    /// 1-based line where the record starts.
    pub line: usize,
    pub draft: ContactDraft,
    /// The card carried a photo, which was not kept (photos are personal data).
    pub photo_dropped: bool,
}

impl fmt::Debug for Parsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parsed")
            .field("line", &self.line)
            .field("draft", &self.draft)
            .field("photo_dropped", &self.photo_dropped)
            .finish()
    }
}

/// One record of an import file.
// Nearly every item is a contact and items stream one at a time: boxing would save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, PartialEq, Eq)]
pub enum Item {
    Contact(Parsed),
    /// A `KIND:group` card: a list of people, not a person. Reported, not imported.
    Group {
        line: usize,
    },
    /// A card or row that cannot be read. `reason` never contains a value from the file.
    Bad {
        line: usize,
        reason: String,
    },
}

impl Item {
    /// The 1-based line where the record starts.
    pub fn line(&self) -> usize {
        match self {
            Item::Contact(p) => p.line,
            Item::Group { line } | Item::Bad { line, .. } => *line,
        }
    }
}

impl fmt::Debug for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Contact(p) => p.fmt(f),
            Item::Group { line } => write!(f, "Group {{ line: {line} }}"),
            // The reason is ours, not the file's, so it may be shown.
            Item::Bad { line, reason } => write!(f, "Bad {{ line: {line}, reason: {reason:?} }}"),
        }
    }
}

/// Why a whole file was refused. Carries header names at most, which are not personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error(
        "this file is neither a vCard (.vcf) nor a CSV file with a header row; \
         export the contacts again as vCard or CSV"
    )]
    NotVcardOrCsv,
    #[error(
        "none of the CSV file's columns is one Rapport understands; found: {}; \
         understood are for example: {}",
        .found.join(", "),
        .understood.join(", ")
    )]
    UnknownCsvHeaders {
        found: Vec<String>,
        understood: Vec<&'static str>,
    },
    #[error("the file is empty")]
    Empty,
}

/// Which parser a file went to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Vcard,
    Csv,
}

/// A stream of records that can tell how far into the text it has read (for progress).
pub trait Records: Iterator<Item = Item> {
    /// Bytes of the text consumed so far.
    fn bytes_read(&self) -> usize;
}

/// Parses a decoded file as vCard when it has a `BEGIN:VCARD` line, else as CSV. The records
/// are `Send` so that an import can parse in one thread while another writes.
pub fn read(doc: &Decoded) -> Result<(Format, Box<dyn Records + Send + '_>), Refused> {
    match vcard_in::parse_decoded(doc) {
        Ok(cards) => Ok((Format::Vcard, Box::new(cards))),
        Err(Refused::NotVcardOrCsv) => Ok((Format::Csv, Box::new(csv_in::parse(&doc.text)?))),
        Err(other) => Err(other),
    }
}

/// What a type or label word says about a contact point.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Hint {
    Label(PointLabel),
    Preferred,
    /// A word that says nothing about the label (`voice`, `internet`, `x400`…).
    Neutral,
    /// A word we don't map (`fax`, `pager`, `school`, a custom label): the point is "other".
    Unknown,
}

/// Reads a type parameter, X-ABLabel or CSV label word, case-insensitively.
pub(crate) fn hint(word: &str) -> Hint {
    let w = word
        .trim()
        .trim_start_matches("_$!<")
        .trim_end_matches(">!$_")
        .to_lowercase();
    match w.as_str() {
        "cell" | "mobile" | "iphone" | "cellular" | "cellphone" | "handy" | "car" => {
            Hint::Label(PointLabel::Mobile)
        }
        "home" | "personal" | "private" | "home2" => Hint::Label(PointLabel::Home),
        "work" | "business" | "office" | "main" | "company" | "work2" | "workfax" => {
            Hint::Label(PointLabel::Work)
        }
        "homefax" => Hint::Label(PointLabel::Home),
        "other" => Hint::Label(PointLabel::Other),
        "pref" | "*" => Hint::Preferred,
        "" | "voice" | "internet" | "x400" | "msg" | "text" | "video" | "postal" | "parcel"
        | "dom" | "intl" | "textphone" | "homepage" | "smtp" | "uri" => Hint::Neutral,
        _ => Hint::Unknown,
    }
}

/// Combines the hints of several words: mobile wins, then the first home/work/other word;
/// only unknown words give "other"; no word at all gives `None`.
pub(crate) fn label_of<'a>(words: impl IntoIterator<Item = &'a str>) -> (Option<PointLabel>, bool) {
    let (mut label, mut preferred, mut unknown) = (None, false, false);
    for w in words {
        match hint(w) {
            Hint::Label(PointLabel::Mobile) => label = Some(PointLabel::Mobile),
            Hint::Label(l) => label = label.or(Some(l)),
            Hint::Preferred => preferred = true,
            Hint::Neutral => {}
            Hint::Unknown => unknown = true,
        }
    }
    (label.or(unknown.then_some(PointLabel::Other)), preferred)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_words() {
        assert_eq!(
            label_of(["WORK", "cell", "voice"]),
            (Some(PointLabel::Mobile), false)
        );
        assert_eq!(label_of(["internet", "pref"]), (None, true));
        assert_eq!(label_of(["fax"]), (Some(PointLabel::Other), false));
        assert_eq!(label_of(["_$!<Home>!$_"]), (Some(PointLabel::Home), false));
    }

    #[test]
    fn refusal_lists_headers() {
        let r = Refused::UnknownCsvHeaders {
            found: vec!["Foo".into()],
            understood: vec!["Email"],
        };
        let msg = r.to_string();
        assert!(msg.contains("Foo") && msg.contains("Email"), "{msg}");
    }
}
