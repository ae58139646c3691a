//! The import of terminals' `[queue]` tables, starting with the very file a
//! terminal writes on its first start.

use courtdesk_queue::{PriorityClass, Weekday, WindowId};
use courtdesk_site::{
    ImportError, ProblemCode, ServiceState, import_terminal_toml, import_terminal_tomls,
};

use crate::support::*;

/// The terminal's `DEFAULT_CONFIG`, taken from its source so this test
/// follows the file terminals really write.
fn terminal_default_file() -> &'static str {
    let source = include_str!("../../../courtdesk-terminal/src/config.rs");
    let start = source
        .find("const DEFAULT_CONFIG: &str = r#\"")
        .expect("the terminal still defines DEFAULT_CONFIG as a raw string");
    let text = &source[start..];
    let text = &text[text.find('"').expect("opening quote") + 1..];
    &text[..text.find("\"#;").expect("closing of the raw string")]
}

fn problems_of(
    result: Result<courtdesk_site::SiteConfig, ImportError>,
) -> Vec<(String, ProblemCode)> {
    match result {
        Err(ImportError::Invalid(problems)) => problems
            .into_iter()
            .map(|p| (p.path.clone(), p.code()))
            .collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn the_file_a_terminal_writes_on_first_start_imports_with_its_letters() {
    let text = terminal_default_file();
    assert!(
        text.contains("[[queue.services]]"),
        "the fixture is the real file"
    );
    let config = import_terminal_toml(text, "court-1", "hall-a").expect("imports");
    let letters: Vec<(String, char)> = config
        .services
        .iter()
        .map(|s| (s.id.to_string(), s.letter.as_char()))
        .collect();
    assert_eq!(
        letters,
        vec![
            ("filing".to_owned(), 'A'),
            ("enquiry".to_owned(), 'B'),
            ("materials".to_owned(), 'C'),
            ("enforcement".to_owned(), 'D'),
        ],
        "the letters, and so the numbering, stay as the hall prints them today"
    );
    assert_eq!(config.utc_offset_minutes, 480);
    assert_eq!(config.name.zh_cn, "诉讼服务中心");
    assert_eq!(config.services[0].expected_minutes, 10);
    assert_eq!(config.services[0].name.en, "Case filing");
    assert_eq!(
        hours_of(&config, 0, Weekday::Sunday),
        vec![span((0, 0), (24, 0))],
        "no hours in the file means all day, every day"
    );
    assert!(
        config.services[0]
            .priority_classes
            .contains(&PriorityClass::Pregnant)
    );
    assert_eq!(config.windows.len(), 1, "the staff desk's window");
    assert_eq!(config.windows[0].number, WindowId(1));
    assert_eq!(
        config.windows[0].services.len(),
        4,
        "an empty list calls every service"
    );
    assert_eq!(config.outcome_codes.len(), 3);
    assert_eq!(config.validate(None, &Default::default()), vec![]);
}

#[test]
fn hours_weekdays_quota_lock_and_closed_days_carry_over() {
    let text = r#"
mode = "kiosk"
[queue]
site_name = "天心区法院诉讼服务中心"
closed_days = ["2026-10-01"]
[[queue.services]]
id = "filing"
prefix = "F"
name_zh = "立案"
name_en = "Filing"
minutes = 0
hours = [["08:30", "12:00"], ["13:30", "17:30"]]
weekdays_only = true
daily_quota = 120
locked = true
"#;
    let config = import_terminal_toml(text, "court-1", "hall-a").expect("imports");
    let filing = &config.services[0];
    assert_eq!(filing.letter, letter('F'));
    assert_eq!(
        filing.expected_minutes, 1,
        "the terminal counts 0 minutes as 1"
    );
    assert_eq!(filing.daily_quota, Some(120));
    assert_eq!(filing.state, ServiceState::Locked);
    assert!(filing.holidays.contains(&day(2026, 10, 1)));
    assert_eq!(
        hours_of(&config, 0, Weekday::Friday),
        vec![span((8, 30), (12, 0)), span((13, 30), (17, 30))]
    );
    assert_eq!(hours_of(&config, 0, Weekday::Saturday), vec![]);
    assert!(config.windows.is_empty(), "a kiosk's file has no window");
    assert_eq!(
        config.name.en, "天心区法院诉讼服务中心",
        "kept until translated"
    );
}

#[test]
fn a_bad_file_is_refused_with_every_problem_named_as_in_the_file() {
    let text = r#"
mode = "staff"
[queue]
window_services = ["filing", "parking"]
closed_days = ["2026-13-01"]
[[queue.services]]
id = "filing"
prefix = "A"
name_zh = "立案"
name_en = "Filing"
hours = [["8h30", "12:00"]]
[[queue.services]]
id = "enquiry"
prefix = "A"
name_zh = "咨询"
name_en = "Enquiries"
"#;
    assert_eq!(
        problems_of(import_terminal_toml(text, "court-1", "hall-a")),
        vec![
            ("queue.closed_days[0]".to_owned(), ProblemCode::InvalidValue),
            (
                "queue.services[0].hours[0][0]".to_owned(),
                ProblemCode::InvalidValue
            ),
        ],
        "values that cannot be read are reported first"
    );
    let readable = text
        .replace("\"2026-13-01\"", "\"2026-10-01\"")
        .replace("8h30", "08:30");
    assert_eq!(
        problems_of(import_terminal_toml(&readable, "court-1", "hall-a")),
        vec![
            (
                "queue.services[1].prefix".to_owned(),
                ProblemCode::DuplicateLetter
            ),
            (
                "queue.window_services[\"parking\"]".to_owned(),
                ProblemCode::UnknownService
            ),
        ]
    );
}

#[test]
fn overlapping_hours_are_reported_once_for_the_line_of_the_file() {
    let text = r#"
mode = "display"
[[queue.services]]
id = "filing"
prefix = "A"
name_zh = "立案"
name_en = "Filing"
hours = [["08:30", "12:00"], ["11:00", "17:00"]]
"#;
    assert_eq!(
        problems_of(import_terminal_toml(text, "court-1", "hall-a")),
        vec![(
            "queue.services[0].hours[1]".to_owned(),
            ProblemCode::OverlappingSpans
        )]
    );
}

#[test]
fn a_file_the_terminal_would_refuse_is_unreadable() {
    for text in [
        "mode = \"staff\"\n[queue]\nwindows = 2\n",
        "[queue\n",
        "[queue]\nwindow = -1\n",
    ] {
        assert!(
            matches!(
                import_terminal_toml(text, "court-1", "hall-a"),
                Err(ImportError::Unreadable { file: 0, .. })
            ),
            "{text:?}"
        );
    }
}

#[test]
fn a_sites_files_must_agree_and_each_desk_adds_its_window() {
    let desk = |window: u16, services: &str| {
        format!("mode = \"staff\"\n[queue]\nwindow = {window}\nwindow_services = [{services}]\n")
    };
    let files = [
        desk(1, "\"filing\""),
        desk(3, "\"enquiry\", \"materials\""),
        "mode = \"kiosk\"\n".to_owned(),
    ];
    let texts: Vec<&str> = files.iter().map(String::as_str).collect();
    let config = import_terminal_tomls(&texts, "court-1", "hall-a").expect("imports");
    let windows: Vec<(u16, usize)> = config
        .windows
        .iter()
        .map(|w| (w.number.0, w.services.len()))
        .collect();
    assert_eq!(windows, vec![(1, 1), (3, 2)]);

    let disagreeing = "mode = \"kiosk\"\n[queue]\nutc_offset_minutes = 420\n";
    assert_eq!(
        problems_of(import_terminal_tomls(
            &[texts[0], disagreeing],
            "court-1",
            "hall-a"
        )),
        vec![(
            "files[1].queue.utc_offset_minutes".to_owned(),
            ProblemCode::FilesDisagree
        )],
        "one kiosk counting another day is the failure this import ends"
    );
}
