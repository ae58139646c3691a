//! Why a file was not accepted.

use crate::kind::{Detected, FileKind};

/// A refusal or failure of [`crate::intake_file`]. Each has a stable
/// snake_case [`code`](Self::code) for the UI to translate and fields the
/// message can quote; the `Display` text is English for the log.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than the {limit}-byte limit")]
    TooLarge { limit: u64 },
    /// Accepting the file would take the submission past its total.
    #[error("the submission would exceed its {limit}-byte total ({used} bytes already in it)")]
    SubmissionTooLarge { limit: u64, used: u64 },
    /// The content is not a PDF, JPEG, PNG or TIFF, whatever its name says.
    #[error("the content is {detected}, which is not accepted")]
    UnsupportedType { detected: Detected },
    /// No `%%EOF` at the end: the file was cut short.
    #[error("the PDF is truncated")]
    PdfTruncated,
    #[error("the PDF is malformed: {reason}")]
    PdfMalformed { reason: &'static str },
    /// Password-protected or otherwise encrypted.
    #[error("the PDF is encrypted")]
    PdfEncrypted,
    /// Scripts, launch actions, embedded files, rich media, XFA forms, or
    /// an action run on opening that is not a move within the document.
    #[error("the PDF holds active content: {feature}")]
    PdfActiveContent { feature: ActiveContent },
    /// A part of the PDF that must be checked could not be: an object
    /// stream in an unsupported encoding, or one that inflates past the
    /// decompression limit, or more structure than the check reads.
    #[error("the PDF cannot be checked: {reason}")]
    PdfUninspectable { reason: &'static str },
    #[error("the document has {pages} pages, more than the {limit} allowed")]
    TooManyPages { pages: u64, limit: u32 },
    #[error("the {kind:?} image is truncated")]
    ImageTruncated { kind: FileKind },
    #[error("the {kind:?} image is malformed: {reason}")]
    ImageMalformed {
        kind: FileKind,
        reason: &'static str,
    },
    #[error("the image is {width} x {height} pixels, more than the {limit} allowed")]
    TooManyPixels { width: u64, height: u64, limit: u64 },
    /// The file passed the checks but could not be rebuilt: an image in a
    /// layout the encoder does not take (a palette or CMYK TIFF), or a PDF
    /// the rewriting library cannot read. Printing it to PDF or scanning
    /// the paper gives a file that can be.
    #[error("the {kind:?} file cannot be rebuilt: {reason}")]
    NotRebuildable {
        kind: FileKind,
        reason: &'static str,
    },
    /// Checking and rebuilding the file took longer than
    /// [`IntakeLimits::max_rebuild_ms`](crate::IntakeLimits::max_rebuild_ms).
    #[error("checking the file took longer than {limit_ms} ms")]
    CheckTimedOut { limit_ms: u64 },
    /// The source (a USB stick pulled out, a scanner pipe) failed mid-read.
    #[error("reading the file failed")]
    Read {
        #[source]
        source: std::io::Error,
    },
    /// Writing to the store failed (a full disk, a read-only folder).
    #[error("storing the file failed")]
    Store {
        #[source]
        source: std::io::Error,
    },
}

impl IntakeError {
    /// A stable snake_case code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            IntakeError::Empty => "empty_file",
            IntakeError::TooLarge { .. } => "too_large",
            IntakeError::SubmissionTooLarge { .. } => "submission_too_large",
            IntakeError::UnsupportedType { .. } => "unsupported_type",
            IntakeError::PdfTruncated => "pdf_truncated",
            IntakeError::PdfMalformed { .. } => "pdf_malformed",
            IntakeError::PdfEncrypted => "pdf_encrypted",
            IntakeError::PdfActiveContent { .. } => "pdf_active_content",
            IntakeError::PdfUninspectable { .. } => "pdf_uninspectable",
            IntakeError::TooManyPages { .. } => "too_many_pages",
            IntakeError::ImageTruncated { .. } => "image_truncated",
            IntakeError::ImageMalformed { .. } => "image_malformed",
            IntakeError::TooManyPixels { .. } => "too_many_pixels",
            IntakeError::NotRebuildable { .. } => "not_rebuildable",
            IntakeError::CheckTimedOut { .. } => "check_timed_out",
            IntakeError::Read { .. } => "read_failed",
            IntakeError::Store { .. } => "store_failed",
        }
    }

    /// Whether the file itself was refused, as opposed to the kiosk failing
    /// to read or store it (which a retry may fix).
    pub fn is_refusal(&self) -> bool {
        !matches!(self, IntakeError::Read { .. } | IntakeError::Store { .. })
    }
}

/// The kind of active content that got a PDF refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActiveContent {
    /// `/JavaScript` or `/JS` anywhere.
    JavaScript,
    /// `/Launch`: runs a program or opens a file.
    Launch,
    /// `/EmbeddedFile` or `/EmbeddedFiles`: another file carried inside.
    EmbeddedFile,
    /// `/RichMedia`: Flash or video with its own player.
    RichMedia,
    /// `/XFA`: a dynamic form with its own scripting.
    Xfa,
    /// `/OpenAction` or `/AA` with an action other than going to a page.
    AutomaticAction,
}

impl ActiveContent {
    pub fn as_str(self) -> &'static str {
        match self {
            ActiveContent::JavaScript => "javascript",
            ActiveContent::Launch => "launch",
            ActiveContent::EmbeddedFile => "embedded_file",
            ActiveContent::RichMedia => "rich_media",
            ActiveContent::Xfa => "xfa",
            ActiveContent::AutomaticAction => "automatic_action",
        }
    }
}

impl std::fmt::Display for ActiveContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
