//! The running terminal: its configuration, its store and its identity.

use courtdesk_devices::id_card::{IdCardReader, SimulatedCardReader};

use crate::identity::staff::StaffDesk;
use crate::identity::visit::Visit;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use courtdesk_core::TerminalId;
use courtdesk_store::{Store, StoreError, TerminalIdentity};

use crate::TerminalConfig;
use crate::api::{ApiError, ErrorCode};
use crate::queue::announce::Announcements;
use crate::queue::book::QueueBook;
use crate::queue::leases::LeaseNeeds;
use crate::queue::speaker::Speaker;
use crate::sync::SyncLink;

/// The database file's name inside the data folder.
const DATABASE_FILE: &str = "terminal.sqlite3";

/// The terminal behind the window. The Tauri shell holds one in its state and
/// delegates every command to it.
#[derive(Debug)]
pub struct Terminal {
    config: TerminalConfig,
    store: Arc<Store>,
    identity: TerminalIdentity,
    queue: Option<QueueBook>,
    announcements: Announcements,
    speaker: Speaker,
    sync: Option<SyncLink>,
    visit: Visit,
    staff_desk: StaffDesk,
    card_reader: Option<Box<dyn IdCardReader>>,
    intake: crate::intake::IntakeDesk,
    locker: Option<crate::intake::locker::KioskLocker>,
}

/// The terminal could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the configuration's {0}")]
    Queue(#[from] crate::queue::QueueSettingsError),
    #[error("the configuration's {0}")]
    Identity(#[from] crate::identity::settings::IdentitySettingsError),
    #[error("the configuration's {0}")]
    Intake(#[from] crate::intake::IntakeSettingsError),
    #[error("the configuration's {0}")]
    Locker(#[from] crate::intake::locker::LockerSettingsError),
}

impl Terminal {
    /// Opens the terminal's database in its data folder, makes sure the
    /// terminal has its permanent identity, and starts syncing with the
    /// central server if the terminal is enrolled.
    pub fn start(config: TerminalConfig) -> Result<Terminal, StartError> {
        let data_dir = config.data_dir();
        std::fs::create_dir_all(&data_dir).map_err(|source| StartError::DataDir {
            path: data_dir.clone(),
            source,
        })?;
        let store = Arc::new(Store::open(&data_dir.join(DATABASE_FILE))?);
        let candidate = TerminalId::from_bits(uuid::Uuid::new_v4().as_u128());
        let identity = store.ensure_identity(candidate, unix_millis(SystemTime::now()))?;
        tracing::info!(
            terminal_id = %identity.terminal_id,
            mode = %config.mode,
            "terminal started"
        );
        config.identity.check()?;
        config.intake.check()?;
        if let Some(locker) = &config.locker {
            locker.check(config.mode)?;
        }
        let hall = config.queue.hall()?;
        let queue = QueueBook::open(&store, hall, identity.terminal_id.clone(), now_ms())?;
        let leases = (config.mode == courtdesk_core::Mode::Kiosk).then(|| LeaseNeeds {
            kiosk: identity.terminal_id.clone(),
            services: queue
                .hall
                .services
                .iter()
                .map(|s| s.service.clone())
                .collect(),
            clock: queue.hall.clock,
        });
        let sync = SyncLink::start(&store, leases);
        let speaker = if config.mode == courtdesk_core::Mode::Display && queue.hall.speak {
            Speaker::start()
        } else {
            Speaker::default()
        };
        let card_reader =
            config
                .identity
                .card_reader_simulator
                .as_ref()
                .map(|file| -> Box<dyn IdCardReader> {
                    Box::new(SimulatedCardReader::new(config.resolve_path(file)))
                });
        let staff_desk = StaffDesk::new(config.identity.staff_idle());
        crate::intake::retention::seal_plain_files_logged(&store, &data_dir);
        crate::intake::retention::sweep_logged(&store, &data_dir, config.intake.retention_days);
        crate::intake::saved::sweep_logged(&store, &data_dir, config.intake.draft_keep_days);
        let locker = config.locker.as_ref().map(|settings| {
            crate::intake::locker::KioskLocker::new(settings, |path| config.resolve_path(path))
        });
        Ok(Terminal {
            locker,
            visit: Visit::open(&data_dir),
            staff_desk,
            card_reader,
            intake: crate::intake::IntakeDesk::default(),
            config,
            store,
            identity,
            queue: Some(queue),
            announcements: Announcements::default(),
            speaker,
            sync,
        })
    }

    pub fn config(&self) -> &TerminalConfig {
        &self.config
    }

    pub fn id(&self) -> &TerminalId {
        &self.identity.terminal_id
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// The store shared with work that runs on the sync link's runtime.
    pub(crate) fn store_arc(&self) -> Arc<Store> {
        Arc::clone(&self.store)
    }

    pub(crate) fn sync_link(&self) -> Option<&SyncLink> {
        self.sync.as_ref()
    }

    pub(crate) fn visit(&self) -> &Visit {
        &self.visit
    }

    pub(crate) fn staff_desk(&self) -> &StaffDesk {
        &self.staff_desk
    }

    pub(crate) fn card_reader(&self) -> Option<&dyn IdCardReader> {
        self.card_reader.as_deref()
    }

    pub(crate) fn intake(&self) -> &crate::intake::IntakeDesk {
        &self.intake
    }

    /// The kiosk's locker, if `[locker]` sets one up.
    pub(crate) fn locker(&self) -> Option<&crate::intake::locker::KioskLocker> {
        self.locker.as_ref()
    }

    pub(crate) fn queue(&self) -> Option<&QueueBook> {
        self.queue.as_ref()
    }

    /// The CUPS queue this terminal prints on (the hall's `printer`), or
    /// `print_failed` with detail `no_printer` when none is configured.
    pub(crate) fn printer_queue(&self) -> Result<String, ApiError> {
        self.queue()
            .and_then(|book| book.hall.printer.clone())
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::PrintFailed,
                    "this terminal has no printer configured",
                )
                .with_detail("no_printer")
            })
    }

    /// The site's clock: its offset from UTC, China's without a queue set up.
    pub(crate) fn site_clock(&self) -> courtdesk_queue::SiteClock {
        self.queue()
            .map_or(courtdesk_queue::SiteClock::CHINA, |book| book.hall.clock)
    }

    pub(crate) fn announcements(&self) -> &Announcements {
        &self.announcements
    }

    pub(crate) fn speaker(&self) -> &Speaker {
        &self.speaker
    }

    /// Asks the link to top up this kiosk's leased numbers now.
    pub(crate) fn wake_leases(&self) {
        if let Some(link) = &self.sync {
            link.sync_now();
        }
    }
}

/// The wall clock in Unix milliseconds: the terminal's one reading of it,
/// passed into the queue's rules.
pub(crate) fn now_ms() -> u64 {
    u64::try_from(unix_millis(SystemTime::now())).unwrap_or(0)
}

fn unix_millis(time: SystemTime) -> i64 {
    // A clock before 1970 is a broken clock; record it as the epoch rather
    // than refuse to start.
    time.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
