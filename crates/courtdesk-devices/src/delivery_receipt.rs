//! The receipt a kiosk prints for a party served electronically: the case,
//! the documents by name and short hash, the party's decision, and the QR
//! code of the court's countersignature, which anyone holding the court's
//! public key can check offline (`courtdesk-central evidence verify-qr`).

use crate::pdf::{PdfError, Slip, TextStyle, Weight, has_glyph};

/// What a delivery receipt says. It names the case, never the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReceipt {
    pub site_name: String,
    pub case_number: String,
    pub title: String,
    pub delivery_id: String,
    pub documents: Vec<ReceiptDocument>,
    /// The party's decision as it is printed, e.g. `已签收 Acknowledged`.
    pub decision: String,
    /// Already formatted in the site's local time.
    pub decided_at_local: String,
    /// The evidence digest of the decision's record, 64 hex digits.
    pub evidence_sha256: String,
    /// The court's QR payload (`CDE1.…`); `None` while the countersignature
    /// is pending, when the receipt says so instead.
    pub qr_payload: Option<String>,
}

/// One served document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptDocument {
    pub name: String,
    /// The first 16 hex digits of the document's SHA-256.
    pub short_hash: String,
}

/// `text` with every character the slip font lacks replaced by `?`, so a
/// rare character in a title never stops a receipt from printing.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if has_glyph(Weight::Regular, c) {
                c
            } else {
                '?'
            }
        })
        .collect()
}

impl DeliveryReceipt {
    /// The receipt's layout on an 80 mm roll.
    pub fn to_slip(&self) -> Slip {
        let mut slip = Slip::thermal_80mm()
            .with_min_height_mm(100.0)
            .with_title("Delivery receipt");
        let small = TextStyle::new(8.0).centered();
        let row = TextStyle::new(9.0);
        slip.text(printable(&self.site_name), TextStyle::new(11.0).centered())
            .rule()
            .gap(1.0)
            .text("电子送达回执", TextStyle::new(16.0).centered())
            .text(
                "Electronic service receipt",
                TextStyle::new(10.0).centered(),
            )
            .gap(1.0)
            .rule()
            .row("案号 Case", printable(&self.case_number), row)
            .text(printable(&self.title), TextStyle::new(10.0))
            .row("送达编号 Delivery", &*self.delivery_id, row)
            .row("结果 Result", printable(&self.decision), row)
            .row("时间 Time", &*self.decided_at_local, row)
            .rule()
            .text("文书 Documents", TextStyle::new(10.0));
        for (number, document) in self.documents.iter().enumerate() {
            slip.text(
                format!("{}. {}", number + 1, printable(&document.name)),
                row,
            )
            .text(format!("   SHA-256 {}…", document.short_hash), small);
        }
        slip.rule()
            .text("存证摘要 Evidence digest", small)
            .text(
                &self.evidence_sha256[..32.min(self.evidence_sha256.len())],
                small,
            )
            .text(
                &self.evidence_sha256[32.min(self.evidence_sha256.len())..],
                small,
            );
        match &self.qr_payload {
            Some(payload) => {
                slip.qr(&**payload, 34.0)
                    .text("扫码可用法院公钥离线核验", small)
                    .text("Verifiable offline with the court's public key", small);
            }
            None => {
                slip.gap(1.0)
                    .text("法院签章待网络恢复后自动完成", small)
                    .text("The court's countersignature follows", small)
                    .text("when the network is back", small);
            }
        }
        slip
    }
}

/// The receipt as a one-page PDF for an 80 mm thermal roll.
pub fn render_delivery_receipt_pdf(receipt: &DeliveryReceipt) -> Result<Vec<u8>, PdfError> {
    receipt.to_slip().render()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(qr: Option<&str>) -> DeliveryReceipt {
        DeliveryReceipt {
            site_name: "诉讼服务中心".into(),
            case_number: "(2026)京0105民初123号".into(),
            title: "传票 with a rare 𠀀 character".into(),
            delivery_id: "dl-1".into(),
            documents: vec![ReceiptDocument {
                name: "summons.pdf".into(),
                short_hash: "0123456789abcdef".into(),
            }],
            decision: "已签收 Acknowledged".into(),
            decided_at_local: "2026-11-29 10:15".into(),
            evidence_sha256: "ab".repeat(32),
            qr_payload: qr.map(str::to_owned),
        }
    }

    #[test]
    fn a_rare_character_is_replaced_rather_than_refused() {
        assert_eq!(printable("传票 𠀀"), "传票 ?");
        let pdf = render_delivery_receipt_pdf(&receipt(None)).expect("renders");
        assert!(pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn the_qr_code_is_drawn_only_when_countersigned() {
        let with = render_delivery_receipt_pdf(&receipt(Some("CDE1.abc"))).expect("renders");
        let without = render_delivery_receipt_pdf(&receipt(None)).expect("renders");
        // The QR code is drawn as filled squares; the pending receipt has none.
        assert!(squares(&with) > squares(&without) + 20);
    }

    /// How many rectangles the page's content streams draw.
    fn squares(pdf: &[u8]) -> usize {
        use std::io::Read;
        let mut count = 0;
        let mut rest = pdf;
        while let Some(start) = find(rest, b"stream\n") {
            let body = &rest[start + 7..];
            let end = find(body, b"\nendstream").expect("every stream ends");
            let mut text = Vec::new();
            if flate2::read::ZlibDecoder::new(&body[..end])
                .read_to_end(&mut text)
                .is_ok()
            {
                count += text.windows(3).filter(|w| w == b" re").count();
            }
            rest = &body[end + b"\nendstream".len()..];
        }
        count
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }
}
