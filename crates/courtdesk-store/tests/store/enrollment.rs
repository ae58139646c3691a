//! The terminal's signing secret and its enrollment.

use courtdesk_store::{Enrollment, Store, TerminalSecret};

#[test]
fn the_signing_secret_is_generated_once_and_never_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("terminal.sqlite3");
    let store = Store::open(&path).expect("open");
    assert_eq!(store.terminal_secret().expect("read"), None);
    let first = TerminalSecret::from_bytes([7; 32]);
    let stored = store
        .ensure_terminal_secret(first.clone(), 1)
        .expect("store");
    assert_eq!(stored, first);
    drop(store);

    let store = Store::open(&path).expect("reopen");
    let again = store
        .ensure_terminal_secret(TerminalSecret::from_bytes([8; 32]), 2)
        .expect("a later candidate is ignored");
    assert_eq!(again, first, "the key never changes once written");
    let shown = format!("{again:?}");
    assert!(
        !shown.contains('7'),
        "Debug must not show the secret: {shown}"
    );
}

#[test]
fn an_enrollment_is_stored_and_replaced_by_a_re_enrollment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("terminal.sqlite3")).expect("open");
    assert_eq!(store.enrollment().expect("read"), None);
    let mut enrollment = Enrollment {
        server_url: "https://127.0.0.1:8443".into(),
        fingerprint: "ab".repeat(32),
        court_id: "court-1".into(),
        site_id: "site-1".into(),
        enrolled_at_ms: 10,
    };
    store.save_enrollment(&enrollment).expect("save");
    assert_eq!(
        store.enrollment().expect("read").as_ref(),
        Some(&enrollment)
    );
    enrollment.site_id = "site-2".into();
    store.save_enrollment(&enrollment).expect("replace");
    assert_eq!(store.enrollment().expect("read"), Some(enrollment));
}
