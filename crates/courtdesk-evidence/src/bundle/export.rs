//! Writing a delivery's evidence bundle.

use std::collections::BTreeMap;
use std::io::{Cursor, Write as _};

use courtdesk_protocol::Digest;
use ed25519_dalek::VerifyingKey;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::manifest::{Manifest, ManifestFile, ManifestRecord, SignaturesFile};
use super::{BUNDLE_FORMAT, README, record_path, signatures_path};
use crate::court::CountersignedRecord;
use crate::key::{PublicKey, signature_to_base64};
use crate::record::{DocumentRef, valid_delivery_id, valid_document_name};

/// One document of the delivery, as published, and optionally the copy
/// served to the party (stamped by [`crate::stamp_served`]).
#[derive(Debug, Clone, Copy)]
pub struct BundleDocument<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
    pub served_copy: Option<&'a [u8]>,
}

/// Everything a bundle holds. Records are in chain order, each
/// countersigned by the court whose key is given.
#[derive(Debug, Clone, Copy)]
pub struct BundleInput<'a> {
    pub delivery_id: &'a str,
    pub court_public_key: &'a VerifyingKey,
    pub documents: &'a [BundleDocument<'a>],
    pub records: &'a [CountersignedRecord],
    pub exported_at_ms: u64,
}

/// Why a bundle was not written: each would make a bundle that fails its own
/// verification, so the exporter refuses rather than hand one out.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the delivery id is not valid")]
    InvalidDeliveryId,
    #[error("a bundle holds at least one record")]
    NoRecords,
    #[error("the document name {0:?} is not a plain file name, or is given twice")]
    InvalidDocumentName(String),
    #[error("record {seq} is of delivery {found:?}")]
    WrongDelivery { seq: u64, found: String },
    #[error("record {seq} names {document:?}, which is not among the documents or differs from it")]
    DocumentMismatch { seq: u64, document: String },
    #[error("record {position} of the list is not the next record of the chain")]
    ChainBroken { position: usize },
    #[error("record {seq} is not countersigned by the given court key")]
    NotCountersigned { seq: u64 },
    #[error("the served copy of {0:?} does not begin with the document's bytes")]
    ServedCopyMismatch(String),
    #[error("terminal {0} signed records with two different keys")]
    TerminalKeyConflict(String),
    #[error("writing the ZIP archive failed")]
    Zip {
        #[source]
        source: zip::result::ZipError,
    },
}

impl ExportError {
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::InvalidDeliveryId => "invalid_delivery_id",
            ExportError::NoRecords => "no_records",
            ExportError::InvalidDocumentName(_) => "invalid_document_name",
            ExportError::WrongDelivery { .. } => "wrong_delivery",
            ExportError::DocumentMismatch { .. } => "document_hash_mismatch",
            ExportError::ChainBroken { .. } => "chain_broken",
            ExportError::NotCountersigned { .. } => "court_signature_invalid",
            ExportError::ServedCopyMismatch(_) => "served_copy_mismatch",
            ExportError::TerminalKeyConflict(_) => "terminal_key_mismatch",
            ExportError::Zip { .. } => "bundle_write_failed",
        }
    }
}

/// Writes the bundle of one delivery as ZIP bytes. The output depends only
/// on the input (entries are dated 1980-01-01), so the same evidence always
/// gives the same bundle.
pub fn export_bundle(input: &BundleInput<'_>) -> Result<Vec<u8>, ExportError> {
    check(input)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push(("README.txt".into(), README.as_bytes().to_vec()));
    for document in input.documents {
        files.push((
            format!("documents/{}", document.name),
            document.bytes.to_vec(),
        ));
        if let Some(served) = document.served_copy {
            files.push((format!("served/{}", document.name), served.to_vec()));
        }
    }
    let mut terminal_public_keys = BTreeMap::new();
    let mut records = Vec::new();
    for (i, countersigned) in input.records.iter().enumerate() {
        let signed = countersigned.signed();
        let record = signed.record();
        terminal_public_keys.insert(record.terminal_id.to_string(), record.terminal_public_key);
        let countersignature = countersigned.countersignature();
        let signatures = SignaturesFile {
            terminal_signature: signature_to_base64(signed.signature()),
            evidence_sha256: countersignature.evidence_sha256,
            received_at_ms: countersignature.received_at_ms,
            server_seq: countersignature.server_seq,
            court_signature: signature_to_base64(&countersignature.signature),
        };
        let entry = ManifestRecord {
            record: record_path(i + 1),
            signatures: signatures_path(i + 1),
        };
        files.push((entry.record.clone(), signed.bytes().to_vec()));
        files.push((entry.signatures.clone(), pretty(&signatures)));
        records.push(entry);
    }
    let manifest = Manifest {
        format: BUNDLE_FORMAT.into(),
        delivery_id: input.delivery_id.into(),
        exported_at_ms: input.exported_at_ms,
        court_public_key: PublicKey(*input.court_public_key),
        terminal_public_keys,
        documents: input
            .documents
            .iter()
            .map(|d| DocumentRef::of(d.name, d.bytes))
            .collect(),
        records,
        files: files
            .iter()
            .map(|(path, bytes)| ManifestFile {
                path: path.clone(),
                size: bytes.len() as u64,
                sha256: Digest::of(bytes),
            })
            .collect(),
    };
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut write = |path: &str, bytes: &[u8]| -> Result<(), zip::result::ZipError> {
        zip.start_file(path, options)?;
        zip.write_all(bytes)?;
        Ok(())
    };
    let zip_error = |source| ExportError::Zip { source };
    write("manifest.json", &pretty(&manifest)).map_err(zip_error)?;
    for (path, bytes) in &files {
        write(path, bytes).map_err(zip_error)?;
    }
    zip.finish()
        .map(Cursor::into_inner)
        .map_err(|source| ExportError::Zip { source })
}

fn check(input: &BundleInput<'_>) -> Result<(), ExportError> {
    if !valid_delivery_id(input.delivery_id) {
        return Err(ExportError::InvalidDeliveryId);
    }
    if input.records.is_empty() {
        return Err(ExportError::NoRecords);
    }
    for (i, document) in input.documents.iter().enumerate() {
        if !valid_document_name(document.name)
            || input.documents[..i].iter().any(|d| d.name == document.name)
        {
            return Err(ExportError::InvalidDocumentName(document.name.into()));
        }
        if let Some(served) = document.served_copy {
            if !served.starts_with(document.bytes) {
                return Err(ExportError::ServedCopyMismatch(document.name.into()));
            }
        }
    }
    let published: Vec<DocumentRef> = input
        .documents
        .iter()
        .map(|d| DocumentRef::of(d.name, d.bytes))
        .collect();
    let mut keys = BTreeMap::new();
    let mut prev = None;
    for (position, countersigned) in input.records.iter().enumerate() {
        let signed = countersigned.signed();
        let record = signed.record();
        if record.delivery_id != input.delivery_id {
            return Err(ExportError::WrongDelivery {
                seq: record.seq,
                found: record.delivery_id.clone(),
            });
        }
        if let Some(document) = record.documents.iter().find(|d| !published.contains(d)) {
            return Err(ExportError::DocumentMismatch {
                seq: record.seq,
                document: document.name.clone(),
            });
        }
        if record.seq != position as u64 + 1 || record.prev_sha256 != prev {
            return Err(ExportError::ChainBroken {
                position: position + 1,
            });
        }
        if countersigned.verify(input.court_public_key).is_err() {
            return Err(ExportError::NotCountersigned { seq: record.seq });
        }
        let key = *keys
            .entry(record.terminal_id.to_string())
            .or_insert(record.terminal_public_key);
        if key != record.terminal_public_key {
            return Err(ExportError::TerminalKeyConflict(
                record.terminal_id.to_string(),
            ));
        }
        prev = Some(signed.digest());
    }
    Ok(())
}

/// Pretty JSON with a final newline, for the files people read. These files
/// are not signed as bytes: their fields are.
fn pretty<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
