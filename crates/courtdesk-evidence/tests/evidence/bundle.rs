//! Bundles: a round trip, and every kind of tampering found and named.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_evidence::{
    BundleDocument, BundleInput, EventKind, ExportError, Finding, Limits, export_bundle,
    verify_bundle, verify_bundle_with,
};
use ed25519_dalek::SigningKey;
use proptest::prelude::*;

use crate::fixtures::{DELIVERY, Delivery, NOW_MS, rezip, tamper, unzip};

fn findings(bundle: &[u8], delivery: &Delivery) -> Vec<Finding> {
    verify_bundle(bundle, &delivery.court.public_key()).expect_err("verification fails")
}

/// Rewrites one string field of a signatures file.
fn replace_signature(bundle: &[u8], path: &str, field: &str) -> Vec<u8> {
    tamper(bundle, path, |bytes| {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        let text = value[field].as_str().unwrap().to_owned();
        let mut raw = STANDARD.decode(text).unwrap();
        raw[20] ^= 0x01;
        value[field] = STANDARD.encode(raw).into();
        *bytes = serde_json::to_vec_pretty(&value).unwrap();
    })
}

/// The manifest with file hashes recomputed, as a careful forger would
/// leave it, so that only the signatures can catch the change.
fn refresh_manifest(bundle: &[u8]) -> Vec<u8> {
    let mut entries = unzip(bundle);
    let files: Vec<serde_json::Value> = entries
        .iter()
        .filter(|(name, _)| name != "manifest.json")
        .map(|(name, data)| {
            serde_json::json!({
                "path": name,
                "size": data.len(),
                "sha256": courtdesk_protocol::Digest::of(data).to_hex(),
            })
        })
        .collect();
    let manifest = entries
        .iter_mut()
        .find(|(name, _)| name == "manifest.json")
        .unwrap();
    let mut value: serde_json::Value = serde_json::from_slice(&manifest.1).unwrap();
    value["files"] = files.into();
    manifest.1 = serde_json::to_vec_pretty(&value).unwrap();
    rezip(&entries)
}

#[test]
fn a_bundle_verifies_and_says_what_it_proves() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    let verified =
        verify_bundle(&bundle, &delivery.court.public_key()).expect("a sound bundle verifies");
    assert_eq!(verified.delivery_id, DELIVERY);
    let events: Vec<EventKind> = verified.records.iter().map(|r| r.event).collect();
    assert_eq!(
        events,
        [
            EventKind::MadeAvailable,
            EventKind::Opened,
            EventKind::Acknowledged,
            EventKind::Printed
        ]
    );
    assert!(
        verified
            .records
            .iter()
            .all(|r| r.received_at_ms >= NOW_MS + 60_000)
    );
    let names: Vec<String> = unzip(&bundle).into_iter().map(|(n, _)| n).collect();
    for expected in [
        "manifest.json",
        "README.txt",
        "documents/传票.pdf",
        "evidence/0004.json",
        "signatures/0004.json",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    assert!(
        Delivery::new().bundle() == Delivery::new().bundle(),
        "the same evidence gives the same bytes"
    );
}

#[test]
fn another_court_key_fails_every_countersignature() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    let other = SigningKey::from_bytes(&[0x77; 32]).verifying_key();
    let findings = verify_bundle(&bundle, &other).expect_err("fails");
    assert_eq!(findings[0], Finding::CourtKeyMismatch);
    assert_eq!(
        findings
            .iter()
            .filter(|f| f.code() == "court_signature_invalid")
            .count(),
        4
    );
}

#[test]
fn one_byte_changed_in_a_document_names_the_document() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    let forged = tamper(&bundle, "documents/judgment.pdf", |bytes| bytes[40] ^= 0x01);
    let found = findings(&forged, &delivery);
    assert!(
        found.contains(&Finding::FileHashMismatch {
            path: "documents/judgment.pdf".into()
        }),
        "{found:?}"
    );
    assert!(found.contains(&Finding::DocumentHashMismatch {
        record: "evidence/0003.json".into(),
        document: "judgment.pdf".into()
    }));
    assert!(
        found.iter().all(|f| f
            .subject()
            .is_some_and(|s| s.contains("judgment") || s.starts_with("evidence/"))),
        "nothing else is blamed: {found:?}"
    );
    // With the manifest's file list rewritten to match, the manifest's
    // document list and the records still catch it.
    let found = findings(&refresh_manifest(&forged), &delivery);
    assert!(
        found.contains(&Finding::DocumentHashMismatch {
            record: "evidence/0001.json".into(),
            document: "judgment.pdf".into()
        }),
        "{found:?}"
    );
    assert!(
        found.iter().all(|f| f.code() == "document_hash_mismatch"
            || *f
                == Finding::FileHashMismatch {
                    path: "documents/judgment.pdf".into()
                }),
        "{found:?}"
    );
}

#[test]
fn one_byte_changed_in_a_record_names_the_record() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    // "opened" becomes "opene" + 'e': still canonical JSON, a different
    // event name would be refused as malformed; a changed time is subtler.
    let forged = tamper(&bundle, "evidence/0002.json", |bytes| {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let at = text.find("\"terminal_time_ms\":").unwrap() + "\"terminal_time_ms\":".len() + 5;
        bytes[at] = if bytes[at] == b'9' {
            b'8'
        } else {
            bytes[at] + 1
        };
    });
    let found = findings(&refresh_manifest(&forged), &delivery);
    assert_eq!(
        found,
        vec![Finding::TerminalSignatureInvalid {
            record: "evidence/0002.json".into()
        }]
    );
}

#[test]
fn one_byte_changed_in_a_terminal_signature_names_it() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    let forged = refresh_manifest(&replace_signature(
        &bundle,
        "signatures/0003.json",
        "terminal_signature",
    ));
    assert_eq!(
        findings(&forged, &delivery),
        vec![Finding::TerminalSignatureInvalid {
            record: "evidence/0003.json".into()
        }]
    );
}

#[test]
fn one_byte_changed_in_a_countersignature_names_it() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    let forged = refresh_manifest(&replace_signature(
        &bundle,
        "signatures/0001.json",
        "court_signature",
    ));
    assert_eq!(
        findings(&forged, &delivery),
        vec![Finding::CourtSignatureInvalid {
            record: "evidence/0001.json".into()
        }]
    );
    // A changed receipt time breaks the court's signature too.
    let forged = refresh_manifest(&tamper(&bundle, "signatures/0002.json", |bytes| {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        value["received_at_ms"] = (value["received_at_ms"].as_u64().unwrap() - 86_400_000).into();
        *bytes = serde_json::to_vec_pretty(&value).unwrap();
    }));
    assert_eq!(
        findings(&forged, &delivery),
        vec![Finding::CourtSignatureInvalid {
            record: "evidence/0002.json".into()
        }]
    );
}

#[test]
fn a_countersignature_moved_from_another_record_is_of_another_evidence_digest() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    let entries = unzip(&bundle);
    let first = entries
        .iter()
        .find(|(n, _)| n == "signatures/0001.json")
        .unwrap()
        .1
        .clone();
    let second = entries
        .iter()
        .find(|(n, _)| n == "signatures/0002.json")
        .unwrap()
        .1
        .clone();
    let forged = tamper(&bundle, "signatures/0002.json", |bytes| {
        let mut mine: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        let theirs: serde_json::Value = serde_json::from_slice(&first).unwrap();
        for field in [
            "evidence_sha256",
            "received_at_ms",
            "server_seq",
            "court_signature",
        ] {
            mine[field] = theirs[field].clone();
        }
        *bytes = serde_json::to_vec_pretty(&mine).unwrap();
    });
    assert_ne!(first, second);
    let found = findings(&refresh_manifest(&forged), &delivery);
    assert!(
        found.contains(&Finding::EvidenceDigestMismatch {
            record: "evidence/0002.json".into()
        }),
        "{found:?}"
    );
}

/// Removes record `index` (from 1) and renumbers the rest, as someone
/// hiding a refusal would.
fn drop_record(bundle: &[u8], index: usize) -> Vec<u8> {
    let mut entries = unzip(bundle);
    let gone = [
        format!("evidence/{index:04}.json"),
        format!("signatures/{index:04}.json"),
    ];
    entries.retain(|(name, _)| !gone.contains(name));
    let count = entries
        .iter()
        .filter(|(n, _)| n.starts_with("evidence/"))
        .count()
        + 1;
    for (name, _) in &mut entries {
        for folder in ["evidence", "signatures"] {
            for i in index + 1..=count {
                if *name == format!("{folder}/{i:04}.json") {
                    *name = format!("{folder}/{:04}.json", i - 1);
                }
            }
        }
    }
    let manifest = entries
        .iter_mut()
        .find(|(name, _)| name == "manifest.json")
        .unwrap();
    let mut value: serde_json::Value = serde_json::from_slice(&manifest.1).unwrap();
    value["records"].as_array_mut().unwrap().pop();
    manifest.1 = serde_json::to_vec_pretty(&value).unwrap();
    refresh_manifest(&rezip(&entries))
}

#[test]
fn a_dropped_or_reordered_record_breaks_the_chain_where_it_happened() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    let found = findings(&drop_record(&bundle, 2), &delivery);
    assert!(
        found.contains(&Finding::ChainBroken {
            record: "evidence/0002.json".into(),
            expected_seq: 2
        }),
        "{found:?}"
    );
    let mut entries = unzip(&bundle);
    for (name, _) in &mut entries {
        let swapped = match name.as_str() {
            "evidence/0002.json" => "evidence/0003.json",
            "evidence/0003.json" => "evidence/0002.json",
            "signatures/0002.json" => "signatures/0003.json",
            "signatures/0003.json" => "signatures/0002.json",
            _ => continue,
        };
        *name = swapped.into();
    }
    let found = findings(&refresh_manifest(&rezip(&entries)), &delivery);
    assert!(found.contains(&Finding::ChainBroken {
        record: "evidence/0002.json".into(),
        expected_seq: 2
    }));
    assert!(found.contains(&Finding::ChainBroken {
        record: "evidence/0003.json".into(),
        expected_seq: 3
    }));
}

#[test]
fn missing_extra_and_unsafe_files_are_named() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    let mut entries = unzip(&bundle);
    entries.retain(|(name, _)| name != "signatures/0004.json");
    entries.push((
        "documents/extra.pdf".into(),
        b"%PDF-1.4 slipped in".to_vec(),
    ));
    entries.push((
        "../../etc/cron.d/evil".into(),
        b"* * * * * root sh".to_vec(),
    ));
    entries.push(("C:/Windows/evil.dll".into(), b"MZ".to_vec()));
    let found = findings(&rezip(&entries), &delivery);
    for expected in [
        Finding::MissingFile {
            path: "signatures/0004.json".into(),
        },
        Finding::ExtraFile {
            path: "documents/extra.pdf".into(),
        },
        Finding::UnsafeEntryName {
            name: "../../etc/cron.d/evil".into(),
        },
        Finding::UnsafeEntryName {
            name: "C:/Windows/evil.dll".into(),
        },
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
}

#[test]
fn oversized_duplicated_and_non_zip_input_is_refused() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    let small = Limits {
        max_document_bytes: 100,
        ..Limits::default()
    };
    let found =
        verify_bundle_with(&bundle, &delivery.court.public_key(), &small).expect_err("too large");
    assert!(
        found.contains(&Finding::EntryTooLarge {
            name: "documents/judgment.pdf".into(),
            limit: 100
        }),
        "{found:?}"
    );

    let mut entries = unzip(&bundle);
    let copy = entries
        .iter()
        .find(|(n, _)| n == "evidence/0001.json")
        .unwrap()
        .clone();
    entries.push(copy);
    let found = findings(&rezip_allowing_duplicates(&entries), &delivery);
    assert!(
        found.contains(&Finding::DuplicateEntry {
            name: "evidence/0001.json".into()
        }),
        "{found:?}"
    );

    assert_eq!(
        findings(b"PK\x03\x04 not really", &delivery),
        vec![Finding::NotAZip]
    );
    assert_eq!(
        findings(&rezip(&[]), &delivery),
        vec![Finding::ManifestMissing]
    );
}

/// A ZIP archive with a repeated name, which the `zip` writer refuses to
/// make: written by hand with stored entries.
fn rezip_allowing_duplicates(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let crc = crc32(data);
        let offset = out.len() as u32;
        let header = |signature: &[u8], central_entry: bool| {
            let mut h = signature.to_vec();
            if central_entry {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&0u32.to_le_bytes()); // time and date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central_entry {
                // Comment length, disk, internal and external attributes.
                h.extend_from_slice(&[0; 10]);
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        let local = header(b"PK\x03\x04", false);
        let central_entry = header(b"PK\x01\x02", true);
        out.extend_from_slice(&local);
        out.extend_from_slice(data);
        central.extend_from_slice(&central_entry);
    }
    let central_at = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn the_exporter_refuses_evidence_that_would_not_verify() {
    let mut delivery = Delivery::new();
    let signed = delivery.sign_visit(&[EventKind::MadeAvailable, EventKind::Acknowledged]);
    let records = delivery.countersign_all(&signed, NOW_MS);
    let documents: Vec<BundleDocument<'_>> = delivery
        .documents
        .iter()
        .map(|(name, bytes)| BundleDocument {
            name,
            bytes,
            served_copy: None,
        })
        .collect();
    let court = delivery.court.public_key();
    let input = BundleInput {
        delivery_id: DELIVERY,
        court_public_key: &court,
        documents: &documents,
        records: &records,
        exported_at_ms: NOW_MS,
    };
    let reversed: Vec<_> = records.iter().rev().cloned().collect();
    let error = export_bundle(&BundleInput {
        records: &reversed,
        ..input
    })
    .expect_err("out of order");
    assert!(
        matches!(error, ExportError::ChainBroken { position: 1 }),
        "{error:?}"
    );
    let other = SigningKey::from_bytes(&[0x55; 32]).verifying_key();
    let error = export_bundle(&BundleInput {
        court_public_key: &other,
        ..input
    })
    .expect_err("other court");
    assert_eq!(error.code(), "court_signature_invalid");
    let error = export_bundle(&BundleInput {
        documents: &documents[..1],
        ..input
    })
    .expect_err("missing document");
    assert_eq!(error.code(), "document_hash_mismatch");
    let bad_served = [
        BundleDocument {
            served_copy: Some(b"%PDF-1.7 something else"),
            ..documents[0]
        },
        documents[1],
    ];
    let error = export_bundle(&BundleInput {
        documents: &bad_served,
        ..input
    })
    .expect_err("served copy");
    assert_eq!(error.code(), "served_copy_mismatch");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever single byte of a record's signed bytes is flipped, and to
    /// whatever value, the bundle fails and the finding names that record.
    #[test]
    fn any_flip_in_a_records_signed_bytes_fails(position in any::<prop::sample::Index>(), xor in 1u8..=255) {
        let mut delivery = Delivery::new();
        let bundle = delivery.bundle();
        let forged = refresh_manifest(&tamper(&bundle, "evidence/0003.json", |bytes| {
            let at = position.index(bytes.len());
            bytes[at] ^= xor;
        }));
        let found = verify_bundle(&forged, &delivery.court.public_key()).expect_err("a flipped byte fails");
        prop_assert!(
            found.iter().any(|f| f.subject() == Some("evidence/0003.json")),
            "the record is named: {:?}", found
        );
    }
}

#[test]
fn a_record_listed_but_absent_everywhere_is_named_missing() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    let forged = tamper(&bundle, "manifest.json", |bytes| {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        value["records"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "record": "evidence/0005.json",
                "signatures": "signatures/0005.json",
            }));
        *bytes = serde_json::to_vec_pretty(&value).unwrap();
    });
    let found = findings(&forged, &delivery);
    assert!(
        found.contains(&Finding::MissingFile {
            path: "evidence/0005.json".into()
        }),
        "{found:?}"
    );
    assert!(found.contains(&Finding::MissingFile {
        path: "signatures/0005.json".into()
    }));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Whatever byte of the archive is changed, verification answers
    /// (usually with findings; a byte of ZIP metadata that nothing depends
    /// on, such as an entry's date, may change unnoticed) and never panics.
    #[test]
    fn any_byte_of_the_archive_changed_never_panics(position in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let bundle = bundle_once();
        let mut forged = bundle.to_vec();
        let at = position.index(forged.len());
        forged[at] = byte;
        let _ = verify_bundle(&forged, &Delivery::new().court.public_key());
    }
}

fn bundle_once() -> &'static [u8] {
    static BUNDLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BUNDLE.get_or_init(|| Delivery::new().bundle())
}
