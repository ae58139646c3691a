//! PDF checks: a sound header and end, no active content, a page count
//! within the limit. The policy is documented in the crate root.

mod actions;
mod document;
mod filters;
mod lexer;
mod names;
mod object;
mod pages;

use crate::error::{ActiveContent, IntakeError};
use crate::limits::IntakeLimits;

/// What an accepted PDF is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PdfFacts {
    pub(crate) pages: u32,
}

/// `%%EOF` must start within this many bytes of the end (ISO 32000-1,
/// 7.5.5, and what Acrobat requires).
const EOF_WINDOW: usize = 1024;

pub(crate) fn inspect_pdf(data: &[u8], limits: &IntakeLimits) -> Result<PdfFacts, IntakeError> {
    if !has_known_version(data) {
        return Err(IntakeError::PdfMalformed {
            reason: "not a PDF 1.0 to 2.0 header",
        });
    }
    let tail = &data[data.len().saturating_sub(EOF_WINDOW)..];
    if memchr::memmem::rfind(tail, b"%%EOF").is_none() {
        return Err(IntakeError::PdfTruncated);
    }
    let document = document::read(data, limits)?;
    if let Some(feature) = document.names.active {
        return Err(IntakeError::PdfActiveContent { feature });
    }
    if document.names.encrypt {
        return Err(IntakeError::PdfEncrypted);
    }
    actions::check(&document).map_err(|()| IntakeError::PdfActiveContent {
        feature: ActiveContent::AutomaticAction,
    })?;
    let pages = pages::count(&document).ok_or(IntakeError::PdfMalformed { reason: "no pages" })?;
    if pages.most > u64::from(limits.max_pages) {
        return Err(IntakeError::TooManyPages {
            pages: pages.most,
            limit: limits.max_pages,
        });
    }
    Ok(PdfFacts {
        pages: u32::try_from(pages.counted).unwrap_or(u32::MAX),
    })
}

/// `%PDF-1.0` to `%PDF-1.7` or `%PDF-2.0`, not followed by another digit.
fn has_known_version(data: &[u8]) -> bool {
    let Some(version) = data.get(5..8) else {
        return false;
    };
    let known = matches!(version, [b'1', b'.', b'0'..=b'7'] | b"2.0");
    known && !data.get(8).is_some_and(u8::is_ascii_digit)
}
