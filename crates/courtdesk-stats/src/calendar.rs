//! The report's calendar: a period of site-local days, and the day, ISO week
//! or month each day is grouped under. The date arithmetic is done here
//! (proleptic Gregorian, after H. Hinnant's `days_from_civil`), as in
//! `courtdesk-queue`, so the crate needs no time-zone library.

use std::fmt;

use courtdesk_queue::{ServiceDay, Weekday};
use serde::{Deserialize, Serialize};

/// Days since 1970-01-01 of a site-local day (negative before it).
pub(crate) fn day_number(day: ServiceDay) -> i64 {
    let (month, d) = (i64::from(day.month()), i64::from(day.day()));
    let year = i64::from(day.year()) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The day `number` days after 1970-01-01, or `None` outside years 1 to 9999.
pub(crate) fn day_from_number(number: i64) -> Option<ServiceDay> {
    let z = number.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    ServiceDay::new(
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(d).ok()?,
    )
    .ok()
}

/// Monday is 0, Sunday 6.
fn weekday_index(day: ServiceDay) -> i64 {
    let weekday = day.weekday();
    Weekday::ALL
        .iter()
        .position(|w| *w == weekday)
        .map_or(0, |i| i as i64)
}

/// A range of site-local days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PeriodParts", into = "PeriodParts")]
pub struct Period {
    first: ServiceDay,
    last: ServiceDay,
}

#[derive(Serialize, Deserialize)]
struct PeriodParts {
    first: ServiceDay,
    last: ServiceDay,
}

/// A period that ends before it starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a period runs from its first day to its last, got {first} to {last}")]
pub struct InvalidPeriod {
    first: ServiceDay,
    last: ServiceDay,
}

impl Period {
    pub fn new(first: ServiceDay, last: ServiceDay) -> Result<Period, InvalidPeriod> {
        if first <= last {
            Ok(Period { first, last })
        } else {
            Err(InvalidPeriod { first, last })
        }
    }

    /// The period of one day: the dashboard's "today so far".
    pub fn day(day: ServiceDay) -> Period {
        Period {
            first: day,
            last: day,
        }
    }

    pub fn first(self) -> ServiceDay {
        self.first
    }

    pub fn last(self) -> ServiceDay {
        self.last
    }

    pub fn contains(self, day: ServiceDay) -> bool {
        self.first <= day && day <= self.last
    }

    /// Every day of the period, in order.
    pub fn days(self) -> impl Iterator<Item = ServiceDay> {
        (day_number(self.first)..=day_number(self.last)).filter_map(day_from_number)
    }
}

impl TryFrom<PeriodParts> for Period {
    type Error = InvalidPeriod;

    fn try_from(parts: PeriodParts) -> Result<Self, Self::Error> {
        Period::new(parts.first, parts.last)
    }
}

impl From<Period> for PeriodParts {
    fn from(period: Period) -> Self {
        PeriodParts {
            first: period.first,
            last: period.last,
        }
    }
}

/// How the days of a report are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    Day,
    /// ISO 8601 weeks: Monday to Sunday, week 1 holding the year's first
    /// Thursday.
    IsoWeek,
    Month,
}

/// The group a day falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Bucket {
    Day { day: ServiceDay },
    IsoWeek { year: u16, week: u8 },
    Month { year: u16, month: u8 },
}

impl Bucket {
    pub fn of(day: ServiceDay, grouping: Grouping) -> Bucket {
        match grouping {
            Grouping::Day => Bucket::Day { day },
            Grouping::Month => Bucket::Month {
                year: day.year(),
                month: day.month(),
            },
            Grouping::IsoWeek => {
                let (year, week) = iso_week(day);
                Bucket::IsoWeek { year, week }
            }
        }
    }
}

impl fmt::Display for Bucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bucket::Day { day } => write!(f, "{day}"),
            Bucket::IsoWeek { year, week } => write!(f, "{year:04}-W{week:02}"),
            Bucket::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

/// The ISO week-numbering year and week of `day`: the week's Thursday
/// decides the year, and its ordinal day the week.
pub fn iso_week(day: ServiceDay) -> (u16, u8) {
    let number = day_number(day);
    let thursday = number - weekday_index(day) + 3;
    let Some(thursday_day) = day_from_number(thursday) else {
        // Only the first and last days of year 1 to 9999 get here.
        return (day.year(), 1);
    };
    let year = thursday_day.year();
    let january_first = ServiceDay::new(year, 1, 1).map_or(thursday, day_number);
    let week = (thursday - january_first) / 7 + 1;
    (year, u8::try_from(week).unwrap_or(53))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(y: u16, m: u8, d: u8) -> ServiceDay {
        ServiceDay::new(y, m, d).expect("a real date")
    }

    #[test]
    fn iso_weeks_of_known_dates() {
        // 2024-12-30 is a Monday whose Thursday is in 2025: week 1 of 2025.
        assert_eq!(iso_week(day(2024, 12, 30)), (2025, 1));
        // 2021-01-03 is a Sunday of the week holding 2020-12-31: 2020-W53.
        assert_eq!(iso_week(day(2021, 1, 3)), (2020, 53));
        assert_eq!(iso_week(day(2021, 1, 4)), (2021, 1));
        assert_eq!(iso_week(day(2026, 12, 7)), (2026, 50));
    }

    #[test]
    fn a_period_lists_its_days_across_a_month_end() {
        let period = Period::new(day(2024, 2, 27), day(2024, 3, 2)).expect("ordered");
        let days: Vec<String> = period.days().map(|d| d.to_string()).collect();
        assert_eq!(
            days,
            [
                "2024-02-27",
                "2024-02-28",
                "2024-02-29",
                "2024-03-01",
                "2024-03-02"
            ]
        );
        assert!(Period::new(day(2024, 3, 2), day(2024, 3, 1)).is_err());
    }

    proptest! {
        #[test]
        fn day_numbers_convert_both_ways(n in -719_162i64..=2_932_896) {
            let d = day_from_number(n).expect("within years 1 to 9999");
            prop_assert_eq!(day_number(d), n);
        }

        #[test]
        fn consecutive_days_share_a_week_unless_monday_starts_one(n in 0i64..40_000) {
            let (a, b) = (
                day_from_number(n).expect("a day"),
                day_from_number(n + 1).expect("a day"),
            );
            let same = iso_week(a) == iso_week(b);
            prop_assert_eq!(same, b.weekday() != Weekday::Monday);
        }
    }
}
