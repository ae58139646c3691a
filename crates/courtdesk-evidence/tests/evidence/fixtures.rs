//! A delivery with its documents, a terminal and a court, and the records
//! of a kiosk visit, shared by the tests.

use std::io::{Cursor, Read as _, Write as _};

use courtdesk_core::TerminalId;
use courtdesk_evidence::{
    BundleDocument, BundleInput, ChainLink, CountersignedRecord, Court, DeliveryContext,
    DocumentRef, EventKind, EvidenceRecord, Identity, IdentityMethod, PublicKey, RECORD_FORMAT,
    Refusal, SignedRecord, export_bundle,
};
use courtdesk_protocol::hlc::HlcClock;
use ed25519_dalek::SigningKey;

pub(crate) const DELIVERY: &str = "D-2026-000123";
/// 2026-11-28 10:31 in Beijing.
pub(crate) const NOW_MS: u64 = 1_795_833_060_000;

pub(crate) struct Delivery {
    pub(crate) documents: Vec<(String, Vec<u8>)>,
    pub(crate) terminal_key: SigningKey,
    pub(crate) terminal_id: TerminalId,
    pub(crate) court: Court,
    clock: HlcClock,
}

impl Delivery {
    pub(crate) fn new() -> Delivery {
        Delivery {
            documents: vec![
                (
                    "传票.pdf".into(),
                    simple_pdf(&["SUMMONS page one", "SUMMONS page two"]),
                ),
                (
                    "judgment.pdf".into(),
                    simple_pdf(&["JUDGMENT of the court"]),
                ),
            ],
            terminal_key: SigningKey::from_bytes(&[0x11; 32]),
            terminal_id: TerminalId::from_bits(0x006b_105c),
            court: Court::new(SigningKey::from_bytes(&[0xc0; 32])),
            clock: HlcClock::default(),
        }
    }

    pub(crate) fn published(&self) -> Vec<DocumentRef> {
        self.documents
            .iter()
            .map(|(name, bytes)| DocumentRef::of(name.clone(), bytes))
            .collect()
    }

    /// A record of `event` for all documents, after `prev`, `at_ms`.
    pub(crate) fn record(
        &mut self,
        event: EventKind,
        prev: Option<ChainLink>,
        at_ms: u64,
    ) -> EvidenceRecord {
        let mut record = EvidenceRecord {
            format: RECORD_FORMAT.into(),
            seq: 1,
            event,
            delivery_id: DELIVERY.into(),
            documents: self.published(),
            identity: Identity {
                method: IdentityMethod::ResidentIdOtp,
                reference: "110***********002X".into(),
            },
            terminal_id: self.terminal_id.clone(),
            terminal_public_key: PublicKey(self.terminal_key.verifying_key()),
            terminal_time_ms: at_ms,
            hlc: self.clock.tick(at_ms),
            refusal: (event == EventKind::Refused).then(|| Refusal {
                code: "not_the_addressee".into(),
                reason: "此人并非受送达人".into(),
            }),
            prev_sha256: None,
        };
        record.follow(prev);
        record
    }

    /// Signs the events in order at the terminal, as a kiosk would offline.
    pub(crate) fn sign_visit(&mut self, events: &[EventKind]) -> Vec<SignedRecord> {
        let mut prev = None;
        let mut signed = Vec::new();
        for (i, event) in events.iter().enumerate() {
            let record = self.record(*event, prev, NOW_MS + 1_000 * i as u64);
            let one = record
                .sign(&self.terminal_key)
                .expect("a valid record signs");
            prev = Some(one.link());
            signed.push(one);
        }
        signed
    }

    pub(crate) fn countersign_all(
        &self,
        signed: &[SignedRecord],
        received_at_ms: u64,
    ) -> Vec<CountersignedRecord> {
        let published = self.published();
        let enrolled = self.terminal_key.verifying_key();
        let mut head = None;
        signed
            .iter()
            .enumerate()
            .map(|(i, record)| {
                let context = DeliveryContext {
                    delivery_id: DELIVERY,
                    documents: &published,
                    enrolled_terminal_key: &enrolled,
                    head,
                };
                let countersigned = self
                    .court
                    .countersign(
                        record,
                        &context,
                        received_at_ms + i as u64,
                        9_000 + i as u64,
                    )
                    .expect("a sound record is countersigned");
                head = Some(record.link());
                countersigned
            })
            .collect()
    }

    /// The bundle of a full visit: made available, opened, acknowledged,
    /// printed.
    pub(crate) fn bundle(&mut self) -> Vec<u8> {
        let signed = self.sign_visit(&[
            EventKind::MadeAvailable,
            EventKind::Opened,
            EventKind::Acknowledged,
            EventKind::Printed,
        ]);
        let records = self.countersign_all(&signed, NOW_MS + 60_000);
        self.export(&records)
    }

    pub(crate) fn export(&self, records: &[CountersignedRecord]) -> Vec<u8> {
        let documents: Vec<BundleDocument<'_>> = self
            .documents
            .iter()
            .map(|(name, bytes)| BundleDocument {
                name,
                bytes,
                served_copy: None,
            })
            .collect();
        export_bundle(&BundleInput {
            delivery_id: DELIVERY,
            court_public_key: &self.court.public_key(),
            documents: &documents,
            records,
            exported_at_ms: NOW_MS + 3_600_000,
        })
        .expect("a consistent bundle exports")
    }
}

/// The entries of a ZIP archive, in order.
pub(crate) fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("readable");
            (entry.name().to_owned(), data)
        })
        .collect()
}

/// A ZIP archive of `entries`, as an attacker who rewrote the bundle would
/// make it (with correct CRCs).
pub(crate) fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        zip.start_file(name.as_str(), options).expect("start");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

/// `bundle` with `change` applied to the entry named `name`.
pub(crate) fn tamper(bundle: &[u8], name: &str, change: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut entries = unzip(bundle);
    let entry = entries
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} is in the bundle"));
    change(&mut entry.1);
    rezip(&entries)
}

/// A small PDF with one page per text, in Helvetica, written by hand with a
/// classic cross-reference table. Its pages inherit their resources and
/// media box from the page tree, as many producers write them.
pub(crate) fn simple_pdf(pages: &[&str]) -> Vec<u8> {
    let mut objects: Vec<String> = Vec::new();
    let page_count = pages.len();
    // 1 catalog, 2 pages, 3 font, then for each page: page, contents.
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..page_count)
        .map(|i| format!("{} 0 R", 4 + 2 * i))
        .collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {page_count} /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 3 0 R >> >> >>",
        kids.join(" ")
    ));
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
    for (i, text) in pages.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /Contents {} 0 R >>",
            5 + 2 * i
        ));
        // The page content leaves a transformation in place, as careless
        // producers do; the stamp must not be moved by it.
        let content = format!("2 0 0 2 0 0 cm BT /F1 12 Tf 40 300 Td ({text}) Tj ET");
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref_at = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
