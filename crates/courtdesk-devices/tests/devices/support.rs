//! Finding the tools and the test printer, and reading what they produce.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use courtdesk_devices::TicketSlip;

/// Whether `program` runs here (with `version_arg`); skips the test, or
/// fails it under CI, when it does not.
pub(crate) fn tool_or_skip(program: &str, version_arg: &str, test: &str) -> bool {
    let runs = Command::new(program)
        .arg(version_arg)
        .output()
        .is_ok_and(|output| output.status.success() || !output.stderr.is_empty());
    if runs {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{program} must be installed for CI ({test})"
    );
    skip(test, &format!("{program} is not installed"));
    false
}

pub(crate) fn skip(test: &str, why: &str) {
    // Straight to stderr: the test harness hides `eprintln!` of a passing
    // test, and a skip should be seen.
    let _ = writeln!(std::io::stderr(), "skipping {test}: {why}");
}

/// Runs a tool that must succeed.
pub(crate) fn run(program: &str, args: &[&str]) -> Output {
    let output = Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .unwrap_or_else(|error| panic!("{program} runs: {error}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

pub(crate) fn ticket() -> TicketSlip {
    TicketSlip {
        site_name: "深圳市福田区人民法院诉讼服务中心".to_owned(),
        service_name_zh: "民事立案".to_owned(),
        service_name_en: "Civil case filing".to_owned(),
        number: "A017".to_owned(),
        issued_at_local: "2026-11-28 09:05".to_owned(),
        people_ahead: 12,
        estimated_wait_minutes: Some(25),
        ticket_id: "7f3c2a9e-41d0-4b8e-9a57-2c5e8d1b6f04".to_owned(),
        priority_note_zh: None,
        priority_note_en: None,
    }
}

/// The text of a PDF file, as `pdftotext -layout` extracts it.
pub(crate) fn pdf_text(pdf: &Path) -> String {
    let pdf = pdf.to_str().expect("a UTF-8 path");
    String::from_utf8(run("pdftotext", &["-layout", pdf, "-"]).stdout).expect("UTF-8 text")
}

/// What the QR codes on the first page of a PDF file say: the page is
/// rendered in grey at 300 dpi by pdftoppm and decoded by rqrr.
pub(crate) fn pdf_qr_codes(pdf: &Path, scratch: &Path) -> Vec<String> {
    let prefix = scratch.join("page");
    run(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-gray",
            "-singlefile",
            pdf.to_str().expect("a UTF-8 path"),
            prefix.to_str().expect("a UTF-8 path"),
        ],
    );
    let pgm = std::fs::read(scratch.join("page.pgm")).expect("pdftoppm wrote page.pgm");
    let (width, height, pixels) = parse_pgm(&pgm);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .map(|grid| grid.decode().expect("a readable QR code").1)
        .collect()
}

/// A binary greyscale PNM (P5, maximum 255) as width, height and pixels.
fn parse_pgm(data: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&data[start..at]).expect("ASCII header"));
    }
    assert_eq!(fields[0], "P5", "a binary greyscale map");
    assert_eq!(fields[3], "255", "8-bit samples");
    let width: usize = fields[1].parse().expect("width");
    let height: usize = fields[2].parse().expect("height");
    let pixels = &data[at + 1..];
    assert_eq!(pixels.len(), width * height);
    (width, height, pixels)
}

/// Every file in `dir` whose name ends in `suffix`.
pub(crate) fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .expect("the folder exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.ends_with(suffix))
        })
        .collect()
}
