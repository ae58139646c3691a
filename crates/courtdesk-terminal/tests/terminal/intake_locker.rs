//! Paper materials in the kiosk's simulated locker: a compartment opened
//! for a submission filed here, the sensors read until the papers are in,
//! the deposit recorded once and synced with its pickup code to the desk
//! (never to the kiosk's screen), the code opening the compartment once;
//! a jammed door, a full locker, another person's submission, wrong codes
//! up to the lock, and bad input, each changing nothing it should not.

use std::path::Path;

use courtdesk_core::Mode;
use courtdesk_identity::staff::Role;
use courtdesk_intake::locker::{CompartmentId, CompartmentSize, LockerController, SimulatedLocker};
use courtdesk_terminal::commands::intake_kiosk::SubmittedView;
use courtdesk_terminal::commands::intake_locker::{LockerCancel, LockerDepositState};
use courtdesk_terminal::intake::records::CaseRef;
use courtdesk_terminal::{ErrorCode, Terminal};

use crate::court::{Court, PASSWORD, eventually, printed_files, printed_text, printer_or_skip};
use crate::delivery::identify;
use crate::intake::{add_usb, drained, pdf, prepare};
use crate::start_terminal_with;

const RESIDENT_ID: &str = "11010519491231002X";
const PHONE: &str = "13812345678";
const OTHER_ID: &str = "110101199003070011";

const LOCKER_CONFIG: &str = "[identity]\ncard_reader_simulator = \"card.json\"\n\
     [intake]\nusb_root = \"usb\"\n\
     [locker]\ndriver = \"simulated\"\nsimulator_state = \"locker.json\"\n";

/// A locker of one small, one medium and one large compartment.
fn locker(dir: &Path) -> SimulatedLocker {
    SimulatedLocker::create(
        dir.join("locker.json"),
        &[
            CompartmentSize::Small,
            CompartmentSize::Medium,
            CompartmentSize::Large,
        ],
    )
    .expect("the simulated locker")
}

fn card(dir: &Path, resident_id: &str) {
    std::fs::write(
        dir.join("card.json"),
        format!("{{\"resident_id\":\"{resident_id}\",\"name\":\"张三\"}}"),
    )
    .expect("card");
}

/// An unenrolled kiosk with the locker, its visitor read from the card.
fn kiosk(dir: &Path) -> Terminal {
    prepare(dir);
    card(dir, RESIDENT_ID);
    let kiosk = start_terminal_with(dir, Mode::Kiosk, LOCKER_CONFIG);
    kiosk.identity_read_card().expect("read").expect("a card");
    kiosk
}

/// Files a one-file submission for the visitor.
fn file(dir: &Path, kiosk: &Terminal) -> SubmittedView {
    std::fs::write(dir.join("usb").join("claim.pdf"), pdf(1, "")).expect("written");
    kiosk
        .intake_start(
            CaseRef::NewFiling {
                answers: None,
                case_type: "civil".into(),
            },
            None,
        )
        .expect("started");
    let draft = add_usb(kiosk, "claim.pdf").expect("accepted");
    kiosk
        .intake_set_material(&draft.items[0].item_id, "complaint")
        .expect("set");
    kiosk.intake_submit().expect("filed")
}

/// The pickup codes of the deposits this terminal recorded, read from its
/// database as the court would read them from the records.
fn recorded_codes(dir: &Path) -> Vec<String> {
    let conn = courtdesk_store::open_unlocked(&dir.join("terminal.sqlite3")).expect("opened");
    let mut statement = conn
        .prepare("SELECT body FROM intake_records WHERE kind = 'intake.locker_deposited'")
        .expect("prepared");
    statement
        .query_map([], |row| row.get::<_, String>(0))
        .expect("queried")
        .map(|body| {
            let body: serde_json::Value =
                serde_json::from_str(&body.expect("a row")).expect("JSON");
            body["pickup_code"].as_str().expect("a code").to_owned()
        })
        .collect()
}

fn lockers_seen(kiosk: &Terminal, submitted: &SubmittedView) -> usize {
    kiosk
        .intake_status(&submitted.qr_payload)
        .expect("status")
        .lockers
        .len()
}

#[test]
fn papers_go_in_only_once_the_door_is_closed_on_them_and_the_code_opens_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = locker(dir.path());
    let kiosk = kiosk(dir.path());
    assert!(kiosk.terminal_info().expect("info").locker);
    let submitted = file(dir.path(), &kiosk);
    let id = &submitted.submission_id;

    let opened = kiosk.intake_locker_open(id, "medium").expect("opened");
    assert_eq!(opened.compartment, 2, "the smallest free one that fits");
    let door = CompartmentId(opened.compartment);
    assert!(
        !sim.status(door).expect("status").door_closed,
        "its door opened"
    );
    // Asked again before the papers are in, the same compartment opens.
    assert_eq!(
        kiosk
            .intake_locker_open(id, "small")
            .expect("again")
            .compartment,
        opened.compartment
    );

    let state = kiosk.intake_locker_deposit(id).expect("read");
    assert_eq!(state.state, LockerDepositState::DoorOpen);
    sim.close_door(door, false).expect("closed empty");
    let state = kiosk.intake_locker_deposit(id).expect("read");
    assert_eq!(state.state, LockerDepositState::Empty);
    assert_eq!(lockers_seen(&kiosk, &submitted), 0, "nothing recorded yet");

    sim.close_door(door, true).expect("closed on the papers");
    let deposited = kiosk.intake_locker_deposit(id).expect("deposited");
    assert_eq!(deposited.state, LockerDepositState::Deposited);
    assert_eq!(
        deposited.print_error.as_deref(),
        Some("no_printer"),
        "the slip is tried on the kiosk's printer"
    );
    let status = kiosk.intake_status(&submitted.qr_payload).expect("status");
    assert_eq!(status.lockers.len(), 1);
    assert_eq!(status.lockers[0].compartment, opened.compartment);
    assert_eq!(
        status.lockers[0].pickup_code, None,
        "the kiosk's screen never shows the code"
    );
    // Asked again, nothing more is recorded.
    let again = kiosk.intake_locker_deposit(id).expect_err("no longer open");
    assert_eq!(again.detail.as_deref(), Some("not_assigned"));
    assert_eq!(
        kiosk
            .intake_locker_cancel(id)
            .expect_err("nothing to give up")
            .detail
            .as_deref(),
        Some("not_assigned")
    );
    let codes = recorded_codes(dir.path());
    assert_eq!(codes.len(), 1, "one deposit record");
    let code = &codes[0];
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{code}"
    );

    // Staff at the kiosk: the code opens the compartment once.
    kiosk.visit_finish().expect("visit over");
    let collected = kiosk.locker_collect(&format!(" {code} ")).expect("opened");
    assert_eq!(collected.compartment, opened.compartment);
    assert_eq!(
        collected.submission_number.as_deref(),
        Some(submitted.number.as_str())
    );
    assert!(!sim.status(door).expect("status").door_closed);
    let twice = kiosk.locker_collect(code).expect_err("spent");
    assert_eq!(twice.code, ErrorCode::PickupCodeWrong);
    assert_eq!(twice.detail.as_deref(), Some("4"));
}

#[test]
fn a_closed_empty_compartment_is_given_up_but_not_an_open_or_full_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = locker(dir.path());
    let kiosk = kiosk(dir.path());
    let submitted = file(dir.path(), &kiosk);
    let id = &submitted.submission_id;
    let door = CompartmentId(
        kiosk
            .intake_locker_open(id, "large")
            .expect("opened")
            .compartment,
    );
    assert_eq!(door, CompartmentId(3));

    assert_eq!(
        kiosk.intake_locker_cancel(id).expect("read"),
        LockerCancel::DoorOpen
    );
    sim.close_door(door, true).expect("closed on something");
    assert_eq!(
        kiosk.intake_locker_cancel(id).expect("read"),
        LockerCancel::NotEmpty
    );
    sim.open(door).expect("opened");
    sim.close_door(door, false).expect("taken out");
    assert_eq!(
        kiosk.intake_locker_cancel(id).expect("given up"),
        LockerCancel::Released
    );
    assert_eq!(lockers_seen(&kiosk, &submitted), 0);
    assert!(
        recorded_codes(dir.path()).is_empty(),
        "nothing was recorded"
    );
    // The compartment is free again: the next large one is the same.
    assert_eq!(
        kiosk
            .intake_locker_open(id, "large")
            .expect("again")
            .compartment,
        3
    );
}

#[test]
fn the_end_of_a_visit_records_papers_left_in_frees_an_empty_compartment_and_holds_an_open_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = locker(dir.path());
    let kiosk = kiosk(dir.path());
    let left_in = file(dir.path(), &kiosk);
    let given_up = file(dir.path(), &kiosk);
    let left_open = file(dir.path(), &kiosk);
    let open = |s: &SubmittedView, size| {
        CompartmentId(
            kiosk
                .intake_locker_open(&s.submission_id, size)
                .expect("opened")
                .compartment,
        )
    };
    let (first, second, third) = (
        open(&left_in, "small"),
        open(&given_up, "small"),
        open(&left_open, "small"),
    );
    assert_eq!((first.0, second.0, third.0), (1, 2, 3));
    // The person closes the first on the papers and the second empty, and
    // walks away (or the countdown ends the visit) before the screen reads
    // the sensors.
    sim.close_door(first, true).expect("closed on papers");
    sim.close_door(second, false).expect("closed empty");
    kiosk.visit_finish().expect("visit over");

    let codes = recorded_codes(dir.path());
    assert_eq!(codes.len(), 1, "the papers left in are recorded");
    assert_eq!(lockers_seen(&kiosk, &left_in), 1);
    assert_eq!(lockers_seen(&kiosk, &given_up), 0);
    assert_eq!(lockers_seen(&kiosk, &left_open), 0);
    // The empty one is free again; the open one stays held.
    card(dir.path(), RESIDENT_ID);
    kiosk.identity_read_card().expect("read").expect("a card");
    let next = file(dir.path(), &kiosk);
    assert_eq!(open(&next, "small"), second, "the freed compartment");
    sim.close_door(third, false).expect("closed at last");
    let after = file(dir.path(), &kiosk);
    let error = kiosk
        .intake_locker_open(&after.submission_id, "small")
        .expect_err("the open one was still held");
    assert_eq!(error.code, ErrorCode::LockerFull);
    // The code of the papers left in opens their compartment.
    kiosk.visit_finish().expect("visit over");
    assert_eq!(
        kiosk.locker_collect(&codes[0]).expect("opened").compartment,
        first.0
    );
}

#[test]
fn a_jammed_door_and_a_full_locker_hold_nothing_and_say_which() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = locker(dir.path());
    let kiosk = kiosk(dir.path());
    let submitted = file(dir.path(), &kiosk);
    let id = &submitted.submission_id;

    sim.set_jammed(CompartmentId(3), true).expect("jammed");
    let jammed = kiosk.intake_locker_open(id, "large").expect_err("jammed");
    assert_eq!(jammed.code, ErrorCode::LockerDoorJammed);
    assert!(sim.status(CompartmentId(3)).expect("status").door_closed);
    assert_eq!(
        kiosk
            .intake_locker_deposit(id)
            .expect_err("nothing held")
            .detail
            .as_deref(),
        Some("not_assigned"),
        "the jammed compartment was not held for the submission"
    );
    sim.set_jammed(CompartmentId(3), false).expect("fixed");

    // Every compartment of medium or more taken: full.
    let other = file(dir.path(), &kiosk);
    assert_eq!(
        kiosk
            .intake_locker_open(&other.submission_id, "medium")
            .expect("medium")
            .compartment,
        2
    );
    assert_eq!(
        kiosk
            .intake_locker_open(id, "medium")
            .expect("large")
            .compartment,
        3
    );
    let third = file(dir.path(), &kiosk);
    let full = kiosk
        .intake_locker_open(&third.submission_id, "medium")
        .expect_err("full");
    assert_eq!(full.code, ErrorCode::LockerFull);
    assert_eq!(
        kiosk
            .intake_locker_open(&third.submission_id, "small")
            .expect("a small one is free")
            .compartment,
        1
    );
}

#[test]
fn another_persons_submission_and_bad_input_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = locker(dir.path());
    let kiosk = kiosk(dir.path());
    let submitted = file(dir.path(), &kiosk);
    let id = &submitted.submission_id;
    let before = std::fs::read_to_string(dir.path().join("locker.json")).expect("state");

    for size in ["", "huge", "SMALL", "small "] {
        let error = kiosk.intake_locker_open(id, size).expect_err("not a size");
        assert_eq!(
            (error.code, error.detail.as_deref()),
            (ErrorCode::BadInput, Some("size")),
            "{size:?}"
        );
    }
    for code in ["", "   ", "abcdef", "12345", "1234567", "12 456", "١٢٣٤٥٦"] {
        let error = kiosk.locker_collect(code).expect_err("not a code");
        assert_eq!(
            (error.code, error.detail.as_deref()),
            (ErrorCode::BadInput, Some("code")),
            "{code:?}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("locker.json")).expect("state"),
        before,
        "no door moved"
    );
    // Bad codes do not count towards the lock: 4 wrong ones still leave 1.
    for left in ["4", "3", "2", "1"] {
        let error = kiosk.locker_collect("000000").expect_err("wrong");
        assert_eq!(error.detail.as_deref(), Some(left));
    }

    // Someone else at the kiosk cannot use this submission.
    kiosk.visit_finish().expect("visit over");
    card(dir.path(), OTHER_ID);
    kiosk.identity_read_card().expect("read").expect("a card");
    let error = kiosk
        .intake_locker_open(id, "small")
        .expect_err("not theirs");
    assert_eq!(error.code, ErrorCode::NoSuchSubmission);
    assert!(sim.status(CompartmentId(1)).expect("status").door_closed);
    kiosk.visit_finish().expect("visit over");
    let error = kiosk
        .intake_locker_open(id, "small")
        .expect_err("nobody here");
    assert_eq!(error.code, ErrorCode::IllegalAction);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("locker.json")).expect("state"),
        before
    );
}

#[test]
fn five_wrong_codes_lock_pickups_and_a_kiosk_without_a_locker_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    locker(dir.path());
    let kiosk = kiosk(dir.path());
    for left in ["4", "3", "2", "1"] {
        let error = kiosk.locker_collect("999999").expect_err("wrong");
        assert_eq!(
            (error.code, error.detail.as_deref()),
            (ErrorCode::PickupCodeWrong, Some(left))
        );
    }
    let locked = kiosk.locker_collect("999999").expect_err("locked");
    assert_eq!(locked.code, ErrorCode::PickupLocked);
    assert_eq!(locked.detail.as_deref(), Some("900"), "15 minutes");
    // The lock is kept across a restart.
    drop(kiosk);
    let kiosk = start_terminal_with(dir.path(), Mode::Kiosk, LOCKER_CONFIG);
    assert_eq!(
        kiosk
            .locker_collect("123456")
            .expect_err("still locked")
            .code,
        ErrorCode::PickupLocked
    );

    let plain = tempfile::tempdir().expect("tempdir");
    prepare(plain.path());
    let bare = start_terminal_with(plain.path(), Mode::Kiosk, "[intake]\nusb_root = \"usb\"\n");
    assert!(!bare.terminal_info().expect("info").locker);
    assert_eq!(
        bare.locker_collect("123456").expect_err("no locker").code,
        ErrorCode::NoLocker
    );
    assert_eq!(
        bare.intake_locker_open(&"a".repeat(32), "small")
            .expect_err("no locker")
            .code,
        ErrorCode::NoLocker
    );
}

#[test]
fn a_deposit_reaches_the_court_once_and_the_desk_sees_its_code_and_its_pickup() {
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    let dir = tempfile::tempdir().expect("tempdir");
    prepare(dir.path());
    let sim = locker(dir.path());
    court.enroll(dir.path(), Mode::Kiosk, court.running.local_addr());
    let kiosk = start_terminal_with(dir.path(), Mode::Kiosk, LOCKER_CONFIG);
    identify(&court, &kiosk, RESIDENT_ID, PHONE);
    let submitted = file(dir.path(), &kiosk);
    let id = &submitted.submission_id;
    let door = CompartmentId(
        kiosk
            .intake_locker_open(id, "small")
            .expect("opened")
            .compartment,
    );
    sim.close_door(door, true).expect("papers in");
    assert_eq!(
        kiosk.intake_locker_deposit(id).expect("deposited").state,
        LockerDepositState::Deposited
    );
    drained(&kiosk);

    let mut exported = Vec::new();
    court
        .running
        .registry()
        .export(&mut exported)
        .expect("export");
    let lines = String::from_utf8(exported).expect("utf-8");
    let deposits: Vec<serde_json::Value> = lines
        .lines()
        .filter(|l| l.contains("intake.locker_deposited"))
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(deposits.len(), 1, "the deposit reached the server once");
    let text = deposits[0].to_string();
    let code = recorded_codes(dir.path()).pop().expect("a code");
    for field in [
        id.as_str(),
        kiosk.id().as_str(),
        code.as_str(),
        "\"compartment\":1",
        "deposited_at_ms",
    ] {
        assert!(text.contains(field), "{field} in {text}");
    }

    let (_desk_dir, desk) = court.desk();
    let view = eventually("the deposit at the desk", || {
        desk.desk_intake_submission(id)
            .ok()
            .filter(|v| !v.lockers.is_empty())
    });
    let deposit = &view.lockers[0];
    assert_eq!(deposit.compartment, 1);
    assert_eq!(deposit.terminal_id, kiosk.id().as_str());
    assert_eq!(deposit.pickup_code.as_deref(), Some(code.as_str()));
    assert_eq!(deposit.collected_at_ms, None);
    let slip = desk
        .desk_intake_locker_slip(id)
        .expect_err("the desk has no printer");
    assert_eq!(
        (slip.code, slip.detail.as_deref()),
        (ErrorCode::PrintFailed, Some("no_printer"))
    );

    kiosk.locker_collect(&code).expect("opened by staff");
    drained(&kiosk);
    let view = eventually("the pickup at the desk", || {
        desk.desk_intake_submission(id)
            .ok()
            .filter(|v| v.lockers[0].collected_at_ms.is_some())
    });
    assert_eq!(view.lockers.len(), 1);
    let none_left = desk.desk_intake_locker_slip(id).expect_err("collected");
    assert_eq!(none_left.detail.as_deref(), Some("no_locker_deposit"));
}

#[test]
fn the_litigant_s_slip_prints_without_the_code_and_the_desk_s_pickup_slip_with_it() {
    let Some((queue, out)) = printer_or_skip() else {
        return;
    };
    let printer = format!("[queue]\nprinter = \"{queue}\"\n");
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    let dir = tempfile::tempdir().expect("tempdir");
    prepare(dir.path());
    let sim = locker(dir.path());
    court.enroll(dir.path(), Mode::Kiosk, court.running.local_addr());
    let kiosk = start_terminal_with(
        dir.path(),
        Mode::Kiosk,
        &format!("{LOCKER_CONFIG}{printer}"),
    );
    identify(&court, &kiosk, RESIDENT_ID, PHONE);
    let submitted = file(dir.path(), &kiosk);
    let id = &submitted.submission_id;
    let door = CompartmentId(
        kiosk
            .intake_locker_open(id, "large")
            .expect("opened")
            .compartment,
    );
    sim.close_door(door, true).expect("papers in");
    let before = printed_files(&out);
    let deposited = kiosk.intake_locker_deposit(id).expect("deposited");
    assert!(deposited.printed, "{:?}", deposited.print_error);
    let code = recorded_codes(dir.path()).pop().expect("a code");
    let slip = printed_text(&out, &before, &submitted.number);
    assert!(slip.contains("3 号柜"), "the compartment: {slip}");
    assert!(
        !slip.contains(&code),
        "no pickup code on the litigant's slip: {slip}"
    );
    drained(&kiosk);

    let desk_dir = tempfile::tempdir().expect("tempdir");
    court.enroll(desk_dir.path(), Mode::Staff, court.running.local_addr());
    let desk = start_terminal_with(desk_dir.path(), Mode::Staff, &printer);
    desk.staff_sign_in(&court.staff(Role::Clerk), PASSWORD)
        .expect("signed in");
    eventually("the deposit at the desk", || {
        desk.desk_intake_submission(id)
            .ok()
            .filter(|v| !v.lockers.is_empty())
    });
    let before = printed_files(&out);
    desk.desk_intake_locker_slip(id).expect("printed");
    let pickup = printed_text(&out, &before, &code);
    assert!(pickup.contains(&submitted.number), "{pickup}");
    assert!(
        pickup.contains("材料取件单"),
        "titled for the court: {pickup}"
    );
    assert!(slip.contains("收件回执"), "titled for the litigant: {slip}");
}
