//! A valid site to change one thing at a time.

use std::collections::{BTreeMap, BTreeSet};

use courtdesk_queue::{
    LocalTime, OpenSpan, OpeningHours, OutcomeCode, PriorityClass, QueueServiceId, ServiceDay,
    TicketPrefix, Weekday, WindowId,
};
use courtdesk_site::{
    AccountId, AppointmentSlot, Department, MediationOrganization, Names, OrganizationKind,
    OutcomeCodeConfig, ProblemCode, ServiceConfig, ServiceState, SiteConfig, Thresholds,
    ValidationContext, WindowConfig,
};

/// 2026-03-02 (a Monday) 10:00 in Beijing.
pub(crate) const MONDAY_10AM: u64 = 1_772_416_800_000;
pub(crate) const DAY_MS: u64 = 86_400_000;

pub(crate) fn day(y: u16, m: u8, d: u8) -> ServiceDay {
    ServiceDay::new(y, m, d).expect("a real date")
}

pub(crate) fn at(h: u8, m: u8) -> LocalTime {
    LocalTime::new(h, m).expect("a time of day")
}

pub(crate) fn span(from: (u8, u8), to: (u8, u8)) -> OpenSpan {
    OpenSpan {
        from: at(from.0, from.1),
        to: at(to.0, to.1),
    }
}

pub(crate) fn sid(id: &str) -> QueueServiceId {
    id.parse().expect("a service slug")
}

pub(crate) fn code(id: &str) -> OutcomeCode {
    id.parse().expect("an outcome code slug")
}

pub(crate) fn letter(c: char) -> TicketPrefix {
    TicketPrefix::new(c).expect("a letter A to Z")
}

pub(crate) fn admin() -> AccountId {
    "admin".parse().expect("an account id")
}

fn service(id: &str, l: char, zh: &str, en: &str) -> ServiceConfig {
    ServiceConfig {
        id: sid(id),
        letter: letter(l),
        name: Names::new(zh, en),
        expected_minutes: 10,
        hours: OpeningHours::weekdays(&[span((8, 30), (12, 0)), span((13, 30), (17, 30))]),
        holidays: [day(2026, 10, 1)].into_iter().collect(),
        extra_working_days: [day(2026, 9, 26)].into_iter().collect(),
        daily_quota: Some(200),
        priority_classes: [PriorityClass::Elderly, PriorityClass::Disabled]
            .into_iter()
            .collect(),
        outcome_codes: [code("done"), code("referred")].into_iter().collect(),
        appointment_slots: vec![AppointmentSlot {
            from: at(9, 0),
            to: at(10, 0),
            capacity: 6,
        }],
        state: ServiceState::Active,
    }
}

/// A hall with three services, two windows, codes, a department and a
/// mediation organization; it has no problem.
pub(crate) fn site() -> SiteConfig {
    SiteConfig {
        court_id: "court-1".into(),
        site_id: "hall-a".into(),
        name: Names::new("诉讼服务中心", "Litigation Service Center"),
        utc_offset_minutes: 480,
        services: vec![
            service("filing", 'A', "立案登记", "Case filing"),
            service("enquiry", 'B', "诉讼咨询", "Legal enquiries"),
            service("mediation", 'M', "诉前调解", "Pre-litigation mediation"),
        ],
        windows: vec![window(1, &["filing", "enquiry"]), window(2, &["mediation"])],
        outcome_codes: vec![
            outcome("done", "已办结", "Done"),
            outcome("referred", "已转办", "Referred"),
        ],
        departments: vec![Department {
            id: "civil-1".parse().expect("slug"),
            name: Names::new("民事审判第一庭", "First Civil Division"),
            retired: false,
        }],
        mediation_organizations: vec![MediationOrganization {
            id: "traffic-committee".parse().expect("slug"),
            name: Names::new(
                "交通事故人民调解委员会",
                "Traffic Accident Mediation Committee",
            ),
            kind: OrganizationKind::PeoplesMediationCommittee,
            case_types: ["traffic".parse().expect("slug")].into_iter().collect(),
            retired: false,
        }],
        thresholds: Thresholds::default(),
    }
}

pub(crate) fn window(number: u16, services: &[&str]) -> WindowConfig {
    WindowConfig {
        number: WindowId(number),
        name: Names::new(format!("{number} 号窗口"), format!("Window {number}")),
        services: services.iter().map(|s| sid(s)).collect::<BTreeSet<_>>(),
        retired: false,
    }
}

pub(crate) fn outcome(id: &str, zh: &str, en: &str) -> OutcomeCodeConfig {
    OutcomeCodeConfig {
        code: code(id),
        name: Names::new(zh, en),
        retired: false,
    }
}

/// The problems of `config` as (path, code) pairs, with nothing issued and
/// nothing referred to.
pub(crate) fn problems(config: &SiteConfig) -> Vec<(String, ProblemCode)> {
    problems_in(config, None, &ValidationContext::default())
}

pub(crate) fn problems_in(
    config: &SiteConfig,
    previous: Option<&SiteConfig>,
    context: &ValidationContext,
) -> Vec<(String, ProblemCode)> {
    config
        .validate(previous, context)
        .into_iter()
        .map(|problem| (problem.path.clone(), problem.code()))
        .collect()
}

pub(crate) fn one(path: &str, code: ProblemCode) -> Vec<(String, ProblemCode)> {
    vec![(path.to_owned(), code)]
}

pub(crate) fn issued(counts: &[(&str, u32)]) -> ValidationContext {
    ValidationContext {
        issued_today: counts
            .iter()
            .map(|(id, n)| (sid(id), *n))
            .collect::<BTreeMap<_, _>>(),
        ..ValidationContext::default()
    }
}

pub(crate) fn hours_of(config: &SiteConfig, service: usize, weekday: Weekday) -> Vec<OpenSpan> {
    config.services[service]
        .hours
        .weekly
        .get(&weekday)
        .cloned()
        .unwrap_or_default()
}
