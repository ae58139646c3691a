//! Filing materials at the kiosk: every file is checked by its content
//! before it is accepted, then stored under its SHA-256.
//!
//! [`intake_file`] reads a file once, decides its type from its bytes
//! (never from its name), checks it in memory, **rebuilds it** (see
//! `rebuild`: images decoded and encoded again, PDFs rewritten by `lopdf`
//! without what acts or leaves the document), checks the rebuilt file
//! again, and only then writes the rebuilt file to `<store_dir>/<sha256
//! hex>` through a temporary file, flushed and renamed, so a refused or
//! failed file leaves nothing behind. The litigant's own bytes are never
//! hashed, stored or returned. [`check_unaltered`] runs the checks alone
//! for a file that must stay as it is (a court's published document).
//! [`Submission`] adds the submission's total and duplicate flags;
//! [`UsbSource`] lists and opens a USB stick's files by listing id; the
//! [`locker`] module assigns compartments with single-use pickup codes.
//! Scanning and receipts live in `courtdesk-devices`.
//!
//! Nothing here reads the clock or a random source of its own: times are
//! passed in as milliseconds, randomness as `&mut (impl RngCore +
//! CryptoRng)`. Logs carry sizes, kinds, short hashes and codes, never a
//! file's name or content.
//!
//! # Policies and their numbers
//!
//! | Policy | Numbers | Where |
//! | --- | --- | --- |
//! | Accepted types | PDF (`%PDF-1.0`–`1.7`, `2.0`), JPEG, PNG, TIFF (either byte order), told by the signature at byte 0; anything else is refused with what it was recognised as (zip, office document, ELF/Windows/Mach-O executable, `#!` script, HTML, SVG, XML, RTF, HEIC, GIF, BMP, WebP, BigTIFF, text, unknown) | [`sniff`], [`Detected`] |
//! | Sizes | a file at most 64 MiB; a submission at most 256 MiB; an empty file is refused | [`IntakeLimits`] |
//! | PDF end | `%%EOF` within the last 1024 bytes, otherwise truncated | `pdf` |
//! | PDF active content | refused wherever the name appears outside stream data (in dictionaries, object streams, strings and comments alike, `#xx` escapes decoded): `/JavaScript`, `/JS`, `/Launch`, `/EmbeddedFile`, `/EmbeddedFiles`, `/RichMedia*`, `/XFA` | `pdf::names` |
//! | PDF automatic actions | `/OpenAction` and every `/AA` entry may only be a destination or a `/GoTo` action (through `/Next` chains and every version of referenced objects); any other action type is refused, as is an `/OpenAction` or `/AA` name not read as a dictionary key, or one referring to an object not visibly in the file (hidden in a string or comment, or missing) | `pdf::actions` |
//! | PDF encryption | any `/Encrypt` refuses the file: its object streams cannot be checked | [`IntakeError::PdfEncrypted`] |
//! | PDF structure | read front to back without trusting the xref; object streams (`/Type /ObjStm`, or `/N` with `/First`) decoded through FlateDecode (PNG predictors too), ASCIIHex and ASCII85, other encodings refused; stream data that holds an `N G obj` header is read as objects too; at most 64 MiB inflated and 2 million values per file, nesting at most 64 deep | `pdf::document`, [`IntakeLimits`] |
//! | Pages | at most 500 per PDF or TIFF; a PDF's pages are the leaves of its page tree (or its `/Type /Page` objects), and its root `/Count` is held to the limit too | [`IntakeLimits::max_pages`] |
//! | Images | at most 60 megapixels per image or TIFF page, read from PNG IHDR (CRC checked), JPEG SOFn, TIFF IFDs before anything else; a JPEG needs EOI after its scan, a PNG its IEND, a TIFF all strips inside the file | `image` |
//! | Rebuild | a JPEG re-encoded as JPEG (quality 90), a PNG as PNG, a TIFF as a Deflate TIFF with every page (1-, 8- and 16-bit grey, RGB, RGBA; others refused); EXIF orientation applied, metadata and trailing data dropped. A PDF rewritten from the objects its final trailer reaches, renumbered, with a classic cross-reference table: trailing data, replaced objects, comments, every action but `/GoTo`, `/OpenAction`, `/AA`, `/AcroForm` (widgets stay as annotations), file specifications and media annotations removed; a broken table repaired from the object headers; the rebuilt file must keep its kind and page count | `rebuild` |
//! | Time | checks and rebuild on a worker thread, at most 60 s per file | [`IntakeLimits::max_rebuild_ms`] |
//! | Names | the display name keeps only the last path component, drops control and bidi characters, never holds `..`, is at most 100 characters and 240 bytes; it is never a path | [`sanitize_display_name`] |
//! | Storage | `<store_dir>/<sha256 hex>`, written to `.intake-*` then `fsync`ed and renamed, the folder `fsync`ed; [`sweep_temporaries`] clears what a crash left; sealed (AES-256-GCM, `courtdesk-sealed`) by [`intake_file_sealed`] and [`Submission::sealed_with`] | [`intake_file`] |
//! | Duplicates | a file whose SHA-256 an earlier submission of the case or this submission holds is flagged, stored and listed; the caller keeps or removes it | [`Submission::add`], [`duplicate_of`] |
//! | USB sticks | files listed by metadata only, at most 2000, 8 folders deep; names starting with `.` and system folders skipped; symbolic links, devices and pipes never listed or opened; opened by listing id only, walking from the root without following links, and refused if replaced since listed | [`UsbSource`] |
//! | Pickup codes | 6 digits from the caller's CSPRNG; only SHA-256(16-byte salt ‖ code) kept; single use; 5 wrong codes in a row lock pickups for 15 min | [`locker::LockerAssignments`] |
//!
//! # Failure codes
//!
//! | error | code |
//! | --- | --- |
//! | [`IntakeError::Empty`] | `empty_file` |
//! | [`IntakeError::TooLarge`] | `too_large` |
//! | [`IntakeError::SubmissionTooLarge`] | `submission_too_large` |
//! | [`IntakeError::UnsupportedType`] | `unsupported_type` (with `detected`) |
//! | [`IntakeError::PdfTruncated`] | `pdf_truncated` |
//! | [`IntakeError::PdfMalformed`] | `pdf_malformed` |
//! | [`IntakeError::PdfEncrypted`] | `pdf_encrypted` |
//! | [`IntakeError::PdfActiveContent`] | `pdf_active_content` (with `feature`) |
//! | [`IntakeError::PdfUninspectable`] | `pdf_uninspectable` |
//! | [`IntakeError::TooManyPages`] | `too_many_pages` |
//! | [`IntakeError::ImageTruncated`] | `image_truncated` |
//! | [`IntakeError::ImageMalformed`] | `image_malformed` |
//! | [`IntakeError::TooManyPixels`] | `too_many_pixels` |
//! | [`IntakeError::NotRebuildable`] | `not_rebuildable` |
//! | [`IntakeError::CheckTimedOut`] | `check_timed_out` |
//! | [`IntakeError::Read`] | `read_failed` |
//! | [`IntakeError::Store`] | `store_failed` |
//! | [`UsbError`] | `usb_unavailable`, `usb_entry_unknown`, `usb_entry_refused`, `usb_file_gone`, `usb_file_changed`, `usb_read_failed` |
//! | [`locker::LockerError`] | `locker_no_such_compartment`, `locker_door_jammed`, `locker_unavailable` |
//! | [`locker::AssignmentError`] | `locker_full`, `pickup_code_wrong`, `pickup_locked`, `locker_not_assigned`, or the controller's code |

#![forbid(unsafe_code)]

mod error;
mod hash;
mod image;
mod kind;
mod limits;
pub mod locker;
mod name;
mod pdf;
mod rebuild;
mod store;
mod submission;
pub mod usb;

pub use courtdesk_sealed::SealKey;
pub use error::{ActiveContent, IntakeError};
pub use hash::{ContentHash, ContentHashParseError};
pub use kind::{Detected, FileKind, SNIFF_LEN, sniff};
pub use limits::IntakeLimits;
pub use name::{MAX_NAME_BYTES, MAX_NAME_CHARS, sanitize_display_name};
pub use rebuild::check_unaltered;
pub use store::{
    AcceptedFile, PixelSize, TEMP_PREFIX, intake_file, intake_file_sealed, sweep_temporaries,
};
pub use submission::{Added, Duplicate, Submission, duplicate_of};
pub use usb::{UsbEntry, UsbEntryId, UsbError, UsbFile, UsbListing, UsbSource};
