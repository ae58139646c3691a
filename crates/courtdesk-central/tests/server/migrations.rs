//! Several servers starting together on one fresh PostgreSQL database: the
//! migrations run once, under the advisory lock, and every server opens.

use std::sync::{Arc, Barrier};

use courtdesk_central::{Database, PgStore};

use crate::backend::{Backend, Home, postgres_or_skip};

#[test]
fn servers_starting_together_migrate_a_fresh_database_once() {
    if postgres_or_skip("servers_starting_together_migrate_a_fresh_database_once").is_none() {
        return;
    }
    let home = Home::new(Backend::Postgres);
    let Database::Postgres(url) = home.database.choice() else {
        panic!("a PostgreSQL database");
    };
    const SERVERS: usize = 4;
    let start = Arc::new(Barrier::new(SERVERS));
    let opened: Vec<_> = (0..SERVERS)
        .map(|_| {
            let (url, start) = (url.clone(), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                PgStore::open(&url)
            })
        })
        .collect();
    for server in opened {
        let store = server.join().expect("no panic");
        assert!(store.is_ok(), "a server failed to open: {:?}", store.err());
    }

    let mut client =
        postgres::Client::connect(&home.database.url_text(), postgres::NoTls).expect("connect");
    let row = client
        .query_one("SELECT count(*), max(version) FROM courtdesk_schema", &[])
        .expect("the version table");
    let (rows, version): (i64, i64) = (row.get(0), row.get(1));
    assert_eq!(rows, 1, "one version row, not one per server");
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres"))
        .expect("the migrations")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count() as i64;
    assert_eq!(version, migrations, "every migration applied");
    let terminals: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_name = 'terminals'",
            &[],
        )
        .expect("the tables")
        .get(0);
    assert_eq!(terminals, 1);
    drop(client);
}
