//! The queue as this terminal knows it: every queue event it holds, merged
//! into one state in memory, fed by its own actions and by the inbox.
//!
//! An action is checked against the state first, then written — the event,
//! its record for the server, and (on a kiosk) the numbers it used — in one
//! transaction, and only then merged. Other terminals' events arrive through
//! the inbox and are taken in before every read.

use std::sync::{Mutex, MutexGuard};

use courtdesk_core::TerminalId;
use courtdesk_protocol::record::RecordId;
use courtdesk_queue::{EventId, QueueEvent, QueueLog, ServiceDay, TicketChange, TicketId};
use courtdesk_store::{Recorder, Store, StoreError, StoredQueueEvent, insert_queue_event};

use super::settings::Hall;
use crate::{ApiError, ErrorCode};

/// The record kind queue events travel as.
pub(crate) const EVENT_KIND: &str = "queue.event";
/// The named value holding the inbox position taken in so far.
const INBOX_CURSOR: &str = "inbox_cursor";
/// Pulled changes read from the inbox at a time.
const INBOX_PAGE: usize = 500;

#[derive(Debug)]
struct Merged {
    log: QueueLog,
    inbox_cursor: u64,
    /// The oldest day kept in memory.
    day: ServiceDay,
}

/// The merged queue of this terminal.
#[derive(Debug)]
pub(crate) struct QueueBook {
    pub(crate) hall: Hall,
    origin: TerminalId,
    merged: Mutex<Merged>,
    /// Held while a kiosk takes a number and issues its ticket.
    issuing: Mutex<()>,
    /// A desk's window and the services it calls, as last chosen.
    desk: Mutex<DeskChoice>,
}

/// The window a desk serves and the services it calls there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct DeskChoice {
    pub(crate) window: courtdesk_queue::WindowId,
    pub(crate) services: Vec<courtdesk_queue::QueueServiceId>,
}

/// The named value holding a desk's choice.
const DESK_CHOICE: &str = "desk_choice";

fn corrupt(what: &'static str) -> StoreError {
    StoreError::Corrupt { what }
}

/// A refused action: the UI says why and what to do.
pub(crate) fn refused(code: ErrorCode, message: impl Into<String>) -> ApiError {
    ApiError::new(code, message)
}

impl QueueBook {
    /// Loads today's events from the store.
    pub(crate) fn open(
        store: &Store,
        hall: Hall,
        origin: TerminalId,
        now_ms: u64,
    ) -> Result<QueueBook, StoreError> {
        let day = hall.clock.day(now_ms);
        let mut events = Vec::new();
        for stored in store.queue_events_since(&day.to_string())? {
            events.push(parse(&stored.body)?);
        }
        let log = QueueLog::from_events(hall.rules, events);
        let inbox_cursor = store
            .queue_value(INBOX_CURSOR)?
            .map(|v| v.parse::<u64>().map_err(|_| corrupt("queue inbox cursor")))
            .transpose()?
            .unwrap_or(0);
        // A stored choice naming services no longer offered falls back to
        // the settings.
        let desk = store
            .queue_value(DESK_CHOICE)?
            .and_then(|text| serde_json::from_str::<DeskChoice>(&text).ok())
            .filter(|choice| choice.services.iter().all(|s| hall.service(s).is_some()))
            .unwrap_or_else(|| DeskChoice {
                window: hall.window,
                services: hall.window_services.clone(),
            });
        Ok(QueueBook {
            desk: Mutex::new(desk),
            hall,
            origin,
            merged: Mutex::new(Merged {
                log,
                inbox_cursor,
                day,
            }),
            issuing: Mutex::new(()),
        })
    }

    /// The desk's window and services.
    pub(crate) fn desk(&self) -> DeskChoice {
        self.desk.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Remembers the desk's window and services.
    pub(crate) fn choose_desk(&self, store: &Store, choice: DeskChoice) -> Result<(), StoreError> {
        let text = serde_json::to_string(&choice).map_err(|_| corrupt("desk choice"))?;
        store.put_queue_value(DESK_CHOICE, &text)?;
        *self.desk.lock().unwrap_or_else(|e| e.into_inner()) = choice;
        Ok(())
    }

    /// Serializes issuing at this kiosk while the guard lives.
    pub(crate) fn issuing(&self) -> MutexGuard<'_, ()> {
        self.issuing.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock(&self) -> MutexGuard<'_, Merged> {
        // A panic mid-merge leaves a log that is still a valid merge of the
        // events it holds; carry on with it.
        self.merged.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes in the queue events that arrived in the inbox, forgets past
    /// days, and runs `read` on the state.
    pub(crate) fn read<T>(
        &self,
        store: &Store,
        now_ms: u64,
        read: impl FnOnce(&QueueLog, ServiceDay) -> T,
    ) -> Result<T, ApiError> {
        let mut merged = self.lock();
        self.take_in(store, &mut merged)?;
        let today = self.hall.clock.day(now_ms);
        if today > merged.day {
            merged.log.forget_before(today);
            merged.day = today;
        }
        Ok(read(&merged.log, today))
    }

    fn take_in(&self, store: &Store, merged: &mut Merged) -> Result<(), StoreError> {
        loop {
            let page = store.inbox(merged.inbox_cursor, INBOX_PAGE)?;
            let Some(last) = page.last().map(|c| c.seq) else {
                return Ok(());
            };
            let mut events = Vec::new();
            for change in page.iter().filter(|c| c.record.kind == EVENT_KIND) {
                match serde_json::from_value::<QueueEvent>(change.record.body.clone()) {
                    Ok(event) => events.push(event),
                    // One terminal's malformed event must not stop the hall:
                    // it is left out, and the log says so.
                    Err(_) => tracing::warn!(
                        seq = change.seq,
                        "a pulled queue event is malformed; left out"
                    ),
                }
            }
            let stored: Vec<StoredQueueEvent> =
                events.iter().map(stored).collect::<Result<_, _>>()?;
            store.import_queue_events(&stored, INBOX_CURSOR, &last.to_string())?;
            merged.inbox_cursor = last;
            let report = merged.log.merge_all(events);
            if !report.rejected.is_empty() {
                tracing::warn!(
                    rejected = report.rejected.len(),
                    "queue events reused an id with other content"
                );
            }
            if page.len() < INBOX_PAGE {
                return Ok(());
            }
        }
    }

    /// Records `change` of `ticket` as this terminal's event, after checking
    /// it is legal now. `also` writes what must change with it (a kiosk's
    /// numbers) in the same transaction. Returns the event as merged.
    pub(crate) fn act(
        &self,
        store: &Store,
        now_ms: u64,
        ticket: TicketId,
        change: TicketChange,
        also: impl FnOnce(&Recorder<'_>) -> Result<(), StoreError>,
    ) -> Result<QueueEvent, ApiError> {
        self.act_as(store, now_ms, ticket, change, None, also)
    }

    /// [`Book::act`] for the clerk signed in at this desk, whom the event
    /// names (`clerk`), so the court can tell who called and served.
    pub(crate) fn act_as(
        &self,
        store: &Store,
        now_ms: u64,
        ticket: TicketId,
        change: TicketChange,
        clerk: Option<String>,
        also: impl FnOnce(&Recorder<'_>) -> Result<(), StoreError>,
    ) -> Result<QueueEvent, ApiError> {
        let mut merged = self.lock();
        self.take_in(store, &mut merged)?;
        let id: EventId = RecordId::from_bits(uuid::Uuid::new_v4().as_u128())
            .as_str()
            .parse()
            .map_err(|_| ApiError::new(ErrorCode::Internal, "an event id was malformed"))?;
        // The check runs with the stamp the event is about to get (no
        // earlier than anything merged): an illegal action writes nothing.
        let provisional = {
            let last = merged.log.state().last_applied().map(|o| o.hlc);
            let wall_ms = last.map_or(now_ms, |h| h.wall_ms.max(now_ms));
            let counter = last
                .filter(|h| h.wall_ms >= now_ms)
                .map_or(0, |h| h.counter + 1);
            courtdesk_protocol::hlc::Hlc { wall_ms, counter }
        };
        merged
            .log
            .state()
            .check(&QueueEvent {
                clerk: clerk.clone(),
                id: id.clone(),
                hlc: provisional,
                origin: self.origin.clone(),
                ticket: ticket.clone(),
                change: change.clone(),
            })
            .map_err(|refusal| {
                refused(
                    ErrorCode::IllegalAction,
                    format!("the queue refused the action: {refusal}"),
                )
            })?;
        let record_id: RecordId = id
            .as_str()
            .parse()
            .map_err(|_| ApiError::new(ErrorCode::Internal, "an event id was malformed"))?;
        let origin = self.origin.clone();
        let event =
            store.write_recorded(i64::try_from(now_ms).unwrap_or(i64::MAX), |recorder| {
                let mut written = None;
                recorder.record_with(record_id, EVENT_KIND, |hlc| {
                    let event = QueueEvent {
                        clerk,
                        id,
                        hlc,
                        origin,
                        ticket,
                        change,
                    };
                    let body = serde_json::to_value(&event).map_err(|_| corrupt("queue event"))?;
                    written = Some(event);
                    Ok(body)
                })?;
                let event = written.ok_or(corrupt("queue event"))?;
                insert_queue_event(recorder.connection(), &stored(&event)?)?;
                also(recorder)?;
                Ok(event)
            })?;
        if let Err(error) = merged.log.merge(event.clone()) {
            tracing::error!(%error, "a queue event written here could not be merged");
        }
        Ok(event)
    }
}

fn parse(body: &str) -> Result<QueueEvent, StoreError> {
    serde_json::from_str(body).map_err(|_| corrupt("queue event"))
}

fn stored(event: &QueueEvent) -> Result<StoredQueueEvent, StoreError> {
    let day = match &event.change {
        TicketChange::Issued(issue) => issue.day.to_string(),
        // Later events belong to their ticket's day, which the ticket id's
        // issue carries; the day of the stamp is the same day at the site
        // except past midnight, where keeping one more day is harmless.
        _ => event_day(event),
    };
    Ok(StoredQueueEvent {
        event_id: event.id.as_str().to_owned(),
        day,
        body: serde_json::to_string(event).map_err(|_| corrupt("queue event"))?,
    })
}

/// The UTC day of an event's stamp, one day early at most at a site east of
/// UTC: an event is then loaded a day longer than needed, never too short.
fn event_day(event: &QueueEvent) -> String {
    courtdesk_queue::SiteClock {
        utc_offset_minutes: -14 * 60,
    }
    .day(event.hlc.wall_ms)
    .to_string()
}
