//! A site's configuration kept by the server: versions validated, chained
//! and signed; terminals receiving only their own site's; refusals that
//! name fields and write nothing; two administrators racing.

use std::sync::{Arc, Barrier};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_central::SiteError;
use courtdesk_central::site::cli_account;
use courtdesk_protocol::hlc::Hlc;
use courtdesk_protocol::record::{Record, RecordId};
use courtdesk_protocol::rights;
use courtdesk_protocol::site::SITE_CONFIG;
use courtdesk_queue::{
    Issue, PriorityClass, QueueEvent, SiteClock, TicketChange, TicketNumber, TicketPrefix,
};
use courtdesk_site::{ProblemCode, SiteConfig, SiteConfigVersion, VersionError};
use ed25519_dalek::Signature;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::backend::{Backend, blocking, on_both_backends};
use crate::client::{Server, Terminal, code_of, now_ms, start};

on_both_backends!(
    a_terminal_receives_its_own_site_s_signed_configuration,
    an_imported_toml_queue_keeps_its_letters,
    bad_configuration_is_refused_naming_fields_and_writes_nothing,
    two_administrators_editing_one_version_one_wins_and_the_other_conflicts,
    the_endpoint_refuses_unsigned_and_malformed_requests,
    a_tampered_configuration_does_not_verify,
    the_rules_read_today_s_tickets_and_what_records_refer_to,
);

const COURT: &str = "court-1";
const HALL: &str = "hall-1";

/// A terminal's `[queue]` table as a hall runs it today: filing prints F,
/// enquiries Q, and a desk at window 3 calls both.
const TERMINAL_TOML: &str = r#"
mode = "staff"

[queue]
site_name = "东城诉讼服务中心"
utc_offset_minutes = 480
window = 3

[[queue.services]]
id = "filing"
prefix = "F"
name_zh = "立案"
name_en = "Filing"
minutes = 10
hours = [["08:30", "12:00"], ["13:30", "17:00"]]
weekdays_only = true

[[queue.services]]
id = "enquiry"
prefix = "Q"
name_zh = "咨询"
name_en = "Enquiries"
"#;

fn admin() -> courtdesk_site::AccountId {
    "admin-wang".parse().expect("an account id")
}

/// Imports [`TERMINAL_TOML`] as the first version of `site`.
fn import(server: &Server, site: &str) -> courtdesk_central::SignedSiteVersion {
    blocking(|| {
        server
            .running
            .site_configs()
            .import(TERMINAL_TOML, COURT, site, None, None, &admin())
            .expect("the import is kept")
    })
}

fn history_len(server: &Server, site: &str) -> usize {
    blocking(|| {
        server
            .running
            .site_configs()
            .history(COURT, site)
            .expect("the history reads")
            .len()
    })
}

async fn fetch(terminal: &Terminal, have: Option<u64>) -> (StatusCode, Value) {
    let path = match have {
        Some(have) => format!("{SITE_CONFIG}?have={have}"),
        None => SITE_CONFIG.to_owned(),
    };
    terminal.send(Method::GET, &path, Vec::new()).await
}

/// The version a `current` answer carries, verified against the court key.
fn verified(server: &Server, body: &Value) -> SiteConfigVersion {
    assert_eq!(body["status"], "current", "{body}");
    let version: SiteConfigVersion =
        serde_json::from_value(body["version"].clone()).expect("a version");
    let signature = STANDARD
        .decode(body["signature"].as_str().expect("a signature"))
        .expect("base64");
    let signature = Signature::from_slice(&signature).expect("64 bytes");
    let key = server.running.deliveries().court_public_key();
    version
        .verify(&key, &signature)
        .expect("signed by the court key over its own content");
    assert_eq!(body["digest"], version.digest.to_hex());
    assert_eq!(body["number"], version.number);
    version
}

async fn a_terminal_receives_its_own_site_s_signed_configuration(backend: Backend) {
    let server = start(backend).await;
    let kiosk = server
        .enroll_as(COURT, HALL, courtdesk_core::Mode::Kiosk)
        .await;
    let (status, body) = fetch(&kiosk, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "not_configured", "no version yet: {body}");

    let kept = import(&server, HALL);
    let (status, body) = fetch(&kiosk, None).await;
    assert_eq!(status, StatusCode::OK);
    let received = verified(&server, &body);
    assert_eq!(received, kept.version, "the version as kept");

    let (_, body) = fetch(&kiosk, Some(1)).await;
    assert_eq!(body["status"], "unchanged", "{body}");
    assert_eq!(body["number"], 1);
    assert!(body.get("version").is_none(), "no configuration resent");

    // A display and a desk of the site receive it too; a desk of another
    // site of the same court, whose site has its own, never sees this one.
    let display = server
        .enroll_as(COURT, HALL, courtdesk_core::Mode::Display)
        .await;
    assert_eq!(
        verified(&server, &fetch(&display, None).await.1),
        kept.version
    );
    let other = server.desk(COURT, "hall-2").await;
    let (status, body) = fetch(&other, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "not_configured", "{body}");
    let theirs = import(&server, "hall-2");
    let received = verified(&server, &fetch(&other, None).await.1);
    assert_eq!(received.config.site_id, "hall-2");
    assert_eq!(received, theirs.version);
    assert_ne!(received.digest, kept.version.digest);
    server.stop().await;
}

async fn an_imported_toml_queue_keeps_its_letters(backend: Backend) {
    let server = start(backend).await;
    let kept = import(&server, HALL).version;
    let letters: Vec<(String, char)> = kept
        .config
        .services
        .iter()
        .map(|s| (s.id.to_string(), s.letter.as_char()))
        .collect();
    assert_eq!(
        letters,
        [("filing".to_owned(), 'F'), ("enquiry".to_owned(), 'Q')],
        "the letters the hall prints today"
    );
    assert_eq!(kept.config.utc_offset_minutes, 480);
    assert_eq!(kept.config.windows.len(), 1, "the desk's window");
    assert_eq!(kept.config.windows[0].number.0, 3);
    assert_eq!(kept.made_by.to_string(), "admin-wang");

    // Imported once: a second import is refused and keeps nothing.
    let again = blocking(|| {
        server.running.site_configs().import(
            TERMINAL_TOML,
            COURT,
            HALL,
            Some("另一个名字"),
            None,
            &admin(),
        )
    });
    assert!(
        matches!(again, Err(SiteError::AlreadyConfigured { head: 1, .. })),
        "{again:?}"
    );
    assert_eq!(history_len(&server, HALL), 1);

    // The name and offset given on the command line replace the file's.
    let named = blocking(|| {
        server.running.site_configs().import(
            TERMINAL_TOML,
            COURT,
            "hall-3",
            Some("西城诉讼服务中心"),
            Some(420),
            &cli_account("clerk").expect("an account"),
        )
    })
    .expect("kept");
    assert_eq!(named.version.config.name.zh_cn, "西城诉讼服务中心");
    assert_eq!(named.version.config.utc_offset_minutes, 420);
    assert_eq!(named.version.made_by.to_string(), "cli:clerk");
    server.stop().await;
}

/// Every problem's code and path.
fn problems(error: &SiteError) -> Vec<(ProblemCode, String)> {
    error
        .problems()
        .iter()
        .map(|p| (p.code(), p.path.clone()))
        .collect()
}

async fn bad_configuration_is_refused_naming_fields_and_writes_nothing(backend: Backend) {
    let server = start(backend).await;
    let first = import(&server, HALL).version;
    let set = |config: SiteConfig, edited: Option<u64>| {
        blocking(|| server.running.site_configs().set(config, &admin(), edited))
    };

    // Two services with one letter, and a window serving an unknown service.
    let mut bad = first.config.clone();
    bad.services[1].letter = bad.services[0].letter;
    bad.windows[0]
        .services
        .insert("parking".parse().expect("an id"));
    let refused = set(bad, Some(1)).expect_err("refused");
    let found = problems(&refused);
    assert!(
        found.contains(&(ProblemCode::DuplicateLetter, "services[1].letter".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            ProblemCode::UnknownService,
            "windows[0].services[\"parking\"]".into()
        )),
        "{found:?}"
    );

    // A service deleted while a version before it named it is not a record
    // reference; a zero threshold and an offset out of range are refused.
    let mut bad = first.config.clone();
    bad.utc_offset_minutes = 2000;
    bad.thresholds.long_wait_minutes = 0;
    let found = problems(&set(bad, Some(1)).expect_err("refused"));
    assert!(found.contains(&(
        ProblemCode::UtcOffsetOutOfRange,
        "utc_offset_minutes".into()
    )));
    assert!(found.contains(&(
        ProblemCode::ZeroThreshold,
        "thresholds.long_wait_minutes".into()
    )));

    // The same configuration again, and one of another site.
    let unchanged = set(first.config.clone(), Some(1)).expect_err("refused");
    assert!(
        matches!(unchanged, SiteError::Unchanged(1)),
        "{unchanged:?}"
    );
    let mut elsewhere = first.config.clone();
    elsewhere.site_id = "hall-9".into();
    let other = set(elsewhere, Some(1)).expect_err("refused");
    assert!(
        matches!(other, SiteError::Conflict { head: None, .. }),
        "hall-9 has no version 1 to edit: {other:?}"
    );

    assert_eq!(history_len(&server, HALL), 1, "nothing was kept");
    assert_eq!(history_len(&server, "hall-9"), 0, "nothing was kept");
    let kiosk = server
        .enroll_as(COURT, HALL, courtdesk_core::Mode::Kiosk)
        .await;
    assert_eq!(verified(&server, &fetch(&kiosk, None).await.1), first);
    server.stop().await;
}

async fn two_administrators_editing_one_version_one_wins_and_the_other_conflicts(backend: Backend) {
    let server = start(backend).await;
    let first = import(&server, HALL).version;
    let configs = server.running.site_configs().clone();
    let start = Arc::new(Barrier::new(2));
    let racers: Vec<_> = [30, 45]
        .into_iter()
        .map(|quota| {
            let (configs, start, mut config) =
                (configs.clone(), Arc::clone(&start), first.config.clone());
            config.services[0].daily_quota = Some(quota);
            std::thread::spawn(move || {
                start.wait();
                configs.set(config, &admin(), Some(1))
            })
        })
        .collect();
    let outcomes: Vec<_> = racers
        .into_iter()
        .map(|racer| racer.join().expect("no panic"))
        .collect();
    let kept: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
    assert_eq!(kept.len(), 1, "one wins: {outcomes:?}");
    let lost = outcomes
        .iter()
        .find_map(|o| o.as_ref().err())
        .expect("one loses");
    assert!(
        matches!(
            lost,
            SiteError::Conflict {
                head: Some(2),
                edited: Some(1)
            }
        ),
        "{lost:?}"
    );
    assert!(lost.to_string().contains("read it again"), "{lost}");
    let history = blocking(|| configs.history(COURT, HALL)).expect("history");
    assert_eq!(history.len(), 2, "the loser wrote nothing");
    assert_eq!(history[1].version, kept[0].version);
    assert_eq!(history[1].version.parent_digest, Some(first.digest));
    server.stop().await;
}

async fn the_endpoint_refuses_unsigned_and_malformed_requests(backend: Backend) {
    let server = start(backend).await;
    import(&server, HALL);
    let (status, body) = server.raw(Method::GET, SITE_CONFIG, Vec::new()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code_of(&body), "unauthenticated");
    assert!(body.get("version").is_none());

    let kiosk = server
        .enroll_as(COURT, HALL, courtdesk_core::Mode::Kiosk)
        .await;
    let path = format!("{SITE_CONFIG}?have=latest");
    let (status, body) = kiosk.send(Method::GET, &path, Vec::new()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(code_of(&body), "bad_request");

    let path = format!("{SITE_CONFIG}?site=hall-2");
    let (status, body) = kiosk.send(Method::GET, &path, Vec::new()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no site can be named");
    assert_eq!(code_of(&body), "bad_request");

    blocking(|| server.running.registry().revoke(&kiosk.id)).expect("revoked");
    let (status, body) = fetch(&kiosk, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(code_of(&body), "forbidden");
    assert_eq!(history_len(&server, HALL), 1);
    server.stop().await;
}

async fn a_tampered_configuration_does_not_verify(backend: Backend) {
    let server = start(backend).await;
    import(&server, HALL);
    let kiosk = server
        .enroll_as(COURT, HALL, courtdesk_core::Mode::Kiosk)
        .await;
    let (_, body) = fetch(&kiosk, None).await;
    let good = verified(&server, &body);
    let signature = STANDARD
        .decode(body["signature"].as_str().expect("a signature"))
        .expect("base64");
    let signature = Signature::from_slice(&signature).expect("64 bytes");
    let key = server.running.deliveries().court_public_key();

    // A letter changed on the way: the digest no longer matches.
    let mut tampered = good.clone();
    tampered.config.services[0].letter =
        courtdesk_queue::TicketPrefix::try_from('Z').expect("a letter");
    assert_eq!(
        tampered.verify(&key, &signature),
        Err(VersionError::DigestMismatch { number: 1 })
    );
    // Digest recomputed by whoever changed it: the signature does not cover it.
    tampered.digest = tampered.computed_digest();
    assert_eq!(
        tampered.verify(&key, &signature),
        Err(VersionError::BadSignature { number: 1 })
    );
    // Signed by another key: refused.
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    assert_eq!(
        good.verify(&stranger.verifying_key(), &signature),
        Err(VersionError::BadSignature { number: 1 })
    );
    server.stop().await;
}

/// A queue event the kiosk records at `at_ms`.
fn event(kiosk: &Terminal, at_ms: u64, ticket: &str, change: TicketChange) -> Record {
    let event = QueueEvent {
        clerk: None,
        id: format!("e{:x}", rand::random::<u64>())
            .parse()
            .expect("an id"),
        hlc: Hlc {
            wall_ms: at_ms,
            counter: 0,
        },
        origin: kiosk.id.clone(),
        ticket: ticket.parse().expect("a ticket id"),
        change,
    };
    Record {
        id: RecordId::from_bits(rand::random()),
        kind: rights::QUEUE_EVENT.into(),
        hlc: event.hlc,
        body: serde_json::to_value(&event).expect("JSON"),
    }
}

fn issued(kiosk: &Terminal, at_ms: u64, ticket: &str, n: u32) -> Record {
    let issue = Issue {
        service: "filing".parse().expect("a service"),
        number: TicketNumber::new(TicketPrefix::try_from('F').expect("a letter"), n)
            .expect("n > 0"),
        day: SiteClock::CHINA.day(at_ms),
        priority: PriorityClass::Normal,
        appointment: None,
        people_ahead: 0,
    };
    event(kiosk, at_ms, ticket, TicketChange::Issued(issue))
}

async fn the_rules_read_today_s_tickets_and_what_records_refer_to(backend: Backend) {
    let server = start(backend).await;
    let first = import(&server, HALL).version;
    let mut kiosk = server
        .enroll_as(COURT, HALL, courtdesk_core::Mode::Kiosk)
        .await;
    let now = now_ms();
    let yesterday = now - 24 * 60 * 60 * 1000;
    let records = vec![
        issued(&kiosk, yesterday, "y1", 1),
        issued(&kiosk, now, "t1", 1),
        issued(&kiosk, now, "t2", 2),
        issued(&kiosk, now, "t3", 3),
        event(&kiosk, now, "t3", TicketChange::Voided),
    ];
    let batch = kiosk.batch(records);
    let (status, body) = kiosk.push(&batch).await;
    assert_eq!(status, StatusCode::OK, "push: {body}");
    let set = |config: SiteConfig, edited: u64| {
        blocking(|| {
            server
                .running
                .site_configs()
                .set(config, &admin(), Some(edited))
        })
    };

    // Two tickets stand today (t3 was voided, y1 was yesterday's).
    let mut quota = first.config.clone();
    quota.services[0].daily_quota = Some(1);
    let found = problems(&set(quota.clone(), 1).expect_err("below today's tickets"));
    assert_eq!(
        found,
        [(
            ProblemCode::QuotaBelowIssued,
            "services[0].daily_quota".into()
        )]
    );
    assert_eq!(history_len(&server, HALL), 1, "nothing was kept");
    quota.services[0].daily_quota = Some(2);
    set(quota.clone(), 1).expect("a quota equal to today's tickets closes the day");

    // Filing has tickets, so it may be retired but not deleted; enquiries
    // has none and may go.
    let mut without_filing = quota.clone();
    without_filing.services.remove(0);
    for window in &mut without_filing.windows {
        window.services.remove(&"filing".parse().expect("an id"));
    }
    let found = problems(&set(without_filing, 2).expect_err("referenced"));
    assert!(
        found
            .iter()
            .any(|(code, _)| *code == ProblemCode::DeletedWhileReferenced),
        "{found:?}"
    );
    let mut without_enquiry = quota;
    without_enquiry.services.remove(1);
    for window in &mut without_enquiry.windows {
        window.services.remove(&"enquiry".parse().expect("an id"));
    }
    set(without_enquiry, 2).expect("nothing refers to enquiries");
    assert_eq!(history_len(&server, HALL), 3);
    server.stop().await;
}
