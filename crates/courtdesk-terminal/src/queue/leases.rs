//! Keeping a kiosk supplied with ticket numbers: whenever it holds fewer
//! than the low-water mark of a service's numbers for today, it leases the
//! next block from the server, so that cut off later it still issues unique
//! numbers for a while.
//!
//! A lease request's id is stored before the request is sent and forgotten
//! in the transaction that keeps the granted block, so a request whose
//! answer was lost is asked again under the same id and the server answers
//! with the same block: no numbers are lost to a dropped reply.

use courtdesk_core::TerminalId;
use courtdesk_protocol::api::LeaseRequest;
use courtdesk_protocol::record::RecordId;
use courtdesk_queue::{NumberBlock, QueueService, SiteClock};
use courtdesk_store::{Store, StoreError, queue_value};
use courtdesk_sync::{Central, SyncError};

use crate::commands::queue_kiosk::{KIOSK_NUMBERS, parse_numbers, save_numbers, stored_numbers};

/// What a kiosk needs to lease its numbers.
#[derive(Debug, Clone)]
pub(crate) struct LeaseNeeds {
    pub(crate) kiosk: TerminalId,
    pub(crate) services: Vec<QueueService>,
    pub(crate) clock: SiteClock,
}

/// Why topping up stopped.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LeaseFailure {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sync(#[from] SyncError),
}

fn request_name(service: &QueueService, day: &str) -> String {
    format!("lease_request:{}:{day}", service.id)
}

/// Leases a block for every service running low today; returns how many
/// blocks were taken in.
pub(crate) async fn top_up(
    store: &Store,
    central: &Central,
    needs: &LeaseNeeds,
    now_ms: u64,
) -> Result<usize, LeaseFailure> {
    let day = needs.clock.day(now_ms);
    let mut leased = 0;
    for service in &needs.services {
        let mut numbers = stored_numbers(store, &needs.kiosk)?;
        numbers.forget_before(day);
        if !numbers.wants_lease(&service.id, day) {
            continue;
        }
        let name = request_name(service, &day.to_string());
        let request_id = match store.queue_value(&name)? {
            Some(id) => id,
            None => {
                let id = RecordId::from_bits(uuid::Uuid::new_v4().as_u128()).to_string();
                store.put_queue_value(&name, &id)?;
                id
            }
        };
        let grant = central
            .lease(&LeaseRequest {
                request_id,
                service: service.id.to_string(),
                day: day.to_string(),
            })
            .await?;
        let block = NumberBlock {
            service: service.id.clone(),
            day,
            kiosk: needs.kiosk.clone(),
            start: grant.start,
            end: grant.end,
        };
        store.write_recorded(i64::try_from(now_ms).unwrap_or(i64::MAX), |recorder| {
            let conn = recorder.connection();
            // Read again inside the transaction: a ticket may have been
            // issued while the request was out.
            let mut numbers = parse_numbers(queue_value(conn, KIOSK_NUMBERS)?, &needs.kiosk)?;
            numbers.forget_before(day);
            if let Err(error) = numbers.accept(block.clone()) {
                tracing::error!(%error, "a leased block was refused; its request is dropped");
            }
            save_numbers(conn, &numbers)?;
            conn.execute("DELETE FROM queue_values WHERE name = ?1", [&name])?;
            Ok(())
        })?;
        tracing::info!(service = %service.id, %day, start = block.start, end = block.end, "ticket numbers leased");
        leased += 1;
    }
    Ok(leased)
}
