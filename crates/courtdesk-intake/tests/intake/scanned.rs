//! Pages from SANE's `test` scanner, alone and bound by
//! `courtdesk_devices::scanner::pages_to_pdf`, pass intake's own checks.

use courtdesk_devices::scanner::{
    ColorMode, PageFormat, SaneScanner, ScanSettings, Scanner, pages_to_pdf,
};
use courtdesk_intake::{FileKind, PixelSize};

use crate::support::{take, tool_or_skip};

#[test]
fn scanned_pages_and_the_pdf_bound_from_them_are_accepted() {
    let test = "scanned_pages_and_the_pdf_bound_from_them_are_accepted";
    if !tool_or_skip("scanimage", "--version", test) {
        return;
    }
    let scanner = SaneScanner::new().with_device("test");
    let mut pages = Vec::new();
    for (mode, format, dpi) in [
        (ColorMode::Color, PageFormat::Jpeg, 150),
        (ColorMode::Gray, PageFormat::Png, 100),
        (ColorMode::Gray, PageFormat::Jpeg, 75),
    ] {
        let settings = ScanSettings {
            resolution_dpi: dpi,
            mode,
            source: None,
            format,
        };
        let page = scanner.scan_page(&settings).expect("scanned");
        let (_dir, result) = take(&page.data, "page");
        let file = result.unwrap_or_else(|error| panic!("{format:?} page: {error}"));
        let kind = match format {
            PageFormat::Jpeg => FileKind::Jpeg,
            PageFormat::Png => FileKind::Png,
        };
        assert_eq!(file.kind, kind);
        assert_eq!(
            file.pixels,
            Some(PixelSize {
                width: page.width,
                height: page.height
            })
        );
        pages.push(page);
    }
    let pdf = pages_to_pdf(&pages).expect("bound");
    let (_dir, result) = take(&pdf, "scan.pdf");
    let file = result.expect("the bound PDF passes");
    assert_eq!(file.kind, FileKind::Pdf);
    assert_eq!(file.pages, 3);
}
