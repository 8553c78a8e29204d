//! Who is responsible for the data and who receives it (GDPR Art. 13(1)(a)–(f), 15(1)(c), 30(1)(a),
//! (d), (e)): the controller with its DPO and representative, the recipients and processors with
//! the purposes they serve, and the transfers outside the EU/EEA with their safeguard. Pure.

use serde::Serialize;

/// The controller (the firm). Empty text means "not filled in"; the record prints it as missing.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
pub struct Controller {
    pub name: String,
    pub org_number: String,
    pub address: String,
    pub email: String,
    pub dpo_name: String,
    pub dpo_email: String,
    pub representative: String,
}

impl Controller {
    /// The country whose authority a person complains to: Rapport is built for Swedish firms.
    pub fn supervisory_authority(&self) -> Authority {
        SWEDISH_AUTHORITY
    }
}

/// A supervisory authority (Art. 77).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
pub struct Authority {
    pub name: &'static str,
    pub address: &'static str,
    pub email: &'static str,
    pub web: &'static str,
}

/// Integritetsskyddsmyndigheten, the Swedish authority.
pub const SWEDISH_AUTHORITY: Authority = Authority {
    name: "Integritetsskyddsmyndigheten (IMY)",
    address: "Box 8114, 104 20 Stockholm, Sweden",
    email: "imy@imy.se",
    web: "https://www.imy.se",
};

/// What a recipient is to the firm.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Processes on the firm's behalf (Art. 28): hosting, mailing service.
    Processor,
    /// Receives data for its own purposes.
    Controller,
    JointController,
    Authority,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Processor,
        Role::Controller,
        Role::JointController,
        Role::Authority,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Processor => "processor",
            Role::Controller => "controller",
            Role::JointController => "joint_controller",
            Role::Authority => "authority",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL.into_iter().find(|r| r.as_str() == t)
    }
}

/// The safeguard of a transfer outside the EU/EEA (Art. 45, 46, 47, 49).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Safeguard {
    AdequacyDecision,
    StandardContractualClauses,
    BindingCorporateRules,
    Art49Derogation,
}

impl Safeguard {
    pub const ALL: [Safeguard; 4] = [
        Safeguard::AdequacyDecision,
        Safeguard::StandardContractualClauses,
        Safeguard::BindingCorporateRules,
        Safeguard::Art49Derogation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Safeguard::AdequacyDecision => "adequacy_decision",
            Safeguard::StandardContractualClauses => "standard_contractual_clauses",
            Safeguard::BindingCorporateRules => "binding_corporate_rules",
            Safeguard::Art49Derogation => "art49_derogation",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_ascii_lowercase().replace('-', "_");
        Safeguard::ALL.into_iter().find(|s| s.as_str() == t)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Safeguard::AdequacyDecision => "adequacy decision (Art. 45)",
            Safeguard::StandardContractualClauses => "standard contractual clauses (Art. 46(2)(c))",
            Safeguard::BindingCorporateRules => "binding corporate rules (Art. 47)",
            Safeguard::Art49Derogation => "derogation for a specific situation (Art. 49)",
        }
    }
}

/// A recipient or processor, and the purposes (by name) whose data it receives.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Recipient {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    pub safeguard: Option<Safeguard>,
    pub purposes: Vec<String>,
}

impl Recipient {
    /// Whether giving it data is a transfer to a third country (Chapter V).
    pub fn is_transfer(&self) -> bool {
        !in_eea(&self.country)
    }
}

/// The EU member states and the EEA's Iceland, Liechtenstein and Norway (ISO 3166-1 alpha-2;
/// Greece is also written EL in EU texts).
const EEA: [&str; 31] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "EL",
];

pub fn in_eea(country: &str) -> bool {
    EEA.contains(&country.trim().to_ascii_uppercase().as_str())
}

/// A country code as stored: two ASCII letters, upper case; `None` when it is not one.
pub fn country_code(text: &str) -> Option<String> {
    let t = text.trim();
    (t.len() == 2 && t.chars().all(|c| c.is_ascii_alphabetic())).then(|| t.to_ascii_uppercase())
}

/// Why a recipient is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecipientError {
    #[error("a country is its two-letter ISO code, such as SE or US")]
    Country,
    #[error(
        "a recipient outside the EU/EEA is a transfer and needs --safeguard: adequacy-decision, standard-contractual-clauses, binding-corporate-rules or art49-derogation"
    )]
    NoSafeguard,
    #[error("a recipient needs a name of at most 120 characters on one line")]
    Name,
}

/// Checks a recipient before it is stored.
pub fn validate(r: &Recipient) -> Result<(), RecipientError> {
    let n = r.name.trim();
    if n.is_empty() || n.chars().count() > 120 || n.chars().any(char::is_control) {
        return Err(RecipientError::Name);
    }
    if country_code(&r.country).is_none() {
        return Err(RecipientError::Country);
    }
    if r.is_transfer() && r.safeguard.is_none() {
        return Err(RecipientError::NoSafeguard);
    }
    Ok(())
}

/// The DPO's name and address are a person's data: `Debug` says only which fields are filled.
impl std::fmt::Debug for Controller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Controller")
            .field("name_set", &!self.name.is_empty())
            .field(
                "dpo_set",
                &!(self.dpo_name.is_empty() && self.dpo_email.is_empty()),
            )
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transfer_needs_a_safeguard() {
        let mut r = Recipient {
            id: 0,
            name: "Mailer Inc.".into(),
            role: Role::Processor,
            country: "US".into(),
            safeguard: None,
            purposes: vec![],
        };
        assert!(r.is_transfer());
        assert_eq!(validate(&r), Err(RecipientError::NoSafeguard));
        r.safeguard = Some(Safeguard::StandardContractualClauses);
        assert_eq!(validate(&r), Ok(()));
        r.country = "se".into();
        assert!(!r.is_transfer());
        r.country = "Sweden".into();
        assert_eq!(validate(&r), Err(RecipientError::Country));
    }
}
