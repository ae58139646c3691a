//! What a bundle verification found wrong, each finding naming the file,
//! record, document or signature concerned.

use std::fmt;

/// One thing wrong with a bundle. Records are named by their path in the
/// bundle (`evidence/0002.json`), documents by their name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The bytes are not a ZIP archive that can be read.
    NotAZip,
    /// More entries than [`super::Limits::max_entries`].
    TooManyEntries {
        count: usize,
    },
    /// An entry name that could escape a folder when unpacked (absolute,
    /// `..`, a backslash, a drive letter, a control character).
    UnsafeEntryName {
        name: String,
    },
    /// Two entries with the same name: a reader might see either.
    DuplicateEntry {
        name: String,
    },
    /// An entry larger than the limit for its kind.
    EntryTooLarge {
        name: String,
        limit: u64,
    },
    /// An entry whose data cannot be read (corrupt, encrypted, unknown
    /// compression, or a CRC that does not match).
    EntryUnreadable {
        name: String,
    },
    ManifestMissing,
    ManifestMalformed {
        detail: String,
    },
    /// The manifest names another court key than the one verified with.
    CourtKeyMismatch,
    /// A file listed in the manifest is not in the archive.
    MissingFile {
        path: String,
    },
    /// A file in the archive is not listed in the manifest.
    ExtraFile {
        path: String,
    },
    /// A file's size or SHA-256 is not the manifest's.
    FileHashMismatch {
        path: String,
    },
    NoRecords,
    /// The record cannot be read as a canonical, valid evidence record;
    /// `code` is the [`crate::RecordError`] code.
    RecordMalformed {
        record: String,
        code: &'static str,
    },
    /// The record is of another delivery than the bundle's.
    WrongDelivery {
        record: String,
    },
    /// The record's key is not the one the manifest lists for its terminal.
    TerminalKeyMismatch {
        record: String,
    },
    /// The record's signatures file cannot be read.
    SignaturesMalformed {
        path: String,
    },
    TerminalSignatureInvalid {
        record: String,
    },
    /// The countersignature's evidence digest is not the one computed from
    /// the record and its terminal signature: it countersigns something else.
    EvidenceDigestMismatch {
        record: String,
    },
    CourtSignatureInvalid {
        record: String,
    },
    /// The record's `seq` is not its position, or its `prev_sha256` is not
    /// the digest of the record before it: a record was dropped, inserted
    /// or reordered.
    ChainBroken {
        record: String,
        expected_seq: u64,
    },
    /// Server sequence numbers do not increase along the chain.
    ServerSeqOutOfOrder {
        record: String,
    },
    /// The record names a document that is not in `documents/`.
    DocumentMissing {
        record: String,
        document: String,
    },
    /// The document in `documents/` does not hash to what the record says.
    DocumentHashMismatch {
        record: String,
        document: String,
    },
    /// A served copy does not begin with the document's exact bytes.
    ServedCopyMismatch {
        document: String,
    },
}

impl Finding {
    /// A stable snake_case code, the same the Python verifier prints.
    pub fn code(&self) -> &'static str {
        match self {
            Finding::NotAZip => "not_a_zip",
            Finding::TooManyEntries { .. } => "too_many_entries",
            Finding::UnsafeEntryName { .. } => "unsafe_entry_name",
            Finding::DuplicateEntry { .. } => "duplicate_entry",
            Finding::EntryTooLarge { .. } => "entry_too_large",
            Finding::EntryUnreadable { .. } => "entry_unreadable",
            Finding::ManifestMissing => "manifest_missing",
            Finding::ManifestMalformed { .. } => "manifest_malformed",
            Finding::CourtKeyMismatch => "court_key_mismatch",
            Finding::MissingFile { .. } => "missing_file",
            Finding::ExtraFile { .. } => "extra_file",
            Finding::FileHashMismatch { .. } => "file_hash_mismatch",
            Finding::NoRecords => "no_records",
            Finding::RecordMalformed { .. } => "record_malformed",
            Finding::WrongDelivery { .. } => "wrong_delivery",
            Finding::TerminalKeyMismatch { .. } => "terminal_key_mismatch",
            Finding::SignaturesMalformed { .. } => "signatures_malformed",
            Finding::TerminalSignatureInvalid { .. } => "terminal_signature_invalid",
            Finding::EvidenceDigestMismatch { .. } => "evidence_digest_mismatch",
            Finding::CourtSignatureInvalid { .. } => "court_signature_invalid",
            Finding::ChainBroken { .. } => "chain_broken",
            Finding::ServerSeqOutOfOrder { .. } => "server_seq_out_of_order",
            Finding::DocumentMissing { .. } => "document_missing",
            Finding::DocumentHashMismatch { .. } => "document_hash_mismatch",
            Finding::ServedCopyMismatch { .. } => "served_copy_mismatch",
        }
    }

    /// The file, record or document the finding is about, if any.
    pub fn subject(&self) -> Option<&str> {
        match self {
            Finding::NotAZip
            | Finding::TooManyEntries { .. }
            | Finding::ManifestMissing
            | Finding::ManifestMalformed { .. }
            | Finding::CourtKeyMismatch
            | Finding::NoRecords => None,
            Finding::UnsafeEntryName { name }
            | Finding::DuplicateEntry { name }
            | Finding::EntryTooLarge { name, .. }
            | Finding::EntryUnreadable { name } => Some(name),
            Finding::MissingFile { path }
            | Finding::ExtraFile { path }
            | Finding::FileHashMismatch { path }
            | Finding::SignaturesMalformed { path } => Some(path),
            Finding::RecordMalformed { record, .. }
            | Finding::WrongDelivery { record }
            | Finding::TerminalKeyMismatch { record }
            | Finding::TerminalSignatureInvalid { record }
            | Finding::EvidenceDigestMismatch { record }
            | Finding::CourtSignatureInvalid { record }
            | Finding::ChainBroken { record, .. }
            | Finding::ServerSeqOutOfOrder { record }
            | Finding::DocumentMissing { record, .. }
            | Finding::DocumentHashMismatch { record, .. } => Some(record),
            Finding::ServedCopyMismatch { document } => Some(document),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.code())?;
        match self {
            Finding::NotAZip => f.write_str("the bundle is not a readable ZIP archive"),
            Finding::TooManyEntries { count } => write!(f, "the archive has {count} entries"),
            Finding::UnsafeEntryName { name } => {
                write!(f, "{name:?} could escape its folder when unpacked")
            }
            Finding::DuplicateEntry { name } => write!(f, "{name} appears more than once"),
            Finding::EntryTooLarge { name, limit } => {
                write!(f, "{name} is larger than {limit} bytes")
            }
            Finding::EntryUnreadable { name } => write!(f, "{name} cannot be read"),
            Finding::ManifestMissing => f.write_str("manifest.json is missing"),
            Finding::ManifestMalformed { detail } => {
                write!(f, "manifest.json is not a bundle manifest: {detail}")
            }
            Finding::CourtKeyMismatch => {
                f.write_str("manifest.json names another court key than the one verified with")
            }
            Finding::MissingFile { path } => write!(f, "{path} is listed but missing"),
            Finding::ExtraFile { path } => write!(f, "{path} is not listed in the manifest"),
            Finding::FileHashMismatch { path } => {
                write!(f, "{path} does not have the manifest's size and SHA-256")
            }
            Finding::NoRecords => f.write_str("the bundle holds no evidence record"),
            Finding::RecordMalformed { record, code } => {
                write!(f, "{record} is not a valid canonical record ({code})")
            }
            Finding::WrongDelivery { record } => {
                write!(f, "{record} is of another delivery than the bundle's")
            }
            Finding::TerminalKeyMismatch { record } => write!(
                f,
                "{record} names a terminal key other than the manifest's for its terminal"
            ),
            Finding::SignaturesMalformed { path } => write!(f, "{path} cannot be read"),
            Finding::TerminalSignatureInvalid { record } => {
                write!(f, "the terminal signature of {record} does not verify")
            }
            Finding::EvidenceDigestMismatch { record } => write!(
                f,
                "the countersignature of {record} is of another evidence digest"
            ),
            Finding::CourtSignatureInvalid { record } => {
                write!(
                    f,
                    "the court's countersignature of {record} does not verify"
                )
            }
            Finding::ChainBroken {
                record,
                expected_seq,
            } => write!(
                f,
                "{record} does not follow the record before it (expected record number \
                 {expected_seq}): a record is missing, added or out of order"
            ),
            Finding::ServerSeqOutOfOrder { record } => write!(
                f,
                "{record} has a server sequence number not above the previous record's"
            ),
            Finding::DocumentMissing { record, document } => {
                write!(f, "{record} names {document}, which is not in documents/")
            }
            Finding::DocumentHashMismatch { record, document } => write!(
                f,
                "documents/{document} does not have the SHA-256 that {record} gives"
            ),
            Finding::ServedCopyMismatch { document } => write!(
                f,
                "served/{document} does not begin with the bytes of documents/{document}"
            ),
        }
    }
}
