//! Structured preferences: accepted channels, interests from the firm's vocabulary (yes / no /
//! unknown) and language. Never free text — that is what keeps them lawful and searchable.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A way of reaching a person.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Email,
    Phone,
    Sms,
    Post,
    Meeting,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Email,
        Channel::Phone,
        Channel::Sms,
        Channel::Post,
        Channel::Meeting,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Phone => "phone",
            Channel::Sms => "sms",
            Channel::Post => "post",
            Channel::Meeting => "meeting",
        }
    }

    pub fn parse(text: &str) -> Result<Self, PrefError> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == text.trim().to_ascii_lowercase())
            .ok_or(PrefError::UnknownChannel)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of accepted channels, stored as a bit mask.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Channels(u8);

impl Channels {
    /// "Digital only": email and SMS, never paper or a call.
    pub const DIGITAL_ONLY: Channels =
        Channels(1 << Channel::Email as u8 | 1 << Channel::Sms as u8);

    pub fn empty() -> Self {
        Self(0)
    }

    pub fn from_bits(bits: u8) -> Self {
        Self(bits & 0b1_1111)
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    pub fn contains(self, channel: Channel) -> bool {
        self.0 & channel.bit() != 0
    }

    pub fn insert(&mut self, channel: Channel) {
        self.0 |= channel.bit();
    }

    pub fn remove(&mut self, channel: Channel) {
        self.0 &= !channel.bit();
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Channel> {
        Channel::ALL.into_iter().filter(move |c| self.contains(*c))
    }

    /// Parses `email,sms` or `digital-only`; an empty text means no channel.
    pub fn parse(text: &str) -> Result<Self, PrefError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("digital-only") || text.eq_ignore_ascii_case("digital") {
            return Ok(Self::DIGITAL_ONLY);
        }
        let mut set = Self::empty();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            set.insert(Channel::parse(part)?);
        }
        Ok(set)
    }
}

impl fmt::Display for Channels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.iter().map(Channel::as_str).collect();
        f.write_str(&names.join(","))
    }
}

impl fmt::Debug for Channels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Channels({self})")
    }
}

impl Serialize for Channels {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Channels {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<Channel>::deserialize(d)?;
        let mut set = Channels::empty();
        list.into_iter().for_each(|c| set.insert(c));
        Ok(set)
    }
}

/// An answer to "is this person interested in …?".
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    Yes,
    No,
    #[default]
    Unknown,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }

    pub fn parse(text: &str) -> Result<Self, PrefError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" => Ok(Answer::Yes),
            "no" | "n" | "false" => Ok(Answer::No),
            "unknown" | "?" | "" => Ok(Answer::Unknown),
            _ => Err(PrefError::BadAnswer),
        }
    }
}

/// Default interest vocabulary seeded into a new store; the firm can add its own.
pub const DEFAULT_INTERESTS: [&str; 6] =
    ["golf", "tennis", "sailing", "wine", "football", "theatre"];

/// A contact's structured preferences.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Preferences {
    pub channels: Channels,
    /// Only answered interests are kept; a missing name means "unknown".
    pub interests: BTreeMap<String, Answer>,
    pub language: Option<String>,
}

impl fmt::Debug for Preferences {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Preferences are personal data: show only their shape.
        f.debug_struct("Preferences")
            .field("channels", &self.channels.bits().count_ones())
            .field("interests", &self.interests.len())
            .field("language", &self.language.is_some())
            .finish()
    }
}

impl Preferences {
    pub fn interest(&self, name: &str) -> Answer {
        self.interests.get(name).copied().unwrap_or(Answer::Unknown)
    }

    /// Applies one assignment; `Unknown` removes the answer.
    pub fn apply(&mut self, assignment: &PrefAssignment) {
        match assignment {
            PrefAssignment::Channels(c) => self.channels = *c,
            PrefAssignment::Interest(name, Answer::Unknown) => {
                self.interests.remove(name);
            }
            PrefAssignment::Interest(name, answer) => {
                self.interests.insert(name.clone(), *answer);
            }
            PrefAssignment::Language(lang) => self.language = lang.clone(),
        }
    }
}

/// One `KEY=VALUE` preference assignment from the command line or the app.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum PrefAssignment {
    Channels(Channels),
    Interest(String, Answer),
    Language(Option<String>),
}

impl PrefAssignment {
    /// Parses `channels=email,sms`, `channels=digital-only`, `interest.golf=yes`, `language=sv`.
    pub fn parse(text: &str) -> Result<Self, PrefError> {
        let (key, value) = text.split_once('=').ok_or(PrefError::Syntax)?;
        let key = key.trim().to_ascii_lowercase();
        if key == "channels" {
            return Channels::parse(value).map(PrefAssignment::Channels);
        }
        if key == "language" || key == "lang" {
            let value = value.trim();
            if value.is_empty() {
                return Ok(PrefAssignment::Language(None));
            }
            return crate::domain::validate::language(value)
                .map(|l| PrefAssignment::Language(Some(l)))
                .ok_or(PrefError::BadLanguage);
        }
        if let Some(name) = key.strip_prefix("interest.") {
            let name = interest_name(name).ok_or(PrefError::BadInterestName)?;
            return Ok(PrefAssignment::Interest(name, Answer::parse(value)?));
        }
        Err(PrefError::UnknownKey)
    }
}

/// Normalises an interest name: lowercase letters, digits and '-', 1–32 characters.
pub fn interest_name(text: &str) -> Option<String> {
    let name = text.trim().to_lowercase();
    let ok = !name.is_empty()
        && name.chars().count() <= 32
        && name.chars().all(|c| c.is_alphanumeric() || c == '-');
    ok.then_some(name)
}

/// What an objection to direct marketing (GDPR Art. 21) covers.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectionScope {
    All,
    Channel(Channel),
}

impl ObjectionScope {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectionScope::All => "all",
            ObjectionScope::Channel(c) => c.as_str(),
        }
    }

    pub fn parse(text: &str) -> Result<Self, PrefError> {
        if text.trim().eq_ignore_ascii_case("all") {
            Ok(ObjectionScope::All)
        } else {
            Channel::parse(text).map(ObjectionScope::Channel)
        }
    }

    pub fn covers(self, channel: Channel) -> bool {
        match self {
            ObjectionScope::All => true,
            ObjectionScope::Channel(c) => c == channel,
        }
    }
}

/// Why a preference could not be read. Messages say what is accepted, never echo the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PrefError {
    #[error("a preference is written KEY=VALUE, e.g. channels=email,sms or interest.golf=yes")]
    Syntax,
    #[error("unknown preference key: use channels=…, interest.NAME=yes|no|unknown or language=…")]
    UnknownKey,
    #[error("unknown channel: use email, phone, sms, post, meeting, or digital-only")]
    UnknownChannel,
    #[error("an interest is answered yes, no or unknown")]
    BadAnswer,
    #[error("an interest name uses letters, digits and '-' (at most 32 characters)")]
    BadInterestName,
    #[error("a language is a code such as sv, de or en-GB")]
    BadLanguage,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digital_only_is_email_and_sms() {
        let c = Channels::parse("digital-only").unwrap();
        assert!(c.contains(Channel::Email) && c.contains(Channel::Sms));
        assert!(!c.contains(Channel::Post) && !c.contains(Channel::Phone));
        assert_eq!(c.to_string(), "email,sms");
        assert_eq!(Channels::parse("sms, email").unwrap(), c);
    }

    #[test]
    fn assignments_parse_and_apply() {
        let mut p = Preferences::default();
        for a in [
            "channels=email,post",
            "interest.golf=yes",
            "interest.wine=no",
            "language=sv",
        ] {
            p.apply(&PrefAssignment::parse(a).unwrap());
        }
        assert_eq!(p.interest("golf"), Answer::Yes);
        assert_eq!(p.interest("wine"), Answer::No);
        assert_eq!(p.interest("tennis"), Answer::Unknown);
        assert_eq!(p.language.as_deref(), Some("sv"));
        p.apply(&PrefAssignment::parse("interest.golf=unknown").unwrap());
        assert_eq!(p.interest("golf"), Answer::Unknown);
        assert!(!p.interests.contains_key("golf"));
    }

    #[test]
    fn bad_preferences_are_refused() {
        assert_eq!(PrefAssignment::parse("golf"), Err(PrefError::Syntax));
        assert_eq!(
            PrefAssignment::parse("notes=likes cats"),
            Err(PrefError::UnknownKey)
        );
        assert_eq!(
            PrefAssignment::parse("channels=fax"),
            Err(PrefError::UnknownChannel)
        );
        assert_eq!(
            PrefAssignment::parse("interest.golf=maybe"),
            Err(PrefError::BadAnswer)
        );
        assert_eq!(
            PrefAssignment::parse("language=Swedish!"),
            Err(PrefError::BadLanguage)
        );
    }

    #[test]
    fn debug_shows_no_values() {
        let mut p = Preferences::default();
        p.apply(&PrefAssignment::parse("interest.golf=yes").unwrap());
        assert!(!format!("{p:?}").contains("golf"));
    }
}
