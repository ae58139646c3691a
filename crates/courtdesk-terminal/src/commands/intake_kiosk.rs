//! The kiosk's intake commands: start a draft for a case, add files from
//! the USB stick or the scanner, give each its material type, settle
//! duplicates, file the submission (then print its receipt), and look a
//! submission's status up by the receipt's QR token. See [`crate::intake`].

use std::collections::HashSet;
use std::time::Duration;

use courtdesk_devices::camera::{Camera as _, CameraError};
use courtdesk_devices::printer::CupsPrinter;
use courtdesk_devices::scanner::{SaneScanner, ScanSettings, Scanner};
use courtdesk_devices::{
    IntakeReceipt, ReceiptItem, ReceiptLocker, ScannedPage, pages_to_pdf, render_receipt_pdf,
};
use courtdesk_intake::{ContentHash, Duplicate, IntakeError, IntakeLimits, UsbEntryId, UsbSource};
use serde::Serialize;
use ts_rs::TS;

use crate::commands::delivery_kiosk::print;
use crate::commands::intake_locker::{LockerDepositView, locker_views};
use crate::identity::visit::Stage;
use crate::intake::book::{Book, KeptSubmission, SubmissionStatus};
use crate::intake::draft::{Draft, DraftFolder, DraftItem};
use crate::intake::records::{
    CaseRef, Decision, ItemBody, MATERIAL_TYPES, SubmittedBody, material_label,
};
use crate::intake::submit::{self, FileError, Filing};
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

/// The QR code's text is this prefix and the status token.
pub const QR_PREFIX: &str = "CDI:";

/// How long the receipt may take to come out.
const RECEIPT_PRINT_TIMEOUT: Duration = Duration::from_secs(60);

/// The draft as the kiosk shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DraftView {
    pub case: CaseRef,
    /// The returned submission this draft corrects.
    pub replaces: Option<String>,
    pub items: Vec<DraftItemView>,
    /// The material type codes an item may be given.
    pub material_types: Vec<String>,
    /// Whether every item has a material type and no duplicate waits for a
    /// choice, so the draft can be submitted.
    pub ready: bool,
    /// Whether this kiosk has a camera to take a photo with now.
    pub camera: bool,
}

/// One item of the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DraftItemView {
    pub item_id: String,
    pub material: Option<String>,
    pub display_name: String,
    pub media_type: String,
    pub pages: u32,
    #[ts(type = "number")]
    pub size: u64,
    /// The first 8 hex digits of the SHA-256, as the receipt prints them.
    pub short_hash: String,
    /// `earlier_submission` or `this_submission` while the litigant has not
    /// chosen to keep it.
    pub duplicate: Option<String>,
    /// Whether the kiosk scanned it, so that one page can be scanned again.
    pub rescannable: bool,
}

/// One file of the USB stick's listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UsbEntryView {
    /// Pass to `intake_usb_add`; valid until the next listing.
    #[ts(type = "number")]
    pub id: u64,
    pub name: String,
    /// The folders above it, joined with ` / `; empty at the root.
    pub folder: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Whether the extension is one of an accepted kind (a hint only: the
    /// content decides).
    pub looks_supported: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UsbListingView {
    pub entries: Vec<UsbEntryView>,
    /// More files were on the stick than listed.
    pub truncated: bool,
}

/// A filed submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SubmittedView {
    pub submission_id: String,
    pub number: String,
    /// The QR code's text on the receipt.
    pub qr_payload: String,
    pub items: Vec<ItemBody>,
    /// Whether the receipt printed.
    pub printed: bool,
    /// Why it did not (`no_printer`, or the printer's code); the submission
    /// is filed either way.
    pub print_error: Option<String>,
}

/// A submission as the kiosk's status lookup and the desk show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SubmissionView {
    pub submission_id: String,
    pub number: String,
    pub case: CaseRef,
    pub party_masked_id: String,
    pub items: Vec<ItemBody>,
    #[ts(type = "number")]
    pub submitted_at_ms: u64,
    pub status: SubmissionStatus,
    /// The decision that counts, if any.
    pub decision: Option<DecisionView>,
    pub replaces: Option<String>,
    pub replaced_by: Option<String>,
    /// The number of the submission that replaced this one.
    pub replaced_by_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DecisionView {
    pub decision: Decision,
    pub clerk: String,
    #[ts(type = "number")]
    pub decided_at_ms: u64,
}

/// A status lookup's answer: the submission the token names and its
/// history, first filing first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StatusView {
    pub submission: SubmissionView,
    pub history: Vec<SubmissionView>,
    /// The submission's papers put into a kiosk's locker, oldest first
    /// (the pickup code only at a desk).
    pub lockers: Vec<LockerDepositView>,
}

pub(crate) fn submission_view(book: &Book, kept: &KeptSubmission) -> SubmissionView {
    let body = &kept.body;
    SubmissionView {
        submission_id: body.submission_id.clone(),
        number: body.number.clone(),
        case: body.case.clone(),
        party_masked_id: body.party_masked_id.clone(),
        items: body.items.clone(),
        submitted_at_ms: body.submitted_at_ms,
        status: kept.status(),
        decision: kept.decision().map(|d| DecisionView {
            decision: d.body.decision.clone(),
            clerk: d.body.clerk.clone(),
            decided_at_ms: d.body.decided_at_ms,
        }),
        replaces: body.replaces.clone(),
        replaced_by: kept.replaced_by.clone(),
        replaced_by_number: kept
            .replaced_by
            .as_ref()
            .and_then(|id| book.get(id))
            .map(|s| s.body.number.clone()),
    }
}

/// Where a file added to the draft came from: its name follows.
#[derive(Debug, Clone, Copy)]
enum Added<'a> {
    /// From the USB stick, named as it was there.
    File,
    /// Scanned pages, kept for scanning one again; `scan-N.pdf`.
    Scan(&'a [ScannedPage]),
    /// From the camera; `photo-N.jpg`.
    Photo,
}

/// Scanned pages bound into one PDF.
pub(super) fn scanned_pdf(pages: &[ScannedPage]) -> Result<Vec<u8>, ApiError> {
    pages_to_pdf(pages).map_err(|error| {
        tracing::error!(%error, "scanned pages could not be put into a PDF");
        ApiError::new(
            ErrorCode::ScannerUnavailable,
            "the scan could not be assembled",
        )
        .with_detail(error.code())
    })
}

pub(crate) fn store_error(error: impl std::fmt::Display) -> ApiError {
    tracing::error!(%error, "intake storage failed");
    ApiError::new(ErrorCode::Storage, "the terminal's storage failed")
}

pub(super) fn illegal(detail: &str, message: &str) -> ApiError {
    ApiError::new(ErrorCode::IllegalAction, message).with_detail(detail)
}

pub(super) fn bad_input(detail: &str, message: &str) -> ApiError {
    ApiError::new(ErrorCode::BadInput, message).with_detail(detail)
}

pub(super) fn refused(error: &IntakeError) -> ApiError {
    if error.is_refusal() {
        ApiError::new(ErrorCode::IntakeRefused, error.to_string()).with_detail(error.code())
    } else {
        store_error(error)
    }
}

fn view(draft: &Draft, camera: bool) -> DraftView {
    let items: Vec<DraftItemView> = draft
        .items
        .iter()
        .map(|i| DraftItemView {
            item_id: i.item_id.clone(),
            material: i.material.clone(),
            display_name: i.display_name.clone(),
            media_type: i.media_type.clone(),
            pages: i.pages,
            size: i.size,
            short_hash: i.sha256[..8].to_owned(),
            duplicate: i.duplicate.map(|d| {
                match d {
                    Duplicate::EarlierSubmission => "earlier_submission",
                    Duplicate::ThisSubmission => "this_submission",
                }
                .to_owned()
            }),
            rescannable: !i.scan_pages.is_empty(),
        })
        .collect();
    let ready = !items.is_empty()
        && items
            .iter()
            .all(|i| i.material.is_some() && i.duplicate.is_none());
    DraftView {
        case: draft.case.clone(),
        replaces: draft.replaces.clone(),
        items,
        material_types: MATERIAL_TYPES.iter().map(|&m| m.to_owned()).collect(),
        ready,
        camera,
    }
}

impl Terminal {
    /// The draft as the kiosk shows it, with whether a camera is there now.
    pub(super) fn draft_view(&self, draft: &Draft) -> DraftView {
        let camera = self
            .config()
            .intake
            .camera()
            .is_some_and(|camera| camera.present());
        view(draft, camera)
    }

    /// The identified visitor's masked ID number.
    pub(crate) fn intake_party(&self) -> Result<String, ApiError> {
        match self.visit().lock().as_ref() {
            Some(visitor) if matches!(visitor.stage, Stage::Verified { .. }) => {
                Ok(visitor.resident_id.masked())
            }
            _ => Err(illegal(
                "not_identified",
                "nobody is identified at this kiosk",
            )),
        }
    }

    pub(super) fn draft_folder(&self) -> Result<DraftFolder, ApiError> {
        let scratch = self.visit().scratch().map_err(store_error)?;
        Ok(DraftFolder::new(scratch, self.store().seal_key()))
    }

    /// The current draft, or `no_draft`.
    pub(super) fn current_draft(&self, folder: &DraftFolder) -> Result<Draft, ApiError> {
        folder
            .load()
            .map_err(store_error)?
            .ok_or_else(|| illegal("no_draft", "no submission is being put together"))
    }

    /// Starts a submission for the identified visitor: for an existing case
    /// by its number, or a new filing of a case type; `replaces` names a
    /// returned submission of the same person that this one corrects. Any
    /// earlier draft of the visit is dropped.
    pub fn intake_start(
        &self,
        case: CaseRef,
        replaces: Option<String>,
    ) -> Result<DraftView, ApiError> {
        let party = self.intake_party()?;
        case.check()
            .map_err(|field| bad_input(field, "the case is not one the kiosk can file to"))?;
        let case = match case {
            CaseRef::Existing { case_number } => CaseRef::Existing {
                case_number: case_number.trim().to_owned(),
            },
            other => other,
        };
        if let Some(old) = &replaces {
            let book = Book::read(self.store()).map_err(store_error)?;
            let kept = book
                .get(old)
                .filter(|s| s.body.party_masked_id == party)
                .ok_or_else(|| {
                    ApiError::new(ErrorCode::NoSuchSubmission, "no such submission of yours")
                })?;
            if kept.status() != SubmissionStatus::Returned {
                return Err(illegal(
                    "not_returned",
                    "only a returned submission can be corrected",
                ));
            }
        }
        let _draft = self.intake().draft_lock();
        let folder = self.draft_folder()?;
        let draft = Draft {
            draft_id: submit::random_id(),
            case,
            replaces,
            items: Vec::new(),
            scans: 0,
            photos: 0,
        };
        folder.start(&draft).map_err(store_error)?;
        Ok(self.draft_view(&draft))
    }

    /// The visit's draft, if one was started.
    pub fn intake_draft(&self) -> Result<Option<DraftView>, ApiError> {
        self.intake_party()?;
        let folder = self.draft_folder()?;
        Ok(folder
            .load()
            .map_err(store_error)?
            .as_ref()
            .map(|d| self.draft_view(d)))
    }

    /// Drops the draft and its files.
    pub fn intake_discard(&self) -> Result<(), ApiError> {
        let _draft = self.intake().draft_lock();
        self.draft_folder()?.clear().map_err(store_error)
    }

    /// Lists the USB stick's files (metadata only; nothing is read).
    pub fn intake_usb_list(&self) -> Result<UsbListingView, ApiError> {
        self.intake_party()?;
        let root = self
            .config()
            .intake
            .usb_root
            .as_ref()
            .map(|p| self.config().resolve_path(p))
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::UsbUnavailable,
                    "this kiosk has no USB port set up",
                )
                .with_detail("usb_unavailable")
            })?;
        let usb_error = |error: courtdesk_intake::UsbError| {
            tracing::info!(code = error.code(), "the USB stick cannot be listed");
            ApiError::new(ErrorCode::UsbUnavailable, error.to_string()).with_detail(error.code())
        };
        let mut source = UsbSource::new(root).map_err(usb_error)?;
        let listing = source.list().map_err(usb_error)?;
        *self.intake().usb() = Some(source);
        Ok(UsbListingView {
            entries: listing
                .entries
                .into_iter()
                .map(|e| UsbEntryView {
                    id: serde_json::to_value(e.id)
                        .ok()
                        .and_then(|v| v.as_u64())
                        .unwrap_or(0),
                    name: e.name,
                    folder: e.folder,
                    size: e.size,
                    looks_supported: e.looks_supported,
                })
                .collect(),
            truncated: listing.truncated,
        })
    }

    /// Adds the file of the last listing with this id to the draft, if its
    /// content passes the checks (`intake_refused` with the check's code
    /// otherwise, and nothing is kept).
    pub fn intake_usb_add(&self, entry_id: u64) -> Result<DraftView, ApiError> {
        self.intake_party()?;
        let id: UsbEntryId = serde_json::from_value(serde_json::json!(entry_id))
            .map_err(|_| bad_input("entry_id", "not a listing id"))?;
        let file = {
            let usb = self.intake().usb();
            let source = usb.as_ref().ok_or_else(|| {
                ApiError::new(ErrorCode::UsbUnavailable, "list the USB stick first")
                    .with_detail("usb_entry_unknown")
            })?;
            source.open(id).map_err(|error| {
                ApiError::new(ErrorCode::UsbUnavailable, error.to_string())
                    .with_detail(error.code())
            })?
        };
        let name = file.entry().name.clone();
        self.add_to_draft(file, &name, Added::File)
    }

    /// Scans `pages` pages in a row on the kiosk's scanner and adds them to
    /// the draft as one PDF.
    pub fn intake_scan(&self, pages: u32) -> Result<DraftView, ApiError> {
        self.intake_party()?;
        if pages == 0 || pages > 100 {
            return Err(bad_input("pages", "scan 1 to 100 pages at a time"));
        }
        let mut scanned = Vec::new();
        for _ in 0..pages {
            scanned.push(self.scan_one_page()?);
        }
        let pdf = scanned_pdf(&scanned)?;
        self.add_to_draft(std::io::Cursor::new(pdf), "", Added::Scan(&scanned))
    }

    /// Takes a photo with the kiosk's camera and adds it to the draft as a
    /// JPEG, if its content passes the checks.
    pub fn intake_photo(&self) -> Result<DraftView, ApiError> {
        self.intake_party()?;
        let unavailable = |error: CameraError| {
            tracing::warn!(code = error.code(), "no photo was taken");
            ApiError::new(ErrorCode::CameraUnavailable, error.to_string()).with_detail(error.code())
        };
        let camera = self.config().intake.camera().ok_or_else(|| {
            unavailable(CameraError::NoCamera {
                detail: "no camera is set up".into(),
            })
        })?;
        let jpeg = camera.photo().map_err(unavailable)?;
        self.add_to_draft(std::io::Cursor::new(jpeg), "", Added::Photo)
    }

    /// One page from the kiosk's scanner, as `[intake]` sets it up.
    pub(super) fn scan_one_page(&self) -> Result<ScannedPage, ApiError> {
        let settings = &self.config().intake;
        let mut scanner = SaneScanner::new();
        if let Some(device) = &settings.scanner_device {
            scanner = scanner.with_device(device.clone());
        }
        if let Some(dir) = &settings.scanner_config_dir {
            scanner = scanner.with_config_dir(self.config().resolve_path(dir));
        }
        let scan = ScanSettings {
            resolution_dpi: settings.scan_resolution_dpi,
            ..ScanSettings::default()
        };
        scanner.scan_page(&scan).map_err(|error| {
            tracing::warn!(code = error.code(), "a page was not scanned");
            ApiError::new(ErrorCode::ScannerUnavailable, error.to_string())
                .with_detail(error.code())
        })
    }

    fn add_to_draft(
        &self,
        reader: impl std::io::Read,
        name: &str,
        added: Added<'_>,
    ) -> Result<DraftView, ApiError> {
        let _draft = self.intake().draft_lock();
        let folder = self.draft_folder()?;
        let mut draft = self.current_draft(&folder)?;
        let earlier = self.earlier_hashes(&draft.case)?;
        let (file, duplicate) = folder
            .accept(&draft, reader, name, IntakeLimits::default(), &earlier)
            .map_err(|e| refused(&e))?;
        let mut scan_pages = Vec::new();
        let display_name = match added {
            Added::Scan(pages) => {
                for page in pages {
                    scan_pages.push(folder.keep_page(page).map_err(store_error)?);
                }
                draft.scans += 1;
                format!("scan-{}.pdf", draft.scans)
            }
            Added::Photo => {
                draft.photos += 1;
                format!("photo-{}.jpg", draft.photos)
            }
            Added::File => file.display_name.clone(),
        };
        draft.items.push(DraftItem {
            item_id: submit::random_id(),
            material: None,
            display_name,
            media_type: file.kind.mime_type().to_owned(),
            pages: file.pages,
            size: file.size,
            sha256: file.sha256.hex(),
            duplicate,
            scan_pages,
        });
        folder.save(&draft).map_err(store_error)?;
        Ok(self.draft_view(&draft))
    }

    /// The hashes of the files of the case's earlier submissions.
    pub(super) fn earlier_hashes(&self, case: &CaseRef) -> Result<HashSet<ContentHash>, ApiError> {
        let Some(number) = case.case_number() else {
            return Ok(HashSet::new());
        };
        let book = Book::read(self.store()).map_err(store_error)?;
        Ok(book
            .all()
            .filter(|s| s.body.case.case_number() == Some(number))
            .flat_map(|s| s.body.items.iter())
            .filter_map(|i| i.sha256.parse().ok())
            .collect())
    }

    fn change_draft(
        &self,
        item_id: &str,
        change: impl FnOnce(&DraftFolder, &mut Draft, usize) -> Result<(), ApiError>,
    ) -> Result<DraftView, ApiError> {
        self.intake_party()?;
        let _draft = self.intake().draft_lock();
        let folder = self.draft_folder()?;
        let mut draft = self.current_draft(&folder)?;
        let index = draft
            .items
            .iter()
            .position(|i| i.item_id == item_id)
            .ok_or_else(|| bad_input("item_id", "no such item in the draft"))?;
        change(&folder, &mut draft, index)?;
        folder.save(&draft).map_err(store_error)?;
        Ok(self.draft_view(&draft))
    }

    /// Gives an item one of the material types.
    pub fn intake_set_material(
        &self,
        item_id: &str,
        material: &str,
    ) -> Result<DraftView, ApiError> {
        if !MATERIAL_TYPES.contains(&material) {
            return Err(bad_input("material", "not a material type"));
        }
        self.change_draft(item_id, |_, draft, index| {
            draft.items[index].material = Some(material.to_owned());
            Ok(())
        })
    }

    /// Takes an item out of the draft (its file goes unless another item
    /// holds the same content).
    pub fn intake_remove_item(&self, item_id: &str) -> Result<DraftView, ApiError> {
        self.change_draft(item_id, |folder, draft, index| {
            let item = draft.items.remove(index);
            folder.forget_file(draft, &item.sha256).map_err(store_error)
        })
    }

    /// The litigant's choice for a flagged duplicate: keep it in the
    /// submission, or take it out.
    pub fn intake_resolve_duplicate(
        &self,
        item_id: &str,
        keep: bool,
    ) -> Result<DraftView, ApiError> {
        if !keep {
            return self.intake_remove_item(item_id);
        }
        self.change_draft(item_id, |_, draft, index| {
            draft.items[index].duplicate = None;
            Ok(())
        })
    }

    /// Files the draft: the submission is kept here at once (whether or not
    /// the court server can be reached), then its receipt is printed on the
    /// kiosk's printer. A receipt that does not print leaves the submission
    /// filed and says why in `print_error`.
    pub fn intake_submit(&self) -> Result<SubmittedView, ApiError> {
        let party = self.intake_party()?;
        let body = {
            let _draft = self.intake().draft_lock();
            let folder = self.draft_folder()?;
            let draft = self.current_draft(&folder)?;
            if draft.items.iter().any(|i| i.duplicate.is_some()) {
                return Err(bad_input(
                    "duplicate_unresolved",
                    "a duplicate waits for the litigant's choice",
                ));
            }
            let now = now_ms();
            let filing = Filing {
                party_masked_id: party,
                terminal_id: self.id().as_str().to_owned(),
                now_ms: now,
            };
            let day = self.site_clock().day(now).to_string();
            let body = submit::file_draft(
                self.store(),
                &self.config().data_dir(),
                &folder,
                &draft,
                &filing,
                &day,
            )
            .map_err(|error| match error {
                FileError::Empty => bad_input("no_items", "the draft has no items"),
                FileError::MaterialMissing => {
                    bad_input("material_missing", "an item has no material type")
                }
                other => store_error(other),
            })?;
            if let Err(error) = folder.clear() {
                tracing::warn!(%error, "a filed draft's folder could not be cleared");
            }
            body
        };
        if let Some(link) = self.sync_link() {
            link.sync_now();
        }
        let qr_payload = format!("{QR_PREFIX}{}", body.status_token);
        let print_error = self.print_intake_receipt(&body, &qr_payload).err();
        // Earlier filings' files whose time is up go now, the litigant's
        // receipt in hand.
        crate::intake::retention::sweep_logged(
            self.store(),
            &self.config().data_dir(),
            self.config().intake.retention_days,
        );
        Ok(SubmittedView {
            submission_id: body.submission_id.clone(),
            number: body.number.clone(),
            qr_payload,
            items: body.items,
            printed: print_error.is_none(),
            print_error,
        })
    }

    fn print_intake_receipt(&self, body: &SubmittedBody, qr_payload: &str) -> Result<(), String> {
        self.print_receipt(&self.intake_receipt(body, qr_payload, None))
    }

    /// The receipt of a filed submission, with a locker compartment if
    /// its papers are in one.
    pub(crate) fn intake_receipt(
        &self,
        body: &SubmittedBody,
        qr_payload: &str,
        locker: Option<ReceiptLocker>,
    ) -> IntakeReceipt {
        IntakeReceipt {
            site_name: self
                .queue()
                .map(|book| book.hall.site_name.clone())
                .unwrap_or_default(),
            submission_number: body.number.clone(),
            case_number: body.case.case_number().map(str::to_owned),
            submitted_at_local: self.site_clock().local(body.submitted_at_ms).to_string(),
            items: body
                .items
                .iter()
                .map(|i| {
                    let (zh, en) = material_label(&i.material);
                    ReceiptItem {
                        material_zh: zh.to_owned(),
                        material_en: en.to_owned(),
                        pages: i.pages,
                        short_hash: i.sha256[..8].to_owned(),
                    }
                })
                .collect(),
            locker,
            status_check: qr_payload.to_owned(),
            bilingual: true,
        }
    }

    /// Prints a receipt on this terminal's printer; the error is the code
    /// the screen shows (`no_printer`, `layout_failed` or the printer's).
    pub(crate) fn print_receipt(&self, receipt: &IntakeReceipt) -> Result<(), String> {
        let queue = self.printer_queue().map_err(|_| "no_printer".to_owned())?;
        let pdf = render_receipt_pdf(receipt).map_err(|error| {
            tracing::error!(%error, "an intake receipt could not be laid out");
            "layout_failed".to_owned()
        })?;
        let printer = CupsPrinter::new(queue, RECEIPT_PRINT_TIMEOUT);
        print(&printer, &pdf, "CourtDesk intake receipt")
            .map_err(|error| error.detail.unwrap_or_else(|| "print_failed".into()))
    }

    /// A submission's status by the token of its receipt's QR code (the
    /// code's whole text, or the token alone), from the records this kiosk
    /// holds: it works offline, with what was last pulled.
    pub fn intake_status(&self, token: &str) -> Result<StatusView, ApiError> {
        let token = token.trim();
        let token = token.strip_prefix(QR_PREFIX).unwrap_or(token);
        let unknown = || ApiError::new(ErrorCode::NoSuchSubmission, "no submission has this code");
        if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(unknown());
        }
        let book = Book::read(self.store()).map_err(store_error)?;
        let kept = book.by_token(token).ok_or_else(unknown)?;
        Ok(StatusView {
            submission: submission_view(&book, kept),
            history: book
                .chain(&kept.body.submission_id)
                .into_iter()
                .map(|s| submission_view(&book, s))
                .collect(),
            lockers: locker_views(kept, false),
        })
    }
}
