//! Resident ID numbers (GB 11643-1999): parsing, checking and masking.

mod checksum;
mod error;
mod region;
#[cfg(test)]
mod tests;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use self::error::ResidentIdError;
pub use self::region::ResidentIdKind;
use crate::civil_date::CivilDate;

/// Birth dates before this year are refused as typos: nobody that old is
/// expected at the counter, and 18xx is a common slip for 19xx.
pub const EARLIEST_BIRTH_YEAR: i32 = 1890;

/// How many leading and trailing characters [`ResidentId::masked`] shows.
const MASK_KEEP_FRONT: usize = 3;
const MASK_KEEP_BACK: usize = 4;

/// Sex as recorded in the 17th digit: odd for male, even for female.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Odd 17th digit.
    Male,
    /// Even 17th digit.
    Female,
}

/// A checked 18-character resident ID number.
///
/// It has no `Display` and its `Debug` shows only [`masked`](Self::masked), so
/// the full number reaches a log or a screen only through an explicit
/// [`expose`](Self::expose).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId {
    /// Always 18 ASCII characters: 17 digits and a digit or `X`.
    number: String,
    birth_date: CivilDate,
    kind: ResidentIdKind,
}

impl ResidentId {
    /// Checks a typed number and returns it in its 18-character form.
    ///
    /// Accepts surrounding whitespace (trimmed), a lowercase `x` (stored as
    /// `X`) and full-width digits as a Chinese input method types them. A
    /// 15-digit first-generation number is read with its year as 19YY and
    /// converted: "19" inserted before the year and the check character added.
    /// `today` is the local date, which bounds the birth date from above.
    pub fn parse(text: &str, today: CivilDate) -> Result<ResidentId, ResidentIdError> {
        let chars: Vec<char> = text.trim().chars().map(fold_full_width).collect();
        let digits = match chars.len() {
            18 => {
                let digits = read_ascii::<18>(&chars)?;
                let body = body_of(&digits);
                if checksum::check_character(&body) != digits[17] {
                    return Err(ResidentIdError::BadCheckCharacter);
                }
                digits
            }
            15 => upgrade_legacy(&read_ascii::<15>(&chars)?),
            found => return Err(ResidentIdError::WrongLength { found }),
        };
        let kind = region::kind_of(&digits).ok_or(ResidentIdError::UnknownRegion)?;
        if chars.len() == 15 && kind != ResidentIdKind::Citizen {
            // Only citizens' cards ever had 15 digits; permits and foreigners'
            // IDs were born with 18.
            return Err(ResidentIdError::UnknownRegion);
        }
        let birth_date = birth_date_of(&digits, today)?;
        Ok(ResidentId {
            number: digits.iter().map(|&b| char::from(b)).collect(),
            birth_date,
            kind,
        })
    }

    /// The full 18-character number. Call it only where the whole number is
    /// needed (a court filing, a lookup); everywhere else use [`masked`](Self::masked).
    pub fn expose(&self) -> &str {
        &self.number
    }

    /// The first 3 and last 4 characters with the 11 between as `*`, e.g.
    /// `110***********002X`: enough for a holder to recognise their own number
    /// on a screen or receipt, not enough to reveal region, birth date or sex.
    pub fn masked(&self) -> String {
        let hidden = self.number.len() - MASK_KEEP_FRONT - MASK_KEEP_BACK;
        format!(
            "{}{}{}",
            &self.number[..MASK_KEEP_FRONT],
            "*".repeat(hidden),
            &self.number[self.number.len() - MASK_KEEP_BACK..]
        )
    }

    /// The birth date, digits 7 to 14.
    pub fn birth_date(&self) -> CivilDate {
        self.birth_date
    }

    /// The sex, from the parity of the 17th digit.
    pub fn sex(&self) -> Sex {
        if (self.number.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The first six digits. For citizens and permits this is the GB/T 2260
    /// administrative division code; for a foreigner's ID it is `9`, the
    /// province code and the three-digit nationality code.
    pub fn region_code(&self) -> &str {
        &self.number[..6]
    }

    /// Which kind of document the number belongs to.
    pub fn kind(&self) -> ResidentIdKind {
        self.kind
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResidentId").field(&self.masked()).finish()
    }
}

/// Full-width digits and `Ｘ` come from Chinese input methods; they mean the
/// same as their ASCII forms.
fn fold_full_width(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
        'Ｘ' | 'ｘ' => 'X',
        other => other,
    }
}

/// N characters as ASCII digits; the last of 18 may also be `X` or `x`.
fn read_ascii<const N: usize>(chars: &[char]) -> Result<[u8; N], ResidentIdError> {
    let mut out = [0u8; N];
    for (i, (slot, &c)) in out.iter_mut().zip(chars).enumerate() {
        *slot = match c {
            '0'..='9' => c as u8,
            'X' | 'x' if N == 18 && i == 17 => b'X',
            _ => return Err(ResidentIdError::BadCharacter { position: i + 1 }),
        };
    }
    Ok(out)
}

fn body_of(digits: &[u8; 18]) -> [u8; 17] {
    let mut body = [0u8; 17];
    body.copy_from_slice(&digits[..17]);
    body
}

/// A first-generation number: 6 region digits, YYMMDD, 3 sequence digits.
fn upgrade_legacy(legacy: &[u8; 15]) -> [u8; 18] {
    let mut digits = [0u8; 18];
    digits[..6].copy_from_slice(&legacy[..6]);
    digits[6..8].copy_from_slice(b"19");
    digits[8..17].copy_from_slice(&legacy[6..]);
    digits[17] = checksum::check_character(&body_of(&digits));
    digits
}

fn birth_date_of(digits: &[u8; 18], today: CivilDate) -> Result<CivilDate, ResidentIdError> {
    let number = |range: std::ops::Range<usize>| {
        digits[range]
            .iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'))
    };
    // Four and two digits always fit their types.
    let (year, month, day) = (
        number(6..10) as i32,
        number(10..12) as u8,
        number(12..14) as u8,
    );
    let date = CivilDate::new(year, month, day).map_err(|_| ResidentIdError::NotARealDate)?;
    if date > today {
        return Err(ResidentIdError::BirthInFuture);
    }
    if year < EARLIEST_BIRTH_YEAR {
        return Err(ResidentIdError::TooOld);
    }
    Ok(date)
}
