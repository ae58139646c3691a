//! What the configuration rules need beyond the configuration, read from
//! the site's synced queue events and its version history.
//!
//! - Tickets issued today per service: `issued` events of today's service
//!   day (by the new configuration's clock) whose ticket was not voided.
//! - Letters printed today: from the version history
//!   ([`courtdesk_site::effective_letters`]).
//! - Ids records refer to: the services tickets were issued to or
//!   transferred to, the windows that called or took a transfer, the
//!   outcome codes recorded. Departments and mediation organizations are
//!   not read yet: the records that name them (forwarded submissions,
//!   mediations) do not carry a site configuration's ids today, so none is
//!   passed and they may be deleted while no record can name them.

use std::collections::{BTreeMap, BTreeSet};

use courtdesk_protocol::rights;
use courtdesk_queue::{QueueEvent, TicketChange, TicketId};
use courtdesk_site::{ReferencedIds, SiteConfig, SiteConfigVersion, ValidationContext};

use crate::store::{CentralStore, RecordQuery, StoreError};

/// The context for `config` as a new version of the site at `now_ms`.
pub(super) fn read(
    store: &dyn CentralStore,
    config: &SiteConfig,
    history: &[SiteConfigVersion],
    now_ms: u64,
) -> Result<ValidationContext, StoreError> {
    let today = config.clock().day(now_ms);
    // Every queue event of the site: what records refer to may be old.
    let source = store.report_source(&RecordQuery {
        court_id: config.court_id.clone(),
        site_id: Some(config.site_id.clone()),
        kinds: vec![rights::QUEUE_EVENT.into()],
        from_ms: 0,
        until_ms: u64::MAX,
    })?;
    let mut referenced = ReferencedIds::default();
    let mut issued: BTreeMap<TicketId, courtdesk_queue::QueueServiceId> = BTreeMap::new();
    let mut voided: BTreeSet<TicketId> = BTreeSet::new();
    for record in &source.records {
        // An unreadable body was refused nowhere else either; the report
        // counts it, and it names nothing the rules could keep.
        let Ok(event) = serde_json::from_str::<QueueEvent>(&record.body) else {
            continue;
        };
        match event.change {
            TicketChange::Issued(issue) => {
                referenced.services.insert(issue.service.clone());
                if issue.day == today {
                    issued.insert(event.ticket, issue.service);
                }
            }
            TicketChange::Called { window, .. } => {
                referenced.windows.insert(window);
            }
            TicketChange::Transferred { service, window } => {
                referenced.services.insert(service);
                referenced.windows.extend(window);
            }
            TicketChange::Finished { outcome } => {
                referenced.outcome_codes.insert(outcome);
            }
            TicketChange::Voided => {
                voided.insert(event.ticket);
            }
            _ => {}
        }
    }
    let mut issued_today = BTreeMap::new();
    for (ticket, service) in issued {
        if !voided.contains(&ticket) {
            *issued_today.entry(service).or_insert(0u32) += 1;
        }
    }
    Ok(ValidationContext {
        issued_today,
        letters_today: courtdesk_site::effective_letters(history, today),
        referenced,
    })
}
