//! Format checks and normalisation for contact points. Normalised forms are what duplicates and
//! suppression entries are matched on: lowercase email, phone digits with a leading '+' kept.

/// Checks an email address's shape (local@domain.tld, no spaces); returns it trimmed.
pub fn email(text: &str) -> Option<String> {
    let t = text.trim();
    let (local, domain) = t.rsplit_once('@')?;
    let ok = !local.is_empty()
        && local.len() <= 64
        && domain.len() <= 255
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !t
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == ',')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    ok.then(|| t.to_string())
}

/// Checks a phone number written by a person: digits with optional '+', spaces, '-', '/', '.',
/// and parentheses; 5 to 20 digits. Returns it trimmed, as written.
pub fn phone(text: &str) -> Option<String> {
    let t = text.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let ok = (5..=20).contains(&digits)
        && t.chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " -/.()".contains(c) || (c == '+' && i == 0));
    ok.then(|| t.to_string())
}

/// Normalised email used for matching: trimmed and lowercased.
pub fn normalise_email(text: &str) -> String {
    text.trim().to_lowercase()
}

/// Normalised phone used for matching: the digits, with '+' kept when the number starts with
/// one and a leading "00" read as '+'. Returns an empty string when there are no digits.
pub fn normalise_phone(text: &str) -> String {
    let t = text.trim();
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    if t.starts_with('+') {
        format!("+{digits}")
    } else if let Some(rest) = digits.strip_prefix("00") {
        format!("+{rest}")
    } else {
        digits
    }
}

/// Checks a language code such as `sv`, `de`, `en-GB`; returns it in canonical case.
pub fn language(text: &str) -> Option<String> {
    let mut parts = text.trim().split('-');
    let primary = parts.next()?;
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = primary.to_ascii_lowercase();
    for part in parts {
        if !(2..=8).contains(&part.len()) || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        out.push('-');
        out.push_str(&if part.len() == 2 {
            part.to_ascii_uppercase()
        } else {
            part.to_string()
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        assert_eq!(
            email(" Anna@Example.com ").as_deref(),
            Some("Anna@Example.com")
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.com",
            "anna@example",
            "an na@example.com",
            "a@b..com",
        ] {
            assert!(email(bad).is_none(), "{bad} accepted");
        }
        assert_eq!(normalise_email(" Anna@Example.COM"), "anna@example.com");
    }

    #[test]
    fn phones() {
        assert!(phone("+46 70-123 45 67").is_some());
        assert!(phone("(08) 123 456").is_some());
        for bad in [
            "",
            "123",
            "call me",
            "+46 70 12+3",
            "1234567890123456789012",
        ] {
            assert!(phone(bad).is_none(), "{bad} accepted");
        }
        assert_eq!(normalise_phone("+46 (0)70-123 45 67"), "+460701234567");
        assert_eq!(normalise_phone("0046 70 123"), "+4670123");
        assert_eq!(normalise_phone("070 123"), "070123");
    }

    #[test]
    fn languages() {
        assert_eq!(language("sv").as_deref(), Some("sv"));
        assert_eq!(language("en-gb").as_deref(), Some("en-GB"));
        assert!(language("swedish!").is_none());
        assert!(language("").is_none());
    }

    proptest! {
        #[test]
        fn normalised_phone_is_idempotent(s in "\\+?[0-9 ()-]{0,24}") {
            let once = normalise_phone(&s);
            prop_assert_eq!(normalise_phone(&once), once);
        }

        #[test]
        fn validators_never_panic(s in "\\PC{0,64}") {
            let _ = email(&s);
            let _ = phone(&s);
            let _ = language(&s);
        }
    }
}
