//! No plain resident ID number, phone number or password reaches the
//! server's database or its log, whatever the identity flows did.
//!
//! The log is captured from this whole test binary at DEBUG (the server
//! logs at INFO by default), so a leak from any test running beside this
//! one would show too.

use std::io::Write;
use std::sync::{Mutex, Once};

use courtdesk_central::NewStaffAccount;
use courtdesk_core::Mode;
use courtdesk_identity::staff::Role;
use reqwest::StatusCode;

use crate::backend::{Backend, blocking, on_both_backends};
use crate::identity::{
    COURT, HALL, identity_server, last_code, phone, put_on_file, request_otp, resident_id,
    verify_otp,
};
use crate::staff::sign_in;

on_both_backends!(no_plain_id_number_phone_or_password_reaches_the_database_or_the_log);

static LOG: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static CAPTURE: Once = Once::new();

struct Captured;

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        LOG.lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_the_log() {
    CAPTURE.call_once(|| {
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(|| Captured)
            .try_init()
            .expect("no other test installs a subscriber");
    });
}

fn the_log() -> String {
    String::from_utf8_lossy(&LOG.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
}

async fn no_plain_id_number_phone_or_password_reaches_the_database_or_the_log(backend: Backend) {
    capture_the_log();
    let (server, _clock) = identity_server(backend, |_| {}).await;
    let party = put_on_file(&server, 41, &[HALL]);
    let password = "Privacy-check 2024";
    blocking(|| {
        server.running.staff_accounts().add(&NewStaffAccount {
            username: "privacy.clerk".into(),
            display_name: "钱七".into(),
            role: Role::Clerk,
            password: password.into(),
        })
    })
    .expect("an account");

    let kiosk = server.enroll_as(COURT, HALL, Mode::Kiosk).await;
    assert_eq!(
        request_otp(&kiosk, &resident_id(41)).await.0,
        StatusCode::OK
    );
    let code = last_code(&server, 41);
    let wrong = if code == "000000" { "000001" } else { "000000" };
    assert_eq!(
        verify_otp(&kiosk, &resident_id(41), wrong).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        verify_otp(&kiosk, &resident_id(41), &code).await.0,
        StatusCode::OK
    );
    assert_eq!(
        request_otp(&kiosk, &resident_id(42)).await.0,
        StatusCode::NOT_FOUND
    );
    let desk = server.enroll_as(COURT, HALL, Mode::Staff).await;
    assert_eq!(
        sign_in(&desk, "privacy.clerk", password).await.0,
        StatusCode::OK
    );
    assert_eq!(
        sign_in(&desk, "privacy.clerk", "Not-the-password 1")
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    let stored = server.home.database.dump();
    let log = the_log();
    assert!(
        stored.contains("139****0041") && stored.contains(&party.id),
        "the dump holds the party's row, so its search means something"
    );
    assert!(
        log.contains("one-time code sent") && log.contains(&party.id),
        "the log was captured, so its search means something"
    );
    for (what, secret) in [
        ("the ID number", resident_id(41)),
        ("the phone number", phone(41)),
        ("an ID number not on file", resident_id(42)),
        ("a password", password.to_owned()),
        ("a wrong password", "Not-the-password 1".to_owned()),
    ] {
        assert!(!stored.contains(&secret), "{what} is in the database");
        assert!(!log.contains(&secret), "{what} is in the log");
    }
}
