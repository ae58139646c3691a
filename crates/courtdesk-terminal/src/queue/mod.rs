//! The hall's queue at this terminal: the `[queue]` settings, the merged
//! events, and what each mode's screen is shown.

pub(crate) mod announce;
pub(crate) mod book;
pub(crate) mod leases;
pub(crate) mod settings;
pub(crate) mod speaker;
pub(crate) mod views;

pub use settings::{QueueSettings, QueueSettingsError, ServiceSetting};
pub use views::{DispenseView, Priority, ServiceName};
