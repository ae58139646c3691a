//! The parties' cases: the case system puts a case with its parties, and a
//! kiosk reads the cases of a party identified there, at its own court
//! only; a bad case is refused whole and writes nothing.

use courtdesk_central::NewParty;
use courtdesk_core::Mode;
use courtdesk_protocol::cases::paths;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend::{Backend, blocking, on_both_backends};
use crate::client::{Server, Terminal, code_of};
use crate::delivery_fixtures::{api_token, delivery_server, post_with_token};
use crate::identity::{
    COURT, HALL, card_proof, last_code, phone, put_on_file, request_otp, resident_id, verify_otp,
};

on_both_backends!(
    a_case_put_by_the_case_system_is_listed_for_each_party_at_their_kiosk,
    only_a_kiosk_of_the_party_s_court_and_site_reads_with_proof,
    a_bad_case_is_refused_whole_and_writes_nothing,
    a_desk_s_case_and_delivery_name_the_clerk_and_the_case_system_s_none,
);

const OTHER_COURT: &str = "court-2";

/// A case of `COURT` naming parties `(n, role)`.
fn case(number: &str, title: &str, parties: &[(u16, &str)]) -> Value {
    json!({
        "court_id": COURT,
        "case_number": number,
        "title": title,
        "parties": parties
            .iter()
            .map(|(n, role)| json!({"resident_id": resident_id(*n), "phone": phone(*n), "role": role}))
            .collect::<Vec<_>>(),
    })
}

async fn put_with_token(server: &Server, token: &str, case: &Value) -> (StatusCode, Value) {
    post_with_token(server, token, paths::PUT, case).await
}

/// Puts a case with a terminal's signed request.
async fn put_signed(terminal: &Terminal, case: &Value) -> (StatusCode, Value) {
    let body = serde_json::to_vec(case).expect("JSON");
    terminal.send(Method::POST, paths::PUT, body).await
}

async fn party_cases(kiosk: &Terminal, proof: &Value) -> (StatusCode, Value) {
    let body = serde_json::to_vec(proof).expect("JSON");
    kiosk.send(Method::POST, paths::PARTY, body).await
}

fn card(n: u16) -> Value {
    card_proof(&resident_id(n))
}

/// `(case_number, title, role)` of each listed case, in order.
fn listed(body: &Value) -> Vec<(String, String, String)> {
    body["cases"]
        .as_array()
        .unwrap_or_else(|| panic!("cases: {body}"))
        .iter()
        .map(|c| {
            let text = |field: &str| c[field].as_str().expect("text").to_owned();
            (text("case_number"), text("title"), text("role"))
        })
        .collect()
}

fn row(number: &str, title: &str, role: &str) -> (String, String, String) {
    (number.to_owned(), title.to_owned(), role.to_owned())
}

/// The cases party `n` sees at `kiosk`, by card.
async fn cases_of(kiosk: &Terminal, n: u16) -> Vec<(String, String, String)> {
    let (status, body) = party_cases(kiosk, &card(n)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    listed(&body)
}

async fn a_desk_s_case_and_delivery_name_the_clerk_and_the_case_system_s_none(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    let desk = server.desk(COURT, HALL).await;
    let clerk = format!("clerk.{}", &desk.id.as_str()[..12]);
    let token = api_token(&server, "case-system");

    let by_desk = case("(2026)京0105民初5号", "借款合同纠纷", &[(1, "plaintiff")]);
    let (status, body) = put_signed(&desk, &by_desk).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let by_system = case("(2026)京0105民初6号", "借款合同纠纷", &[(1, "defendant")]);
    let (status, body) = put_with_token(&server, &token, &by_system).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let put_by = |number: &str| {
        blocking(|| {
            server
                .running
                .deliveries()
                .case_parties(COURT, number)
                .expect("read")
        })
        .into_iter()
        .map(|(masked, party)| (masked.is_some(), party.clerk))
        .collect::<Vec<_>>()
    };
    assert_eq!(
        put_by("(2026)京0105民初5号"),
        vec![(true, Some(clerk.clone()))]
    );
    assert_eq!(put_by("(2026)京0105民初6号"), vec![(true, None)]);

    let from_desk =
        crate::delivery_fixtures::published(&desk, &crate::delivery_fixtures::request(1, HALL))
            .await;
    let (status, body) = crate::delivery_fixtures::publish_with_token(
        &server,
        &token,
        &crate::delivery_fixtures::request(1, HALL),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let from_system = body["delivery_id"].as_str().expect("an id").to_owned();
    let clerk_of = |id: &str| {
        blocking(|| {
            server
                .running
                .deliveries()
                .get(id)
                .expect("read")
                .expect("kept")
        })
        .clerk
    };
    assert_eq!(clerk_of(&from_desk), Some(clerk));
    assert_eq!(clerk_of(&from_system), None);
}

async fn a_case_put_by_the_case_system_is_listed_for_each_party_at_their_kiosk(backend: Backend) {
    let (server, clock) = delivery_server(backend).await;
    for n in 1..=3 {
        put_on_file(&server, n, &[HALL]);
    }
    let token = api_token(&server, "case-system");
    let first = case(
        "(2026)京0105民初1号",
        "买卖合同纠纷",
        &[(1, "plaintiff"), (2, "defendant")],
    );
    let (status, body) = put_with_token(&server, &token, &first).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["parties"], 2);
    assert_eq!(body["court_id"], COURT);
    assert_eq!(body["case_number"], "(2026)京0105民初1号");
    clock.advance(1_000);
    let second = case("(2026)京0105民特7号", "申请司法确认", &[(1, "applicant")]);
    assert_eq!(
        put_with_token(&server, &token, &second).await.0,
        StatusCode::OK
    );

    let kiosk = server.kiosk_with_reader(COURT, HALL).await;
    assert_eq!(
        cases_of(&kiosk, 1).await,
        vec![
            row("(2026)京0105民特7号", "申请司法确认", "applicant"),
            row("(2026)京0105民初1号", "买卖合同纠纷", "plaintiff"),
        ],
        "latest updated first"
    );
    let (_, body) = party_cases(&kiosk, &card(1)).await;
    let text = body.to_string();
    for secret in [resident_id(1), phone(1), "当事人1".to_owned()] {
        assert!(!text.contains(&secret), "no personal data: {text}");
    }

    // Party 2 by one-time code: the reference the check gave this kiosk.
    assert_eq!(request_otp(&kiosk, &resident_id(2)).await.0, StatusCode::OK);
    let (status, verified) = verify_otp(&kiosk, &resident_id(2), &last_code(&server, 2)).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    let by_code = json!({"method": "otp", "party_ref": verified["party_ref"]});
    let (status, body) = party_cases(&kiosk, &by_code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        listed(&body),
        vec![row("(2026)京0105民初1号", "买卖合同纠纷", "defendant")]
    );
    assert!(cases_of(&kiosk, 3).await.is_empty(), "party 3 has no case");

    // Putting a case again replaces its parties.
    clock.advance(1_000);
    let again = case(
        "(2026)京0105民初1号",
        "买卖合同纠纷",
        &[(2, "defendant"), (3, "third_party")],
    );
    assert_eq!(
        put_with_token(&server, &token, &again).await.0,
        StatusCode::OK
    );
    assert_eq!(
        cases_of(&kiosk, 1).await,
        vec![row("(2026)京0105民特7号", "申请司法确认", "applicant")]
    );
    assert_eq!(
        cases_of(&kiosk, 3).await,
        vec![row("(2026)京0105民初1号", "买卖合同纠纷", "third_party")]
    );

    // A staff desk puts cases of its own court, naming it or not.
    let desk = server.desk(COURT, HALL).await;
    let mut own = case("(2026)京0105民初9号", "离婚纠纷", &[(3, "respondent")]);
    own.as_object_mut().expect("object").remove("court_id");
    let (status, body) = put_signed(&desk, &own).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["court_id"], COURT);
    let mut other = own.clone();
    other["court_id"] = json!(OTHER_COURT);
    let (status, body) = put_signed(&desk, &other).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "wrong_site")
    );
    assert_eq!(cases_of(&kiosk, 3).await.len(), 2);
}

async fn only_a_kiosk_of_the_party_s_court_and_site_reads_with_proof(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    let token = api_token(&server, "case-system");
    let first = case("(2026)京0105民初1号", "借款合同纠纷", &[(1, "defendant")]);
    assert_eq!(
        put_with_token(&server, &token, &first).await.0,
        StatusCode::OK
    );

    let kiosk = server.kiosk_with_reader(COURT, HALL).await;
    let neighbour = server.kiosk_with_reader(COURT, HALL).await;
    let other_site = server.kiosk_with_reader(COURT, "hall-b").await;
    let other_court = server.kiosk_with_reader(OTHER_COURT, HALL).await;

    assert_eq!(request_otp(&kiosk, &resident_id(1)).await.0, StatusCode::OK);
    let (_, verified) = verify_otp(&kiosk, &resident_id(1), &last_code(&server, 1)).await;
    let by_code = json!({"method": "otp", "party_ref": verified["party_ref"]});
    let (status, body) = party_cases(&kiosk, &by_code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(listed(&body).len(), 1);

    let (status, body) = party_cases(&neighbour, &by_code).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "party_ref_invalid"),
        "a reference works only at the kiosk it was given to"
    );
    let forged = json!({"method": "otp", "party_ref": "0.0.0"});
    let (status, body) = party_cases(&kiosk, &forged).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "party_ref_invalid")
    );
    for elsewhere in [&other_site, &other_court] {
        let (status, body) = party_cases(elsewhere, &card(1)).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::NOT_FOUND, "party_not_on_file"),
            "the party is not on file at this kiosk's court and site"
        );
    }
    let (status, body) = party_cases(&kiosk, &card(5)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "party_not_on_file")
    );
    let (status, body) = party_cases(&kiosk, &json!({"method": "guess"})).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    let bad_card = card_proof("110105198001010011");
    let (status, body) = party_cases(&kiosk, &bad_card).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "invalid_resident_id")
    );

    for mode in [Mode::Staff, Mode::Display] {
        let terminal = server.enroll_as(COURT, HALL, mode).await;
        let (status, body) = party_cases(&terminal, &card(1)).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::FORBIDDEN, "forbidden"),
            "only kiosks read a party's cases"
        );
    }
    let unsigned = serde_json::to_vec(&card(1)).expect("JSON");
    let (status, body) = server.raw(Method::POST, paths::PARTY, unsigned).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
    let (status, body) = post_with_token(&server, &token, paths::PARTY, &card(1)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "unauthenticated"),
        "the case system's token does not read a party's cases"
    );
}

async fn a_bad_case_is_refused_whole_and_writes_nothing(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    put_on_file(&server, 2, &[HALL]);
    blocking(|| {
        server
            .running
            .parties()
            .add(&NewParty {
                resident_id: resident_id(4),
                phone: phone(4),
                display_name: "当事人4".to_owned(),
                court_id: OTHER_COURT.to_owned(),
                site_ids: vec![HALL.to_owned()],
            })
            .expect("on file at the other court")
    });
    let token = api_token(&server, "case-system");
    let number = "(2026)京0105民初1号";
    let good = case(number, "买卖合同纠纷", &[(1, "plaintiff")]);
    assert_eq!(
        put_with_token(&server, &token, &good).await.0,
        StatusCode::OK
    );
    let kiosk = server.kiosk_with_reader(COURT, HALL).await;
    let before = vec![row(number, "买卖合同纠纷", "plaintiff")];
    assert_eq!(cases_of(&kiosk, 1).await, before);

    let replacing = |change: &dyn Fn(&mut Value)| {
        let mut value = case(
            number,
            "租赁合同纠纷",
            &[(1, "defendant"), (2, "plaintiff")],
        );
        change(&mut value);
        value
    };
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            replacing(&|v| v["parties"][1]["phone"] = json!(phone(9))),
            StatusCode::CONFLICT,
            "party_unconfirmed",
        ),
        (
            replacing(&|v| v["parties"][1]["phone"] = json!("12345")),
            StatusCode::BAD_REQUEST,
            "invalid_phone",
        ),
        (
            replacing(&|v| v["parties"][1]["resident_id"] = json!("110105198001010011")),
            StatusCode::BAD_REQUEST,
            "invalid_resident_id",
        ),
        (
            replacing(&|v| {
                v["parties"][1] =
                    json!({"resident_id": resident_id(5), "phone": phone(5), "role": "other"});
            }),
            StatusCode::CONFLICT,
            "party_unconfirmed",
        ),
        (
            replacing(&|v| {
                v["parties"][1] =
                    json!({"resident_id": resident_id(4), "phone": phone(4), "role": "other"});
            }),
            StatusCode::CONFLICT,
            "party_unconfirmed",
        ),
        (
            replacing(&|v| v["parties"][1] = v["parties"][0].clone()),
            StatusCode::BAD_REQUEST,
            "duplicate_party",
        ),
        (
            replacing(&|v| v["parties"] = json!([])),
            StatusCode::BAD_REQUEST,
            "no_parties",
        ),
        (
            replacing(&|v| {
                let many: Vec<Value> = (0..51).map(|_| v["parties"][0].clone()).collect();
                v["parties"] = json!(many);
            }),
            StatusCode::BAD_REQUEST,
            "too_many_parties",
        ),
        (
            replacing(&|v| v["parties"][1]["role"] = json!("judge")),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            replacing(&|v| v["extra"] = json!(true)),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            replacing(&|v| v["case_number"] = json!("  ")),
            StatusCode::BAD_REQUEST,
            "invalid_case_number",
        ),
        (
            replacing(&|v| v["title"] = json!("a\u{7}b")),
            StatusCode::BAD_REQUEST,
            "invalid_title",
        ),
        (
            replacing(&|v| {
                v.as_object_mut().expect("object").remove("court_id");
            }),
            StatusCode::BAD_REQUEST,
            "invalid_site",
        ),
    ];
    for (body, status, code) in &cases {
        let (got, answer) = put_with_token(&server, &token, body).await;
        assert_eq!((got, code_of(&answer)), (*status, *code), "{answer}");
    }

    // Not the case system: refused before anything is read.
    let valid = replacing(&|_| {});
    let (status, body) = put_with_token(&server, "cdapi_not-a-token", &valid).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
    let unsigned = serde_json::to_vec(&valid).expect("JSON");
    let (status, body) = server.raw(Method::POST, paths::PUT, unsigned).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
    let (status, body) = put_signed(&kiosk, &valid).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "forbidden"),
        "a kiosk does not put cases"
    );
    let revoked = api_token(&server, "old-system");
    blocking(|| {
        server
            .running
            .api_clients()
            .revoke("old-system")
            .expect("revoked")
    });
    let (status, body) = put_with_token(&server, &revoked, &valid).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );

    assert_eq!(cases_of(&kiosk, 1).await, before, "nothing was written");
    assert!(cases_of(&kiosk, 2).await.is_empty(), "nothing was written");

    let (status, body) = put_with_token(&server, &token, &valid).await;
    assert_eq!(status, StatusCode::OK, "the same case, corrected: {body}");
    assert_eq!(
        cases_of(&kiosk, 2).await,
        vec![row(number, "租赁合同纠纷", "plaintiff")]
    );
}
