//! The queue ticket a kiosk prints: one [`Slip`] layout.

use crate::pdf::{PdfError, Slip, TextStyle};

/// What a printed queue ticket says. None of it is personal: tickets are
/// anonymous, and the QR code carries only the ticket's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketSlip {
    /// The court or service centre, as configured for the site.
    pub site_name: String,
    pub service_name_zh: String,
    pub service_name_en: String,
    /// The number called out and shown, e.g. `A017`.
    pub number: String,
    /// Issue time already formatted in the site's local time, e.g.
    /// `2026-11-28 09:05`: time is passed in, never read here.
    pub issued_at_local: String,
    pub people_ahead: u32,
    /// `None` when there is no basis for an estimate yet; the line is
    /// then left out rather than guessed.
    pub estimated_wait_minutes: Option<u32>,
    /// Encoded in the QR code, so a desk can scan the ticket.
    pub ticket_id: String,
    pub priority_note_zh: Option<String>,
    pub priority_note_en: Option<String>,
}

impl TicketSlip {
    /// The ticket's layout on an 80 mm roll, for callers that want to add
    /// to it before rendering.
    pub fn to_slip(&self) -> Slip {
        let mut slip = Slip::thermal_80mm()
            .with_min_height_mm(100.0)
            .with_title(format!("Ticket {}", self.number));
        let small = TextStyle::new(8.0).centered();
        let row = TextStyle::new(10.0);
        slip.text(&*self.site_name, TextStyle::new(11.0).centered())
            .rule()
            .gap(1.0)
            .text(&*self.service_name_zh, TextStyle::new(16.0).centered())
            .text(&*self.service_name_en, TextStyle::new(10.0).centered())
            .text(&*self.number, TextStyle::new(54.0).bold().centered());
        if let Some(note) = &self.priority_note_zh {
            slip.text(&**note, TextStyle::new(11.0).centered());
        }
        if let Some(note) = &self.priority_note_en {
            slip.text(&**note, TextStyle::new(9.0).centered());
        }
        slip.rule()
            .row("前面等候 People ahead", self.people_ahead.to_string(), row);
        if let Some(minutes) = self.estimated_wait_minutes {
            slip.row(
                "预计等候 Est. wait",
                format!("约 {minutes} 分钟 / ~{minutes} min"),
                row,
            );
        }
        slip.row("取号时间 Issued", &*self.issued_at_local, row)
            .rule()
            .qr(&*self.ticket_id, 26.0)
            .text(&*self.ticket_id, small)
            .gap(1.0)
            .text("请留意叫号屏幕和广播", small)
            .text("Please watch the screen and listen for your number", small);
        slip
    }
}

/// The ticket as a one-page PDF for an 80 mm thermal roll.
///
/// Fails with [`PdfError::MissingGlyph`] when a configured name holds a
/// character outside the embedded font (GB2312, ASCII, Latin-1), and when
/// the number is not plain ASCII, which its bold face is limited to.
pub fn render_ticket_pdf(ticket: &TicketSlip) -> Result<Vec<u8>, PdfError> {
    ticket.to_slip().render()
}
