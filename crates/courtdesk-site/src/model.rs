//! The configuration of one site (a service hall) of a court, as the server
//! keeps it and every terminal of the site runs it.
//!
//! Fields serialize in the order they are declared, and every collection
//! whose order carries no meaning is a sorted set or map, so one
//! configuration has one serialized form; lists (services, windows...) keep
//! the order the administrator gave, which is the order screens show them in.
//! Unknown fields are refused: a terminal must not run a hall with settings it
//! does not understand.

use std::collections::BTreeSet;

use courtdesk_queue::{
    LocalTime, OpeningHours, OutcomeCode, PriorityClass, QueueServiceId, ServiceDay, SiteClock,
    TicketPrefix, WindowId,
};
use serde::{Deserialize, Serialize};

use crate::{DepartmentId, DisputeType, Names, OrganizationId};

/// One site's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub court_id: String,
    pub site_id: String,
    /// The hall's name, printed on tickets.
    pub name: Names,
    /// Minutes east of UTC (480 for China all year); the service day, and so
    /// the numbering, restarts at local midnight.
    pub utc_offset_minutes: i32,
    pub services: Vec<ServiceConfig>,
    pub windows: Vec<WindowConfig>,
    /// The codes a clerk records when finishing a ticket.
    pub outcome_codes: Vec<OutcomeCodeConfig>,
    /// Where a submission may be forwarded.
    pub departments: Vec<Department>,
    pub mediation_organizations: Vec<MediationOrganization>,
    pub thresholds: Thresholds,
}

impl SiteConfig {
    /// The site's clock, as the queue crate computes service days with it.
    pub fn clock(&self) -> SiteClock {
        SiteClock {
            utc_offset_minutes: self.utc_offset_minutes,
        }
    }

    pub fn service(&self, id: &QueueServiceId) -> Option<&ServiceConfig> {
        self.services.iter().find(|service| &service.id == id)
    }

    pub fn window(&self, number: WindowId) -> Option<&WindowConfig> {
        self.windows.iter().find(|window| window.number == number)
    }
}

/// Whether a service dispenses tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceState {
    Active,
    /// Stopped for a while by a supervisor (a window short of staff); the
    /// kiosk says it will resume.
    Paused,
    /// Stopped by the administrator until further notice.
    Locked,
    /// No longer offered. Kept, never deleted, once records refer to it.
    Retired,
}

impl ServiceState {
    /// Whether kiosks must stop dispensing: every state but `Active`.
    pub fn stops_dispensing(self) -> bool {
        self != ServiceState::Active
    }
}

/// A span of the day in which appointments can be booked, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppointmentSlot {
    pub from: LocalTime,
    pub to: LocalTime,
    /// How many appointments the slot takes on one day.
    pub capacity: u32,
}

/// One service of the hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    pub id: QueueServiceId,
    /// The letter its ticket numbers start with (`A` in `A017`).
    pub letter: TicketPrefix,
    pub name: Names,
    /// The minutes a ticket is expected to take, until the service's own
    /// serving times are known.
    pub expected_minutes: u32,
    /// When tickets are dispensed, per weekday (several spans a day).
    pub hours: OpeningHours,
    /// Days closed whatever the weekday (public holidays).
    pub holidays: BTreeSet<ServiceDay>,
    /// Days open whatever the weekday (the weekends China makes working days
    /// around a long holiday), with the hours of a Monday.
    pub extra_working_days: BTreeSet<ServiceDay>,
    /// At most this many tickets a day (voided ones do not count).
    pub daily_quota: Option<u32>,
    /// The priority classes a kiosk offers for this service, besides normal.
    pub priority_classes: BTreeSet<PriorityClass>,
    /// The outcome codes a clerk may record for this service's tickets; each
    /// must be one of the site's codes.
    pub outcome_codes: BTreeSet<OutcomeCode>,
    pub appointment_slots: Vec<AppointmentSlot>,
    pub state: ServiceState,
}

/// A service window of the hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowConfig {
    /// The number painted above it, shown and announced.
    pub number: WindowId,
    pub name: Names,
    /// The services its clerks call.
    pub services: BTreeSet<QueueServiceId>,
    pub retired: bool,
}

/// A code a clerk records when finishing a ticket, and its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeCodeConfig {
    pub code: OutcomeCode,
    pub name: Names,
    pub retired: bool,
}

/// A department of the court a submission may be forwarded to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub id: DepartmentId,
    pub name: Names,
    pub retired: bool,
}

/// What kind of body a mediation organization is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    /// 人民调解委员会.
    PeoplesMediationCommittee,
    /// 行业性、专业性调解组织.
    Industry,
    /// 特邀调解组织.
    InvitedOrganization,
    /// 特邀调解员, a person the court invites.
    InvitedMediator,
}

/// A mediation organization the court refers disputes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediationOrganization {
    pub id: OrganizationId,
    pub name: Names,
    pub kind: OrganizationKind,
    /// The dispute types it takes on.
    pub case_types: BTreeSet<DisputeType>,
    pub retired: bool,
}

/// The limits past which a supervisor's screen marks an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// A ticket waiting longer is marked as a long wait.
    pub long_wait_minutes: u32,
    /// A submission awaiting review longer is marked overdue.
    pub review_overdue_hours: u32,
    /// The wait the statistics count as met.
    pub target_wait_minutes: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            long_wait_minutes: 30,
            review_overdue_hours: 24,
            target_wait_minutes: 20,
        }
    }
}
