//! Drafts saved with a resume code and carried on at a later visit,
//! scanning one page of a scan again, and photos from a camera, at a kiosk
//! with its card reader.

use courtdesk_protocol::Digest;
use courtdesk_terminal::ErrorCode;

use crate::intake::{
    RESIDENT_ID, add_usb, existing_case, files_in, kiosk_config, offline_kiosk, offline_kiosk_with,
    pdf, scanner_present,
};

fn identify_as(dir: &std::path::Path, kiosk: &courtdesk_terminal::Terminal, resident_id: &str) {
    std::fs::write(
        dir.join("card.json"),
        format!("{{\"resident_id\":\"{resident_id}\",\"name\":\"张三\"}}"),
    )
    .expect("card");
    kiosk
        .identity_read_card()
        .expect("read")
        .expect("a card on the reader");
}

#[test]
fn a_saved_draft_is_resumed_by_its_code_at_a_later_visit_by_the_same_person_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (usb, kiosk) = offline_kiosk(dir.path());
    std::fs::write(usb.join("claim.pdf"), pdf(2, "")).expect("written");
    kiosk.intake_start(existing_case(), None).expect("started");
    let draft = add_usb(&kiosk, "claim.pdf").expect("accepted");
    let item = draft.items[0].clone();
    kiosk
        .intake_set_material(&item.item_id, "complaint")
        .expect("set");

    let saved = kiosk.intake_save_draft().expect("saved");
    assert_eq!(saved.code.len(), 8);
    assert!(saved.code.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(saved.print_error.as_deref(), Some("no_printer"));
    assert!(
        kiosk.intake_draft().expect("read").is_none(),
        "out of the visit"
    );
    let drafts = dir.path().join("intake/drafts");
    assert_eq!(files_in(&drafts).len(), 1, "kept beside the database");
    let store = courtdesk_store::open_unlocked(&dir.path().join("terminal.sqlite3")).expect("open");
    let rows: i64 = store
        .query_row("SELECT count(*) FROM saved_drafts", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows, 1);
    let kept_code: i64 = store
        .query_row(
            "SELECT count(*) FROM saved_drafts WHERE code_key LIKE ?1 OR draft LIKE ?1",
            [format!("%{}%", saved.code)],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(kept_code, 0, "the code itself is not kept");
    kiosk.visit_finish().expect("finished");
    assert_eq!(files_in(&drafts).len(), 1, "the visit's end keeps it");

    // Someone else with the same code finds nothing.
    identify_as(dir.path(), &kiosk, "110101199003070011");
    let wrong = kiosk
        .intake_resume_draft(&saved.code)
        .expect_err("not theirs");
    assert_eq!(wrong.code, ErrorCode::ResumeCodeWrong);
    kiosk.visit_finish().expect("finished");

    identify_as(dir.path(), &kiosk, RESIDENT_ID);
    for bad in ["", "1234567", "abcdefgh", "1234-5678"] {
        let error = kiosk.intake_resume_draft(bad).expect_err("not a code");
        assert_eq!(
            (error.code, error.detail.as_deref()),
            (ErrorCode::BadInput, Some("resume_code")),
            "{bad:?}"
        );
    }
    let other = if saved.code == "00000000" {
        "00000001"
    } else {
        "00000000"
    };
    let error = kiosk.intake_resume_draft(other).expect_err("wrong");
    assert_eq!(
        (error.code, error.detail.as_deref()),
        (ErrorCode::ResumeCodeWrong, Some("4"))
    );
    let grouped = format!("{} {}", &saved.code[..4], &saved.code[4..]);
    let resumed = kiosk.intake_resume_draft(&grouped).expect("resumed");
    assert_eq!(resumed.case, existing_case());
    assert_eq!(resumed.items.len(), 1);
    assert_eq!(resumed.items[0].item_id, item.item_id);
    assert_eq!(resumed.items[0].material.as_deref(), Some("complaint"));
    assert!(resumed.ready);
    let bytes = kiosk.intake_item(&item.item_id).expect("its file");
    assert_eq!(Digest::of(&bytes).to_hex()[..8], item.short_hash);
    assert!(files_in(&drafts).is_empty(), "moved back into the visit");
    assert_eq!(
        kiosk
            .intake_resume_draft(&saved.code)
            .expect_err("used once")
            .code,
        ErrorCode::ResumeCodeWrong
    );
    let submitted = kiosk.intake_submit().expect("filed");
    assert_eq!(submitted.items[0].sha256[..8], item.short_hash);
}

#[test]
fn five_wrong_resume_codes_lock_resuming_even_with_the_right_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_usb, kiosk) = offline_kiosk(dir.path());
    kiosk.intake_start(existing_case(), None).expect("started");
    let saved = kiosk
        .intake_save_draft()
        .expect("an empty draft can be saved");
    let other = if saved.code == "00000000" {
        "00000001"
    } else {
        "00000000"
    };
    for left in ["4", "3", "2", "1"] {
        let error = kiosk.intake_resume_draft(other).expect_err("wrong");
        assert_eq!(error.detail.as_deref(), Some(left));
    }
    let locked = kiosk.intake_resume_draft(other).expect_err("fifth");
    assert_eq!(
        (locked.code, locked.detail.as_deref()),
        (ErrorCode::ResumeLocked, Some("15"))
    );
    let still = kiosk.intake_resume_draft(&saved.code).expect_err("locked");
    assert_eq!(still.code, ErrorCode::ResumeLocked);
    assert!(kiosk.intake_draft().expect("read").is_none());
}

#[test]
fn nobody_identified_can_save_or_resume_and_nothing_to_save_is_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_usb, kiosk) = offline_kiosk(dir.path());
    let none = kiosk.intake_save_draft().expect_err("no draft");
    assert_eq!(none.detail.as_deref(), Some("no_draft"));
    kiosk.visit_finish().expect("finished");
    for error in [
        kiosk.intake_save_draft().expect_err("nobody"),
        kiosk.intake_resume_draft("12345678").expect_err("nobody"),
    ] {
        assert_eq!(
            (error.code, error.detail.as_deref()),
            (ErrorCode::IllegalAction, Some("not_identified"))
        );
    }
}

#[test]
fn one_page_of_a_scan_is_scanned_again_in_its_place() {
    if !scanner_present() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (usb, kiosk) = offline_kiosk(dir.path());
    std::fs::write(usb.join("claim.pdf"), pdf(1, "")).expect("written");
    kiosk.intake_start(existing_case(), None).expect("started");
    let draft = kiosk.intake_scan(2).expect("scanned");
    let scan = draft.items[0].clone();
    assert!(scan.rescannable);
    kiosk
        .intake_set_material(&scan.item_id, "evidence")
        .expect("set");
    let draft = add_usb(&kiosk, "claim.pdf").expect("accepted");
    let from_usb = draft.items[1].clone();
    assert!(!from_usb.rescannable);

    let again = kiosk
        .intake_rescan_page(&scan.item_id, 2)
        .expect("page 2 again");
    let rescanned = &again.items[0];
    assert_eq!(
        rescanned.item_id, scan.item_id,
        "the same item, in its place"
    );
    assert_eq!(rescanned.pages, 2);
    assert_eq!(rescanned.material.as_deref(), Some("evidence"));
    let bytes = kiosk.intake_item(&scan.item_id).expect("its file");
    assert_eq!(Digest::of(&bytes).to_hex()[..8], rescanned.short_hash);
    assert!(bytes.starts_with(b"%PDF-"));

    for (item, page, detail) in [
        (scan.item_id.as_str(), 3, "page"),
        (scan.item_id.as_str(), 0, "page"),
        (from_usb.item_id.as_str(), 1, "not_scanned"),
        ("no-such-item", 1, "item_id"),
    ] {
        let error = kiosk.intake_rescan_page(item, page).expect_err("refused");
        assert_eq!(
            (error.code, error.detail.as_deref()),
            (ErrorCode::BadInput, Some(detail))
        );
    }
    assert_eq!(kiosk.intake_draft().expect("read"), Some(again.clone()));
    // The kept pages and files are those of the draft and no more.
    let visit = dir.path().join("visit/intake");
    assert_eq!(files_in(&visit.join("files")).len(), 2);
    assert!(files_in(&visit.join("pages")).len() <= 2);
    let submitted = {
        kiosk
            .intake_set_material(&from_usb.item_id, "complaint")
            .expect("set");
        kiosk.intake_submit().expect("filed")
    };
    assert_eq!(submitted.items[0].pages, 2);
}

#[test]
fn a_photo_from_the_camera_is_added_as_a_jpeg_and_a_missing_camera_changes_nothing() {
    let ffmpeg = std::process::Command::new("ffmpeg")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ffmpeg {
        assert!(std::env::var_os("CI").is_none(), "CI must have ffmpeg");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let config = format!(
        "{}camera_device = \"testsrc=size=640x480:rate=5\"\ncamera_input_format = \"lavfi\"\n",
        kiosk_config(None)
    );
    let (_usb, kiosk) = offline_kiosk_with(dir.path(), &config);
    let draft = kiosk.intake_start(existing_case(), None).expect("started");
    assert!(draft.camera, "ffmpeg's test picture stands in for a camera");
    let draft = kiosk.intake_photo().expect("a photo");
    let photo = &draft.items[0];
    assert_eq!(
        (
            photo.display_name.as_str(),
            photo.media_type.as_str(),
            photo.pages
        ),
        ("photo-1.jpg", "image/jpeg", 1)
    );
    assert!(!photo.rescannable);
    let bytes = kiosk.intake_item(&photo.item_id).expect("its file");
    assert!(bytes.starts_with(&[0xFF, 0xD8, 0xFF]));
    let again = kiosk.intake_photo().expect("another");
    assert_eq!(again.items[1].display_name, "photo-2.jpg");
    assert_eq!(
        again.items[1].duplicate.as_deref(),
        Some("this_submission"),
        "the same still picture twice is flagged"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let config = format!(
        "{}camera_device = \"/dev/video-courtdesk-none\"\n",
        kiosk_config(None)
    );
    let (_usb, kiosk) = offline_kiosk_with(dir.path(), &config);
    let draft = kiosk.intake_start(existing_case(), None).expect("started");
    assert!(
        !draft.camera,
        "a camera that is not plugged in is not offered"
    );
    let error = kiosk.intake_photo().expect_err("no camera");
    assert_eq!(
        (error.code, error.detail.as_deref()),
        (ErrorCode::CameraUnavailable, Some("no_camera"))
    );
    assert_eq!(kiosk.intake_draft().expect("read"), Some(draft));
}
