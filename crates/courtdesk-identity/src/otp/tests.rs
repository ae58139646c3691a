//! The one-time code rules, driven through the book as the server would.

use std::sync::Mutex;

use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;
use crate::phone::PhoneNumber;

const SECOND: u64 = 1_000;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;
const T0: u64 = 1_750_000_000_000;

fn phone(n: u32) -> PhoneNumber {
    PhoneNumber::parse(&format!("139{n:08}")).expect("a mobile number")
}

fn rng() -> StdRng {
    StdRng::seed_from_u64(42)
}

/// A six-digit string that is not `code`.
fn other_than(code: &OneTimeCode) -> String {
    let n: u32 = code.expose().parse().expect("digits");
    format!("{:06}", (n + 1) % 1_000_000)
}

#[test]
fn a_code_verifies_once_and_then_is_gone() {
    let (policy, mut book, mut rng) = (OtpPolicy::default(), OtpBook::new(), rng());
    let issued = book
        .issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("allowed");
    assert_eq!(issued.expires_at_ms, T0 + 5 * MINUTE);
    let code = issued.code.expose();
    assert_eq!(
        book.verify(&phone(1), code, T0 + SECOND),
        VerifyOutcome::Verified
    );
    assert_eq!(
        book.verify(&phone(1), code, T0 + 2 * SECOND),
        VerifyOutcome::NoCode,
        "single use"
    );
    assert_eq!(
        book.verify(&phone(2), code, T0),
        VerifyOutcome::NoCode,
        "codes belong to one phone"
    );
}

#[test]
fn a_code_expires_five_minutes_after_issue() {
    let (policy, mut rng) = (OtpPolicy::default(), rng());
    let mut book = OtpBook::new();
    let code = book
        .issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("allowed")
        .code;
    let mut just_in_time = book.clone();
    assert_eq!(
        just_in_time.verify(&phone(1), code.expose(), T0 + 5 * MINUTE - 1),
        VerifyOutcome::Verified
    );
    assert_eq!(
        book.verify(&phone(1), code.expose(), T0 + 5 * MINUTE),
        VerifyOutcome::Expired
    );
    assert_eq!(
        book.verify(&phone(1), code.expose(), T0 + 5 * MINUTE),
        VerifyOutcome::NoCode
    );
}

#[test]
fn five_wrong_guesses_kill_the_code_even_for_the_right_sixth() {
    let (policy, mut book, mut rng) = (OtpPolicy::default(), OtpBook::new(), rng());
    let code = book
        .issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("allowed")
        .code;
    let wrong = other_than(&code);
    for attempts_left in (0..5).rev() {
        assert_eq!(
            book.verify(&phone(1), &wrong, T0),
            VerifyOutcome::Wrong { attempts_left }
        );
    }
    assert_eq!(
        book.verify(&phone(1), code.expose(), T0),
        VerifyOutcome::TooManyAttempts
    );
    assert_eq!(
        book.verify(&phone(1), code.expose(), T0 + MINUTE),
        VerifyOutcome::TooManyAttempts
    );
}

#[test]
fn a_new_code_replaces_the_old_one() {
    let (policy, mut book, mut rng) = (OtpPolicy::default(), OtpBook::new(), rng());
    let old = book
        .issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("allowed")
        .code;
    let new = book
        .issue(&policy, &phone(1), "kiosk-1", T0 + MINUTE, &mut rng)
        .expect("allowed")
        .code;
    assert_ne!(old, new, "the test needs two different codes");
    assert_eq!(
        book.verify(&phone(1), old.expose(), T0 + MINUTE),
        VerifyOutcome::Wrong { attempts_left: 4 }
    );
    assert_eq!(
        book.verify(&phone(1), new.expose(), T0 + MINUTE),
        VerifyOutcome::Verified
    );
}

#[test]
fn a_phone_waits_a_minute_between_codes() {
    let (policy, mut book, mut rng) = (OtpPolicy::default(), OtpBook::new(), rng());
    book.issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("allowed");
    let refused = book.issue(&policy, &phone(1), "kiosk-2", T0 + 20 * SECOND, &mut rng);
    assert_eq!(
        refused.map(|_| ()),
        Err(RateLimited {
            retry_after_ms: 40 * SECOND,
            limit: RateLimit::PhoneInterval
        })
    );
    assert!(
        book.issue(&policy, &phone(2), "kiosk-1", T0 + 20 * SECOND, &mut rng)
            .is_ok(),
        "other phones are not held up"
    );
    assert!(
        book.issue(&policy, &phone(1), "kiosk-1", T0 + MINUTE, &mut rng)
            .is_ok()
    );
}

#[test]
fn a_phone_gets_five_codes_an_hour() {
    let (policy, mut book, mut rng) = (OtpPolicy::default(), OtpBook::new(), rng());
    for i in 0..5 {
        book.issue(&policy, &phone(1), "kiosk-1", T0 + i * 2 * MINUTE, &mut rng)
            .expect("within the limit");
    }
    let sixth_at = T0 + 10 * MINUTE;
    let refused = book
        .issue(&policy, &phone(1), "kiosk-1", sixth_at, &mut rng)
        .map(|_| ());
    assert_eq!(
        refused,
        Err(RateLimited {
            retry_after_ms: 50 * MINUTE,
            limit: RateLimit::PhoneWindow
        })
    );
    assert_eq!(
        refused.map_err(|e| e.to_string()),
        Err("too many codes requested; try again in 3000 s".to_owned())
    );
    // The first send stops counting an hour after it was made.
    assert!(
        book.issue(&policy, &phone(1), "kiosk-1", T0 + HOUR - 1, &mut rng)
            .is_err()
    );
    assert!(
        book.issue(&policy, &phone(1), "kiosk-1", T0 + HOUR, &mut rng)
            .is_ok()
    );
}

#[test]
fn a_terminal_gets_twenty_codes_an_hour() {
    let (policy, mut book, mut rng) = (OtpPolicy::default(), OtpBook::new(), rng());
    for n in 0..20 {
        book.issue(
            &policy,
            &phone(n),
            "kiosk-1",
            T0 + u64::from(n) * SECOND,
            &mut rng,
        )
        .expect("within the limit");
    }
    let at = T0 + 30 * SECOND;
    let refused = book
        .issue(&policy, &phone(99), "kiosk-1", at, &mut rng)
        .map(|_| ());
    assert_eq!(
        refused,
        Err(RateLimited {
            retry_after_ms: HOUR - 30 * SECOND,
            limit: RateLimit::TerminalWindow
        })
    );
    assert!(
        book.issue(&policy, &phone(99), "kiosk-2", at, &mut rng)
            .is_ok(),
        "another terminal is not held up"
    );
    assert!(
        book.issue(&policy, &phone(98), "kiosk-1", T0 + HOUR, &mut rng)
            .is_ok(),
        "the window has moved on"
    );
}

#[test]
fn lookups_that_sent_nothing_share_the_terminals_window_with_codes() {
    let policy = OtpPolicy {
        terminal_max_per_window: 3,
        ..OtpPolicy::default()
    };
    let (mut book, mut rng) = (OtpBook::new(), rng());
    book.issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("the first request");
    assert_eq!(
        book.charge_terminal(&policy, "kiosk-1", T0 + SECOND),
        Ok(())
    );
    assert_eq!(
        book.charge_terminal(&policy, "kiosk-1", T0 + 2 * SECOND),
        Ok(())
    );
    let refused = RateLimited {
        retry_after_ms: HOUR - 3 * SECOND,
        limit: RateLimit::TerminalWindow,
    };
    assert_eq!(
        book.charge_terminal(&policy, "kiosk-1", T0 + 3 * SECOND),
        Err(refused)
    );
    assert_eq!(
        book.issue(&policy, &phone(2), "kiosk-1", T0 + 3 * SECOND, &mut rng)
            .map(|_| ()),
        Err(refused),
        "a number on file is refused alike once the window is full"
    );
    assert_eq!(
        book.charge_terminal(&policy, "kiosk-2", T0 + 3 * SECOND),
        Ok(()),
        "another terminal is not held up"
    );
    assert_eq!(
        book.charge_terminal(&policy, "kiosk-1", T0 + HOUR),
        Ok(()),
        "the window has moved on"
    );
}

#[test]
fn the_longest_wait_is_the_one_reported() {
    let policy = OtpPolicy {
        terminal_max_per_window: 1,
        ..OtpPolicy::default()
    };
    let (mut book, mut rng) = (OtpBook::new(), rng());
    book.issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("allowed");
    let refused = book
        .issue(&policy, &phone(1), "kiosk-1", T0 + SECOND, &mut rng)
        .map(|_| ());
    assert_eq!(
        refused,
        Err(RateLimited {
            retry_after_ms: HOUR - SECOND,
            limit: RateLimit::TerminalWindow
        })
    );
}

#[test]
fn checking_a_window_counts_nothing() {
    let policy = OtpPolicy {
        terminal_max_per_window: 1,
        ..OtpPolicy::default()
    };
    let mut book = OtpBook::new();
    for _ in 0..3 {
        assert_eq!(book.check_terminal(&policy, "client-1", T0), Ok(()));
    }
    book.charge_terminal(&policy, "client-1", T0)
        .expect("the first probe");
    assert_eq!(
        book.check_terminal(&policy, "client-1", T0 + SECOND),
        Err(RateLimited {
            retry_after_ms: HOUR - SECOND,
            limit: RateLimit::TerminalWindow
        })
    );
    assert_eq!(book.check_terminal(&policy, "client-1", T0 + HOUR), Ok(()));
}

#[test]
fn card_reads_have_a_window_of_their_own_per_kiosk() {
    let policy = OtpPolicy {
        card_reads_per_window: 2,
        terminal_max_per_window: 1,
        ..OtpPolicy::default()
    };
    let (mut book, mut rng) = (OtpBook::new(), rng());
    book.issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("the kiosk's one code");
    for n in 0..2 {
        assert_eq!(
            book.charge_card_read(&policy, "kiosk-1", T0 + n * SECOND),
            Ok(()),
            "card reads do not spend the code budget"
        );
    }
    assert_eq!(
        book.charge_card_read(&policy, "kiosk-1", T0 + 2 * SECOND),
        Err(RateLimited {
            retry_after_ms: HOUR - 2 * SECOND,
            limit: RateLimit::CardReadWindow
        })
    );
    assert_eq!(
        book.charge_card_read(&policy, "kiosk-2", T0 + 2 * SECOND),
        Ok(()),
        "another kiosk has its own window"
    );
    book.prune(&policy, T0 + HOUR + 2 * SECOND);
    assert_eq!(
        book.charge_card_read(&policy, "kiosk-1", T0 + HOUR + 2 * SECOND),
        Ok(())
    );
}

#[test]
fn pruning_forgets_expired_codes_and_old_sends() {
    let (policy, mut book, mut rng) = (OtpPolicy::default(), OtpBook::new(), rng());
    book.issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("allowed");
    book.prune(&policy, T0 + 5 * MINUTE - 1);
    assert_eq!(book.outstanding_codes(), 1);
    book.prune(&policy, T0 + 5 * MINUTE);
    assert_eq!(book.outstanding_codes(), 0);
    assert_ne!(book, OtpBook::new(), "the send still counts for an hour");
    book.prune(&policy, T0 + HOUR);
    assert_eq!(book, OtpBook::new());
}

#[test]
fn the_book_survives_a_round_trip_through_storage_without_its_codes() {
    let (policy, mut book, mut rng) = (OtpPolicy::default(), OtpBook::new(), rng());
    let code = book
        .issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("allowed")
        .code;
    let json = serde_json::to_string(&book).expect("serializes");
    assert!(
        !json.contains(code.expose()),
        "only the digest may be stored: {json}"
    );
    let mut restored: OtpBook = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(
        restored.verify(&phone(1), code.expose(), T0 + SECOND),
        VerifyOutcome::Verified
    );
}

#[test]
fn debug_shows_counts_not_phones() {
    let (policy, mut book, mut rng) = (OtpPolicy::default(), OtpBook::new(), rng());
    book.issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("allowed");
    let debug = format!("{book:?}");
    assert!(!debug.contains("13900000001"), "{debug}");
    assert!(debug.contains("codes: 1"), "{debug}");
}

#[test]
fn the_gateway_is_usable_as_a_shared_trait_object() {
    #[derive(Debug, Default)]
    struct Outbox(Mutex<Vec<(String, String, u32)>>);
    impl SmsGateway for Outbox {
        fn send_code(
            &self,
            phone: &PhoneNumber,
            code: &OneTimeCode,
            minutes: u32,
        ) -> Result<(), GatewayError> {
            let mut sent = self.0.lock().map_err(|_| GatewayError::Rejected {
                provider_code: "poisoned".into(),
            })?;
            sent.push((phone.expose().to_owned(), code.expose().to_owned(), minutes));
            Ok(())
        }
    }
    let outbox = std::sync::Arc::new(Outbox::default());
    let gateway: std::sync::Arc<dyn SmsGateway> = outbox.clone();
    let (policy, mut book, mut rng) = (OtpPolicy::default(), OtpBook::new(), rng());
    let issued = book
        .issue(&policy, &phone(1), "kiosk-1", T0, &mut rng)
        .expect("allowed");
    gateway.send_code(&phone(1), &issued.code, 5).expect("sent");
    let sent = outbox.0.lock().expect("not poisoned");
    assert_eq!(
        sent.as_slice(),
        [("13900000001".to_owned(), issued.code.expose().to_owned(), 5)]
    );
}

proptest! {
    #[test]
    fn the_right_code_verifies_only_within_its_budget_and_lifetime(
        wrong_guesses in 0u32..10,
        delay_ms in 0u64..(10 * MINUTE),
        seed in any::<u64>(),
    ) {
        let (policy, mut book) = (OtpPolicy::default(), OtpBook::new());
        let mut rng = StdRng::seed_from_u64(seed);
        let code = book.issue(&policy, &phone(1), "kiosk-1", T0, &mut rng).expect("allowed").code;
        let wrong = other_than(&code);
        for _ in 0..wrong_guesses {
            book.verify(&phone(1), &wrong, T0);
        }
        let outcome = book.verify(&phone(1), code.expose(), T0 + delay_ms);
        let expected = if delay_ms >= policy.code_ttl_ms {
            VerifyOutcome::Expired
        } else if wrong_guesses >= policy.max_wrong_attempts {
            VerifyOutcome::TooManyAttempts
        } else {
            VerifyOutcome::Verified
        };
        prop_assert_eq!(outcome, expected);
    }
}
