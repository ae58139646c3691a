//! A small pool of blocking PostgreSQL connections.
//!
//! A pool rather than one `Mutex<Client>`: PostgreSQL, unlike SQLite, lets
//! pulls, nonce checks and pushes of different terminals run at once, and
//! the row locks the pushes take (see the parent module) are what keep them
//! correct, not a lock in this process. The pool is capped so a burst of
//! requests queues here instead of exhausting the server's connections.

use std::ops::{Deref, DerefMut};
use std::sync::{Condvar, Mutex, MutexGuard};

use postgres::{Client, Config, NoTls};

use crate::settings::PostgresUrl;
use crate::store::StoreError;

/// The most connections one server opens.
const MAX_CONNECTIONS: usize = 8;

pub(super) struct Pool {
    config: Config,
    /// For error messages: the URL with its password hidden.
    shown: String,
    state: Mutex<State>,
    freed: Condvar,
}

struct State {
    idle: Vec<Client>,
    open: usize,
}

impl Pool {
    pub(super) fn new(url: &PostgresUrl) -> Result<Pool, StoreError> {
        let config: Config = url
            .expose()
            .parse()
            .map_err(|source| StoreError::PostgresUrl {
                url: url.redacted(),
                source,
            })?;
        Ok(Pool {
            config,
            shown: url.redacted(),
            state: Mutex::new(State {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
        })
    }

    fn lock(&self) -> Result<MutexGuard<'_, State>, StoreError> {
        self.state.lock().map_err(|_| StoreError::Poisoned)
    }

    /// An idle connection, a new one if fewer than the cap are open, or the
    /// next one given back.
    pub(super) fn get(&self) -> Result<Pooled<'_>, StoreError> {
        let mut state = self.lock()?;
        loop {
            if let Some(client) = state.idle.pop() {
                return Ok(Pooled {
                    pool: self,
                    client: Some(client),
                });
            }
            if state.open < MAX_CONNECTIONS {
                state.open += 1;
                drop(state);
                // TLS to the database is left to a later change: today the
                // database is on loopback or a private network.
                return match self.config.connect(NoTls) {
                    Ok(client) => Ok(Pooled {
                        pool: self,
                        client: Some(client),
                    }),
                    Err(source) => {
                        self.forget();
                        Err(StoreError::Connect {
                            url: self.shown.clone(),
                            source,
                        })
                    }
                };
            }
            state = self.freed.wait(state).map_err(|_| StoreError::Poisoned)?;
        }
    }

    fn forget(&self) {
        if let Ok(mut state) = self.lock() {
            state.open -= 1;
        }
        self.freed.notify_one();
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        let idle = match self.state.get_mut() {
            Ok(state) => std::mem::take(&mut state.idle),
            Err(poisoned) => std::mem::take(&mut poisoned.into_inner().idle),
        };
        // Closing a blocking client runs a small runtime of its own, which
        // tokio forbids on one of its threads; the last handle to the store
        // is often dropped there, so the clients close on a thread of theirs.
        if tokio::runtime::Handle::try_current().is_ok() {
            let _closer = std::thread::spawn(move || drop(idle));
        } else {
            drop(idle);
        }
    }
}

/// A connection lent by the pool, given back when dropped.
pub(super) struct Pooled<'a> {
    pool: &'a Pool,
    client: Option<Client>,
}

impl Deref for Pooled<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client.as_ref().expect("present until dropped")
    }
}

impl DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().expect("present until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        let Some(client) = self.client.take() else {
            return;
        };
        // A broken connection is dropped; the next caller opens a new one.
        if client.is_closed() {
            drop(client);
            self.pool.forget();
            return;
        }
        match self.pool.lock() {
            Ok(mut state) => state.idle.push(client),
            Err(_) => return,
        }
        self.pool.freed.notify_one();
    }
}
