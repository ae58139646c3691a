//! Every rule a configuration must meet before the server keeps it. All
//! problems are returned at once, so an administrator fixes a form in one go.

use std::collections::{BTreeMap, BTreeSet};

use courtdesk_queue::{LocalTime, OutcomeCode, QueueServiceId, TicketPrefix, WindowId};
use serde::{Deserialize, Serialize};

use crate::names::is_key;
use crate::{DepartmentId, Names, OrganizationId, Problem, ProblemKind, ServiceState, SiteConfig};

/// The widest offsets in use: UTC−12 to UTC+14.
const OFFSET_RANGE: std::ops::RangeInclusive<i32> = -720..=840;

/// The ids records of the site refer to (tickets, submissions, mediations):
/// such an item may be retired but not deleted, or the records would name
/// something the configuration no longer explains.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferencedIds {
    pub services: BTreeSet<QueueServiceId>,
    pub windows: BTreeSet<WindowId>,
    pub outcome_codes: BTreeSet<OutcomeCode>,
    pub departments: BTreeSet<DepartmentId>,
    pub organizations: BTreeSet<OrganizationId>,
}

/// What the rules need to know beyond the configuration, read by the caller
/// from its records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationContext {
    /// Tickets issued today per service, voided ones excluded.
    pub issued_today: BTreeMap<QueueServiceId, u32>,
    /// The letter each service prints today ([`crate::effective_letters`]).
    pub letters_today: BTreeMap<TicketPrefix, QueueServiceId>,
    pub referenced: ReferencedIds,
}

impl SiteConfig {
    /// Every problem of this configuration, replacing `previous` (none for a
    /// site's first version); empty when it may be kept.
    pub fn validate(
        &self,
        previous: Option<&SiteConfig>,
        context: &ValidationContext,
    ) -> Vec<Problem> {
        let mut problems = Problems::default();
        self.check_site(&mut problems);
        self.check_services(context, &mut problems);
        self.check_windows(&mut problems);
        self.check_lists(&mut problems);
        if let Some(previous) = previous {
            check_deletions(previous, self, &context.referenced, &mut problems);
        }
        problems.0
    }

    fn check_site(&self, problems: &mut Problems) {
        for (path, key) in [("court_id", &self.court_id), ("site_id", &self.site_id)] {
            if !is_key(key) {
                problems.push(path, ProblemKind::InvalidKey);
            }
        }
        problems.names("name", &self.name);
        if !OFFSET_RANGE.contains(&self.utc_offset_minutes) {
            problems.push(
                "utc_offset_minutes",
                ProblemKind::UtcOffsetOutOfRange {
                    minutes: self.utc_offset_minutes,
                },
            );
        }
        let thresholds = [
            ("long_wait_minutes", self.thresholds.long_wait_minutes),
            ("review_overdue_hours", self.thresholds.review_overdue_hours),
            ("target_wait_minutes", self.thresholds.target_wait_minutes),
        ];
        for (field, value) in thresholds {
            if value == 0 {
                problems.push(format!("thresholds.{field}"), ProblemKind::ZeroThreshold);
            }
        }
    }

    fn check_services(&self, context: &ValidationContext, problems: &mut Problems) {
        if self
            .services
            .iter()
            .all(|s| s.state == ServiceState::Retired)
        {
            problems.push("services", ProblemKind::NoServices);
        }
        let codes: BTreeMap<&OutcomeCode, bool> = self
            .outcome_codes
            .iter()
            .map(|code| (&code.code, code.retired))
            .collect();
        let mut ids = BTreeSet::new();
        let mut letters: BTreeMap<TicketPrefix, &QueueServiceId> = BTreeMap::new();
        for (i, service) in self.services.iter().enumerate() {
            let at = format!("services[{i}]");
            if !ids.insert(&service.id) {
                problems.push(
                    format!("{at}.id"),
                    ProblemKind::DuplicateId {
                        id: service.id.to_string(),
                    },
                );
            }
            problems.names(&format!("{at}.name"), &service.name);
            let live = service.state != ServiceState::Retired;
            if live {
                let letter = service.letter;
                if let Some(first) = letters.get(&letter) {
                    problems.push(
                        format!("{at}.letter"),
                        ProblemKind::DuplicateLetter {
                            letter: letter.as_char(),
                            first: first.to_string(),
                        },
                    );
                } else {
                    letters.insert(letter, &service.id);
                }
                if let Some(by) = context
                    .letters_today
                    .get(&letter)
                    .filter(|by| **by != service.id)
                {
                    problems.push(
                        format!("{at}.letter"),
                        ProblemKind::LetterInUseToday {
                            letter: letter.as_char(),
                            by: by.to_string(),
                        },
                    );
                }
            }
            if service.expected_minutes == 0 {
                problems.push(
                    format!("{at}.expected_minutes"),
                    ProblemKind::ZeroExpectedMinutes,
                );
            }
            for (day, spans) in &service.hours.weekly {
                let day = serde_json::to_value(day)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let spans: Vec<_> = spans.iter().map(|s| (s.from, s.to)).collect();
                problems.spans(&format!("{at}.hours.weekly.{day}"), &spans);
            }
            for day in service.holidays.intersection(&service.extra_working_days) {
                problems.push(
                    format!("{at}.extra_working_days[\"{day}\"]"),
                    ProblemKind::HolidayIsWorkingDay {
                        day: day.to_string(),
                    },
                );
            }
            let issued = context.issued_today.get(&service.id).copied().unwrap_or(0);
            if let Some(quota) = service.daily_quota.filter(|quota| *quota < issued) {
                problems.push(
                    format!("{at}.daily_quota"),
                    ProblemKind::QuotaBelowIssued { quota, issued },
                );
            }
            let slots: Vec<_> = service
                .appointment_slots
                .iter()
                .map(|s| (s.from, s.to))
                .collect();
            problems.spans(&format!("{at}.appointment_slots"), &slots);
            for (j, slot) in service.appointment_slots.iter().enumerate() {
                if slot.capacity == 0 {
                    problems.push(
                        format!("{at}.appointment_slots[{j}].capacity"),
                        ProblemKind::ZeroCapacity,
                    );
                }
            }
            for code in &service.outcome_codes {
                let path = format!("{at}.outcome_codes[\"{code}\"]");
                let code_text = code.to_string();
                match codes.get(code) {
                    None => {
                        problems.push(path, ProblemKind::UnknownOutcomeCode { outcome: code_text })
                    }
                    Some(true) if live => {
                        problems.push(path, ProblemKind::RetiredOutcomeCode { outcome: code_text });
                    }
                    Some(_) => {}
                }
            }
        }
    }

    fn check_windows(&self, problems: &mut Problems) {
        let services: BTreeMap<&QueueServiceId, ServiceState> =
            self.services.iter().map(|s| (&s.id, s.state)).collect();
        let mut numbers = BTreeSet::new();
        for (i, window) in self.windows.iter().enumerate() {
            let at = format!("windows[{i}]");
            if window.number.0 == 0 {
                problems.push(format!("{at}.number"), ProblemKind::ZeroWindowNumber);
            }
            if !numbers.insert(window.number) {
                problems.push(
                    format!("{at}.number"),
                    ProblemKind::DuplicateId {
                        id: window.number.to_string(),
                    },
                );
            }
            problems.names(&format!("{at}.name"), &window.name);
            if window.retired {
                continue;
            }
            for id in &window.services {
                let path = format!("{at}.services[\"{id}\"]");
                let id_text = id.to_string();
                match services.get(id) {
                    None => problems.push(path, ProblemKind::UnknownService { id: id_text }),
                    Some(ServiceState::Retired) => {
                        problems.push(path, ProblemKind::RetiredService { id: id_text });
                    }
                    Some(_) => {}
                }
            }
        }
    }

    fn check_lists(&self, problems: &mut Problems) {
        let codes = self
            .outcome_codes
            .iter()
            .map(|c| (c.code.as_str(), &c.name));
        problems.list("outcome_codes", "code", codes);
        let departments = self.departments.iter().map(|d| (d.id.as_str(), &d.name));
        problems.list("departments", "id", departments);
        let organizations = self
            .mediation_organizations
            .iter()
            .map(|o| (o.id.as_str(), &o.name));
        problems.list("mediation_organizations", "id", organizations);
        for (i, organization) in self.mediation_organizations.iter().enumerate() {
            if organization.case_types.is_empty() && !organization.retired {
                problems.push(
                    format!("mediation_organizations[{i}].case_types"),
                    ProblemKind::NoCaseTypes,
                );
            }
        }
    }
}

/// Refuses removing what records refer to; retiring it is the way.
fn check_deletions(
    previous: &SiteConfig,
    next: &SiteConfig,
    referenced: &ReferencedIds,
    problems: &mut Problems,
) {
    fn gone<'a, T: Ord + ToString + 'a>(
        field: &str,
        before: impl Iterator<Item = &'a T>,
        after: impl Iterator<Item = &'a T>,
        referenced: &BTreeSet<T>,
        problems: &mut Problems,
    ) {
        let after: BTreeSet<&T> = after.collect();
        for id in before {
            if referenced.contains(id) && !after.contains(id) {
                problems.push(
                    field,
                    ProblemKind::DeletedWhileReferenced { id: id.to_string() },
                );
            }
        }
    }
    gone(
        "services",
        previous.services.iter().map(|s| &s.id),
        next.services.iter().map(|s| &s.id),
        &referenced.services,
        problems,
    );
    gone(
        "windows",
        previous.windows.iter().map(|w| &w.number),
        next.windows.iter().map(|w| &w.number),
        &referenced.windows,
        problems,
    );
    gone(
        "outcome_codes",
        previous.outcome_codes.iter().map(|c| &c.code),
        next.outcome_codes.iter().map(|c| &c.code),
        &referenced.outcome_codes,
        problems,
    );
    gone(
        "departments",
        previous.departments.iter().map(|d| &d.id),
        next.departments.iter().map(|d| &d.id),
        &referenced.departments,
        problems,
    );
    gone(
        "mediation_organizations",
        previous.mediation_organizations.iter().map(|o| &o.id),
        next.mediation_organizations.iter().map(|o| &o.id),
        &referenced.organizations,
        problems,
    );
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, path: impl Into<String>, kind: ProblemKind) {
        self.0.push(Problem::new(path, kind));
    }

    fn names(&mut self, at: &str, names: &Names) {
        if names.zh_cn.trim().is_empty() {
            self.push(format!("{at}.zh-CN"), ProblemKind::MissingName);
        }
        if names.en.trim().is_empty() {
            self.push(format!("{at}.en"), ProblemKind::MissingName);
        }
    }

    /// Spans must end after they start and not overlap; an overlap is
    /// reported at the later-starting span of the two.
    fn spans(&mut self, at: &str, spans: &[(LocalTime, LocalTime)]) {
        let mut ordered: Vec<(usize, LocalTime, LocalTime)> = Vec::new();
        for (i, (from, to)) in spans.iter().copied().enumerate() {
            if from >= to {
                self.push(
                    format!("{at}[{i}]"),
                    ProblemKind::InvertedSpan {
                        from: from.to_string(),
                        to: to.to_string(),
                    },
                );
            } else {
                ordered.push((i, from, to));
            }
        }
        ordered.sort_by_key(|(i, from, _)| (*from, *i));
        // The span reaching furthest so far: a later span starting before
        // its end overlaps it, even when spans in between do not.
        let mut reach: Option<(usize, LocalTime, LocalTime)> = None;
        for (j, next_from, next_to) in ordered {
            if let Some((i, from, to)) = reach {
                if next_from < to {
                    self.push(
                        format!("{at}[{j}]"),
                        ProblemKind::OverlappingSpans {
                            other: format!("{at}[{i}] ({from}–{to})"),
                        },
                    );
                }
                if next_to <= to {
                    continue;
                }
            }
            reach = Some((j, next_from, next_to));
        }
    }

    fn list<'a>(
        &mut self,
        field: &str,
        key: &str,
        items: impl Iterator<Item = (&'a str, &'a Names)>,
    ) {
        let mut seen = BTreeSet::new();
        for (i, (id, names)) in items.enumerate() {
            if !seen.insert(id) {
                self.push(
                    format!("{field}[{i}].{key}"),
                    ProblemKind::DuplicateId { id: id.to_owned() },
                );
            }
            self.names(&format!("{field}[{i}].name"), names);
        }
    }
}
