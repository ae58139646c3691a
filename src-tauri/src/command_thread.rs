//! The thread the terminal's commands run on.
//!
//! A command never runs on the main thread: that thread draws the window and
//! carries every IPC message, so a scan, a print job, a 50 MB file or a call
//! to the court server would freeze the screen while it lasts. Each command
//! is sent instead to one thread of its own, which runs them one at a time in
//! the order they arrived, as the main thread did before: the terminal's
//! steps (a draft changed, a visit cleared) never interleave.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc;

use courtdesk_terminal::{ApiError, ErrorCode, Terminal};
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce(&Terminal) + Send>;

/// The terminal and the thread its commands run on; managed as Tauri state.
pub struct CommandThread {
    terminal: Arc<Terminal>,
    jobs: mpsc::Sender<Job>,
}

impl CommandThread {
    /// Starts the thread, which lives as long as the process.
    pub fn start(terminal: Terminal) -> std::io::Result<CommandThread> {
        let terminal = Arc::new(terminal);
        let (jobs, arrived) = mpsc::channel::<Job>();
        let own = Arc::clone(&terminal);
        std::thread::Builder::new()
            .name("courtdesk-commands".to_owned())
            .spawn(move || {
                for job in arrived {
                    // A command that panics answers `internal` (its answer is
                    // dropped unsent) and the thread goes on with the next.
                    if catch_unwind(AssertUnwindSafe(|| job(&own))).is_err() {
                        tracing::error!("a command panicked");
                    }
                }
            })?;
        Ok(CommandThread { terminal, jobs })
    }

    /// The terminal, for what is not a command (the window's settings, tests).
    pub fn terminal(&self) -> &Terminal {
        &self.terminal
    }

    /// Runs `work` on the command thread after the commands sent before it,
    /// and resolves with its answer.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Terminal) -> Result<T, ApiError> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |terminal| {
            // The page may have gone; then nobody waits for the answer.
            let _ = answer.send(work(terminal));
        });
        self.jobs.send(job).map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }
}

impl std::fmt::Debug for CommandThread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommandThread").finish_non_exhaustive()
    }
}

fn stopped() -> ApiError {
    ApiError::new(ErrorCode::Internal, "the command did not finish")
}
