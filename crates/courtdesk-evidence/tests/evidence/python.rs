//! The independent verifier (`tests/python/verify_bundle.py`, written from
//! FORMAT.md with the `cryptography` package) against bundles made here.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_evidence::EventKind;

use crate::fixtures::{Delivery, NOW_MS, tamper};

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/python/verify_bundle.py")
}

/// Runs the verifier; returns its exit code and standard output.
fn run(args: &[&str]) -> (i32, String) {
    // Debian's interpreter, where python3-cryptography is installed.
    let output = Command::new("/usr/bin/python3")
        .arg(script())
        .args(args)
        .output()
        .expect("/usr/bin/python3 runs (Debian package python3-cryptography)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("Traceback"),
        "the verifier crashed rather than judged: {stderr}"
    );
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn run_on(bundle: &[u8], court_key: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.zip");
    std::fs::write(&path, bundle).unwrap();
    run(&[path.to_str().unwrap(), court_key])
}

#[test]
fn the_python_verifier_accepts_a_sound_bundle_and_names_each_tampering() {
    let mut delivery = Delivery::new();
    let bundle = delivery.bundle();
    let court_key = STANDARD.encode(delivery.court.public_key().as_bytes());

    let (code, out) = run_on(&bundle, &court_key);
    assert_eq!(
        (code, out.trim()),
        (0, "ok: delivery D-2026-000123, 4 records verified")
    );

    let forged = tamper(&bundle, "documents/judgment.pdf", |bytes| bytes[40] ^= 1);
    let (code, out) = run_on(&forged, &court_key);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("file_hash_mismatch: documents/judgment.pdf"),
        "{out}"
    );
    assert!(
        out.contains("document_hash_mismatch: evidence/0001.json"),
        "{out}"
    );

    let forged = tamper(&bundle, "signatures/0002.json", |bytes| {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        let mut raw = STANDARD
            .decode(value["terminal_signature"].as_str().unwrap())
            .unwrap();
        raw[3] ^= 0x40;
        value["terminal_signature"] = STANDARD.encode(raw).into();
        *bytes = serde_json::to_vec_pretty(&value).unwrap();
    });
    let (code, out) = run_on(&forged, &court_key);
    assert_eq!(code, 1);
    assert!(
        out.contains("terminal_signature_invalid: evidence/0002.json"),
        "{out}"
    );

    let forged = tamper(&bundle, "signatures/0004.json", |bytes| {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        let mut raw = STANDARD
            .decode(value["court_signature"].as_str().unwrap())
            .unwrap();
        raw[60] ^= 0x02;
        value["court_signature"] = STANDARD.encode(raw).into();
        *bytes = serde_json::to_vec_pretty(&value).unwrap();
    });
    let (code, out) = run_on(&forged, &court_key);
    assert_eq!(code, 1);
    assert!(
        out.contains("court_signature_invalid: evidence/0004.json"),
        "{out}"
    );

    let forged = tamper(&bundle, "evidence/0003.json", |bytes| {
        let at = bytes.len() - 3;
        bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
    });
    let (code, out) = run_on(&forged, &court_key);
    assert_eq!(code, 1);
    assert!(out.contains("evidence/0003.json"), "{out}");

    let other_court = STANDARD.encode([0x42u8; 32]);
    let (code, out) = run_on(&bundle, &other_court);
    assert_eq!(code, 1);
    assert!(out.contains("court_key_mismatch"), "{out}");
}

#[test]
fn the_python_verifier_checks_a_receipt_qr_code() {
    let mut delivery = Delivery::new();
    let signed = delivery.sign_visit(&[EventKind::Acknowledged]);
    let countersigned = delivery.countersign_all(&signed, NOW_MS + 1_000).remove(0);
    let court_key = STANDARD.encode(delivery.court.public_key().as_bytes());
    let payload = countersigned.qr_payload();
    let (code, out) = run(&["--qr", &payload, &court_key]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&signed[0].evidence_digest().to_hex()), "{out}");
    let mut forged = payload.into_bytes();
    forged[20] = if forged[20] == b'x' { b'y' } else { b'x' };
    let (code, out) = run(&["--qr", std::str::from_utf8(&forged).unwrap(), &court_key]);
    assert_eq!((code, out.trim()), (1, "qr_signature_invalid"));
}

#[test]
fn a_bundle_with_stamped_served_copies_verifies_in_both_verifiers() {
    use courtdesk_core::Locale;
    use courtdesk_evidence::{
        BundleDocument, BundleInput, ServedAt, export_bundle, stamp_served, verify_bundle,
    };

    let mut delivery = Delivery::new();
    let signed = delivery.sign_visit(&[EventKind::MadeAvailable, EventKind::Acknowledged]);
    let records = delivery.countersign_all(&signed, NOW_MS + 2_000);
    let served_at = ServedAt {
        utc_ms: records[1].countersignature().received_at_ms,
        utc_offset_minutes: 480,
    };
    let served: Vec<Vec<u8>> = delivery
        .documents
        .iter()
        .map(|(_, bytes)| stamp_served(bytes, served_at, Locale::ZhCn).unwrap())
        .collect();
    let documents: Vec<BundleDocument<'_>> = delivery
        .documents
        .iter()
        .zip(&served)
        .map(|((name, bytes), served)| BundleDocument {
            name,
            bytes,
            served_copy: Some(served),
        })
        .collect();
    let court = delivery.court.public_key();
    let bundle = export_bundle(&BundleInput {
        delivery_id: crate::fixtures::DELIVERY,
        court_public_key: &court,
        documents: &documents,
        records: &records,
        exported_at_ms: NOW_MS + 10_000,
    })
    .unwrap();
    let verified = verify_bundle(&bundle, &court).expect("verifies");
    assert_eq!(verified.served_copies.len(), 2);
    let court_key = STANDARD.encode(court.as_bytes());
    let (code, out) = run_on(&bundle, &court_key);
    assert_eq!(code, 0, "{out}");

    // A served copy whose original part was altered is caught by both.
    let forged = tamper(&bundle, "served/judgment.pdf", |bytes| bytes[12] ^= 1);
    let forged = {
        // Keep the manifest consistent so only the prefix check can catch it.
        let mut entries = crate::fixtures::unzip(&forged);
        let served = entries
            .iter()
            .find(|(n, _)| n == "served/judgment.pdf")
            .unwrap()
            .1
            .clone();
        let manifest = entries
            .iter_mut()
            .find(|(n, _)| n == "manifest.json")
            .unwrap();
        let mut value: serde_json::Value = serde_json::from_slice(&manifest.1).unwrap();
        for file in value["files"].as_array_mut().unwrap() {
            if file["path"] == "served/judgment.pdf" {
                file["sha256"] = courtdesk_protocol::Digest::of(&served).to_hex().into();
            }
        }
        manifest.1 = serde_json::to_vec_pretty(&value).unwrap();
        crate::fixtures::rezip(&entries)
    };
    let findings = verify_bundle(&forged, &court).expect_err("fails");
    assert_eq!(
        findings,
        vec![courtdesk_evidence::Finding::ServedCopyMismatch {
            document: "judgment.pdf".into()
        }]
    );
    let (code, out) = run_on(&forged, &court_key);
    assert_eq!(
        (code, out.trim()),
        (1, "served_copy_mismatch: served/judgment.pdf")
    );
}
