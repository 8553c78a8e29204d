//! Processing purposes (GDPR Art. 5(1)(b), 6): each has a legal basis, a retention rule and the
//! data categories it needs. A new store is seeded with the four purposes a sales team needs.

use super::ids::PurposeId;
use serde::{Deserialize, Serialize};

/// The legal basis of a purpose (GDPR Art. 6(1)).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    Consent,
    Contract,
    LegitimateInterest,
    LegalObligation,
}

impl LegalBasis {
    pub const ALL: [LegalBasis; 4] = [
        LegalBasis::Consent,
        LegalBasis::Contract,
        LegalBasis::LegitimateInterest,
        LegalBasis::LegalObligation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LegalBasis::Consent => "consent",
            LegalBasis::Contract => "contract",
            LegalBasis::LegitimateInterest => "legitimate_interest",
            LegalBasis::LegalObligation => "legal_obligation",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        LegalBasis::ALL.into_iter().find(|b| b.as_str() == t)
    }

    /// The article a person can look up.
    pub fn article(self) -> &'static str {
        match self {
            LegalBasis::Consent => "GDPR Art. 6(1)(a) consent",
            LegalBasis::Contract => "GDPR Art. 6(1)(b) contract",
            LegalBasis::LegalObligation => "GDPR Art. 6(1)(c) legal obligation",
            LegalBasis::LegitimateInterest => "GDPR Art. 6(1)(f) legitimate interest",
        }
    }
}

/// How long data kept for a purpose may stay.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RetentionRule {
    /// Kept for this many months after the last activity with the person.
    AfterLastActivity { months: u32 },
    /// Kept while the consent for this purpose is valid.
    UntilConsentEnds,
}

impl RetentionRule {
    pub fn describe(self) -> String {
        match self {
            RetentionRule::AfterLastActivity { months } => {
                format!("{months} months after the last activity")
            }
            RetentionRule::UntilConsentEnds => "until the consent is withdrawn or expires".into(),
        }
    }
}

/// A category of personal data a purpose needs.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataCategory {
    Identity,
    ContactDetails,
    PostalAddress,
    Preferences,
    Interests,
}

impl DataCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            DataCategory::Identity => "identity",
            DataCategory::ContactDetails => "contact_details",
            DataCategory::PostalAddress => "postal_address",
            DataCategory::Preferences => "preferences",
            DataCategory::Interests => "interests",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            DataCategory::Identity,
            DataCategory::ContactDetails,
            DataCategory::PostalAddress,
            DataCategory::Preferences,
            DataCategory::Interests,
        ]
        .into_iter()
        .find(|c| c.as_str() == text.trim())
    }
}

/// A processing purpose.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Purpose {
    pub id: PurposeId,
    pub name: String,
    pub description: String,
    pub legal_basis: LegalBasis,
    pub marketing: bool,
    pub retention: RetentionRule,
    pub categories: Vec<DataCategory>,
    /// Default validity of a consent given for this purpose, in months.
    pub consent_months: Option<u32>,
}

/// The name of the purpose whose retention period governs former customers.
pub const CUSTOMER_RELATIONSHIP: &str = "Customer relationship";

/// The purposes a new store starts with (ids are assigned by the store).
pub fn seed() -> Vec<Purpose> {
    use DataCategory::*;
    let p = |name: &str,
             description: &str,
             legal_basis,
             marketing,
             retention,
             categories: Vec<DataCategory>,
             consent_months| Purpose {
        id: PurposeId(0),
        name: name.into(),
        description: description.into(),
        legal_basis,
        marketing,
        retention,
        categories,
        consent_months,
    };
    vec![
        p(
            CUSTOMER_RELATIONSHIP,
            "Managing the business relationship and the contract with a customer",
            LegalBasis::Contract,
            false,
            RetentionRule::AfterLastActivity { months: 24 },
            vec![Identity, ContactDetails, PostalAddress, Preferences],
            None,
        ),
        p(
            "Newsletter",
            "Sending our newsletter by email",
            LegalBasis::Consent,
            true,
            RetentionRule::UntilConsentEnds,
            vec![Identity, ContactDetails, Preferences, Interests],
            Some(24),
        ),
        p(
            "Event invitations",
            "Inviting the person to events that match their interests",
            LegalBasis::Consent,
            true,
            RetentionRule::UntilConsentEnds,
            vec![Identity, ContactDetails, Preferences, Interests],
            Some(24),
        ),
        p(
            "Catalogue by post",
            "Sending our printed catalogue to customers and former customers",
            LegalBasis::LegitimateInterest,
            true,
            RetentionRule::AfterLastActivity { months: 24 },
            vec![Identity, PostalAddress, Preferences],
            None,
        ),
    ]
}
