//! Deadlines as people write them: RFC 3339 date-times
//! (`2026-12-31T17:00:00+08:00`, `2026-12-31T09:00:00Z`), read into Unix
//! milliseconds and written back in the courts' local time (UTC+8).

/// China Standard Time, the courts' local time, as the identity rules use.
pub(crate) const COURT_UTC_OFFSET_MINUTES: i64 = 8 * 60;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn number(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Reads an RFC 3339 date-time (`T` or a space between date and time,
/// optional fraction, `Z` or `±HH:MM`) as Unix milliseconds.
pub(crate) fn parse_rfc3339(text: &str) -> Option<u64> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    if !matches!(bytes[10], b'T' | b't' | b' ') || bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let year = number(text.get(0..4)?)?;
    let month = number(text.get(5..7)?)?;
    let day = number(text.get(8..10)?)?;
    let hour = number(text.get(11..13)?)?;
    let minute = number(text.get(14..16)?)?;
    let second = number(text.get(17..19)?)?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut rest = text.get(19..)?;
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let first3 = format!("{:0<3}", &fraction[..digits.min(3)]);
        millis = number(&first3)?;
        rest = &fraction[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                return None;
            }
            let hours = number(&rest[1..3])?;
            let minutes = number(&rest[4..6])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 60 + minutes)
        }
    };
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_minutes * 60;
    u64::try_from(seconds * 1000 + millis).ok()
}

/// `2026-12-31 17:00 (UTC+8)`: a time as the court reads it.
pub fn court_time(epoch_ms: u64) -> String {
    let local = i64::try_from(epoch_ms / 1000).unwrap_or(i64::MAX) + COURT_UTC_OFFSET_MINUTES * 60;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let in_day = local.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} (UTC+8)",
        in_day / 3600,
        in_day % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_with_offsets_read_as_the_same_instant() {
        let utc = parse_rfc3339("2026-12-31T09:00:00Z");
        assert_eq!(utc, Some(1_798_707_600_000));
        assert_eq!(parse_rfc3339("2026-12-31T17:00:00+08:00"), utc);
        assert_eq!(parse_rfc3339("2026-12-31 17:00:00.000+08:00"), utc);
        assert_eq!(
            parse_rfc3339("2026-12-31T09:00:00.25Z"),
            utc.map(|t| t + 250)
        );
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000)
        );
    }

    #[test]
    fn malformed_date_times_are_refused() {
        for bad in [
            "",
            "2026-12-31",
            "2026-12-31T17:00:00",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-12-31T24:00:00Z",
            "2026-12-31T17:00:00+8:00",
            "2026-12-31T17:00:00.Z",
            "1969-12-31T23:59:59Z",
            "tomorrow at five",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn court_time_is_utc_plus_eight() {
        assert_eq!(court_time(1_798_707_600_000), "2026-12-31 17:00 (UTC+8)");
        assert_eq!(court_time(0), "1970-01-01 08:00 (UTC+8)");
    }
}
