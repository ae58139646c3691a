//! Checking a bundle with the court's public key: every file against the
//! manifest, every record's signatures, the chain, and the documents.
//! Verification goes on after a finding, so that everything wrong is named.

use std::collections::{BTreeMap, BTreeSet};

use courtdesk_core::TerminalId;
use courtdesk_protocol::Digest;
use ed25519_dalek::VerifyingKey;

use super::BUNDLE_FORMAT;
use super::entries::{Entries, read_entries};
use super::finding::Finding;
use super::manifest::{Manifest, SignaturesFile};
use crate::court::Countersignature;
use crate::key::{PublicKey, signature_from_base64};
use crate::record::{DocumentRef, EventKind, EvidenceRecord, IdentityMethod};
use crate::signed::{RECORD_DOMAIN, evidence_digest};

/// How much a bundle may hold, so that a hostile archive cannot exhaust
/// memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_entries: usize,
    /// Per entry under `documents/` and `served/`.
    pub max_document_bytes: u64,
    /// Per other entry (manifest, README, records, signatures).
    pub max_json_bytes: u64,
    /// All entries together.
    pub max_total_bytes: u64,
}

impl Default for Limits {
    /// 10,000 entries; 128 MiB per document; 1 MiB per other file; 1 GiB in
    /// all.
    fn default() -> Self {
        Limits {
            max_entries: 10_000,
            max_document_bytes: 128 << 20,
            max_json_bytes: 1 << 20,
            max_total_bytes: 1 << 30,
        }
    }
}

impl Limits {
    pub(crate) fn for_entry(&self, name: &str) -> u64 {
        if name.starts_with("documents/") || name.starts_with("served/") {
            self.max_document_bytes
        } else {
            self.max_json_bytes
        }
    }
}

/// A bundle that verified: what it proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedBundle {
    pub delivery_id: String,
    pub exported_at_ms: u64,
    pub documents: Vec<DocumentRef>,
    /// Document names that have a served copy.
    pub served_copies: Vec<String>,
    pub records: Vec<VerifiedRecord>,
}

/// One verified record, in chain order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedRecord {
    pub seq: u64,
    pub event: EventKind,
    pub documents: Vec<String>,
    pub identity_method: IdentityMethod,
    pub terminal_id: TerminalId,
    pub terminal_time_ms: u64,
    pub received_at_ms: u64,
    pub server_seq: u64,
    pub record_sha256: Digest,
    pub evidence_sha256: Digest,
}

/// Verifies a bundle with the default [`Limits`].
pub fn verify_bundle(zip: &[u8], court_key: &VerifyingKey) -> Result<VerifiedBundle, Vec<Finding>> {
    verify_bundle_with(zip, court_key, &Limits::default())
}

/// Verifies a bundle against the court's public key, obtained from the
/// court (the manifest's copy is only compared with it). Returns every
/// finding when anything is wrong.
pub fn verify_bundle_with(
    zip: &[u8],
    court_key: &VerifyingKey,
    limits: &Limits,
) -> Result<VerifiedBundle, Vec<Finding>> {
    let mut findings = Vec::new();
    let Some(entries) = read_entries(zip, limits, &mut findings) else {
        return Err(findings);
    };
    let Some(manifest) = read_manifest(&entries, &mut findings) else {
        return Err(findings);
    };
    if manifest.court_public_key.0 != *court_key {
        findings.push(Finding::CourtKeyMismatch);
    }
    check_files(&entries, &manifest, &mut findings);
    let records = check_records(&entries, &manifest, court_key, &mut findings);
    let served_copies = check_served(&entries, &mut findings);
    if findings.is_empty() {
        Ok(VerifiedBundle {
            delivery_id: manifest.delivery_id,
            exported_at_ms: manifest.exported_at_ms,
            documents: manifest.documents,
            served_copies,
            records,
        })
    } else {
        Err(findings)
    }
}

fn read_manifest(entries: &Entries, findings: &mut Vec<Finding>) -> Option<Manifest> {
    let Some(bytes) = entries.files.get("manifest.json") else {
        findings.push(Finding::ManifestMissing);
        return None;
    };
    let manifest: Manifest = match serde_json::from_slice(bytes) {
        Ok(manifest) => manifest,
        Err(error) => {
            findings.push(Finding::ManifestMalformed {
                detail: error.to_string(),
            });
            return None;
        }
    };
    if manifest.format != BUNDLE_FORMAT {
        findings.push(Finding::ManifestMalformed {
            detail: format!("unsupported format {:?}", manifest.format),
        });
        return None;
    }
    Some(manifest)
}

fn check_files(entries: &Entries, manifest: &Manifest, findings: &mut Vec<Finding>) {
    let mut listed = BTreeSet::new();
    for file in &manifest.files {
        if file.path == "manifest.json" || !listed.insert(file.path.as_str()) {
            findings.push(Finding::ManifestMalformed {
                detail: format!("{} is listed twice or lists the manifest", file.path),
            });
            continue;
        }
        match entries.files.get(&file.path) {
            None => findings.push(Finding::MissingFile {
                path: file.path.clone(),
            }),
            Some(bytes) => {
                if bytes.len() as u64 != file.size || Digest::of(bytes) != file.sha256 {
                    findings.push(Finding::FileHashMismatch {
                        path: file.path.clone(),
                    });
                }
            }
        }
    }
    for path in entries.files.keys() {
        if path != "manifest.json" && !listed.contains(path.as_str()) {
            findings.push(Finding::ExtraFile { path: path.clone() });
        }
    }
    for document in &manifest.documents {
        let path = format!("documents/{}", document.name);
        match entries.files.get(&path) {
            None if !listed.contains(path.as_str()) => {
                findings.push(Finding::MissingFile { path });
            }
            Some(bytes) if Digest::of(bytes) != document.sha256 => {
                let finding = Finding::FileHashMismatch { path };
                if !findings.contains(&finding) {
                    findings.push(finding);
                }
            }
            _ => {}
        }
    }
    // A record or signatures file named in `records` but neither present
    // nor listed among the files would otherwise go unnoticed.
    for entry in &manifest.records {
        for path in [&entry.record, &entry.signatures] {
            if !entries.files.contains_key(path) && !listed.contains(path.as_str()) {
                findings.push(Finding::MissingFile { path: path.clone() });
            }
        }
    }
}

fn check_records(
    entries: &Entries,
    manifest: &Manifest,
    court_key: &VerifyingKey,
    findings: &mut Vec<Finding>,
) -> Vec<VerifiedRecord> {
    if manifest.records.is_empty() {
        findings.push(Finding::NoRecords);
    }
    let documents: BTreeMap<&str, Digest> = entries
        .files
        .iter()
        .filter_map(|(path, bytes)| {
            path.strip_prefix("documents/")
                .map(|name| (name, Digest::of(bytes)))
        })
        .collect();
    let mut verified = Vec::new();
    // The digest of the previous record's file, and whether that record's
    // own signature held: a chain link is judged only from a sound record,
    // so that one altered record is named once rather than twice.
    let mut prev: Option<(Digest, bool)> = None;
    let mut last_server_seq = None;
    for (i, entry) in manifest.records.iter().enumerate() {
        let path = entry.record.clone();
        let expected_seq = i as u64 + 1;
        let Some(bytes) = entries.files.get(&entry.record) else {
            // Already reported as a missing file; the chain cannot be
            // followed past it.
            prev = None;
            continue;
        };
        let digest = Digest::of(bytes);
        let record = match EvidenceRecord::from_canonical_bytes(bytes) {
            Ok(record) => record,
            Err(error) => {
                findings.push(Finding::RecordMalformed {
                    record: path,
                    code: error.code(),
                });
                prev = Some((digest, false));
                continue;
            }
        };
        let terminal_ok = check_record(
            &record, &path, bytes, entries, entry, manifest, court_key, findings,
        );
        if record.delivery_id != manifest.delivery_id {
            findings.push(Finding::WrongDelivery {
                record: path.clone(),
            });
        }
        let link_ok = match prev {
            Some((prev_digest, true)) => record.prev_sha256 == Some(prev_digest),
            // The previous record is itself reported; only the position
            // is judged here.
            Some((_, false)) => record.prev_sha256.is_some(),
            None if i == 0 => record.prev_sha256.is_none(),
            None => true,
        };
        if record.seq != expected_seq || !link_ok {
            findings.push(Finding::ChainBroken {
                record: path.clone(),
                expected_seq,
            });
        }
        for document in &record.documents {
            match documents.get(document.name.as_str()) {
                None => findings.push(Finding::DocumentMissing {
                    record: path.clone(),
                    document: document.name.clone(),
                }),
                Some(actual) if *actual != document.sha256 => {
                    findings.push(Finding::DocumentHashMismatch {
                        record: path.clone(),
                        document: document.name.clone(),
                    });
                }
                Some(_) => {}
            }
        }
        prev = Some((digest, terminal_ok.is_some()));
        if let Some(countersignature) = terminal_ok {
            if last_server_seq.is_some_and(|last| countersignature.server_seq <= last) {
                findings.push(Finding::ServerSeqOutOfOrder {
                    record: path.clone(),
                });
            }
            last_server_seq = Some(countersignature.server_seq);
            verified.push(VerifiedRecord {
                seq: record.seq,
                event: record.event,
                documents: record.documents.iter().map(|d| d.name.clone()).collect(),
                identity_method: record.identity.method,
                terminal_id: record.terminal_id.clone(),
                terminal_time_ms: record.terminal_time_ms,
                received_at_ms: countersignature.received_at_ms,
                server_seq: countersignature.server_seq,
                record_sha256: digest,
                evidence_sha256: countersignature.evidence_sha256,
            });
        }
    }
    verified
}

/// Checks one record's key and signatures; returns its countersignature
/// when the terminal's signature holds (whatever the court's does).
#[allow(clippy::too_many_arguments)]
fn check_record(
    record: &EvidenceRecord,
    path: &str,
    bytes: &[u8],
    entries: &Entries,
    entry: &super::manifest::ManifestRecord,
    manifest: &Manifest,
    court_key: &VerifyingKey,
    findings: &mut Vec<Finding>,
) -> Option<Countersignature> {
    let listed: Option<&PublicKey> = manifest
        .terminal_public_keys
        .get(record.terminal_id.as_str());
    if listed != Some(&record.terminal_public_key) {
        findings.push(Finding::TerminalKeyMismatch {
            record: path.into(),
        });
    }
    let signatures = entries
        .files
        .get(&entry.signatures)
        .and_then(|bytes| serde_json::from_slice::<SignaturesFile>(bytes).ok());
    let Some(signatures) = signatures else {
        if entries.files.contains_key(&entry.signatures) {
            findings.push(Finding::SignaturesMalformed {
                path: entry.signatures.clone(),
            });
        }
        return None;
    };
    let Some(terminal_signature) = signature_from_base64(&signatures.terminal_signature) else {
        findings.push(Finding::TerminalSignatureInvalid {
            record: path.into(),
        });
        return None;
    };
    let terminal_ok = record
        .terminal_public_key
        .0
        .verify_strict(&[RECORD_DOMAIN, bytes].concat(), &terminal_signature)
        .is_ok();
    if !terminal_ok {
        findings.push(Finding::TerminalSignatureInvalid {
            record: path.into(),
        });
    }
    let Some(court_signature) = signature_from_base64(&signatures.court_signature) else {
        findings.push(Finding::CourtSignatureInvalid {
            record: path.into(),
        });
        return None;
    };
    let countersignature = Countersignature {
        evidence_sha256: signatures.evidence_sha256,
        received_at_ms: signatures.received_at_ms,
        server_seq: signatures.server_seq,
        signature: court_signature,
    };
    if countersignature.verify(court_key).is_err() {
        findings.push(Finding::CourtSignatureInvalid {
            record: path.into(),
        });
    }
    if !terminal_ok {
        return None;
    }
    let computed = evidence_digest(
        &Digest::of(bytes),
        record.terminal_public_key.as_bytes(),
        &terminal_signature,
    );
    if computed != countersignature.evidence_sha256 {
        findings.push(Finding::EvidenceDigestMismatch {
            record: path.into(),
        });
    }
    Some(countersignature)
}

fn check_served(entries: &Entries, findings: &mut Vec<Finding>) -> Vec<String> {
    let mut served = Vec::new();
    for (path, bytes) in &entries.files {
        let Some(name) = path.strip_prefix("served/") else {
            continue;
        };
        match entries.files.get(&format!("documents/{name}")) {
            Some(original) if bytes.starts_with(original) => served.push(name.to_owned()),
            _ => findings.push(Finding::ServedCopyMismatch {
                document: name.to_owned(),
            }),
        }
    }
    served
}
