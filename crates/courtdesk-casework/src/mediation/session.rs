//! A mediation session: when, where (or online) and who came.

use std::fmt;
use std::str::FromStr;

use courtdesk_identity::CivilDate;
use serde::{Deserialize, Serialize};

/// Where a session was held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "venue", content = "detail", rename_all = "snake_case")]
pub enum Venue {
    /// A room or address, e.g. `诉调对接中心第二调解室`.
    Place(String),
    /// An online session, with the platform used.
    Online(String),
}

/// The part an attendee took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendeeRole {
    Applicant,
    Respondent,
    Agent,
    Mediator,
    Other,
}

/// Someone who attended, by role and by a reference the court keeps (a party
/// id or an account); never by name, so records carry no personal data
/// beyond that reference.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub role: AttendeeRole,
    pub reference: String,
}

impl fmt::Debug for Attendee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attendee")
            .field("role", &self.role)
            .field("reference", &"<redacted>")
            .finish()
    }
}

/// One session of a mediation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub on: CivilDate,
    pub venue: Venue,
    pub attendees: Vec<Attendee>,
}

/// A SHA-256 digest written as 64 lowercase hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256Hex(String);

/// Text that is not a SHA-256 digest in lowercase hexadecimal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a SHA-256 digest is 64 lowercase hexadecimal digits")]
pub struct InvalidSha256;

impl Sha256Hex {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Sha256Hex {
    type Err = InvalidSha256;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        ok.then(|| Sha256Hex(s.to_owned())).ok_or(InvalidSha256)
    }
}

impl TryFrom<String> for Sha256Hex {
    type Error = InvalidSha256;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Sha256Hex> for String {
    fn from(digest: Sha256Hex) -> String {
        digest.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_64_lowercase_hex_digits() {
        assert!("a".repeat(64).parse::<Sha256Hex>().is_ok());
        assert!("A".repeat(64).parse::<Sha256Hex>().is_err());
        assert!("a".repeat(63).parse::<Sha256Hex>().is_err());
        assert!("g".repeat(64).parse::<Sha256Hex>().is_err());
    }

    #[test]
    fn an_attendee_debug_hides_the_reference() {
        let attendee = Attendee {
            role: AttendeeRole::Applicant,
            reference: "430102199001011234".to_owned(),
        };
        assert!(!format!("{attendee:?}").contains("4301"));
    }
}
