//! Writes a sample ticket PDF to the path given, to look at.
use courtdesk_devices::{TicketSlip, render_ticket_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: ticket OUT.pdf")?;
    let ticket = TicketSlip {
        site_name: "深圳市福田区人民法院诉讼服务中心".into(),
        service_name_zh: "民事立案".into(),
        service_name_en: "Civil case filing".into(),
        number: "A017".into(),
        issued_at_local: "2026-11-28 09:05".into(),
        people_ahead: 3,
        estimated_wait_minutes: Some(15),
        ticket_id: "7f3c2a9e-41d0-4b8e-9a57-2c5e8d1b6f04".into(),
        priority_note_zh: Some("优先窗口：老年人、残障人士".into()),
        priority_note_en: Some("Priority: seniors, people with disabilities".into()),
    };
    std::fs::write(path, render_ticket_pdf(&ticket)?)?;
    Ok(())
}
