//! Whatever the bytes, intake ends in an answer, never a panic, and leaves
//! the store holding exactly the accepted file or nothing.

use courtdesk_intake::{IntakeLimits, intake_file};
use proptest::prelude::*;

use crate::support::{JPEG_16, entries, object_stream, pdf, pdf_builder, png, tiff};

/// Small limits keep each case fast without changing what is checked.
fn limits() -> IntakeLimits {
    IntakeLimits {
        max_file_bytes: 1 << 20,
        max_pdf_inflated_bytes: 1 << 20,
        max_pdf_values: 100_000,
        ..IntakeLimits::default()
    }
}

fn answer_leaves_store_consistent(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("a store");
    let result = intake_file(bytes, "x", &limits(), dir.path());
    let stored = entries(dir.path());
    match result {
        Ok(file) => {
            prop_assert_eq!(stored, vec![file.sha256.hex()]);
            prop_assert!(file.pages >= 1);
        }
        Err(error) => {
            prop_assert!(stored.is_empty(), "{} left {:?}", error.code(), stored);
        }
    }
    Ok(())
}

/// Well-formed files of each kind, to be damaged.
fn seeds() -> Vec<Vec<u8>> {
    let mut with_objstm = pdf_builder(2, "/OpenAction [10 0 R /Fit]");
    let (dict, data) = object_stream(&[(900, "<< /S /GoTo /D [10 0 R /Fit] >>")]);
    with_objstm.stream(901, &dict, &data);
    vec![
        pdf(3),
        with_objstm.finish(1, ""),
        png(9, 7),
        tiff(5, 4, 2, true),
        tiff(5, 4, 1, false),
        JPEG_16.to_vec(),
    ]
}

#[derive(Debug, Clone)]
enum Damage {
    Flip { at: usize, xor: u8 },
    Cut { at: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Remove { at: usize, len: usize },
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), 1u8..).prop_map(|(at, xor)| Damage::Flip { at, xor }),
        any::<usize>().prop_map(|at| Damage::Cut { at }),
        (
            any::<usize>(),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 1..16),
                Just(b"stream\n".to_vec()),
                Just(b"endstream".to_vec()),
                Just(b"<<".to_vec()),
                Just(b"(".to_vec()),
                Just(b"/JS".to_vec()),
                Just(b" 7 0 obj ".to_vec()),
                Just(b"%%EOF".to_vec()),
            ]
        )
            .prop_map(|(at, bytes)| Damage::Insert { at, bytes }),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Damage::Remove { at, len }),
    ]
}

fn apply(mut bytes: Vec<u8>, damages: &[Damage]) -> Vec<u8> {
    for damage in damages {
        let len = bytes.len().max(1);
        match damage {
            Damage::Flip { at, xor } => {
                if let Some(byte) = bytes.get_mut(at % len) {
                    *byte ^= xor;
                }
            }
            Damage::Cut { at } => bytes.truncate(at % len),
            Damage::Insert {
                at,
                bytes: inserted,
            } => {
                let at = at % len;
                bytes.splice(
                    at.min(bytes.len())..at.min(bytes.len()),
                    inserted.iter().copied(),
                );
            }
            Damage::Remove { at, len: n } => {
                let at = (at % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_get_an_answer_and_leave_nothing_if_refused(
        bytes in proptest::collection::vec(any::<u8>(), 0..4096)
    ) {
        answer_leaves_store_consistent(&bytes)?;
    }

    #[test]
    fn arbitrary_bytes_behind_a_real_signature_get_an_answer(
        signature in prop_oneof![
            Just(&b"%PDF-1.7\n"[..]),
            Just(&b"\x89PNG\r\n\x1a\n"[..]),
            Just(&b"\xFF\xD8\xFF"[..]),
            Just(&b"II*\0"[..]),
            Just(&b"MM\0*"[..]),
        ],
        rest in proptest::collection::vec(any::<u8>(), 0..4096),
    ) {
        let mut bytes = signature.to_vec();
        bytes.extend_from_slice(&rest);
        answer_leaves_store_consistent(&bytes)?;
    }

    #[test]
    fn damaged_good_files_get_an_answer(
        seed in 0usize..6,
        damages in proptest::collection::vec(damage(), 1..6),
    ) {
        let bytes = apply(seeds().swap_remove(seed), &damages);
        answer_leaves_store_consistent(&bytes)?;
    }
}
