//! What a report is asked for, checked once for the command and the
//! endpoint alike: a court (and maybe a site), a period of site-local days,
//! a grouping and the site's UTC offset.

use courtdesk_queue::{ServiceDay, SiteClock};
use courtdesk_stats::{Grouping, Period, Scope, StatsRules};

/// UTC+8, China's offset. The server has no site configuration yet: until
/// it has, the offset is a parameter of each report (`--utc-offset-minutes`,
/// `utc_offset_minutes=`), and then it will be the site's own.
pub const DEFAULT_UTC_OFFSET_MINUTES: i32 = 480;

/// The offsets that exist: UTC−12:00 to UTC+14:00.
const OFFSET_RANGE: std::ops::RangeInclusive<i32> = -720..=840;

/// A checked report request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequest {
    pub scope: Scope,
    pub period: Period,
    pub grouping: Grouping,
    pub utc_offset_minutes: i32,
}

/// Why a report request was refused. Nothing is read or written then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportInputError {
    #[error("a court is required")]
    NoCourt,
    #[error("the site, when given, must not be empty")]
    EmptySite,
    #[error("--{field} must be a date as YYYY-MM-DD, got {text:?}")]
    Date { field: &'static str, text: String },
    #[error("the period must not end before it starts: --from {from} is after --to {to}")]
    Reversed { from: ServiceDay, to: ServiceDay },
    #[error("--group must be day, week or month, got {0:?}")]
    Group(String),
    #[error("the UTC offset must be between -720 and 840 minutes, got {0}")]
    Offset(i32),
}

impl ReportInputError {
    /// A stable code for the API's `{code, message}` answer.
    pub fn code(&self) -> &'static str {
        match self {
            ReportInputError::NoCourt | ReportInputError::EmptySite => "invalid_scope",
            ReportInputError::Date { .. } => "invalid_date",
            ReportInputError::Reversed { .. } => "invalid_period",
            ReportInputError::Group(_) => "invalid_group",
            ReportInputError::Offset(_) => "invalid_utc_offset",
        }
    }
}

impl ReportRequest {
    /// Checks the parts as typed on a command line or in a query string.
    pub fn parse(
        court: &str,
        site: Option<&str>,
        from: &str,
        to: &str,
        group: Option<&str>,
        utc_offset_minutes: Option<i32>,
    ) -> Result<ReportRequest, ReportInputError> {
        let court = court.trim();
        if court.is_empty() {
            return Err(ReportInputError::NoCourt);
        }
        let site = match site.map(str::trim) {
            Some("") => return Err(ReportInputError::EmptySite),
            other => other.map(str::to_owned),
        };
        let day = |field: &'static str, text: &str| {
            text.trim()
                .parse::<ServiceDay>()
                .map_err(|_| ReportInputError::Date {
                    field,
                    text: text.chars().take(32).collect(),
                })
        };
        let (first, last) = (day("from", from)?, day("to", to)?);
        let period = Period::new(first, last).map_err(|_| ReportInputError::Reversed {
            from: first,
            to: last,
        })?;
        let grouping = match group.map(str::trim) {
            None | Some("day") => Grouping::Day,
            Some("week") => Grouping::IsoWeek,
            Some("month") => Grouping::Month,
            Some(other) => return Err(ReportInputError::Group(other.chars().take(16).collect())),
        };
        let utc_offset_minutes = utc_offset_minutes.unwrap_or(DEFAULT_UTC_OFFSET_MINUTES);
        if !OFFSET_RANGE.contains(&utc_offset_minutes) {
            return Err(ReportInputError::Offset(utc_offset_minutes));
        }
        Ok(ReportRequest {
            scope: Scope {
                court: court.to_owned(),
                site,
            },
            period,
            grouping,
            utc_offset_minutes,
        })
    }

    /// The rules the figures are counted under.
    pub fn rules(&self) -> StatsRules {
        StatsRules::new(SiteClock {
            utc_offset_minutes: self.utc_offset_minutes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_requests_are_refused_with_their_reason() {
        let parse = |from, to, group| ReportRequest::parse("c", None, from, to, group, None);
        assert!(parse("2026-12-01", "2026-12-31", Some("week")).is_ok());
        assert_eq!(
            parse("2026-12-02", "2026-12-01", None).map_err(|e| e.code()),
            Err("invalid_period")
        );
        assert_eq!(
            parse("2026-13-01", "2026-12-01", None).map_err(|e| e.code()),
            Err("invalid_date")
        );
        assert_eq!(
            parse("2026-12-01", "2026-12-01", Some("year")).map_err(|e| e.code()),
            Err("invalid_group")
        );
        let offset = ReportRequest::parse("c", None, "2026-12-01", "2026-12-01", None, Some(900));
        assert_eq!(offset.map_err(|e| e.code()), Err("invalid_utc_offset"));
        let site = ReportRequest::parse("c", Some(" "), "2026-12-01", "2026-12-01", None, None);
        assert_eq!(site.map_err(|e| e.code()), Err("invalid_scope"));
    }
}
