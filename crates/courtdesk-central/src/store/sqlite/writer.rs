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

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Barrier};

    use super::*;

    fn writer() -> (tempfile::TempDir, Arc<GroupWriter>, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("w.sqlite3");
        let connection = Connection::open(&path).expect("open");
        connection
            .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER PRIMARY KEY);")
            .expect("schema");
        let writer = Arc::new(GroupWriter::start(connection).expect("a writer"));
        (dir, writer, path)
    }

    #[test]
    fn a_failing_write_is_rolled_back_alone_and_the_rest_of_its_group_commits() {
        let (_dir, writer, path) = writer();
        let start = Arc::new(Barrier::new(20));
        let threads: Vec<_> = (0..20)
            .map(|n| {
                let (writer, start) = (Arc::clone(&writer), Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    writer.write(move |c| {
                        c.execute("INSERT INTO t (n) VALUES (?1)", [n])?;
                        if n % 5 == 0 {
                            // Fails after writing: the savepoint must undo
                            // the insert above.
                            c.execute("INSERT INTO t (n) VALUES (?1)", [n])?;
                        }
                        Ok(n)
                    })
                })
            })
            .collect();
        let mut answered = Vec::new();
        for thread in threads {
            if let Ok(n) = thread.join().expect("no panic") {
                answered.push(n);
            }
        }
        answered.sort_unstable();
        let expected: Vec<i64> = (0..20).filter(|n| n % 5 != 0).collect();
        assert_eq!(answered, expected, "the writes that failed were refused");
        let reader = Connection::open(&path).expect("open");
        let mut statement = reader
            .prepare("SELECT n FROM t ORDER BY n")
            .expect("select");
        let stored: Vec<i64> = statement
            .query_map([], |row| row.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("numbers");
        assert_eq!(stored, expected, "only the answered writes are stored");
    }

    #[test]
    fn a_write_sent_after_the_writer_stopped_is_refused() {
        let (_dir, writer, _path) = writer();
        let mut writer = Arc::into_inner(writer).expect("the only handle");
        drop(writer.jobs.take());
        let refused = writer.write(|_| Ok(()));
        assert!(
            matches!(refused, Err(StoreError::WriterGone)),
            "{refused:?}"
        );
    }
}
