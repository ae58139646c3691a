//! `scanimage -d test`: one page per call, each failure told apart.

use std::path::Path;
use std::time::{Duration, Instant};

use courtdesk_devices::scanner::{
    ColorMode, PageFormat, SaneScanner, ScanSettings, ScannedPage, Scanner, pages_to_pdf,
};

use crate::support::{run, tool_or_skip};

/// A SANE configuration that loads only the `test` backend, so that
/// listing finds its two virtual devices and nothing on the machine.
fn test_config(dir: &Path) {
    std::fs::write(dir.join("dll.conf"), "test\n").expect("dll.conf");
    let stock = Path::new("/etc/sane.d/test.conf");
    let config = std::fs::read_to_string(stock).unwrap_or_else(|_| "number_of_devices 2\n".into());
    std::fs::write(dir.join("test.conf"), config).expect("test.conf");
}

/// The `test` device, or `None` (the test skips) without scanimage.
fn scanner(test: &str) -> Option<(tempfile::TempDir, SaneScanner)> {
    if !tool_or_skip("scanimage", "--version", test) {
        return None;
    }
    let config = tempfile::tempdir().expect("a config folder");
    test_config(config.path());
    let scanner = SaneScanner::new()
        .with_config_dir(config.path())
        .with_device("test");
    Some((config, scanner))
}

fn failing_with(scanner: SaneScanner, status: &str) -> SaneScanner {
    scanner.with_backend_options(vec![
        "--enable-test-options".into(),
        "--read-return-value".into(),
        status.into(),
    ])
}

fn gray(dpi: u32, format: PageFormat) -> ScanSettings {
    ScanSettings {
        resolution_dpi: dpi,
        mode: ColorMode::Gray,
        source: None,
        format,
    }
}

#[test]
fn the_test_backends_devices_are_listed_from_the_configured_folder() {
    let Some((config, scanner)) = scanner("listing") else {
        return;
    };
    let devices = scanner.devices().expect("listed");
    let names: Vec<&str> = devices.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["test:0", "test:1"]);
    assert_eq!(devices[0].model, "frontend-tester");

    std::fs::write(config.path().join("dll.conf"), "").expect("no backends");
    assert_eq!(
        scanner.devices().expect("listed"),
        [],
        "no backend, no device"
    );
}

#[test]
fn a_page_comes_back_as_the_format_asked_for_with_its_size() {
    let Some((_config, scanner)) = scanner("a_page_comes_back") else {
        return;
    };
    // The test device's page is 80 × 100 mm.
    let page = scanner
        .scan_page(&gray(50, PageFormat::Jpeg))
        .expect("a page");
    assert_eq!(page.format, PageFormat::Jpeg);
    assert!(page.data.starts_with(&[0xFF, 0xD8, 0xFF]));
    assert_eq!((page.width, page.height, page.dpi), (157, 196, 50));

    let colour = ScanSettings {
        resolution_dpi: 300,
        mode: ColorMode::Color,
        source: None,
        format: PageFormat::Png,
    };
    let page = scanner.scan_page(&colour).expect("a colour page");
    assert_eq!(page.format, PageFormat::Png);
    assert_eq!((page.width, page.height), (944, 1181));
    assert!(
        !format!("{page:?}").contains("137, 80, 78"),
        "Debug shows no image bytes"
    );
}

#[test]
fn the_feeder_gives_one_page_per_call() {
    let Some((_config, scanner)) = scanner("the_feeder_gives_one_page_per_call") else {
        return;
    };
    let settings = ScanSettings {
        source: Some("Automatic Document Feeder".into()),
        ..gray(50, PageFormat::Jpeg)
    };
    for _ in 0..2 {
        let page = scanner.scan_page(&settings).expect("one sheet");
        assert_eq!(page.width, 157);
    }
}

#[test]
fn each_failure_has_its_code() {
    let Some((_config, scanner)) = scanner("each_failure_has_its_code") else {
        return;
    };
    for (status, code) in [
        ("SANE_STATUS_JAMMED", "jammed"),
        ("SANE_STATUS_COVER_OPEN", "cover_open"),
        ("SANE_STATUS_NO_DOCS", "no_paper"),
        ("SANE_STATUS_DEVICE_BUSY", "scanner_busy"),
        ("SANE_STATUS_IO_ERROR", "scan_failed"),
        ("SANE_STATUS_EOF", "scan_failed"),
    ] {
        let error = failing_with(scanner.clone(), status)
            .scan_page(&gray(50, PageFormat::Jpeg))
            .expect_err(status);
        assert_eq!(error.code(), code, "{status}: {error}");
    }
}

#[test]
fn a_missing_device_no_devices_and_no_software_are_no_scanner() {
    let Some((config, scanner)) = scanner("no_scanner") else {
        return;
    };
    let settings = gray(50, PageFormat::Jpeg);
    let missing = scanner.clone().with_device("genesys:libusb:009:009");
    assert_eq!(
        missing.scan_page(&settings).expect_err("absent").code(),
        "no_scanner"
    );

    std::fs::write(config.path().join("dll.conf"), "").expect("no backends");
    let default = SaneScanner::new().with_config_dir(config.path());
    assert_eq!(
        default.scan_page(&settings).expect_err("none").code(),
        "no_scanner"
    );

    let uninstalled = SaneScanner::new().with_program("/nonexistent/scanimage");
    assert_eq!(
        uninstalled.scan_page(&settings).expect_err("none").code(),
        "no_scanner"
    );
    assert_eq!(
        uninstalled.devices().expect_err("none").code(),
        "no_scanner"
    );
}

#[cfg(unix)]
#[test]
fn a_scanimage_that_hangs_after_its_reason_is_stopped_and_the_reason_stands() {
    // scanimage 1.1.1 sometimes deadlocks while cancelling a failed read;
    // this stand-in always does.
    let dir = tempfile::tempdir().expect("scratch");
    let program = dir.path().join("scanimage");
    std::fs::write(
        &program,
        "#!/bin/sh\necho 'scanimage: sane_read: Document feeder jammed' >&2\nexec sleep 60\n",
    )
    .expect("written");
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let started = Instant::now();
    let error = SaneScanner::new()
        .with_program(&program)
        .scan_page(&gray(50, PageFormat::Jpeg))
        .expect_err("jammed");
    assert_eq!(error.code(), "jammed");
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(10),
        "stopped after the grace period, not the deadline: {took:?}"
    );
}

#[test]
fn a_stuck_scan_is_stopped_at_its_deadline() {
    let Some((_config, scanner)) = scanner("a_stuck_scan_is_stopped_at_its_deadline") else {
        return;
    };
    // 200 ms after each buffer makes a colour page at 300 dpi take seconds.
    let slow = scanner
        .with_backend_options(vec![
            "--enable-test-options".into(),
            "--read-delay=yes".into(),
            "--read-delay-duration=200000".into(),
        ])
        .with_timeout(Duration::from_millis(700));
    let started = Instant::now();
    let error = slow
        .scan_page(&ScanSettings {
            mode: ColorMode::Color,
            ..ScanSettings::default()
        })
        .expect_err("too slow");
    assert_eq!(error.code(), "scan_timed_out");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_setting_the_device_lacks_is_a_failed_scan() {
    let Some((_config, scanner)) = scanner("a_setting_the_device_lacks") else {
        return;
    };
    let settings = ScanSettings {
        source: Some("Transparency Unit".into()),
        ..gray(50, PageFormat::Jpeg)
    };
    assert_eq!(
        scanner
            .scan_page(&settings)
            .expect_err("no such source")
            .code(),
        "scan_failed"
    );
}

#[test]
fn pages_scanned_again_are_bound_into_a_sound_pdf() {
    let test = "pages_scanned_again_are_bound_into_a_sound_pdf";
    let Some((_config, scanner)) = scanner(test) else {
        return;
    };
    if !tool_or_skip("qpdf", "--version", test) || !tool_or_skip("pdfinfo", "-v", test) {
        return;
    }
    let mut pages: Vec<ScannedPage> = Vec::new();
    for format in [PageFormat::Jpeg, PageFormat::Png, PageFormat::Jpeg] {
        pages.push(scanner.scan_page(&gray(50, format)).expect("a page"));
    }
    // The second page was crooked: scan it again, in colour, and keep the
    // others.
    let colour = ScanSettings {
        resolution_dpi: 100,
        mode: ColorMode::Color,
        source: None,
        format: PageFormat::Png,
    };
    pages[1] = scanner.scan_page(&colour).expect("again");
    // 16-bit and 1-bit samples, as PNG only can hold them.
    for depth in ["16", "1"] {
        let page = scanner
            .clone()
            .with_backend_options(vec!["--depth".into(), depth.into()])
            .scan_page(&gray(50, PageFormat::Png))
            .expect("a deep or a bilevel page");
        pages.push(page);
    }

    let pdf = pages_to_pdf(&pages).expect("bound");
    let dir = tempfile::tempdir().expect("scratch");
    let path = dir.path().join("scan.pdf");
    std::fs::write(&path, &pdf).expect("written");
    let path = path.to_str().expect("UTF-8");
    run("qpdf", &["--check", path]);
    let info =
        String::from_utf8(run("pdfinfo", &["-f", "1", "-l", "5", path]).stdout).expect("UTF-8");
    assert!(info.contains("Pages:           5"), "{info}");
    // 157 × 196 pixels at 50 dpi is 226.08 × 282.24 pt; the colour page at
    // 100 dpi is 314 × 393 pixels, the same paper give or take a pixel.
    assert!(
        info.contains("Page    1 size:  226.08 x 282.24 pts"),
        "{info}"
    );
    assert!(
        info.contains("Page    2 size:  226.08 x 282.96 pts"),
        "{info}"
    );
    // Every page renders: poppler decodes each image stream.
    if tool_or_skip("pdftoppm", "-v", test) {
        let output = std::process::Command::new("pdftoppm")
            .args([
                "-r",
                "20",
                "-gray",
                path,
                &dir.path().join("p").to_string_lossy(),
            ])
            .output()
            .expect("pdftoppm runs");
        assert!(output.status.success());
        assert!(
            output.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
