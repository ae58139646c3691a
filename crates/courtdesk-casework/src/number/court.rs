//! The court's code (法院代字) as case numbers print it: `湘`, `湘11`, `湘1102`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The one-character abbreviations of the 31 provincial-level regions of the
/// mainland, and `兵` for the courts of the Xinjiang Production and
/// Construction Corps, which number their cases the same way.
pub const PROVINCES: [char; 32] = [
    '京', '津', '冀', '晋', '蒙', '辽', '吉', '黑', '沪', '苏', '浙', '皖', '闽', '赣', '鲁', '豫',
    '鄂', '湘', '粤', '桂', '琼', '渝', '川', '贵', '云', '藏', '陕', '甘', '青', '宁', '新', '兵',
];

/// A court's code in a case number.
///
/// The rule enforced: one province abbreviation from [`PROVINCES`], then
/// none, two or four ASCII digits. A high court's code is the abbreviation
/// alone (`湘`); an intermediate or special court (maritime, railway
/// transport) adds two digits (`湘11`, `沪72`); a basic court four
/// (`湘1102`). These are the three lengths of the code table that goes with
/// the Supreme People's Court's rules on case numbers. The Supreme Court's own
/// code (`最高法`) is not accepted: no service center registers its cases.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CourtCode(String);

/// Text that is not a court code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a court code is a province abbreviation (such as 湘) and none, two or four digits, got {text:?}"
)]
pub struct InvalidCourtCode {
    text: String,
}

impl CourtCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province abbreviation the code starts with.
    pub fn province(&self) -> char {
        self.0.chars().next().unwrap_or('?')
    }
}

impl FromStr for CourtCode {
    type Err = InvalidCourtCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut chars = s.chars();
        let province_ok = chars.next().is_some_and(|c| PROVINCES.contains(&c));
        let digits: Vec<char> = chars.collect();
        let digits_ok =
            matches!(digits.len(), 0 | 2 | 4) && digits.iter().all(|c| c.is_ascii_digit());
        if province_ok && digits_ok {
            Ok(CourtCode(s.to_owned()))
        } else {
            Err(InvalidCourtCode {
                text: s.chars().take(20).collect(),
            })
        }
    }
}

impl TryFrom<String> for CourtCode {
    type Error = InvalidCourtCode;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<CourtCode> for String {
    fn from(code: CourtCode) -> String {
        code.0
    }
}

impl fmt::Display for CourtCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CourtCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CourtCode({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn high_intermediate_and_basic_court_codes_are_accepted() {
        for code in ["湘", "湘11", "湘1102", "沪72", "京0105", "兵0101"] {
            assert!(code.parse::<CourtCode>().is_ok(), "{code} is a court code");
        }
        let code: CourtCode = "湘1102".parse().expect("a basic court");
        assert_eq!(code.province(), '湘');
    }

    #[test]
    fn other_shapes_are_refused() {
        for code in [
            "",
            "11",
            "湘1",
            "湘110",
            "湘11022",
            "湘１１",
            "最高法",
            "港11",
            "湘11a",
        ] {
            assert!(
                code.parse::<CourtCode>().is_err(),
                "{code:?} is not a court code"
            );
        }
    }
}
