//! One test per validation rule: each changes one thing of a valid site and
//! expects exactly the one problem it causes, by field path and code.

use std::collections::BTreeSet;

use courtdesk_core::Locale;
use courtdesk_queue::{Weekday, WindowId};
use courtdesk_site::{
    AppointmentSlot, ProblemCode as Code, ReferencedIds, ServiceState, ValidationContext,
};

use crate::support::*;

#[test]
fn the_fixture_site_has_no_problem() {
    assert_eq!(problems(&site()), vec![], "every other test relies on it");
}

#[test]
fn court_and_site_ids_must_be_printable_ascii() {
    let mut config = site();
    config.site_id = "hall a".into();
    assert_eq!(problems(&config), one("site_id", Code::InvalidKey));
}

#[test]
fn every_name_needs_both_languages() {
    let mut config = site();
    config.services[1].name.en = "  ".into();
    assert_eq!(
        problems(&config),
        one("services[1].name.en", Code::MissingName)
    );
    let mut config = site();
    config.name.zh_cn = String::new();
    assert_eq!(problems(&config), one("name.zh-CN", Code::MissingName));
}

#[test]
fn the_utc_offset_stays_within_the_offsets_in_use() {
    let mut config = site();
    config.utc_offset_minutes = 900;
    assert_eq!(
        problems(&config),
        one("utc_offset_minutes", Code::UtcOffsetOutOfRange)
    );
    config.utc_offset_minutes = -720;
    assert_eq!(problems(&config), vec![], "UTC-12 is in use");
}

#[test]
fn a_site_with_only_retired_services_is_refused() {
    let mut config = site();
    config.windows.clear();
    for service in &mut config.services {
        service.state = ServiceState::Retired;
    }
    assert_eq!(problems(&config), one("services", Code::NoServices));
}

#[test]
fn two_services_with_one_id_are_refused() {
    let mut config = site();
    let mut copy = config.services[0].clone();
    copy.letter = letter('Z');
    config.services.push(copy);
    assert_eq!(problems(&config), one("services[3].id", Code::DuplicateId));
}

#[test]
fn two_services_with_one_letter_are_refused_at_the_second() {
    let mut config = site();
    config.services[2].letter = letter('A');
    let found = config.validate(None, &ValidationContext::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "services[2].letter");
    assert_eq!(found[0].code(), Code::DuplicateLetter);
    assert!(
        found[0].message(Locale::En).contains("service filing"),
        "names the first"
    );
}

#[test]
fn a_retired_service_gives_up_its_letter() {
    let mut config = site();
    config.windows[1].services.clear();
    config.services[2].state = ServiceState::Retired;
    config.services[2].letter = letter('A');
    assert_eq!(
        problems(&config),
        vec![],
        "a retired service prints nothing"
    );
}

#[test]
fn a_letter_another_service_prints_today_is_refused_until_tomorrow() {
    let mut config = site();
    config.services[2].letter = letter('E');
    let context = ValidationContext {
        letters_today: [(letter('E'), sid("enforcement"))].into_iter().collect(),
        ..ValidationContext::default()
    };
    assert_eq!(
        problems_in(&config, None, &context),
        one("services[2].letter", Code::LetterInUseToday)
    );
    let own = ValidationContext {
        letters_today: [(letter('E'), sid("mediation"))].into_iter().collect(),
        ..ValidationContext::default()
    };
    assert_eq!(
        problems_in(&config, None, &own),
        vec![],
        "its own letter is fine"
    );
}

#[test]
fn expected_minutes_are_at_least_one() {
    let mut config = site();
    config.services[0].expected_minutes = 0;
    assert_eq!(
        problems(&config),
        one("services[0].expected_minutes", Code::ZeroExpectedMinutes)
    );
}

#[test]
fn inverted_hours_are_refused() {
    let mut config = site();
    config.services[1]
        .hours
        .weekly
        .insert(Weekday::Saturday, vec![span((12, 0), (9, 0))]);
    assert_eq!(
        problems(&config),
        one("services[1].hours.weekly.saturday[0]", Code::InvertedSpan)
    );
}

#[test]
fn overlapping_hours_are_refused_even_past_a_span_in_between() {
    let mut config = site();
    // 08:00-17:00 covers both 09:00-10:00 and 11:00-12:00; the second does
    // not overlap the first of the two, only the long one.
    let spans = vec![
        span((8, 0), (17, 0)),
        span((9, 0), (10, 0)),
        span((11, 0), (12, 0)),
    ];
    config.services[0]
        .hours
        .weekly
        .insert(Weekday::Sunday, spans);
    assert_eq!(
        problems(&config),
        vec![
            (
                "services[0].hours.weekly.sunday[1]".to_owned(),
                Code::OverlappingSpans
            ),
            (
                "services[0].hours.weekly.sunday[2]".to_owned(),
                Code::OverlappingSpans
            ),
        ]
    );
    let mut touching = site();
    let spans = vec![span((13, 0), (17, 0)), span((8, 0), (13, 0))];
    touching.services[0]
        .hours
        .weekly
        .insert(Weekday::Sunday, spans);
    assert_eq!(
        problems(&touching),
        vec![],
        "spans that only touch do not overlap"
    );
}

#[test]
fn a_day_cannot_be_both_a_holiday_and_an_extra_working_day() {
    let mut config = site();
    config.services[0].holidays.insert(day(2026, 9, 26));
    assert_eq!(
        problems(&config),
        one(
            "services[0].extra_working_days[\"2026-09-26\"]",
            Code::HolidayIsWorkingDay
        )
    );
}

#[test]
fn a_quota_below_the_tickets_issued_today_is_refused_and_equal_is_not() {
    let mut config = site();
    config.services[1].daily_quota = Some(40);
    assert_eq!(
        problems_in(&config, None, &issued(&[("enquiry", 41)])),
        one("services[1].daily_quota", Code::QuotaBelowIssued)
    );
    assert_eq!(
        problems_in(&config, None, &issued(&[("enquiry", 40)])),
        vec![]
    );
    assert_eq!(
        problems_in(&config, None, &issued(&[("filing", 41)])),
        vec![],
        "another service's count does not matter"
    );
}

#[test]
fn appointment_slots_neither_invert_nor_overlap_and_take_someone() {
    let mut config = site();
    let slots = &mut config.services[0].appointment_slots;
    slots.push(AppointmentSlot {
        from: at(9, 30),
        to: at(11, 0),
        capacity: 2,
    });
    slots.push(AppointmentSlot {
        from: at(15, 0),
        to: at(14, 0),
        capacity: 2,
    });
    slots.push(AppointmentSlot {
        from: at(16, 0),
        to: at(17, 0),
        capacity: 0,
    });
    assert_eq!(
        problems(&config),
        vec![
            (
                "services[0].appointment_slots[2]".to_owned(),
                Code::InvertedSpan
            ),
            (
                "services[0].appointment_slots[1]".to_owned(),
                Code::OverlappingSpans
            ),
            (
                "services[0].appointment_slots[3].capacity".to_owned(),
                Code::ZeroCapacity
            ),
        ]
    );
}

#[test]
fn a_window_serving_an_unknown_service_is_refused() {
    let mut config = site();
    config.windows[0].services.insert(sid("parking"));
    assert_eq!(
        problems(&config),
        one("windows[0].services[\"parking\"]", Code::UnknownService)
    );
}

#[test]
fn a_window_serving_a_retired_service_is_refused_unless_retired_itself() {
    let mut config = site();
    config.services[2].state = ServiceState::Retired;
    assert_eq!(
        problems(&config),
        one("windows[1].services[\"mediation\"]", Code::RetiredService)
    );
    config.windows[1].retired = true;
    assert_eq!(problems(&config), vec![]);
}

#[test]
fn a_service_offering_an_unknown_outcome_code_is_refused() {
    let mut config = site();
    config.services[0].outcome_codes.insert(code("withdrawn"));
    assert_eq!(
        problems(&config),
        one(
            "services[0].outcome_codes[\"withdrawn\"]",
            Code::UnknownOutcomeCode
        )
    );
}

#[test]
fn a_service_offering_a_retired_outcome_code_is_refused() {
    let mut config = site();
    config.outcome_codes[1].retired = true;
    assert_eq!(
        problems(&config),
        vec![
            (
                "services[0].outcome_codes[\"referred\"]".to_owned(),
                Code::RetiredOutcomeCode
            ),
            (
                "services[1].outcome_codes[\"referred\"]".to_owned(),
                Code::RetiredOutcomeCode
            ),
            (
                "services[2].outcome_codes[\"referred\"]".to_owned(),
                Code::RetiredOutcomeCode
            ),
        ]
    );
}

#[test]
fn window_numbers_start_at_one_and_are_unique() {
    let mut config = site();
    config.windows[0].number = WindowId(0);
    assert_eq!(
        problems(&config),
        one("windows[0].number", Code::ZeroWindowNumber)
    );
    let mut config = site();
    config.windows[1].number = WindowId(1);
    assert_eq!(
        problems(&config),
        one("windows[1].number", Code::DuplicateId)
    );
}

#[test]
fn codes_departments_and_organizations_are_listed_once_each() {
    let mut config = site();
    config
        .outcome_codes
        .push(outcome("done", "完成", "Finished"));
    config.departments.push(config.departments[0].clone());
    config
        .mediation_organizations
        .push(config.mediation_organizations[0].clone());
    assert_eq!(
        problems(&config),
        vec![
            ("outcome_codes[2].code".to_owned(), Code::DuplicateId),
            ("departments[1].id".to_owned(), Code::DuplicateId),
            (
                "mediation_organizations[1].id".to_owned(),
                Code::DuplicateId
            ),
        ]
    );
}

#[test]
fn deleting_what_records_refer_to_is_refused_and_retiring_it_is_not() {
    let previous = site();
    let referenced = ValidationContext {
        referenced: ReferencedIds {
            departments: [previous.departments[0].id.clone()].into_iter().collect(),
            windows: [WindowId(2)].into_iter().collect(),
            ..ReferencedIds::default()
        },
        ..ValidationContext::default()
    };
    let mut deleted = previous.clone();
    deleted.departments.clear();
    deleted.windows.pop();
    assert_eq!(
        problems_in(&deleted, Some(&previous), &referenced),
        vec![
            ("windows".to_owned(), Code::DeletedWhileReferenced),
            ("departments".to_owned(), Code::DeletedWhileReferenced),
        ]
    );
    assert_eq!(
        problems_in(&deleted, Some(&previous), &ValidationContext::default()),
        vec![],
        "what no record refers to may go"
    );
    let mut retired = previous.clone();
    retired.departments[0].retired = true;
    retired.windows[1].retired = true;
    assert_eq!(problems_in(&retired, Some(&previous), &referenced), vec![]);
}

#[test]
fn a_mediation_organization_takes_on_some_dispute_type() {
    let mut config = site();
    config.mediation_organizations[0].case_types = BTreeSet::new();
    assert_eq!(
        problems(&config),
        one("mediation_organizations[0].case_types", Code::NoCaseTypes)
    );
}

#[test]
fn thresholds_are_at_least_one() {
    let mut config = site();
    config.thresholds.review_overdue_hours = 0;
    assert_eq!(
        problems(&config),
        one("thresholds.review_overdue_hours", Code::ZeroThreshold)
    );
}

#[test]
fn every_problem_is_returned_at_once_with_messages_in_both_languages() {
    let mut config = site();
    config.services[1].letter = letter('A');
    config.windows[0].services.insert(sid("parking"));
    config.thresholds.long_wait_minutes = 0;
    let found = config.validate(None, &issued(&[]));
    assert_eq!(found.len(), 3, "{found:?}");
    let letter = found
        .iter()
        .find(|p| p.code() == Code::DuplicateLetter)
        .expect("the letter problem is among them");
    let zh = letter.message(Locale::ZhCn);
    let en = letter.message(Locale::En);
    assert!(
        zh.starts_with("services[1].letter：") && zh.contains("字母 A"),
        "{zh}"
    );
    assert!(
        en.starts_with("services[1].letter: ") && en.contains("letter A"),
        "{en}"
    );
}
