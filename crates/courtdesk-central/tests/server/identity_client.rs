//! The terminal's sync client against the real server: the identity calls
//! and the typed refusals a screen branches on.

use courtdesk_central::NewStaffAccount;
use courtdesk_core::Mode;
use courtdesk_identity::staff::Role;
use courtdesk_protocol::api::{OtpRequest, OtpVerifyRequest, StaffRole, StaffSignInRequest};
use courtdesk_store::Store;
use courtdesk_sync::{Central, IdentityError, enroll, enrolled_central};
use tempfile::TempDir;

use crate::backend::{Backend, blocking, on_both_backends};
use crate::client::{Server, now_ms};
use crate::identity::{COURT, HALL, identity_server, last_code, put_on_file, resident_id};

on_both_backends!(the_sync_client_identifies_litigants_and_signs_staff_in);

/// A terminal of `mode` enrolled through the sync client, and its client.
async fn client(server: &Server, mode: Mode) -> (TempDir, Central) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("terminal.sqlite3")).expect("a terminal store");
    let code = server.code_for(COURT, HALL, mode);
    let at = i64::try_from(now_ms()).expect("a time");
    enroll(
        &store,
        &server.base,
        server.running.fingerprint(),
        &code,
        mode,
        at,
    )
    .await
    .expect("enrolled");
    let central = enrolled_central(&store).expect("a client");
    (dir, central)
}

fn otp(n: u16) -> OtpRequest {
    OtpRequest {
        resident_id: resident_id(n),
    }
}

fn typed(n: u16, code: &str) -> OtpVerifyRequest {
    OtpVerifyRequest {
        resident_id: resident_id(n),
        code: code.to_owned(),
    }
}

async fn the_sync_client_identifies_litigants_and_signs_staff_in(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    put_on_file(&server, 31, &[HALL]);
    let (_kiosk_dir, kiosk) = client(&server, Mode::Kiosk).await;

    let sent = kiosk.request_otp(&otp(31)).await.expect("a code is sent");
    assert_eq!(sent.masked_phone, "139****0031");
    let code = last_code(&server, 31);
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let refused = kiosk.verify_otp(&typed(31, wrong)).await;
    assert!(
        matches!(refused, Err(IdentityError::OtpWrong { attempts_left: 4 })),
        "{refused:?}"
    );
    let verified = kiosk.verify_otp(&typed(31, &code)).await.expect("verified");
    assert_eq!(verified.display_name, "当事人31");
    let again = kiosk.verify_otp(&typed(31, &code)).await;
    assert_eq!(again.map(|_| ()).map_err(|e| e.code()), Err("otp_no_code"));
    let limited = kiosk.request_otp(&otp(31)).await;
    assert!(
        matches!(limited, Err(IdentityError::OtpRateLimited { retry_after_ms }) if retry_after_ms > 0),
        "{limited:?}"
    );
    let unknown = kiosk.request_otp(&otp(32)).await;
    assert_eq!(
        unknown.map(|_| ()).map_err(|e| e.code()),
        Err("party_not_found")
    );

    blocking(|| {
        server.running.staff_accounts().add(&NewStaffAccount {
            username: "zhang.wei".into(),
            display_name: "张伟".into(),
            role: Role::Supervisor,
            password: "Court-desk 2024".into(),
        })
    })
    .expect("an account");
    let at_kiosk = kiosk
        .staff_sign_in(&StaffSignInRequest {
            username: "zhang.wei".into(),
            password: "Court-desk 2024".into(),
        })
        .await;
    assert_eq!(
        at_kiosk.map(|_| ()).map_err(|e| e.code()),
        Err("forbidden"),
        "a kiosk signs no staff in"
    );

    let (_desk_dir, desk) = client(&server, Mode::Staff).await;
    let signed_in = desk
        .staff_sign_in(&StaffSignInRequest {
            username: "zhang.wei".into(),
            password: "Court-desk 2024".into(),
        })
        .await
        .expect("signed in");
    assert_eq!(signed_in.role, StaffRole::Supervisor);
    let wrong = desk
        .staff_sign_in(&StaffSignInRequest {
            username: "zhang.wei".into(),
            password: "Court-desk 2025".into(),
        })
        .await;
    assert!(
        matches!(wrong, Err(IdentityError::WrongCredentials)),
        "{wrong:?}"
    );
    let at_desk = desk.request_otp(&otp(31)).await;
    assert_eq!(at_desk.map(|_| ()).map_err(|e| e.code()), Err("forbidden"));
}
