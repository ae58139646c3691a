//! The lines the version history shows, in both languages.

use courtdesk_core::Locale;
use courtdesk_queue::Weekday;
use courtdesk_site::{ChangeKind, ServiceState, diff};

use crate::support::*;

fn lines(
    old: &courtdesk_site::SiteConfig,
    new: &courtdesk_site::SiteConfig,
    locale: Locale,
) -> Vec<String> {
    diff(old, new)
        .iter()
        .map(|change| change.text(locale))
        .collect()
}

#[test]
fn the_same_configuration_has_no_changes() {
    assert_eq!(diff(&site(), &site()), vec![]);
}

#[test]
fn a_field_change_reads_old_to_new() {
    let old = site();
    let mut new = site();
    new.services[0].letter = letter('F');
    new.services[1].daily_quota = None;
    assert_eq!(
        lines(&old, &new, Locale::En),
        vec![
            "service filing (Case filing), letter: A → F",
            "service enquiry (Legal enquiries), daily quota: 200 → none",
        ]
    );
    assert_eq!(
        lines(&old, &new, Locale::ZhCn),
        vec![
            "业务 filing（立案登记）的字母：A → F",
            "业务 enquiry（诉讼咨询）的每日限额：200 → 无",
        ]
    );
}

#[test]
fn hours_read_as_days_and_times() {
    let old = site();
    let mut new = site();
    new.services[0].hours = courtdesk_queue::OpeningHours::weekdays(&[span((9, 0), (12, 0))]);
    assert_eq!(
        lines(&old, &new, Locale::En),
        vec![
            "service filing (Case filing), hours: Mon–Fri 08:30–12:00, 13:30–17:30 → Mon–Fri 09:00–12:00"
        ]
    );
    new.services[0]
        .hours
        .weekly
        .insert(Weekday::Wednesday, vec![]);
    new.services[0]
        .hours
        .weekly
        .insert(Weekday::Saturday, vec![span((9, 0), (12, 0))]);
    assert_eq!(
        lines(&old, &new, Locale::ZhCn),
        vec![
            "业务 filing（立案登记）的办理时间：周一–周五 08:30–12:00, 13:30–17:30 → 周一–周二 09:00–12:00; 周三 不办理; 周四–周六 09:00–12:00"
        ]
    );
}

#[test]
fn added_retired_restored_and_removed_are_said_so() {
    let old = site();
    let mut new = site();
    new.services[2].state = ServiceState::Retired;
    new.windows[1].retired = true;
    new.outcome_codes
        .push(outcome("withdrawn", "撤回", "Withdrawn"));
    new.departments.clear();
    assert_eq!(
        lines(&old, &new, Locale::En),
        vec![
            "Retired service mediation (Pre-litigation mediation)",
            "Retired window 2 (Window 2)",
            "Added outcome code withdrawn (Withdrawn)",
            "Removed department civil-1 (First Civil Division)",
        ]
    );
    assert_eq!(
        lines(&new, &old, Locale::ZhCn),
        vec![
            "恢复业务 mediation（诉前调解）",
            "恢复窗口 2（2 号窗口）",
            "删除办理结果代码 withdrawn（撤回）",
            "新增部门 civil-1（民事审判第一庭）",
        ]
    );
}

#[test]
fn a_pause_is_a_state_change_not_a_retirement() {
    let old = site();
    let mut new = site();
    new.services[0].state = ServiceState::Paused;
    let changes = diff(&old, &new);
    assert_eq!(changes.len(), 1);
    assert!(matches!(&changes[0].kind, ChangeKind::Changed { field, .. } if field == "state"));
    assert_eq!(
        changes[0].text(Locale::ZhCn),
        "业务 filing（立案登记）的状态：办理中 → 暂停"
    );
}

#[test]
fn site_and_threshold_changes_are_listed_first() {
    let old = site();
    let mut new = site();
    new.services[0].expected_minutes = 12;
    new.thresholds.long_wait_minutes = 45;
    new.utc_offset_minutes = 420;
    assert_eq!(
        lines(&old, &new, Locale::En),
        vec![
            "site, UTC offset (minutes): 480 → 420",
            "thresholds, long wait (minutes): 30 → 45",
            "service filing (Case filing), expected minutes: 10 → 12",
        ]
    );
}

#[test]
fn a_change_travels_as_subject_id_and_change() {
    let old = site();
    let mut new = site();
    new.services[0].letter = letter('F');
    new.thresholds.target_wait_minutes = 25;
    let json = serde_json::to_value(diff(&old, &new)).expect("serializes");
    assert_eq!(
        json,
        serde_json::json!([
            {"subject": "thresholds", "name": null, "change": "changed",
             "field": "target_wait_minutes", "old": "20", "new": "25"},
            {"subject": "service", "id": "filing", "name": {"zh-CN": "立案登记", "en": "Case filing"},
             "change": "changed", "field": "letter", "old": "A", "new": "F"},
        ])
    );
}
