//! The languages the service center speaks: Chinese first, English second.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A UI language. The serialized names are BCP 47 tags, the same ones the UI's
/// message catalogs are named after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
pub enum Locale {
    /// Simplified Chinese, the default everywhere.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A language tag CourtDesk has no catalog for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: expected zh-CN or en")]
pub struct UnknownLocale(pub String);

impl FromStr for Locale {
    type Err = UnknownLocale;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Locale::ALL
            .into_iter()
            .find(|locale| locale.tag() == s)
            .ok_or_else(|| UnknownLocale(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Locale::default(), Locale::ZhCn);
    }

    #[test]
    fn tags_round_trip_through_text_and_json() {
        for locale in Locale::ALL {
            assert_eq!(locale.tag().parse::<Locale>(), Ok(locale));
            let json = serde_json::to_string(&locale).expect("a locale serializes");
            assert_eq!(json, format!("\"{}\"", locale.tag()));
            let back: Locale = serde_json::from_str(&json).expect("and parses back");
            assert_eq!(back, locale);
        }
    }

    #[test]
    fn unknown_tags_are_refused() {
        for bad in ["zh", "zh-cn", "en-US", "fr", ""] {
            assert!(bad.parse::<Locale>().is_err(), "{bad:?} should be refused");
        }
    }
}
