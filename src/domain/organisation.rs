//! Organisations: company data (name, organisation number, industry from the firm's vocabulary,
//! address, web), not personal data — kept when a person who worked there is erased. Pure
//! validation; the store links people by name (one organisation per name, whatever its case).

use serde::Serialize;

/// Row id of an organisation.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize)]
#[serde(transparent)]
pub struct OrganisationId(pub i64);

/// The longest organisation name accepted (a registered name is far shorter).
pub const MAX_NAME: usize = 200;

/// What a salesperson gives for an organisation; `None` fields stay as they are on edit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrganisationDraft {
    pub name: Option<String>,
    pub org_number: Option<String>,
    /// An industry code of the firm's vocabulary; `Some("")` clears it.
    pub industry: Option<String>,
    pub address: Option<String>,
    pub web: Option<String>,
}

/// An organisation as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub org_number: String,
    /// The industry's code, or empty.
    pub industry: String,
    pub address: String,
    pub web: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrganisationError {
    #[error("an organisation needs a name: give --name")]
    NoName,
    #[error("an organisation name is at most 200 characters, on one line")]
    BadName,
    #[error(
        "an organisation number is at most 32 letters, digits, spaces and dashes (e.g. 556677-8899)"
    )]
    BadNumber,
    #[error("a web address is one line without spaces, e.g. https://example.com")]
    BadWeb,
    #[error("an address is at most 300 characters")]
    BadAddress,
    #[error(
        "an industry code is 1-40 lowercase letters, digits or underscores (e.g. it_services), with a label of at most 60 characters on one line"
    )]
    BadIndustry,
}

/// An industry of the firm's vocabulary as typed (code, label), trimmed and checked like an
/// outcome: the code is what organisations refer to, the label is what people read.
pub fn industry(code: &str, label: &str) -> Result<(String, String), OrganisationError> {
    let (code, label) = (code.trim(), label.trim());
    let code_ok = (1..=40).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let label_ok =
        (1..=60).contains(&label.chars().count()) && !label.chars().any(char::is_control);
    if !code_ok || !label_ok {
        return Err(OrganisationError::BadIndustry);
    }
    Ok((code.into(), label.into()))
}

/// A name as stored: trimmed, inner runs of spaces kept (firms spell themselves oddly).
pub fn clean_name(text: &str) -> Result<String, OrganisationError> {
    let name = text.trim();
    if name.is_empty() {
        return Err(OrganisationError::NoName);
    }
    if name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(OrganisationError::BadName);
    }
    Ok(name.to_string())
}

pub fn clean_number(text: &str) -> Result<String, OrganisationError> {
    let n = text.trim();
    let ok = n.chars().count() <= 32
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ');
    ok.then(|| n.to_string())
        .ok_or(OrganisationError::BadNumber)
}

pub fn clean_web(text: &str) -> Result<String, OrganisationError> {
    let w = text.trim();
    let ok = w.chars().count() <= 300 && !w.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then(|| w.to_string()).ok_or(OrganisationError::BadWeb)
}

pub fn clean_address(text: &str) -> Result<String, OrganisationError> {
    let a = text.trim();
    let ok = a.chars().count() <= 300 && !a.chars().any(|c| c.is_control() && c != '\n');
    ok.then(|| a.to_string())
        .ok_or(OrganisationError::BadAddress)
}

impl OrganisationDraft {
    /// Applies the given fields to `org` (validated); the industry code is checked by the store.
    pub fn apply(&self, org: &mut Organisation) -> Result<(), OrganisationError> {
        if let Some(n) = &self.name {
            org.name = clean_name(n)?;
        }
        if let Some(n) = &self.org_number {
            org.org_number = clean_number(n)?;
        }
        if let Some(i) = &self.industry {
            org.industry = i.trim().to_string();
        }
        if let Some(a) = &self.address {
            org.address = clean_address(a)?;
        }
        if let Some(w) = &self.web {
            org.web = clean_web(w)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(clean_name("  Acme AB ").unwrap(), "Acme AB");
        assert_eq!(clean_name("   "), Err(OrganisationError::NoName));
        assert_eq!(clean_name("a\u{7}b"), Err(OrganisationError::BadName));
        assert_eq!(
            clean_name(&"x".repeat(201)),
            Err(OrganisationError::BadName)
        );
    }

    #[test]
    fn numbers_and_web_addresses_are_checked() {
        assert_eq!(clean_number(" 556677-8899 ").unwrap(), "556677-8899");
        assert!(clean_number("55;DROP").is_err());
        assert!(clean_web("https://example.com").is_ok());
        assert!(clean_web("example .com").is_err());
    }

    #[test]
    fn a_draft_changes_only_what_it_gives() {
        let mut o = Organisation {
            id: OrganisationId(1),
            name: "Acme".into(),
            org_number: "1".into(),
            industry: "retail".into(),
            address: String::new(),
            web: String::new(),
        };
        OrganisationDraft {
            web: Some("https://acme.example.com".into()),
            ..Default::default()
        }
        .apply(&mut o)
        .unwrap();
        assert_eq!(o.name, "Acme");
        assert_eq!(o.industry, "retail");
        assert_eq!(o.web, "https://acme.example.com");
    }

    #[test]
    fn industries_are_codes_with_labels() {
        assert_eq!(
            industry(" it_services ", " IT services ").unwrap(),
            ("it_services".to_string(), "IT services".to_string())
        );
        assert_eq!(industry("IT", "IT"), Err(OrganisationError::BadIndustry));
        assert_eq!(industry("x", ""), Err(OrganisationError::BadIndustry));
        assert_eq!(
            industry("x", &"y".repeat(61)),
            Err(OrganisationError::BadIndustry)
        );
    }
}
