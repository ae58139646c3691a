use rand::SeedableRng as _;
use rand::rngs::StdRng;

use super::*;
use crate::locker::SimulatedLocker;

const SIZES: [CompartmentSize; 3] = [
    CompartmentSize::Large,
    CompartmentSize::Small,
    CompartmentSize::Small,
];

fn locker() -> (tempfile::TempDir, SimulatedLocker) {
    let dir = tempfile::tempdir().expect("tempdir");
    let locker = SimulatedLocker::create(dir.path().join("locker.json"), &SIZES).expect("created");
    (dir, locker)
}

/// A six-digit code that is not the one `issued` carries.
fn wrong_code(issued: &Issued) -> &'static str {
    if issued.code.expose() == "000000" {
        "111111"
    } else {
        "000000"
    }
}

fn rng() -> StdRng {
    StdRng::seed_from_u64(20_261_128)
}

#[test]
fn the_smallest_fitting_compartment_is_opened_and_its_code_is_never_saved() {
    let (_dir, locker) = locker();
    let mut assignments = LockerAssignments::default();
    let issued = assignments
        .assign(&locker, "S-1", CompartmentSize::Small, &mut rng(), 0)
        .expect("assigned");
    assert_eq!(
        issued.compartment,
        CompartmentId(2),
        "small before large, low numbers first"
    );
    assert!(
        !locker
            .status(issued.compartment)
            .expect("status")
            .door_closed
    );
    let code = issued.code.expose();
    assert_eq!(code.len(), CODE_DIGITS);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));
    assert!(!format!("{:?}", issued.code).contains(code));

    let saved = serde_json::to_string(&assignments).expect("serializes");
    assert!(!saved.contains(code), "only a salted hash is kept: {saved}");
    assert!(!format!("{assignments:?}").contains(code));

    let large = assignments
        .assign(&locker, "S-2", CompartmentSize::Large, &mut rng(), 0)
        .expect("assigned");
    assert_eq!(large.compartment, CompartmentId(1));
}

#[test]
fn a_deposit_counts_once_the_door_is_closed_on_something() {
    let (_dir, locker) = locker();
    let mut assignments = LockerAssignments::default();
    let issued = assignments
        .assign(&locker, "S-1", CompartmentSize::Small, &mut rng(), 0)
        .expect("assigned");
    let id = issued.compartment;
    assert_eq!(
        assignments.confirm_deposit(&locker, id).expect("read"),
        DepositState::DoorOpen
    );
    locker.close_door(id, false).expect("closed");
    assert_eq!(
        assignments.confirm_deposit(&locker, id).expect("read"),
        DepositState::Empty
    );
    locker.close_door(id, true).expect("closed");
    assert_eq!(
        assignments.confirm_deposit(&locker, id).expect("read"),
        DepositState::Deposited
    );
    assert_eq!(
        assignments.assigned().collect::<Vec<_>>(),
        [(id, "S-1", true)]
    );
    assert_eq!(
        assignments
            .confirm_deposit(&locker, CompartmentId(3))
            .expect_err("unassigned")
            .code(),
        "locker_not_assigned"
    );
}

#[test]
fn a_code_opens_its_own_compartment_once() {
    let (_dir, locker) = locker();
    let mut assignments = LockerAssignments::default();
    let mut rng = rng();
    let first = assignments
        .assign(&locker, "S-1", CompartmentSize::Small, &mut rng, 0)
        .expect("assigned");
    let second = assignments
        .assign(&locker, "S-2", CompartmentSize::Small, &mut rng, 0)
        .expect("assigned");
    assert_ne!(first.code, second.code);
    for issued in [&first, &second] {
        locker
            .close_door(issued.compartment, true)
            .expect("deposited");
    }

    // Saved and loaded again, as the terminal's store does between calls.
    let json = serde_json::to_string(&assignments).expect("serializes");
    let mut assignments: LockerAssignments = serde_json::from_str(&json).expect("parses");

    let opened = assignments
        .collect(&locker, &format!(" {} ", second.code.expose()), 10)
        .expect("the right code");
    assert_eq!(opened, second.compartment);
    assert!(
        !locker
            .status(second.compartment)
            .expect("status")
            .door_closed
    );
    assert!(
        locker
            .status(first.compartment)
            .expect("status")
            .door_closed,
        "only its own door"
    );
    let again = assignments
        .collect(&locker, second.code.expose(), 20)
        .expect_err("single use");
    assert_eq!(again.code(), "pickup_code_wrong");
    assert_eq!(assignments.assigned().count(), 1);
}

#[test]
fn a_jammed_door_is_passed_over_and_keeps_its_code_valid_at_pickup() {
    let (_dir, locker) = locker();
    let mut assignments = LockerAssignments::default();
    locker.set_jammed(CompartmentId(2), true).expect("jammed");
    let issued = assignments
        .assign(&locker, "S-1", CompartmentSize::Small, &mut rng(), 0)
        .expect("assigned");
    assert_eq!(
        issued.compartment,
        CompartmentId(3),
        "compartment 2 is jammed"
    );
    locker
        .close_door(issued.compartment, true)
        .expect("deposited");

    locker.set_jammed(CompartmentId(3), true).expect("jammed");
    let error = assignments
        .collect(&locker, issued.code.expose(), 10)
        .expect_err("jammed");
    assert_eq!(error.code(), "locker_door_jammed");
    locker.set_jammed(CompartmentId(3), false).expect("fixed");
    assert_eq!(
        assignments
            .collect(&locker, issued.code.expose(), 20)
            .expect("opens now"),
        CompartmentId(3)
    );
}

#[test]
fn no_free_compartment_is_locker_full() {
    let (_dir, locker) = locker();
    let mut assignments = LockerAssignments::default();
    let mut rng = rng();
    for n in 0..3 {
        assignments
            .assign(
                &locker,
                &format!("S-{n}"),
                CompartmentSize::Small,
                &mut rng,
                0,
            )
            .expect("room");
    }
    let error = assignments
        .assign(&locker, "S-4", CompartmentSize::Small, &mut rng, 0)
        .expect_err("full");
    assert_eq!(error.code(), "locker_full");
    assert_eq!(
        assignments.release(CompartmentId(1)),
        Some("S-2".to_owned())
    );
}

#[test]
fn five_wrong_codes_lock_pickups_for_fifteen_minutes() {
    let (_dir, locker) = locker();
    let mut assignments = LockerAssignments::default();
    let issued = assignments
        .assign(&locker, "S-1", CompartmentSize::Small, &mut rng(), 0)
        .expect("assigned");
    let wrong = wrong_code(&issued);
    for left in (1..5).rev() {
        match assignments.collect(&locker, wrong, 1000) {
            Err(AssignmentError::WrongCode { attempts_left }) => assert_eq!(attempts_left, left),
            other => panic!("expected a wrong code, got {other:?}"),
        }
    }
    let locked = assignments
        .collect(&locker, wrong, 1000)
        .expect_err("fifth");
    assert_eq!(locked.code(), "pickup_locked");
    let still = assignments
        .collect(&locker, issued.code.expose(), 1000 + 14 * 60 * 1000)
        .expect_err("even the right code waits");
    assert_eq!(still.code(), "pickup_locked");
    assert_eq!(
        assignments
            .collect(&locker, issued.code.expose(), 1000 + 15 * 60 * 1000)
            .expect("after the lock"),
        issued.compartment
    );
}

#[test]
fn each_further_lock_before_a_right_code_doubles_up_to_a_day() {
    let (_dir, locker) = locker();
    let mut assignments = LockerAssignments::default();
    let issued = assignments
        .assign(&locker, "S-1", CompartmentSize::Small, &mut rng(), 0)
        .expect("assigned");
    let wrong = wrong_code(&issued);
    let minute = 60 * 1000;
    let mut now = 0;
    let mut locks = Vec::new();
    for _ in 0..9 {
        for _ in 0..5 {
            if let Err(AssignmentError::Locked { retry_after_ms }) =
                assignments.collect(&locker, wrong, now)
            {
                locks.push(retry_after_ms / minute);
                now += retry_after_ms;
            }
        }
    }
    assert_eq!(
        locks,
        vec![15, 30, 60, 120, 240, 480, 960, 1440, 1440],
        "guessing slows to five codes a day"
    );
    assignments
        .collect(&locker, issued.code.expose(), now)
        .expect("the right code opens");
    let second = assignments
        .assign(&locker, "S-2", CompartmentSize::Small, &mut rng(), now)
        .expect("assigned");
    let wrong = wrong_code(&second);
    let mut first_lock = None;
    for _ in 0..5 {
        if let Err(AssignmentError::Locked { retry_after_ms }) =
            assignments.collect(&locker, wrong, now)
        {
            first_lock = Some(retry_after_ms / minute);
        }
    }
    assert_eq!(first_lock, Some(15), "a right code starts the count again");
}

#[test]
fn malformed_codes_are_wrong_codes() {
    let (_dir, locker) = locker();
    let mut assignments = LockerAssignments::default();
    assignments
        .assign(&locker, "S-1", CompartmentSize::Small, &mut rng(), 0)
        .expect("assigned");
    for bad in ["", "12345", "1234567", "12a456", "１２３４５６"] {
        assert_eq!(
            assignments
                .collect(&locker, bad, 0)
                .expect_err("malformed")
                .code(),
            if bad == "１２３４５６" {
                "pickup_locked"
            } else {
                "pickup_code_wrong"
            },
            "{bad:?}"
        );
    }
}
