//! Reports from synced records: a scripted day pushed by a kiosk and a desk
//! as they would push it, with every expected figure worked out by hand;
//! the command's JSON, CSV and XLSX; the API; and bad requests refused.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use courtdesk_central::report::{ReportRequest, compute};
use courtdesk_core::{Mode, TerminalId};
use courtdesk_evidence::EventKind;
use courtdesk_protocol::hlc::Hlc;
use courtdesk_protocol::record::{Record, RecordId};
use courtdesk_protocol::rights;
use courtdesk_queue::{
    CallLane, Issue, PriorityClass, QueueEvent, SiteClock, TicketChange, TicketNumber,
    TicketPrefix, WindowId,
};
use rand::Rng;
use rand::rngs::OsRng;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend::{Backend, Home, blocking, on_both_backends};
use crate::client::{Server, Terminal, read, start};
use crate::delivery_fixtures::{
    api_token, listed, masked, now, publish_with_token, record as evidence, request, submit,
};
use crate::identity::{HALL, identity_server, put_on_file, resident_id};
use crate::staff::sign_in;

on_both_backends!(
    a_scripted_day_gives_the_hand_computed_figures,
    deliveries_and_the_signed_in_clerk_count_in_todays_report,
    the_command_writes_json_csv_and_xlsx_and_refuses_a_bad_period,
    the_summary_endpoint_answers_an_api_client_only,
);

const MIN: u64 = 60_000;
const HOUR: u64 = 60 * MIN;
/// Friday 2026-11-27, 00:00 in Beijing.
const MIDNIGHT: u64 = 1_795_708_800_000;

/// Epoch milliseconds of `hh:mm` on 2026-11-27 in Beijing, plus `days`.
fn at(days: u64, hour: u64, minute: u64) -> u64 {
    MIDNIGHT + days * 24 * HOUR + hour * HOUR + minute * MIN
}

fn record(kind: &str, wall_ms: u64, body: Value) -> Record {
    Record {
        id: RecordId::from_bits(OsRng.r#gen()),
        kind: kind.into(),
        hlc: Hlc {
            wall_ms,
            counter: 0,
        },
        body,
    }
}

/// A queue event as the terminal `origin` records it.
fn event(origin: &TerminalId, at_ms: u64, ticket: &str, change: TicketChange) -> Record {
    let event = QueueEvent {
        clerk: None,
        id: format!("e{:x}", OsRng.r#gen::<u64>())
            .parse()
            .expect("an id"),
        hlc: Hlc {
            wall_ms: at_ms,
            counter: 0,
        },
        origin: origin.clone(),
        ticket: ticket.parse().expect("a ticket id"),
        change,
    };
    let body = serde_json::to_value(&event).expect("JSON");
    record(rights::QUEUE_EVENT, at_ms, body)
}

fn issued(kiosk: &TerminalId, at_ms: u64, ticket: &str, n: u32) -> Record {
    let issue = Issue {
        service: "filing".parse().expect("a service"),
        number: TicketNumber::new(TicketPrefix::new('A').expect("a letter"), n).expect("n > 0"),
        day: SiteClock::CHINA.day(at_ms),
        priority: PriorityClass::Normal,
        appointment: None,
        people_ahead: 0,
    };
    event(kiosk, at_ms, ticket, TicketChange::Issued(issue))
}

fn called(desk: &TerminalId, at_ms: u64, ticket: &str) -> Record {
    let change = TicketChange::Called {
        window: WindowId(1),
        lane: CallLane::Chosen,
    };
    event(desk, at_ms, ticket, change)
}

fn finished(desk: &TerminalId, at_ms: u64, ticket: &str) -> Record {
    let change = TicketChange::Finished {
        outcome: "done".parse().expect("an outcome"),
    };
    event(desk, at_ms, ticket, change)
}

fn submitted(kiosk: &TerminalId, at_ms: u64, id: &str) -> Record {
    let body = json!({
        "submission_id": id, "number": "SJ-1", "status_token": "t",
        "case": {"kind": "existing", "case_number": "（2026）湘1102民初123号"},
        "party_masked_id": "4301**********1234", "items": [], "replaces": null,
        "terminal_id": kiosk.as_str(), "submitted_at_ms": at_ms,
    });
    record(rights::INTAKE_SUBMITTED, at_ms, body)
}

fn decided(desk: &TerminalId, at_ms: u64, id: &str, decision: Value) -> Record {
    let mut body = json!({
        "submission_id": id, "clerk": "li", "terminal_id": desk.as_str(), "decided_at_ms": at_ms,
    });
    for (key, value) in decision.as_object().expect("an object") {
        body[key] = value.clone();
    }
    record(rights::INTAKE_DECIDED, at_ms, body)
}

async fn push(terminal: &mut Terminal, records: Vec<Record>) {
    let batch = terminal.batch(records);
    let (status, body) = terminal.push(&batch).await;
    assert_eq!(status, StatusCode::OK, "push: {body}");
}

/// The script, at one Beijing site. Waits and service times in seconds.
/// The desk's records of t4 and of s2's decision arrive in a second push,
/// as after a network cut; `late` pushes them.
async fn script_day(server: &Server, late: bool) -> (Terminal, Terminal) {
    let mut kiosk = server.enroll_as("court-1", "hall-a", Mode::Kiosk).await;
    let mut desk = server.enroll_as("court-1", "hall-a", Mode::Staff).await;
    let (k, d) = (kiosk.id.clone(), desk.id.clone());
    push(
        &mut kiosk,
        vec![
            issued(&k, at(0, 9, 0), "t1", 1),
            issued(&k, at(0, 9, 5), "t2", 2),
            issued(&k, at(0, 9, 20), "t3", 3),
            // Before midnight; called and served after it.
            issued(&k, at(0, 23, 50), "t4", 4),
            submitted(&k, at(0, 10, 0), "s1"),
            submitted(&k, at(0, 11, 0), "s2"),
        ],
    )
    .await;
    let transfer = TicketChange::Transferred {
        service: "materials".parse().expect("a service"),
        window: None,
    };
    push(
        &mut desk,
        vec![
            // t1: wait 600, served 480.
            called(&d, at(0, 9, 10), "t1"),
            event(&d, at(0, 9, 11), "t1", TicketChange::ServingStarted),
            finished(&d, at(0, 9, 19), "t1"),
            // t2: wait 900, then a no-show.
            called(&d, at(0, 9, 20), "t2"),
            event(&d, at(0, 9, 23), "t2", TicketChange::NoShow),
            // t3: wait 600, transferred while served, called again, served
            // 600 the second time.
            called(&d, at(0, 9, 30), "t3"),
            event(&d, at(0, 9, 31), "t3", TicketChange::ServingStarted),
            event(&d, at(0, 9, 35), "t3", transfer),
            called(&d, at(0, 9, 40), "t3"),
            event(&d, at(0, 9, 41), "t3", TicketChange::ServingStarted),
            finished(&d, at(0, 9, 51), "t3"),
            // s1: accepted after 1800, the same day.
            decided(&d, at(0, 10, 30), "s1", json!({"decision": "accept"})),
        ],
    )
    .await;
    if late {
        push(
            &mut desk,
            vec![
                // t4: wait 900 and served 600, both on the 28th.
                called(&d, at(1, 0, 5), "t4"),
                event(&d, at(1, 0, 6), "t4", TicketChange::ServingStarted),
                finished(&d, at(1, 0, 16), "t4"),
                // s2: returned the next morning, after 22 hours.
                decided(
                    &d,
                    at(1, 9, 0),
                    "s2",
                    json!({"decision": "return", "reason_code": "illegible", "text": "blurred"}),
                ),
            ],
        )
        .await;
    }
    (kiosk, desk)
}

fn report_of(home: &Home, site: Option<&str>) -> Value {
    report_in(home, site, None)
}

/// The report of the 27th and 28th, counted at `utc_offset_minutes`.
fn report_in(home: &Home, site: Option<&str>, utc_offset_minutes: Option<i32>) -> Value {
    let request = ReportRequest::parse(
        "court-1",
        site,
        "2026-11-27",
        "2026-11-28",
        None,
        utc_offset_minutes,
    )
    .expect("a good request");
    let choice = home.database.choice();
    blocking(move || {
        let store = courtdesk_central::store::open(&choice).expect("the store");
        let document = compute(store.as_ref(), &request, at(2, 0, 0)).expect("the report");
        serde_json::to_value(&document).expect("JSON")
    })
}

async fn a_scripted_day_gives_the_hand_computed_figures(backend: Backend) {
    let server = start(backend).await;
    let _terminals = script_day(&server, false).await;
    let before = report_of(&server.home, Some("hall-a"));
    let queue = &before["total"]["queue"]["all"];
    assert_eq!(
        queue["issued"], 4,
        "t4 counts as issued before its calls arrive"
    );
    assert_eq!(queue["served"], 2, "t1 and t3; t4's finish has not arrived");

    // The desk's late records arrive; they count on the day they happened.
    let mut desk = server.enroll_as("court-1", "hall-a", Mode::Staff).await;
    let d = desk.id.clone();
    push(
        &mut desk,
        vec![
            called(&d, at(1, 0, 5), "t4"),
            event(&d, at(1, 0, 6), "t4", TicketChange::ServingStarted),
            finished(&d, at(1, 0, 16), "t4"),
            decided(
                &d,
                at(1, 9, 0),
                "s2",
                json!({"decision": "return", "reason_code": "illegible", "text": "blurred"}),
            ),
        ],
    )
    .await;
    let report = report_of(&server.home, Some("hall-a"));
    let day = |n: usize, section: &str| report["groups"][n]["figures"][section].clone();
    let (first, second) = (day(0, "queue"), day(1, "queue"));
    assert_eq!(report["groups"][0]["bucket"]["day"], "2026-11-27");
    // The 27th: four issued, t1 and t3 served, t2 a no-show, t3
    // transferred; waits 600, 900, 600.
    assert_eq!(first["all"]["issued"], 4);
    assert_eq!(first["all"]["served"], 2);
    assert_eq!(first["all"]["no_shows"], 1);
    assert_eq!(first["all"]["transferred"], 1);
    assert_eq!(first["all"]["waits"]["count"], 3);
    // The 28th: t4 called after 900 and served, issued the day before.
    assert_eq!(second["all"]["issued"], 0, "issued on the 27th");
    assert_eq!(second["all"]["served"], 1);
    assert_eq!(second["all"]["waits"]["total_seconds"], 900);
    // The period: waits 600, 600, 900, 900: median the 2nd (600), p90 the
    // 4th (900), mean 750; service times 480, 600, 600: median 600.
    let total = &report["total"]["queue"]["all"];
    assert_eq!(total["issued"], 4);
    assert_eq!(total["served"], 3);
    assert_eq!(total["no_shows"], 1);
    assert_eq!(total["transferred"], 1);
    assert_eq!(total["waits"]["counts"], json!({"600": 2, "900": 2}));
    assert_eq!(total["waits"]["total_seconds"], 3000, "mean 750");
    assert_eq!(
        total["service_times"]["counts"],
        json!({"480": 1, "600": 2})
    );
    assert_eq!(total["outcomes"], json!({"done": 3}));
    // Intake: both received on the 27th, s1 accepted that day after 1800
    // (decided the same day), s2 returned on the 28th after 79200.
    let (intake_first, intake_second) = (day(0, "intake"), day(1, "intake"));
    assert_eq!(intake_first["received"], 2);
    assert_eq!(intake_first["accepted"], 1);
    assert_eq!(intake_first["decided_same_day"], 1);
    assert_eq!(intake_first["turnaround"]["total_seconds"], 1800);
    assert_eq!(intake_second["received"], 0);
    assert_eq!(intake_second["returned"], json!({"illegible": 1}));
    assert_eq!(intake_second["turnaround"]["total_seconds"], 79_200);
    assert_eq!(report["not_computed"].as_array().map(Vec::len), Some(3));
    assert_eq!(report["unreadable_records"], json!({}));

    // At a site on UTC, t4's call at 00:05 in Beijing is 16:05 on the
    // 27th: nothing happened on the 28th there.
    let utc = report_in(&server.home, Some("hall-a"), Some(0));
    let utc_day = |n: usize| utc["groups"][n]["figures"]["queue"]["all"].clone();
    assert_eq!(utc_day(0)["served"], 3);
    assert_eq!(utc_day(0)["issued"], 4);
    assert_eq!(utc_day(1)["served"], 0);
    assert_eq!(utc_day(1)["waits"]["count"], 0);
    for section in ["all", "by_service", "by_window"] {
        assert_eq!(
            utc["total"]["queue"][section], report["total"]["queue"][section],
            "the same tickets in total, on other days and hours"
        );
    }

    // Another site of the court counts in the court's report, not the
    // site's.
    let mut other = server.enroll_as("court-1", "hall-b", Mode::Kiosk).await;
    let o = other.id.clone();
    push(&mut other, vec![issued(&o, at(0, 9, 0), "t1", 1)]).await;
    let court = report_of(&server.home, None);
    assert_eq!(court["total"]["queue"]["all"]["issued"], 5, "both sites");
    let site = report_of(&server.home, Some("hall-a"));
    assert_eq!(site["total"]["queue"]["all"]["issued"], 4, "hall-a only");
}

/// Runs the server binary on `home`.
fn cli(home: &Home, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_courtdesk-central"))
        .arg("--data-dir")
        .arg(home.dir.path())
        .arg("--database-url")
        .arg(home.database.url_text())
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs")
}

fn report_args<'a>(from: &'a str, to: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["report", "--court", "court-1", "--from", from, "--to", to];
    args.extend(rest);
    args
}

fn sheet_cell(path: &Path, sheet: &str, row_label: &str, column: &str) -> calamine::Data {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut workbook: Xlsx<_> = open_workbook(path).expect("the XLSX opens");
    let range = workbook.worksheet_range(sheet).expect("the sheet");
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .expect("a header row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let at = headers
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column} in {headers:?}"));
    let row = rows
        .find(|r| r[0] == row_label)
        .unwrap_or_else(|| panic!("no row {row_label}"));
    row[at].clone()
}

async fn the_command_writes_json_csv_and_xlsx_and_refuses_a_bad_period(backend: Backend) {
    let server = start(backend).await;
    let _terminals = script_day(&server, true).await;
    let home = &server.home;
    let folder = tempfile::tempdir().expect("a folder");

    let output = cli(
        home,
        &report_args("2026-11-27", "2026-11-28", &["--group", "week"]),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(json["total"]["queue"]["all"]["served"], 3);
    assert_eq!(
        json["groups"].as_array().map(Vec::len),
        Some(1),
        "one ISO week"
    );

    let xlsx = folder.path().join("report.xlsx");
    let out = xlsx.to_str().expect("UTF-8");
    let output = cli(
        home,
        &report_args(
            "2026-11-27",
            "2026-11-28",
            &["--format", "xlsx", "--out", out],
        ),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        sheet_cell(&xlsx, "队列", "合计", "取号"),
        calamine::Data::Float(4.0)
    );
    assert_eq!(
        sheet_cell(&xlsx, "队列", "合计", "等候时长中位数(秒)"),
        calamine::Data::Float(600.0)
    );
    assert_eq!(
        sheet_cell(&xlsx, "队列", "2026-11-28", "办结"),
        calamine::Data::Float(1.0)
    );
    let definition = sheet_cell(&xlsx, "定义 Definitions", "取号", "定义");
    assert!(definition.to_string().contains("作废"), "{definition}");

    let csv = folder.path().join("report.csv");
    let out = csv.to_str().expect("UTF-8");
    let output = cli(
        home,
        &report_args(
            "2026-11-27",
            "2026-11-28",
            &["--format", "csv", "--lang", "en", "--out", out],
        ),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&csv).expect("the CSV");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "[Queue]");
    assert_eq!(
        lines[1],
        "Period,Issued,Served,No-shows,Voided,Transferred,First calls,Wait median (s),Wait p90 (s),Wait mean (s),Service time median (s),Service time p90 (s),Service time mean (s),No-show share"
    );
    assert_eq!(
        lines[4],
        "Total,4,3,1,0,1,4,600,900,750.0,600,600,560.0,25.0%"
    );
    let zh = cli(
        home,
        &report_args("2026-11-27", "2026-11-27", &["--format", "csv"]),
    );
    let zh = String::from_utf8(zh.stdout).expect("UTF-8");
    assert!(
        zh.contains("期间,取号,办结,过号"),
        "zh-CN headers by default: {zh}"
    );

    for (from, to, says) in [
        ("2026-11-28", "2026-11-27", "after --to"),
        ("2026-11-31", "2026-12-01", "YYYY-MM-DD"),
        ("27/11/2026", "2026-12-01", "YYYY-MM-DD"),
    ] {
        let refused = folder.path().join("refused.xlsx");
        let out = refused.to_str().expect("UTF-8");
        let output = cli(
            home,
            &report_args(from, to, &["--format", "xlsx", "--out", out]),
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{from}..{to} is refused");
        assert!(stderr.contains(says), "{from}..{to}: {stderr}");
        assert!(!refused.exists(), "a refused report writes no file");
    }
}

async fn the_summary_endpoint_answers_an_api_client_only(backend: Backend) {
    let server = start(backend).await;
    let (_kiosk, desk) = script_day(&server, true).await;
    let token = api_token(&server, "case-system");
    let get = |query: &str, token: Option<&str>| {
        let mut request = server
            .http
            .get(format!("{}/v1/reports/summary?{query}", server.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { read(request.send().await.expect("the server answers")).await }
    };
    let (status, body) = get(
        "court=court-1&site=hall-a&from=2026-11-27&to=2026-11-30&group=month",
        Some(&token),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total"]["queue"]["all"]["issued"], 4);
    assert_eq!(body["total"]["intake"]["received"], 2);
    assert_eq!(
        body["groups"][0]["bucket"],
        json!({"kind": "month", "year": 2026, "month": 11})
    );

    for (query, says) in [
        ("court=court-1&from=2026-11-28&to=2026-11-27", "after"),
        ("court=court-1&from=2026-02-30&to=2026-03-01", "YYYY-MM-DD"),
        ("from=2026-11-27&to=2026-11-28", "court"),
        (
            "court=court-1&from=2026-11-27&to=2026-11-28&group=year",
            "group",
        ),
        (
            "court=court-1&from=2026-11-27&to=2026-11-28&utc_offset_minutes=x",
            "utc_offset",
        ),
    ] {
        let (status, body) = get(query, Some(&token)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["code"], "bad_request");
        assert!(
            body["message"].as_str().is_some_and(|m| m.contains(says)),
            "{query}: {body}"
        );
    }
    let good = "court=court-1&from=2026-11-27&to=2026-11-27";
    let (status, body) = get("court=court-2&from=2026-11-27&to=2026-11-27", Some(&token)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden")),
        "a court-1 client reads no other court's figures: {body}"
    );
    let (status, _) = get(good, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a token is required");
    let (status, _) = get(good, Some("not-a-token")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = desk
        .send(
            reqwest::Method::GET,
            &format!("/v1/reports/summary?{good}"),
            Vec::new(),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a terminal reads no report: {body}"
    );
}

async fn deliveries_and_the_signed_in_clerk_count_in_todays_report(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    put_on_file(&server, 1, &[HALL]);
    put_on_file(&server, 2, &[HALL]);
    let token = api_token(&server, "case-system");
    let mut ids = Vec::new();
    for n in [1, 2] {
        let (status, body) = publish_with_token(&server, &token, &request(n, HALL)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        ids.push(body["delivery_id"].as_str().expect("an id").to_owned());
    }
    let mut kiosk = server.enroll_as("court-1", HALL, Mode::Kiosk).await;
    // The first is shown, opened and acknowledged; the second refused.
    let held = listed(&kiosk, &ids[0]).await;
    let shown = evidence(&kiosk, &held, EventKind::MadeAvailable, None, now());
    let opened = evidence(&kiosk, &held, EventKind::Opened, Some(shown.link()), now());
    let acknowledged = evidence(
        &kiosk,
        &held,
        EventKind::Acknowledged,
        Some(opened.link()),
        now(),
    );
    let mut held = listed(&kiosk, &ids[1]).await;
    held["masked_resident_id"] = json!(masked(&resident_id(2)));
    let shown_too = evidence(&kiosk, &held, EventKind::MadeAvailable, None, now());
    let refused = evidence(
        &kiosk,
        &held,
        EventKind::Refused,
        Some(shown_too.link()),
        now(),
    );
    for record in [shown, opened, acknowledged, shown_too, refused] {
        let (status, body) = submit(&kiosk, &record).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    // li.na signs in at one desk and serves a ticket there; another desk,
    // where nobody signed in with the server, serves another.
    blocking(|| {
        server
            .running
            .staff_accounts()
            .add(&courtdesk_central::NewStaffAccount {
                username: "li.na".to_owned(),
                display_name: "李娜".to_owned(),
                role: courtdesk_identity::staff::Role::Clerk,
                password: "Court-desk 2024".to_owned(),
            })
            .expect("the account")
    });
    let mut desk = server.enroll_as("court-1", HALL, Mode::Staff).await;
    let (status, body) = sign_in(&desk, "li.na", "Court-desk 2024").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut unattended = server.enroll_as("court-1", HALL, Mode::Staff).await;
    let start = now();
    let (k, d, u) = (kiosk.id.clone(), desk.id.clone(), unattended.id.clone());
    push(
        &mut kiosk,
        vec![issued(&k, start, "q1", 1), issued(&k, start, "q2", 2)],
    )
    .await;
    for (terminal, id, ticket) in [(&mut desk, &d, "q1"), (&mut unattended, &u, "q2")] {
        push(
            terminal,
            vec![
                called(id, start + 1_000, ticket),
                event(id, start + 2_000, ticket, TicketChange::ServingStarted),
                finished(id, start + 5_000, ticket),
            ],
        )
        .await;
    }

    let today = SiteClock::CHINA.day(start);
    let (from, to) = (
        SiteClock::CHINA.day(start - 24 * HOUR).to_string(),
        today.next().to_string(),
    );
    let request = ReportRequest::parse("court-1", Some(HALL), &from, &to, None, None)
        .expect("a good request");
    let choice = server.home.database.choice();
    let report = blocking(move || {
        let store = courtdesk_central::store::open(&choice).expect("the store");
        let document = compute(store.as_ref(), &request, now()).expect("the report");
        serde_json::to_value(&document).expect("JSON")
    });
    let delivery = &report["total"]["delivery"];
    assert_eq!(delivery["published"], 2);
    assert_eq!(delivery["read"], 1);
    assert_eq!(delivery["acknowledged"], 1);
    assert_eq!(delivery["refused"], json!({"not_the_addressee": 1}));
    assert_eq!(delivery["expired_to_paper"], 0, "the deadline is ahead");
    assert_eq!(delivery["to_acknowledgement"]["count"], 1);
    let queue = &report["total"]["queue"];
    assert_eq!(queue["all"]["served"], 2);
    let clerks = queue["by_clerk"].as_object().expect("by clerk");
    assert_eq!(
        clerks.keys().collect::<Vec<_>>(),
        ["li.na"],
        "only the signed-in desk has a clerk"
    );
    assert_eq!(clerks["li.na"]["served"], 1);
    assert_eq!(clerks["li.na"]["waits"]["count"], 1);
}
