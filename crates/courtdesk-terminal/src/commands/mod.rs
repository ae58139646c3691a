//! One module per command the UI calls: its input, its output and its action
//! side by side.

pub mod delivery_desk;
pub mod delivery_kiosk;
pub mod identity_kiosk;
pub mod intake_cases;
pub mod intake_desk;
pub mod intake_kiosk;
pub mod intake_locker;
pub mod intake_pages;
pub mod intake_saved;
pub mod kiosk_services;
pub mod queue_appointment;
pub mod queue_desk;
pub mod queue_display;
pub mod queue_kiosk;
pub mod set_locale;
pub mod staff_session;
pub mod sync_status;
pub mod terminal_info;
