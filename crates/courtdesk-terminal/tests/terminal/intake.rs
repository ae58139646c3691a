//! Document intake against the real server: files from a USB folder and
//! SANE's `test` scanner, bad files refused with nothing kept, a submission
//! filed at the kiosk (online and cut off), reviewed at a desk from the
//! bytes the server verified, returned, corrected and accepted, with the
//! kiosk's status lookup following; the receipt through CUPS; and `kill -9`
//! in the middle of filing.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use courtdesk_core::Mode;
use courtdesk_faultproxy::{FaultProxy, Partition};
use courtdesk_protocol::Digest;
use courtdesk_store::Store;
use courtdesk_terminal::commands::intake_kiosk::DraftView;
use courtdesk_terminal::intake::book::SubmissionStatus;
use courtdesk_terminal::intake::records::{CaseRef, Decision};
use courtdesk_terminal::{ErrorCode, Terminal};

use crate::court::{Court, eventually, printed_files, printed_text, printer_or_skip};
use crate::delivery::identify;
use crate::start_terminal_with;

pub(crate) const RESIDENT_ID: &str = "11010519491231002X";
const PHONE: &str = "13812345678";
const CASE_NUMBER: &str = "(2026)京0105民初123号";

/// A PDF of `pages` pages with `catalog_extra` in its catalog, with a
/// correct cross-reference table.
pub(crate) fn pdf(pages: u32, catalog_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |out: &mut Vec<u8>, number: u32, body: String| {
        offsets.push((number, out.len()));
        write!(out, "{number} 0 obj\n{body}\nendobj\n").expect("in memory");
    };
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 10 + i)).collect();
    object(
        &mut out,
        1,
        format!("<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>"),
    );
    object(
        &mut out,
        2,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
    );
    for i in 0..pages {
        object(
            &mut out,
            10 + i,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".into(),
        );
    }
    let size = 10 + pages;
    let xref_at = out.len();
    write!(out, "xref\n0 {size}\n").expect("in memory");
    for n in 0..size {
        match offsets.iter().find(|(o, _)| *o == n) {
            Some((_, at)) => writeln!(out, "{at:010} 00000 n "),
            None => writeln!(out, "0000000000 65535 f "),
        }
        .expect("in memory");
    }
    write!(
        out,
        "trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
    )
    .expect("in memory");
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG's signature and IHDR claiming `width` × `height`, CRC correct.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&width.to_be_bytes());
    chunk.extend_from_slice(&height.to_be_bytes());
    chunk.extend_from_slice(&[8, 0, 0, 0, 0]);
    out.extend_from_slice(&13u32.to_be_bytes());
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&crc32(&chunk).to_be_bytes());
    out
}

/// The kiosk's configuration: the USB folder `usb`, the card reader's
/// file, SANE's `test` backend from `sane`, and the printer if any.
pub(crate) fn kiosk_config(printer: Option<&str>) -> String {
    let mut extra = String::from(
        "[identity]\ncard_reader_simulator = \"card.json\"\n\
         [intake]\nusb_root = \"usb\"\nscanner_device = \"test\"\n\
         scanner_config_dir = \"sane\"\nscan_resolution_dpi = 50\n",
    );
    if let Some(queue) = printer {
        extra.push_str(&format!("[queue]\nprinter = \"{queue}\"\n"));
    }
    extra
}

/// The data folder's USB and SANE folders.
pub(crate) fn prepare(dir: &Path) -> PathBuf {
    let usb = dir.join("usb");
    std::fs::create_dir_all(&usb).expect("usb folder");
    let sane = dir.join("sane");
    std::fs::create_dir_all(&sane).expect("sane folder");
    std::fs::write(sane.join("dll.conf"), "test\n").expect("dll.conf");
    let stock = std::fs::read_to_string("/etc/sane.d/test.conf")
        .unwrap_or_else(|_| "number_of_devices 2\n".into());
    std::fs::write(sane.join("test.conf"), stock).expect("test.conf");
    usb
}

/// An unenrolled kiosk whose visitor is identified by the card reader.
pub(crate) fn offline_kiosk(dir: &Path) -> (PathBuf, Terminal) {
    offline_kiosk_with(dir, &kiosk_config(None))
}

pub(crate) fn offline_kiosk_with(dir: &Path, config: &str) -> (PathBuf, Terminal) {
    let usb = prepare(dir);
    std::fs::write(
        dir.join("card.json"),
        format!("{{\"resident_id\":\"{RESIDENT_ID}\",\"name\":\"张三\"}}"),
    )
    .expect("card");
    let kiosk = start_terminal_with(dir, Mode::Kiosk, config);
    kiosk
        .identity_read_card()
        .expect("read")
        .expect("a card on the reader");
    (usb, kiosk)
}

/// Adds the USB file called `name` (as listed) to the draft.
pub(crate) fn add_usb(
    kiosk: &Terminal,
    name: &str,
) -> Result<DraftView, courtdesk_terminal::ApiError> {
    let listing = kiosk.intake_usb_list().expect("listed");
    let entry = listing
        .entries
        .iter()
        .find(|e| {
            e.name == name
                || (name.ends_with('*') && e.name.starts_with(name.trim_end_matches('*')))
        })
        .unwrap_or_else(|| panic!("{name} is listed: {listing:?}"));
    kiosk.intake_usb_add(entry.id)
}

pub(crate) fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn existing_case() -> CaseRef {
    CaseRef::Existing {
        case_number: CASE_NUMBER.into(),
    }
}

#[test]
fn bad_files_are_refused_with_their_reason_and_nothing_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (usb, kiosk) = offline_kiosk(dir.path());
    kiosk.intake_start(existing_case(), None).expect("started");

    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.resize(4096, 0);
    let good = pdf(2, "");
    let truncated = &good[..good.len() - 40];
    let corpus: Vec<(&str, Vec<u8>, &str)> = vec![
        ("program.pdf", elf, "unsupported_type"),
        ("cut.pdf", truncated.to_vec(), "pdf_truncated"),
        (
            "script.pdf",
            pdf(
                1,
                "/OpenAction << /S /JavaScript /JS (app.alert\\('hi'\\);) >>",
            ),
            "pdf_active_content",
        ),
        (
            "archive.zip",
            b"PK\x03\x04\x14\0\0\0\x08\0some zipped bytes".to_vec(),
            "unsupported_type",
        ),
        ("photo.png", png_header(30_000, 30_000), "too_many_pixels"),
        ("empty.pdf", Vec::new(), "empty_file"),
    ];
    for (name, bytes, _) in &corpus {
        std::fs::write(usb.join(name), bytes).expect("written");
    }
    let draft_files = dir.path().join("visit").join("intake").join("files");
    for (name, _, code) in &corpus {
        let error = add_usb(&kiosk, name).expect_err(name);
        assert_eq!(
            (error.code, error.detail.as_deref()),
            (ErrorCode::IntakeRefused, Some(*code)),
            "{name}: {error:?}"
        );
        assert!(
            files_in(&draft_files).is_empty(),
            "{name} left {:?}",
            files_in(&draft_files)
        );
    }
    let draft = kiosk.intake_draft().expect("read").expect("the draft");
    assert!(draft.items.is_empty(), "no item was added");
    assert!(!draft.ready);

    // A name is never a path: what is left of it is shown, nothing more.
    let name = "evil\u{7}..\u{202e}fdp.pdf";
    std::fs::write(usb.join(name), &good).expect("written");
    let draft = add_usb(&kiosk, "evil*").expect("a good PDF");
    let shown = &draft.items[0].display_name;
    assert!(
        !shown.contains("..") && !shown.contains(['/', '\\', '\u{7}', '\u{202e}']),
        "{shown:?}"
    );
    let cleaned = courtdesk_intake::sanitize_display_name("../../etc/passwd\0.pdf");
    assert!(
        !cleaned.contains(['/', '\0']) && !cleaned.contains(".."),
        "{cleaned:?}"
    );
    let error = kiosk.intake_submit().expect_err("no material type yet");
    assert_eq!(error.detail.as_deref(), Some("material_missing"));

    drop(kiosk);
    let store = Store::open(&dir.path().join("terminal.sqlite3")).expect("store");
    assert!(
        store.intake_records().expect("read").is_empty(),
        "nothing was filed"
    );
    assert_eq!(store.outbox_len().expect("read"), 0, "no record was queued");
    assert!(store.pending_blobs().expect("read").is_empty());
}

#[test]
fn a_usb_stick_that_is_not_there_and_a_missing_scanner_are_told_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config =
        kiosk_config(None).replace("scanner_device = \"test\"", "scanner_device = \"test:7\"");
    let (usb, kiosk) = offline_kiosk_with(dir.path(), &config);
    assert_eq!(
        kiosk
            .intake_usb_add(0)
            .expect_err("no draft")
            .detail
            .as_deref(),
        Some("usb_entry_unknown")
    );
    kiosk.intake_start(existing_case(), None).expect("started");
    std::fs::remove_dir_all(&usb).expect("the stick is pulled out");
    let error = kiosk.intake_usb_list().expect_err("no stick");
    assert_eq!(
        (error.code, error.detail.as_deref()),
        (ErrorCode::UsbUnavailable, Some("usb_unavailable"))
    );
    let error = kiosk.intake_scan(1).expect_err("no scanner");
    assert_eq!(error.code, ErrorCode::ScannerUnavailable, "{error:?}");
    kiosk.visit_finish().expect("finished");
    assert_eq!(
        kiosk
            .intake_start(existing_case(), None)
            .expect_err("nobody identified")
            .detail
            .as_deref(),
        Some("not_identified")
    );
}

/// Waits until the kiosk's outbox and blob queue are empty.
pub(crate) fn drained(kiosk: &Terminal) {
    kiosk.sync_now().expect("woken");
    eventually("the kiosk to deliver its submission", || {
        let view = kiosk.sync_status().expect("status");
        (view.backlog == 0 && view.blobs_pending == 0 && view.online).then_some(())
    });
}

pub(crate) fn scanner_present() -> bool {
    let present = std::process::Command::new("scanimage")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have scanimage (sane-utils)"
        );
        eprintln!("skipping the scan: scanimage is not installed");
    }
    present
}

#[test]
fn a_submission_goes_from_the_kiosk_to_the_desk_is_returned_corrected_and_accepted() {
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    let printer = printer_or_skip();
    let dir = tempfile::tempdir().expect("tempdir");
    let usb = prepare(dir.path());
    court.enroll(dir.path(), Mode::Kiosk, court.running.local_addr());
    let kiosk = start_terminal_with(
        dir.path(),
        Mode::Kiosk,
        &kiosk_config(printer.as_ref().map(|(q, _)| q.as_str())),
    );
    identify(&court, &kiosk, RESIDENT_ID, PHONE);

    // The stick's PDF carries a base web address and an archive after its
    // end: the kiosk must pass on a rebuilt file without either.
    let mut claim = pdf(3, "/URI << /Base (http://evil.example/) >>");
    claim.extend_from_slice(b"PK\x03\x04SMUGGLED-ARCHIVE");
    std::fs::write(usb.join("claim.pdf"), &claim).expect("written");
    kiosk.intake_start(existing_case(), None).expect("started");
    let mut draft = add_usb(&kiosk, "claim.pdf").expect("accepted");
    assert_eq!(
        (draft.items[0].pages, draft.items[0].media_type.as_str()),
        (3, "application/pdf")
    );
    if scanner_present() {
        draft = kiosk.intake_scan(2).expect("two pages scanned");
        let scan = draft.items.last().expect("the scan");
        assert_eq!((scan.pages, scan.display_name.as_str()), (2, "scan-1.pdf"));
    }
    // The same file again is flagged; the litigant takes it back out.
    let again = add_usb(&kiosk, "claim.pdf").expect("stored and flagged");
    let flagged = again.items.last().expect("the duplicate");
    assert_eq!(flagged.duplicate.as_deref(), Some("this_submission"));
    assert_eq!(
        kiosk
            .intake_submit()
            .expect_err("a duplicate waits")
            .detail
            .as_deref(),
        Some("duplicate_unresolved")
    );
    let draft = kiosk
        .intake_resolve_duplicate(&flagged.item_id.clone(), false)
        .expect("removed");
    assert_eq!(draft.items.len(), if scanner_present() { 2 } else { 1 });
    for (item, material) in draft.items.iter().zip(["complaint", "evidence"]) {
        kiosk
            .intake_set_material(&item.item_id, material)
            .expect("set");
    }
    assert_eq!(
        kiosk
            .intake_set_material(&draft.items[0].item_id, "poetry")
            .expect_err("not a type")
            .code,
        ErrorCode::BadInput
    );

    let before = printer
        .as_ref()
        .map(|(_, out)| printed_files(out))
        .unwrap_or_default();
    let submitted = kiosk.intake_submit().expect("filed");
    assert!(submitted.number.starts_with("SJ-"), "{}", submitted.number);
    assert!(
        kiosk.intake_draft().expect("read").is_none(),
        "the draft is gone"
    );
    match &printer {
        Some((_, out)) => {
            assert!(submitted.printed, "{:?}", submitted.print_error);
            let text = printed_text(out, &before, &submitted.number);
            assert!(text.contains(CASE_NUMBER), "{text}");
            assert!(text.contains(&submitted.items[0].sha256[..8]), "{text}");
            assert!(
                !text.contains(RESIDENT_ID) && !text.contains("张三"),
                "{text}"
            );
        }
        None => assert_eq!(submitted.print_error.as_deref(), Some("no_printer")),
    }
    drained(&kiosk);
    for item in &submitted.items {
        let kept = court.data_dir().join("blobs").join(&item.sha256);
        let bytes = std::fs::read(&kept).expect("the server keeps every item");
        assert_eq!(Digest::of(&bytes).to_hex(), item.sha256);
        for removed in [&b"evil.example"[..], b"SMUGGLED", b"/URI"] {
            assert!(
                !bytes.windows(removed.len()).any(|w| w == removed),
                "the server received {:?}",
                String::from_utf8_lossy(removed)
            );
        }
    }
    let status = kiosk.intake_status(&submitted.qr_payload).expect("found");
    assert_eq!(status.submission.status, SubmissionStatus::AwaitingReview);
    assert_eq!(status.submission.party_masked_id.len(), RESIDENT_ID.len());
    assert_ne!(status.submission.party_masked_id, RESIDENT_ID);

    // The desk pulls it, reads an item from the server, returns it.
    let (_desk_dir, desk) = court.desk();
    let entry = eventually("the submission in the desk's queue", || {
        desk.desk_intake_queue()
            .expect("queue")
            .into_iter()
            .find(|e| e.number == submitted.number)
    });
    assert_eq!(entry.case, existing_case());
    // The kiosk drained its uploads: every item is whole at the server.
    let uploads = desk
        .desk_intake_uploads(&entry.submission_id)
        .expect("upload states");
    assert_eq!(uploads.len(), submitted.items.len());
    for (upload, item) in uploads.iter().zip(&submitted.items) {
        assert_eq!(upload.item_id, item.item_id);
        assert_eq!(
            (upload.held, upload.size, upload.complete),
            (item.size, item.size, true)
        );
    }
    assert_eq!(
        desk.desk_intake_uploads("no-such-submission")
            .expect_err("unknown")
            .code,
        ErrorCode::NoSuchSubmission
    );
    let bytes = desk
        .desk_intake_item(&entry.submission_id, &submitted.items[0].item_id)
        .expect("downloaded");
    // The rebuilt file the kiosk kept and uploaded, never the stick's bytes.
    assert_eq!(Digest::of(&bytes).to_hex(), submitted.items[0].sha256);
    assert_ne!(bytes, claim, "the stick's own bytes never reach the court");
    let returned = desk
        .desk_intake_decide(
            &entry.submission_id,
            Decision::Return {
                reason_code: "missing_signature".into(),
                text: "请在起诉状末页签名".into(),
            },
        )
        .expect("returned");
    assert_eq!(returned.status, SubmissionStatus::Returned);
    assert_eq!(
        desk.desk_intake_decide(&entry.submission_id, Decision::Accept)
            .expect_err("decided already")
            .detail
            .as_deref(),
        Some("already_decided")
    );

    // The kiosk's status lookup sees the return once it has pulled it.
    let seen = eventually("the return at the kiosk", || {
        kiosk
            .intake_status(&submitted.qr_payload)
            .ok()
            .filter(|s| s.submission.status == SubmissionStatus::Returned)
    });
    assert_eq!(
        seen.submission.decision.expect("the decision").decision,
        Decision::Return {
            reason_code: "missing_signature".into(),
            text: "请在起诉状末页签名".into(),
        }
    );

    // The corrected submission replaces it and keeps the history.
    let signed = pdf(4, "");
    std::fs::write(usb.join("claim-signed.pdf"), &signed).expect("written");
    kiosk
        .intake_start(existing_case(), Some(entry.submission_id.clone()))
        .expect("a correction");
    let draft = add_usb(&kiosk, "claim-signed.pdf").expect("accepted");
    kiosk
        .intake_set_material(&draft.items[0].item_id, "complaint")
        .expect("set");
    let corrected = kiosk.intake_submit().expect("filed");
    drained(&kiosk);
    let resubmitted = eventually("the correction in the desk's queue", || {
        desk.desk_intake_queue()
            .expect("queue")
            .into_iter()
            .find(|e| e.number == corrected.number)
    });
    assert!(resubmitted.resubmission);
    let detail = desk
        .desk_intake_submission(&resubmitted.submission_id)
        .expect("detail");
    let numbers: Vec<&str> = detail.history.iter().map(|s| s.number.as_str()).collect();
    assert_eq!(
        numbers,
        [submitted.number.as_str(), corrected.number.as_str()]
    );
    assert_eq!(detail.history[0].status, SubmissionStatus::Replaced);
    assert!(
        !desk
            .desk_intake_queue()
            .expect("queue")
            .iter()
            .any(|e| e.number == submitted.number),
        "the returned one is not waiting"
    );
    desk.desk_intake_decide(&resubmitted.submission_id, Decision::Accept)
        .expect("accepted");
    eventually("the acceptance at the kiosk", || {
        kiosk
            .intake_status(&corrected.qr_payload)
            .ok()
            .filter(|s| s.submission.status == SubmissionStatus::Accepted)
    });
    let old = kiosk.intake_status(&submitted.qr_payload).expect("found");
    assert_eq!(old.submission.status, SubmissionStatus::Replaced);
    assert_eq!(
        old.submission.replaced_by_number.as_deref(),
        Some(corrected.number.as_str())
    );
    assert_eq!(
        kiosk
            .intake_status("CDI:00000000000000000000000000000000")
            .expect_err("unknown")
            .code,
        ErrorCode::NoSuchSubmission
    );
}

#[test]
fn a_kiosk_cut_off_files_and_the_submission_reaches_the_server_once_then_lets_its_files_go() {
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    let proxy = court
        .runtime
        .block_on(FaultProxy::start(court.running.local_addr()))
        .expect("the proxy starts");
    let dir = tempfile::tempdir().expect("tempdir");
    let usb = prepare(dir.path());
    court.enroll(dir.path(), Mode::Kiosk, proxy.addr());
    // Files go as soon as the server holds them: the sweeps at filing and at
    // start must still keep what it does not.
    let keep_for = |days: u32| {
        kiosk_config(None).replace(
            "scan_resolution_dpi = 50\n",
            &format!("scan_resolution_dpi = 50\nretention_days = {days}\n"),
        )
    };
    let kiosk = start_terminal_with(dir.path(), Mode::Kiosk, &keep_for(0));
    identify(&court, &kiosk, RESIDENT_ID, PHONE);

    proxy.handle().partition(Partition::Refuse);
    let evidence = pdf(1, "");
    std::fs::write(usb.join("evidence.pdf"), &evidence).expect("written");
    kiosk
        .intake_start(
            CaseRef::NewFiling {
                answers: None,
                case_type: "civil".into(),
            },
            None,
        )
        .expect("started");
    let draft = add_usb(&kiosk, "evidence.pdf").expect("accepted");
    kiosk
        .intake_set_material(&draft.items[0].item_id, "evidence")
        .expect("set");
    let submitted = kiosk.intake_submit().expect("filed while cut off");
    let status = kiosk
        .intake_status(&submitted.qr_payload)
        .expect("looked up offline");
    assert_eq!(status.submission.status, SubmissionStatus::AwaitingReview);
    std::thread::sleep(Duration::from_millis(300));
    assert!(kiosk.sync_status().expect("status").backlog >= 1);

    proxy.handle().heal();
    drained(&kiosk);
    let mut exported = Vec::new();
    court
        .running
        .registry()
        .export(&mut exported)
        .expect("export");
    let lines = String::from_utf8(exported).expect("utf-8");
    assert_eq!(
        lines.matches(&submitted.submission_id).count(),
        1,
        "the submission reached the server exactly once"
    );
    assert!(
        court
            .data_dir()
            .join("blobs")
            .join(&submitted.items[0].sha256)
            .exists()
    );

    // Cut off, the filed file stayed (the sweep after filing found it owed
    // to the server). Verified now, it stays for a kiosk keeping files a day,
    // and goes at the start of one keeping them no longer than that.
    let kept = dir.path().join("intake").join("files");
    let sha = vec![submitted.items[0].sha256.clone()];
    assert_eq!(files_in(&kept), sha, "kept until the server holds it");
    drop(kiosk);
    let kiosk = start_terminal_with(dir.path(), Mode::Kiosk, &keep_for(1));
    assert_eq!(files_in(&kept), sha, "a day's retention keeps it");
    drop(kiosk);
    let kiosk = start_terminal_with(dir.path(), Mode::Kiosk, &keep_for(0));
    assert!(
        files_in(&kept).is_empty(),
        "verified and past its retention"
    );
    let status = kiosk
        .intake_status(&submitted.qr_payload)
        .expect("the status outlives the file");
    assert_eq!(status.submission.submission_id, submitted.submission_id);
}

/// The environment variable that makes [`intake_crash_victim`] run: the
/// data folder it files into.
const VICTIM_ENV: &str = "COURTDESK_INTAKE_VICTIM";

/// Not a test of its own: the process [`a_kill_in_the_middle_of_filing_leaves_it_complete_or_absent`]
/// kills. It files submissions of three files in a loop, printing each
/// number once filed.
#[test]
#[ignore = "run by the crash test as its victim process"]
fn intake_crash_victim() {
    let Some(dir) = std::env::var_os(VICTIM_ENV) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let kiosk = start_terminal_with(&dir, Mode::Kiosk, &kiosk_config(None));
    kiosk.identity_read_card().expect("read").expect("a card");
    let mut stdout = std::io::stdout();
    loop {
        kiosk.intake_start(existing_case(), None).expect("started");
        for name in ["a.pdf", "b.pdf", "c.pdf"] {
            let draft = add_usb(&kiosk, name).expect("accepted");
            let item = draft.items.last().expect("added");
            let keep = item.duplicate.is_some();
            if keep {
                kiosk
                    .intake_resolve_duplicate(&item.item_id, true)
                    .expect("kept");
            }
            kiosk
                .intake_set_material(&item.item_id, "evidence")
                .expect("set");
        }
        let submitted = kiosk.intake_submit().expect("filed");
        writeln!(stdout, "filed {}", submitted.submission_id).expect("stdout");
        stdout.flush().expect("stdout");
    }
}

#[test]
fn a_kill_in_the_middle_of_filing_leaves_it_complete_or_absent() {
    use std::io::BufRead as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let usb = prepare(dir.path());
    std::fs::write(
        dir.path().join("card.json"),
        format!("{{\"resident_id\":\"{RESIDENT_ID}\",\"name\":\"张三\"}}"),
    )
    .expect("card");
    for (name, pages) in [("a.pdf", 1), ("b.pdf", 2), ("c.pdf", 3)] {
        std::fs::write(usb.join(name), pdf(pages, "")).expect("written");
    }
    let mut filed_before_kill = Vec::new();
    for round in 0..6u64 {
        let mut victim = std::process::Command::new(std::env::current_exe().expect("exe"))
            .args([
                "--exact",
                "intake::intake_crash_victim",
                "--ignored",
                "--nocapture",
            ])
            .env(VICTIM_ENV, dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the victim starts");
        let mut lines = std::io::BufReader::new(victim.stdout.take().expect("stdout")).lines();
        // Let it file one, then kill it a varying time into the next.
        let deadline = Instant::now() + Duration::from_secs(60);
        let first = loop {
            let line = lines.next().expect("a line").expect("utf-8");
            if let Some(id) = line.strip_prefix("filed ") {
                break id.to_owned();
            }
            assert!(Instant::now() < deadline, "the victim files nothing");
        };
        filed_before_kill.push(first);
        std::thread::sleep(Duration::from_millis(7 * round + 3));
        victim.kill().expect("SIGKILL");
        victim.wait().expect("reaped");
        for line in lines.map_while(Result::ok) {
            if let Some(id) = line.strip_prefix("filed ") {
                filed_before_kill.push(id.to_owned());
            }
        }

        // After the restart: every kept submission is whole.
        let store = Store::open(&dir.path().join("terminal.sqlite3")).expect("store");
        let pending = store.pending_blobs().expect("blobs");
        let outbox = store.outbox_batch(10_000).expect("outbox");
        let rows = store.intake_records().expect("records");
        for row in &rows {
            let body: serde_json::Value = serde_json::from_str(&row.body).expect("json");
            let items = body["items"].as_array().expect("items");
            assert_eq!(items.len(), 3, "a submission has all its items");
            for item in items {
                let sha = item["sha256"].as_str().expect("sha");
                let blob = pending
                    .iter()
                    .find(|b| b.sha256.to_hex() == sha)
                    .unwrap_or_else(|| panic!("the blob {sha} is queued"));
                let raw = std::fs::read(&blob.path).expect("its file is there");
                assert!(raw.starts_with(courtdesk_sealed::MAGIC), "sealed at rest");
                let bytes = courtdesk_sealed::read_sealed(&store.seal_key(), &blob.path)
                    .expect("it opens with the terminal's key");
                assert_eq!(Digest::of(&bytes).to_hex(), sha, "and whole");
            }
            assert!(
                outbox
                    .records
                    .iter()
                    .any(|r| r.id.as_str() == row.record_id),
                "its record waits in the outbox"
            );
        }
        for id in &filed_before_kill {
            assert!(
                rows.iter().any(|r| &r.submission_id == id),
                "{id} was reported filed, so it is kept"
            );
        }
    }
    let store = Store::open(&dir.path().join("terminal.sqlite3")).expect("store");
    let kept = store.intake_records().expect("records").len();
    assert!(kept >= filed_before_kill.len(), "{kept}");
}
