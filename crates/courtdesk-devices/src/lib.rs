//! The hall's attached hardware: slips printed at kiosks and desks, and
//! calls spoken in the waiting hall.
//!
//! # Driver interfaces
//!
//! The rest of CourtDesk talks to these traits and never to an OS tool:
//!
//! - [`printer::Printer`]: `print_pdf(pdf, title) -> PrintJob` returns only
//!   once the printer reports the job *completed*, so a ticket counts as
//!   issued only when it is in the litigant's hand; `status()` says whether
//!   the printer is there, enabled and accepting jobs.
//! - [`speech::Announcer`]: `announce(&Announcement)` says
//!   "请 A017 号到 3 号窗口" and "Number A017, please go to window 3" after a
//!   chime. The display shows a call before announcing it, so a silent hall
//!   never holds up the queue.
//!
//! - [`id_card::IdCardReader`]: `read()` is the resident ID card on the
//!   reader now, if any. No reader can be attached here, so
//!   [`id_card::SimulatedCardReader`] reads the card from a JSON file.
//! - [`scanner::Scanner`]: `scan_page(&ScanSettings)` scans one page
//!   (resolution, colour mode, source, JPEG or PNG), so a single page can
//!   be scanned again; `devices()` lists the scanners.
//!   [`scanner::pages_to_pdf`] binds the pages into one PDF without
//!   re-encoding them.
//! - [`camera::Camera`]: `photo()` takes one still as a JPEG when
//!   `present()`; [`camera::FfmpegCamera`] reads a Video4Linux device
//!   through `ffmpeg` (package `ffmpeg`), or ffmpeg's test picture in tests.
//!
//! What gets printed is a PDF made here, with no OS involvement:
//! [`render_ticket_pdf`] lays out a queue ticket ([`TicketSlip`]) on an
//! 80 mm roll, and [`pdf::Slip`] is the builder underneath (text lines,
//! label/value rows, rules, QR codes) for other slips such as the intake
//! receipt ([`render_receipt_pdf`] of an [`IntakeReceipt`]). Text is real
//! text in an embedded, per-document subset of Noto Sans CJK SC covering
//! GB2312, ASCII and Latin-1; a character outside it fails with
//! [`pdf::PdfError::MissingGlyph`] instead of printing as a box.
//!
//! # OS-specific modules
//!
//! - [`printer::cups`] (Linux): `lp` to submit, `ipptool` to read the
//!   printer's and the job's IPP states, `cancel` to withdraw a job that did
//!   not complete in time. Packages `cups-client` and `cups-ipp-utils`.
//! - [`scanner::sane`] (Linux): `scanimage`, one page per run, its exit
//!   status and reason mapped to the scan errors; `SANE_CONFIG_DIR` selects
//!   the backends. Package `sane-utils`.
//! - [`speech::espeak`] (Linux): `espeak-ng` with the `cmn-latn-pinyin` and
//!   `en` voices, played with `paplay` (PulseAudio/PipeWire) or `aplay`
//!   (ALSA). Package `espeak-ng`; playing also needs `pulseaudio-utils` or
//!   `alsa-utils`.
//!
//! Every tool runs with its arguments as a list (never a shell string), a
//! deadline, and `LC_ALL=C`. Nothing personal is logged: print logs carry
//! the queue and job id, never the job title or content.
//!
//! # Windows
//!
//! Windows needs two more modules behind the same traits, and nothing else
//! changes. A `printer/winspool.rs` would submit the PDF through the print
//! spooler (rendered to the printer with PDFium or handed to a thermal
//! printer's driver) and follow the job with `GetJob`/`JOB_INFO_1` status
//! bits (`JOB_STATUS_PRINTED`, `_ERROR`, `_DELETED`, `_OFFLINE`) and the
//! printer's `PRINTER_STATUS_PAUSED`/`_OFFLINE`, mapping them to the same
//! [`printer::PrintError`] variants. A `speech/sapi.rs` would speak through
//! SAPI or `Windows.Media.SpeechSynthesis` with the zh-CN and en-US voices
//! and play through WASAPI; [`speech::EspeakAnnouncer::with_program`]
//! already lets espeak-ng for Windows stand in meanwhile (synthesis works,
//! playback needs a player). The PDF code is portable as it is.
//!
//! # Failure codes
//!
//! Each error has a stable snake_case `code()` for the UI to translate:
//!
//! | error | code | meaning |
//! | --- | --- | --- |
//! | `PrintError::NoSuchPrinter` | `no_such_printer` | the configured queue does not exist |
//! | `PrintError::Stopped` | `printer_stopped` | disabled or stopped by an error; nothing left queued |
//! | `PrintError::NotAccepting` | `printer_not_accepting` | the queue rejects jobs |
//! | `PrintError::NoCups` | `print_system_unavailable` | CUPS not installed, not running or not answering |
//! | `PrintError::JobFailed` | `print_job_failed` | submitted but cancelled or aborted, not printed |
//! | `PrintError::TimedOut` | `print_timed_out` | not completed in time; the job was cancelled |
//! | `PrintError::Spool` | `print_spool_failed` | the document could not be staged in a temp folder |
//! | `PdfError::MissingGlyph` | `missing_glyph` | text outside the embedded font |
//! | `PdfError::QrData` | `qr_data_too_long` | QR data beyond a QR code's capacity |
//! | other `PdfError`s | `pdf_internal` | a broken build (bundled font) or a bug |
//! | `SpeechError::EngineMissing` | `speech_engine_missing` | espeak-ng is not installed |
//! | `SpeechError::Engine` | `speech_engine_failed` | a voice is missing or synthesis failed |
//! | `SpeechError::NoAudioOutput` | `no_audio_output` | synthesised, but no sound output to play it on |
//! | `SpeechError::Playback` | `speech_playback_failed` | the player failed |
//! | `ScanError::NoScanner` | `no_scanner` | no scanner attached, the configured one missing, or no scanning software |
//! | `ScanError::Jammed` | `jammed` | paper jammed in the feeder |
//! | `ScanError::CoverOpen` | `cover_open` | the cover or feeder lid is open |
//! | `ScanError::NoPaper` | `no_paper` | the feeder is empty |
//! | `ScanError::Busy` | `scanner_busy` | another program is scanning |
//! | `ScanError::TimedOut` | `scan_timed_out` | no page within the deadline (120 s by default); scanimage stopped |
//! | `ScanError::Failed` | `scan_failed` | any other failure, with the scanner's reason |
//! | `PagesPdfError::NoPages` | `no_pages` | nothing scanned to bind |
//! | `PagesPdfError::Unsupported` | `page_unsupported` | a page image that cannot be embedded as it is |

#![forbid(unsafe_code)]

pub mod camera;
pub mod delivery_receipt;
pub mod draft_slip;
pub mod id_card;
pub mod pdf;
pub mod printer;
mod process;
pub mod receipt;
pub mod scanner;
pub mod speech;
pub mod ticket;

pub use delivery_receipt::{DeliveryReceipt, ReceiptDocument, render_delivery_receipt_pdf};
pub use draft_slip::{DraftSlip, render_draft_slip_pdf};
pub use receipt::{IntakeReceipt, ReceiptItem, ReceiptLocker, render_receipt_pdf};
pub use scanner::{SaneScanner, ScanError, ScanSettings, ScannedPage, Scanner, pages_to_pdf};
pub use ticket::{TicketSlip, render_ticket_pdf};
