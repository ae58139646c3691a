//! The device drivers against the real tools of a Debian terminal: CUPS
//! with a PDF printer, poppler and qpdf to read what was printed, and
//! espeak-ng. Tests that need a tool skip with a note on stderr when it is
//! missing, and fail instead when `CI` is set, because CI must not pass
//! without running them.

mod printing;
mod speech;
mod support;
mod ticket_pdf;
