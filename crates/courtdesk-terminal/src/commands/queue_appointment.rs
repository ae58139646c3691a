//! Appointments: a desk books one (a telephone or counter booking) for a
//! service and a time today and gives the litigant its six-digit code; at a
//! kiosk the code checks the litigant in and issues a ticket that the queue
//! places ahead of walk-ins when it is on time (see `courtdesk-queue`'s
//! appointment window: 30 minutes before the slot to 10 minutes after).
//!
//! The booking travels to the kiosks as a record of kind
//! `queue.appointment`; a kiosk remembers the codes it has checked in, so a
//! code is used once there. Two kiosks cut off from each other could each
//! accept the same code once; the desk sees both tickets and serves one.

use courtdesk_protocol::record::RecordId;
use courtdesk_queue::{
    Appointment, Issue, LocalMoment, LocalTime, QueueServiceId, TicketChange, TicketId,
};
use courtdesk_store::put_queue_value;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::commands::queue_kiosk::{TakeTicket, TicketView, save_numbers, stored_numbers};
use crate::queue::views::{Priority, ServiceName};
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

/// The record kind a booking travels as.
const BOOKING_KIND: &str = "queue.appointment";

/// A booking as it travels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Booking {
    code: String,
    service: QueueServiceId,
    /// Site-local `YYYY-MM-DD`.
    day: String,
    slot_ms: u64,
}

/// A booking made at the desk, as it is shown to the clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BookedAppointment {
    /// The six digits the litigant types at the kiosk.
    pub code: String,
    pub service: ServiceName,
    /// Site-local `YYYY-MM-DD HH:MM`.
    pub slot: String,
}

fn bad(message: &str) -> ApiError {
    ApiError::new(ErrorCode::BadInput, message)
}

fn new_id() -> String {
    RecordId::from_bits(uuid::Uuid::new_v4().as_u128()).to_string()
}

impl Terminal {
    /// Books an appointment for `service` at `slot` (`HH:MM`, today).
    pub fn desk_book_appointment(
        &self,
        service: &str,
        slot: &str,
    ) -> Result<BookedAppointment, ApiError> {
        self.staff_desk()
            .authorize(courtdesk_identity::staff::StaffAction::CallTicket, now_ms())?;
        let book = self
            .queue()
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the queue is not set up"))?;
        let id: QueueServiceId = service.parse().map_err(|_| bad("no such service"))?;
        let hall_service = book
            .hall
            .service(&id)
            .ok_or_else(|| bad("no such service"))?;
        let (h, m) = slot.split_once(':').ok_or_else(|| bad("a time is HH:MM"))?;
        let time = h
            .parse::<u8>()
            .ok()
            .zip(m.parse::<u8>().ok())
            .and_then(|(h, m)| LocalTime::new(h, m).ok())
            .ok_or_else(|| bad("a time is HH:MM"))?;
        let now = now_ms();
        let day = book.hall.clock.day(now);
        let moment = LocalMoment { day, time };
        let slot_ms = book.hall.clock.epoch_ms(moment);
        if slot_ms < now {
            return Err(bad("the time has passed"));
        }
        let code = format!("{:06}", uuid::Uuid::new_v4().as_u128() % 1_000_000);
        let booking = Booking {
            code: code.clone(),
            service: id,
            day: day.to_string(),
            slot_ms,
        };
        let body = serde_json::to_value(&booking)
            .map_err(|_| ApiError::new(ErrorCode::Internal, "a booking did not serialize"))?;
        let record_id: RecordId = new_id()
            .parse()
            .map_err(|_| ApiError::new(ErrorCode::Internal, "a record id was malformed"))?;
        self.store().record(
            record_id,
            BOOKING_KIND,
            body,
            i64::try_from(now).unwrap_or(i64::MAX),
        )?;
        if let Some(link) = self.sync_link() {
            link.sync_now();
        }
        Ok(BookedAppointment {
            code,
            service: ServiceName::of(hall_service),
            slot: moment.to_string(),
        })
    }

    /// Checks the holder of an appointment code in and issues their ticket.
    pub fn check_in(&self, code: &str) -> Result<TakeTicket, ApiError> {
        let book = self
            .queue()
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the queue is not set up"))?;
        let code = code.trim();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("an appointment code is six digits"));
        }
        let now = now_ms();
        let today = book.hall.clock.day(now).to_string();
        let booking = self
            .store()
            .inbox(0, usize::MAX)?
            .into_iter()
            .filter(|change| change.record.kind == BOOKING_KIND)
            .filter_map(|change| serde_json::from_value::<Booking>(change.record.body).ok())
            .find(|booking| booking.code == code && booking.day == today)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::UnknownTicket,
                    "no appointment today has this code",
                )
            })?;
        let used = format!("appointment_used:{code}:{today}");
        if self.store().queue_value(&used)?.is_some() {
            return Err(ApiError::new(
                ErrorCode::IllegalAction,
                "this appointment has already been checked in",
            ));
        }
        let hall_service = book
            .hall
            .service(&booking.service)
            .ok_or_else(|| bad("the booked service is not offered here"))?
            .clone();
        let _issuing = book.issuing();
        let day = book.hall.clock.day(now);
        let mut numbers = stored_numbers(self.store(), self.id())?;
        let number = numbers.take(&hall_service.service, day).map_err(|_| {
            ApiError::new(
                ErrorCode::OutOfNumbers,
                "no leased numbers left for this service today",
            )
        })?;
        let people_ahead = book.read(self.store(), now, |log, day| {
            log.state().waiting_count(&hall_service.service.id, day)
        })?;
        let ticket = TicketId::for_number(&hall_service.service.id, day, number);
        let issue = Issue {
            service: hall_service.service.id.clone(),
            number,
            day,
            priority: courtdesk_queue::PriorityClass::Normal,
            appointment: Some(Appointment {
                slot_ms: booking.slot_ms,
            }),
            people_ahead,
        };
        book.act(
            self.store(),
            now,
            ticket.clone(),
            TicketChange::Issued(issue),
            |recorder| {
                save_numbers(recorder.connection(), &numbers)?;
                put_queue_value(recorder.connection(), &used, ticket.as_str())
            },
        )?;
        book.act(
            self.store(),
            now,
            ticket.clone(),
            TicketChange::CheckedIn,
            |_| Ok(()),
        )?;
        self.wake_leases();
        let view = TicketView {
            ticket_id: ticket.to_string(),
            number: number.to_string(),
            service: ServiceName::of(&hall_service),
            priority: Priority::Normal,
            people_ahead,
            wait_minutes: None,
            issued_at: book.hall.clock.local(now).to_string(),
            printed: false,
        };
        if let Err(reason) = self.print_ticket(&view) {
            // The ticket does not count, so the code may be used again.
            book.act(
                self.store(),
                now_ms(),
                ticket,
                TicketChange::Voided,
                |recorder| {
                    recorder
                        .connection()
                        .execute("DELETE FROM queue_values WHERE name = ?1", [&used])?;
                    Ok(())
                },
            )?;
            return Err(ApiError::new(ErrorCode::PrintFailed, reason));
        }
        Ok(TakeTicket::Issued {
            ticket: TicketView {
                printed: book.hall.printer.is_some(),
                ..view
            },
        })
    }
}
