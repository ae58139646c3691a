//! The import of the `[queue]` table terminals carried before the server
//! kept the site's configuration, so a hall running today keeps its letters,
//! and so its numbering, after the upgrade.
//!
//! The table is read with a mirror of the terminal's own definition (same
//! fields, same defaults, unknown fields refused) rather than the terminal's
//! type, so this crate does not depend on the terminal. It is read the way
//! the terminal reads it: hours apply every day, or Monday to Friday with
//! `weekdays_only`; no hours means all day; `minutes = 0` counts as 1; a
//! desk with no `window_services` calls every service; `closed_days` close
//! every service. What the table does not say gets what terminals did
//! without it: every priority class offered, the desk's three outcome codes
//! (`done`, `referred`, `incomplete`), no appointment slots, departments or
//! organizations, default thresholds.

use std::collections::{BTreeMap, BTreeSet};

use courtdesk_queue::{
    LocalTime, OpenSpan, OpeningHours, OutcomeCode, PriorityClass, QueueServiceId, ServiceDay,
    TicketPrefix, Weekday, WindowId,
};
use serde::Deserialize;

use crate::{
    Names, OutcomeCodeConfig, Problem, ProblemKind, ServiceConfig, ServiceState, SiteConfig,
    Thresholds, ValidationContext, WindowConfig,
};

/// Why a terminal's file could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Not TOML, or a `[queue]` table the terminal itself would refuse.
    #[error("file {file}: not a terminal configuration the import can read: {message}")]
    Unreadable { file: usize, message: String },
    /// Read, but with values that do not make a valid configuration; each
    /// problem names the file's field (`queue.services[1].prefix`).
    #[error("{} problem(s), the first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Invalid(Vec<Problem>),
}

/// The terminal's `[queue]` table, field for field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct QueueTable {
    #[serde(default = "default_site_name")]
    site_name: String,
    #[serde(default = "default_offset")]
    utc_offset_minutes: i32,
    #[serde(default = "default_services")]
    services: Vec<ServiceTable>,
    #[serde(default = "default_window")]
    window: u16,
    #[serde(default)]
    window_services: Vec<String>,
    // The printer and the voice belong to the machine, not the site; they
    // are read only so that a file the terminal accepts is accepted here.
    #[serde(default)]
    #[allow(dead_code)]
    printer: Option<String>,
    #[serde(default)]
    closed_days: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    speak: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceTable {
    id: String,
    prefix: char,
    name_zh: String,
    name_en: String,
    #[serde(default = "default_minutes")]
    minutes: u32,
    #[serde(default)]
    hours: Vec<[String; 2]>,
    #[serde(default)]
    weekdays_only: bool,
    #[serde(default)]
    daily_quota: Option<u32>,
    #[serde(default)]
    locked: bool,
}

/// The part of a terminal file this import reads; everything else belongs
/// to the machine.
#[derive(Debug, Deserialize)]
struct TerminalFile {
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    queue: Option<QueueTable>,
}

const DEFAULT_SITE_NAME: &str = "诉讼服务中心";

fn default_site_name() -> String {
    DEFAULT_SITE_NAME.into()
}

fn default_offset() -> i32 {
    480
}

fn default_window() -> u16 {
    1
}

fn default_minutes() -> u32 {
    8
}

fn default_services() -> Vec<ServiceTable> {
    let service = |id: &str, prefix, zh: &str, en: &str, minutes| ServiceTable {
        id: id.into(),
        prefix,
        name_zh: zh.into(),
        name_en: en.into(),
        minutes,
        hours: Vec::new(),
        weekdays_only: false,
        daily_quota: None,
        locked: false,
    };
    vec![
        service("filing", 'A', "立案登记", "Case filing", 10),
        service("enquiry", 'B', "诉讼咨询", "Legal enquiries", 6),
        service("materials", 'C', "材料收转", "Submitting materials", 5),
        service("enforcement", 'D', "执行事务", "Enforcement matters", 12),
    ]
}

/// The outcome codes the desk offered before they were configured.
fn desk_outcome_codes() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("done", "已办结", "Done"),
        ("referred", "已转办", "Referred"),
        ("incomplete", "材料不全", "Incomplete"),
    ]
}

/// Imports one terminal's configuration file as the site `court_id`/
/// `site_id`; see [`import_terminal_tomls`].
pub fn import_terminal_toml(
    text: &str,
    court_id: &str,
    site_id: &str,
) -> Result<SiteConfig, ImportError> {
    import_terminal_tomls(&[text], court_id, site_id)
}

/// Imports the configuration files of a site's terminals. The site's part
/// (name, offset, services, closed days) comes from the first file and every
/// other file must say the same, since terminals that disagree print
/// different series; each staff desk's file adds its window.
pub fn import_terminal_tomls(
    files: &[&str],
    court_id: &str,
    site_id: &str,
) -> Result<SiteConfig, ImportError> {
    let mut tables = Vec::with_capacity(files.len());
    for (file, text) in files.iter().enumerate() {
        let parsed: TerminalFile =
            toml::from_str(text).map_err(|error| ImportError::Unreadable {
                file,
                message: error.message().to_owned(),
            })?;
        let queue = match parsed.queue {
            Some(queue) => queue,
            None => toml::from_str("").map_err(|error| ImportError::Unreadable {
                file,
                message: error.message().to_owned(),
            })?,
        };
        tables.push((parsed.mode, queue));
    }
    let Some((_, first)) = tables.first() else {
        return Err(ImportError::Invalid(vec![Problem::new(
            "files",
            ProblemKind::NoServices,
        )]));
    };
    let mut problems = Vec::new();
    for (file, (_, other)) in tables.iter().enumerate().skip(1) {
        let disagree = |what: &str| {
            Problem::new(
                format!("files[{file}].queue.{what}"),
                ProblemKind::FilesDisagree {
                    field: format!("queue.{what}"),
                },
            )
        };
        if other.site_name != first.site_name {
            problems.push(disagree("site_name"));
        }
        if other.utc_offset_minutes != first.utc_offset_minutes {
            problems.push(disagree("utc_offset_minutes"));
        }
        if other.services != first.services {
            problems.push(disagree("services"));
        }
        if other.closed_days != first.closed_days {
            problems.push(disagree("closed_days"));
        }
    }
    let mut config = site(first, court_id, site_id, &mut problems);
    let mut windows: BTreeMap<u16, BTreeSet<QueueServiceId>> = BTreeMap::new();
    let everything: BTreeSet<QueueServiceId> =
        config.services.iter().map(|s| s.id.clone()).collect();
    for (file, (mode, table)) in tables.iter().enumerate() {
        if mode.as_deref() != Some("staff") {
            continue;
        }
        let prefix = if files.len() > 1 {
            format!("files[{file}].")
        } else {
            String::new()
        };
        if table.window == 0 {
            problems.push(Problem::new(
                format!("{prefix}queue.window"),
                ProblemKind::ZeroWindowNumber,
            ));
            continue;
        }
        let mut services = BTreeSet::new();
        for (i, id) in table.window_services.iter().enumerate() {
            match id.parse::<QueueServiceId>() {
                Ok(id) => {
                    services.insert(id);
                }
                Err(_) => problems.push(invalid(
                    format!("{prefix}queue.window_services[{i}]"),
                    id,
                    "a service id",
                )),
            }
        }
        if table.window_services.is_empty() {
            services = everything.clone();
        }
        windows.entry(table.window).or_default().extend(services);
    }
    config.windows = windows
        .into_iter()
        .map(|(number, services)| WindowConfig {
            number: WindowId(number),
            name: Names::new(format!("{number} 号窗口"), format!("Window {number}")),
            services,
            retired: false,
        })
        .collect();
    if problems.is_empty() {
        // A fresh site: nothing issued, nothing referred to yet.
        problems = config
            .validate(None, &ValidationContext::default())
            .into_iter()
            .map(|problem| Problem {
                path: file_path(&problem.path),
                kind: match problem.kind {
                    ProblemKind::OverlappingSpans { other } => ProblemKind::OverlappingSpans {
                        other: match other.split_once(" (") {
                            Some((path, times)) => format!("{} ({times}", file_path(path)),
                            None => other,
                        },
                    },
                    kind => kind,
                },
            })
            .collect();
        // Hours set for several weekdays from one list give one problem
        // per weekday, all naming the same line of the file.
        problems.dedup();
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(ImportError::Invalid(problems))
    }
}

fn invalid(path: String, value: &str, expected: &str) -> Problem {
    Problem::new(
        path,
        ProblemKind::InvalidValue {
            value: value.chars().take(40).collect(),
            expected: expected.into(),
        },
    )
}

/// The site part of a `[queue]` table; the windows come from the desks.
fn site(
    table: &QueueTable,
    court_id: &str,
    site_id: &str,
    problems: &mut Vec<Problem>,
) -> SiteConfig {
    let mut closed_days = BTreeSet::new();
    for (i, day) in table.closed_days.iter().enumerate() {
        match day.parse::<ServiceDay>() {
            Ok(day) => {
                closed_days.insert(day);
            }
            Err(_) => problems.push(invalid(
                format!("queue.closed_days[{i}]"),
                day,
                "a date like 2026-10-01",
            )),
        }
    }
    let codes = desk_outcome_codes();
    let all_codes: BTreeSet<OutcomeCode> = codes
        .iter()
        .filter_map(|(code, ..)| code.parse().ok())
        .collect();
    let mut services = Vec::new();
    for (i, service) in table.services.iter().enumerate() {
        let at = format!("queue.services[{i}]");
        let id = service.id.parse::<QueueServiceId>();
        if id.is_err() {
            problems.push(invalid(
                format!("{at}.id"),
                &service.id,
                "1 to 32 of a-z, 0-9, - and _",
            ));
        }
        let letter = TicketPrefix::new(service.prefix);
        if letter.is_err() {
            problems.push(invalid(
                format!("{at}.prefix"),
                &service.prefix.to_string(),
                "a letter A to Z",
            ));
        }
        let mut spans = Vec::new();
        for (j, [from, to]) in service.hours.iter().enumerate() {
            match (time(from), time(to)) {
                (Some(from), Some(to)) => spans.push(OpenSpan { from, to }),
                (None, _) => problems.push(invalid(format!("{at}.hours[{j}][0]"), from, TIME)),
                (_, None) => problems.push(invalid(format!("{at}.hours[{j}][1]"), to, TIME)),
            }
        }
        if service.hours.is_empty() {
            spans.push(OpenSpan {
                from: LocalTime::MIDNIGHT,
                to: LocalTime::END_OF_DAY,
            });
        }
        let days: &[Weekday] = if service.weekdays_only {
            &Weekday::ALL[..5]
        } else {
            &Weekday::ALL
        };
        let (Ok(id), Ok(letter)) = (id, letter) else {
            continue;
        };
        services.push(ServiceConfig {
            id,
            letter,
            name: Names::new(service.name_zh.clone(), service.name_en.clone()),
            expected_minutes: service.minutes.max(1),
            hours: OpeningHours {
                weekly: days.iter().map(|day| (*day, spans.clone())).collect(),
            },
            holidays: closed_days.clone(),
            extra_working_days: BTreeSet::new(),
            daily_quota: service.daily_quota,
            priority_classes: [
                PriorityClass::Elderly,
                PriorityClass::Disabled,
                PriorityClass::Pregnant,
            ]
            .into_iter()
            .collect(),
            outcome_codes: all_codes.clone(),
            appointment_slots: Vec::new(),
            state: if service.locked {
                ServiceState::Locked
            } else {
                ServiceState::Active
            },
        });
    }
    let en_name = if table.site_name == DEFAULT_SITE_NAME {
        "Litigation Service Center".to_owned()
    } else {
        // The file has one name; the administrator translates it later.
        table.site_name.clone()
    };
    SiteConfig {
        court_id: court_id.to_owned(),
        site_id: site_id.to_owned(),
        name: Names::new(table.site_name.clone(), en_name),
        utc_offset_minutes: table.utc_offset_minutes,
        services,
        windows: Vec::new(),
        outcome_codes: codes
            .into_iter()
            .filter_map(|(code, zh, en)| {
                Some(OutcomeCodeConfig {
                    code: code.parse().ok()?,
                    name: Names::new(zh, en),
                    retired: false,
                })
            })
            .collect(),
        departments: Vec::new(),
        mediation_organizations: Vec::new(),
        thresholds: Thresholds::default(),
    }
}

const TIME: &str = "a time like \"08:30\"";

/// A time written `HH:MM`, as the terminal reads it.
fn time(text: &str) -> Option<LocalTime> {
    let (h, m) = text.split_once(':')?;
    LocalTime::new(h.parse().ok()?, m.parse().ok()?).ok()
}

/// The file's name for a field the model's validation named, so problems
/// point at the line to fix: `services[1].letter` is `queue.services[1].prefix`.
fn file_path(model: &str) -> String {
    if let Some(rest) = model.strip_prefix("windows[") {
        // Every window comes from a desk's `window` and `window_services`.
        return match rest.split_once("].services") {
            Some((_, member)) => format!("queue.window_services{member}"),
            None => "queue.window".into(),
        };
    }
    let Some(rest) = model.strip_prefix("services[") else {
        return match model {
            "name.zh-CN" | "name.en" => "queue.site_name".into(),
            other => format!("queue.{other}"),
        };
    };
    let Some((index, field)) = rest.split_once("].") else {
        return format!("queue.{model}");
    };
    let field = match field {
        "letter" => "prefix".to_owned(),
        "expected_minutes" => "minutes".to_owned(),
        "name.zh-CN" => "name_zh".to_owned(),
        "name.en" => "name_en".to_owned(),
        other if other.starts_with("hours.weekly.") => match other.rsplit_once('[') {
            Some((_, span)) => format!("hours[{span}"),
            None => "hours".to_owned(),
        },
        other if other.starts_with("holidays") => return "queue.closed_days".into(),
        other => other.to_owned(),
    };
    format!("queue.services[{index}].{field}")
}
