//! Parties and staff accounts in the SQLite store.

use courtdesk_identity::staff::SignInGuard;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::SqliteStore;
use super::rows::{sql_u64, u64_from_sql};
use crate::store::{
    PartyOnFile, PartySite, SignInStart, StaffAccount, StoreError, count_attempt, guard_from_json,
    guard_json, role_from_name, role_name, verifier_from_phc,
};

const PARTY_COLUMNS: &str = "id, resident_id_lookup, resident_id_masked, phone_sealed, \
     phone_masked, display_name, created_ms";

const STAFF_COLUMNS: &str = "username, display_name, role, verifier, sign_in_guard, \
     disabled_ms, created_ms, password_changed_ms";

pub(super) fn check_identity_key(store: &SqliteStore, check: &str) -> Result<bool, StoreError> {
    let check = check.to_owned();
    store.write(move |tx| {
        tx.prepare_cached(
            "INSERT INTO identity_key (only_row, key_check) VALUES (1, ?1)
             ON CONFLICT (only_row) DO NOTHING",
        )?
        .execute([&check])?;
        let recorded: String = tx
            .prepare_cached("SELECT key_check FROM identity_key WHERE only_row = 1")?
            .query_row([], |row| row.get(0))?;
        Ok(recorded == check)
    })
}

pub(super) fn add_party(store: &SqliteStore, party: &PartyOnFile) -> Result<bool, StoreError> {
    let party = party.clone();
    store.write(move |tx| {
        let inserted = tx
            .prepare_cached(&format!(
                "INSERT INTO parties ({PARTY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (resident_id_lookup) DO NOTHING"
            ))?
            .execute(params![
                party.id,
                party.resident_id_lookup,
                party.resident_id_masked,
                party.phone_sealed,
                party.phone_masked,
                party.display_name,
                sql_u64(party.created_ms)
            ])?;
        if inserted == 0 {
            return Ok(false);
        }
        let mut statement = tx.prepare_cached(
            "INSERT OR IGNORE INTO party_sites (party_id, court_id, site_id) VALUES (?1, ?2, ?3)",
        )?;
        for site in &party.sites {
            statement.execute(params![party.id, site.court_id, site.site_id])?;
        }
        Ok(true)
    })
}

fn party_from_row(row: &Row<'_>) -> Result<PartyOnFile, StoreError> {
    Ok(PartyOnFile {
        id: row.get(0)?,
        resident_id_lookup: row.get(1)?,
        resident_id_masked: row.get(2)?,
        phone_sealed: row.get(3)?,
        phone_masked: row.get(4)?,
        display_name: row.get(5)?,
        sites: Vec::new(),
        created_ms: u64_from_sql(row.get(6)?)?,
    })
}

fn with_sites(connection: &Connection, mut party: PartyOnFile) -> Result<PartyOnFile, StoreError> {
    let mut statement = connection.prepare_cached(
        "SELECT court_id, site_id FROM party_sites WHERE party_id = ?1 ORDER BY court_id, site_id",
    )?;
    let sites = statement.query_map([&party.id], |row| {
        Ok(PartySite {
            court_id: row.get(0)?,
            site_id: row.get(1)?,
        })
    })?;
    party.sites = sites.collect::<Result<_, _>>()?;
    Ok(party)
}

pub(super) fn party_by_lookup(
    store: &SqliteStore,
    lookup: &str,
) -> Result<Option<PartyOnFile>, StoreError> {
    let connection = store.readers.get()?;
    let sql = format!("SELECT {PARTY_COLUMNS} FROM parties WHERE resident_id_lookup = ?1");
    let found = connection
        .prepare_cached(&sql)?
        .query_row([lookup], |row| Ok(party_from_row(row)))
        .optional()?
        .transpose()?;
    found
        .map(|party| with_sites(&connection, party))
        .transpose()
}

pub(super) fn parties(store: &SqliteStore) -> Result<Vec<PartyOnFile>, StoreError> {
    let connection = store.readers.get()?;
    let sql = format!("SELECT {PARTY_COLUMNS} FROM parties ORDER BY created_ms, id");
    let mut statement = connection.prepare_cached(&sql)?;
    let rows = statement.query_map([], |row| Ok(party_from_row(row)))?;
    let mut parties = Vec::new();
    for row in rows {
        parties.push(with_sites(&connection, row??)?);
    }
    Ok(parties)
}

pub(super) fn remove_party(store: &SqliteStore, id: &str) -> Result<bool, StoreError> {
    let id = id.to_owned();
    store.write(move |tx| {
        // The sites go with the party (ON DELETE CASCADE).
        let removed = tx
            .prepare_cached("DELETE FROM parties WHERE id = ?1")?
            .execute([&id])?;
        Ok(removed == 1)
    })
}

pub(super) fn add_staff(store: &SqliteStore, account: &StaffAccount) -> Result<bool, StoreError> {
    let account = account.clone();
    store.write(move |tx| {
        let inserted = tx
            .prepare_cached(&format!(
                "INSERT INTO staff_accounts ({STAFF_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (username) DO NOTHING"
            ))?
            .execute(params![
                account.username,
                account.display_name,
                role_name(account.role),
                account.verifier.as_phc(),
                guard_json(&account.guard),
                account.disabled_ms.map(sql_u64),
                sql_u64(account.created_ms),
                sql_u64(account.password_changed_ms)
            ])?;
        Ok(inserted == 1)
    })
}

fn staff_from_row(row: &Row<'_>) -> Result<StaffAccount, StoreError> {
    let role: String = row.get(2)?;
    let verifier: String = row.get(3)?;
    let guard: String = row.get(4)?;
    Ok(StaffAccount {
        username: row.get(0)?,
        display_name: row.get(1)?,
        role: role_from_name(&role)?,
        verifier: verifier_from_phc(&verifier)?,
        guard: guard_from_json(&guard)?,
        disabled_ms: row
            .get::<_, Option<i64>>(5)?
            .map(u64_from_sql)
            .transpose()?,
        created_ms: u64_from_sql(row.get(6)?)?,
        password_changed_ms: u64_from_sql(row.get(7)?)?,
    })
}

fn staff_in(connection: &Connection, username: &str) -> Result<Option<StaffAccount>, StoreError> {
    let sql = format!("SELECT {STAFF_COLUMNS} FROM staff_accounts WHERE username = ?1");
    connection
        .prepare_cached(&sql)?
        .query_row([username], |row| Ok(staff_from_row(row)))
        .optional()?
        .transpose()
}

pub(super) fn staff_account(
    store: &SqliteStore,
    username: &str,
) -> Result<Option<StaffAccount>, StoreError> {
    staff_in(&*store.readers.get()?, username)
}

pub(super) fn staff_accounts(store: &SqliteStore) -> Result<Vec<StaffAccount>, StoreError> {
    let connection = store.readers.get()?;
    let sql = format!("SELECT {STAFF_COLUMNS} FROM staff_accounts ORDER BY username");
    let mut statement = connection.prepare_cached(&sql)?;
    let rows = statement.query_map([], |row| Ok(staff_from_row(row)))?;
    rows.map(|row| row?).collect()
}

pub(super) fn set_staff_disabled(
    store: &SqliteStore,
    username: &str,
    disabled_ms: Option<u64>,
) -> Result<bool, StoreError> {
    let username = username.to_owned();
    store.write(move |tx| {
        let changed = tx
            .prepare_cached("UPDATE staff_accounts SET disabled_ms = ?1 WHERE username = ?2")?
            .execute(params![disabled_ms.map(sql_u64), username])?;
        Ok(changed == 1)
    })
}

pub(super) fn set_staff_verifier(
    store: &SqliteStore,
    username: &str,
    verifier: &str,
    now_ms: u64,
    unlock: bool,
) -> Result<bool, StoreError> {
    let (username, verifier) = (username.to_owned(), verifier.to_owned());
    store.write(move |tx| {
        let changed = tx
            .prepare_cached(
                "UPDATE staff_accounts SET verifier = ?1, password_changed_ms = ?2 WHERE username = ?3",
            )?
            .execute(params![verifier, sql_u64(now_ms), username])?;
        if changed == 1 && unlock {
            tx.prepare_cached("UPDATE staff_accounts SET sign_in_guard = ?1 WHERE username = ?2")?
                .execute(params![guard_json(&SignInGuard::new()), username])?;
        }
        Ok(changed == 1)
    })
}

pub(super) fn begin_sign_in(
    store: &SqliteStore,
    username: &str,
    now_ms: u64,
) -> Result<SignInStart, StoreError> {
    let username = username.to_owned();
    // On the single writer, so the read, the count and the write of the
    // guard cannot interleave with another attempt's.
    store.write(move |tx| {
        let Some(mut account) = staff_in(tx, &username)? else {
            return Ok(SignInStart::Unknown);
        };
        let locked_if_wrong = match count_attempt(&mut account.guard, now_ms) {
            Ok(lock) => lock,
            Err(locked) => return Ok(SignInStart::Locked(locked)),
        };
        tx.prepare_cached("UPDATE staff_accounts SET sign_in_guard = ?1 WHERE username = ?2")?
            .execute(params![guard_json(&account.guard), username])?;
        Ok(SignInStart::Counted {
            account: Box::new(account),
            locked_if_wrong,
        })
    })
}

pub(super) fn sign_in_succeeded(store: &SqliteStore, username: &str) -> Result<(), StoreError> {
    let username = username.to_owned();
    store.write(move |tx| {
        tx.prepare_cached("UPDATE staff_accounts SET sign_in_guard = ?1 WHERE username = ?2")?
            .execute(params![guard_json(&SignInGuard::new()), username])?;
        Ok(())
    })
}

pub(super) fn set_card_reader(
    store: &SqliteStore,
    id: &courtdesk_core::TerminalId,
    on: bool,
) -> Result<bool, StoreError> {
    let id = id.clone();
    store.write(move |tx| {
        let changed = tx
            .prepare_cached("UPDATE terminals SET card_reader = ?1 WHERE id = ?2")?
            .execute(params![on, id.as_str()])?;
        Ok(changed == 1)
    })
}

pub(super) fn record_card_read(
    store: &SqliteStore,
    read: &crate::store::NewCardRead,
) -> Result<bool, StoreError> {
    let read = read.clone();
    store.write(move |tx| {
        let previous: Option<String> = tx
            .prepare_cached(
                "SELECT card_digest FROM card_reads WHERE resident_id_lookup = ?1
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([&read.resident_id_lookup], |row| row.get(0))
            .optional()?;
        let changed = previous.is_some_and(|digest| digest != read.card_digest);
        tx.prepare_cached(
            "INSERT INTO card_reads
             (terminal_id, resident_id_lookup, party_id, card_digest, digest_changed, read_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            read.terminal_id.as_str(),
            read.resident_id_lookup,
            read.party_id,
            read.card_digest,
            changed,
            sql_u64(read.read_ms)
        ])?;
        Ok(changed)
    })
}

pub(super) fn card_reads(
    store: &SqliteStore,
    terminal: Option<&courtdesk_core::TerminalId>,
) -> Result<Vec<crate::store::CardRead>, StoreError> {
    let connection = store.readers.get()?;
    let mut statement = connection.prepare_cached(
        "SELECT terminal_id, resident_id_lookup, party_id, card_digest, digest_changed, read_ms
         FROM card_reads WHERE ?1 IS NULL OR terminal_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([terminal.map(|t| t.as_str())], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, Option<String>>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, bool>(4)?,
            row.get::<_, i64>(5)?,
        ))
    })?;
    rows.map(|row| {
        let (terminal, lookup, party, digest, changed, read) = row?;
        Ok(crate::store::CardRead {
            read: crate::store::NewCardRead {
                terminal_id: terminal
                    .parse()
                    .map_err(|_| StoreError::Corrupt("terminal id".into()))?,
                resident_id_lookup: lookup,
                party_id: party,
                card_digest: digest,
                read_ms: u64_from_sql(read)?,
            },
            digest_changed: changed,
        })
    })
    .collect()
}
