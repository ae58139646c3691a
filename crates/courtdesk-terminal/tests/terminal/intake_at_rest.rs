//! What a litigant hands in is encrypted on the terminal's disk: in the
//! visit's draft, in a saved draft and once filed. (Sealing the plain
//! files of an earlier version is tested in `intake::retention`.)

use std::path::Path;

use courtdesk_protocol::Digest;

use crate::intake::{add_usb, existing_case, offline_kiosk, pdf};

/// Every file under `dir`, at any depth, but the USB stick's folder the
/// test keeps there.
fn all_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.file_name().is_some_and(|name| name == "usb") {
            continue;
        }
        if path.is_dir() {
            out.extend(all_files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_litigants_file_is_never_plain_on_disk_in_a_draft_a_saved_draft_or_once_filed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (usb, kiosk) = offline_kiosk(dir.path());
    // The PDF's own text, easy to find if it were written plain. It sits in
    // the catalog, which the rebuild carries over (a comment would not be).
    let marker = b"Statement of claim for Zhang San";
    let claim = pdf(1, "/Note (Statement of claim for Zhang San)");
    std::fs::write(usb.join("claim.pdf"), &claim).expect("written");

    kiosk.intake_start(existing_case(), None).expect("started");
    let draft = add_usb(&kiosk, "claim.pdf").expect("accepted");
    let item = draft.items[0].item_id.clone();
    // What is kept is the rebuilt file, named by its own hash.
    let kept_bytes = kiosk.intake_item(&item).expect("read back");
    assert!(
        contains(&kept_bytes, marker),
        "the rebuilt file still holds the text, so finding none on disk means something"
    );
    let sha = Digest::of(&kept_bytes).to_hex();
    let in_draft = dir.path().join("visit/intake/files").join(&sha);
    let raw = std::fs::read(&in_draft).expect("the draft's file");
    assert!(raw.starts_with(courtdesk_sealed::MAGIC));
    assert!(!contains(&raw, marker) && !contains(&raw, b"%PDF"));

    // Saved for later: the folder moves, still sealed.
    let saved = kiosk.intake_save_draft().expect("saved");
    let everything: Vec<Vec<u8>> = all_files(dir.path())
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    assert!(
        !everything.iter().any(|bytes| contains(bytes, marker)),
        "no file under the data folder holds the text"
    );
    kiosk.visit_finish().expect("finished");
    kiosk
        .identity_read_card()
        .expect("read")
        .expect("a card on the reader");
    kiosk.intake_resume_draft(&saved.code).expect("resumed");
    kiosk.intake_set_material(&item, "complaint").expect("set");
    kiosk.intake_submit().expect("filed");

    let kept = dir.path().join("intake/files").join(&sha);
    let raw = std::fs::read(&kept).expect("the kept file");
    assert!(raw.starts_with(courtdesk_sealed::MAGIC));
    for path in all_files(dir.path()) {
        let bytes = std::fs::read(&path).expect("read");
        assert!(
            !contains(&bytes, marker),
            "{} holds the text",
            path.display()
        );
    }
}
