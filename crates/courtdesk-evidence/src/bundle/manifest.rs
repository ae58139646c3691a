//! The JSON files of a bundle besides the records: the manifest and each
//! record's signatures.

use std::collections::BTreeMap;

use courtdesk_protocol::Digest;
use serde::{Deserialize, Serialize};

use crate::key::PublicKey;
use crate::record::DocumentRef;

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    pub(crate) format: String,
    pub(crate) delivery_id: String,
    pub(crate) exported_at_ms: u64,
    pub(crate) court_public_key: PublicKey,
    /// Terminal id to the key enrolled for it, for every terminal that
    /// signed a record of the bundle.
    pub(crate) terminal_public_keys: BTreeMap<String, PublicKey>,
    pub(crate) documents: Vec<DocumentRef>,
    pub(crate) records: Vec<ManifestRecord>,
    pub(crate) files: Vec<ManifestFile>,
}

/// One record of the chain, in order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ManifestRecord {
    pub(crate) record: String,
    pub(crate) signatures: String,
}

/// One file of the bundle other than `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ManifestFile {
    pub(crate) path: String,
    pub(crate) size: u64,
    pub(crate) sha256: Digest,
}

/// `signatures/NNNN.json`: the terminal's signature of the record and the
/// court's countersignature.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignaturesFile {
    pub(crate) terminal_signature: String,
    pub(crate) evidence_sha256: Digest,
    pub(crate) received_at_ms: u64,
    pub(crate) server_seq: u64,
    pub(crate) court_signature: String,
}
