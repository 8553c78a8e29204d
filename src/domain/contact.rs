//! A contact: identity, contact points, lifecycle stage, the source of the data (GDPR Art. 14),
//! preferences and the Art. 18 restriction flag. There is deliberately no free-text notes field.

use super::Instant;
use super::ids::ContactId;
use super::preference::Preferences;
use super::validate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a contact is in the sales lifecycle. Only a customer has the contract basis.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Lead,
    Prospect,
    Customer,
    FormerCustomer,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::Lead,
        Stage::Prospect,
        Stage::Customer,
        Stage::FormerCustomer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Prospect => "prospect",
            Stage::Customer => "customer",
            Stage::FormerCustomer => "former_customer",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Stage::ALL.into_iter().find(|s| s.as_str() == t)
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Lead => "Lead",
            Stage::Prospect => "Prospect",
            Stage::Customer => "Customer",
            Stage::FormerCustomer => "Former customer",
        }
    }
}

/// How the data came to us (GDPR Art. 14 requires telling the person).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    #[default]
    Manual,
    Import,
    Event,
    WebForm,
    Referral,
    Demo,
    Other,
}

impl SourceKind {
    pub const ALL: [SourceKind; 7] = [
        SourceKind::Manual,
        SourceKind::Import,
        SourceKind::Event,
        SourceKind::WebForm,
        SourceKind::Referral,
        SourceKind::Demo,
        SourceKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Manual => "manual",
            SourceKind::Import => "import",
            SourceKind::Event => "event",
            SourceKind::WebForm => "web_form",
            SourceKind::Referral => "referral",
            SourceKind::Demo => "demo",
            SourceKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        SourceKind::ALL.into_iter().find(|s| s.as_str() == t)
    }
}

/// The source of a contact's data: a kind and a short description (file name, event name…).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DataSource {
    pub kind: SourceKind,
    pub detail: String,
}

impl DataSource {
    /// Parses `KIND` or `KIND:detail` (e.g. `event:Nordic Sales Fair 2026`); anything else is
    /// kept as detail with kind "other".
    pub fn parse(text: &str) -> Self {
        match text.split_once(':') {
            Some((k, detail)) if SourceKind::parse(k).is_some() => DataSource {
                kind: SourceKind::parse(k).unwrap_or_default(),
                detail: detail.trim().to_string(),
            },
            _ => match SourceKind::parse(text) {
                Some(kind) => DataSource {
                    kind,
                    detail: String::new(),
                },
                None => DataSource {
                    kind: SourceKind::Other,
                    detail: text.trim().to_string(),
                },
            },
        }
    }
}

impl fmt::Debug for DataSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DataSource({:?}, <redacted>)", self.kind)
    }
}

/// The kind of a contact point.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum PointKind {
    Email,
    Phone,
    Address,
    Web,
}

impl PointKind {
    pub const ALL: [PointKind; 4] = [
        PointKind::Email,
        PointKind::Phone,
        PointKind::Address,
        PointKind::Web,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PointKind::Email => "email",
            PointKind::Phone => "phone",
            PointKind::Address => "address",
            PointKind::Web => "web",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        PointKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// The label of a contact point.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PointLabel {
    #[default]
    Work,
    Home,
    Mobile,
    Other,
}

impl PointLabel {
    pub const ALL: [PointLabel; 4] = [
        PointLabel::Work,
        PointLabel::Home,
        PointLabel::Mobile,
        PointLabel::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PointLabel::Work => "work",
            PointLabel::Home => "home",
            PointLabel::Mobile => "mobile",
            PointLabel::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        PointLabel::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim().to_ascii_lowercase())
    }
}

/// An email, phone, postal address or web address of a contact.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPoint {
    pub kind: PointKind,
    pub label: PointLabel,
    pub value: String,
    pub preferred: bool,
}

impl ContactPoint {
    pub fn new(kind: PointKind, label: PointLabel, value: impl Into<String>) -> Self {
        Self {
            kind,
            label,
            value: value.into(),
            preferred: false,
        }
    }

    /// The form duplicates and suppression entries are matched on (empty for address/web).
    pub fn normalised(&self) -> String {
        match self.kind {
            PointKind::Email => validate::normalise_email(&self.value),
            PointKind::Phone => validate::normalise_phone(&self.value),
            PointKind::Address | PointKind::Web => String::new(),
        }
    }
}

impl fmt::Debug for ContactPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ContactPoint({:?}, {:?}, <redacted>)",
            self.kind, self.label
        )
    }
}

/// The fields a person types or an importer reads; `Contact::from_draft` gives it an id.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ContactDraft {
    pub given_name: String,
    pub family_name: String,
    pub display_name: String,
    pub organisation: String,
    pub title: String,
    pub stage: Stage,
    pub source: DataSource,
    pub points: Vec<ContactPoint>,
    pub preferences: Preferences,
}

impl fmt::Debug for ContactDraft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContactDraft {{ points: {}, .. }}", self.points.len())
    }
}

/// A contact as stored.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub given_name: String,
    pub family_name: String,
    pub display_name: String,
    pub organisation: String,
    pub title: String,
    pub stage: Stage,
    pub source: DataSource,
    pub points: Vec<ContactPoint>,
    pub preferences: Preferences,
    pub restricted: bool,
    pub created_at: Instant,
    pub updated_at: Instant,
    pub last_contacted_at: Option<Instant>,
}

impl fmt::Debug for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Contact")
            .field("id", &self.id)
            .field("stage", &self.stage)
            .field("points", &self.points.len())
            .field("restricted", &self.restricted)
            .finish_non_exhaustive()
    }
}

/// Why a draft is not a valid contact. Never carries the offending value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    #[error("a contact needs a name, an organisation or an email address")]
    NoName,
    #[error("email address number {0} is not valid: write it as name@example.com")]
    BadEmail(usize),
    #[error(
        "phone number number {0} is not valid: use digits, spaces, '-', '(', ')' and a leading '+'"
    )]
    BadPhone(usize),
    #[error("a name or organisation is too long (at most 200 characters)")]
    TooLong,
}

impl ContactDraft {
    /// The name to show: display name, else given + family, else organisation, else email.
    pub fn effective_display_name(&self) -> String {
        let joined = [self.given_name.trim(), self.family_name.trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        [
            self.display_name.trim(),
            joined.as_str(),
            self.organisation.trim(),
        ]
        .into_iter()
        .find(|s| !s.is_empty())
        .map(str::to_string)
        .or_else(|| {
            self.points
                .iter()
                .find(|p| p.kind == PointKind::Email)
                .map(|p| p.value.trim().to_string())
        })
        .unwrap_or_default()
    }

    /// Whether the record says who someone is or how to reach them: a name, an organisation,
    /// an email or a phone. Importers skip records that do not.
    pub fn identifies_someone(&self) -> bool {
        let named = [
            &self.display_name,
            &self.given_name,
            &self.family_name,
            &self.organisation,
        ]
        .iter()
        .any(|s| !s.trim().is_empty());
        named
            || self
                .points
                .iter()
                .any(|p| matches!(p.kind, PointKind::Email | PointKind::Phone))
    }

    /// Strict validation, for what a person types (importers keep odd values as found).
    pub fn validate(&self) -> Result<(), ContactError> {
        if self.effective_display_name().is_empty() {
            return Err(ContactError::NoName);
        }
        let long = [
            &self.given_name,
            &self.family_name,
            &self.display_name,
            &self.organisation,
            &self.title,
        ]
        .iter()
        .any(|s| s.chars().count() > 200);
        if long {
            return Err(ContactError::TooLong);
        }
        let (mut e, mut p) = (0, 0);
        for point in &self.points {
            match point.kind {
                PointKind::Email => {
                    e += 1;
                    validate::email(&point.value).ok_or(ContactError::BadEmail(e))?;
                }
                PointKind::Phone => {
                    p += 1;
                    validate::phone(&point.value).ok_or(ContactError::BadPhone(p))?;
                }
                PointKind::Address | PointKind::Web => {}
            }
        }
        Ok(())
    }
}

impl Contact {
    /// A new contact from a draft; the caller validates first if the input was typed.
    pub fn from_draft(id: ContactId, draft: ContactDraft, now: Instant) -> Self {
        let display_name = draft.effective_display_name();
        Contact {
            id,
            given_name: draft.given_name.trim().to_string(),
            family_name: draft.family_name.trim().to_string(),
            display_name,
            organisation: draft.organisation.trim().to_string(),
            title: draft.title.trim().to_string(),
            stage: draft.stage,
            source: draft.source,
            points: dedup_points(draft.points),
            preferences: draft.preferences,
            restricted: false,
            created_at: now,
            updated_at: now,
            last_contacted_at: None,
        }
    }

    /// The last activity with this person: the last contact, else when they were added
    /// (retention counts from here; edits are not activity).
    pub fn last_activity(&self) -> Instant {
        self.last_contacted_at
            .map_or(self.created_at, |c| c.max(self.created_at))
    }

    pub fn points_of(&self, kind: PointKind) -> impl Iterator<Item = &ContactPoint> {
        self.points.iter().filter(move |p| p.kind == kind)
    }

    /// The preferred point of a kind, else the first.
    pub fn primary(&self, kind: PointKind) -> Option<&ContactPoint> {
        self.points_of(kind)
            .find(|p| p.preferred)
            .or_else(|| self.points_of(kind).next())
    }

    /// Adds points not already present (same kind and normalised value); returns how many.
    pub fn merge_points(&mut self, points: impl IntoIterator<Item = ContactPoint>) -> usize {
        let before = self.points.len();
        let all = std::mem::take(&mut self.points)
            .into_iter()
            .chain(points)
            .collect();
        self.points = dedup_points(all);
        self.points.len().saturating_sub(before)
    }
}

/// Drops points that repeat an earlier one (same kind and normalised or literal value).
pub fn dedup_points(points: Vec<ContactPoint>) -> Vec<ContactPoint> {
    let mut seen = std::collections::HashSet::new();
    points
        .into_iter()
        .filter(|p| !p.value.trim().is_empty())
        .filter(|p| {
            let key = match p.normalised() {
                n if n.is_empty() => p.value.trim().to_lowercase(),
                n => n,
            };
            seen.insert((p.kind, key))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> Instant {
        chrono::Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap()
    }

    fn draft() -> ContactDraft {
        ContactDraft {
            given_name: "Astrid".into(),
            family_name: "Lindqvist".into(),
            points: vec![
                ContactPoint::new(PointKind::Email, PointLabel::Work, "astrid@example.com"),
                ContactPoint::new(PointKind::Email, PointLabel::Home, "ASTRID@example.com"),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn display_name_falls_back_and_points_dedup() {
        let c = Contact::from_draft(ContactId::random(), draft(), now());
        assert_eq!(c.display_name, "Astrid Lindqvist");
        assert_eq!(c.points.len(), 1, "same email in other case is one point");
        let only_email = ContactDraft {
            points: draft().points,
            ..Default::default()
        };
        assert_eq!(only_email.effective_display_name(), "astrid@example.com");
    }

    #[test]
    fn validation_names_the_bad_field_without_its_value() {
        let mut d = draft();
        d.points.push(ContactPoint::new(
            PointKind::Phone,
            PointLabel::Mobile,
            "call me maybe",
        ));
        let err = d.validate().unwrap_err();
        assert_eq!(err, ContactError::BadPhone(1));
        assert!(!err.to_string().contains("call me"));
        assert_eq!(
            ContactDraft::default().validate(),
            Err(ContactError::NoName)
        );
    }

    #[test]
    fn debug_prints_no_personal_data() {
        let c = Contact::from_draft(ContactId::random(), draft(), now());
        let dbg = format!("{c:?} {:?} {:?}", c.points, draft());
        assert!(
            !dbg.contains("Astrid") && !dbg.contains("example.com"),
            "{dbg}"
        );
    }

    #[test]
    fn merge_adds_only_new_points() {
        let mut c = Contact::from_draft(ContactId::random(), draft(), now());
        let added = c.merge_points([
            ContactPoint::new(PointKind::Email, PointLabel::Work, " astrid@EXAMPLE.com"),
            ContactPoint::new(PointKind::Phone, PointLabel::Work, "+46 8 123 456"),
        ]);
        assert_eq!(added, 1);
    }

    #[test]
    fn source_parses_kind_and_detail() {
        let s = DataSource::parse("event:Nordic Sales Fair");
        assert_eq!(
            (s.kind, s.detail.as_str()),
            (SourceKind::Event, "Nordic Sales Fair")
        );
        assert_eq!(DataSource::parse("web-form").kind, SourceKind::WebForm);
        assert_eq!(DataSource::parse("a napkin").kind, SourceKind::Other);
    }
}
