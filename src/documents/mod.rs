//! Documents are data first: a use-case (`privacy::record`) assembles a plain `Record` (what the
//! record of processing says), and the renderers here turn it into HTML (`html`) or a PDF
//! (`pdf`, krilla with the compiled-in DejaVu Sans embedded and subset). No rule lives in a
//! renderer; a value that is missing is `None` and every renderer prints it as missing.

pub mod html;
pub mod pdf;

use serde::Serialize;

/// What a renderer prints for a mandatory field that is not filled in.
pub const MISSING: &str = "missing";

/// One labelled value; `None` is a mandatory field that is not filled in.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Field {
    pub label: String,
    pub value: Option<String>,
}

impl Field {
    pub fn new(label: impl Into<String>, value: Option<String>) -> Self {
        Field {
            label: label.into(),
            value: value.filter(|v| !v.trim().is_empty()),
        }
    }

    /// The value, or "missing".
    pub fn text(&self) -> &str {
        self.value.as_deref().unwrap_or(MISSING)
    }
}

/// A titled group of fields.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Section {
    pub title: String,
    pub fields: Vec<Field>,
}

/// The record of processing activities (GDPR Art. 30(1)).
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Record {
    pub title: String,
    /// 1, 2, …: each generated record is kept with its version.
    pub version: i64,
    /// YYYY-MM-DD.
    pub date: String,
    /// The controller, its representative and DPO (Art. 30(1)(a)).
    pub controller: Section,
    /// One section per purpose with (a)–(g).
    pub purposes: Vec<Section>,
    /// From lead to inactive: what each stage holds and why.
    pub lifecycle: Section,
    /// What the app really does to protect the data.
    pub security: Section,
}

impl Record {
    /// The line on top of every page.
    pub fn running_head(&self) -> String {
        format!("{} · version {} · {}", self.title, self.version, self.date)
    }

    /// Every section in reading order.
    pub fn sections(&self) -> impl Iterator<Item = &Section> {
        std::iter::once(&self.controller)
            .chain(self.purposes.iter())
            .chain([&self.lifecycle, &self.security])
    }

    /// Labels of the mandatory fields that are missing, as "section: label".
    pub fn missing(&self) -> Vec<String> {
        self.sections()
            .flat_map(|s| {
                s.fields
                    .iter()
                    .filter(|f| f.value.is_none())
                    .map(move |f| format!("{}: {}", s.title, f.label))
            })
            .collect()
    }
}
