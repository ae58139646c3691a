//! Read-only connections for the calls that only read (a request's terminal
//! lookup, pulls, reports), so reads never wait behind a commit: in WAL mode
//! each reads the last committed state while the writer works.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags};

use crate::store::StoreError;

/// Idle connections kept for reuse; more are opened under load and closed
/// when handed back to a full pool.
const MAX_IDLE: usize = 8;

#[derive(Debug)]
pub(super) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// A connection lent out; it goes back to the pool when dropped.
pub(super) struct Reader<'a> {
    pool: &'a Readers,
    connection: Option<Connection>,
}

impl Readers {
    pub(super) fn new(path: &Path) -> Readers {
        Readers {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::new()),
        }
    }

    pub(super) fn get(&self) -> Result<Reader<'_>, StoreError> {
        let reused = self.idle.lock().map_err(|_| StoreError::Poisoned)?.pop();
        let connection = match reused {
            Some(connection) => connection,
            None => {
                let connection = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                connection.busy_timeout(std::time::Duration::from_secs(5))?;
                connection.pragma_update(None, "mmap_size", super::schema::MMAP_BYTES)?;
                connection
            }
        };
        Ok(Reader {
            pool: self,
            connection: Some(connection),
        })
    }
}

impl std::ops::Deref for Reader<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        // Present from construction until drop.
        self.connection.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        let (Some(connection), Ok(mut idle)) = (self.connection.take(), self.pool.idle.lock())
        else {
            return;
        };
        if idle.len() < MAX_IDLE {
            idle.push(connection);
        }
    }
}
