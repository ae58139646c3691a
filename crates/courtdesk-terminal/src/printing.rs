//! Printing a ticket slip on the kiosk's configured CUPS printer. A ticket
//! counts as issued only once the printer reports the job completed; every
//! failure comes back as its code so the kiosk voids the ticket and says
//! what to do.

use std::time::Duration;

use courtdesk_devices::printer::{CupsPrinter, Printer};
use courtdesk_devices::{TicketSlip, render_ticket_pdf};

use crate::Terminal;
use crate::commands::queue_kiosk::TicketView;
use crate::queue::views::Priority;

/// How long a slip may take to come out before the ticket is given up.
const PRINT_TIMEOUT: Duration = Duration::from_secs(20);

fn priority_notes(priority: Priority) -> (Option<String>, Option<String>) {
    let (zh, en) = match priority {
        Priority::Normal => return (None, None),
        Priority::Elderly => ("优先：老年人", "Priority: elderly"),
        Priority::Disabled => ("优先：残障人士", "Priority: disabled"),
        Priority::Pregnant => ("优先：孕妇", "Priority: pregnant"),
    };
    (Some(zh.into()), Some(en.into()))
}

impl Terminal {
    /// Prints the ticket; `Err` with the reason's code when it did not print
    /// (the ticket then does not count). Without a configured printer there
    /// is nothing to do.
    pub(crate) fn print_ticket(&self, ticket: &TicketView) -> Result<(), String> {
        let Some(book) = self.queue() else {
            return Ok(());
        };
        let Some(queue) = book.hall.printer.as_ref() else {
            return Ok(());
        };
        let (note_zh, note_en) = priority_notes(ticket.priority);
        let slip = TicketSlip {
            site_name: book.hall.site_name.clone(),
            service_name_zh: ticket.service.name_zh.clone(),
            service_name_en: ticket.service.name_en.clone(),
            number: ticket.number.clone(),
            issued_at_local: ticket.issued_at.clone(),
            people_ahead: ticket.people_ahead,
            estimated_wait_minutes: ticket
                .wait_minutes
                .map(|m| u32::try_from(m).unwrap_or(u32::MAX)),
            ticket_id: ticket.ticket_id.clone(),
            priority_note_zh: note_zh,
            priority_note_en: note_en,
        };
        let pdf = render_ticket_pdf(&slip).map_err(|error| {
            tracing::error!(%error, "a ticket slip could not be laid out");
            "layout_failed".to_owned()
        })?;
        let printer = CupsPrinter::new(queue.clone(), PRINT_TIMEOUT);
        match printer.print_pdf(&pdf, &format!("CourtDesk ticket {}", ticket.number)) {
            Ok(_) => Ok(()),
            Err(error) => {
                tracing::warn!(code = error.code(), %error, "a ticket did not print");
                Err(error.code().to_owned())
            }
        }
    }
}
