//! The site's wall clock: turns epoch milliseconds into the local service day
//! and time of day with a fixed UTC offset, which each site configures.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ServiceDay;

const MS_PER_MINUTE: i128 = 60_000;
const MS_PER_DAY: i128 = 86_400_000;

/// A time of day at the site, in minutes since local midnight. `24:00` (1440)
/// is allowed so that opening hours can run to the end of the day.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct LocalTime(u16);

/// A time of day past `24:00`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a time of day is at most 24:00 (1440 minutes), got {minutes} minutes")]
pub struct InvalidLocalTime {
    minutes: u32,
}

impl LocalTime {
    pub const MIDNIGHT: LocalTime = LocalTime(0);
    pub const END_OF_DAY: LocalTime = LocalTime(1440);

    pub fn new(hour: u8, minute: u8) -> Result<Self, InvalidLocalTime> {
        if minute >= 60 {
            return Err(InvalidLocalTime {
                minutes: u32::from(hour) * 60 + u32::from(minute),
            });
        }
        LocalTime::from_minutes(u16::from(hour) * 60 + u16::from(minute))
    }

    pub fn from_minutes(minutes: u16) -> Result<Self, InvalidLocalTime> {
        if minutes <= 1440 {
            Ok(LocalTime(minutes))
        } else {
            Err(InvalidLocalTime {
                minutes: u32::from(minutes),
            })
        }
    }

    /// Minutes since local midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl TryFrom<u16> for LocalTime {
    type Error = InvalidLocalTime;

    fn try_from(minutes: u16) -> Result<Self, Self::Error> {
        LocalTime::from_minutes(minutes)
    }
}

impl From<LocalTime> for u16 {
    fn from(time: LocalTime) -> Self {
        time.0
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl fmt::Debug for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LocalTime({self})")
    }
}

/// A moment at the site: the service day and the time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LocalMoment {
    pub day: ServiceDay,
    pub time: LocalTime,
}

impl fmt::Display for LocalMoment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.day, self.time)
    }
}

/// The site's offset from UTC. A fixed offset is enough for Chinese courts,
/// which keep UTC+8 all year ([`SiteClock::CHINA`]); a site elsewhere
/// configures its own offset, and one with daylight saving time would have to
/// update it twice a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteClock {
    /// Minutes east of UTC: 480 for UTC+8.
    pub utc_offset_minutes: i32,
}

impl SiteClock {
    pub const CHINA: SiteClock = SiteClock {
        utc_offset_minutes: 480,
    };

    /// The local day and time of day at `epoch_ms` (milliseconds since
    /// 1970-01-01T00:00Z). Seconds are dropped.
    pub fn local(self, epoch_ms: u64) -> LocalMoment {
        let local_ms = i128::from(epoch_ms) + i128::from(self.utc_offset_minutes) * MS_PER_MINUTE;
        let days = local_ms.div_euclid(MS_PER_DAY);
        let minutes = local_ms.rem_euclid(MS_PER_DAY) / MS_PER_MINUTE;
        // `days` fits an i64 for any u64 input; `minutes` is below 1440.
        LocalMoment {
            day: ServiceDay::from_days(days as i64),
            time: LocalTime(minutes as u16),
        }
    }

    /// The service day at `epoch_ms`.
    pub fn day(self, epoch_ms: u64) -> ServiceDay {
        self.local(epoch_ms).day
    }

    /// The epoch milliseconds of a local moment, the inverse of
    /// [`SiteClock::local`]; moments before 1970 give 0.
    pub fn epoch_ms(self, moment: LocalMoment) -> u64 {
        let local_ms = i128::from(moment.day.days_since_epoch()) * MS_PER_DAY
            + i128::from(moment.time.0) * MS_PER_MINUTE;
        let utc_ms = local_ms - i128::from(self.utc_offset_minutes) * MS_PER_MINUTE;
        u64::try_from(utc_ms.max(0)).unwrap_or(u64::MAX)
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
    fn beijing_midnight_is_sixteen_hundred_utc_the_day_before() {
        // 2025-03-06T16:00:00Z is 2025-03-07 00:00 in Beijing.
        let utc_16h = 1_741_276_800_000;
        let moment = SiteClock::CHINA.local(utc_16h);
        assert_eq!(moment.day, day(2025, 3, 7));
        assert_eq!(moment.time, LocalTime::MIDNIGHT);
        // One millisecond earlier is still the previous service day.
        assert_eq!(SiteClock::CHINA.day(utc_16h - 1), day(2025, 3, 6));
        assert_eq!(
            SiteClock::CHINA.local(utc_16h - 1).time.to_string(),
            "23:59"
        );
    }

    #[test]
    fn a_negative_offset_reaches_back_before_the_epoch() {
        let clock = SiteClock {
            utc_offset_minutes: -300,
        };
        assert_eq!(clock.local(0).to_string(), "1969-12-31 19:00");
    }

    #[test]
    fn times_of_day_stop_at_the_end_of_the_day() {
        assert_eq!(LocalTime::new(8, 30).map(LocalTime::minutes), Ok(510));
        assert_eq!(LocalTime::new(24, 0), Ok(LocalTime::END_OF_DAY));
        assert!(LocalTime::new(24, 1).is_err());
        assert!(LocalTime::new(9, 60).is_err());
    }

    proptest! {
        #[test]
        fn whole_minutes_map_to_local_moments_and_back(
            minute in 0u64..200_000_000, offset in -840i32..=840,
        ) {
            let clock = SiteClock { utc_offset_minutes: offset };
            let epoch_ms = minute * 60_000;
            let moment = clock.local(epoch_ms);
            prop_assert!(moment.time < LocalTime::END_OF_DAY);
            prop_assert_eq!(clock.epoch_ms(moment), epoch_ms);
        }
    }
}
