//! Deliveries at kiosks: only the party's site's kiosks hold them and their
//! documents, never with an ID number, phone or name, and what waits for
//! one party is shown only with proof that party is at the kiosk.

use courtdesk_core::Mode;
use courtdesk_protocol::delivery::{ServiceMethod, paths};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::backend::{Backend, blocking, on_both_backends};
use crate::client::code_of;
use crate::delivery_fixtures::{delivery_server, ids, pdf, published, request, site_list, waiting};
use crate::identity::{
    COURT, HALL, card_proof, last_code, phone, put_on_file, request_otp, resident_id, verify_otp,
};

on_both_backends!(
    a_kiosk_of_another_site_receives_nothing,
    a_party_sees_only_their_own_deliveries_and_only_with_their_reference,
);

const OTHER_HALL: &str = "hall-b";

async fn a_kiosk_of_another_site_receives_nothing(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    let desk = server.desk(COURT, HALL).await;
    let electronic = published(&desk, &request(1, HALL)).await;
    let mut on_paper = request(1, HALL);
    on_paper.method = ServiceMethod::Paper;
    let paper = published(&desk, &on_paper).await;

    let here = server.kiosk_with_reader(COURT, HALL).await;
    let there = server.kiosk_with_reader(COURT, OTHER_HALL).await;
    let elsewhere = server.kiosk_with_reader("court-2", HALL).await;

    let (status, body) = site_list(&here).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        ids(&body),
        vec![electronic.clone()],
        "paper service never reaches a kiosk"
    );
    let listed = &body["deliveries"][0];
    assert_eq!(
        listed["state"], "published",
        "a GET changes no state: listing the site hands nothing over"
    );
    let text = body.to_string();
    for secret in [resident_id(1), phone(1), "当事人1".to_owned()] {
        assert!(
            !text.contains(&secret),
            "a kiosk sees no personal data: {text}"
        );
    }
    let party = listed["party"].as_str().expect("the party's keyed hash");
    assert_eq!(party.len(), 64);

    for other in [&there, &elsewhere] {
        let (status, body) = site_list(other).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(
            ids(&body).is_empty(),
            "another site's kiosk sees nothing: {body}"
        );
    }

    let sha = courtdesk_protocol::Digest::of(&pdf("summons 1"));
    let path = paths::document(&sha);
    let party_card = card_proof(&resident_id(1));
    let stranger = card_proof(&resident_id(2));
    put_on_file(&server, 2, &[HALL]);
    let response = {
        let body = serde_json::to_vec(&party_card).expect("JSON");
        let signed = here.sign("POST", &path, &body, crate::client::now_ms(), &here.key);
        here.http
            .post(format!("{}{}", here.base, path))
            .header(courtdesk_protocol::auth::HEADER_TERMINAL, &signed.terminal)
            .header(
                courtdesk_protocol::auth::HEADER_TIMESTAMP,
                signed.timestamp_ms.to_string(),
            )
            .header(courtdesk_protocol::auth::HEADER_NONCE, &signed.nonce)
            .header(
                courtdesk_protocol::auth::HEADER_SIGNATURE,
                &signed.signature,
            )
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("an answer")
    };
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "application/pdf",
        "the document as published"
    );
    assert_eq!(
        response.bytes().await.expect("bytes").as_ref(),
        pdf("summons 1")
    );
    let as_body = |proof: &serde_json::Value| serde_json::to_vec(proof).expect("JSON");
    let (status, body) = here.send(Method::POST, &path, as_body(&stranger)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "unknown_document"),
        "the hole this closes: a kiosk fetched any party's document of its site"
    );
    let (status, body) = here.send(Method::GET, &path, Vec::new()).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "forbidden"),
        "a kiosk asks with the party's proof, never by hash alone"
    );
    let (status, body) = there.send(Method::POST, &path, as_body(&party_card)).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "party_not_on_file"),
        "another site's kiosk cannot fetch the document"
    );
    let (status, body) = here
        .send(
            Method::POST,
            &paths::document(&courtdesk_protocol::Digest::of(b"x")),
            as_body(&party_card),
        )
        .await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "unknown_document")
    );

    let card = card_proof(&resident_id(1));
    let (status, body) = waiting(&there, &card).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::NOT_FOUND, "party_not_on_file"),
        "the party is not on file at the other site"
    );

    let display = server.enroll_as(COURT, HALL, Mode::Display).await;
    let (status, body) = site_list(&display).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let (status, body) = display.send(Method::GET, &path, Vec::new()).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "forbidden")
    );

    // The desk of the site sees both, with their states.
    let (status, body) = desk.send(Method::GET, paths::DESK, Vec::new()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut seen = ids(&body);
    seen.sort();
    let mut expected = vec![electronic, paper.clone()];
    expected.sort();
    assert_eq!(seen, expected);
    let paper_row = body["deliveries"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|d| d["delivery_id"] == paper.as_str())
        .expect("the paper delivery");
    assert_eq!(paper_row["state"], "paper");
    assert_eq!(paper_row["masked_resident_id"], "110***********0016");
    let other_desk = server.desk(COURT, OTHER_HALL).await;
    let (_, body) = other_desk.send(Method::GET, paths::DESK, Vec::new()).await;
    assert!(
        ids(&body).is_empty(),
        "another site's desk sees nothing: {body}"
    );
}

async fn a_party_sees_only_their_own_deliveries_and_only_with_their_reference(backend: Backend) {
    let (server, clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    put_on_file(&server, 2, &[HALL]);
    let desk = server.desk(COURT, HALL).await;
    let first = published(&desk, &request(1, HALL)).await;
    let second = published(&desk, &request(2, HALL)).await;
    let kiosk = server.kiosk_with_reader(COURT, HALL).await;
    let neighbour = server.kiosk_with_reader(COURT, HALL).await;

    assert_eq!(request_otp(&kiosk, &resident_id(1)).await.0, StatusCode::OK);
    let (status, verified) = verify_otp(&kiosk, &resident_id(1), &last_code(&server, 1)).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    let party_ref = verified["party_ref"]
        .as_str()
        .expect("a reference")
        .to_owned();
    let by_code = json!({"method": "otp", "party_ref": party_ref});
    let (status, body) = waiting(&kiosk, &by_code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(ids(&body), vec![first.clone()], "only party 1's delivery");
    assert_eq!(body["party_ref"], party_ref.as_str());
    assert_eq!(body["masked_resident_id"], "110***********0016");

    let (status, body) = waiting(&neighbour, &by_code).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "party_ref_invalid"),
        "a reference works only at the kiosk it was given to"
    );
    let forged = json!({"method": "otp", "party_ref": party_ref.replacen('.', "0.", 1)});
    let (status, body) = waiting(&kiosk, &forged).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "party_ref_invalid")
    );

    let card = card_proof(&resident_id(2));
    let (status, body) = waiting(&kiosk, &card).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(ids(&body), vec![second], "only party 2's delivery");
    let card_ref = body["party_ref"]
        .as_str()
        .expect("a reference for the card");
    let (status, body) = waiting(&kiosk, &json!({"method": "otp", "party_ref": card_ref})).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the card's reference works like a code's: {body}"
    );

    let bad_card = card_proof("110105198001010011");
    let (status, body) = waiting(&kiosk, &bad_card).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "invalid_resident_id")
    );
    let (status, body) = waiting(&kiosk, &json!({"method": "guess"})).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    let desk_asks = waiting(&desk, &by_code).await;
    assert_eq!(
        (desk_asks.0, code_of(&desk_asks.1)),
        (StatusCode::FORBIDDEN, "forbidden")
    );

    clock.advance(16 * 60_000);
    let (status, body) = waiting(&kiosk, &by_code).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "party_ref_invalid"),
        "a reference lasts a visit"
    );

    // A party taken off file is not served by an old reference.
    assert_eq!(request_otp(&kiosk, &resident_id(1)).await.0, StatusCode::OK);
    let (_, verified) = verify_otp(&kiosk, &resident_id(1), &last_code(&server, 1)).await;
    let fresh = json!({"method": "otp", "party_ref": verified["party_ref"]});
    blocking(|| {
        server
            .running
            .parties()
            .remove_by_resident_id(&resident_id(1))
            .expect("removed")
    });
    let (status, body) = waiting(&kiosk, &fresh).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "party_ref_invalid")
    );
}
