//! `kiosk_services`: the tiles of the kiosk's home screen.

use courtdesk_core::{ServiceTile, kiosk_services};

use crate::{ApiError, Terminal};

impl Terminal {
    pub fn kiosk_services(&self) -> Result<Vec<ServiceTile>, ApiError> {
        Ok(kiosk_services())
    }
}
