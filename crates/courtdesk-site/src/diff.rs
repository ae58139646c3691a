//! What changed between two configurations, as the version history shows it
//! to people: one line per thing added, retired, restored or removed, and one
//! per field changed, old → new, in zh-CN and English.

use courtdesk_core::Locale;
use serde::Serialize;
use serde_json::Value;

use crate::{Names, ServiceState, SiteConfig};

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "subject", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Site,
    Thresholds,
    Service(String),
    Window(String),
    OutcomeCode(String),
    Department(String),
    Organization(String),
}

/// What happened to the subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Retired,
    /// Brought back from retirement.
    Restored,
    /// Taken out of the list; only what no record refers to can be.
    Removed,
    /// One field, with its old and new value as people read them.
    Changed {
        field: String,
        old: String,
        new: String,
    },
}

/// One line of a version's changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    #[serde(flatten)]
    pub subject: Subject,
    /// The subject's name in the newer configuration (the older one if gone).
    pub name: Option<Names>,
    #[serde(flatten)]
    pub kind: ChangeKind,
}

impl Change {
    /// The line as the history screen shows it.
    pub fn text(&self, locale: Locale) -> String {
        let subject = self.subject_text(locale);
        let zh = locale == Locale::ZhCn;
        match &self.kind {
            ChangeKind::Added if zh => format!("新增{subject}"),
            ChangeKind::Added => format!("Added {subject}"),
            ChangeKind::Retired if zh => format!("停用{subject}"),
            ChangeKind::Retired => format!("Retired {subject}"),
            ChangeKind::Restored if zh => format!("恢复{subject}"),
            ChangeKind::Restored => format!("Restored {subject}"),
            ChangeKind::Removed if zh => format!("删除{subject}"),
            ChangeKind::Removed => format!("Removed {subject}"),
            ChangeKind::Changed { field, old, new } => {
                let label = field_label(field, locale);
                let (old, new) = (show(old, locale), show(new, locale));
                if zh {
                    format!("{subject}的{label}：{old} → {new}")
                } else {
                    format!("{subject}, {label}: {old} → {new}")
                }
            }
        }
    }

    fn subject_text(&self, locale: Locale) -> String {
        let zh = locale == Locale::ZhCn;
        let (kind, id) = match &self.subject {
            Subject::Site => return if zh { "站点".into() } else { "site".into() },
            Subject::Thresholds => {
                return if zh {
                    "提示阈值".into()
                } else {
                    "thresholds".into()
                };
            }
            Subject::Service(id) => (if zh { "业务" } else { "service" }, id),
            Subject::Window(id) => (if zh { "窗口" } else { "window" }, id),
            Subject::OutcomeCode(id) => (
                if zh {
                    "办理结果代码"
                } else {
                    "outcome code"
                },
                id,
            ),
            Subject::Department(id) => (if zh { "部门" } else { "department" }, id),
            Subject::Organization(id) => (
                if zh {
                    "调解组织"
                } else {
                    "mediation organization"
                },
                id,
            ),
        };
        match (&self.name, zh) {
            (Some(name), true) => format!("{kind} {id}（{}）", name.zh_cn),
            (Some(name), false) => format!("{kind} {id} ({})", name.en),
            (None, _) => format!("{kind} {id}"),
        }
    }
}

/// Field values are kept in a neutral form; the few that have words in
/// them (none, states, on/off) are translated when shown.
fn show(value: &str, locale: Locale) -> String {
    if locale == Locale::En {
        return value.to_owned();
    }
    const DAYS_ZH: [(&str, &str); 7] = [
        ("Mon", "周一"),
        ("Tue", "周二"),
        ("Wed", "周三"),
        ("Thu", "周四"),
        ("Fri", "周五"),
        ("Sat", "周六"),
        ("Sun", "周日"),
    ];
    match value {
        "none" => "无".into(),
        "active" => "办理中".into(),
        "paused" => "暂停".into(),
        "locked" => "锁定".into(),
        "retired" => "停用".into(),
        "closed" => "不办理".into(),
        other => DAYS_ZH
            .iter()
            .fold(other.replace("closed", "不办理"), |text, (en, zh)| {
                text.replace(en, zh)
            }),
    }
}

fn field_label(field: &str, locale: Locale) -> String {
    let (zh, en) = match field {
        "name" => ("名称", "name"),
        "utc_offset_minutes" => ("UTC 偏移（分钟）", "UTC offset (minutes)"),
        "letter" => ("字母", "letter"),
        "expected_minutes" => ("预计办理分钟数", "expected minutes"),
        "hours" => ("办理时间", "hours"),
        "holidays" => ("休息日", "holidays"),
        "extra_working_days" => ("调休工作日", "extra working days"),
        "daily_quota" => ("每日限额", "daily quota"),
        "priority_classes" => ("优先类别", "priority classes"),
        "outcome_codes" => ("办理结果代码", "outcome codes"),
        "appointment_slots" => ("预约时段", "appointment slots"),
        "state" => ("状态", "state"),
        "services" => ("可办理业务", "services"),
        "kind" => ("类型", "kind"),
        "case_types" => ("受理纠纷类型", "dispute types"),
        "long_wait_minutes" => ("久候提示（分钟）", "long wait (minutes)"),
        "review_overdue_hours" => ("审核超时（小时）", "review overdue (hours)"),
        "target_wait_minutes" => ("目标等候（分钟）", "target wait (minutes)"),
        other => (other, other),
    };
    match locale {
        Locale::ZhCn => zh.to_owned(),
        Locale::En => en.to_owned(),
    }
}

/// The changes from `old` to `new`, site first, then thresholds, services,
/// windows, outcome codes, departments and organizations, each list in the
/// newer configuration's order followed by what was removed.
pub fn diff(old: &SiteConfig, new: &SiteConfig) -> Vec<Change> {
    let mut changes = Vec::new();
    let site = |c: &SiteConfig| {
        serde_json::json!({
            "name": c.name,
            "utc_offset_minutes": c.utc_offset_minutes,
        })
    };
    fields(&mut changes, Subject::Site, None, &site(old), &site(new));
    let thresholds = |c: &SiteConfig| serde_json::to_value(c.thresholds).unwrap_or_default();
    fields(
        &mut changes,
        Subject::Thresholds,
        None,
        &thresholds(old),
        &thresholds(new),
    );
    let services = |c: &SiteConfig| {
        c.services
            .iter()
            .map(|s| {
                (
                    s.id.to_string(),
                    s.name.clone(),
                    s.state == ServiceState::Retired,
                    to_value(s),
                )
            })
            .collect()
    };
    list(&mut changes, Subject::Service, services(old), services(new));
    let windows = |c: &SiteConfig| {
        c.windows
            .iter()
            .map(|w| (w.number.to_string(), w.name.clone(), w.retired, to_value(w)))
            .collect()
    };
    list(&mut changes, Subject::Window, windows(old), windows(new));
    let codes = |c: &SiteConfig| {
        c.outcome_codes
            .iter()
            .map(|o| (o.code.to_string(), o.name.clone(), o.retired, to_value(o)))
            .collect()
    };
    list(&mut changes, Subject::OutcomeCode, codes(old), codes(new));
    let departments = |c: &SiteConfig| {
        c.departments
            .iter()
            .map(|d| (d.id.to_string(), d.name.clone(), d.retired, to_value(d)))
            .collect()
    };
    list(
        &mut changes,
        Subject::Department,
        departments(old),
        departments(new),
    );
    let organizations = |c: &SiteConfig| {
        c.mediation_organizations
            .iter()
            .map(|o| (o.id.to_string(), o.name.clone(), o.retired, to_value(o)))
            .collect()
    };
    list(
        &mut changes,
        Subject::Organization,
        organizations(old),
        organizations(new),
    );
    changes
}

/// An item of a list: its id, name, whether retired, and its fields.
type Item = (String, Names, bool, Value);

fn to_value(item: &impl Serialize) -> Value {
    serde_json::to_value(item).unwrap_or_default()
}

/// Items are matched by id; should an id be listed twice (a configuration
/// validation refuses), the n-th of the newer list is matched with the n-th
/// of the older one.
fn list(changes: &mut Vec<Change>, subject: fn(String) -> Subject, old: Vec<Item>, new: Vec<Item>) {
    let nth = |items: &[Item], id: &str, n: usize| {
        items
            .iter()
            .filter(|(other, ..)| other == id)
            .nth(n)
            .cloned()
    };
    let occurrence = |items: &[Item], index: usize| {
        items[..index]
            .iter()
            .filter(|(other, ..)| *other == items[index].0)
            .count()
    };
    for (index, (id, name, retired, value)) in new.iter().enumerate() {
        let change = |kind| Change {
            subject: subject(id.clone()),
            name: Some(name.clone()),
            kind,
        };
        match nth(&old, id, occurrence(&new, index)) {
            None => changes.push(change(ChangeKind::Added)),
            Some((_, _, was_retired, old_value)) => {
                if was_retired != *retired {
                    changes.push(change(if *retired {
                        ChangeKind::Retired
                    } else {
                        ChangeKind::Restored
                    }));
                }
                fields(changes, subject(id.clone()), Some(name), &old_value, value);
            }
        }
    }
    for (index, (id, name, ..)) in old.iter().enumerate() {
        if nth(&new, id, occurrence(&old, index)).is_none() {
            changes.push(Change {
                subject: subject(id.clone()),
                name: Some(name.clone()),
                kind: ChangeKind::Removed,
            });
        }
    }
}

/// One change per field that differs, in the fields' alphabetical order.
/// Retirement is reported as such, not as a field.
fn fields(
    changes: &mut Vec<Change>,
    subject: Subject,
    name: Option<&Names>,
    old: &Value,
    new: &Value,
) {
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else {
        return;
    };
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        if key == "retired" {
            continue;
        }
        let (before, after) = (
            old.get(key).unwrap_or(&Value::Null),
            new.get(key).unwrap_or(&Value::Null),
        );
        if before == after {
            continue;
        }
        let (before, after) = (render(key, before), render(key, after));
        // A service's retirement is its state; [`list`] has said it already.
        if key == "state" && (before == "retired" || after == "retired") {
            continue;
        }
        changes.push(Change {
            subject: subject.clone(),
            name: name.cloned(),
            kind: ChangeKind::Changed {
                field: key.clone(),
                old: before,
                new: after,
            },
        });
    }
}

/// A field's value as people read it: times as `08:30`, lists joined.
fn render(field: &str, value: &Value) -> String {
    match (field, value) {
        (_, Value::Null) => "none".into(),
        ("hours", Value::Object(hours)) => {
            let weekly = hours.get("weekly").and_then(Value::as_object);
            hours_text(weekly)
        }
        ("appointment_slots", Value::Array(slots)) => {
            let slots: Vec<String> = slots
                .iter()
                .map(|slot| {
                    let capacity = slot.get("capacity").and_then(Value::as_u64).unwrap_or(0);
                    format!("{} ×{capacity}", span_text(slot))
                })
                .collect();
            if slots.is_empty() {
                "none".into()
            } else {
                slots.join(", ")
            }
        }
        ("name", Value::Object(names)) => {
            let get = |key: &str| {
                names
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            };
            format!("{} / {}", get("zh-CN"), get("en"))
        }
        (_, Value::Array(items)) if items.is_empty() => "none".into(),
        (_, Value::Array(items)) => items
            .iter()
            .map(|item| render("", item))
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::String(text)) => text.clone(),
        (_, other) => other.to_string(),
    }
}

const DAYS: [(&str, &str); 7] = [
    ("monday", "Mon"),
    ("tuesday", "Tue"),
    ("wednesday", "Wed"),
    ("thursday", "Thu"),
    ("friday", "Fri"),
    ("saturday", "Sat"),
    ("sunday", "Sun"),
];

/// Weekly hours from Monday on, running days with the same hours joined:
/// `Mon–Fri 08:30–12:00, 13:30–17:30`.
fn hours_text(weekly: Option<&serde_json::Map<String, Value>>) -> String {
    let mut runs: Vec<(&str, &str, String)> = Vec::new();
    for (key, short) in DAYS {
        let Some(spans) = weekly.and_then(|w| w.get(key)) else {
            continue;
        };
        let text = spans_text(spans);
        match runs.last_mut() {
            Some((_, last, previous)) if *previous == text && follows(last, short) => *last = short,
            _ => runs.push((short, short, text)),
        }
    }
    if runs.is_empty() {
        return "closed".into();
    }
    runs.iter()
        .map(|(first, last, text)| {
            if first == last {
                format!("{first} {text}")
            } else {
                format!("{first}–{last} {text}")
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn follows(day: &str, next: &str) -> bool {
    DAYS.windows(2)
        .any(|pair| pair[0].1 == day && pair[1].1 == next)
}

fn spans_text(spans: &Value) -> String {
    let spans: Vec<String> = spans
        .as_array()
        .into_iter()
        .flatten()
        .map(span_text)
        .collect();
    if spans.is_empty() {
        "closed".into()
    } else {
        spans.join(", ")
    }
}

fn span_text(span: &Value) -> String {
    let time = |key: &str| {
        let minutes = span.get(key).and_then(Value::as_u64).unwrap_or(0);
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    };
    format!("{}–{}", time("from"), time("to"))
}
