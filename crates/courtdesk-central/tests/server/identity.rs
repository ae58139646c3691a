//! One-time codes at kiosks: sent through the file gateway, verified once,
//! refused when expired, wrong too often, asked too often or asked by the
//! wrong kind of terminal.

use std::sync::Arc;

use courtdesk_central::{IdentityClock, NewParty, PartyOnFile, Settings, SmsChoice};
use courtdesk_core::Mode;
use courtdesk_identity::PhoneNumber;
use courtdesk_identity::otp::{GatewayError, OneTimeCode, SmsGateway};
use courtdesk_identity::staff::PasswordCost;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend::{Backend, blocking, on_both_backends};
use crate::client::{Server, Terminal, code_of, now_ms, start_with};

on_both_backends!(
    a_code_reaches_the_file_gateway_and_verifies_once,
    an_expired_code_is_refused,
    five_wrong_guesses_kill_the_code,
    codes_are_rate_limited_per_phone_and_per_terminal,
    an_unknown_number_is_not_found_and_counts_against_the_kiosk,
    only_kiosks_identify_litigants,
    a_gateway_that_fails_answers_sms_unavailable,
);

const MINUTE: u64 = 60_000;
pub(crate) const COURT: &str = "court-1";
pub(crate) const HALL: &str = "hall-a";
pub(crate) const COURT_NAME: &str = "测试法院";

/// A valid 18-character resident ID number, different for each `n`
/// (region 110105, born 1980-01-01, sequence `n`).
/// A kiosk's card read of `number`: the number and the digest of the card
/// data its reader released (here, of the number itself).
pub(crate) fn card_proof(number: &str) -> serde_json::Value {
    serde_json::json!({
        "method": "id_card",
        "resident_id": number,
        "card_digest": courtdesk_protocol::Digest::of(format!("card {number}").as_bytes()).to_hex(),
    })
}

pub(crate) fn resident_id(n: u16) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("11010519800101{:03}", n % 1000);
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

pub(crate) fn phone(n: u16) -> String {
    format!("139{:08}", 70_000_000 + u32::from(n))
}

/// A server for identity tests: a movable identity clock, cheap password
/// hashes, the court's name in messages; `adjust` changes the rest.
pub(crate) async fn identity_server(
    backend: Backend,
    adjust: impl FnOnce(&mut Settings),
) -> (Server, IdentityClock) {
    let clock = IdentityClock::default();
    let shared = clock.clone();
    let server = start_with(backend, move |settings| {
        settings.identity.clock = shared;
        settings.identity.court_name = COURT_NAME.to_owned();
        settings.identity.password_cost =
            PasswordCost::new(8, 1, 1).expect("argon2's least cost is valid");
        adjust(settings);
    })
    .await;
    (server, clock)
}

/// Puts party `n` on file at `sites` of [`COURT`].
pub(crate) fn put_on_file(server: &Server, n: u16, sites: &[&str]) -> PartyOnFile {
    blocking(|| {
        server
            .running
            .parties()
            .add(&NewParty {
                resident_id: resident_id(n),
                phone: phone(n),
                display_name: format!("当事人{n}"),
                court_id: COURT.to_owned(),
                site_ids: sites.iter().map(|s| (*s).to_owned()).collect(),
            })
            .expect("the party is put on file")
    })
}

/// Every message the file gateway wrote, oldest first.
pub(crate) fn outbox(server: &Server) -> Vec<Value> {
    let path = server
        .home
        .dir
        .path()
        .join(courtdesk_central::SMS_OUTBOX_FILE);
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

/// The code of the last message to party `n`'s phone.
pub(crate) fn last_code(server: &Server, n: u16) -> String {
    let messages = outbox(server);
    let last = messages
        .iter()
        .rev()
        .find(|m| m["to"] == phone(n))
        .expect("a message went to the phone");
    last["code"].as_str().expect("a code").to_owned()
}

pub(crate) async fn request_otp(kiosk: &Terminal, number: &str) -> (StatusCode, Value) {
    let body = serde_json::to_vec(&json!({ "resident_id": number })).expect("JSON");
    kiosk.send(Method::POST, "/v1/identity/otp", body).await
}

pub(crate) async fn verify_otp(kiosk: &Terminal, number: &str, code: &str) -> (StatusCode, Value) {
    let body = serde_json::to_vec(&json!({ "resident_id": number, "code": code })).expect("JSON");
    kiosk
        .send(Method::POST, "/v1/identity/otp/verify", body)
        .await
}

/// A six-digit code that is not `code`.
fn other_than(code: &str) -> String {
    let n: u32 = code.parse().expect("digits");
    format!("{:06}", (n + 1) % 1_000_000)
}

async fn a_code_reaches_the_file_gateway_and_verifies_once(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    put_on_file(&server, 1, &[HALL]);
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;

    let asked_at = now_ms();
    let (status, sent) = request_otp(&kiosk, &resident_id(1)).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["masked_phone"], "139****0001");
    assert_eq!(sent["valid_for_ms"], json!(5 * MINUTE));
    let expires = sent["expires_at_ms"].as_u64().expect("expiry");
    assert!(
        (asked_at + 5 * MINUTE..asked_at + 6 * MINUTE).contains(&expires),
        "a code lives five minutes: {sent}"
    );

    let messages = outbox(&server);
    assert_eq!(messages.len(), 1, "one message: {messages:?}");
    let code = last_code(&server, 1);
    assert_eq!(
        messages[0]["text"],
        format!("【{COURT_NAME}】您的验证码是{code}，5分钟内有效。")
    );

    let (status, verified) = verify_otp(&kiosk, &resident_id(1), &code).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    assert_eq!(verified["masked_resident_id"], "110***********0016");
    assert_eq!(verified["display_name"], "当事人1");
    assert!(
        verified["party_ref"]
            .as_str()
            .is_some_and(|r| r.len() > 64 && !r.contains(&resident_id(1))),
        "an opaque reference: {verified}"
    );
    let ref_expires = verified["party_ref_expires_at_ms"]
        .as_u64()
        .expect("expiry");
    assert!((asked_at + 15 * MINUTE..asked_at + 16 * MINUTE).contains(&ref_expires));

    let (status, again) = verify_otp(&kiosk, &resident_id(1), &code).await;
    assert_eq!(
        (status, code_of(&again)),
        (StatusCode::GONE, "otp_no_code"),
        "a code is used once"
    );
}

async fn an_expired_code_is_refused(backend: Backend) {
    let (server, clock) = identity_server(backend, |_| {}).await;
    put_on_file(&server, 2, &[HALL]);
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    assert_eq!(request_otp(&kiosk, &resident_id(2)).await.0, StatusCode::OK);
    let code = last_code(&server, 2);

    clock.advance(5 * MINUTE);
    let (status, body) = verify_otp(&kiosk, &resident_id(2), &code).await;
    assert_eq!((status, code_of(&body)), (StatusCode::GONE, "otp_expired"));
    let (status, body) = verify_otp(&kiosk, &resident_id(2), &code).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::GONE, "otp_no_code"),
        "an expired code is gone"
    );
}

async fn five_wrong_guesses_kill_the_code(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    put_on_file(&server, 3, &[HALL]);
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    assert_eq!(request_otp(&kiosk, &resident_id(3)).await.0, StatusCode::OK);
    let code = last_code(&server, 3);

    let (status, body) = verify_otp(&kiosk, &resident_id(3), "12ab").await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "not six digits: not a guess"
    );
    for left in (0..5).rev() {
        let (status, body) = verify_otp(&kiosk, &resident_id(3), &other_than(&code)).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::FORBIDDEN, "otp_wrong")
        );
        assert_eq!(body["attempts_left"], json!(left), "{body}");
    }
    let (status, body) = verify_otp(&kiosk, &resident_id(3), &code).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "otp_too_many_attempts"),
        "after five wrong guesses even the right code is refused"
    );
}

async fn codes_are_rate_limited_per_phone_and_per_terminal(backend: Backend) {
    let (server, clock) = identity_server(backend, |settings| {
        settings.identity.otp.terminal_max_per_window = 3;
    })
    .await;
    for n in [4, 5, 6] {
        put_on_file(&server, n, &[HALL]);
    }
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;

    assert_eq!(request_otp(&kiosk, &resident_id(4)).await.0, StatusCode::OK);
    let first = last_code(&server, 4);
    let (status, body) = request_otp(&kiosk, &resident_id(4)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "otp_rate_limited")
    );
    let wait = body["retry_after_ms"].as_u64().expect("a wait");
    assert!(
        (50_000..=MINUTE).contains(&wait),
        "a phone waits a minute: {body}"
    );
    assert_eq!(outbox(&server).len(), 1, "nothing more was sent");

    clock.advance(MINUTE);
    assert_eq!(request_otp(&kiosk, &resident_id(4)).await.0, StatusCode::OK);
    let (status, body) = verify_otp(&kiosk, &resident_id(4), &first).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "otp_wrong"),
        "the new code replaced the first"
    );

    assert_eq!(request_otp(&kiosk, &resident_id(5)).await.0, StatusCode::OK);
    let (status, body) = request_otp(&kiosk, &resident_id(6)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "otp_rate_limited"),
        "the kiosk has had its three codes this hour"
    );
    let wait = body["retry_after_ms"].as_u64().expect("a wait");
    assert!(wait > 55 * MINUTE, "until its first code ages out: {body}");

    let other = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    assert_eq!(
        request_otp(&other, &resident_id(6)).await.0,
        StatusCode::OK,
        "another kiosk is not held up"
    );
}

async fn an_unknown_number_is_not_found_and_counts_against_the_kiosk(backend: Backend) {
    let (server, _clock) = identity_server(backend, |settings| {
        settings.identity.otp.terminal_max_per_window = 2;
    })
    .await;
    put_on_file(&server, 7, &["hall-b"]);
    put_on_file(&server, 8, &[HALL]);
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;

    let mut wrong_check = resident_id(9);
    let last = wrong_check.pop().expect("a check character");
    wrong_check.push(if last == '0' { '1' } else { '0' });
    let (status, body) = request_otp(&kiosk, &wrong_check).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "a mistyped number: {body}"
    );

    let (status, body) = request_otp(&kiosk, &resident_id(9)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "party_not_found")
    );
    let (status, body) = request_otp(&kiosk, &resident_id(7)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "party_not_found"),
        "on file, but at another site"
    );
    assert!(outbox(&server).is_empty(), "no message was sent");

    let (status, body) = request_otp(&kiosk, &resident_id(8)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "otp_rate_limited"),
        "the two lookups spent the kiosk's budget"
    );
    let (status, body) = request_otp(&kiosk, &resident_id(10)).await;
    assert_eq!(
        code_of(&body),
        "otp_rate_limited",
        "a spent kiosk cannot tell numbers on file from others: {status}"
    );

    let (status, body) = verify_otp(&kiosk, &resident_id(9), "123456").await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::GONE, "otp_no_code"),
        "verifying says no more about an unknown number than about a known one"
    );
}

async fn only_kiosks_identify_litigants(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    put_on_file(&server, 11, &[HALL]);
    for mode in [Mode::Staff, Mode::Display] {
        let terminal = server.enroll_as(COURT, HALL, mode).await;
        let (status, body) = request_otp(&terminal, &resident_id(11)).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::FORBIDDEN, "forbidden"),
            "{mode:?} asking for a code"
        );
        let (status, body) = verify_otp(&terminal, &resident_id(11), "123456").await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::FORBIDDEN, "forbidden"),
            "{mode:?} checking a code"
        );
    }
    assert!(outbox(&server).is_empty(), "no message was sent");
}

/// A provider that is down.
struct Down;

impl SmsGateway for Down {
    fn send_code(
        &self,
        _phone: &PhoneNumber,
        _code: &OneTimeCode,
        _valid_for_minutes: u32,
    ) -> Result<(), GatewayError> {
        Err(GatewayError::Unavailable {
            source: "connection refused".into(),
        })
    }
}

async fn a_gateway_that_fails_answers_sms_unavailable(backend: Backend) {
    let (server, _clock) = identity_server(backend, |settings| {
        settings.identity.sms = Some(SmsChoice::Gateway(Arc::new(Down)));
    })
    .await;
    put_on_file(&server, 12, &[HALL]);
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let (status, body) = request_otp(&kiosk, &resident_id(12)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_GATEWAY, "sms_unavailable")
    );
    let (status, body) = request_otp(&kiosk, &resident_id(12)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "otp_rate_limited"),
        "a failed send still counts, so a failing provider is not hammered"
    );
}
