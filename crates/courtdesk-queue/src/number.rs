//! Ticket numbers as litigants read them: a service's prefix letter and a
//! number that starts again at 1 every service day.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::QueueServiceId;

/// The letter that starts every number of one service (`A` in `A017`). Each
/// service of a site must have its own letter, or two tickets could show the
/// same number on the hall display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "char", into = "char")]
pub struct TicketPrefix(char);

impl TicketPrefix {
    pub fn new(letter: char) -> Result<Self, InvalidTicketNumber> {
        if letter.is_ascii_uppercase() {
            Ok(TicketPrefix(letter))
        } else {
            Err(InvalidTicketNumber::Prefix { letter })
        }
    }

    pub fn as_char(self) -> char {
        self.0
    }
}

impl TryFrom<char> for TicketPrefix {
    type Error = InvalidTicketNumber;

    fn try_from(letter: char) -> Result<Self, Self::Error> {
        TicketPrefix::new(letter)
    }
}

impl From<TicketPrefix> for char {
    fn from(prefix: TicketPrefix) -> Self {
        prefix.0
    }
}

/// A queue service as the numbering sees it: its id and its letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueService {
    pub id: QueueServiceId,
    pub prefix: TicketPrefix,
}

/// The number printed on a ticket and called in the hall: `A017`, and `A1234`
/// once a busy day passes 999. Numbers start at 1; zero is never issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TicketNumber {
    prefix: TicketPrefix,
    number: u32,
}

/// Text or parts that do not make a ticket number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTicketNumber {
    #[error("a ticket prefix is one letter A to Z, got {letter:?}")]
    Prefix { letter: char },
    #[error("ticket numbers start at 1")]
    Zero,
    #[error(
        "a ticket number is a letter A to Z and at least three digits, like A017, got {text:?}"
    )]
    Malformed { text: String },
}

impl TicketNumber {
    pub fn new(prefix: TicketPrefix, number: u32) -> Result<Self, InvalidTicketNumber> {
        if number == 0 {
            return Err(InvalidTicketNumber::Zero);
        }
        Ok(TicketNumber { prefix, number })
    }

    pub fn prefix(self) -> TicketPrefix {
        self.prefix
    }

    pub fn number(self) -> u32 {
        self.number
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:03}", self.prefix.0, self.number)
    }
}

impl FromStr for TicketNumber {
    type Err = InvalidTicketNumber;

    /// Accepts only the form [`Display`](fmt::Display) writes, so a number has
    /// exactly one spelling in records (`A17` and `A0017` are refused).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let malformed = || InvalidTicketNumber::Malformed {
            text: s.chars().take(16).collect(),
        };
        let mut chars = s.chars();
        let letter = chars.next().ok_or_else(malformed)?;
        let digits = chars.as_str();
        if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() < 3 {
            return Err(malformed());
        }
        let number: u32 = digits.parse().map_err(|_| malformed())?;
        let parsed = TicketNumber::new(TicketPrefix::new(letter)?, number)?;
        if parsed.to_string() == s {
            Ok(parsed)
        } else {
            Err(malformed())
        }
    }
}

impl TryFrom<String> for TicketNumber {
    type Error = InvalidTicketNumber;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<TicketNumber> for String {
    fn from(number: TicketNumber) -> Self {
        number.to_string()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn a(number: u32) -> TicketNumber {
        let prefix = TicketPrefix::new('A').expect("A is a prefix");
        TicketNumber::new(prefix, number).expect("nonzero")
    }

    #[test]
    fn numbers_are_padded_to_three_digits_and_grow_past_999() {
        assert_eq!(a(7).to_string(), "A007");
        assert_eq!(a(17).to_string(), "A017");
        assert_eq!(a(999).to_string(), "A999");
        assert_eq!(a(1234).to_string(), "A1234");
    }

    #[test]
    fn only_the_canonical_spelling_parses() {
        assert_eq!("A017".parse(), Ok(a(17)));
        assert!("A17".parse::<TicketNumber>().is_err(), "too few digits");
        assert!("A0017".parse::<TicketNumber>().is_err(), "extra zero");
        assert!("a017".parse::<TicketNumber>().is_err(), "lowercase prefix");
        assert_eq!(
            "A000".parse::<TicketNumber>(),
            Err(InvalidTicketNumber::Zero)
        );
        assert!("A+17".parse::<TicketNumber>().is_err());
        assert!("".parse::<TicketNumber>().is_err());
    }

    #[test]
    fn numbers_serialize_as_their_printed_form() {
        assert_eq!(
            serde_json::to_string(&a(17)).expect("serializes"),
            "\"A017\""
        );
        let back: TicketNumber = serde_json::from_str("\"A017\"").expect("parses");
        assert_eq!(back, a(17));
    }

    proptest! {
        #[test]
        fn every_number_prints_and_parses_back(letter in proptest::char::range('A', 'Z'), number in 1u32..) {
            let prefix = TicketPrefix::new(letter).expect("A to Z");
            let ticket = TicketNumber::new(prefix, number).expect("nonzero");
            prop_assert_eq!(ticket.to_string().parse(), Ok(ticket));
        }
    }
}
