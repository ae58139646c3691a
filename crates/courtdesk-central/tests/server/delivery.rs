//! Publishing deliveries: through a staff desk's signed request and through
//! the case system's bearer token, and every refusal, each of which leaves
//! no delivery and no document behind.

use courtdesk_core::Mode;
use courtdesk_protocol::delivery::{PublishRequest, ServiceMethod};
use reqwest::{Method, StatusCode};

use crate::backend::{Backend, blocking, on_both_backends};
use crate::client::code_of;
use crate::delivery_fixtures::{
    api_token, delivery_server, document, pdf, publish, publish_with_token, request, stored,
};
use crate::identity::{COURT, HALL, phone, put_on_file, resident_id};

on_both_backends!(
    a_desk_and_the_case_system_publish_and_a_retry_answers_the_same,
    only_desks_and_valid_tokens_publish,
    every_refusal_names_its_code_and_keeps_nothing,
);

async fn a_desk_and_the_case_system_publish_and_a_retry_answers_the_same(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    let desk = server.desk(COURT, HALL).await;

    let mut by_desk = request(1, HALL);
    by_desk.court_id = None;
    by_desk.site_id = None;
    let (status, first) = publish(&desk, &by_desk).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["state"], "published");
    assert_eq!(
        (first["court_id"].as_str(), first["site_id"].as_str()),
        (Some(COURT), Some(HALL)),
        "a desk publishes for its own site"
    );
    assert_eq!(first["duplicate"], false);
    assert_eq!(first["documents"][0]["name"], "summons.pdf");
    assert_eq!(
        first["documents"][0]["sha256"],
        courtdesk_protocol::Digest::of(&pdf("summons 1")).to_hex()
    );

    let (status, again) = publish(&desk, &by_desk).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        again["delivery_id"], first["delivery_id"],
        "a retry makes nothing new"
    );
    assert_eq!(again["duplicate"], true);

    let token = api_token(&server, "case-system");
    let mut by_system = request(1, HALL);
    by_system.method = ServiceMethod::Paper;
    by_system.consent_to_electronic = false;
    let (status, paper) = publish_with_token(&server, &token, &by_system).await;
    assert_eq!(status, StatusCode::OK, "{paper}");
    assert_eq!(paper["state"], "paper", "paper service needs no consent");
    assert_ne!(paper["delivery_id"], first["delivery_id"]);

    // The same request id from another publisher is another publication.
    let mut same_id = request(1, HALL);
    same_id.request_id = by_desk.request_id.clone();
    let (status, other) = publish_with_token(&server, &token, &same_id).await;
    assert_eq!(status, StatusCode::OK, "{other}");
    assert_eq!(other["duplicate"], false);

    assert_eq!(
        stored(&server),
        (3, 1),
        "three deliveries; one document file, as the same bytes are kept once"
    );
}

async fn only_desks_and_valid_tokens_publish(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    put_on_file(&server, 2, &[HALL]);
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let display = server.enroll_as(COURT, HALL, Mode::Display).await;
    for terminal in [&kiosk, &display] {
        let (status, body) = publish(terminal, &request(2, HALL)).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::FORBIDDEN, "forbidden"),
            "kiosks and displays do not publish: {body}"
        );
    }
    let desk = server.desk(COURT, HALL).await;
    let mut elsewhere = request(2, HALL);
    elsewhere.site_id = Some("hall-b".into());
    let (status, body) = publish(&desk, &elsewhere).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "wrong_site")
    );

    let (status, body) = publish_with_token(&server, "cdapi_not-a-token", &request(2, HALL)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
    let token = api_token(&server, "case-system");
    blocking(|| {
        server
            .running
            .api_clients()
            .revoke("case-system")
            .expect("revoked")
    });
    let (status, body) = publish_with_token(&server, &token, &request(2, HALL)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let clients = blocking(|| server.running.api_clients().list().expect("a list"));
    assert_eq!(clients.len(), 1);
    assert!(clients[0].revoked_ms.is_some());
    assert_ne!(
        clients[0].token_hash.to_hex(),
        token,
        "only the token's hash is kept"
    );

    // Unsigned and token-less: unauthenticated.
    let (status, body) = server
        .raw(
            Method::POST,
            "/v1/deliveries",
            serde_json::to_vec(&request(2, HALL)).expect("JSON"),
        )
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
    assert_eq!(stored(&server), (0, 0));
}

/// A publication changed by `change`, with the status and code it must get.
struct Case {
    what: &'static str,
    change: fn(&mut PublishRequest),
    status: StatusCode,
    code: &'static str,
}

fn cases() -> Vec<Case> {
    use StatusCode as S;
    let case = |what, change, status, code| Case {
        what,
        change,
        status,
        code,
    };
    vec![
        case(
            "an empty request id",
            |r| r.request_id.clear(),
            S::BAD_REQUEST,
            "invalid_request_id",
        ),
        case(
            "a request id with a space",
            |r| r.request_id = "a b".into(),
            S::BAD_REQUEST,
            "invalid_request_id",
        ),
        case(
            "an empty case number",
            |r| r.case_number = " ".into(),
            S::BAD_REQUEST,
            "invalid_case_number",
        ),
        case(
            "a case number with a line break",
            |r| r.case_number = "a\nb".into(),
            S::BAD_REQUEST,
            "invalid_case_number",
        ),
        case(
            "an empty title",
            |r| r.title.clear(),
            S::BAD_REQUEST,
            "invalid_title",
        ),
        case(
            "a title too long",
            |r| r.title = "长".repeat(201),
            S::BAD_REQUEST,
            "invalid_title",
        ),
        case(
            "no site",
            |r| r.site_id = None,
            S::BAD_REQUEST,
            "invalid_site",
        ),
        case(
            "a malformed site",
            |r| r.court_id = Some("a court".into()),
            S::BAD_REQUEST,
            "invalid_site",
        ),
        case(
            "electronic without consent",
            |r| r.consent_to_electronic = false,
            S::BAD_REQUEST,
            "consent_required",
        ),
        case(
            "a deadline that is no date",
            |r| r.deadline = "next Friday".into(),
            S::BAD_REQUEST,
            "invalid_deadline",
        ),
        case(
            "a deadline without offset",
            |r| r.deadline = "2099-01-01T00:00:00".into(),
            S::BAD_REQUEST,
            "invalid_deadline",
        ),
        case(
            "a deadline past",
            |r| r.deadline = "2020-01-01T00:00:00Z".into(),
            S::BAD_REQUEST,
            "deadline_in_past",
        ),
        case(
            "no documents",
            |r| r.documents.clear(),
            S::BAD_REQUEST,
            "no_documents",
        ),
        case(
            "four documents",
            |r| {
                r.documents = (0..4)
                    .map(|i| document(&format!("d{i}.pdf"), &pdf("x")))
                    .collect();
            },
            S::BAD_REQUEST,
            "too_many_documents",
        ),
        case(
            "a path as a name",
            |r| r.documents[0].name = "../summons.pdf".into(),
            S::BAD_REQUEST,
            "invalid_document_name",
        ),
        case(
            "a name twice",
            |r| {
                let again = r.documents[0].clone();
                r.documents.push(again);
            },
            S::BAD_REQUEST,
            "duplicate_document_name",
        ),
        case(
            "content that is not base64",
            |r| r.documents[0].content_base64 = "%%%".into(),
            S::BAD_REQUEST,
            "invalid_base64",
        ),
        case(
            "a PNG named .pdf",
            |r| r.documents[0] = document("summons.pdf", b"\x89PNG\r\n\x1a\n%%EOF"),
            S::BAD_REQUEST,
            "not_a_pdf",
        ),
        case(
            "a PDF cut short",
            |r| r.documents[0] = document("summons.pdf", b"%PDF-1.4\n1 0 obj\n<<"),
            S::BAD_REQUEST,
            "not_a_pdf",
        ),
        case(
            "one document too large",
            |r| {
                let mut big = pdf("big");
                big.splice(9..9, std::iter::repeat_n(b' ', 5000));
                r.documents[0] = document("summons.pdf", &big);
            },
            S::PAYLOAD_TOO_LARGE,
            "document_too_large",
        ),
        case(
            "documents too large together",
            |r| {
                r.documents = (0..3)
                    .map(|i| {
                        let mut doc = pdf(&format!("part {i}"));
                        doc.splice(9..9, std::iter::repeat_n(b' ', 3000));
                        document(&format!("part{i}.pdf"), &doc)
                    })
                    .collect();
            },
            S::PAYLOAD_TOO_LARGE,
            "document_too_large",
        ),
        case(
            "a malformed ID number",
            |r| r.resident_id = "110105198001010011".into(),
            S::BAD_REQUEST,
            "invalid_resident_id",
        ),
        case(
            "a malformed phone",
            |r| r.phone = "12345".into(),
            S::BAD_REQUEST,
            "invalid_phone",
        ),
        case(
            "nobody on file",
            |r| r.resident_id = resident_id(99),
            S::CONFLICT,
            "party_unconfirmed",
        ),
        case(
            "another phone than on file",
            |r| r.phone = phone(4),
            S::CONFLICT,
            "party_unconfirmed",
        ),
        case(
            "a site the party is not on file at",
            |r| r.site_id = Some("hall-b".into()),
            S::CONFLICT,
            "party_unconfirmed",
        ),
    ]
}

async fn every_refusal_names_its_code_and_keeps_nothing(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    put_on_file(&server, 3, &[HALL]);
    put_on_file(&server, 4, &[HALL]);
    let token = api_token(&server, "case-system");
    for case in cases() {
        let mut refused = request(3, HALL);
        (case.change)(&mut refused);
        let (status, body) = publish_with_token(&server, &token, &refused).await;
        assert_eq!(
            (status, code_of(&body)),
            (case.status, case.code),
            "{}: {body}",
            case.what
        );
        assert_eq!(stored(&server), (0, 0), "{} kept something", case.what);
    }
    let (status, body) = server
        .http
        .post(format!("{}/v1/deliveries", server.base))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"request_id\": ")
        .send()
        .await
        .map(|r| (r.status(), r))
        .expect("an answer");
    let body: serde_json::Value = body.json().await.expect("JSON");
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "bad_request")
    );

    // A request id used again for something else is refused, and the first
    // publication stands alone.
    let first = request(3, HALL);
    assert_eq!(
        publish_with_token(&server, &token, &first).await.0,
        StatusCode::OK
    );
    let mut reused = request(3, HALL);
    reused.request_id = first.request_id.clone();
    reused.title = "另一份".into();
    reused.documents = vec![document("other.pdf", &pdf("other"))];
    let (status, body) = publish_with_token(&server, &token, &reused).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::CONFLICT, "request_id_reused")
    );
    assert_eq!(
        stored(&server),
        (1, 1),
        "only the first publication and its document"
    );
}
