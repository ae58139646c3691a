//! Group commit: one thread owns the write connection and commits every
//! write that is waiting as one transaction, so 200 terminals share one
//! `fsync` instead of queueing behind 200.
//!
//! Each write runs inside its own savepoint: a write that fails is rolled
//! back alone and the others of the group still commit. A caller hears back
//! only after the group's `COMMIT` returned, so an answered write is durable
//! (`synchronous=FULL`), and a failed commit fails every write of its group.

use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::thread::JoinHandle;

use rusqlite::Connection;

use crate::store::StoreError;

/// How many writes one commit takes at most, so one group cannot hold the
/// others' answers back for long.
const MAX_GROUP: usize = 256;

/// Runs a write against the open transaction; returns what to tell its
/// caller once the commit's outcome is known.
type Job = Box<dyn FnOnce(&Connection) -> Reply + Send>;
type Reply = Box<dyn FnOnce(Result<(), &rusqlite::Error>) + Send>;

/// The handle writes are sent through. Dropping it ends the writer thread
/// after the writes already sent.
#[derive(Debug)]
pub(super) struct GroupWriter {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl GroupWriter {
    pub(super) fn start(connection: Connection) -> Result<GroupWriter, StoreError> {
        let (jobs, queue) = channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("central-writer".into())
            .spawn(move || run(&connection, &queue))
            .map_err(|source| StoreError::Thread { source })?;
        Ok(GroupWriter {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Runs `write` in the next group and waits until that group committed.
    /// An `Err` from `write` rolls back only what `write` did.
    pub(super) fn write<T: Send + 'static>(
        &self,
        write: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (answer, answered) = sync_channel::<Result<T, StoreError>>(1);
        let job: Job = Box::new(move |connection| job(connection, write, answer));
        self.jobs
            .as_ref()
            .ok_or(StoreError::WriterGone)?
            .send(job)
            .map_err(|_| StoreError::WriterGone)?;
        answered.recv().map_err(|_| StoreError::WriterGone)?
    }
}

impl Drop for GroupWriter {
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn job<T: Send + 'static>(
    connection: &Connection,
    write: impl FnOnce(&Connection) -> Result<T, StoreError>,
    answer: SyncSender<Result<T, StoreError>>,
) -> Reply {
    let outcome = within_savepoint(connection, write);
    Box::new(move |committed| {
        let reply = match (outcome, committed) {
            (Ok(value), Ok(())) => Ok(value),
            (Err(error), _) => Err(error),
            (Ok(_), Err(error)) => Err(StoreError::Commit(error.to_string())),
        };
        // The caller may have gone (its request was dropped); the write
        // stands either way.
        let _ = answer.send(reply);
    })
}

/// Runs `write` between `SAVEPOINT` and `RELEASE`, rolling back to the
/// savepoint when it fails.
pub(super) fn within_savepoint<T, E: From<rusqlite::Error>>(
    connection: &Connection,
    write: impl FnOnce(&Connection) -> Result<T, E>,
) -> Result<T, E> {
    connection.execute_batch("SAVEPOINT write")?;
    match write(connection) {
        Ok(value) => {
            connection.execute_batch("RELEASE write")?;
            Ok(value)
        }
        Err(error) => {
            connection.execute_batch("ROLLBACK TO write; RELEASE write")?;
            Err(error)
        }
    }
}

fn run(connection: &Connection, queue: &Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match queue.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        commit_group(connection, group);
    }
}

fn commit_group(connection: &Connection, group: Vec<Job>) {
    if let Err(error) = connection.execute_batch("BEGIN IMMEDIATE") {
        tracing::error!(%error, writes = group.len(), "a write group could not begin");
        // Dropping the jobs unrun closes their answer channels: each caller
        // hears that its write was not carried out.
        drop(group);
        return;
    }
    let replies: Vec<Reply> = group.into_iter().map(|job| job(connection)).collect();
    let committed = connection.execute_batch("COMMIT");
    if let Err(error) = &committed {
        tracing::error!(%error, writes = replies.len(), "a write group failed to commit");
        let _ = connection.execute_batch("ROLLBACK");
    }
    for reply in replies {
        reply(committed.as_ref().map(|_| ()));
    }
}
