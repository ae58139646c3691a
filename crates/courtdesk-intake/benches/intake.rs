//! Intake of a 50 MB scanned PDF as a terminal does it (read, type check,
//! PDF check, rebuild by `lopdf` and the check again, SHA-256, sealing with
//! AES-256-GCM, write, fsync, rename) against `sha256sum` of the same file,
//! alternating in one run, both reading the file from the page cache; then
//! the intake of a 12-megapixel JPEG of about 10 MB, whose rebuild decodes
//! and encodes every pixel.
//!
//! `cargo bench -p courtdesk-intake --bench intake` (`BENCH_DIR=<folder>`
//! to measure on another disk than the target folder's)
//!
//! Target: intake at least 80 % of sha256sum's throughput.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports on standard output"
)]

use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use courtdesk_intake::{IntakeLimits, SealKey, intake_file_sealed};

const ROUNDS: usize = 7;
const PAGES: u32 = 60;
/// One A4 page scanned at 300 dpi in colour is a JPEG of this order.
const IMAGE_BYTES: usize = 830_000;

fn main() {
    // On the target folder's disk, which fsync really flushes (a tmpfs
    // /tmp would flatter the intake side); BENCH_DIR picks another disk.
    let scratch =
        std::env::var_os("BENCH_DIR").unwrap_or_else(|| env!("CARGO_TARGET_TMPDIR").into());
    let dir = tempfile::tempdir_in(scratch).expect("a scratch folder");
    let source = dir.path().join("bundle.pdf");
    let pdf = scanned_pdf(PAGES, IMAGE_BYTES);
    std::fs::write(&source, &pdf).expect("written");
    let store = dir.path().join("store");
    std::fs::create_dir(&store).expect("a store");
    let size = pdf.len() as f64;
    drop(pdf);

    // Both sides read from the page cache: warm it, and check the answer
    // (the hash is the rebuilt file's, so sha256sum of the source differs).
    let accepted = intake(&source, &store);
    assert_eq!(accepted.pages, PAGES);
    sha256sum(&source);

    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let began = Instant::now();
        intake(&source, &store);
        ours.push(began.elapsed());
        let began = Instant::now();
        sha256sum(&source);
        theirs.push(began.elapsed());
    }
    let ours = median(&mut ours);
    let theirs = median(&mut theirs);
    let rate = |time: Duration| size / time.as_secs_f64() / 1e6;
    println!(
        "intake: a {:.1} MB PDF of {PAGES} scanned pages, {ROUNDS} alternating rounds, medians",
        size / 1e6
    );
    println!(
        "intake_file_sealed (check + rebuild + check + SHA-256 + AES-256-GCM + write + fsync + rename): {:.0} MB/s ({:.1} ms)",
        rate(ours),
        ours.as_secs_f64() * 1000.0
    );
    println!(
        "sha256sum: {:.0} MB/s ({:.1} ms)",
        rate(theirs),
        theirs.as_secs_f64() * 1000.0
    );
    let ratio = rate(ours) / rate(theirs);
    println!(
        "ratio {ratio:.2} (target >= 0.80): {}",
        if ratio >= 0.8 { "met" } else { "MISSED" }
    );

    let photo = dir.path().join("photo.jpg");
    let jpeg = photo_jpeg(4000, 3000);
    std::fs::write(&photo, &jpeg).expect("written");
    let mut times = Vec::new();
    for _ in 0..3 {
        let began = Instant::now();
        let file = std::fs::File::open(&photo).expect("the photo");
        let key = SealKey::from_bytes([7; 32]);
        intake_file_sealed(file, "photo.jpg", &IntakeLimits::default(), &store, &key)
            .expect("accepted");
        times.push(began.elapsed());
    }
    println!(
        "intake_file_sealed of a {:.1} MB 4000 x 3000 JPEG (decode + encode): {:.0} ms, median of 3",
        jpeg.len() as f64 / 1e6,
        median(&mut times).as_secs_f64() * 1000.0
    );
}

/// A photo-sized JPEG at quality 98 whose pixels carry enough noise to
/// come out near 10 MB, as a phone's full-resolution photo does.
fn photo_jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let n = noise.byte() / 24;
        image::Rgb([
            ((x / 16) as u8).wrapping_add(n),
            ((y / 12) as u8).wrapping_add(n),
            ((x + y) / 28) as u8 ^ n,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 98)
        .encode_image(&image)
        .expect("encodes");
    out
}

fn intake(source: &Path, store: &Path) -> courtdesk_intake::AcceptedFile {
    let file = std::fs::File::open(source).expect("the bundle");
    let key = SealKey::from_bytes([7; 32]);
    intake_file_sealed(file, "bundle.pdf", &IntakeLimits::default(), store, &key).expect("accepted")
}

fn sha256sum(path: &Path) -> String {
    let output = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum runs");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

/// A PDF as a scanner's software writes it: one full-page JPEG image per
/// page (here incompressible bytes under a DCTDecode filter, which is what
/// JPEG data looks like to anything that does not decode it).
fn scanned_pdf(pages: u32, image_bytes: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |out: &mut Vec<u8>, number: u32, body: &[u8]| {
        offsets.push((number, out.len()));
        writeln!(out, "{number} 0 obj").expect("in memory");
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 3 + 3 * i)).collect();
    object(&mut out, 1, b"<< /Type /Catalog /Pages 2 0 R >>");
    object(
        &mut out,
        2,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        )
        .as_bytes(),
    );
    let mut noise = Noise(0x2545_F491_4F6C_DD1D);
    for i in 0..pages {
        let (page, content, image) = (3 + 3 * i, 4 + 3 * i, 5 + 3 * i);
        object(
            &mut out,
            page,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                 /Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {content} 0 R >>"
            )
            .as_bytes(),
        );
        let draw = b"q 595 0 0 842 0 0 cm /Im0 Do Q";
        let mut body = format!("<< /Length {} >>\nstream\n", draw.len()).into_bytes();
        body.extend_from_slice(draw);
        body.extend_from_slice(b"\nendstream");
        object(&mut out, content, &body);
        let mut body = format!(
            "<< /Type /XObject /Subtype /Image /Width 2480 /Height 3508 /ColorSpace /DeviceRGB \
             /BitsPerComponent 8 /Filter /DCTDecode /Length {image_bytes} >>\nstream\n"
        )
        .into_bytes();
        body.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
        body.extend((4..image_bytes - 2).map(|_| noise.byte()));
        body.extend_from_slice(&[0xFF, 0xD9]);
        body.extend_from_slice(b"\nendstream");
        object(&mut out, image, &body);
    }
    let size = 3 + 3 * pages;
    let xref_at = out.len();
    write!(out, "xref\n0 {size}\n0000000000 65535 f \n").expect("in memory");
    offsets.sort_unstable();
    for (_, offset) in offsets {
        writeln!(out, "{offset:010} 00000 n ").expect("in memory");
    }
    write!(
        out,
        "trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
    )
    .expect("in memory");
    out
}

/// xorshift64: fast, incompressible enough to stand in for JPEG data.
struct Noise(u64);

impl Noise {
    fn byte(&mut self) -> u8 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 56) as u8
    }
}
