//! Identity at the kiosk and the desk against the real server: a resident
//! ID number confirmed by a one-time code from the development SMS gateway,
//! the simulated card reader, the visit wiped, staff signed in online and
//! offline, locked out, disabled.

use courtdesk_core::Mode;
use courtdesk_faultproxy::{FaultProxy, Partition};
use courtdesk_identity::staff::Role;
use courtdesk_terminal::ErrorCode;

use crate::court::{Court, PASSWORD};
use crate::{start_terminal, start_terminal_with};

/// A valid number (GB 11643 check character X) and one differing only in it.
const RESIDENT_ID: &str = "11010519491231002X";
const WRONG_CHECK: &str = "110105194912310021";
/// Valid, but nobody with it is on file.
const NOT_ON_FILE: &str = "110101199003070011";
const PHONE: &str = "13812345678";

fn code_sent_to(court: &Court, phone: &str) -> String {
    let texts = court.texts();
    let last = texts
        .iter()
        .rev()
        .find(|t| t["to"] == phone)
        .expect("a text to the phone on file");
    last["code"].as_str().expect("a code").to_owned()
}

#[test]
fn a_litigant_identifies_with_an_id_number_and_the_code_texted_to_the_phone_on_file() {
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    let (_k, kiosk) = court.terminal(Mode::Kiosk);

    let bad = kiosk
        .identity_request_code(WRONG_CHECK)
        .expect_err("a wrong check character");
    assert_eq!(bad.code, ErrorCode::BadResidentId);
    assert_eq!(
        bad.detail.as_deref(),
        Some("resident_id_bad_check_character")
    );
    assert!(
        court.texts().is_empty(),
        "nothing is sent for a number that cannot be right"
    );

    let unknown = kiosk
        .identity_request_code(NOT_ON_FILE)
        .expect_err("not on file");
    assert_eq!(unknown.code, ErrorCode::PartyNotFound);

    // Typed with a lowercase x, as litigants do.
    let sent = kiosk
        .identity_request_code(&RESIDENT_ID.to_lowercase())
        .expect("a code is sent");
    assert_eq!(sent.masked_phone, "138****5678");
    assert!(sent.valid_for_seconds > 60);
    assert_eq!(
        kiosk.identity_current().expect("current"),
        None,
        "not yet verified"
    );

    let code = code_sent_to(&court, PHONE);
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let refused = kiosk.identity_verify_code(wrong).expect_err("a wrong code");
    assert_eq!(refused.code, ErrorCode::OtpWrong);
    assert_eq!(refused.detail.as_deref(), Some("4"), "tries left");
    assert_eq!(
        kiosk
            .identity_verify_code("12a456")
            .expect_err("not digits")
            .code,
        ErrorCode::BadInput
    );

    let visitor = kiosk.identity_verify_code(&code).expect("verified");
    assert_eq!(visitor.masked_id, "110***********002X");
    assert_eq!(visitor.display_name, "张三");
    assert_eq!(visitor.method, "resident_id_otp");
    assert_eq!(kiosk.identity_current().expect("current"), Some(visitor));

    kiosk.visit_finish().expect("cleared");
    assert_eq!(kiosk.identity_current().expect("current"), None);
    assert_eq!(
        kiosk
            .identity_verify_code(&code)
            .expect_err("the visit is over")
            .code,
        ErrorCode::OtpNoCode
    );
}

#[test]
fn a_kiosk_without_its_server_says_codes_need_the_network() {
    let dir = tempfile::tempdir().expect("tempdir");
    let kiosk = start_terminal(dir.path(), Mode::Kiosk);
    let error = kiosk
        .identity_request_code(RESIDENT_ID)
        .expect_err("not connected");
    assert_eq!(error.code, ErrorCode::ServerUnreachable);
    assert_eq!(
        kiosk.identity_read_card().expect_err("no reader").code,
        ErrorCode::NoCardReader
    );
}

#[test]
fn a_card_on_the_simulated_reader_identifies_its_holder_and_the_wipe_forgets_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let card = dir.path().join("card.json");
    let kiosk = start_terminal_with(
        dir.path(),
        Mode::Kiosk,
        "[identity]\ncard_reader_simulator = \"card.json\"\n",
    );
    assert!(kiosk.terminal_info().expect("info").card_reader);
    assert_eq!(kiosk.identity_read_card().expect("no card yet"), None);

    std::fs::write(
        &card,
        r#"{"resident_id":"110105194912310021","name":"李四"}"#,
    )
    .expect("a bad card placed");
    let bad = kiosk
        .identity_read_card()
        .expect_err("a bad number on the card");
    assert_eq!(bad.code, ErrorCode::BadResidentId);
    std::fs::write(&card, "{").expect("a half-read card");
    assert_eq!(
        kiosk.identity_read_card().expect_err("unreadable").code,
        ErrorCode::CardUnreadable
    );

    std::fs::write(
        &card,
        format!(r#"{{"resident_id":"{RESIDENT_ID}","name":"李四"}}"#),
    )
    .expect("placed");
    let visitor = kiosk
        .identity_read_card()
        .expect("read")
        .expect("a card is there");
    assert_eq!(visitor.method, "id_card");
    assert_eq!(visitor.masked_id, "110***********002X");

    // A file the visit left in its folder goes with it.
    let scratch = dir.path().join("visit");
    std::fs::create_dir_all(&scratch).expect("folder");
    std::fs::write(scratch.join("page-1.jpg"), b"scan").expect("a scan");
    let cleared = kiosk.visit_finish().expect("cleared");
    assert_eq!(cleared.files_deleted, 1);
    assert!(!scratch.exists());
    assert_eq!(kiosk.identity_current().expect("current"), None);
}

#[test]
fn staff_sign_in_online_then_offline_with_the_cached_verifier_and_lockout_in_both() {
    let court = Court::start();
    let proxy = court
        .runtime
        .block_on(FaultProxy::start(court.running.local_addr()))
        .expect("the proxy starts");
    let (_s, desk) = court.terminal_via(Mode::Staff, proxy.addr());
    let clerk = court.staff(Role::Clerk);
    let other = court.staff(Role::Supervisor);

    assert_eq!(
        desk.desk_board().expect_err("nobody signed in").code,
        ErrorCode::SignInRequired
    );
    let wrong = desk
        .staff_sign_in(&clerk, "not-the-password-1")
        .expect_err("a wrong password");
    assert_eq!(wrong.code, ErrorCode::WrongCredentials);
    let view = desk
        .staff_sign_in(&clerk.to_uppercase(), PASSWORD)
        .expect("signed in online");
    assert_eq!((view.role.as_str(), view.offline), ("clerk", false));
    assert_eq!(view.display_name, "窗口人员0");
    desk.desk_board().expect("a clerk sees the board");
    desk.staff_sign_out().expect("signed out");
    assert_eq!(desk.staff_current().expect("current"), None);

    let faults = proxy.handle();
    faults.partition(Partition::Refuse);
    faults.reset_all();
    let offline = desk
        .staff_sign_in(&clerk, PASSWORD)
        .expect("signed in offline with the cached verifier");
    assert!(offline.offline);
    assert_eq!(
        desk.staff_sign_in(&other, PASSWORD)
            .expect_err("never signed in here online")
            .code,
        ErrorCode::OfflineNotCachedHere
    );
    for _ in 0..4 {
        assert_eq!(
            desk.staff_sign_in(&clerk, "wrong-Password-9")
                .expect_err("wrong")
                .code,
            ErrorCode::WrongCredentials
        );
    }
    let locked = desk
        .staff_sign_in(&clerk, "wrong-Password-9")
        .expect_err("the fifth wrong password locks");
    assert_eq!(locked.code, ErrorCode::AccountLocked);
    assert_eq!(
        locked.detail.as_deref(),
        Some("15"),
        "minutes until it unlocks"
    );
    assert_eq!(
        desk.staff_sign_in(&clerk, PASSWORD)
            .expect_err("locked, even with the right password")
            .code,
        ErrorCode::AccountLocked
    );
}

#[test]
fn a_disabled_account_is_refused_and_its_cached_verifier_forgotten() {
    let court = Court::start();
    let proxy = court
        .runtime
        .block_on(FaultProxy::start(court.running.local_addr()))
        .expect("the proxy starts");
    let (_s, desk) = court.terminal_via(Mode::Staff, proxy.addr());
    let clerk = court.staff(Role::Clerk);
    desk.staff_sign_in(&clerk, PASSWORD).expect("online once");
    court
        .running
        .staff_accounts()
        .disable(&clerk)
        .expect("disabled");
    assert_eq!(
        desk.staff_sign_in(&clerk, PASSWORD)
            .expect_err("disabled")
            .code,
        ErrorCode::AccountDisabled
    );
    let faults = proxy.handle();
    faults.partition(Partition::Refuse);
    faults.reset_all();
    assert_eq!(
        desk.staff_sign_in(&clerk, PASSWORD)
            .expect_err("not offline either")
            .code,
        ErrorCode::OfflineNotCachedHere
    );
}

#[test]
fn no_id_number_or_phone_reaches_the_kiosk_files_after_a_visit() {
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    let (dir, kiosk) = court.terminal(Mode::Kiosk);
    kiosk.identity_request_code(RESIDENT_ID).expect("sent");
    let code = code_sent_to(&court, PHONE);
    kiosk.identity_verify_code(&code).expect("verified");
    kiosk.visit_finish().expect("cleared");
    drop(kiosk);
    for needle in [RESIDENT_ID, "110105194912310", PHONE] {
        for file in walk(dir.path()) {
            let bytes = std::fs::read(&file).expect("readable");
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} found in {}",
                file.display()
            );
        }
    }
    // The server keeps no plain number either (its SMS file is the gateway's).
    for file in walk(court.data_dir()) {
        if file.ends_with(courtdesk_central::SMS_OUTBOX_FILE) {
            continue;
        }
        let bytes = std::fs::read(&file).expect("readable");
        assert!(
            !bytes
                .windows(RESIDENT_ID.len())
                .any(|w| w == RESIDENT_ID.as_bytes()),
            "the ID number found in {}",
            file.display()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
