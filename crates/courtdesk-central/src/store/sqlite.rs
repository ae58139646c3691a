//! The embedded SQLite store: one file in WAL mode, written by one thread
//! that commits waiting writes in groups ([`writer`]) and read through a
//! pool of read-only connections ([`readers`]).
//!
//! The single writer keeps every push strictly serialized, which the chain
//! checks rely on, and makes sequence numbers commit in order, so a pull
//! never sees a later change before an earlier one.

mod delivery;
mod identity;
mod readers;
mod rows;
mod schema;
mod site;
mod writer;

use std::collections::HashMap;
use std::path::Path;

use courtdesk_core::TerminalId;
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::{Change, LeaseGrant, LeaseRequest, PushOutcome, PushRequest};
use rusqlite::{Connection, OptionalExtension, params};

use super::{
    ApiClient, AuditedEntry, CaseToPut, CentralStore, Countersigner, DeliveryFilter, Enrollment,
    EvidenceOutcome, FlaggedRecord, NewEnrollmentCode, NewTerminal, PartyOnFile, PublishOutcome,
    SignInStart, StaffAccount, StaffSession, StoreError, StoredChange, StoredDelivery,
    StoredEvidence, StoredPartyCase, TerminalStanding,
};
use super::{DeskSession, RecordQuery, ReportSource, SyncedRecord, report};
use crate::ingest::{self, PushAccepted, PushRefusal, Step};
use rows::{
    TERMINAL_COLUMNS, change_from_row, entry_from_row, sql_u64, standing_from_row,
    stored_change_from_row,
};

/// The SQLite implementation of [`CentralStore`].
#[derive(Debug)]
pub struct SqliteStore {
    writer: writer::GroupWriter,
    readers: readers::Readers,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|source| StoreError::Folder {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        let mut connection = Connection::open(path)?;
        schema::prepare(&mut connection, path)?;
        Ok(SqliteStore {
            writer: writer::GroupWriter::start(connection)?,
            readers: readers::Readers::new(path),
        })
    }

    fn write<T: Send + 'static>(
        &self,
        action: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.writer.write(action)
    }
}

impl CentralStore for SqliteStore {
    fn add_enrollment_code(&self, code: &NewEnrollmentCode) -> Result<(), StoreError> {
        let code = code.clone();
        self.write(move |tx| {
            tx.prepare_cached("INSERT INTO enrollment_codes (code_hash, court_id, site_id, mode, created_ms, expires_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?.execute(
                params![
                    code.code_hash.to_hex(),
                    code.court_id,
                    code.site_id,
                    code.mode.as_str(),
                    sql_u64(code.created_ms),
                    sql_u64(code.expires_ms)
                ],
            )?;
            Ok(())
        })
    }

    fn enroll(&self, code_hash: &Digest, terminal: &NewTerminal) -> Result<Enrollment, StoreError> {
        let (code_hash, terminal) = (*code_hash, terminal.clone());
        self.write(move |tx| {
            let now = sql_u64(terminal.now_ms);
            let bound: Option<(String, String, Option<String>)> = tx
                .query_row(
                    "SELECT court_id, site_id, mode FROM enrollment_codes
                     WHERE code_hash = ?1 AND used_by IS NULL AND expires_ms > ?2",
                    params![code_hash.to_hex(), now],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                )
                .optional()?;
            let Some((court_id, site_id, mode)) = bound else {
                return Ok(Enrollment::CodeRefused);
            };
            if let Some(refused) = super::code_refusal(mode.as_deref(), terminal.mode) {
                return Ok(refused);
            }
            let exists: bool = tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM terminals WHERE id = ?1)")?.query_row(
                [terminal.id.as_str()],
                |row| row.get(0),
            )?;
            if exists {
                // The code stays unspent: the administrator may hand it to
                // the terminal that was meant to have it.
                return Ok(Enrollment::AlreadyEnrolled);
            }
            tx.prepare_cached("UPDATE enrollment_codes SET used_by = ?1, used_ms = ?2 WHERE code_hash = ?3")?.execute(
                params![terminal.id.as_str(), now, code_hash.to_hex()],
            )?;
            tx.prepare_cached("INSERT INTO terminals (id, mode, public_key, court_id, site_id, enrolled_ms, head_seq, head_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)")?.execute(
                params![
                    terminal.id.as_str(),
                    terminal.mode.as_str(),
                    terminal.public_key,
                    court_id,
                    site_id,
                    now,
                    courtdesk_protocol::chain::GENESIS.to_hex()
                ],
            )?;
            Ok(Enrollment::Enrolled { court_id, site_id })
        })
    }

    fn terminal(&self, id: &TerminalId) -> Result<Option<TerminalStanding>, StoreError> {
        let connection = self.readers.get()?;
        let sql = format!("SELECT {TERMINAL_COLUMNS} FROM terminals WHERE id = ?1");
        let row = connection
            .prepare_cached(&sql)?
            .query_row([id.as_str()], |row| Ok(standing_from_row(row)))
            .optional()?;
        row.transpose()
    }

    fn terminals(&self) -> Result<Vec<TerminalStanding>, StoreError> {
        let connection = self.readers.get()?;
        let sql =
            format!("SELECT {TERMINAL_COLUMNS} FROM terminals ORDER BY court_id, site_id, id");
        let mut statement = connection.prepare_cached(&sql)?;
        let rows = statement.query_map([], |row| Ok(standing_from_row(row)))?;
        rows.map(|row| row?).collect()
    }

    fn revoke(&self, id: &TerminalId, now_ms: u64) -> Result<bool, StoreError> {
        let id = id.clone();
        self.write(move |tx| {
            let changed = tx
                .prepare_cached(
                    "UPDATE terminals SET revoked_ms = COALESCE(revoked_ms, ?1) WHERE id = ?2",
                )?
                .execute(params![sql_u64(now_ms), id.as_str()])?;
            Ok(changed == 1)
        })
    }

    fn push(
        &self,
        terminal: TerminalStanding,
        batch: PushRequest,
        now_ms: u64,
    ) -> Result<Result<PushAccepted, PushRefusal>, StoreError> {
        if let Err(refusal) = ingest::check_shape(&batch) {
            return Ok(Err(refusal));
        }
        self.write(move |tx| {
            let outcome = writer::within_savepoint(tx, |tx| {
                match push_in(tx, &terminal, &batch, now_ms)? {
                    Ok(accepted) => Ok(accepted),
                    // Rolls the refused batch back to the savepoint.
                    Err(refusal) => Err(PushFailure::Refused(refusal)),
                }
            });
            match outcome {
                Ok(accepted) => Ok(Ok(accepted)),
                Err(PushFailure::Refused(refusal)) => {
                    if let PushRefusal::ChainBroken(reason) = &refusal {
                        // The batch is dropped, but the terminal stays
                        // flagged so an administrator looks at it.
                        tx.prepare_cached(
                            "UPDATE terminals SET chain_broken_ms = COALESCE(chain_broken_ms, ?1),
                             chain_broken = COALESCE(chain_broken, ?2) WHERE id = ?3",
                        )?
                        .execute(params![
                            sql_u64(now_ms),
                            reason,
                            terminal.id.as_str()
                        ])?;
                    }
                    Ok(Err(refusal))
                }
                Err(PushFailure::Store(error)) => Err(error),
            }
        })
    }

    fn pull(
        &self,
        court_id: &str,
        site_id: &str,
        after: u64,
        limit: usize,
        kinds: &[&str],
    ) -> Result<(Vec<StoredChange>, bool), StoreError> {
        let connection = self.readers.get()?;
        let mut statement = connection.prepare_cached(
            "SELECT r.seq, r.origin, r.record_id, r.kind, r.hlc_wall, r.hlc_counter, r.body, t.mode
             FROM records AS r JOIN terminals AS t ON t.id = r.origin
             WHERE r.court_id = ?1 AND r.site_id = ?2 AND r.seq > ?3
               AND r.kind IN (SELECT value FROM json_each(?5))
             ORDER BY r.seq LIMIT ?4",
        )?;
        let fetch = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
        let kinds =
            serde_json::to_string(kinds).map_err(|_| StoreError::Corrupt("record kinds".into()))?;
        let rows = statement.query_map(
            params![court_id, site_id, sql_u64(after), fetch, kinds],
            |row| Ok(stored_change_from_row(row)),
        )?;
        let mut changes = rows.map(|row| row?).collect::<Result<Vec<_>, _>>()?;
        let more = changes.len() > limit;
        changes.truncate(limit);
        Ok((changes, more))
    }

    fn touch_terminal(&self, id: &TerminalId, now_ms: u64) -> Result<(), StoreError> {
        let id = id.clone();
        self.write(move |tx| {
            tx.prepare_cached("UPDATE terminals SET last_seen_ms = ?1 WHERE id = ?2")?
                .execute(params![sql_u64(now_ms), id.as_str()])?;
            Ok(())
        })
    }

    fn hold_blob(
        &self,
        sha256_hex: &str,
        terminal: &TerminalStanding,
        now_ms: u64,
    ) -> Result<(), StoreError> {
        let (sha, terminal) = (sha256_hex.to_owned(), terminal.clone());
        self.write(move |tx| {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO blob_holders (sha256, court_id, site_id, terminal_id, held_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                sha,
                terminal.court_id,
                terminal.site_id,
                terminal.id.as_str(),
                sql_u64(now_ms)
            ])?;
            Ok(())
        })
    }

    fn site_holds_blob(
        &self,
        court_id: &str,
        site_id: &str,
        sha256_hex: &str,
    ) -> Result<bool, StoreError> {
        let connection = self.readers.get()?;
        let held: bool = connection
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM blob_holders
                 WHERE sha256 = ?1 AND court_id = ?2 AND site_id = ?3)",
            )?
            .query_row(params![sha256_hex, court_id, site_id], |row| row.get(0))?;
        Ok(held)
    }

    fn admit_nonce(
        &self,
        terminal: &TerminalId,
        nonce: &str,
        expires_ms: u64,
        now_ms: u64,
    ) -> Result<bool, StoreError> {
        let (terminal, nonce) = (terminal.clone(), nonce.to_owned());
        self.write(move |tx| {
            tx.prepare_cached("DELETE FROM request_nonces WHERE expires_ms < ?1")?
                .execute([sql_u64(now_ms)])?;
            let added = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO request_nonces (terminal_id, nonce, expires_ms)
                     VALUES (?1, ?2, ?3)",
                )?
                .execute(params![terminal.as_str(), nonce, sql_u64(expires_ms)])?;
            Ok(added == 1)
        })
    }

    fn open_staff_session(&self, session: &StaffSession) -> Result<(), StoreError> {
        let session = session.clone();
        self.write(move |tx| {
            tx.prepare_cached(
                "INSERT INTO staff_sessions (token_hash, username, terminal_id, opened_ms, last_used_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                session.token_hash.to_hex(),
                session.username,
                session.terminal_id.as_str(),
                sql_u64(session.opened_ms),
                sql_u64(session.last_used_ms)
            ])?;
            Ok(())
        })
    }

    fn staff_session(&self, token_hash: &Digest) -> Result<Option<StaffSession>, StoreError> {
        let connection = self.readers.get()?;
        let row = connection
            .prepare_cached(
                "SELECT s.username, s.terminal_id, s.opened_ms, s.last_used_ms, s.ended_ms,
                        a.role, a.disabled_ms
                 FROM staff_sessions AS s JOIN staff_accounts AS a ON a.username = s.username
                 WHERE s.token_hash = ?1",
            )?
            .query_row([token_hash.to_hex()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, Option<i64>>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, Option<i64>>(6)?,
                ))
            })
            .optional()?;
        let Some((username, terminal, opened, used, ended, role, disabled)) = row else {
            return Ok(None);
        };
        let number = rows::u64_from_sql;
        Ok(Some(StaffSession {
            token_hash: *token_hash,
            username,
            terminal_id: terminal
                .parse()
                .map_err(|_| StoreError::Corrupt("terminal id".into()))?,
            opened_ms: number(opened)?,
            last_used_ms: number(used)?,
            ended_ms: ended.map(number).transpose()?,
            role: Some(super::role_from_name(&role)?),
            account_disabled_ms: disabled.map(number).transpose()?,
        }))
    }

    fn touch_staff_session(&self, token_hash: &Digest, now_ms: u64) -> Result<(), StoreError> {
        let hash = token_hash.to_hex();
        self.write(move |tx| {
            tx.prepare_cached(
                "UPDATE staff_sessions SET last_used_ms = max(last_used_ms, ?1) WHERE token_hash = ?2",
            )?
            .execute(params![sql_u64(now_ms), hash])?;
            Ok(())
        })
    }

    fn end_staff_session(
        &self,
        token_hash: &Digest,
        terminal: &TerminalId,
        now_ms: u64,
    ) -> Result<bool, StoreError> {
        let (hash, terminal) = (token_hash.to_hex(), terminal.clone());
        self.write(move |tx| {
            let ended = tx
                .prepare_cached(
                    "UPDATE staff_sessions SET ended_ms = ?1
                     WHERE token_hash = ?2 AND terminal_id = ?3 AND ended_ms IS NULL",
                )?
                .execute(params![sql_u64(now_ms), hash, terminal.as_str()])?;
            Ok(ended == 1)
        })
    }

    fn last_sign_in_at(
        &self,
        username: &str,
        terminal: &TerminalId,
        at_ms: u64,
    ) -> Result<Option<u64>, StoreError> {
        let opened = self
            .readers
            .get()?
            .prepare_cached(
                "SELECT MAX(opened_ms) FROM staff_sessions
                 WHERE username = ?1 AND terminal_id = ?2 AND opened_ms <= ?3",
            )?
            .query_row(
                params![username, terminal.as_str(), sql_u64(at_ms)],
                |row| row.get::<_, Option<i64>>(0),
            )?;
        opened.map(rows::u64_from_sql).transpose()
    }

    fn set_card_reader(&self, id: &TerminalId, on: bool) -> Result<bool, StoreError> {
        identity::set_card_reader(self, id, on)
    }

    fn record_card_read(&self, read: &super::NewCardRead) -> Result<bool, StoreError> {
        identity::record_card_read(self, read)
    }

    fn card_reads(
        &self,
        terminal: Option<&TerminalId>,
    ) -> Result<Vec<super::CardRead>, StoreError> {
        identity::card_reads(self, terminal)
    }

    fn flag_record(&self, flag: &FlaggedRecord) -> Result<(), StoreError> {
        let flag = flag.clone();
        self.write(move |tx| {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO flagged_records
                 (record_id, terminal_id, clerk, reason, made_ms, flagged_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                flag.record_id,
                flag.terminal_id,
                flag.clerk,
                flag.reason,
                sql_u64(flag.made_ms),
                sql_u64(flag.flagged_ms)
            ])?;
            Ok(())
        })
    }

    fn flagged_records(&self) -> Result<Vec<FlaggedRecord>, StoreError> {
        let connection = self.readers.get()?;
        let mut statement = connection.prepare_cached(
            "SELECT record_id, terminal_id, clerk, reason, made_ms, flagged_ms
             FROM flagged_records ORDER BY flagged_ms, record_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, i64>(4)?,
                row.get::<_, i64>(5)?,
            ))
        })?;
        let number = rows::u64_from_sql;
        let mut flags = Vec::new();
        for row in rows {
            let (record_id, terminal_id, clerk, reason, made, flagged) = row?;
            flags.push(FlaggedRecord {
                record_id,
                terminal_id,
                clerk,
                reason,
                made_ms: number(made)?,
                flagged_ms: number(flagged)?,
            });
        }
        Ok(flags)
    }

    fn grant_lease(
        &self,
        terminal: &TerminalStanding,
        request: &LeaseRequest,
        size: u32,
        now_ms: u64,
    ) -> Result<LeaseGrant, StoreError> {
        let (terminal, request) = (terminal.clone(), request.clone());
        self.write(move |tx| {
            let granted: Option<(i64, i64, String, String)> = tx
                .prepare_cached(
                    "SELECT start, \"end\", service, day FROM number_leases
                     WHERE terminal_id = ?1 AND request_id = ?2",
                )?
                .query_row(params![terminal.id.as_str(), &request.request_id], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                })
                .optional()?;
            if let Some((start, end, service, day)) = granted {
                return lease_grant(service, day, start, end);
            }
            let start: i64 = tx
                .prepare_cached(
                    "SELECT COALESCE(MAX(\"end\"), 1) FROM number_leases
                     WHERE court_id = ?1 AND site_id = ?2 AND service = ?3 AND day = ?4",
                )?
                .query_row(
                    params![
                        terminal.court_id,
                        terminal.site_id,
                        &request.service,
                        &request.day
                    ],
                    |row| row.get(0),
                )?;
            let end = start + i64::from(size);
            tx.prepare_cached(
                "INSERT INTO number_leases (court_id, site_id, service, day, start, \"end\",
                     terminal_id, request_id, granted_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                terminal.court_id,
                terminal.site_id,
                &request.service,
                &request.day,
                start,
                end,
                terminal.id.as_str(),
                &request.request_id,
                sql_u64(now_ms)
            ])?;
            lease_grant(request.service, request.day, start, end)
        })
    }

    fn audit_trail(&self, terminal: &TerminalId) -> Result<Vec<AuditedEntry>, StoreError> {
        let connection = self.readers.get()?;
        let mut statement = connection.prepare_cached(
            "SELECT a.seq, a.record_id, a.record_digest, a.prev, a.hash,
                    r.seq, r.origin, r.record_id, r.kind, r.hlc_wall, r.hlc_counter, r.body
             FROM audit_entries a LEFT JOIN records r ON r.record_id = a.record_id
             WHERE a.terminal_id = ?1 ORDER BY a.seq",
        )?;
        let rows = statement.query_map([terminal.as_str()], |row| {
            let entry = entry_from_row(row, 0);
            let has_record = row.get::<_, Option<i64>>(5)?.is_some();
            Ok((entry, has_record.then(|| rows::change_at(row, 5))))
        })?;
        let mut trail = Vec::new();
        for row in rows {
            let (entry, change) = row?;
            let record = change.transpose()?.map(|c| c.record);
            trail.push(AuditedEntry {
                entry: entry?,
                record,
            });
        }
        Ok(trail)
    }

    fn export(
        &self,
        sink: &mut dyn FnMut(Change) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let connection = self.readers.get()?;
        let mut statement = connection.prepare_cached(
            "SELECT seq, origin, record_id, kind, hlc_wall, hlc_counter, body FROM records ORDER BY seq",
        )?;
        let mut rows = statement.query([])?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            sink(change_from_row(row)?)?;
            count += 1;
        }
        Ok(count)
    }

    fn check_identity_key(&self, check: &str) -> Result<bool, StoreError> {
        identity::check_identity_key(self, check)
    }

    fn add_party(&self, party: &PartyOnFile) -> Result<bool, StoreError> {
        identity::add_party(self, party)
    }

    fn party_by_lookup(&self, lookup: &str) -> Result<Option<PartyOnFile>, StoreError> {
        identity::party_by_lookup(self, lookup)
    }

    fn parties(&self) -> Result<Vec<PartyOnFile>, StoreError> {
        identity::parties(self)
    }

    fn remove_party(&self, id: &str) -> Result<bool, StoreError> {
        identity::remove_party(self, id)
    }

    fn add_staff(&self, account: &StaffAccount) -> Result<bool, StoreError> {
        identity::add_staff(self, account)
    }

    fn staff_account(&self, username: &str) -> Result<Option<StaffAccount>, StoreError> {
        identity::staff_account(self, username)
    }

    fn staff_accounts(&self) -> Result<Vec<StaffAccount>, StoreError> {
        identity::staff_accounts(self)
    }

    fn set_staff_disabled(
        &self,
        username: &str,
        disabled_ms: Option<u64>,
    ) -> Result<bool, StoreError> {
        identity::set_staff_disabled(self, username, disabled_ms)
    }

    fn set_staff_verifier(
        &self,
        username: &str,
        verifier: &str,
        now_ms: u64,
        unlock: bool,
    ) -> Result<bool, StoreError> {
        identity::set_staff_verifier(self, username, verifier, now_ms, unlock)
    }

    fn begin_sign_in(&self, username: &str, now_ms: u64) -> Result<SignInStart, StoreError> {
        identity::begin_sign_in(self, username, now_ms)
    }

    fn sign_in_succeeded(&self, username: &str) -> Result<(), StoreError> {
        identity::sign_in_succeeded(self, username)
    }

    fn party_by_id(&self, id: &str) -> Result<Option<PartyOnFile>, StoreError> {
        delivery::party_by_id(self, id)
    }

    fn set_party_address(&self, party_id: &str, sealed: &str) -> Result<bool, StoreError> {
        delivery::set_party_address(self, party_id, sealed)
    }

    fn party_address(&self, party_id: &str) -> Result<Option<String>, StoreError> {
        delivery::party_address(self, party_id)
    }

    fn add_api_client(&self, client: &ApiClient) -> Result<bool, StoreError> {
        delivery::add_api_client(self, client)
    }

    fn api_clients(&self) -> Result<Vec<ApiClient>, StoreError> {
        delivery::api_clients(self)
    }

    fn api_client_by_token(&self, token_hash: &Digest) -> Result<Option<ApiClient>, StoreError> {
        delivery::api_client_by_token(self, token_hash)
    }

    fn revoke_api_client(&self, name: &str, now_ms: u64) -> Result<bool, StoreError> {
        delivery::revoke_api_client(self, name, now_ms)
    }

    fn publish_delivery(&self, delivery: &StoredDelivery) -> Result<PublishOutcome, StoreError> {
        delivery::publish_delivery(self, delivery)
    }

    fn delivery(&self, id: &str) -> Result<Option<StoredDelivery>, StoreError> {
        delivery::delivery(self, id)
    }

    fn delivery_by_request(
        &self,
        publisher: &str,
        request_id: &str,
    ) -> Result<Option<StoredDelivery>, StoreError> {
        delivery::delivery_by_request(self, publisher, request_id)
    }

    fn deliveries(&self, filter: &DeliveryFilter) -> Result<Vec<StoredDelivery>, StoreError> {
        delivery::deliveries(self, filter)
    }

    fn site_holds_document(
        &self,
        court_id: &str,
        site_id: &str,
        sha256: &Digest,
    ) -> Result<bool, StoreError> {
        delivery::site_holds_document(self, court_id, site_id, sha256)
    }

    fn mark_available(&self, ids: &[String], now_ms: u64) -> Result<(), StoreError> {
        delivery::mark_available(self, ids, now_ms)
    }

    fn add_evidence(
        &self,
        delivery_id: &str,
        record_sha256: &Digest,
        countersign: Countersigner,
        now_ms: u64,
    ) -> Result<EvidenceOutcome, StoreError> {
        delivery::add_evidence(self, delivery_id, record_sha256, countersign, now_ms)
    }

    fn evidence(&self, delivery_id: &str) -> Result<Vec<StoredEvidence>, StoreError> {
        delivery::evidence(self, delivery_id)
    }

    fn put_case(&self, case: &CaseToPut) -> Result<(), StoreError> {
        delivery::put_case(self, case)
    }

    fn case_parties(
        &self,
        court_id: &str,
        case_number: &str,
    ) -> Result<Vec<super::StoredCaseParty>, StoreError> {
        delivery::case_parties(self, court_id, case_number)
    }

    fn party_cases(
        &self,
        court_id: &str,
        party_lookup: &str,
    ) -> Result<Vec<StoredPartyCase>, StoreError> {
        delivery::party_cases(self, court_id, party_lookup)
    }

    fn add_site_version(
        &self,
        version: &super::StoredSiteVersion,
    ) -> Result<super::SiteVersionWrite, StoreError> {
        site::add_site_version(self, version)
    }

    fn site_versions(
        &self,
        court_id: &str,
        site_id: &str,
    ) -> Result<Vec<super::StoredSiteVersion>, StoreError> {
        site::site_versions(self, court_id, site_id)
    }

    fn site_head(
        &self,
        court_id: &str,
        site_id: &str,
    ) -> Result<Option<super::StoredSiteVersion>, StoreError> {
        site::site_head(self, court_id, site_id)
    }

    fn report_source(&self, query: &RecordQuery) -> Result<ReportSource, StoreError> {
        let connection = self.readers.get()?;
        // One read transaction: the sessions and the records are of the
        // same committed state.
        let tx = connection.unchecked_transaction()?;
        let kinds = serde_json::to_string(&query.kinds)
            .map_err(|_| StoreError::Corrupt("record kinds".into()))?;
        let site = query.site_id.as_deref();
        let (from, until) = (sql_u64(query.from_ms), sql_u64(query.until_ms));
        let mut source = ReportSource::default();
        {
            // `records_by_site` narrows to the court (and site); the kind
            // and the terminal's time are checked on the rows it yields.
            let mut statement = tx.prepare_cached(
                "SELECT site_id, origin, kind, hlc_wall, hlc_counter, body, received_ms
                 FROM records
                 WHERE court_id = ?1 AND (?2 IS NULL OR site_id = ?2)
                   AND kind IN (SELECT value FROM json_each(?3))
                   AND hlc_wall >= ?4 AND hlc_wall < ?5
                 ORDER BY seq",
            )?;
            let mut rows = statement.query(params![query.court_id, site, kinds, from, until])?;
            while let Some(row) = rows.next()? {
                source.records.push(SyncedRecord {
                    site_id: row.get(0)?,
                    origin: report::terminal_id(&row.get::<_, String>(1)?)?,
                    kind: row.get(2)?,
                    hlc: courtdesk_protocol::hlc::Hlc {
                        wall_ms: rows::u64_from_sql(row.get(3)?)?,
                        counter: u32::try_from(row.get::<_, i64>(4)?)
                            .map_err(|_| StoreError::Corrupt("hlc counter".into()))?,
                    },
                    body: row.get(5)?,
                    received_ms: rows::u64_from_sql(row.get(6)?)?,
                });
            }
        }
        {
            let mut statement = tx.prepare_cached(
                "SELECT s.username, s.terminal_id, s.opened_ms, s.last_used_ms, s.ended_ms
                 FROM staff_sessions AS s JOIN terminals AS t ON t.id = s.terminal_id
                 WHERE t.court_id = ?1 AND (?2 IS NULL OR t.site_id = ?2)
                   AND s.opened_ms < ?4 AND (s.ended_ms IS NULL OR s.ended_ms >= ?3)
                 ORDER BY s.opened_ms, s.terminal_id",
            )?;
            let mut rows = statement.query(params![query.court_id, site, from, until])?;
            while let Some(row) = rows.next()? {
                source.sessions.push(DeskSession {
                    username: row.get(0)?,
                    terminal_id: report::terminal_id(&row.get::<_, String>(1)?)?,
                    opened_ms: rows::u64_from_sql(row.get(2)?)?,
                    last_used_ms: rows::u64_from_sql(row.get(3)?)?,
                    ended_ms: row
                        .get::<_, Option<i64>>(4)?
                        .map(rows::u64_from_sql)
                        .transpose()?,
                });
            }
        }
        tx.commit()?;
        Ok(source)
    }
}

/// A stored block as the wire carries it.
pub(super) fn lease_grant(
    service: String,
    day: String,
    start: i64,
    end: i64,
) -> Result<LeaseGrant, StoreError> {
    let number =
        |n: i64| u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("lease bound {n}")));
    Ok(LeaseGrant {
        service,
        day,
        start: number(start)?,
        end: number(end)?,
    })
}

/// A push that did not go through: refused by the rules, or failed.
enum PushFailure {
    Refused(PushRefusal),
    Store(StoreError),
}

impl From<rusqlite::Error> for PushFailure {
    fn from(error: rusqlite::Error) -> PushFailure {
        PushFailure::Store(error.into())
    }
}

impl From<StoreError> for PushFailure {
    fn from(error: StoreError) -> PushFailure {
        PushFailure::Store(error)
    }
}

/// The push inside its transaction; a refusal leaves the caller to roll back.
fn push_in(
    tx: &Connection,
    terminal: &TerminalStanding,
    batch: &PushRequest,
    now_ms: u64,
) -> Result<Result<PushAccepted, PushRefusal>, StoreError> {
    let head = rows::chain_head(tx, &terminal.id)?;
    let mut stored_entries = HashMap::new();
    if let Some(first) = batch.audit.first() {
        let mut statement = tx.prepare_cached(
            "SELECT seq, record_id, record_digest, prev, hash FROM audit_entries
             WHERE terminal_id = ?1 AND seq >= ?2 AND seq <= ?3",
        )?;
        let rows = statement.query_map(
            params![terminal.id.as_str(), sql_u64(first.seq), sql_u64(head.seq)],
            |row| Ok(entry_from_row(row, 0)),
        )?;
        for row in rows {
            let entry = row??;
            stored_entries.insert(entry.seq, entry);
        }
    }
    let mut stored_records = HashMap::new();
    {
        let mut statement =
            tx.prepare_cached("SELECT digest, seq FROM records WHERE record_id = ?1")?;
        for record in &batch.records {
            let found: Option<(String, i64)> = statement
                .query_row([record.id.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            if let Some((digest, seq)) = found {
                let digest = rows::parse_digest(&digest)?;
                stored_records.insert(record.id.clone(), (digest, rows::u64_from_sql(seq)?));
            }
        }
    }
    let plan = match ingest::plan(head, batch, &stored_entries, &stored_records) {
        Ok(plan) => plan,
        Err(refusal) => return Ok(Err(refusal)),
    };

    let mut seqs: Vec<u64> = Vec::with_capacity(plan.steps.len());
    let mut outcomes = Vec::with_capacity(plan.steps.len());
    for (i, step) in plan.steps.iter().enumerate() {
        let id = batch.records[i].id.clone();
        let (seq, outcome) = match step {
            Step::Insert(index) => {
                let seq = rows::insert_record(tx, terminal, &batch.records[*index], now_ms)?;
                (seq, PushOutcome::Applied { id, seq })
            }
            Step::Stored(seq) => (*seq, PushOutcome::Duplicate { id, seq: *seq }),
            Step::SameAs(index) => {
                let seq = seqs[*index];
                (seq, PushOutcome::Duplicate { id, seq })
            }
        };
        seqs.push(seq);
        outcomes.push(outcome);
    }
    for entry in &plan.new_entries {
        rows::insert_entry(tx, &terminal.id, entry)?;
    }
    tx.prepare_cached("UPDATE terminals SET head_seq = ?1, head_hash = ?2 WHERE id = ?3")?
        .execute(params![
            sql_u64(plan.head.seq),
            plan.head.hash.to_hex(),
            terminal.id.as_str()
        ])?;
    Ok(Ok(PushAccepted {
        outcomes,
        chain_head: plan.head,
    }))
}
