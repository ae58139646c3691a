//! A submission's total and its duplicates.

use courtdesk_intake::{ContentHash, Duplicate, IntakeError, IntakeLimits, Submission};

use crate::support::{entries, pdf, png, take};

/// The hash the case would hold for `bytes`: its rebuilt file's.
fn kept_hash(bytes: &[u8]) -> ContentHash {
    take(bytes, "earlier.pdf").1.expect("accepted").sha256
}

#[test]
fn a_file_already_in_the_case_or_the_submission_is_flagged_and_can_be_dropped() {
    let dir = tempfile::tempdir().expect("a store");
    let earlier = pdf(2);
    let mut submission =
        Submission::new(dir.path(), IntakeLimits::default(), [kept_hash(&earlier)]);
    let fresh = submission.add(&png(8, 8)[..], "photo.png").expect("added");
    assert_eq!(fresh.duplicate, None);
    let again = submission.add(&earlier[..], "again.pdf").expect("added");
    assert_eq!(again.duplicate, Some(Duplicate::EarlierSubmission));
    let twice = submission
        .add(&png(8, 8)[..], "photo copy.png")
        .expect("added");
    assert_eq!(twice.duplicate, Some(Duplicate::ThisSubmission));
    assert_eq!(submission.files().len(), 3);

    // The litigant drops both duplicates.
    let dropped = submission.remove(2).expect("the copy");
    assert_eq!(dropped.display_name, "photo copy.png");
    submission.remove(1).expect("the earlier one");
    assert_eq!(submission.files().len(), 1);
    assert!(submission.remove(5).is_none());
    assert_eq!(
        entries(dir.path()).len(),
        2,
        "stored content stays for the earlier submission"
    );
}

#[test]
fn the_submission_total_is_kept() {
    let dir = tempfile::tempdir().expect("a store");
    let file = pdf(1);
    // The total counts the rebuilt files, as they are what is kept.
    let (_other, kept) = take(&file, "1.pdf");
    let kept = kept.expect("accepted").size;
    let limits = IntakeLimits {
        max_submission_bytes: kept * 2 + 10,
        ..IntakeLimits::default()
    };
    let mut submission = Submission::new(dir.path(), limits, []);
    submission.add(&file[..], "1.pdf").expect("first");
    submission.add(&pdf(1)[..], "2.pdf").expect("second");
    let third = pdf(2);
    match submission.add(&third[..], "3.pdf") {
        Err(IntakeError::SubmissionTooLarge { limit, used }) => {
            assert_eq!(limit, limits.max_submission_bytes);
            assert_eq!(used, kept * 2);
        }
        other => panic!("expected submission_too_large, got {other:?}"),
    }
    assert_eq!(submission.total_bytes(), kept * 2);
    assert_eq!(
        entries(dir.path()).len(),
        1,
        "both accepted files have the same content"
    );
    submission.remove(1);
    submission.remove(0);
    submission
        .add(&third[..], "3.pdf")
        .expect("room again after removals");
}
