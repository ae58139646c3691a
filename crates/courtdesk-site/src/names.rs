//! Names shown to people in both languages, and the ids of the things the
//! queue crate has no name for: departments, mediation organizations, the
//! dispute types they handle and the accounts that make versions.

use std::fmt;
use std::str::FromStr;

use courtdesk_core::Locale;
use serde::{Deserialize, Serialize};

/// A name in the two languages the service center speaks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    pub en: String,
}

impl Names {
    pub fn new(zh_cn: impl Into<String>, en: impl Into<String>) -> Names {
        Names {
            zh_cn: zh_cn.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.zh_cn,
            Locale::En => &self.en,
        }
    }
}

/// Text that cannot serve as one of this crate's ids.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} must be {rule}, got {got:?}")]
pub struct InvalidId {
    what: &'static str,
    rule: &'static str,
    got: String,
}

/// The same slug rule as the queue's service ids and outcome codes, so every
/// id of a site's configuration reads alike in records and on the command
/// line.
fn is_slug(s: &str) -> bool {
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_';
    (1..=32).contains(&s.len())
        && s.bytes().all(allowed)
        && s.bytes().next().is_some_and(|b| b != b'-' && b != b'_')
}

/// The server's rule for court, site and account names: 1 to 64 printable
/// ASCII characters without spaces.
pub(crate) fn is_key(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic())
}

const SLUG_RULE: &str = "1 to 32 of a-z, 0-9, '-' and '_', starting with a letter or digit";
const KEY_RULE: &str = "1 to 64 printable ASCII characters without spaces";

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $valid:path, $rule:path) => {
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
                if $valid(s) {
                    Ok($name(s.to_owned()))
                } else {
                    // Only a prefix is kept: the text came from outside.
                    Err(InvalidId {
                        what: $what,
                        rule: $rule,
                        got: s.chars().take(40).collect(),
                    })
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
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

id_type!(
    /// A department a submission may be forwarded to, such as `civil-1`.
    DepartmentId,
    "a department id",
    is_slug,
    SLUG_RULE
);

id_type!(
    /// A mediation organization the court works with.
    OrganizationId,
    "an organization id",
    is_slug,
    SLUG_RULE
);

id_type!(
    /// A kind of dispute a mediation organization takes on, such as
    /// `traffic`, `labour` or `property-management`.
    DisputeType,
    "a dispute type",
    is_slug,
    SLUG_RULE
);

id_type!(
    /// The staff account that made a version: the username the server signs
    /// clerks in with.
    AccountId,
    "an account id",
    is_key,
    KEY_RULE
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_on_the_way_in() {
        assert!("civil-1".parse::<DepartmentId>().is_ok());
        assert!("Civil".parse::<DepartmentId>().is_err(), "uppercase");
        assert!(
            "_x".parse::<OrganizationId>().is_err(),
            "leading underscore"
        );
        assert!("admin".parse::<AccountId>().is_ok());
        assert!("ad min".parse::<AccountId>().is_err(), "space");
        assert!(serde_json::from_str::<DisputeType>("\"交通\"").is_err());
    }

    #[test]
    fn names_serialize_under_their_language_tags() {
        let json = serde_json::to_string(&Names::new("立案", "Filing")).expect("serializes");
        assert_eq!(json, r#"{"zh-CN":"立案","en":"Filing"}"#);
        assert_eq!(Names::new("立案", "Filing").get(Locale::En), "Filing");
    }
}
