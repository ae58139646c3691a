//! A calendar date without a time of day, and today's date from a clock reading.

use std::fmt;

use serde::{Deserialize, Serialize};

const MS_PER_DAY: i128 = 86_400_000;
const MS_PER_MINUTE: i128 = 60_000;

/// A day on the proleptic Gregorian calendar.
///
/// The fields are private so that every `CivilDate` in the program is a real
/// day: February 30th cannot be built, deserialized or compared against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "DateParts")]
pub struct CivilDate {
    // Field order matters: the derived `Ord` compares year, then month, then day.
    year: i32,
    month: u8,
    day: u8,
}

/// Why a year, month and day do not name a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CivilDateError {
    /// The month is outside 1 to 12.
    #[error("month {month} does not exist")]
    NoSuchMonth {
        /// The month as given.
        month: u8,
    },
    /// The day is zero or past the end of its month.
    #[error("day {day} does not exist in month {month} of {year}")]
    NoSuchDay {
        /// The year as given.
        year: i32,
        /// The month as given.
        month: u8,
        /// The day as given.
        day: u8,
    },
}

impl CivilDateError {
    /// A stable snake_case code the UI can translate.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoSuchMonth { .. } => "no_such_month",
            Self::NoSuchDay { .. } => "no_such_day",
        }
    }
}

#[derive(Deserialize)]
struct DateParts {
    year: i32,
    month: u8,
    day: u8,
}

impl TryFrom<DateParts> for CivilDate {
    type Error = CivilDateError;

    fn try_from(parts: DateParts) -> Result<Self, Self::Error> {
        CivilDate::new(parts.year, parts.month, parts.day)
    }
}

/// Whether `year` has a February 29th.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// How many days `month` (1 to 12) has in `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl CivilDate {
    /// The day `year-month-day`, if there is one.
    pub fn new(year: i32, month: u8, day: u8) -> Result<CivilDate, CivilDateError> {
        if !(1..=12).contains(&month) {
            return Err(CivilDateError::NoSuchMonth { month });
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(CivilDateError::NoSuchDay { year, month, day });
        }
        Ok(CivilDate { year, month, day })
    }

    /// The local calendar date at `epoch_ms` (milliseconds since 1970-01-01T00:00Z)
    /// for a place `utc_offset_minutes` east of UTC (China Standard Time is +480).
    ///
    /// The caller reads the clock; this only does the arithmetic, so tests can
    /// ask for any instant.
    pub fn from_epoch_ms(epoch_ms: u64, utc_offset_minutes: i32) -> CivilDate {
        // i128 holds every u64 plus any i32 offset without overflow.
        let local_ms = i128::from(epoch_ms) + i128::from(utc_offset_minutes) * MS_PER_MINUTE;
        let days = local_ms.div_euclid(MS_PER_DAY);
        civil_from_days(days)
    }

    /// The year, e.g. 1990.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(&self) -> u8 {
        self.day
    }
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to a Gregorian date.
/// Eras are 400-year cycles, which makes the leap rules fall out of the arithmetic.
fn civil_from_days(days: i128) -> CivilDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i128::from(month <= 2);
    // A u64 of milliseconds spans under 600 million years, well inside i32, and
    // month and day are 1..=12 and 1..=31 by construction.
    CivilDate {
        year: year as i32,
        month: month as u8,
        day: day as u8,
    }
}

impl fmt::Display for CivilDate {
    /// ISO 8601, `1990-03-07`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> CivilDate {
        CivilDate::new(y, m, d).expect("a real date")
    }

    #[test]
    fn february_has_29_days_only_in_leap_years() {
        assert!(
            CivilDate::new(2000, 2, 29).is_ok(),
            "2000 is divisible by 400"
        );
        assert!(
            CivilDate::new(2024, 2, 29).is_ok(),
            "2024 is divisible by 4"
        );
        assert!(CivilDate::new(1900, 2, 29).is_err(), "1900 is a century");
        assert!(
            CivilDate::new(2023, 2, 29).is_err(),
            "2023 is not divisible by 4"
        );
    }

    #[test]
    fn months_and_days_out_of_range_are_refused() {
        assert_eq!(
            CivilDate::new(2024, 13, 1).map_err(|e| e.code()),
            Err("no_such_month")
        );
        assert_eq!(
            CivilDate::new(2024, 0, 1).map_err(|e| e.code()),
            Err("no_such_month")
        );
        assert_eq!(
            CivilDate::new(2024, 4, 31).map_err(|e| e.code()),
            Err("no_such_day")
        );
        assert_eq!(
            CivilDate::new(2024, 1, 0).map_err(|e| e.code()),
            Err("no_such_day")
        );
    }

    #[test]
    fn epoch_ms_converts_to_the_local_date() {
        assert_eq!(CivilDate::from_epoch_ms(0, 0), date(1970, 1, 1));
        // 2024-02-29T16:00Z is already March 1st in Beijing (UTC+8).
        let leap_day_4pm_utc = 1_709_222_400_000;
        assert_eq!(
            CivilDate::from_epoch_ms(leap_day_4pm_utc, 0),
            date(2024, 2, 29)
        );
        assert_eq!(
            CivilDate::from_epoch_ms(leap_day_4pm_utc, 480),
            date(2024, 3, 1)
        );
        // West of UTC the first instant of the epoch is still December 31st.
        assert_eq!(CivilDate::from_epoch_ms(0, -300), date(1969, 12, 31));
    }

    #[test]
    fn dates_order_by_year_then_month_then_day() {
        assert!(date(1999, 12, 31) < date(2000, 1, 1));
        assert!(date(2000, 1, 31) < date(2000, 2, 1));
    }

    #[test]
    fn deserializing_refuses_a_date_that_does_not_exist() {
        let ok: Result<CivilDate, _> = serde_json::from_str(r#"{"year":2024,"month":2,"day":29}"#);
        assert_eq!(ok.ok(), Some(date(2024, 2, 29)));
        let bad: Result<CivilDate, _> = serde_json::from_str(r#"{"year":2023,"month":2,"day":29}"#);
        assert!(bad.is_err(), "2023-02-29 must not deserialize");
    }

    proptest::proptest! {
        #[test]
        fn every_day_follows_the_previous_one(day in -1_000_000i128..1_000_000) {
            let a = civil_from_days(day);
            let b = civil_from_days(day + 1);
            proptest::prop_assert!(a < b);
            proptest::prop_assert!(CivilDate::new(b.year, b.month, b.day).is_ok());
            let next_is_simple_successor = (b.year == a.year && b.month == a.month && b.day == a.day + 1)
                || (b.day == 1 && a.day == days_in_month(a.year, a.month)
                    && ((b.year == a.year && b.month == a.month + 1)
                        || (b.year == a.year + 1 && a.month == 12 && b.month == 1)));
            proptest::prop_assert!(next_is_simple_successor, "{a} -> {b}");
        }
    }
}
