//! Why a typed resident ID number was refused, one reason per variant.

use super::EARLIEST_BIRTH_YEAR;

/// Why a resident ID number was refused.
///
/// No variant carries the number itself or its digits, so an error can be
/// logged or shown without revealing whose number it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ResidentIdError {
    /// Neither 18 characters nor the 15 of an old first-generation card.
    #[error("a resident ID number has 18 characters (15 on an old card), not {found}")]
    WrongLength {
        /// How many characters were typed, after trimming the ends.
        found: usize,
    },
    /// A character other than a digit, or an `X` anywhere but the last of 18.
    #[error("character {position} must be a digit (only the last of 18 may be X)")]
    BadCharacter {
        /// 1-based position of the first offending character.
        position: usize,
    },
    /// The last character does not match the other 17; most often a typo.
    #[error(
        "the last character does not match the rest of the number; a digit is probably mistyped"
    )]
    BadCheckCharacter,
    /// The birth date digits do not name a day (e.g. February 29th of 2023).
    #[error("the birth date in the number is not a real date")]
    NotARealDate,
    /// The birth date is after today.
    #[error("the birth date in the number is in the future")]
    BirthInFuture,
    /// The birth date is before the earliest year accepted.
    #[error("the birth date in the number is before {EARLIEST_BIRTH_YEAR}")]
    TooOld,
    /// The first digits name no province, permit or foreigners' office.
    #[error("the number does not start with a known region code")]
    UnknownRegion,
}

impl ResidentIdError {
    /// A stable snake_case code the UI can translate; never changes once shipped.
    pub fn code(&self) -> &'static str {
        match self {
            Self::WrongLength { .. } => "resident_id_wrong_length",
            Self::BadCharacter { .. } => "resident_id_bad_character",
            Self::BadCheckCharacter => "resident_id_bad_check_character",
            Self::NotARealDate => "resident_id_not_a_real_date",
            Self::BirthInFuture => "resident_id_birth_in_future",
            Self::TooOld => "resident_id_too_old",
            Self::UnknownRegion => "resident_id_unknown_region",
        }
    }
}
