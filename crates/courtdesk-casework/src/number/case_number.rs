//! Case numbers in the national format: `（2026）湘1102民初123号`.

use std::fmt;
use std::str::FromStr;

use courtdesk_core::TerminalId;
use serde::{Deserialize, Serialize};

use crate::{CaseType, CourtCode};

/// A case number: the year, the court's code, the case type and the
/// sequence number within that court, year and type.
///
/// It prints with full-width parentheses, as court documents do. Parsing
/// also accepts ASCII parentheses, which case systems and typists often use
/// (`(2026)京0105民初123号`), and gives back the same number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseNumber {
    pub year: u16,
    pub court_code: CourtCode,
    pub type_code: CaseType,
    pub seq: u32,
}

/// What is wrong with a case number's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseNumberFault {
    /// Not `（year）…号`.
    Shape,
    /// The year is not four digits from 1000.
    Year,
    /// The court's code is not a valid one ([`CourtCode`]).
    Court,
    /// The type code is not one registered here ([`CaseType`]).
    Type,
    /// The sequence number is missing, zero, has leading zeros or is too large.
    Sequence,
}

/// Text that is not a case number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a case number like （2026）湘1102民初123号: {fault:?}")]
pub struct InvalidCaseNumber {
    pub text: String,
    pub fault: CaseNumberFault,
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "（{}）{}{}{}号",
            self.year, self.court_code, self.type_code, self.seq
        )
    }
}

fn number_text(digits: &str) -> Option<u32> {
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    canonical.then(|| digits.parse().ok()).flatten()
}

impl FromStr for CaseNumber {
    type Err = InvalidCaseNumber;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |fault| InvalidCaseNumber {
            text: s.chars().take(40).collect(),
            fault,
        };
        let rest = s
            .strip_prefix('（')
            .or_else(|| s.strip_prefix('('))
            .ok_or(fail(CaseNumberFault::Shape))?;
        let close = rest.find(['）', ')']).ok_or(fail(CaseNumberFault::Shape))?;
        let (year_text, rest) = rest.split_at(close);
        let rest = rest
            .strip_prefix('）')
            .or_else(|| rest.strip_prefix(')'))
            .ok_or(fail(CaseNumberFault::Shape))?;
        let body = rest
            .strip_suffix('号')
            .ok_or(fail(CaseNumberFault::Shape))?;
        let year = number_text(year_text)
            .filter(|y| (1000..=9999).contains(y))
            .ok_or(fail(CaseNumberFault::Year))?;

        // The court code is its province character and the digits after it;
        // the type code runs from there to the sequence's digits.
        let province_len = body.chars().next().map_or(0, char::len_utf8);
        let court_end = province_len
            + body[province_len..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
        let court_code: CourtCode = body[..court_end]
            .parse()
            .map_err(|_| fail(CaseNumberFault::Court))?;
        let rest = &body[court_end..];
        let type_end = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let type_code: CaseType = rest[..type_end]
            .parse()
            .map_err(|_| fail(CaseNumberFault::Type))?;
        let seq = number_text(&rest[type_end..]).ok_or(fail(CaseNumberFault::Sequence))?;
        Ok(CaseNumber {
            // The filter above keeps the year within four digits.
            year: year as u16,
            court_code,
            type_code,
            seq,
        })
    }
}

impl TryFrom<String> for CaseNumber {
    type Error = InvalidCaseNumber;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<CaseNumber> for String {
    fn from(number: CaseNumber) -> String {
        number.to_string()
    }
}

/// A number a desk gives a registration it makes while cut off from the
/// server: the desk's terminal id and the desk's own running count. It is
/// unique without the server, prints plainly as provisional (`临时-1a2b3c4d-7`)
/// so nobody mistakes it for a case number, and is replaced by a real number
/// once the registration reaches the server.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ProvisionalNumber {
    pub terminal: TerminalId,
    pub seq: u32,
}

impl fmt::Display for ProvisionalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let short: String = self.terminal.as_str().chars().take(8).collect();
        write!(f, "临时-{short}-{}", self.seq)
    }
}

/// The number a registration goes by: a case number from the server, or a
/// provisional one until the server assigns it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "number", content = "value", rename_all = "snake_case")]
pub enum NumberRef {
    Assigned(CaseNumber),
    Provisional(ProvisionalNumber),
}

impl NumberRef {
    /// The case number, once there is one.
    pub fn case_number(&self) -> Option<&CaseNumber> {
        match self {
            NumberRef::Assigned(n) => Some(n),
            NumberRef::Provisional(_) => None,
        }
    }
}

impl fmt::Display for NumberRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberRef::Assigned(n) => n.fmt(f),
            NumberRef::Provisional(p) => p.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn number(year: u16, court: &str, t: CaseType, seq: u32) -> CaseNumber {
        CaseNumber {
            year,
            court_code: court.parse().expect("a court code"),
            type_code: t,
            seq,
        }
    }

    #[test]
    fn each_type_prints_in_the_national_format() {
        let expected = [
            (CaseType::CivilFirstInstance, "（2026）湘1102民初123号"),
            (
                CaseType::AdministrativeFirstInstance,
                "（2026）湘1102行初123号",
            ),
            (CaseType::CriminalFirstInstance, "（2026）湘1102刑初123号"),
            (
                CaseType::PreLitigationMediation,
                "（2026）湘1102民诉前调123号",
            ),
            (CaseType::CivilSpecialProcedure, "（2026）湘1102民特123号"),
            (CaseType::Enforcement, "（2026）湘1102执123号"),
        ];
        for (t, text) in expected {
            let n = number(2026, "湘1102", t, 123);
            assert_eq!(n.to_string(), text);
            assert_eq!(
                text.parse::<CaseNumber>().as_ref(),
                Ok(&n),
                "{text} parses back"
            );
        }
    }

    #[test]
    fn ascii_parentheses_parse_to_the_same_number() {
        let n: CaseNumber = "(2026)京0105民初123号".parse().expect("ASCII parentheses");
        assert_eq!(n, number(2026, "京0105", CaseType::CivilFirstInstance, 123));
        assert_eq!(n.to_string(), "（2026）京0105民初123号");
    }

    #[test]
    fn malformed_numbers_say_what_is_wrong() {
        let fault = |s: &str| s.parse::<CaseNumber>().map_err(|e| e.fault).err();
        assert_eq!(fault("2026湘1102民初123号"), Some(CaseNumberFault::Shape));
        assert_eq!(fault("（2026）湘1102民初123"), Some(CaseNumberFault::Shape));
        assert_eq!(fault("（26）湘1102民初123号"), Some(CaseNumberFault::Year));
        assert_eq!(fault("（0999）湘1102民初1号"), Some(CaseNumberFault::Year));
        assert_eq!(
            fault("（2026）湘110民初123号"),
            Some(CaseNumberFault::Court)
        );
        assert_eq!(
            fault("（2026）港1102民初123号"),
            Some(CaseNumberFault::Court)
        );
        assert_eq!(
            fault("（2026）湘1102民终123号"),
            Some(CaseNumberFault::Type)
        );
        // Without a type code the court's digits run into the sequence's.
        assert_eq!(fault("（2026）湘1102123号"), Some(CaseNumberFault::Court));
        assert_eq!(fault("（2026）湘1102号"), Some(CaseNumberFault::Type));
        assert_eq!(
            fault("（2026）湘1102民初号"),
            Some(CaseNumberFault::Sequence)
        );
        assert_eq!(
            fault("（2026）湘1102民初0号"),
            Some(CaseNumberFault::Sequence)
        );
        assert_eq!(
            fault("（2026）湘1102民初0123号"),
            Some(CaseNumberFault::Sequence)
        );
        assert_eq!(
            fault("（2026）湘1102民初99999999999号"),
            Some(CaseNumberFault::Sequence)
        );
    }

    #[test]
    fn provisional_numbers_never_look_like_case_numbers() {
        let p = ProvisionalNumber {
            terminal: TerminalId::from_bits(0x1a2b_3c4d << 96),
            seq: 7,
        };
        assert_eq!(p.to_string(), "临时-1a2b3c4d-7");
        assert!(p.to_string().parse::<CaseNumber>().is_err());
    }

    fn any_court() -> impl Strategy<Value = CourtCode> {
        (
            0usize..crate::PROVINCES.len(),
            prop_oneof![Just(0usize), Just(2), Just(4)],
            0u32..10_000,
        )
            .prop_map(|(p, len, digits)| {
                let digits = format!("{digits:04}");
                format!("{}{}", crate::PROVINCES[p], &digits[..len])
                    .parse()
                    .expect("built by the rule")
            })
    }

    proptest! {
        #[test]
        fn every_number_round_trips_through_its_text(
            year in 1000u16..=9999,
            court in any_court(),
            t in 0usize..CaseType::ALL.len(),
            seq in 1u32..=u32::MAX,
        ) {
            let n = CaseNumber { year, court_code: court, type_code: CaseType::ALL[t], seq };
            let text = n.to_string();
            prop_assert_eq!(text.parse::<CaseNumber>(), Ok(n.clone()));
            let json = serde_json::to_string(&n).expect("serializes");
            prop_assert_eq!(serde_json::from_str::<CaseNumber>(&json).ok(), Some(n));
        }
    }
}
