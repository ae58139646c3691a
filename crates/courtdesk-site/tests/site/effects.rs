//! When changes take effect: letters the next service day, the rest at once.

use courtdesk_queue::{Dispense, LocalMoment, SiteClock, WindowId, dispense_check};
use courtdesk_site::{
    ProblemCode, ServiceState, SiteConfig, SiteConfigVersion, ValidationContext, VersionError,
    effective_letter, effective_letters, next_version,
};

use crate::support::*;

fn version_after(
    previous: &SiteConfigVersion,
    config: SiteConfig,
    at_ms: u64,
) -> SiteConfigVersion {
    next_version(
        Some(previous),
        config,
        admin(),
        at_ms,
        &ValidationContext::default(),
    )
    .expect("a valid change")
}

#[test]
fn a_letter_changed_during_the_day_is_printed_from_the_next_day() {
    // Version 1 on Sunday; on Monday at 10:00 filing changes from A to F.
    let v1 = next_version(
        None,
        site(),
        admin(),
        MONDAY_10AM - DAY_MS,
        &ValidationContext::default(),
    )
    .expect("valid");
    let mut config = v1.config.clone();
    config.services[0].letter = letter('F');
    let v2 = version_after(&v1, config, MONDAY_10AM);
    let history = [v1, v2];
    let monday = day(2026, 3, 2);
    assert_eq!(
        effective_letter(&history, &sid("filing"), monday),
        Some(letter('A')),
        "tickets of Monday keep the letter the day began with"
    );
    assert_eq!(
        effective_letter(&history, &sid("filing"), monday.next()),
        Some(letter('F'))
    );
    assert_eq!(effective_letter(&history, &sid("parking"), monday), None);
}

#[test]
fn a_service_added_during_the_day_prints_its_first_letter_all_day() {
    let v1 = next_version(
        None,
        site(),
        admin(),
        MONDAY_10AM - DAY_MS,
        &ValidationContext::default(),
    )
    .expect("valid");
    let mut added = v1.config.clone();
    let mut enforcement = added.services[1].clone();
    enforcement.id = sid("enforcement");
    enforcement.letter = letter('E');
    added.services.push(enforcement);
    let v2 = version_after(&v1, added.clone(), MONDAY_10AM);
    added.services[3].letter = letter('G');
    let v3 = version_after(&v2, added, MONDAY_10AM + 3_600_000);
    let history = [v1, v2, v3];
    let monday = day(2026, 3, 2);
    assert_eq!(
        effective_letter(&history, &sid("enforcement"), monday),
        Some(letter('E'))
    );
    assert_eq!(
        effective_letter(&history, &sid("enforcement"), monday.next()),
        Some(letter('G'))
    );
}

#[test]
fn a_letter_freed_today_is_refused_to_another_service_until_tomorrow() {
    let v1 = next_version(
        None,
        site(),
        admin(),
        MONDAY_10AM - DAY_MS,
        &ValidationContext::default(),
    )
    .expect("valid");
    let mut swap = v1.config.clone();
    swap.services[0].letter = letter('F');
    let v2 = version_after(&v1, swap.clone(), MONDAY_10AM);
    let history = [v1, v2.clone()];
    let monday = day(2026, 3, 2);
    let mut taken = swap;
    taken.services[2].letter = letter('A');
    let today = ValidationContext {
        letters_today: effective_letters(&history, monday),
        ..ValidationContext::default()
    };
    let Err(VersionError::Invalid(problems)) = next_version(
        Some(&v2),
        taken.clone(),
        admin(),
        MONDAY_10AM + 60_000,
        &today,
    ) else {
        panic!("filing still prints A today");
    };
    assert_eq!(problems[0].path, "services[2].letter");
    assert_eq!(problems[0].code(), ProblemCode::LetterInUseToday);
    let tomorrow = ValidationContext {
        letters_today: effective_letters(&history, monday.next()),
        ..ValidationContext::default()
    };
    assert!(next_version(Some(&v2), taken, admin(), MONDAY_10AM + DAY_MS, &tomorrow).is_ok());
}

#[test]
fn pause_and_lock_stop_dispensing_at_once_and_resume_reopens() {
    let monday = day(2026, 3, 2);
    let mut config = site();
    let open = config.services[0].dispenser_rules(monday);
    assert_eq!(
        dispense_check(&open, SiteClock::CHINA, MONDAY_10AM, 0),
        Dispense::Open
    );
    for state in [
        ServiceState::Paused,
        ServiceState::Locked,
        ServiceState::Retired,
    ] {
        config.services[0].state = state;
        let rules = config.services[0].dispenser_rules(monday);
        assert_eq!(
            dispense_check(&rules, SiteClock::CHINA, MONDAY_10AM, 0),
            Dispense::Locked,
            "{state:?}"
        );
    }
}

#[test]
fn hours_and_quota_decide_dispensing_from_the_current_version() {
    let monday = day(2026, 3, 2);
    let mut config = site();
    config.services[0].daily_quota = Some(5);
    let rules = config.services[0].dispenser_rules(monday);
    assert!(matches!(
        dispense_check(&rules, SiteClock::CHINA, MONDAY_10AM, 5),
        Dispense::QuotaReached { .. }
    ));
    config.services[0].hours = courtdesk_queue::OpeningHours::weekdays(&[span((13, 0), (17, 0))]);
    let rules = config.services[0].dispenser_rules(monday);
    assert_eq!(
        dispense_check(&rules, SiteClock::CHINA, MONDAY_10AM, 0),
        Dispense::Closed {
            reopens: Some(LocalMoment {
                day: monday,
                time: at(13, 0)
            })
        }
    );
}

#[test]
fn an_extra_working_saturday_opens_with_monday_hours_and_the_next_saturday_does_not() {
    let config = site();
    let saturday = day(2026, 9, 26);
    let rules = config.services[0].dispenser_rules(saturday);
    let saturday_10am = SiteClock::CHINA.epoch_ms(LocalMoment {
        day: saturday,
        time: at(10, 0),
    });
    assert_eq!(
        dispense_check(&rules, SiteClock::CHINA, saturday_10am, 0),
        Dispense::Open
    );
    let next_saturday = saturday_10am + 7 * DAY_MS;
    assert!(
        matches!(
            dispense_check(&rules, SiteClock::CHINA, next_saturday, 0),
            Dispense::Closed { .. }
        ),
        "only the listed Saturday is a working day"
    );
    let plain = config.services[0].dispenser_rules(day(2026, 9, 19));
    let before = saturday_10am - 7 * DAY_MS;
    assert!(matches!(
        dispense_check(&plain, SiteClock::CHINA, before, 0),
        Dispense::Closed { .. }
    ));
}

#[test]
fn a_holiday_closes_the_service() {
    let config = site();
    let holiday = day(2026, 10, 1);
    let rules = config.services[0].dispenser_rules(holiday);
    let ten = SiteClock::CHINA.epoch_ms(LocalMoment {
        day: holiday,
        time: at(10, 0),
    });
    assert!(matches!(
        dispense_check(&rules, SiteClock::CHINA, ten, 0),
        Dispense::Closed { .. }
    ));
}

#[test]
fn the_queue_calls_for_windows_that_are_not_retired_with_services_that_are_not() {
    let mut config = site();
    config.services[1].state = ServiceState::Retired;
    config.windows[1].retired = true;
    let windows = config.service_windows();
    assert_eq!(windows.len(), 1);
    assert_eq!(windows[0].id, WindowId(1));
    assert_eq!(windows[0].services, vec![sid("filing")]);
}
