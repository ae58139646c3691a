//! A temporary folder standing in for a USB stick.

use std::path::Path;

use courtdesk_intake::{IntakeLimits, UsbSource, intake_file};

use crate::support::{pdf, png};

fn stick() -> tempfile::TempDir {
    let stick = tempfile::tempdir().expect("a stick");
    let root = stick.path();
    std::fs::write(root.join("起诉状.pdf"), pdf(2)).expect("written");
    std::fs::create_dir_all(root.join("证据/照片")).expect("folders");
    std::fs::write(root.join("证据/照片/现场.png"), png(4, 4)).expect("written");
    std::fs::write(root.join("证据/notes.docx"), b"PK\x03\x04").expect("written");
    // What operating systems leave on sticks.
    std::fs::write(root.join(".DS_Store"), b"x").expect("written");
    std::fs::write(root.join("._起诉状.pdf"), b"x").expect("written");
    std::fs::create_dir(root.join("System Volume Information")).expect("folder");
    std::fs::write(
        root.join("System Volume Information/IndexerVolumeGuid"),
        b"x",
    )
    .expect("written");
    std::fs::create_dir(root.join(".Trashes")).expect("folder");
    stick
}

fn names(source: &mut UsbSource) -> Vec<(String, String)> {
    source
        .list()
        .expect("listed")
        .entries
        .into_iter()
        .map(|e| (e.folder, e.name))
        .collect()
}

#[test]
fn the_listing_shows_the_litigants_files_and_not_the_systems() {
    let stick = stick();
    let mut source = UsbSource::new(stick.path()).expect("mounted");
    let listing = source.list().expect("listed");
    assert!(!listing.truncated);
    let shown: Vec<(&str, &str, bool)> = listing
        .entries
        .iter()
        .map(|e| (e.folder.as_str(), e.name.as_str(), e.looks_supported))
        .collect();
    assert_eq!(
        shown,
        [
            ("", "起诉状.pdf", true),
            ("证据", "notes.docx", false),
            ("证据 / 照片", "现场.png", true),
        ]
    );
    let pdf_entry = &listing.entries[0];
    assert_eq!(pdf_entry.size, pdf(2).len() as u64);
    assert!(
        pdf_entry
            .modified_ms
            .is_some_and(|ms| ms > 1_600_000_000_000)
    );
}

#[test]
fn a_picked_file_is_opened_by_its_id_and_taken_in() {
    let stick = stick();
    let store = tempfile::tempdir().expect("a store");
    let mut source = UsbSource::new(stick.path()).expect("mounted");
    let listing = source.list().expect("listed");
    let entry = &listing.entries[2];
    let file = source.open(entry.id).expect("opened");
    let name = file.entry().name.clone();
    let accepted = intake_file(file, &name, &IntakeLimits::default(), store.path()).expect("a PNG");
    assert_eq!(accepted.display_name, "现场.png");
    assert_eq!(accepted.pages, 1);
}

#[cfg(unix)]
#[test]
fn links_devices_and_pipes_are_never_listed() {
    let stick = stick();
    let outside = tempfile::tempdir().expect("outside the stick");
    std::fs::write(outside.path().join("secret.pdf"), pdf(1)).expect("written");
    let root = stick.path();
    std::os::unix::fs::symlink(outside.path().join("secret.pdf"), root.join("link.pdf"))
        .expect("a link to a file outside");
    std::os::unix::fs::symlink(outside.path(), root.join("linked folder"))
        .expect("a link to a folder outside");
    std::os::unix::fs::symlink("/dev/zero", root.join("zero.pdf")).expect("a link to a device");
    let fifo = std::process::Command::new("mkfifo")
        .arg(root.join("pipe.pdf"))
        .status()
        .expect("mkfifo runs");
    assert!(fifo.success());
    let mut source = UsbSource::new(root).expect("mounted");
    let listed = names(&mut source);
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(
        listed
            .iter()
            .all(|(_, name)| name != "link.pdf" && name != "pipe.pdf" && name != "zero.pdf")
    );
    assert!(listed.iter().all(|(folder, _)| !folder.contains("linked")));
}

#[cfg(unix)]
#[test]
fn a_listed_file_replaced_by_a_link_a_pipe_or_another_file_is_refused() {
    let stick = stick();
    let outside = tempfile::tempdir().expect("outside the stick");
    std::fs::write(outside.path().join("secret.pdf"), pdf(1)).expect("written");
    let root = stick.path().to_owned();
    let mut source = UsbSource::new(&root).expect("mounted");
    let listing = source.list().expect("listed");
    let [top, docx, photo] = [
        &listing.entries[0],
        &listing.entries[1],
        &listing.entries[2],
    ];

    // The folder on the way to the photo becomes a link leading outside.
    let photos = root.join("证据/照片");
    std::fs::rename(&photos, root.join("moved")).expect("moved");
    std::os::unix::fs::symlink(outside.path(), &photos).expect("linked");
    std::fs::write(outside.path().join("现场.png"), png(4, 4)).expect("bait");
    assert_eq!(
        source.open(photo.id).expect_err("escape").code(),
        "usb_entry_refused"
    );

    // The document becomes a pipe: refused without blocking on it.
    std::fs::remove_file(root.join("证据/notes.docx")).expect("removed");
    let status = std::process::Command::new("mkfifo")
        .arg(root.join("证据/notes.docx"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    assert_eq!(
        source.open(docx.id).expect_err("a pipe").code(),
        "usb_entry_refused"
    );

    // Same name, other content.
    std::fs::remove_file(root.join("起诉状.pdf")).expect("removed");
    std::fs::write(root.join("起诉状.pdf"), pdf(5)).expect("replaced");
    assert_eq!(
        source.open(top.id).expect_err("replaced").code(),
        "usb_file_changed"
    );
}

#[test]
fn vanished_files_unknown_ids_and_a_pulled_stick_are_told_apart() {
    let stick = stick();
    let mut source = UsbSource::new(stick.path()).expect("mounted");
    let old = source.list().expect("listed");
    let fresh = source.list().expect("listed again");
    assert_eq!(
        source.open(old.entries[0].id).expect_err("stale").code(),
        "usb_entry_unknown",
        "ids of an older listing stop working"
    );
    std::fs::remove_file(stick.path().join("起诉状.pdf")).expect("removed");
    assert_eq!(
        source.open(fresh.entries[0].id).expect_err("gone").code(),
        "usb_file_gone"
    );

    let path = stick.path().to_owned();
    drop(stick);
    assert_eq!(
        source.list().expect_err("pulled out").code(),
        "usb_unavailable"
    );
    assert!(UsbSource::new(Path::new(&path)).is_err());
}

#[test]
fn a_huge_stick_is_listed_in_part() {
    let stick = tempfile::tempdir().expect("a stick");
    for i in 0..courtdesk_intake::usb::MAX_ENTRIES + 5 {
        std::fs::write(stick.path().join(format!("{i:05}.jpg")), b"").expect("written");
    }
    let mut deep = stick.path().to_owned();
    for level in 0..courtdesk_intake::usb::MAX_DEPTH + 2 {
        deep.push(format!("d{level}"));
    }
    std::fs::create_dir_all(&deep).expect("deep folders");
    let mut source = UsbSource::new(stick.path()).expect("mounted");
    let listing = source.list().expect("listed");
    assert!(listing.truncated);
    assert_eq!(listing.entries.len(), courtdesk_intake::usb::MAX_ENTRIES);
}
