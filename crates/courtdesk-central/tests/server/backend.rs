//! Which store a test runs against, and a fresh database of that kind.
//!
//! Every test runs once per backend ([`on_both_backends!`]). PostgreSQL
//! tests use the server at `COURTDESK_TEST_POSTGRES_URL` (start one with
//! `eval "$(scripts/postgres.sh start)"`), each in a database of its own
//! that is dropped afterwards. Without that variable they are skipped, or
//! fail when `CI` is set, because CI must not pass without running them.

use std::io::Write;

use courtdesk_central::{Database, PostgresUrl};
use rand::Rng;
use rand::rngs::OsRng;
use tempfile::TempDir;

const URL_VARIABLE: &str = "COURTDESK_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server's URL, or `None` when this run skips PostgreSQL.
pub(crate) fn postgres_or_skip(test: &str) -> Option<String> {
    if let Ok(url) = std::env::var(URL_VARIABLE) {
        return Some(url);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "PostgreSQL must be running for CI: set {URL_VARIABLE} \
         (eval \"$(scripts/postgres.sh start)\")"
    );
    // Straight to stderr: the test harness hides `eprintln!` of a passing
    // test, and a skip should be seen.
    let _ = writeln!(
        std::io::stderr(),
        "skipping {test} on PostgreSQL: {URL_VARIABLE} is not set"
    );
    None
}

/// A data folder and the database a server of one test keeps its state in.
pub(crate) struct Home {
    pub(crate) dir: TempDir,
    pub(crate) database: TestDatabase,
}

impl Home {
    pub(crate) fn new(backend: Backend) -> Home {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let database = match backend {
            Backend::Sqlite => TestDatabase::Sqlite(dir.path().join("central.sqlite3")),
            Backend::Postgres => TestDatabase::postgres(),
        };
        Home { dir, database }
    }
}

/// One test's database; a PostgreSQL one is dropped with it.
pub(crate) enum TestDatabase {
    Sqlite(std::path::PathBuf),
    Postgres { server: String, name: String },
}

impl TestDatabase {
    fn postgres() -> TestDatabase {
        let server = std::env::var(URL_VARIABLE).expect("checked by postgres_or_skip");
        let name = format!("courtdesk_test_{:016x}", OsRng.r#gen::<u64>());
        blocking(|| {
            let mut client = connect(&server);
            client
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("create the test's database");
        });
        TestDatabase::Postgres { server, name }
    }

    pub(crate) fn choice(&self) -> Database {
        match self {
            TestDatabase::Sqlite(path) => Database::Sqlite(path.clone()),
            TestDatabase::Postgres { server, name } => Database::parse(&in_database(server, name)),
        }
    }

    /// The database as the server binary's `--database-url` takes it.
    pub(crate) fn url_text(&self) -> String {
        match self {
            TestDatabase::Sqlite(path) => path.display().to_string(),
            TestDatabase::Postgres { server, name } => in_database(server, name),
        }
    }

    /// Everything the database holds, as text to search: the SQLite file
    /// and its write-ahead log byte for byte (free pages included), or every
    /// row of every PostgreSQL table.
    pub(crate) fn dump(&self) -> String {
        match self {
            TestDatabase::Sqlite(path) => {
                let mut bytes = std::fs::read(path).expect("the database file");
                let mut wal = path.clone().into_os_string();
                wal.push("-wal");
                bytes.extend(std::fs::read(wal).unwrap_or_default());
                String::from_utf8_lossy(&bytes).into_owned()
            }
            TestDatabase::Postgres { server, name } => blocking(|| {
                let mut client = connect(&in_database(server, name));
                let tables: Vec<String> = client
                    .query(
                        "SELECT table_name::text FROM information_schema.tables
                         WHERE table_schema = current_schema()",
                        &[],
                    )
                    .expect("the tables")
                    .iter()
                    .map(|row| row.get(0))
                    .collect();
                let mut text = String::new();
                for table in tables {
                    let sql = format!(
                        "SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM \"{table}\" t"
                    );
                    let rows: String = client.query_one(&sql, &[]).expect("the rows").get(0);
                    text.push_str(&rows);
                    text.push('\n');
                }
                text
            }),
        }
    }

    /// Runs one statement with text parameters (`$1`, `$2`...) straight on
    /// the database, behind the server's back, as an intruder would.
    pub(crate) fn execute(&self, sql: &str, params: &[&str]) {
        match self {
            TestDatabase::Sqlite(path) => {
                let file = rusqlite::Connection::open(path).expect("open the file");
                file.execute(sql, rusqlite::params_from_iter(params))
                    .expect("run the statement");
            }
            TestDatabase::Postgres { server, name } => blocking(|| {
                let params: Vec<&(dyn postgres::types::ToSql + Sync)> = params
                    .iter()
                    .map(|p| p as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                connect(&in_database(server, name))
                    .execute(sql, &params)
                    .expect("run the statement");
            }),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { server, name } = self {
            // FORCE ends the server's own connections, which may outlive it.
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let server = server.clone();
            // On a thread of its own: the blocking client cannot run on
            // tokio's threads, and a drop may happen on one.
            let dropped = std::thread::spawn(move || connect(&server).batch_execute(&sql));
            if !matches!(dropped.join(), Ok(Ok(()))) {
                eprintln!("could not drop the test database {name}; it is left behind");
            }
        }
    }
}

/// The server's URL with another database name.
fn in_database(server: &str, name: &str) -> String {
    let mut url = url::Url::parse(server).expect("a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

fn connect(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap_or_else(|error| {
        let shown = PostgresUrl::new(url);
        panic!("cannot connect to PostgreSQL at {shown}: {error}")
    })
}

/// Runs blocking database work from a test's async body: the blocking
/// client starts a runtime of its own, which tokio allows only outside its
/// worker threads' async context.
pub(crate) fn blocking<T>(work: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(work)
}

/// Turns each named `async fn(Backend)` into a module with a `sqlite` and a
/// `postgres` test.
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            use crate::backend::{Backend, postgres_or_skip};

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if postgres_or_skip(stringify!($name)).is_some() {
                    super::$name(Backend::Postgres).await;
                }
            }
        }
    )+};
}
pub(crate) use on_both_backends;
