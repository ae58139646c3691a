//! Enrollment against the real server, and the certificate pin.

use courtdesk_core::Mode;
use courtdesk_sync::{SyncError, enroll, now_ms};

use crate::court::{COURT, Court, SITE, Terminal};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrollment_stores_the_server_its_pin_and_the_court() {
    let court = Court::start().await;
    let terminal = Terminal::new();
    let code = court.enrollment_code(Mode::Kiosk);
    let enrollment = enroll(
        &terminal.store,
        &court.url(),
        court.fingerprint(),
        &code,
        Mode::Kiosk,
        now_ms(),
    )
    .await
    .expect("enrolled");
    assert_eq!(
        (enrollment.court_id.as_str(), enrollment.site_id.as_str()),
        (COURT, SITE)
    );
    assert_eq!(enrollment.fingerprint, court.fingerprint());
    assert_eq!(terminal.store.enrollment().expect("read"), Some(enrollment));

    let again = enroll(
        &terminal.store,
        &court.url(),
        court.fingerprint(),
        &code,
        Mode::Kiosk,
        now_ms(),
    )
    .await
    .expect_err("a code is spent once");
    assert_eq!(again.code(), "forbidden");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_pin_fails_enrollment_without_sending_the_code() {
    let court = Court::start().await;
    let terminal = Terminal::new();
    let code = court.enrollment_code(Mode::Staff);
    let wrong = "0".repeat(64);
    let error = enroll(
        &terminal.store,
        &court.url(),
        &wrong,
        &code,
        Mode::Staff,
        now_ms(),
    )
    .await
    .expect_err("another certificate must be refused");
    assert!(matches!(error, SyncError::PinMismatch), "{error:?}");
    assert!(!error.is_retryable());
    assert_eq!(terminal.store.enrollment().expect("read"), None);

    // Had the code crossed the wire it would be spent; it still works.
    enroll(
        &terminal.store,
        &court.url(),
        court.fingerprint(),
        &code,
        Mode::Staff,
        now_ms(),
    )
    .await
    .expect("the code was never sent, so it is still valid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_http_url_is_refused_before_anything_is_sent() {
    let terminal = Terminal::new();
    let error = enroll(
        &terminal.store,
        "http://127.0.0.1:1",
        &"0".repeat(64),
        "code",
        Mode::Staff,
        now_ms(),
    )
    .await
    .expect_err("only https");
    assert!(matches!(error, SyncError::BadUrl), "{error:?}");
}
