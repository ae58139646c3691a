//! The terminal application behind the window, free of any UI toolkit.
//!
//! `src-tauri` is a thin shell around this crate: it parses nothing, decides
//! nothing and stores nothing itself. Everything a command does happens here,
//! so it can be tested without a window.

pub mod api;
mod args;
pub mod bindings;
pub mod commands;
mod config;
pub mod delivery;
pub mod identity;
pub mod intake;
mod logging;
pub mod navigation;
mod printing;
pub mod queue;
mod site_config;
mod sync;
mod terminal;

pub use api::{ApiError, ErrorCode};
pub use args::{Args, ArgsError, USAGE};
pub use config::{
    CONFIG_ENV, ConfigError, ConfigLocation, ConfigSource, DEFAULT_CONFIG_FILE, TerminalConfig,
    default_data_dir,
};
pub use logging::{LogGuard, LoggingError, init_logging};
pub use terminal::{StartError, Terminal};
