//! Properties over arbitrary configurations, drawn from small pools of ids
//! and letters so that duplicates, unknown references and overlaps are
//! common rather than rare.

use std::collections::BTreeSet;

use courtdesk_queue::{
    LocalTime, OpenSpan, OpeningHours, PriorityClass, QueueServiceId, ServiceDay, TicketPrefix,
    Weekday, WindowId,
};
use courtdesk_site::{
    AccountId, AppointmentSlot, Department, MediationOrganization, Names, OrganizationKind,
    OutcomeCodeConfig, ReferencedIds, ServiceConfig, ServiceState, SiteConfig, SiteConfigVersion,
    Thresholds, ValidationContext, WindowConfig, diff, next_version,
};
use proptest::prelude::*;

const IDS: [&str; 4] = ["filing", "enquiry", "mediation", "x"];
const CODES: [&str; 3] = ["done", "referred", "incomplete"];

fn pick<T: Clone + std::fmt::Debug + 'static>(items: Vec<T>) -> impl Strategy<Value = T> {
    proptest::sample::select(items)
}

fn service_id() -> impl Strategy<Value = QueueServiceId> {
    pick(IDS.iter().map(|id| id.parse().expect("slug")).collect())
}

fn names() -> impl Strategy<Value = Names> {
    (
        pick(vec!["", "立案", "诉讼服务中心"]),
        pick(vec!["", "Filing", " "]),
    )
        .prop_map(|(zh, en)| Names::new(zh, en))
}

fn time() -> impl Strategy<Value = LocalTime> {
    (0u16..=1440).prop_map(|m| LocalTime::from_minutes(m).expect("at most 24:00"))
}

fn span() -> impl Strategy<Value = OpenSpan> {
    (time(), time()).prop_map(|(from, to)| OpenSpan { from, to })
}

fn service_day() -> impl Strategy<Value = ServiceDay> {
    (1u8..=5).prop_map(|d| ServiceDay::new(2026, 10, d).expect("a real date"))
}

fn hours() -> impl Strategy<Value = OpeningHours> {
    proptest::collection::btree_map(
        pick(Weekday::ALL.to_vec()),
        proptest::collection::vec(span(), 0..4),
        0..4,
    )
    .prop_map(|weekly| OpeningHours { weekly })
}

fn state() -> impl Strategy<Value = ServiceState> {
    pick(vec![
        ServiceState::Active,
        ServiceState::Paused,
        ServiceState::Locked,
        ServiceState::Retired,
    ])
}

prop_compose! {
    fn service()(
        id in service_id(),
        letter in pick(vec!['A', 'B', 'C', 'Z']),
        name in names(),
        expected_minutes in 0u32..30,
        hours in hours(),
        holidays in proptest::collection::btree_set(service_day(), 0..3),
        extra_working_days in proptest::collection::btree_set(service_day(), 0..3),
        daily_quota in proptest::option::of(0u32..300),
        priority_classes in proptest::collection::btree_set(
            pick(vec![PriorityClass::Elderly, PriorityClass::Disabled, PriorityClass::Pregnant]), 0..3),
        outcome_codes in proptest::collection::btree_set(
            pick(CODES.iter().map(|c| c.parse().expect("slug")).collect()), 0..3),
        slots in proptest::collection::vec((time(), time(), 0u32..5), 0..3),
        state in state(),
    ) -> ServiceConfig {
        ServiceConfig {
            id,
            letter: TicketPrefix::new(letter).expect("a letter"),
            name,
            expected_minutes,
            hours,
            holidays,
            extra_working_days,
            daily_quota,
            priority_classes,
            outcome_codes,
            appointment_slots: slots
                .into_iter()
                .map(|(from, to, capacity)| AppointmentSlot { from, to, capacity })
                .collect(),
            state,
        }
    }
}

prop_compose! {
    fn window()(
        number in 0u16..4,
        name in names(),
        services in proptest::collection::btree_set(service_id(), 0..4),
        retired in any::<bool>(),
    ) -> WindowConfig {
        WindowConfig { number: WindowId(number), name, services, retired }
    }
}

prop_compose! {
    fn site()(
        court_id in pick(vec!["court-1", "court 1", ""]),
        name in names(),
        utc_offset_minutes in -1000i32..1000,
        services in proptest::collection::vec(service(), 0..5),
        windows in proptest::collection::vec(window(), 0..4),
        codes in proptest::collection::vec((pick(CODES.to_vec()), names(), any::<bool>()), 0..4),
        departments in proptest::collection::vec((pick(vec!["civil-1", "admin"]), names(), any::<bool>()), 0..3),
        organizations in proptest::collection::vec(
            (pick(vec!["traffic", "labour"]), names(), any::<bool>(), proptest::collection::btree_set(pick(vec!["traffic", "family"]), 0..2)),
            0..3),
        thresholds in (0u32..40, 0u32..40, 0u32..40),
    ) -> SiteConfig {
        SiteConfig {
            court_id: court_id.into(),
            site_id: "hall-a".into(),
            name,
            utc_offset_minutes,
            services,
            windows,
            outcome_codes: codes
                .into_iter()
                .map(|(code, name, retired)| OutcomeCodeConfig { code: code.parse().expect("slug"), name, retired })
                .collect(),
            departments: departments
                .into_iter()
                .map(|(id, name, retired)| Department { id: id.parse().expect("slug"), name, retired })
                .collect(),
            mediation_organizations: organizations
                .into_iter()
                .map(|(id, name, retired, types)| MediationOrganization {
                    id: id.parse().expect("slug"),
                    name,
                    kind: OrganizationKind::Industry,
                    case_types: types.into_iter().map(|t| t.parse().expect("slug")).collect(),
                    retired,
                })
                .collect(),
            thresholds: Thresholds {
                long_wait_minutes: thresholds.0,
                review_overdue_hours: thresholds.1,
                target_wait_minutes: thresholds.2,
            },
        }
    }
}

prop_compose! {
    fn context()(
        issued in proptest::collection::btree_map(service_id(), 0u32..400, 0..4),
        letters in proptest::collection::btree_map(
            pick(vec!['A', 'B', 'Z']).prop_map(|l| TicketPrefix::new(l).expect("a letter")), service_id(), 0..3),
        services in proptest::collection::btree_set(service_id(), 0..4),
        windows in proptest::collection::btree_set((0u16..4).prop_map(WindowId), 0..3),
    ) -> ValidationContext {
        ValidationContext {
            issued_today: issued,
            letters_today: letters,
            referenced: ReferencedIds { services, windows, ..ReferencedIds::default() },
        }
    }
}

proptest! {
    #[test]
    fn validation_never_panics_and_names_a_field_for_every_problem(
        config in site(), previous in proptest::option::of(site()), context in context(),
    ) {
        let problems = config.validate(previous.as_ref(), &context);
        for problem in &problems {
            prop_assert!(!problem.path.is_empty());
            prop_assert!(!problem.message(courtdesk_core::Locale::ZhCn).is_empty());
        }
        // A site's first version is made exactly when, with nothing before
        // it, the configuration has no problem.
        let alone = config.validate(None, &context);
        let made = next_version(None, config, "admin".parse::<AccountId>().expect("account"), 1, &context);
        prop_assert_eq!(made.is_ok(), alone.is_empty());
        prop_assert!(alone.len() <= problems.len(), "a previous version only adds problems");
    }

    #[test]
    fn serializing_and_reading_back_gives_the_same_configuration_and_digest(config in site()) {
        let json = serde_json::to_string(&config).expect("serializes");
        let back: SiteConfig = serde_json::from_str(&json).expect("reads back");
        prop_assert_eq!(&back, &config);
        prop_assert_eq!(serde_json::to_string(&back).expect("serializes"), json, "one form per configuration");
        let version = SiteConfigVersion {
            number: 1,
            parent_digest: None,
            digest: courtdesk_protocol::Digest([0; 32]),
            made_by: "admin".parse().expect("account"),
            made_at_ms: 1,
            config,
        };
        let json = serde_json::to_string(&version).expect("serializes");
        let back: SiteConfigVersion = serde_json::from_str(&json).expect("reads back");
        prop_assert_eq!(back.computed_digest(), version.computed_digest());
    }

    #[test]
    fn a_configuration_differs_from_itself_in_nothing_and_from_another_without_panicking(
        a in site(), b in site(),
    ) {
        prop_assert!(diff(&a, &a).is_empty());
        for change in diff(&a, &b) {
            prop_assert!(!change.text(courtdesk_core::Locale::En).is_empty());
        }
    }

    #[test]
    fn importing_any_text_never_panics(text in "(\\[queue\\]|\\[\\[queue.services\\]\\]|id|prefix|hours|=|\"|08:30|[A-Za-z0-9_ \n\\[\\],-])*") {
        let _ = courtdesk_site::import_terminal_toml(&text, "court-1", "hall-a");
    }

    #[test]
    fn effect_rules_never_panic(config in site(), d in service_day()) {
        for service in &config.services {
            let rules = service.dispenser_rules(d);
            prop_assert_eq!(rules.locked, service.state != ServiceState::Active);
        }
        let windows = config.service_windows();
        let ids: BTreeSet<_> = config.services.iter().map(|s| &s.id).collect();
        for window in windows {
            prop_assert!(window.services.iter().all(|s| ids.contains(s)));
        }
    }
}
