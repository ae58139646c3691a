//! Parties and staff accounts in the PostgreSQL store.

use courtdesk_identity::staff::SignInGuard;
use postgres::Row;
use postgres::types::ToSql;

use super::PgStore;
use super::rows::{sql_u64, u64_from_sql};
use crate::store::{
    PartyOnFile, PartySite, SignInStart, StaffAccount, StoreError, count_attempt, guard_from_json,
    guard_json, role_from_name, role_name, verifier_from_phc,
};

const PARTY_COLUMNS: &str = "id, resident_id_lookup, resident_id_masked, phone_sealed, \
     phone_masked, display_name, created_ms";

const STAFF_COLUMNS: &str = "username, display_name, role, verifier, sign_in_guard, \
     disabled_ms, created_ms, password_changed_ms";

pub(super) fn check_identity_key(store: &PgStore, check: &str) -> Result<bool, StoreError> {
    store.write(|tx| {
        // Two servers starting at once on a fresh database both insert; the
        // loser's row is dropped and it compares against the winner's.
        tx.execute(
            "INSERT INTO identity_key (only_row, key_check) VALUES (1, $1)
             ON CONFLICT (only_row) DO NOTHING",
            &[&check],
        )?;
        let recorded: String = tx
            .query_one("SELECT key_check FROM identity_key WHERE only_row = 1", &[])?
            .try_get(0)?;
        Ok(recorded == check)
    })
}

pub(super) fn add_party(store: &PgStore, party: &PartyOnFile) -> Result<bool, StoreError> {
    store.write(|tx| {
        let inserted = tx.execute(
            &format!(
                "INSERT INTO parties ({PARTY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (resident_id_lookup) DO NOTHING"
            ),
            &[
                &party.id,
                &party.resident_id_lookup,
                &party.resident_id_masked,
                &party.phone_sealed,
                &party.phone_masked,
                &party.display_name,
                &sql_u64(party.created_ms),
            ],
        )?;
        if inserted == 0 {
            return Ok(false);
        }
        for site in &party.sites {
            tx.execute(
                "INSERT INTO party_sites (party_id, court_id, site_id) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
                &[&party.id, &site.court_id, &site.site_id],
            )?;
        }
        Ok(true)
    })
}

fn party_from_row(row: &Row) -> Result<PartyOnFile, StoreError> {
    Ok(PartyOnFile {
        id: row.try_get(0)?,
        resident_id_lookup: row.try_get(1)?,
        resident_id_masked: row.try_get(2)?,
        phone_sealed: row.try_get(3)?,
        phone_masked: row.try_get(4)?,
        display_name: row.try_get(5)?,
        sites: Vec::new(),
        created_ms: u64_from_sql(row.try_get(6)?)?,
    })
}

/// Parties from `sql` (which selects [`PARTY_COLUMNS`]), each with its
/// sites, read in one transaction so a party and its sites agree.
fn read_parties(
    store: &PgStore,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<PartyOnFile>, StoreError> {
    store.write(|tx| {
        let rows = tx.query(sql, params)?;
        let mut parties = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut party = party_from_row(row)?;
            party.sites = tx
                .query(
                    "SELECT court_id, site_id FROM party_sites WHERE party_id = $1
                     ORDER BY court_id, site_id",
                    &[&party.id],
                )?
                .iter()
                .map(|row| {
                    Ok(PartySite {
                        court_id: row.try_get(0)?,
                        site_id: row.try_get(1)?,
                    })
                })
                .collect::<Result<_, StoreError>>()?;
            parties.push(party);
        }
        Ok(parties)
    })
}

pub(super) fn party_by_lookup(
    store: &PgStore,
    lookup: &str,
) -> Result<Option<PartyOnFile>, StoreError> {
    let sql = format!("SELECT {PARTY_COLUMNS} FROM parties WHERE resident_id_lookup = $1");
    Ok(read_parties(store, &sql, &[&lookup])?.into_iter().next())
}

pub(super) fn parties(store: &PgStore) -> Result<Vec<PartyOnFile>, StoreError> {
    let sql = format!("SELECT {PARTY_COLUMNS} FROM parties ORDER BY created_ms, id");
    read_parties(store, &sql, &[])
}

pub(super) fn remove_party(store: &PgStore, id: &str) -> Result<bool, StoreError> {
    store.write(|tx| {
        // The sites go with the party (ON DELETE CASCADE).
        Ok(tx.execute("DELETE FROM parties WHERE id = $1", &[&id])? == 1)
    })
}

pub(super) fn add_staff(store: &PgStore, account: &StaffAccount) -> Result<bool, StoreError> {
    store.write(|tx| {
        let inserted = tx.execute(
            &format!(
                "INSERT INTO staff_accounts ({STAFF_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (username) DO NOTHING"
            ),
            &[
                &account.username,
                &account.display_name,
                &role_name(account.role),
                &account.verifier.as_phc(),
                &guard_json(&account.guard),
                &account.disabled_ms.map(sql_u64),
                &sql_u64(account.created_ms),
                &sql_u64(account.password_changed_ms),
            ],
        )?;
        Ok(inserted == 1)
    })
}

fn staff_from_row(row: &Row) -> Result<StaffAccount, StoreError> {
    let role: String = row.try_get(2)?;
    let verifier: String = row.try_get(3)?;
    let guard: String = row.try_get(4)?;
    Ok(StaffAccount {
        username: row.try_get(0)?,
        display_name: row.try_get(1)?,
        role: role_from_name(&role)?,
        verifier: verifier_from_phc(&verifier)?,
        guard: guard_from_json(&guard)?,
        disabled_ms: row
            .try_get::<_, Option<i64>>(5)?
            .map(u64_from_sql)
            .transpose()?,
        created_ms: u64_from_sql(row.try_get(6)?)?,
        password_changed_ms: u64_from_sql(row.try_get(7)?)?,
    })
}

pub(super) fn staff_account(
    store: &PgStore,
    username: &str,
) -> Result<Option<StaffAccount>, StoreError> {
    let sql = format!("SELECT {STAFF_COLUMNS} FROM staff_accounts WHERE username = $1");
    let row = store.pool.get()?.query_opt(&sql, &[&username])?;
    row.as_ref().map(staff_from_row).transpose()
}

pub(super) fn staff_accounts(store: &PgStore) -> Result<Vec<StaffAccount>, StoreError> {
    let sql = format!("SELECT {STAFF_COLUMNS} FROM staff_accounts ORDER BY username");
    let rows = store.pool.get()?.query(&sql, &[])?;
    rows.iter().map(staff_from_row).collect()
}

pub(super) fn set_staff_disabled(
    store: &PgStore,
    username: &str,
    disabled_ms: Option<u64>,
) -> Result<bool, StoreError> {
    store.write(|tx| {
        let changed = tx.execute(
            "UPDATE staff_accounts SET disabled_ms = $1 WHERE username = $2",
            &[&disabled_ms.map(sql_u64), &username],
        )?;
        Ok(changed == 1)
    })
}

pub(super) fn set_staff_verifier(
    store: &PgStore,
    username: &str,
    verifier: &str,
    now_ms: u64,
    unlock: bool,
) -> Result<bool, StoreError> {
    store.write(|tx| {
        let changed = tx.execute(
            "UPDATE staff_accounts SET verifier = $1, password_changed_ms = $2 WHERE username = $3",
            &[&verifier, &sql_u64(now_ms), &username],
        )?;
        if changed == 1 && unlock {
            tx.execute(
                "UPDATE staff_accounts SET sign_in_guard = $1 WHERE username = $2",
                &[&guard_json(&SignInGuard::new()), &username],
            )?;
        }
        Ok(changed == 1)
    })
}

pub(super) fn begin_sign_in(
    store: &PgStore,
    username: &str,
    now_ms: u64,
) -> Result<SignInStart, StoreError> {
    store.write(|tx| {
        // The row lock makes concurrent attempts on one account take turns,
        // so each sees the count the previous one left.
        let sql =
            format!("SELECT {STAFF_COLUMNS} FROM staff_accounts WHERE username = $1 FOR UPDATE");
        let Some(row) = tx.query_opt(&sql, &[&username])? else {
            return Ok(SignInStart::Unknown);
        };
        let mut account = staff_from_row(&row)?;
        let locked_if_wrong = match count_attempt(&mut account.guard, now_ms) {
            Ok(lock) => lock,
            Err(locked) => return Ok(SignInStart::Locked(locked)),
        };
        tx.execute(
            "UPDATE staff_accounts SET sign_in_guard = $1 WHERE username = $2",
            &[&guard_json(&account.guard), &username],
        )?;
        Ok(SignInStart::Counted {
            account: Box::new(account),
            locked_if_wrong,
        })
    })
}

pub(super) fn sign_in_succeeded(store: &PgStore, username: &str) -> Result<(), StoreError> {
    store.write(|tx| {
        tx.execute(
            "UPDATE staff_accounts SET sign_in_guard = $1 WHERE username = $2",
            &[&guard_json(&SignInGuard::new()), &username],
        )?;
        Ok(())
    })
}

pub(super) fn set_card_reader(
    store: &PgStore,
    id: &courtdesk_core::TerminalId,
    on: bool,
) -> Result<bool, StoreError> {
    let changed = store.pool.get()?.execute(
        "UPDATE terminals SET card_reader = $1 WHERE id = $2",
        &[&on, &id.as_str()],
    )?;
    Ok(changed == 1)
}

pub(super) fn record_card_read(
    store: &PgStore,
    read: &crate::store::NewCardRead,
) -> Result<bool, StoreError> {
    store.write(|tx| {
        // Reads of one number are kept in order; the lock makes two reads
        // of the same number at once compare against each other.
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            &[&read.resident_id_lookup],
        )?;
        let previous: Option<String> = tx
            .query_opt(
                "SELECT card_digest FROM card_reads WHERE resident_id_lookup = $1
                 ORDER BY id DESC LIMIT 1",
                &[&read.resident_id_lookup],
            )?
            .map(|row| row.try_get(0))
            .transpose()?;
        let changed = previous.is_some_and(|digest| digest != read.card_digest);
        tx.execute(
            "INSERT INTO card_reads
             (terminal_id, resident_id_lookup, party_id, card_digest, digest_changed, read_ms)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &read.terminal_id.as_str(),
                &read.resident_id_lookup,
                &read.party_id,
                &read.card_digest,
                &changed,
                &sql_u64(read.read_ms),
            ],
        )?;
        Ok(changed)
    })
}

pub(super) fn card_reads(
    store: &PgStore,
    terminal: Option<&courtdesk_core::TerminalId>,
) -> Result<Vec<crate::store::CardRead>, StoreError> {
    let rows = store.pool.get()?.query(
        "SELECT terminal_id, resident_id_lookup, party_id, card_digest, digest_changed, read_ms
         FROM card_reads WHERE $1::TEXT IS NULL OR terminal_id = $1 ORDER BY id",
        &[&terminal.map(|t| t.as_str())],
    )?;
    rows.iter()
        .map(|row| {
            Ok(crate::store::CardRead {
                read: crate::store::NewCardRead {
                    terminal_id: row
                        .try_get::<_, String>(0)?
                        .parse()
                        .map_err(|_| StoreError::Corrupt("terminal id".into()))?,
                    resident_id_lookup: row.try_get(1)?,
                    party_id: row.try_get(2)?,
                    card_digest: row.try_get(3)?,
                    read_ms: u64_from_sql(row.try_get(5)?)?,
                },
                digest_changed: row.try_get(4)?,
            })
        })
        .collect()
}
