//! The server as the authority on who does what, tried as an attacker
//! would: each test is a hole that was open, and checks the refusal's
//! status and code and that nothing was written.

use courtdesk_core::Mode;
use courtdesk_evidence::{EventKind, IdentityMethod};
use courtdesk_protocol::api::paths;
use courtdesk_protocol::delivery::paths as deliveries;
use courtdesk_protocol::rights;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend::{Backend, blocking, on_both_backends};
use crate::client::{Server, Terminal, code_of, now_ms, record, sign_in_session, start_in};
use crate::delivery_fixtures::{
    api_token, delivery_server, listed, publish_with_token, published, record as evidence,
    record_as, request, stored, submit, waiting,
};
use crate::identity::{
    COURT, HALL, card_proof, identity_server, put_on_file, request_otp, resident_id,
};

on_both_backends!(
    enrolling_with_a_code_of_another_mode_is_refused_and_writes_nothing,
    a_code_made_before_codes_named_a_mode_enrolls_nothing,
    every_clerk_endpoint_needs_this_desks_live_session,
    a_disabled_account_is_refused_at_its_next_request,
    a_kiosk_cannot_vouch_for_a_party_as_staff_verified,
    a_kiosk_pushing_a_clerks_decision_is_refused_and_nothing_is_stored,
    a_queue_event_must_name_the_terminal_that_pushes_it,
    a_display_pulls_the_queue_and_nothing_personal,
    a_replayed_sign_in_and_code_send_are_refused_after_a_restart,
    a_clock_set_back_a_day_cannot_make_a_late_acknowledgement_timely,
    an_api_client_acts_for_its_own_court_only,
    records_made_for_a_clerk_the_server_cannot_vouch_for_are_kept_and_flagged,
    a_card_read_needs_a_registered_reader_the_reader_s_digest_and_a_budget,
    an_api_client_cannot_tell_who_is_on_file_and_its_probing_has_a_budget,
);

/// A record of `kind` with `body`, in the shape terminals push.
fn record_of(kind: &str, body: Value) -> courtdesk_protocol::record::Record {
    let mut made = record(1, body);
    made.kind = kind.to_owned();
    made
}

fn queue_event(origin: &Terminal, change: Value) -> courtdesk_protocol::record::Record {
    record_of(
        rights::QUEUE_EVENT,
        json!({
            "id": format!("{:032x}", rand::random::<u128>()),
            "hlc": {"wall_ms": now_ms(), "counter": 0},
            "origin": origin.id.as_str(),
            "ticket": "A-20261207-1",
            "change": change,
        }),
    )
}

async fn enrolling_with_a_code_of_another_mode_is_refused_and_writes_nothing(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    let code = server.code_for(COURT, HALL, Mode::Kiosk);
    let id = courtdesk_core::TerminalId::from_bits(rand::random());
    let key = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);

    let (status, body) = server.try_enroll_as(&code, &id, &key, Mode::Staff).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "enrollment_mode_mismatch"),
        "a spare kiosk code must not make a staff desk: {body}"
    );
    assert!(
        server.registry().terminals().expect("listed").is_empty(),
        "nothing was enrolled"
    );
    let (status, body) = server.try_enroll_as(&code, &id, &key, Mode::Kiosk).await;
    assert_eq!(status, StatusCode::OK, "the code was left unspent: {body}");
    let enrolled = server.registry().terminal(&id).expect("enrolled");
    assert_eq!(enrolled.mode, Mode::Kiosk);
}

async fn a_code_made_before_codes_named_a_mode_enrolls_nothing(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    let code = server.code_for(COURT, HALL, Mode::Staff);
    // What the upgrade leaves of a code made by an earlier version.
    server
        .home
        .database
        .execute("UPDATE enrollment_codes SET mode = NULL", &[]);
    let id = courtdesk_core::TerminalId::from_bits(rand::random());
    let key = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
    let (status, body) = server.try_enroll_as(&code, &id, &key, Mode::Staff).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "forbidden"),
        "{body}"
    );
    assert!(server.registry().terminals().expect("listed").is_empty());
}

/// What a desk gets from the site's delivery list.
async fn desk_list(desk: &Terminal) -> (StatusCode, String) {
    let (status, body) = desk.send(Method::GET, deliveries::DESK, Vec::new()).await;
    (status, code_of(&body).to_owned())
}

async fn every_clerk_endpoint_needs_this_desks_live_session(backend: Backend) {
    let (server, clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    let mut desk = server.desk(COURT, HALL).await;
    let other = server.desk(COURT, HALL).await;
    assert_eq!(desk_list(&desk).await.0, StatusCode::OK);
    let session = desk.session.clone();
    let refused = (StatusCode::UNAUTHORIZED, "sign_in_required".to_owned());

    desk.session = None;
    assert_eq!(desk_list(&desk).await, refused, "no session");
    let (status, body) = crate::delivery_fixtures::publish(&desk, &request(1, HALL)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "sign_in_required"),
        "publishing needs a clerk: {body}"
    );
    assert_eq!(stored(&server), (0, 0), "nothing was published");
    let (status, body) = desk
        .send(Method::GET, &paths_paper("0123456789abcdef"), Vec::new())
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "sign_in_required")
    );

    desk.session = Some("f".repeat(64));
    assert_eq!(desk_list(&desk).await, refused, "a made-up session");
    desk.session = other.session.clone();
    assert_eq!(
        desk_list(&desk).await,
        refused,
        "another desk's session is useless here"
    );

    desk.session = session;
    assert_eq!(desk_list(&desk).await.0, StatusCode::OK);
    clock.advance(31 * 60 * 1_000);
    assert_eq!(desk_list(&desk).await, refused, "idle past the limit");

    let username = format!("clerk.{}", &other.id.as_str()[..12]);
    let again = sign_in_session(&other, &username).await;
    let mut other = other;
    other.session = Some(again);
    assert_eq!(desk_list(&other).await.0, StatusCode::OK);
    let (status, body) = other
        .send(Method::POST, paths::STAFF_SIGN_OUT, b"{}".to_vec())
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(desk_list(&other).await, refused, "signed out");
    let (status, body) = other
        .send(Method::POST, paths::STAFF_SIGN_OUT, b"{}".to_vec())
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "sign_in_required"),
        "a session ends once"
    );

    // A kiosk has no clerk to act for.
    let mut kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    kiosk.session = desk.session.clone();
    let (status, _) = desk_list(&kiosk).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

fn paths_paper(id: &str) -> String {
    deliveries::paper(id)
}

async fn a_disabled_account_is_refused_at_its_next_request(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    let desk = server.desk(COURT, HALL).await;
    assert_eq!(desk_list(&desk).await.0, StatusCode::OK);
    let username = format!("clerk.{}", &desk.id.as_str()[..12]);
    blocking(|| {
        server
            .running
            .staff_accounts()
            .disable(&username)
            .expect("disabled")
    });
    assert_eq!(
        desk_list(&desk).await,
        (StatusCode::UNAUTHORIZED, "sign_in_required".to_owned()),
        "disabling ends the session at once"
    );
}

async fn a_kiosk_cannot_vouch_for_a_party_as_staff_verified(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    let desk = server.desk(COURT, HALL).await;
    let id = published(&desk, &request(1, HALL)).await;
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let held = listed(&kiosk, &id).await;

    let forged = record_as(
        &kiosk,
        &held,
        EventKind::Acknowledged,
        None,
        now_ms(),
        IdentityMethod::StaffVerified,
    );
    let (status, body) = submit(&kiosk, &forged).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "identity_method_not_allowed"),
        "{body}"
    );
    let kept = blocking(|| server.running.deliveries().evidence(&id).expect("read"));
    assert!(kept.is_empty(), "no evidence was kept");
}

async fn a_kiosk_pushing_a_clerks_decision_is_refused_and_nothing_is_stored(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    let mut kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let desk = server.desk(COURT, HALL).await;
    let decision = record_of(
        rights::INTAKE_DECIDED,
        json!({"submission_id": "s-1", "decision": {"kind": "accept"}, "clerk": "nobody"}),
    );
    let batch = kiosk.batch(vec![decision]);
    let (status, body) = kiosk.push(&batch).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "record_not_allowed"),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains(rights::INTAKE_DECIDED)),
        "the refusal names the kind: {body}"
    );
    assert!(desk.pulled_ids().await.is_empty(), "nothing was stored");
    let standing = server.registry().terminal(&kiosk.id).expect("enrolled");
    assert_eq!(standing.chain_head.seq, 0, "the chain did not move");

    // A kind the court has no rule for goes nowhere, from any mode.
    let mut display = server.enroll_as(COURT, HALL, Mode::Display).await;
    let batch = display.batch(vec![record_of("test.anything", json!({}))]);
    let (status, body) = display.push(&batch).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "record_not_allowed")
    );
    let batch = display.batch(vec![queue_event(&display, json!({"kind": "called"}))]);
    assert_eq!(
        code_of(&display.push(&batch).await.1),
        "record_not_allowed",
        "a display calls nobody"
    );
}

async fn a_queue_event_must_name_the_terminal_that_pushes_it(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    let mut desk = server.desk(COURT, HALL).await;
    let other = server.desk(COURT, HALL).await;
    let batch = desk.batch(vec![queue_event(&other, json!({"kind": "called"}))]);
    let (status, body) = desk.push(&batch).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "record_not_allowed"),
        "{body}"
    );
    let mut kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let batch = kiosk.batch(vec![queue_event(&kiosk, json!({"kind": "finished"}))]);
    assert_eq!(
        code_of(&kiosk.push(&batch).await.1),
        "record_not_allowed",
        "a kiosk finishes no ticket"
    );
    assert!(desk.pulled_ids().await.is_empty(), "nothing was stored");
}

async fn a_display_pulls_the_queue_and_nothing_personal(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    let mut kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let desk = server.desk(COURT, HALL).await;
    let display = server.enroll_as(COURT, HALL, Mode::Display).await;
    let issued = queue_event(&kiosk, json!({"kind": "issued"}));
    let submitted = record_of(
        rights::INTAKE_SUBMITTED,
        json!({"submission_id": "s-1", "resident_id_masked": "110***********002X", "items": []}),
    );
    let deposited = record_of(
        rights::LOCKER_DEPOSITED,
        json!({"submission_id": "s-1", "compartment": 3, "terminal_id": kiosk.id.as_str(),
               "pickup_code": "654321", "deposited_at_ms": now_ms()}),
    );
    let batch = kiosk.batch(vec![issued, submitted, deposited]);
    let (status, body) = kiosk.push(&batch).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (_, at_desk) = desk.pull(0, 100).await;
    let (_, at_kiosk) = kiosk.pull(0, 100).await;
    let (_, at_display) = display.pull(0, 100).await;
    let kinds = |page: &Value| -> Vec<String> {
        page["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .map(|c| c["record"]["kind"].as_str().expect("kind").to_owned())
            .collect()
    };
    assert_eq!(
        kinds(&at_desk).len(),
        3,
        "a desk sees everything: {at_desk}"
    );
    assert!(
        at_desk.to_string().contains("654321"),
        "the desk gets the code"
    );
    assert_eq!(kinds(&at_display), vec![rights::QUEUE_EVENT.to_owned()]);
    let shown = at_display.to_string();
    assert!(
        !shown.contains("654321") && !shown.contains("110***") && !shown.contains("s-1"),
        "a display holds nothing personal: {shown}"
    );
    assert_eq!(kinds(&at_kiosk).len(), 3, "{at_kiosk}");
    assert!(
        !at_kiosk.to_string().contains("654321"),
        "a kiosk never holds a pickup code: {at_kiosk}"
    );
    let modes: Vec<&str> = at_desk["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["origin_mode"].as_str().expect("the origin's mode"))
        .collect();
    assert_eq!(
        modes,
        vec!["kiosk"; 3],
        "each change names its origin's mode"
    );
}

async fn a_replayed_sign_in_and_code_send_are_refused_after_a_restart(backend: Backend) {
    let (server, clock) = identity_server(backend, |_| {}).await;
    put_on_file(&server, 1, &[HALL]);
    server.add_staff("li.ming", courtdesk_identity::staff::Role::Clerk);
    let desk = server.enroll_as(COURT, HALL, Mode::Staff).await;
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;

    let sign_in = serde_json::to_vec(
        &json!({"username": "li.ming", "password": crate::client::STAFF_PASSWORD}),
    )
    .expect("JSON");
    let signed_in = desk.sign("POST", paths::STAFF_SIGN_IN, &sign_in, now_ms(), &desk.key);
    let (status, body) = desk
        .send_signed(
            Method::POST,
            paths::STAFF_SIGN_IN,
            sign_in.clone(),
            &signed_in,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let otp = serde_json::to_vec(&json!({"resident_id": resident_id(1)})).expect("JSON");
    let signed_otp = kiosk.sign("POST", paths::OTP, &otp, now_ms(), &kiosk.key);
    let (status, body) = kiosk
        .send_signed(Method::POST, paths::OTP, otp.clone(), &signed_otp)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sent = crate::identity::outbox(&server).len();

    let home = server.stop().await;
    let server: Server = start_in(home, move |settings| {
        settings.identity.clock = clock;
        settings.identity.password_cost =
            courtdesk_identity::staff::PasswordCost::new(8, 1, 1).expect("a cost");
    })
    .await;
    let desk = Terminal {
        base: server.base.clone(),
        http: server.http.clone(),
        ..desk
    };
    let kiosk = Terminal {
        base: server.base.clone(),
        http: server.http.clone(),
        ..kiosk
    };
    let (status, body) = desk
        .send_signed(Method::POST, paths::STAFF_SIGN_IN, sign_in, &signed_in)
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "replayed"),
        "a captured sign-in opens no second session: {body}"
    );
    let (status, body) = kiosk
        .send_signed(Method::POST, paths::OTP, otp, &signed_otp)
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "replayed"),
        "{body}"
    );
    assert_eq!(
        crate::identity::outbox(&server).len(),
        sent,
        "no second message was sent"
    );
    // The same requests signed afresh still work.
    assert_eq!(request_otp(&kiosk, &resident_id(1)).await.0, StatusCode::OK);
}

async fn a_clock_set_back_a_day_cannot_make_a_late_acknowledgement_timely(backend: Backend) {
    let (server, clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    let desk = server.desk(COURT, HALL).await;
    let deadline_ms = (now_ms() / 1_000 + 600) * 1_000;
    let mut soon = request(1, HALL);
    soon.deadline = rfc3339(deadline_ms);
    let first = published(&desk, &soon).await;
    let mut also = request(1, HALL);
    also.deadline = rfc3339(deadline_ms);
    let second = published(&desk, &also).await;
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let first_held = listed(&kiosk, &first).await;
    let second_held = listed(&kiosk, &second).await;
    // Twenty minutes on by the server's clock: the deadline has passed.
    clock.advance(20 * 60 * 1_000);

    let day = 24 * 60 * 60 * 1_000;
    let backdated = evidence(
        &kiosk,
        &first_held,
        EventKind::Acknowledged,
        None,
        now_ms() - day,
    );
    let (status, body) = submit(&kiosk, &backdated).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "delivery_expired"),
        "a kiosk in touch a moment ago cannot have recorded this a day ago: {body}"
    );
    // Recorded before the deadline and after the kiosk's last contact, as
    // a kiosk cut off would, it keeps its time however late it arrives.
    let timely = evidence(
        &kiosk,
        &second_held,
        EventKind::Acknowledged,
        None,
        now_ms(),
    );
    let (status, body) = submit(&kiosk, &timely).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn an_api_client_acts_for_its_own_court_only(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    let token = api_token(&server, "case-system");
    let mut elsewhere = request(1, HALL);
    elsewhere.court_id = Some("court-2".to_owned());
    let (status, body) = publish_with_token(&server, &token, &elsewhere).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "wrong_site"),
        "a court-1 client publishes nothing at court-2: {body}"
    );
    assert_eq!(stored(&server), (0, 0), "nothing was published");
    let (status, body) = publish_with_token(&server, &token, &request(1, HALL)).await;
    assert_eq!(status, StatusCode::OK, "its own court: {body}");
}

async fn records_made_for_a_clerk_the_server_cannot_vouch_for_are_kept_and_flagged(
    backend: Backend,
) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    server.add_staff("li.ming", courtdesk_identity::staff::Role::Clerk);
    server.add_staff("wang.fang", courtdesk_identity::staff::Role::Clerk);
    blocking(|| {
        server
            .running
            .staff_accounts()
            .disable("wang.fang")
            .expect("disabled")
    });
    server.add_staff("zhao.lei", courtdesk_identity::staff::Role::Clerk);
    let mut desk = server.enroll_as(COURT, HALL, Mode::Staff).await;
    let other_desk = server.enroll_as(COURT, HALL, Mode::Staff).await;
    sign_in_session(&desk, "li.ming").await;
    // zhao.lei signed in, but at another desk: this one cannot act for him.
    sign_in_session(&other_desk, "zhao.lei").await;
    let by = |clerk: &str, desk: &Terminal| {
        let mut event = queue_event(desk, json!({"kind": "called"}));
        event.body["clerk"] = json!(clerk);
        event
    };
    // Four days after li.ming's only sign-in here: past what an offline
    // sign-in on that sign-in's cached verifier reaches (72 hours).
    let mut late = by("li.ming", &desk);
    late.hlc.wall_ms += 4 * 24 * 60 * 60 * 1_000;
    let records = [
        by("li.ming", &desk),
        by("nobody.here", &desk),
        by("wang.fang", &desk),
        by("zhao.lei", &desk),
        late,
    ];
    let ids: Vec<String> = records.iter().map(|r| r.id.to_string()).collect();
    let batch = desk.batch(records.to_vec());
    let (status, body) = desk.push(&batch).await;
    assert_eq!(status, StatusCode::OK, "kept, as every record is: {body}");
    assert_eq!(desk.pulled_ids().await.len(), 5);
    let flagged = blocking(|| server.running.registry().flagged().expect("listed"));
    let mut seen: Vec<(String, String)> = flagged
        .iter()
        .map(|f| (f.record_id.clone(), f.reason.clone()))
        .collect();
    seen.sort();
    let mut expected = vec![
        (ids[1].clone(), "unknown_clerk".to_owned()),
        (ids[2].clone(), "clerk_disabled".to_owned()),
        (ids[3].clone(), "no_sign_in".to_owned()),
        (ids[4].clone(), "sign_in_too_old".to_owned()),
    ];
    expected.sort();
    assert_eq!(
        seen, expected,
        "every record but the signed-in clerk's is flagged, with its reason"
    );

    // The desk's audit trail answers which clerk made each record.
    let trail = blocking(|| server.running.registry().audit(&desk.id).expect("read"));
    let by_record: Vec<(String, Option<String>, Option<String>)> = trail
        .into_iter()
        .map(|line| (line.record_id, line.clerk, line.flag))
        .collect();
    assert_eq!(by_record.len(), 5);
    assert_eq!(
        by_record[0],
        (ids[0].clone(), Some("li.ming".to_owned()), None)
    );
    assert_eq!(
        by_record[3],
        (
            ids[3].clone(),
            Some("zhao.lei".to_owned()),
            Some("no_sign_in".to_owned())
        )
    );
}

async fn a_card_read_needs_a_registered_reader_the_reader_s_digest_and_a_budget(backend: Backend) {
    let (server, _clock) = identity_server(backend, |settings| {
        settings.identity.otp.card_reads_per_window = 2;
    })
    .await;
    put_on_file(&server, 1, &[HALL]);
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let reads = || blocking(|| server.running.registry().card_reads(None).expect("listed"));
    let number = resident_id(1);

    // A kiosk with no reader registered claims to have read a card.
    let (status, body) = waiting(&kiosk, &card_proof(&number)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "card_reader_not_registered"),
        "a typed number is not a card read: {body}"
    );
    assert!(reads().is_empty(), "a refused read is not kept");

    server.register_card_reader(&kiosk);
    // A number with no reader's data, or with the number itself where the
    // digest goes.
    let bare = json!({"method": "id_card", "resident_id": number});
    let (status, body) = waiting(&kiosk, &bare).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "{body}"
    );
    let typed = json!({"method": "id_card", "resident_id": number, "card_digest": number});
    let (status, body) = waiting(&kiosk, &typed).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "card_read_invalid"),
        "{body}"
    );
    assert!(reads().is_empty(), "a malformed read is not kept");

    // A read the kiosk's reader vouches for is taken and kept for audit.
    let (status, body) = waiting(&kiosk, &card_proof(&number)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut other_card = card_proof(&number);
    other_card["card_digest"] = json!("ab".repeat(32));
    let (status, body) = waiting(&kiosk, &other_card).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let kept = reads();
    assert_eq!(kept.len(), 2);
    assert!(kept.iter().all(|r| r.read.terminal_id == kiosk.id));
    assert!(kept.iter().all(|r| r.read.party_id.is_some()));
    assert!(
        kept.iter()
            .all(|r| !r.read.resident_id_lookup.contains(&number)),
        "the number is kept only as its lookup hash"
    );
    assert_eq!(
        kept.iter().map(|r| r.digest_changed).collect::<Vec<_>>(),
        vec![false, true],
        "a second read of the number with other card data is marked"
    );

    // The kiosk's budget of card reads is spent.
    let (status, body) = waiting(&kiosk, &card_proof(&number)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "otp_rate_limited"),
        "{body}"
    );
    assert_eq!(reads().len(), 2, "a read over the budget is not kept");
}

async fn an_api_client_cannot_tell_who_is_on_file_and_its_probing_has_a_budget(backend: Backend) {
    let (server, _clock) = identity_server(backend, |settings| {
        settings.identity.otp.terminal_max_per_window = 2;
    })
    .await;
    put_on_file(&server, 1, &[HALL]);
    let token = api_token(&server, "case-system");

    let mut nobody = request(1, HALL);
    nobody.resident_id = resident_id(99);
    let mut wrong_phone = request(1, HALL);
    wrong_phone.phone = crate::identity::phone(4);
    let (status, not_on_file) = publish_with_token(&server, &token, &nobody).await;
    assert_eq!(
        (status, code_of(&not_on_file)),
        (StatusCode::CONFLICT, "party_unconfirmed"),
        "{not_on_file}"
    );
    let (status, mismatch) = publish_with_token(&server, &token, &wrong_phone).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        mismatch, not_on_file,
        "a number not on file and a wrong phone read the same"
    );

    // The budget is spent: refused before anything is looked up, even for
    // a party on file.
    let (status, body) = publish_with_token(&server, &token, &request(1, HALL)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        "{body}"
    );
    assert!(body["retry_after_ms"].as_u64().is_some(), "{body}");
    assert_eq!(stored(&server), (0, 0), "nothing was published");

    // Another client has its own budget; a desk's clerk gets the precise
    // refusal.
    let other = api_token(&server, "second-system");
    let (status, body) = publish_with_token(&server, &other, &request(1, HALL)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let desk = server.desk(COURT, HALL).await;
    let (status, body) = crate::delivery_fixtures::publish(&desk, &nobody).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "party_not_on_file"),
        "{body}"
    );
}

/// `2026-12-07T23:50:00Z` for a whole second.
fn rfc3339(epoch_ms: u64) -> String {
    let seconds = epoch_ms / 1_000;
    let (days, in_day) = (seconds / 86_400, seconds % 86_400);
    // Howard Hinnant's civil_from_days.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3_600,
        in_day % 3_600 / 60,
        in_day % 60
    )
}
