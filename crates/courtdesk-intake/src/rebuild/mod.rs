//! Content disarm: a file that passed the checks is rebuilt, and only the
//! rebuilt bytes go on. The hand-written checks stay the first gate (they
//! name what is wrong, and they bound the work the libraries below are
//! given); the rebuild is what makes an accepted file safe to forward,
//! since a check can only refuse what it knows of. The rebuilt file is
//! checked again, so whatever the court receives passes the same gate.
//!
//! Checking and rebuilding run on a worker thread of their own with a
//! deadline ([`IntakeLimits::max_rebuild_ms`]): the thread that answers
//! the screen waits at most that long, a panic in a decoder is a refusal,
//! and a file that takes too long is refused while its worker runs out
//! on its own (every decoder here is bounded by the limits, so it does).

mod image;
mod pdf;

use std::sync::mpsc;
use std::time::Duration;

use crate::error::IntakeError;
use crate::kind::{FileKind, sniff};
use crate::limits::IntakeLimits;
use crate::store::{PixelSize, check};

/// A file as it is kept and forwarded: the rebuilt bytes and what the
/// checks found in them.
#[derive(Debug)]
pub(crate) struct Rebuilt {
    pub(crate) data: Vec<u8>,
    pub(crate) kind: FileKind,
    pub(crate) pages: u32,
    pub(crate) pixels: Option<PixelSize>,
}

/// The decoders recurse a little (PDF objects nest up to the checked 64
/// levels); a stack of its own keeps that away from the caller's.
const WORKER_STACK: usize = 16 * 1024 * 1024;

/// Checks `data`, rebuilds it and checks the result, on a worker thread,
/// within `limits.max_rebuild_ms`.
pub(crate) fn check_and_rebuild(
    data: Vec<u8>,
    limits: &IntakeLimits,
) -> Result<Rebuilt, IntakeError> {
    let kind = sniff(&data).map_err(|detected| IntakeError::UnsupportedType { detected })?;
    let limits = *limits;
    let (send, receive) = mpsc::sync_channel(1);
    let worker = std::thread::Builder::new()
        .name("intake-rebuild".into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            // The receiver may have given up waiting; nothing to tell then.
            let _ = send.send(rebuild_checked(&data, &limits));
        })
        .map_err(|source| IntakeError::Read { source })?;
    match receive.recv_timeout(Duration::from_millis(limits.max_rebuild_ms)) {
        Ok(result) => {
            // The worker has sent its last word and ends at once.
            let _ = worker.join();
            result
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Err(IntakeError::CheckTimedOut {
            limit_ms: limits.max_rebuild_ms,
        }),
        // The worker ended without an answer: a decoder panicked.
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(IntakeError::NotRebuildable {
            kind,
            reason: "the decoder failed",
        }),
    }
}

/// The checks, the rebuild, and the checks again on what was rebuilt.
fn rebuild_checked(data: &[u8], limits: &IntakeLimits) -> Result<Rebuilt, IntakeError> {
    let (kind, pages, _) = check(data, limits)?;
    let rebuilt = match kind {
        FileKind::Pdf => pdf::rebuild(data)?,
        FileKind::Jpeg => image::jpeg(data, limits)?,
        FileKind::Png => image::png(data, limits)?,
        FileKind::Tiff => image::tiff(data, limits)?,
    };
    let (rebuilt_kind, rebuilt_pages, pixels) = check(&rebuilt, limits)?;
    // A rewrite that lost a page (a repaired file read short) is not the
    // litigant's document any more.
    if rebuilt_kind != kind || rebuilt_pages != pages {
        return Err(IntakeError::NotRebuildable {
            kind,
            reason: "the rebuilt file lost pages",
        });
    }
    Ok(Rebuilt {
        data: rebuilt,
        kind,
        pages,
        pixels,
    })
}

/// The checks alone, on a worker thread within the same deadline, for a
/// file whose bytes must stay as they are (a court's published document,
/// whose hash is evidence).
pub fn check_unaltered(data: &[u8], limits: &IntakeLimits) -> Result<(FileKind, u32), IntakeError> {
    let limits = *limits;
    let owned = data.to_vec();
    let (send, receive) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("intake-check".into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let _ = send.send(check(&owned, &limits).map(|(kind, pages, _)| (kind, pages)));
        })
        .map_err(|source| IntakeError::Read { source })?;
    match receive.recv_timeout(Duration::from_millis(limits.max_rebuild_ms)) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(IntakeError::CheckTimedOut {
            limit_ms: limits.max_rebuild_ms,
        }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(IntakeError::PdfUninspectable {
            reason: "the check failed",
        }),
    }
}
