//! Deliveries under retries at once, kiosks probing card numbers, and what
//! the database keeps of a party.

use courtdesk_core::Mode;
use courtdesk_evidence::EventKind;
use reqwest::StatusCode;

use crate::backend::{Backend, blocking, on_both_backends};
use crate::client::{Terminal, code_of};
use crate::delivery_fixtures::{
    api_token, delivery_server, listed, now, publish_with_token, published, record, request,
    stored, submit, waiting,
};
use crate::identity::{COURT, HALL, card_proof, identity_server, phone, put_on_file, resident_id};

on_both_backends!(
    the_same_record_sent_at_once_is_kept_once,
    the_same_publication_sent_at_once_makes_one_delivery,
    card_numbers_not_on_file_spend_the_kiosks_budget,
    no_id_number_phone_or_address_is_stored_plain,
);

const AT_ONCE: usize = 6;

/// Another handle on the same enrolled terminal.
fn copy(terminal: &Terminal) -> Terminal {
    Terminal {
        id: terminal.id.clone(),
        key: terminal.key.clone(),
        http: terminal.http.clone(),
        base: terminal.base.clone(),
        head: terminal.head,
        session: terminal.session.clone(),
    }
}

async fn the_same_record_sent_at_once_is_kept_once(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    put_on_file(&server, 1, &[HALL]);
    let desk = server.desk(COURT, HALL).await;
    let id = published(&desk, &request(1, HALL)).await;
    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    let held = listed(&kiosk, &id).await;
    let shown = record(&kiosk, &held, EventKind::MadeAvailable, None, now());
    let sends: Vec<_> = (0..AT_ONCE)
        .map(|_| {
            let (kiosk, shown) = (copy(&kiosk), shown.clone());
            tokio::spawn(async move { submit(&kiosk, &shown).await })
        })
        .collect();
    let mut fresh = 0;
    let mut signatures = Vec::new();
    for send in sends {
        let (status, receipt) = send.await.expect("the send ran");
        assert_eq!(status, StatusCode::OK, "{receipt}");
        if receipt["duplicate"] == false {
            fresh += 1;
        }
        signatures.push(receipt["countersigned"]["countersignature"].clone());
    }
    assert_eq!(fresh, 1, "one send stored it, the others found it");
    assert!(
        signatures.windows(2).all(|w| w[0] == w[1]),
        "every answer carries the one countersignature"
    );
    let kept = blocking(|| server.running.deliveries().evidence(&id).expect("evidence"));
    assert_eq!(kept.len(), 1);
}

async fn the_same_publication_sent_at_once_makes_one_delivery(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    put_on_file(&server, 2, &[HALL]);
    let token = api_token(&server, "case-system");
    let publication = request(2, HALL);
    let server = std::sync::Arc::new(server);
    let sends: Vec<_> = (0..AT_ONCE)
        .map(|_| {
            let (server, token, publication) = (
                std::sync::Arc::clone(&server),
                token.clone(),
                publication.clone(),
            );
            tokio::spawn(async move { publish_with_token(&server, &token, &publication).await })
        })
        .collect();
    let mut ids = Vec::new();
    for send in sends {
        let (status, body) = send.await.expect("the send ran");
        assert_eq!(status, StatusCode::OK, "{body}");
        ids.push(body["delivery_id"].clone());
    }
    assert!(
        ids.windows(2).all(|w| w[0] == w[1]),
        "one delivery: {ids:?}"
    );
    assert_eq!(stored(&server), (1, 1));
}

async fn card_numbers_not_on_file_spend_the_kiosks_budget(backend: Backend) {
    let (server, _clock) = identity_server(backend, |settings| {
        settings.identity.otp.terminal_max_per_window = 2;
    })
    .await;
    put_on_file(&server, 3, &[HALL]);
    let kiosk = server.kiosk_with_reader(COURT, HALL).await;
    let on_file = card_proof(&resident_id(3));
    for _ in 0..3 {
        assert_eq!(
            waiting(&kiosk, &on_file).await.0,
            StatusCode::OK,
            "a party on file costs nothing of the code budget"
        );
    }
    for n in [50, 51] {
        let unknown = card_proof(&resident_id(n));
        let (status, body) = waiting(&kiosk, &unknown).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::NOT_FOUND, "party_not_on_file")
        );
    }
    let unknown = card_proof(&resident_id(52));
    let (status, body) = waiting(&kiosk, &unknown).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "otp_rate_limited"),
        "a kiosk cannot probe who is on file: {body}"
    );
    assert!(body["retry_after_ms"].as_u64().is_some(), "{body}");
}

async fn no_id_number_phone_or_address_is_stored_plain(backend: Backend) {
    let (server, _clock) = delivery_server(backend).await;
    let party = put_on_file(&server, 4, &[HALL]);
    let address = "上海市黄浦区中山东一路18号";
    blocking(|| {
        server
            .running
            .parties()
            .set_address(&party.id, address)
            .expect("an address")
    });
    let desk = server.desk(COURT, HALL).await;
    published(&desk, &request(4, HALL)).await;
    let dump = blocking(|| server.home.database.dump());
    for (what, plain) in [
        ("ID number", resident_id(4)),
        ("phone", phone(4)),
        ("address", address.to_owned()),
    ] {
        assert!(!dump.contains(&plain), "the {what} is in the database");
    }
}
