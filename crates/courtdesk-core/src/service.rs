//! The services the hall offers at a kiosk, and whether each is ready yet.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A service a litigant can start from the kiosk's home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Take a queue ticket for a service window.
    QueueTicket,
    /// Submit filing materials (document intake).
    SubmitMaterials,
    /// Receive court documents by electronic delivery.
    ReceiveDocuments,
    /// Look up the state of one's case.
    CaseEnquiry,
}

impl Service {
    /// Every kiosk service, in the order the home screen shows them: the most
    /// common errand first.
    pub const ALL: [Service; 4] = [
        Service::QueueTicket,
        Service::SubmitMaterials,
        Service::ReceiveDocuments,
        Service::CaseEnquiry,
    ];

    /// Whether this build of CourtDesk can carry the service out. A tile for
    /// a service that cannot be carried out yet is still shown, so litigants
    /// learn what the hall offers, but it explains that the service is not
    /// available at this kiosk yet and where to go instead.
    pub fn availability(self) -> Availability {
        match self {
            // Submitting and receiving begin with the litigant's identity,
            // which the kiosk verifies; what follows it is explained on the
            // screen after the check until the kiosk carries it out itself.
            Service::QueueTicket | Service::SubmitMaterials | Service::ReceiveDocuments => {
                Availability::Available
            }
            Service::CaseEnquiry => Availability::NotYetAvailable,
        }
    }
}

/// Whether a service can be started at this terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// The service can be started now.
    Available,
    /// The service is not offered at this kiosk yet; the litigant is pointed
    /// to a service window.
    NotYetAvailable,
}

/// One tile on the kiosk's home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceTile {
    pub service: Service,
    pub availability: Availability,
}

/// The tiles of the kiosk's home screen, in display order.
pub fn kiosk_services() -> Vec<ServiceTile> {
    Service::ALL
        .into_iter()
        .map(|service| ServiceTile {
            service,
            availability: service.availability(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kiosk_offers_the_four_services_of_the_hall_in_order() {
        let services: Vec<Service> = kiosk_services().iter().map(|t| t.service).collect();
        assert_eq!(services, Service::ALL.to_vec());
    }

    #[test]
    fn each_tile_reports_its_service_availability() {
        for tile in kiosk_services() {
            assert_eq!(tile.availability, tile.service.availability());
        }
    }

    #[test]
    fn services_serialize_as_the_catalog_key_the_ui_uses() {
        let json = serde_json::to_string(&Service::SubmitMaterials).expect("serializes");
        assert_eq!(json, "\"submit_materials\"");
    }
}
