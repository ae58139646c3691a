//! Mainland China mobile numbers: parsing typed forms to eleven digits, and masking.

use std::fmt;

use serde::{Deserialize, Serialize};

const LENGTH: usize = 11;

/// An 11-digit mainland mobile number, `1[3-9]` followed by nine digits.
///
/// Like [`ResidentId`](crate::ResidentId) it has no `Display` and a masked
/// `Debug`; [`expose`](Self::expose) is for the SMS gateway and the store. It
/// serializes as its eleven digits because the one-time code book is keyed by it.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

/// Why a typed phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneNumberError {
    /// A character other than a digit, a space, a hyphen or a leading `+`.
    #[error("character {position} is not part of a phone number")]
    BadCharacter {
        /// 1-based position in the text as typed (after trimming the ends).
        position: usize,
    },
    /// Not eleven digits once the country code is removed.
    #[error("a mobile number has 11 digits, not {found}")]
    WrongLength {
        /// Digits found after removing separators and the country code.
        found: usize,
    },
    /// Eleven digits, but not starting 13 to 19 as mainland mobiles do.
    #[error("this is not a mainland mobile number (they start 13 to 19)")]
    NotMobile,
}

impl PhoneNumberError {
    /// A stable snake_case code the UI can translate.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadCharacter { .. } => "phone_bad_character",
            Self::WrongLength { .. } => "phone_wrong_length",
            Self::NotMobile => "phone_not_mobile",
        }
    }
}

impl PhoneNumber {
    /// Reads `138 1234 5678`, `138-1234-5678`, `+86 138 1234 5678`,
    /// `8613812345678` or `008613812345678` as `13812345678`.
    pub fn parse(text: &str) -> Result<PhoneNumber, PhoneNumberError> {
        let text = text.trim();
        let mut compact = String::with_capacity(text.len());
        for (i, c) in text.chars().enumerate() {
            match c {
                '0'..='9' => compact.push(c),
                '+' if i == 0 => compact.push(c),
                ' ' | '-' => {}
                _ => return Err(PhoneNumberError::BadCharacter { position: i + 1 }),
            }
        }
        let national = if let Some(rest) = compact.strip_prefix('+') {
            // With a `+` the country code is explicit; anything but 86 is not
            // a mainland number.
            rest.strip_prefix("86").ok_or(PhoneNumberError::NotMobile)?
        } else {
            // Without one, `86` or `0086` is a country code only when exactly
            // eleven digits follow, so a short number is not cut short.
            ["0086", "86"]
                .iter()
                .find_map(|prefix| {
                    compact
                        .strip_prefix(prefix)
                        .filter(|rest| rest.len() == LENGTH)
                })
                .unwrap_or(&compact)
        };
        if national.len() != LENGTH {
            return Err(PhoneNumberError::WrongLength {
                found: national.len(),
            });
        }
        let bytes = national.as_bytes();
        if bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
            return Err(PhoneNumberError::NotMobile);
        }
        Ok(PhoneNumber(national.to_owned()))
    }

    /// The eleven digits, for the SMS gateway and storage.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The first 3 and last 4 digits, e.g. `138****5678`: what SMS receipts and
    /// the kiosk screen show so the holder can tell which phone will ring.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PhoneNumber").field(&self.masked()).finish()
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneNumberError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        PhoneNumber::parse(&text)
    }
}

impl From<PhoneNumber> for String {
    fn from(phone: PhoneNumber) -> String {
        phone.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn typed_forms_normalize_to_eleven_digits() {
        for typed in [
            "13812345678",
            " 138 1234 5678 ",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+8613812345678",
            "86 13812345678",
            "008613812345678",
        ] {
            let phone = PhoneNumber::parse(typed).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
            assert_eq!(phone.expose(), "13812345678", "{typed:?}");
        }
    }

    #[test]
    fn non_mobile_numbers_are_refused_for_their_reason() {
        use PhoneNumberError::*;
        let table = [
            ("", WrongLength { found: 0 }),
            ("1381234567", WrongLength { found: 10 }),
            ("138123456789", WrongLength { found: 12 }),
            ("+86 138 1234 567", WrongLength { found: 10 }),
            ("138.1234.5678", BadCharacter { position: 4 }),
            ("138１2345678", BadCharacter { position: 4 }),
            ("138+12345678", BadCharacter { position: 4 }),
            ("12812345678", NotMobile),
            ("01012345678", NotMobile),
            ("+1 415 555 0100", NotMobile),
        ];
        for (typed, expected) in table {
            assert_eq!(PhoneNumber::parse(typed), Err(expected), "{typed:?}");
        }
    }

    #[test]
    fn a_bare_86_is_only_a_country_code_when_eleven_digits_follow() {
        // 86 is not a valid mobile start, but the rule must not strip the
        // start of a number that merely begins with those digits.
        assert_eq!(
            PhoneNumber::parse("8613812345"),
            Err(PhoneNumberError::WrongLength { found: 10 })
        );
    }

    #[test]
    fn debug_and_masked_hide_the_middle() {
        let phone = PhoneNumber::parse("13812345678").expect("valid");
        assert_eq!(phone.masked(), "138****5678");
        assert_eq!(format!("{phone:?}"), r#"PhoneNumber("138****5678")"#);
    }

    #[test]
    fn serde_round_trips_and_refuses_bad_numbers() {
        let phone = PhoneNumber::parse("13812345678").expect("valid");
        let json = serde_json::to_string(&phone).expect("serializes");
        assert_eq!(json, r#""13812345678""#);
        let back: PhoneNumber = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, phone);
        assert!(serde_json::from_str::<PhoneNumber>(r#""12812345678""#).is_err());
    }

    proptest! {
        #[test]
        fn every_mobile_number_parses_in_every_typed_form(
            second in 3u8..=9,
            rest in 0u64..1_000_000_000,
            form in 0usize..4,
        ) {
            let digits = format!("1{second}{rest:09}");
            let typed = match form {
                0 => digits.clone(),
                1 => format!("+86 {} {} {}", &digits[..3], &digits[3..7], &digits[7..]),
                2 => format!("86{digits}"),
                _ => format!("{}-{}-{}", &digits[..3], &digits[3..7], &digits[7..]),
            };
            let parsed = PhoneNumber::parse(&typed).map(|p| p.expose().to_owned());
            prop_assert_eq!(parsed, Ok(digits));
        }
    }
}
