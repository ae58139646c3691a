//! The terminal's link to the central court server. It runs only on an
//! enrolled terminal (enrollment is done by court IT with
//! `courtdesk-terminal-cli enroll`), on a one-thread runtime of its own, so a
//! terminal that is not enrolled pays nothing for it.

use std::sync::Arc;
use std::time::Duration;

use courtdesk_store::Store;
use courtdesk_sync::{Central, Drain, DrainHandle, Schedule, SyncStatus, enrolled_central};
use tokio::runtime::Runtime;
use tokio::sync::Notify;

use crate::queue::leases::{LeaseNeeds, top_up};

/// How often a kiosk checks its numbers when nothing wakes it sooner.
const LEASE_CHECK: Duration = Duration::from_secs(30);

/// The running background drain and the runtime it runs on.
#[derive(Debug)]
pub(crate) struct SyncLink {
    handle: DrainHandle,
    leases: Arc<Notify>,
    site_config: Arc<Notify>,
    central: Central,
    // Dropped after the handle: stopping the runtime ends the drain task.
    runtime: Runtime,
}

impl SyncLink {
    /// Starts the drain if the terminal is enrolled. A terminal that cannot
    /// reach its configuration (say, a damaged enrollment) keeps working
    /// offline: its records stay in the outbox and the reason is logged.
    pub(crate) fn start(store: &Arc<Store>, leases: Option<LeaseNeeds>) -> Option<SyncLink> {
        match store.enrollment() {
            Ok(Some(_)) => {}
            Ok(None) => return None,
            Err(error) => {
                tracing::error!(%error, "cannot read the enrollment; sync stays off");
                return None;
            }
        }
        let central = match enrolled_central(store) {
            Ok(central) => central,
            Err(error) => {
                tracing::error!(%error, "cannot set up the server link; sync stays off");
                return None;
            }
        };
        let runtime = match tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("courtdesk-sync")
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(error) => {
                tracing::error!(%error, "cannot start the sync runtime; sync stays off");
                return None;
            }
        };
        let wake = Arc::new(Notify::new());
        if let Some(needs) = leases {
            runtime.spawn(keep_leased(
                Arc::clone(store),
                central.clone(),
                needs,
                Arc::clone(&wake),
            ));
        }
        let site_config = Arc::new(Notify::new());
        runtime.spawn(crate::site_config::keep_in_step(
            Arc::clone(store),
            central.clone(),
            Arc::clone(&site_config),
        ));
        let drain = Drain::new(Arc::clone(store), central.clone());
        let handle = {
            let _entered = runtime.enter();
            // Every mode listens: desks and the display must see calls at
            // once, kiosks the waiting counts they print.
            drain.spawn(Schedule {
                listen: true,
                ..Schedule::default()
            })
        };
        tracing::info!("sync with the central server started");
        Some(SyncLink {
            handle,
            leases: wake,
            site_config,
            central,
            runtime,
        })
    }

    pub(crate) fn status(&self) -> SyncStatus {
        self.handle.status().borrow().clone()
    }

    pub(crate) fn sync_now(&self) {
        self.handle.sync_now();
        self.leases.notify_one();
        self.site_config.notify_one();
    }

    /// The link's client, shared with the drain (and so its clerk session).
    pub(crate) fn central(&self) -> &Central {
        &self.central
    }

    /// Sends something to the server on the link's runtime without waiting.
    pub(crate) fn spawn<F>(&self, errand: impl FnOnce(Central) -> F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        self.runtime.spawn(errand(self.central.clone()));
    }

    /// Asks the server something on the link's runtime and waits for the
    /// answer, at most `REMOTE_CALL_LIMIT`: a question a person is waiting on
    /// at the screen (a one-time code, a sign-in). Callable from any thread,
    /// including another runtime's.
    pub(crate) fn ask<T, E, F>(
        &self,
        question: impl FnOnce(Central) -> F,
    ) -> Result<Result<T, E>, Unanswered>
    where
        T: Send + 'static,
        E: Send + 'static,
        F: std::future::Future<Output = Result<T, E>> + Send + 'static,
    {
        let (answer, answered) = std::sync::mpsc::channel();
        let future = question(self.central.clone());
        self.runtime.spawn(async move {
            // The asker may have given up waiting; then nobody listens.
            let _ = answer.send(future.await);
        });
        answered
            .recv_timeout(REMOTE_CALL_LIMIT)
            .map_err(|_| Unanswered)
    }
}

/// How long a person waits at the screen for the server before the terminal
/// says it cannot reach it.
const REMOTE_CALL_LIMIT: Duration = Duration::from_secs(12);

/// A question to the server got no answer in time.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the court server did not answer in time")]
pub(crate) struct Unanswered;

/// A kiosk's numbers kept topped up: at start, when woken after issuing,
/// and every half minute; a failure waits for the next turn.
async fn keep_leased(store: Arc<Store>, central: Central, needs: LeaseNeeds, wake: Arc<Notify>) {
    loop {
        match top_up(&store, &central, &needs, crate::terminal::now_ms()).await {
            Ok(0) => {}
            Ok(blocks) => tracing::debug!(blocks, "numbers topped up"),
            Err(error) => tracing::warn!(%error, "could not top up the ticket numbers"),
        }
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(LEASE_CHECK) => {}
        }
    }
}
