//! Receipt-sized PDFs for a thermal roll printer: a [`Slip`] is a column of
//! text lines, label/value rows, rules and QR codes on a page as wide as
//! the roll and as long as its content. Queue tickets are one layout of it
//! ([`crate::ticket`]); intake receipts are meant to be another.
//!
//! Text is real text: the faces are embedded as CID fonts with a ToUnicode
//! map, subset per document so a ticket stays a few tens of kilobytes.

mod embed;
mod font;
mod slip;
mod subset;
mod writer;

pub use font::{Weight, has_glyph};
pub use slip::{Align, Slip, TextStyle};

/// Why a slip could not be turned into a PDF.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The text holds a character the embedded face does not cover; the
    /// slip is refused rather than printed with an empty box.
    #[error("the slip font has no glyph for {0:?} (U+{code:04X})", code = u32::from(*.0))]
    MissingGlyph(char),
    /// The data of a QR block is longer than a QR code can hold.
    #[error("the QR code's data does not fit in a QR code")]
    QrData {
        #[source]
        source: qrcode::types::QrError,
    },
    /// The bundled font failed to parse, which means a broken build.
    #[error("the bundled slip font could not be read")]
    Font {
        #[source]
        source: ttf_parser::FaceParsingError,
    },
    /// The bundled font lacks or has a malformed table needed to subset it.
    #[error("the bundled slip font has a malformed {0} table")]
    FontData(&'static str),
    /// Compressing a stream failed (in memory, so practically never).
    #[error("compressing a PDF stream failed")]
    Compress {
        #[source]
        source: std::io::Error,
    },
    /// An object was numbered but never written: a bug in this crate.
    #[error("PDF object {0} was reserved but never written")]
    Unwritten(usize),
}

impl PdfError {
    /// A stable code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::MissingGlyph(_) => "missing_glyph",
            PdfError::QrData { .. } => "qr_data_too_long",
            PdfError::Font { .. }
            | PdfError::FontData(_)
            | PdfError::Compress { .. }
            | PdfError::Unwritten(_) => "pdf_internal",
        }
    }
}

/// Points per millimetre: PDF user space is in 1/72 inch.
pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;
