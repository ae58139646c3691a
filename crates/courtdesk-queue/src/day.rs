//! Calendar days and times of day at the site, with the date arithmetic done
//! here (proleptic Gregorian, after H. Hinnant's `days_from_civil`) so the
//! crate needs no time-zone library.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A calendar date at the site: the day numbering resets on, and the day a
/// ticket belongs to. Years run from 1 to 9999.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ServiceDay {
    // Field order gives the chronological `Ord`.
    year: u16,
    month: u8,
    day: u8,
}

/// A date that does not exist or is not written `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date written YYYY-MM-DD between 0001-01-01 and 9999-12-31: {text:?}")]
pub struct InvalidServiceDay {
    text: String,
}

/// A day of the week, for opening hours that differ by weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
}

const MIN_DAYS: i64 = -719_162; // 0001-01-01
const MAX_DAYS: i64 = 2_932_896; // 9999-12-31

impl ServiceDay {
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, InvalidServiceDay> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        if valid {
            Ok(ServiceDay { year, month, day })
        } else {
            Err(InvalidServiceDay {
                text: format!("{year:04}-{month:02}-{day:02}"),
            })
        }
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// The following day (9999-12-31 has none and stays put).
    pub fn next(self) -> ServiceDay {
        ServiceDay::from_days(self.days_since_epoch() + 1)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday, index 3 counting from Monday.
        let index = (self.days_since_epoch() + 3).rem_euclid(7);
        Weekday::ALL[index as usize]
    }

    /// Days since 1970-01-01 (negative before it).
    pub(crate) fn days_since_epoch(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01, clamped to years 1 to 9999.
    pub(crate) fn from_days(days: i64) -> ServiceDay {
        let z = days.clamp(MIN_DAYS, MAX_DAYS) + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        // The clamp above keeps every part within its type.
        ServiceDay {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for ServiceDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for ServiceDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServiceDay({self})")
    }
}

impl FromStr for ServiceDay {
    type Err = InvalidServiceDay;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidServiceDay {
            text: s.chars().take(16).collect(),
        };
        let bytes = s.as_bytes();
        let shaped = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shaped {
            return Err(invalid());
        }
        let year = s[0..4].parse().map_err(|_| invalid())?;
        let month = s[5..7].parse().map_err(|_| invalid())?;
        let day = s[8..10].parse().map_err(|_| invalid())?;
        ServiceDay::new(year, month, day).map_err(|_| invalid())
    }
}

impl TryFrom<String> for ServiceDay {
    type Error = InvalidServiceDay;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<ServiceDay> for String {
    fn from(day: ServiceDay) -> Self {
        day.to_string()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(y: u16, m: u8, d: u8) -> ServiceDay {
        ServiceDay::new(y, m, d).expect("a real date")
    }

    #[test]
    fn known_dates_have_known_day_numbers_and_weekdays() {
        assert_eq!(day(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(day(2000, 3, 1).days_since_epoch(), 11_017);
        assert_eq!(day(1969, 12, 31).days_since_epoch(), -1);
        assert_eq!(day(1970, 1, 1).weekday(), Weekday::Thursday);
        assert_eq!(day(2024, 2, 29).weekday(), Weekday::Thursday);
        assert_eq!(day(2025, 1, 1).weekday(), Weekday::Wednesday);
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(
            ServiceDay::new(2023, 2, 29).is_err(),
            "2023 is not a leap year"
        );
        assert!(
            ServiceDay::new(1900, 2, 29).is_err(),
            "1900 is not a leap year"
        );
        assert!(ServiceDay::new(2000, 2, 29).is_ok(), "2000 is");
        assert!("2024-13-01".parse::<ServiceDay>().is_err());
        assert!("2024-1-01".parse::<ServiceDay>().is_err());
        assert!("+024-01-01".parse::<ServiceDay>().is_err());
    }

    #[test]
    fn the_next_day_rolls_over_months_and_years() {
        assert_eq!(day(2024, 2, 28).next(), day(2024, 2, 29));
        assert_eq!(day(2024, 12, 31).next(), day(2025, 1, 1));
        assert_eq!(day(9999, 12, 31).next(), day(9999, 12, 31));
    }

    #[test]
    fn days_serialize_as_iso_dates() {
        let json = serde_json::to_string(&day(2025, 3, 7)).expect("serializes");
        assert_eq!(json, "\"2025-03-07\"");
    }

    proptest! {
        #[test]
        fn day_numbers_and_dates_convert_both_ways(days in MIN_DAYS..=MAX_DAYS) {
            let date = ServiceDay::from_days(days);
            prop_assert_eq!(date.days_since_epoch(), days);
            prop_assert_eq!(date.to_string().parse(), Ok(date));
            prop_assert!(days == MAX_DAYS || date.next() > date);
        }
    }
}
