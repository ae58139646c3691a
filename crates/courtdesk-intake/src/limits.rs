//! The numbers a submitted file must stay within.

use serde::{Deserialize, Serialize};

/// Limits on what one file and one submission may hold. The defaults fit a
/// litigation service centre: a 50 MB scanned PDF passes, a disk image
/// does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntakeLimits {
    /// Largest single file: 64 MiB, room for a 50 MB scanned bundle.
    pub max_file_bytes: u64,
    /// Largest total of one submission: 256 MiB.
    pub max_submission_bytes: u64,
    /// Most pages in one PDF (or one multi-page TIFF): 500.
    pub max_pages: u32,
    /// Most pixels in one image or TIFF page: 60 megapixels, a 600 dpi A3
    /// scan (7016 × 9921 is 69.6 million) being the one thing it turns away
    /// among ordinary scans, and a phone photo (12–50 MP) passing.
    pub max_image_pixels: u64,
    /// Most bytes decompressed from a PDF's object streams, all together:
    /// 64 MiB. A few kilobytes per page is normal; a stream that inflates
    /// past this is a decompression bomb, not a filing.
    pub max_pdf_inflated_bytes: u64,
    /// Most PDF values (numbers, names, strings, arrays, dictionaries) read
    /// while checking one file: 2 million, which caps the memory the check
    /// needs at a few tens of megabytes whatever the file holds.
    pub max_pdf_values: u64,
    /// Longest the checks and the rebuild of one file may take: 60 s. A
    /// file still being read then is refused (`check_timed_out`) and the
    /// kiosk answers again; ordinary files take well under a second in a
    /// release build.
    pub max_rebuild_ms: u64,
}

impl IntakeLimits {
    /// The defaults listed on each field.
    pub const DEFAULT: IntakeLimits = IntakeLimits {
        max_file_bytes: 64 * 1024 * 1024,
        max_submission_bytes: 256 * 1024 * 1024,
        max_pages: 500,
        max_image_pixels: 60_000_000,
        max_pdf_inflated_bytes: 64 * 1024 * 1024,
        max_pdf_values: 2_000_000,
        max_rebuild_ms: 60_000,
    };
}

impl Default for IntakeLimits {
    fn default() -> IntakeLimits {
        IntakeLimits::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_take_a_50_mb_pdf_and_refuse_a_30000_square_png() {
        let limits = IntakeLimits::default();
        assert!(limits.max_file_bytes >= 50_000_000);
        assert!(limits.max_submission_bytes >= 4 * limits.max_file_bytes);
        assert!(30_000u64 * 30_000 > limits.max_image_pixels);
        // A 12 MP phone photo and a 300 dpi A3 scan pass.
        assert!(4000u64 * 3000 <= limits.max_image_pixels);
        assert!(3508u64 * 4961 <= limits.max_image_pixels);
    }

    #[test]
    fn a_partial_configuration_keeps_the_other_defaults() {
        let limits: IntakeLimits =
            serde_json::from_str(r#"{"max_pages": 100}"#).expect("valid limits");
        assert_eq!(limits.max_pages, 100);
        assert_eq!(limits.max_file_bytes, IntakeLimits::DEFAULT.max_file_bytes);
    }
}
