//! The slip a kiosk prints when a litigant saves an unfinished submission
//! to come back to: the code that resumes it and how long it is kept. It
//! names no person and no case; the code opens the draft only for the
//! same person, identified again.

use std::fmt;

use crate::pdf::{PdfError, Slip, TextStyle};
use crate::receipt::{headed_slip, label};

/// What a saved-draft slip says. `Debug` hides the code.
#[derive(Clone, PartialEq, Eq)]
pub struct DraftSlip {
    pub site_name: String,
    /// The resume code's digits, e.g. `48213907`; printed in groups of 4.
    pub code: String,
    /// Files in the draft so far.
    pub items: usize,
    /// Already formatted in the site's local time.
    pub saved_at_local: String,
    /// The last day the draft is kept, in the site's local time.
    pub kept_until_local: String,
    /// English lines under the Chinese ones.
    pub bilingual: bool,
}

impl fmt::Debug for DraftSlip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DraftSlip")
            .field("site_name", &self.site_name)
            .field("code", &"<redacted>")
            .field("items", &self.items)
            .field("saved_at_local", &self.saved_at_local)
            .field("kept_until_local", &self.kept_until_local)
            .finish()
    }
}

/// `48213907` as `4821 3907`.
pub fn grouped_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars
        .chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

impl DraftSlip {
    fn to_slip(&self) -> Slip {
        let en = self.bilingual;
        let mut slip = headed_slip(
            "Saved draft",
            80.0,
            &self.site_name,
            ("材料暂存凭条", "Saved draft"),
            en,
        );
        let small = TextStyle::new(8.0).centered();
        let row = TextStyle::new(9.0);
        let label = |zh: &str, english: &str| label(zh, english, en);
        slip.gap(1.0)
            .rule()
            .text(
                label("续办码", "Resume code"),
                TextStyle::new(9.0).centered(),
            )
            .text(
                grouped_code(&self.code),
                TextStyle::new(24.0).bold().centered(),
            )
            .rule()
            .row(
                label("已添加材料", "Files so far"),
                self.items.to_string(),
                row,
            )
            .row(label("暂存时间", "Saved"), &*self.saved_at_local, row)
            .row(label("保留至", "Kept until"), &*self.kept_until_local, row)
            .rule()
            .text("本人再次核验身份后输入续办码，即可继续提交", small);
        if en {
            slip.text(
                "Identify yourself again at this kiosk and enter the code to carry on",
                small,
            );
        }
        slip.text("续办码仅限本人在本机使用，请勿交给他人", small);
        if en {
            slip.text(
                "The code works only for you, at this kiosk; keep it to yourself",
                small,
            );
        }
        slip
    }
}

/// The slip as a one-page PDF for an 80 mm thermal roll. Fails with
/// [`PdfError::MissingGlyph`] when a text holds a character outside the
/// embedded font, or the code is not plain ASCII.
pub fn render_draft_slip_pdf(slip: &DraftSlip) -> Result<Vec<u8>, PdfError> {
    slip.to_slip().render()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip() -> DraftSlip {
        DraftSlip {
            site_name: "示例人民法院诉讼服务中心".into(),
            code: "48213907".into(),
            items: 2,
            saved_at_local: "2026-11-29 10:15".into(),
            kept_until_local: "2026-12-06".into(),
            bilingual: true,
        }
    }

    #[test]
    fn the_code_is_grouped_by_four() {
        assert_eq!(grouped_code("48213907"), "4821 3907");
        assert_eq!(grouped_code("123"), "123");
    }

    #[test]
    fn the_slip_renders_and_debug_hides_the_code() {
        let pdf = render_draft_slip_pdf(&slip()).expect("renders");
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(!format!("{:?}", slip()).contains("48213907"));
    }

    #[test]
    fn a_code_outside_the_font_is_refused() {
        let bad = DraftSlip {
            code: "４８２１".into(),
            ..slip()
        };
        assert!(render_draft_slip_pdf(&bad).is_err());
    }
}
