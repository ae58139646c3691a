//! Site-local days and the legal periods counted in them: a deadline is a
//! civil date at the site, never an instant, because the rules speak of days.

use std::collections::BTreeSet;

use courtdesk_identity::CivilDate;
use serde::{Deserialize, Serialize};

const MS_PER_DAY: i64 = 86_400_000;

/// An instant as recorded, with the UTC offset of the site where it was
/// recorded, so its local date can be told without the site's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Moment {
    /// Milliseconds since 1970-01-01T00:00Z.
    pub epoch_ms: u64,
    /// Minutes east of UTC: 480 for China Standard Time.
    pub utc_offset_minutes: i32,
}

impl Moment {
    /// China keeps UTC+8 all year, so its courts never change offset.
    pub const CHINA_OFFSET_MINUTES: i32 = 480;

    pub fn new(epoch_ms: u64, utc_offset_minutes: i32) -> Moment {
        Moment {
            epoch_ms,
            utc_offset_minutes,
        }
    }

    /// A moment at a site in China (UTC+8).
    pub fn china(epoch_ms: u64) -> Moment {
        Moment::new(epoch_ms, Moment::CHINA_OFFSET_MINUTES)
    }

    /// The site's calendar date at this moment.
    pub fn date(self) -> CivilDate {
        CivilDate::from_epoch_ms(self.epoch_ms, self.utc_offset_minutes)
    }
}

/// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
pub fn days_since_epoch(date: CivilDate) -> i64 {
    let (m, d) = (i64::from(date.month()), i64::from(date.day()));
    let y = i64::from(date.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after `date` (before it when negative). Dates before 1970
/// clamp to 1970-01-01: no court record is that old, and the civil-date type
/// only converts from instants after the epoch.
pub fn add_days(date: CivilDate, days: i64) -> CivilDate {
    let target = days_since_epoch(date).saturating_add(days).max(0);
    let ms = u64::try_from(target.saturating_mul(MS_PER_DAY)).unwrap_or(u64::MAX);
    CivilDate::from_epoch_ms(ms, 0)
}

/// Whether the date falls on a Saturday or a Sunday.
pub fn is_weekend(date: CivilDate) -> bool {
    // 1970-01-01 was a Thursday; with Monday as 0 it is day 3 of its week.
    let weekday = (days_since_epoch(date) + 3).rem_euclid(7);
    weekday >= 5
}

/// The court's working calendar: public holidays and the weekend days worked
/// in exchange for them (调休), which the State Council publishes each year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCalendar {
    pub holidays: BTreeSet<CivilDate>,
    pub working_weekends: BTreeSet<CivilDate>,
}

impl WorkCalendar {
    pub fn is_working_day(&self, date: CivilDate) -> bool {
        if self.holidays.contains(&date) {
            return false;
        }
        !is_weekend(date) || self.working_weekends.contains(&date)
    }
}

/// How the days of a period are counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "count", rename_all = "snake_case")]
pub enum DayCount {
    /// Every calendar day counts: the default, as the registration rules
    /// state their periods in days and the court publishes them that way.
    #[default]
    CalendarDays,
    /// Only the court's working days count, for a court that sets its
    /// internal targets in working days.
    WorkingDays { calendar: WorkCalendar },
}

/// A period of whole days that starts on the day after an event, as the
/// Civil Procedure Law counts periods (the starting day is not counted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub days: u32,
    #[serde(flatten)]
    pub count: DayCount,
}

impl Period {
    /// A period of calendar days.
    pub fn days(days: u32) -> Period {
        Period {
            days,
            count: DayCount::CalendarDays,
        }
    }

    /// The last day of the period that starts after `start`: an act done on
    /// that day is within the period, one done the next day is not.
    pub fn last_day(&self, start: CivilDate) -> CivilDate {
        match &self.count {
            DayCount::CalendarDays => add_days(start, i64::from(self.days)),
            DayCount::WorkingDays { calendar } => {
                let mut day = start;
                let mut left = self.days;
                while left > 0 {
                    day = add_days(day, 1);
                    if calendar.is_working_day(day) {
                        left -= 1;
                    }
                }
                day
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn date(y: i32, m: u8, d: u8) -> CivilDate {
        CivilDate::new(y, m, d).expect("a real date")
    }

    #[test]
    fn a_beijing_evening_in_utc_is_the_next_morning_at_the_site() {
        // 2026-12-31T16:30Z is 2027-01-01 00:30 in Beijing.
        let moment = Moment::china(1_798_734_600_000);
        assert_eq!(moment.date(), date(2027, 1, 1));
        assert_eq!(Moment::new(moment.epoch_ms, 0).date(), date(2026, 12, 31));
    }

    #[test]
    fn seven_calendar_days_cross_month_and_year_ends() {
        let week = Period::days(7);
        assert_eq!(week.last_day(date(2026, 12, 28)), date(2027, 1, 4));
        assert_eq!(week.last_day(date(2026, 1, 27)), date(2026, 2, 3));
        assert_eq!(
            week.last_day(date(2028, 2, 25)),
            date(2028, 3, 3),
            "2028 is a leap year"
        );
        assert_eq!(
            Period::days(30).last_day(date(2026, 1, 31)),
            date(2026, 3, 2)
        );
    }

    #[test]
    fn working_days_skip_weekends_and_holidays_but_count_swapped_weekends() {
        // 2026-09-25 is a Friday.
        let mut calendar = WorkCalendar::default();
        calendar.holidays.insert(date(2026, 10, 1));
        calendar.holidays.insert(date(2026, 10, 2));
        calendar.working_weekends.insert(date(2026, 9, 27));
        let period = Period {
            days: 3,
            count: DayCount::WorkingDays { calendar },
        };
        // Counted: Sun 27th (worked), Mon 28th, Tue 29th.
        assert_eq!(period.last_day(date(2026, 9, 25)), date(2026, 9, 29));
        // Counted: Wed 30th, then the holidays and the weekend pass, Mon 5th, Tue 6th.
        assert_eq!(period.last_day(date(2026, 9, 29)), date(2026, 10, 6));
    }

    #[test]
    fn weekends_are_saturday_and_sunday() {
        assert!(is_weekend(date(2026, 12, 5)), "a Saturday");
        assert!(is_weekend(date(2026, 12, 6)), "a Sunday");
        assert!(!is_weekend(date(2026, 12, 7)), "a Monday");
    }

    proptest! {
        #[test]
        fn adding_days_moves_by_exactly_that_many_days(start in 0i64..40_000, days in -5_000i64..5_000) {
            let from = add_days(date(1970, 1, 1), start);
            prop_assert_eq!(days_since_epoch(from), start);
            let to = add_days(from, days);
            prop_assert_eq!(days_since_epoch(to), (start + days).max(0));
        }
    }
}
