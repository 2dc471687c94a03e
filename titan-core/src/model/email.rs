//! Email address newtype, owned by the identity rules.

use serde::{Deserialize, Serialize};

use crate::rules::identity::{EmailProblem, IdentityError};

/// Longest accepted address, in characters (RFC 5321 path limit minus the angle brackets).
pub const EMAIL_MAX_LENGTH: usize = 254;

/// A checked email address: trimmed, the domain lower-cased, the local part kept as typed.
///
/// Addresses are unique case-insensitively: compare and index by [`Email::unique_key`].
/// Serde: a plain string, checked on deserialisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Trims `text`, checks it is `local@domain` and lower-cases the domain.
    ///
    /// Rules: not empty, at most 254 characters, no whitespace or control characters, exactly one
    /// `@` with a non-empty local part, and a domain of at least two non-empty dot-separated labels.
    ///
    /// # Errors
    /// `IDENTITY_INVALID_EMAIL` with the [`EmailProblem`].
    pub fn parse(text: &str) -> Result<Email, IdentityError> {
        let text = text.trim();
        let length = text.chars().count();
        let refuse = |reason| IdentityError::InvalidEmail {
            reason,
            length,
            max: EMAIL_MAX_LENGTH,
        };
        if text.is_empty() {
            return Err(refuse(EmailProblem::Empty));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(refuse(EmailProblem::Whitespace));
        }
        let mut halves = text.split('@');
        let (Some(local), Some(domain), None) = (halves.next(), halves.next(), halves.next())
        else {
            return Err(refuse(EmailProblem::NotOneAt));
        };
        if local.is_empty() {
            return Err(refuse(EmailProblem::EmptyLocalPart));
        }
        if !domain.contains('.') || domain.split('.').any(str::is_empty) {
            return Err(refuse(EmailProblem::InvalidDomain));
        }
        let address = format!("{local}@{}", domain.to_lowercase());
        // Checked after lower-casing: a few characters grow when lower-cased (`İ` → `i̇`).
        let length = address.chars().count();
        if length > EMAIL_MAX_LENGTH {
            return Err(IdentityError::InvalidEmail {
                reason: EmailProblem::TooLong,
                length,
                max: EMAIL_MAX_LENGTH,
            });
        }
        Ok(Email(address))
    }

    /// The address as stored: trimmed, domain lower-cased.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The whole address lower-cased: the key under which addresses are unique.
    #[must_use]
    pub fn unique_key(&self) -> String {
        self.0.to_lowercase()
    }

    /// The part before the `@`, as typed.
    #[must_use]
    pub fn local_part(&self) -> &str {
        self.0.split('@').next().unwrap_or_default()
    }

    /// The part after the `@`, lower-cased.
    #[must_use]
    pub fn domain(&self) -> &str {
        self.0.rsplit('@').next().unwrap_or_default()
    }
}

impl std::str::FromStr for Email {
    type Err = IdentityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Email::parse(s)
    }
}

impl TryFrom<&str> for Email {
    type Error = IdentityError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Email::parse(s)
    }
}

impl TryFrom<String> for Email {
    type Error = IdentityError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn problem(text: &str) -> EmailProblem {
        match Email::parse(text) {
            Err(IdentityError::InvalidEmail { reason, .. }) => reason,
            other => panic!("expected InvalidEmail, got {other:?}"),
        }
    }

    #[test]
    fn trims_and_lowercases_the_domain_only() {
        let email = Email::parse("  Budi.Santoso@KemenKeu.GO.ID \n").unwrap();
        assert_eq!(email.as_str(), "Budi.Santoso@kemenkeu.go.id");
        assert_eq!(email.local_part(), "Budi.Santoso");
        assert_eq!(email.domain(), "kemenkeu.go.id");
        assert_eq!(email.unique_key(), "budi.santoso@kemenkeu.go.id");
    }

    #[test]
    fn unique_key_ignores_case() {
        let a = Email::parse("Siti@bkn.go.id").unwrap();
        let b = Email::parse("siti@BKN.go.id").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.unique_key(), b.unique_key());
    }

    #[test]
    fn refuses_each_malformed_shape() {
        assert_eq!(problem("   "), EmailProblem::Empty);
        assert_eq!(problem("budi santoso@bkn.go.id"), EmailProblem::Whitespace);
        assert_eq!(problem("budi@bkn.go.id\u{0}"), EmailProblem::Whitespace);
        assert_eq!(problem("budi.bkn.go.id"), EmailProblem::NotOneAt);
        assert_eq!(problem("budi@x@bkn.go.id"), EmailProblem::NotOneAt);
        assert_eq!(problem("@bkn.go.id"), EmailProblem::EmptyLocalPart);
        assert_eq!(problem("budi@localhost"), EmailProblem::InvalidDomain);
        assert_eq!(problem("budi@"), EmailProblem::InvalidDomain);
        assert_eq!(problem("budi@.go.id"), EmailProblem::InvalidDomain);
        assert_eq!(problem("budi@bkn..id"), EmailProblem::InvalidDomain);
        assert_eq!(problem("budi@bkn.go.id."), EmailProblem::InvalidDomain);
    }

    #[test]
    fn length_limit_is_254_characters() {
        let domain = "@bkn.go.id";
        let fits = format!("{}{domain}", "a".repeat(254 - domain.len()));
        assert!(Email::parse(&fits).is_ok());
        let long = format!("a{fits}");
        assert_eq!(
            Email::parse(&long).unwrap_err(),
            IdentityError::InvalidEmail {
                reason: EmailProblem::TooLong,
                length: 255,
                max: 254
            }
        );
    }

    #[test]
    fn serde_is_a_checked_string() {
        let email: Email = serde_json::from_str("\"Ani@Mail.Example.COM\"").unwrap();
        assert_eq!(
            serde_json::to_string(&email).unwrap(),
            "\"Ani@mail.example.com\""
        );
        assert!(serde_json::from_str::<Email>("\"nope\"").is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn never_panics_and_parsing_is_idempotent(text in "\\PC{0,40}") {
            if let Ok(email) = Email::parse(&text) {
                prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
                prop_assert_eq!(email.unique_key(), email.unique_key().to_lowercase());
            }
        }

        #[test]
        fn simple_addresses_parse(local in "[A-Za-z0-9._%+-]{1,20}", domain in "[A-Za-z0-9-]{1,10}\\.[A-Za-z]{2,6}") {
            let email = Email::parse(&format!("{local}@{domain}")).unwrap();
            prop_assert_eq!(email.local_part(), local.as_str());
            prop_assert_eq!(email.domain(), domain.to_lowercase());
        }
    }
}
