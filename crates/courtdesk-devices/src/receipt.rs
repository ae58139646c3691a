//! The intake receipt a kiosk prints after a submission: one [`Slip`]
//! layout, Chinese first with English beneath when asked for.

use std::fmt;

use crate::pdf::{PdfError, Slip, TextStyle};

/// What an intake receipt says. It names the case and the submission but
/// no person; the QR code carries only `status_check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeReceipt {
    /// The court or service centre, as configured for the site.
    pub site_name: String,
    /// The number the litigant quotes, e.g. `SJ-2026-000123`.
    pub submission_number: String,
    /// The case number, e.g. `(2026)粤0304民初1234号`; `None` for a new
    /// filing that has none yet.
    pub case_number: Option<String>,
    /// Already formatted in the site's local time: time is passed in.
    pub submitted_at_local: String,
    pub items: Vec<ReceiptItem>,
    pub locker: Option<ReceiptLocker>,
    /// Encoded in the QR code, to look the submission's status up.
    pub status_check: String,
    /// English lines under the Chinese ones.
    pub bilingual: bool,
}

/// One submitted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptItem {
    /// The material type's label, e.g. `起诉状`.
    pub material_zh: String,
    /// E.g. `Statement of claim`; printed when the receipt is bilingual.
    pub material_en: String,
    pub pages: u32,
    /// The first 8 hex digits of the file's SHA-256.
    pub short_hash: String,
}

/// The locker compartment holding the submission's paper, if any.
#[derive(Clone, PartialEq, Eq)]
pub struct ReceiptLocker {
    /// As printed on the compartment's door.
    pub compartment: String,
    /// The single-use code that opens it, when the litigant is the one to
    /// open it again. `Debug` hides it.
    pub pickup_code: Option<String>,
    pub instructions_zh: String,
    pub instructions_en: String,
}

impl fmt::Debug for ReceiptLocker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiptLocker")
            .field("compartment", &self.compartment)
            .field(
                "pickup_code",
                &self.pickup_code.as_ref().map(|_| "<redacted>"),
            )
            .field("instructions_zh", &self.instructions_zh)
            .field("instructions_en", &self.instructions_en)
            .finish()
    }
}

/// A label in Chinese, with its English after it on a bilingual slip.
pub(crate) fn label(zh: &str, english: &str, bilingual: bool) -> String {
    if bilingual {
        format!("{zh} {english}")
    } else {
        zh.to_owned()
    }
}

/// An 80 mm slip titled `title` (the PDF's), at least `min_height_mm`
/// tall, opening with the site's name, a rule and the slip's name in
/// Chinese, with English under it on a bilingual slip.
pub(crate) fn headed_slip(
    title: impl Into<String>,
    min_height_mm: f32,
    site_name: &str,
    (name_zh, name_en): (&str, &str),
    bilingual: bool,
) -> Slip {
    let mut slip = Slip::thermal_80mm()
        .with_min_height_mm(min_height_mm)
        .with_title(title);
    slip.text(site_name, TextStyle::new(11.0).centered())
        .rule()
        .gap(1.0)
        .text(name_zh, TextStyle::new(16.0).centered());
    if bilingual {
        slip.text(name_en, TextStyle::new(10.0).centered());
    }
    slip
}

impl IntakeReceipt {
    /// The receipt's layout on an 80 mm roll, for callers that want to add
    /// to it before rendering.
    pub fn to_slip(&self) -> Slip {
        let en = self.bilingual;
        // With the pickup code it is the court's pickup slip, not the
        // litigant's receipt.
        let pickup = self
            .locker
            .as_ref()
            .is_some_and(|locker| locker.pickup_code.is_some());
        let mut slip = headed_slip(
            format!(
                "{} {}",
                if pickup { "Pickup slip" } else { "Receipt" },
                self.submission_number
            ),
            100.0,
            &self.site_name,
            if pickup {
                ("材料取件单", "Pickup slip")
            } else {
                ("收件回执", "Intake receipt")
            },
            en,
        );
        let small = TextStyle::new(8.0).centered();
        let row = TextStyle::new(9.0);
        let label = |zh: &str, english: &str| label(zh, english, en);
        slip.gap(1.0)
            .rule()
            .row(label("收件编号", "No."), &*self.submission_number, row)
            .row(
                label("案号", "Case"),
                match (&self.case_number, en) {
                    (Some(case), _) => case.clone(),
                    (None, true) => "新立案 New filing".to_owned(),
                    (None, false) => "新立案".to_owned(),
                },
                row,
            )
            .row(
                label("提交时间", "Submitted"),
                &*self.submitted_at_local,
                row,
            )
            .rule();

        let count = self.items.len();
        let pages: u64 = self.items.iter().map(|item| u64::from(item.pages)).sum();
        slip.text(label("材料清单", "Items"), TextStyle::new(10.0));
        for (number, item) in self.items.iter().enumerate() {
            let pages = if en {
                format!("{} 页 p.", item.pages)
            } else {
                format!("{} 页", item.pages)
            };
            slip.row(format!("{}. {}", number + 1, item.material_zh), pages, row);
            let hash = format!("#{}", item.short_hash);
            if en {
                slip.row(
                    format!("   {}", item.material_en),
                    hash,
                    TextStyle::new(8.0),
                );
            } else {
                slip.text(hash, TextStyle::new(8.0).right());
            }
        }
        slip.gap(1.0).text(
            if en {
                format!("共 {count} 件，{pages} 页 / {count} items, {pages} pages")
            } else {
                format!("共 {count} 件，{pages} 页")
            },
            TextStyle::new(9.0).right(),
        );

        if let Some(locker) = &self.locker {
            slip.rule().row(
                label("储物柜", "Locker"),
                if en {
                    format!("{} 号柜 / No. {}", locker.compartment, locker.compartment)
                } else {
                    format!("{} 号柜", locker.compartment)
                },
                row,
            );
            if let Some(code) = &locker.pickup_code {
                slip.text(
                    label("取件码", "Pickup code"),
                    TextStyle::new(9.0).centered(),
                )
                .text(&**code, TextStyle::new(24.0).bold().centered());
            }
            slip.text(&*locker.instructions_zh, TextStyle::new(9.0));
            if en {
                slip.text(&*locker.instructions_en, TextStyle::new(8.0));
            }
        }

        slip.rule()
            .qr(&*self.status_check, 26.0)
            .text(&*self.status_check, small)
            .gap(1.0)
            .text("扫码或凭收件编号查询办理进度", small);
        if en {
            slip.text(
                "Scan the code or quote the receipt number to check progress",
                small,
            );
        }
        slip.text("请妥善保管本回执", small);
        if en {
            slip.text("Please keep this receipt", small);
        }
        slip
    }
}

/// The receipt as a one-page PDF for an 80 mm thermal roll.
///
/// Fails with [`PdfError::MissingGlyph`] when a text holds a character
/// outside the embedded font (GB2312, ASCII, Latin-1), and when a pickup
/// code is not plain ASCII, which its bold face is limited to.
pub fn render_receipt_pdf(receipt: &IntakeReceipt) -> Result<Vec<u8>, PdfError> {
    receipt.to_slip().render()
}
