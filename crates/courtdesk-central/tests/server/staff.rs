//! Staff sign-in at desks: the verifier to cache, wrong passwords, lockout,
//! disabled accounts, and the administrator's account and party commands.

use courtdesk_central::{NewStaffAccount, StaffAccountError};
use courtdesk_core::Mode;
use courtdesk_identity::staff::{OFFLINE_CREDENTIAL_MAX_AGE_MS, PasswordVerifier, Role};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend::{Backend, blocking, on_both_backends};
use crate::client::{Server, Terminal, code_of, now_ms};
use crate::identity::{COURT, HALL, identity_server};

on_both_backends!(
    the_right_password_signs_in_with_a_verifier_to_cache,
    five_wrong_passwords_lock_the_account_for_fifteen_minutes,
    a_disabled_account_is_refused_only_with_its_right_password,
    only_staff_desks_sign_staff_in,
    accounts_are_checked_when_created,
);

const MINUTE: u64 = 60_000;
const PASSWORD: &str = "Court-desk 2024";

fn add_clerk(server: &Server, username: &str) {
    blocking(|| {
        server
            .running
            .staff_accounts()
            .add(&NewStaffAccount {
                username: username.to_owned(),
                display_name: "张伟".to_owned(),
                role: Role::Clerk,
                password: PASSWORD.to_owned(),
            })
            .expect("the account is created")
    });
}

pub(crate) async fn sign_in(
    desk: &Terminal,
    username: &str,
    password: &str,
) -> (StatusCode, Value) {
    let body =
        serde_json::to_vec(&json!({ "username": username, "password": password })).expect("JSON");
    desk.send(Method::POST, "/v1/staff/sign-in", body).await
}

async fn the_right_password_signs_in_with_a_verifier_to_cache(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    add_clerk(&server, "zhang.wei");
    let desk = server.enroll_as(COURT, HALL, Mode::Staff).await;

    let before = now_ms();
    let (status, body) = sign_in(&desk, " Zhang.Wei ", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["username"], "zhang.wei", "usernames ignore case");
    assert_eq!(body["display_name"], "张伟");
    assert_eq!(body["role"], "clerk");
    let verifier =
        PasswordVerifier::from_phc(body["verifier"].as_str().expect("a verifier")).expect("PHC");
    assert!(
        verifier.verify(PASSWORD),
        "the desk can check the password offline"
    );
    assert!(!verifier.verify("court-desk 2024"));
    let cached_at = body["cached_at_ms"].as_u64().expect("a time");
    assert!(cached_at >= before && cached_at <= now_ms());
    assert_eq!(
        body["offline_valid_until_ms"].as_u64(),
        Some(cached_at + OFFLINE_CREDENTIAL_MAX_AGE_MS)
    );

    let (status, body) = sign_in(&desk, "zhang.wei", "Court-desk 2025").await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "wrong_credentials")
    );
    let (status, body) = sign_in(&desk, "li.na", PASSWORD).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "wrong_credentials"),
        "an unknown username gets the same answer as a wrong password"
    );
}

async fn five_wrong_passwords_lock_the_account_for_fifteen_minutes(backend: Backend) {
    let (server, clock) = identity_server(backend, |_| {}).await;
    add_clerk(&server, "zhang.wei");
    let desk = server.enroll_as(COURT, HALL, Mode::Staff).await;

    for attempt in 1..5 {
        let (status, body) = sign_in(&desk, "zhang.wei", "wrong-password-1").await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::FORBIDDEN, "wrong_credentials"),
            "attempt {attempt}"
        );
    }
    let (status, body) = sign_in(&desk, "zhang.wei", "wrong-password-1").await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::LOCKED, "account_locked"),
        "the fifth wrong password locks"
    );
    assert_eq!(body["retry_after_ms"], json!(15 * MINUTE));
    let (status, body) = sign_in(&desk, "zhang.wei", PASSWORD).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::LOCKED, "account_locked"),
        "even the right password waits out the lock"
    );
    let other_desk = server.enroll_as(COURT, HALL, Mode::Staff).await;
    let (status, _) = sign_in(&other_desk, "zhang.wei", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::LOCKED,
        "the lock is the account's, not the desk's"
    );

    clock.advance(15 * MINUTE);
    let (status, body) = sign_in(&desk, "zhang.wei", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for _ in 1..5 {
        sign_in(&desk, "zhang.wei", "wrong-password-1").await;
    }
    let (status, body) = sign_in(&desk, "zhang.wei", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a success cleared the count, so four more wrong ones do not lock: {body}"
    );
}

async fn a_disabled_account_is_refused_only_with_its_right_password(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    add_clerk(&server, "zhang.wei");
    let desk = server.enroll_as(COURT, HALL, Mode::Staff).await;
    let accounts = server.running.staff_accounts();
    blocking(|| accounts.disable("zhang.wei")).expect("disabled");

    let (status, body) = sign_in(&desk, "zhang.wei", PASSWORD).await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "account_disabled")
    );
    let (status, body) = sign_in(&desk, "zhang.wei", "wrong-password-1").await;
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::FORBIDDEN, "wrong_credentials"),
        "a guesser does not learn the account is disabled"
    );

    blocking(|| accounts.enable("zhang.wei")).expect("enabled");
    assert_eq!(
        sign_in(&desk, "zhang.wei", PASSWORD).await.0,
        StatusCode::OK
    );

    for _ in 0..5 {
        sign_in(&desk, "zhang.wei", "wrong-password-1").await;
    }
    assert_eq!(
        sign_in(&desk, "zhang.wei", PASSWORD).await.0,
        StatusCode::LOCKED
    );
    blocking(|| accounts.set_password("zhang.wei", "New-desk-pass 9")).expect("set");
    let (status, body) = sign_in(&desk, "zhang.wei", "New-desk-pass 9").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a new password lifts the lock: {body}"
    );
    let (status, body) = sign_in(&desk, "zhang.wei", PASSWORD).await;
    assert_eq!(
        code_of(&body),
        "wrong_credentials",
        "the old one is gone: {status}"
    );
}

async fn only_staff_desks_sign_staff_in(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    add_clerk(&server, "zhang.wei");
    for mode in [Mode::Kiosk, Mode::Display] {
        let terminal = server.enroll_as(COURT, HALL, mode).await;
        let (status, body) = sign_in(&terminal, "zhang.wei", PASSWORD).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::FORBIDDEN, "forbidden"),
            "{mode:?}"
        );
    }
    let desk = server.enroll_as(COURT, HALL, Mode::Staff).await;
    assert_eq!(
        sign_in(&desk, "zhang.wei", PASSWORD).await.0,
        StatusCode::OK,
        "the refusals above were not counted as wrong passwords"
    );
}

async fn accounts_are_checked_when_created(backend: Backend) {
    let (server, _clock) = identity_server(backend, |_| {}).await;
    let accounts = server.running.staff_accounts();
    let new = |username: &str, password: &str| NewStaffAccount {
        username: username.to_owned(),
        display_name: "李娜".to_owned(),
        role: Role::Supervisor,
        password: password.to_owned(),
    };
    let refused = blocking(|| accounts.add(&new("li.na", "short")));
    assert!(
        matches!(refused, Err(StaffAccountError::Password(_))),
        "{refused:?}"
    );
    let refused = blocking(|| accounts.add(&new("li.na", "Li.Na-2024-desk")));
    assert!(
        matches!(refused, Err(StaffAccountError::Password(_))),
        "the password may not contain the username: {refused:?}"
    );
    let refused = blocking(|| accounts.add(&new("李娜", PASSWORD)));
    assert!(matches!(refused, Err(StaffAccountError::BadUsername)));
    blocking(|| accounts.add(&new("Li.Na", PASSWORD))).expect("created");
    let refused = blocking(|| accounts.add(&new("li.na", PASSWORD)));
    assert!(matches!(refused, Err(StaffAccountError::Taken(_))));
    assert!(matches!(
        blocking(|| accounts.disable("nobody")),
        Err(StaffAccountError::Unknown(_))
    ));
    let listed = blocking(|| accounts.list()).expect("listed");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].username.as_str(), listed[0].role),
        ("li.na", Role::Supervisor)
    );
}
