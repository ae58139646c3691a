//! The drain: moves the outbox to the server and the server's changes to the
//! inbox. One pass pushes batches until the outbox is empty, then pulls
//! pages until the server has nothing more. The background task repeats
//! passes, backing off after failures; because the outbox is durable, a
//! restarted terminal simply carries on where it stopped.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use courtdesk_protocol::api::{PushOutcome, PushRequest};
use courtdesk_protocol::record::RecordId;
use courtdesk_store::Store;
use tokio::sync::{Notify, oneshot, watch};
use tokio::task::JoinHandle;

use crate::{Backoff, Central, SyncError, SyncStatus, UploadProgress, now_ms};

/// How many records one push carries.
pub const PUSH_BATCH: usize = 200;
/// How many changes one pull asks for.
pub const PULL_PAGE: usize = 500;

/// What one successful pass moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainReport {
    pub sent: u64,
    /// Blobs the server verified in this pass.
    pub uploaded: u64,
    pub pulled: u64,
}

/// When the background task runs a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// After a failure.
    pub backoff: Backoff,
    /// After a success, unless woken sooner: keeps pulls flowing when the
    /// terminal itself records nothing.
    pub idle: Duration,
    /// After a success, hold a pull open at the server instead of sleeping,
    /// so another terminal's change arrives within moments (the hall
    /// display, the desks).
    pub listen: bool,
}

/// How long one held-open pull waits at the server; below the client's
/// request timeout.
const LISTEN_WAIT: Duration = Duration::from_secs(15);

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            backoff: Backoff::default(),
            idle: Duration::from_secs(30),
            listen: false,
        }
    }
}

/// The outbox, the server it drains to, and the status it publishes.
///
/// Store calls are made directly from the async code: each is one short local
/// SQLite transaction, far shorter than the network exchanges around it.
#[derive(Debug)]
pub struct Drain {
    store: Arc<Store>,
    central: Central,
    status: watch::Sender<SyncStatus>,
}

impl Drain {
    pub fn new(store: Arc<Store>, central: Central) -> Drain {
        let (status, _) = watch::channel(SyncStatus::default());
        let drain = Drain {
            store,
            central,
            status,
        };
        drain.publish(|_| {});
        drain
    }

    /// The status channel; every change of status is published on it.
    pub fn status(&self) -> watch::Receiver<SyncStatus> {
        self.status.subscribe()
    }

    /// One pass: push everything queued, then pull everything new. The
    /// outcome is remembered in the store and published as the status.
    pub async fn pass(&self) -> Result<DrainReport, SyncError> {
        self.status.send_modify(|s| {
            s.draining = true;
            s.sent_this_drain = 0;
        });
        let result = self.exchange().await;
        let noted = match &result {
            Ok(_) => self.store.note_sync_success(now_ms()),
            Err(error) => self.store.note_sync_failure(error.code()),
        };
        if let Err(error) = noted {
            tracing::warn!(%error, "could not remember the sync outcome");
        }
        match &result {
            Ok(report) => tracing::info!(
                sent = report.sent,
                uploaded = report.uploaded,
                pulled = report.pulled,
                "drained"
            ),
            Err(error) => tracing::warn!(code = error.code(), %error, "drain failed"),
        }
        let online = result.is_ok();
        self.publish(|s| {
            s.online = online;
            s.draining = false;
        });
        result
    }

    async fn exchange(&self) -> Result<DrainReport, SyncError> {
        let mut report = DrainReport::default();
        loop {
            let batch = self.store.outbox_batch(PUSH_BATCH)?;
            if batch.is_empty() {
                break;
            }
            let pushed: HashSet<RecordId> = batch.records.iter().map(|r| r.id.clone()).collect();
            let request = PushRequest {
                records: batch.records,
                audit: batch.audit,
            };
            let answer = self.central.push(&request).await?;
            let answered: Vec<RecordId> = answer
                .outcomes
                .into_iter()
                .map(|outcome| match outcome {
                    PushOutcome::Applied { id, .. } | PushOutcome::Duplicate { id, .. } => id,
                })
                .filter(|id| pushed.contains(id))
                .collect();
            self.store.mark_delivered(&answered)?;
            self.store.observe_hlc(answer.server_hlc, now_ms())?;
            report.sent += answered.len() as u64;
            self.publish(|s| s.sent_this_drain = report.sent);
            // A server that answers for only part of a batch would otherwise
            // be sent the same records forever in this pass.
            if answered.len() < pushed.len() {
                return Err(SyncError::IncompleteAnswer);
            }
        }
        report.uploaded = self.upload_blobs().await?;
        loop {
            let cursor = self.store.sync_state()?.pull_cursor;
            let mut page = self.central.pull(cursor, PULL_PAGE).await?;
            // The server enforces the matrix at push; a record it passes on
            // that the matrix does not allow from its origin's mode is not
            // believed here either (the cursor still moves past it).
            page.changes.retain(|change| {
                let believed = change.origin_mode.is_none_or(|mode| {
                    courtdesk_protocol::rights::may_originate(mode, &change.record.kind)
                });
                if !believed {
                    tracing::warn!(seq = change.seq, kind = %change.record.kind, origin = %change.origin, "pulled record refused: its origin's mode may not make it");
                }
                believed
            });
            self.store
                .store_pulled(&page.changes, page.cursor, now_ms())?;
            self.store.observe_hlc(page.server_hlc, now_ms())?;
            report.pulled += page.changes.len() as u64;
            if !page.more || page.cursor <= cursor {
                break;
            }
        }
        Ok(report)
    }

    /// Uploads every queued blob, oldest first, publishing the progress of
    /// the one in flight. A blob is marked verified only on the server's
    /// word; bytes the server refuses for good, or a file that is gone, are
    /// set aside so they do not stop the blobs behind them.
    async fn upload_blobs(&self) -> Result<u64, SyncError> {
        let pending = self.store.pending_blobs()?;
        let seal = self.store.seal_key();
        let mut uploaded = 0;
        for (index, blob) in pending.iter().enumerate() {
            let files_left = (pending.len() - index) as u64;
            let progress = |sent: u64, total: u64| {
                self.status.send_modify(|s| {
                    s.upload = Some(UploadProgress {
                        sent_bytes: sent,
                        total_bytes: total,
                        files_left,
                    });
                });
            };
            // Every file a terminal keeps is sealed under its store's key; a
            // plain one left by an earlier version is read as it is.
            let outcome = self
                .central
                .upload_sealed_blob(&blob.path, &seal, blob.sha256, progress)
                .await;
            self.status.send_modify(|s| s.upload = None);
            match outcome {
                Ok(_) => {
                    self.store.mark_blob_verified(&blob.sha256, now_ms())?;
                    uploaded += 1;
                }
                Err(SyncError::BlobMismatch) => {
                    tracing::error!(sha256 = %blob.sha256.to_hex(), "the server refused a blob's bytes: the local file does not match its hash");
                    self.store
                        .mark_blob_refused(&blob.sha256, "blob_mismatch")?;
                }
                Err(SyncError::File(error)) if error.kind() == std::io::ErrorKind::NotFound => {
                    tracing::error!(sha256 = %blob.sha256.to_hex(), "a queued blob's file is gone");
                    self.store.mark_blob_refused(&blob.sha256, "file_missing")?;
                }
                Err(SyncError::File(error)) if error.kind() == std::io::ErrorKind::InvalidData => {
                    tracing::error!(sha256 = %blob.sha256.to_hex(), "a queued blob's sealed file fails its authentication");
                    self.store
                        .mark_blob_refused(&blob.sha256, "file_unreadable")?;
                }
                Err(error) => return Err(error),
            }
            self.publish(|_| {});
        }
        Ok(uploaded)
    }

    /// Publishes the status with the store's backlog and last outcome, after
    /// applying `change`.
    fn publish(&self, change: impl FnOnce(&mut SyncStatus)) {
        self.status.send_modify(|s| {
            change(s);
            if let Err(error) = s.refresh(&self.store) {
                tracing::warn!(%error, "could not read the sync state for the status");
            }
        });
    }

    /// Runs passes in a background task until stopped: at once, then after
    /// each pass when woken by [`SyncTrigger::sync_now`], after the idle
    /// interval, or after a backoff following a failure.
    pub fn spawn(self, schedule: Schedule) -> DrainHandle {
        let trigger = SyncTrigger(Arc::new(Notify::new()));
        let status = self.status();
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(self.run(schedule, trigger.clone(), stopped));
        DrainHandle {
            trigger,
            status,
            stop,
            task,
        }
    }

    async fn run(
        self,
        schedule: Schedule,
        trigger: SyncTrigger,
        mut stopped: oneshot::Receiver<()>,
    ) {
        let mut failures = 0u32;
        loop {
            let wait = match self.pass().await {
                Ok(_) if schedule.listen => {
                    failures = 0;
                    tokio::select! {
                        () = trigger.0.notified() => {}
                        () = self.listen() => {}
                        _ = &mut stopped => break,
                    }
                    continue;
                }
                Ok(_) => {
                    failures = 0;
                    schedule.idle
                }
                Err(error) if error.is_retryable() => {
                    failures = failures.saturating_add(1);
                    schedule.backoff.delay(failures, &mut rand::thread_rng())
                }
                // Retrying at once will not help; try again at the slowest
                // pace, or sooner when someone asks.
                Err(_) => schedule.backoff.ceiling,
            };
            tokio::select! {
                () = trigger.0.notified() => {}
                () = tokio::time::sleep(wait) => {}
                _ = &mut stopped => break,
            }
        }
    }
}

impl Drain {
    /// Returns when the server has a change for this terminal, or after the
    /// held-open pull's wait; after a failure, after a short pause, leaving
    /// the next pass to find out and back off.
    async fn listen(&self) {
        let cursor = match self.store.sync_state() {
            Ok(state) => state.pull_cursor,
            Err(_) => return,
        };
        if let Err(error) = self.central.wait_for_changes(cursor, LISTEN_WAIT).await {
            tracing::debug!(code = error.code(), "a held-open pull failed");
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

/// Wakes the drain for a pass now, e.g. right after something was recorded.
#[derive(Debug, Clone)]
pub struct SyncTrigger(Arc<Notify>);

impl SyncTrigger {
    pub fn sync_now(&self) {
        // `notify_one` keeps a permit when the drain is busy, so a request
        // made during a pass causes one more pass rather than being lost.
        self.0.notify_one();
    }
}

/// The running drain.
#[derive(Debug)]
pub struct DrainHandle {
    trigger: SyncTrigger,
    status: watch::Receiver<SyncStatus>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl DrainHandle {
    pub fn trigger(&self) -> SyncTrigger {
        self.trigger.clone()
    }

    pub fn sync_now(&self) {
        self.trigger.sync_now();
    }

    pub fn status(&self) -> watch::Receiver<SyncStatus> {
        self.status.clone()
    }

    /// Stops after the pass in progress, if any.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        if let Err(error) = self.task.await {
            tracing::warn!(%error, "the drain task ended abnormally");
        }
    }
}
