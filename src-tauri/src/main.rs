//! The `courtdesk` terminal binary: reads the command line and configuration,
//! starts logging and the terminal, and hands over to the window.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use courtdesk_terminal::{
    Args, CONFIG_ENV, ConfigLocation, Terminal, TerminalConfig, USAGE, default_data_dir,
    init_logging,
};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Logging may not be set up yet, so the reason goes to stderr too.
            eprintln!("courtdesk: {error:#}");
            tracing::error!(error = format!("{error:#}"), "courtdesk could not start");
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<()> {
    let config_flag = match Args::parse(std::env::args_os().skip(1))? {
        Args::Run { config } => config,
        Args::Help => return print(USAGE),
        Args::Version => return print(&format!("courtdesk {}\n", env!("CARGO_PKG_VERSION"))),
    };
    let location = ConfigLocation::resolve(
        config_flag,
        std::env::var_os(CONFIG_ENV),
        default_data_dir(),
    )?;
    let placement = window_placement()?;
    let config = TerminalConfig::load(&location)?;
    let _logs =
        init_logging(&config.data_dir(), config.log_level).context("setting up the log files")?;
    tracing::info!(
        config = %location.path.display(),
        chosen_by = %location.source,
        "configuration read"
    );
    let terminal = Terminal::start(config).context("starting the terminal")?;
    let app = courtdesk_app::build_placed_app(
        tauri::Builder::default(),
        terminal,
        courtdesk_app::context(),
        placement,
    )
    .context("opening the window")?;
    app.run(|_, _| {});
    Ok(())
}

/// The window's place from `COURTDESK_WINDOW`, for trying several terminals on
/// one screen; unset in a hall.
fn window_placement() -> anyhow::Result<Option<courtdesk_app::Placement>> {
    let Some(value) = std::env::var_os(courtdesk_app::WINDOW_ENV) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    Ok(Some(text.parse()?))
}

fn print(text: &str) -> anyhow::Result<()> {
    std::io::stdout()
        .write_all(text.as_bytes())
        .context("writing to standard output")
}
