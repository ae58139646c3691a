//! The paper-service package: for a delivery not acknowledged by its
//! deadline (expired, refused) or served on paper from the start, an A4
//! cover sheet whose address block sits behind the window of a DL envelope,
//! then the documents as published.
//!
//! The sheet is set in the slips' regular face, which covers GB2312 (the
//! bold one holds ASCII only); a name or address with a character outside
//! it is refused (`cover_sheet_failed`) rather than printed as a box on
//! an envelope.
//!
//! The cover sheet is its own PDF, first in the package, rather than merged
//! into one file with the documents: the documents stay byte for byte what
//! was published (their hashes are in the evidence), and the desk prints
//! the package's files in order as one job.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_devices::pdf::{Slip, TextStyle};
use courtdesk_protocol::Digest;
use courtdesk_protocol::delivery::{
    DeliveryRefusal as R, DeliveryState, DocumentKind, PackageFile, PaperPackage,
};

use super::time::court_time;
use super::{Deliveries, DeliveryError, Refusal};
use crate::store::StoredDelivery;

/// The cover sheet's name in the package.
pub const COVER_SHEET_NAME: &str = "cover-sheet.pdf";

/// Where a DL window envelope's window begins, from the top of the page:
/// the address block starts there.
const WINDOW_TOP_MM: f32 = 45.0;
const MARGIN_MM: f32 = 20.0;

fn kind_name(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Summons => "传票 Summons",
        DocumentKind::Notice => "通知书 Notice",
        DocumentKind::Judgment => "判决书 Judgment",
        DocumentKind::MediationAgreement => "调解书 Mediation agreement",
        DocumentKind::Other => "其他文书 Other",
    }
}

/// The cover sheet of a delivery addressed to `name` at `address`.
pub(crate) fn cover_sheet(
    delivery: &StoredDelivery,
    name: &str,
    address: Option<&str>,
) -> Result<Vec<u8>, courtdesk_devices::pdf::PdfError> {
    let mut slip = Slip::new(210.0)
        .with_margin_mm(MARGIN_MM)
        .with_min_height_mm(297.0)
        .with_title(format!("送达 {}", delivery.case_number));
    slip.gap(WINDOW_TOP_MM - MARGIN_MM)
        .text(name, TextStyle::new(12.0));
    match address {
        Some(address) => slip.text(address, TextStyle::new(11.0)),
        None => slip.text("（地址未登记 No address on file）", TextStyle::new(11.0)),
    };
    slip.gap(40.0)
        .text(
            "法律文书送达 Service of court documents",
            TextStyle::new(14.0),
        )
        .rule()
        .row("案号 Case", &delivery.case_number, TextStyle::new(10.0))
        .row(
            "文书 Document",
            kind_name(delivery.kind),
            TextStyle::new(10.0),
        )
        .row("标题 Title", &delivery.title, TextStyle::new(10.0))
        .row("送达编号 Delivery", &delivery.id, TextStyle::new(10.0))
        .row(
            "期限 Deadline",
            court_time(delivery.deadline_ms),
            TextStyle::new(10.0),
        )
        .rule();
    for document in &delivery.documents {
        slip.row(
            &document.name,
            format!("SHA-256 {}", document.sha256.to_hex()),
            TextStyle::new(9.0),
        );
    }
    slip.render()
}

impl Deliveries {
    /// The paper-service package of a delivery of `court_id`/`site_id`.
    pub(crate) fn paper_package(
        &self,
        court_id: &str,
        site_id: &str,
        delivery_id: &str,
    ) -> Result<PaperPackage, DeliveryError> {
        let delivery = self
            .store
            .delivery(delivery_id)?
            .filter(|d| d.court_id == court_id && d.site_id == site_id)
            .ok_or_else(Refusal::unknown_delivery)?;
        let state = delivery.state_at(self.now_ms());
        if !matches!(
            state,
            DeliveryState::Expired | DeliveryState::Refused | DeliveryState::Paper
        ) {
            return Err(Refusal::new(
                R::NotDueForPaper,
                format!(
                    "the delivery is {}; paper service is for one not acknowledged by its deadline",
                    state.as_str()
                ),
            )
            .into());
        }
        let party = self.store.party_by_id(&delivery.party_id)?;
        let name = party.as_ref().map_or_else(
            || delivery.resident_id_masked.clone(),
            |p| p.display_name.clone(),
        );
        let address = match self.store.party_address(&delivery.party_id)? {
            Some(sealed) => Some(
                self.keys
                    .open_address(&delivery.party_id, &sealed)
                    .map_err(|error| DeliveryError::Corrupt(error.to_string()))?,
            ),
            None => None,
        };
        let cover = cover_sheet(&delivery, &name, address.as_deref()).map_err(|error| {
            Refusal::new(
                R::CoverSheetFailed,
                format!("the cover sheet could not be set ({})", error.code()),
            )
        })?;
        let mut files = vec![PackageFile {
            name: COVER_SHEET_NAME.to_owned(),
            sha256: Digest::of(&cover),
            content_base64: STANDARD.encode(&cover),
        }];
        for document in &delivery.documents {
            let bytes = self.blobs.read(&document.sha256)?.ok_or_else(|| {
                DeliveryError::Corrupt(format!("document {} is not kept", document.sha256))
            })?;
            files.push(PackageFile {
                name: document.name.clone(),
                sha256: document.sha256,
                content_base64: STANDARD.encode(&bytes),
            });
        }
        Ok(PaperPackage {
            delivery_id: delivery.id,
            state,
            files,
        })
    }
}

#[cfg(test)]
mod tests {
    use courtdesk_protocol::delivery::{DeliveryDocument, ServiceMethod};

    use super::*;

    #[test]
    fn a_cover_sheet_is_an_a4_pdf_and_refuses_what_it_cannot_print() {
        let delivery = StoredDelivery {
            id: "D-1".into(),
            publisher: "admin".into(),
            clerk: None,
            request_id: "r".into(),
            request_sha256: Digest::of(b"r"),
            case_number: "(2026)京0105民初1号".into(),
            party_id: "p".into(),
            party_lookup: "l".into(),
            resident_id_masked: "110***********0016".into(),
            court_id: "court".into(),
            site_id: "site".into(),
            title: "开庭传票".into(),
            kind: DocumentKind::MediationAgreement,
            method: ServiceMethod::Electronic,
            consent: true,
            deadline_ms: 1_798_707_600_000,
            published_ms: 0,
            state: DeliveryState::Published,
            state_ms: 0,
            documents: vec![DeliveryDocument {
                name: "judgment.pdf".into(),
                sha256: Digest::of(b"j"),
                size: 1,
            }],
            evidence_head: None,
        };
        let pdf = cover_sheet(&delivery, "张三", Some("北京市朝阳区建国路1号 100020"))
            .expect("a cover sheet");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/MediaBox [0 0 595"), "A4 wide");
        assert!(cover_sheet(&delivery, "张三", None).is_ok());
        assert!(
            cover_sheet(&delivery, "\u{1F600}", None).is_err(),
            "a character without a glyph is refused"
        );
    }
}
