//! The opaque identifiers casework records name things by. The caller makes
//! them (a UUID, an account's username, a configured organization's key);
//! this crate only insists that they can be stored, indexed and printed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Text that cannot be an identifier: empty, longer than 64 characters, or
/// holding white space or control characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an identifier is 1 to 64 characters without spaces or control characters, got {text:?}")]
pub struct InvalidId {
    text: String,
}

fn check(text: &str) -> Result<(), InvalidId> {
    let chars = text.chars().count();
    let clean = !text.chars().any(|c| c.is_whitespace() || c.is_control());
    if (1..=64).contains(&chars) && clean {
        Ok(())
    } else {
        Err(InvalidId {
            text: text.chars().take(80).collect(),
        })
    }
}

macro_rules! opaque_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                check(s).map(|()| $name(s.to_owned()))
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                check(&value).map(|()| $name(value))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

opaque_id!(
    /// A filing: one complaint (or application) received at the center, from
    /// its receipt to its registration, mediation or refusal.
    FilingId
);
opaque_id!(
    /// A litigation-related petition.
    PetitionId
);
opaque_id!(
    /// One casework record; records are idempotent by it.
    RecordId
);
opaque_id!(
    /// A staff account (its username).
    ClerkId
);
opaque_id!(
    /// A configured mediation organization: a people's mediation committee,
    /// an industry mediation body or an invited organization.
    OrganizationId
);
opaque_id!(
    /// A mediator, full-time or invited, of a configured organization.
    MediatorId
);
opaque_id!(
    /// A department of the court (or a partner body) a petition is referred to.
    DepartmentId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_refuse_empty_spaced_and_overlong_text() {
        assert!("f-2026-0001".parse::<FilingId>().is_ok());
        assert!("调解委员会-01".parse::<OrganizationId>().is_ok());
        assert!("".parse::<FilingId>().is_err());
        assert!("a b".parse::<ClerkId>().is_err());
        assert!("a\nb".parse::<ClerkId>().is_err());
        assert!("x".repeat(65).parse::<RecordId>().is_err());
        assert!("x".repeat(64).parse::<RecordId>().is_ok());
    }

    #[test]
    fn ids_refuse_bad_text_when_deserialized_too() {
        let bad: Result<FilingId, _> = serde_json::from_str(r#""""#);
        assert!(bad.is_err(), "an empty id must not deserialize");
        let good: FilingId = serde_json::from_str(r#""f1""#).expect("a valid id");
        assert_eq!(good.as_str(), "f1");
    }
}
