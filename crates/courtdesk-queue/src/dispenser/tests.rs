use super::*;
use crate::fixtures::{MIN, NINE_AM};

fn at(hour: u8, minute: u8) -> LocalTime {
    LocalTime::new(hour, minute).expect("a time of day")
}

fn date(d: u8) -> ServiceDay {
    ServiceDay::new(2025, 3, d).expect("a real date")
}

fn moment(d: u8, hour: u8, minute: u8) -> Option<LocalMoment> {
    Some(LocalMoment {
        day: date(d),
        time: at(hour, minute),
    })
}

/// 08:30–12:00 and 14:00–17:30, Monday to Friday.
fn court_hours() -> DispenserRules {
    DispenserRules {
        hours: OpeningHours::weekdays(&[
            OpenSpan {
                from: at(8, 30),
                to: at(12, 0),
            },
            OpenSpan {
                from: at(14, 0),
                to: at(17, 30),
            },
        ]),
        ..DispenserRules::default()
    }
}

/// Friday 2025-03-07 at `minutes` past nine, Beijing time.
fn friday(minutes_after_nine: i64) -> u64 {
    NINE_AM.saturating_add_signed(minutes_after_nine * MIN as i64)
}

fn check(rules: &DispenserRules, now_ms: u64, issued: u32) -> Dispense {
    dispense_check(rules, SiteClock::CHINA, now_ms, issued)
}

#[test]
fn within_opening_hours_tickets_are_dispensed() {
    assert_eq!(date(7).weekday(), Weekday::Friday);
    assert_eq!(check(&court_hours(), friday(0), 0), Dispense::Open);
    assert_eq!(
        check(&court_hours(), friday(-30), 0),
        Dispense::Open,
        "08:30 opens"
    );
}

#[test]
fn over_lunch_the_kiosk_says_when_the_afternoon_opens() {
    assert_eq!(
        check(&court_hours(), friday(3 * 60), 0),
        Dispense::Closed {
            reopens: moment(7, 14, 0)
        },
        "12:00 is already closed"
    );
}

#[test]
fn before_opening_the_kiosk_says_when_the_morning_opens() {
    assert_eq!(
        check(&court_hours(), friday(-31), 0),
        Dispense::Closed {
            reopens: moment(7, 8, 30)
        }
    );
}

#[test]
fn after_friday_closing_the_next_opening_is_monday_morning() {
    assert_eq!(
        check(&court_hours(), friday(9 * 60), 0),
        Dispense::Closed {
            reopens: moment(10, 8, 30)
        }
    );
}

#[test]
fn a_public_holiday_is_skipped() {
    let mut rules = court_hours();
    rules.closed_days.insert(date(10));
    assert_eq!(
        check(&rules, friday(9 * 60), 0),
        Dispense::Closed {
            reopens: moment(11, 8, 30)
        }
    );
    rules.closed_days.insert(date(7));
    assert_eq!(
        check(&rules, friday(0), 0),
        Dispense::Closed {
            reopens: moment(11, 8, 30)
        }
    );
}

#[test]
fn when_the_quota_is_reached_the_kiosk_points_to_the_next_day_s_opening() {
    let mut rules = court_hours();
    rules.daily_quota = Some(100);
    assert_eq!(check(&rules, friday(0), 99), Dispense::Open);
    assert_eq!(
        check(&rules, friday(0), 100),
        Dispense::QuotaReached {
            next_open: moment(10, 8, 30)
        }
    );
}

#[test]
fn a_staff_lock_stops_dispensing_even_within_hours() {
    let mut rules = court_hours();
    rules.locked = true;
    assert_eq!(check(&rules, friday(0), 0), Dispense::Locked);
}

#[test]
fn a_service_without_hours_never_reopens() {
    assert_eq!(
        check(&DispenserRules::default(), friday(0), 0),
        Dispense::Closed { reopens: None }
    );
}

#[test]
fn the_kiosk_answer_serializes_for_the_ui() {
    let json = serde_json::to_value(check(&court_hours(), friday(3 * 60), 0)).expect("serializes");
    assert_eq!(json["dispense"], "closed");
    assert_eq!(json["reopens"]["day"], "2025-03-07");
    assert_eq!(json["reopens"]["time"], 14 * 60);
}
