//! The statistics adapter: reads a court's synced records, deliveries and
//! desk sessions from the store, turns them into `courtdesk-stats` facts and
//! hands back that crate's [`Report`], for the `report` command, the
//! `GET /v1/reports/summary` endpoint and their CSV and XLSX exports.
//!
//! Architecture invariant: every figure is computed by `courtdesk-stats`
//! from synced records as `docs/statistics.md` defines it; this module only
//! reads and translates. It never decides what counts.
//!
//! Today each report reads the records of its period again (queue events
//! from two days before it, intake records from the start, since a
//! submission decided in the period may be old). The stored per-day
//! aggregates the stats crate is built for (`days_of`, `Report::from_days`)
//! are the next step; the figures will not change, only the cost.

mod bodies;
mod clerks;
mod definitions;
mod deliveries;
mod export;
mod request;
pub(crate) mod routes;
mod tables;

use std::collections::BTreeMap;

use courtdesk_protocol::rights;
use courtdesk_queue::{LocalMoment, LocalTime, QueueRules};
use courtdesk_stats::{Fact, Report, aggregate_days};
use serde::Serialize;

use crate::store::{CentralStore, RecordQuery, StoreError};

pub use export::{ExportError, Format, Lang, write_csv, write_xlsx};
pub use request::{DEFAULT_UTC_OFFSET_MINUTES, ReportInputError, ReportRequest};

/// How far before the period queue events are read: a ticket's life fits
/// in its service day, and one issued before midnight of the first day is
/// called on it.
const QUEUE_LOOKBACK_MS: u64 = 2 * 24 * 60 * 60 * 1000;

/// A report as the command and the endpoint give it: the stats crate's
/// [`Report`] (its fields at the top level) and what it could not count.
#[derive(Debug, Clone, Serialize)]
pub struct ReportDocument {
    #[serde(flatten)]
    pub report: Report,
    /// The site's UTC offset the days and hours were counted in.
    pub utc_offset_minutes: i32,
    /// Figures that have no source yet, and why.
    pub not_computed: Vec<NotComputed>,
    /// Records whose body could not be read as their kind, by kind. They
    /// count nowhere; a non-zero number is a bug to look into.
    pub unreadable_records: BTreeMap<String, u64>,
}

/// A section of the report left empty, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct NotComputed {
    pub section: &'static str,
    pub reason: &'static str,
}

/// The sections the server has no records for yet.
const NOT_COMPUTED: &[NotComputed] = &[
    NotComputed {
        section: "casework",
        reason: "registration and mediation are not recorded yet (issue 18): filings, the on-the-spot filing rate, mediations and judicial confirmations are empty",
    },
    NotComputed {
        section: "ratings",
        reason: "no rating records exist yet (the rating screen is still to come): satisfaction figures are empty",
    },
    NotComputed {
        section: "availability",
        reason: "the server keeps no heartbeat history or opening hours yet: terminal availability is empty",
    },
];

/// Computes the report `request` asks for from what the store holds.
/// `now_ms` decides which open electronic deliveries have expired.
pub fn compute(
    store: &dyn CentralStore,
    request: &ReportRequest,
    now_ms: u64,
) -> Result<ReportDocument, StoreError> {
    let rules = request.rules();
    let clock = rules.site;
    let start_ms = clock.epoch_ms(LocalMoment {
        day: request.period.first(),
        time: LocalTime::MIDNIGHT,
    });
    let end_ms = clock.epoch_ms(LocalMoment {
        day: request.period.last().next(),
        time: LocalTime::MIDNIGHT,
    });
    let query = |kinds: &[&str], from_ms: u64| RecordQuery {
        court_id: request.scope.court.clone(),
        site_id: request.scope.site.clone(),
        kinds: kinds.iter().map(|k| (*k).to_owned()).collect(),
        from_ms,
        until_ms: end_ms,
    };
    let queue = store.report_source(&query(
        &[rights::QUEUE_EVENT],
        start_ms.saturating_sub(QUEUE_LOOKBACK_MS),
    ))?;
    let intake = store.report_source(&query(
        &[
            rights::INTAKE_SUBMITTED,
            rights::INTAKE_DECIDED,
            rights::LOCKER_DEPOSITED,
            rights::LOCKER_COLLECTED,
        ],
        0,
    ))?;
    let mut unreadable = BTreeMap::new();
    let desks = clerks::Desks::new(&queue.sessions);
    let mut facts: Vec<Fact> = bodies::ticket_facts(
        QueueRules::default(),
        &queue.records,
        |desk, at_ms| desks.clerk_at(desk, at_ms),
        &mut unreadable,
    );
    facts.extend(bodies::intake_facts(&intake.records, &mut unreadable));
    facts.extend(deliveries::delivery_facts(store, &request.scope, now_ms)?);
    let days = aggregate_days(&rules, &facts);
    let report = Report::from_days(
        request.scope.clone(),
        request.period,
        request.grouping,
        &days,
    );
    Ok(ReportDocument {
        report,
        utc_offset_minutes: clock.utc_offset_minutes,
        not_computed: NOT_COMPUTED.to_vec(),
        unreadable_records: unreadable,
    })
}
