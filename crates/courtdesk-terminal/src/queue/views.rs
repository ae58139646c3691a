//! What the screens are shown of the queue, shaped for them and generated
//! into TypeScript.

use courtdesk_queue::{Dispense, LocalMoment, PriorityClass, Ticket};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::settings::{Hall, HallService};

/// A service's names, as every screen shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ServiceName {
    pub id: String,
    pub prefix: String,
    pub name_zh: String,
    pub name_en: String,
}

impl ServiceName {
    pub(crate) fn of(service: &HallService) -> ServiceName {
        ServiceName {
            id: service.service.id.to_string(),
            prefix: service.service.prefix.as_char().to_string(),
            name_zh: service.name_zh.clone(),
            name_en: service.name_en.clone(),
        }
    }

    /// The names of the service a ticket waits in, or its bare id when the
    /// settings no longer list it.
    pub(crate) fn of_ticket(hall: &Hall, ticket: &Ticket) -> ServiceName {
        hall.service(&ticket.service).map_or_else(
            || ServiceName {
                id: ticket.service.to_string(),
                prefix: String::new(),
                name_zh: ticket.service.to_string(),
                name_en: ticket.service.to_string(),
            },
            ServiceName::of,
        )
    }
}

/// Whether a kiosk may dispense a service's tickets now, and when it may
/// again (site-local `YYYY-MM-DD HH:MM`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DispenseView {
    Open,
    Closed { reopens: Option<String> },
    QuotaReached { next_open: Option<String> },
    Locked,
}

fn moment(moment: Option<LocalMoment>) -> Option<String> {
    moment.map(|m| m.to_string())
}

impl From<Dispense> for DispenseView {
    fn from(dispense: Dispense) -> Self {
        match dispense {
            Dispense::Open => DispenseView::Open,
            Dispense::Closed { reopens } => DispenseView::Closed {
                reopens: moment(reopens),
            },
            Dispense::QuotaReached { next_open } => DispenseView::QuotaReached {
                next_open: moment(next_open),
            },
            Dispense::Locked => DispenseView::Locked,
        }
    }
}

/// Who goes ahead of the normal queue, as the kiosk offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Normal,
    Elderly,
    Disabled,
    Pregnant,
}

impl From<Priority> for PriorityClass {
    fn from(priority: Priority) -> Self {
        match priority {
            Priority::Normal => PriorityClass::Normal,
            Priority::Elderly => PriorityClass::Elderly,
            Priority::Disabled => PriorityClass::Disabled,
            Priority::Pregnant => PriorityClass::Pregnant,
        }
    }
}

impl From<PriorityClass> for Priority {
    fn from(priority: PriorityClass) -> Self {
        match priority {
            PriorityClass::Normal => Priority::Normal,
            PriorityClass::Elderly => Priority::Elderly,
            PriorityClass::Disabled => Priority::Disabled,
            PriorityClass::Pregnant => Priority::Pregnant,
        }
    }
}
