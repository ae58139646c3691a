//! The PostgreSQL store: a small pool of blocking connections, each trait
//! call one transaction at READ COMMITTED.
//!
//! Where the SQLite store relies on its single writer, this one takes row
//! locks inside the transaction:
//!
//! - a push locks its terminal's row (`FOR UPDATE`), so two pushes of one
//!   terminal see and extend the chain head one after the other;
//! - it then locks the single `record_sequence` row and holds it until it
//!   commits, so server sequence numbers are assigned and become visible in
//!   order: a pull never skips a number that commits later. Pushes are thus
//!   serialized like SQLite's, always taking the terminal's row first and
//!   the counter second, so they cannot deadlock; pulls and
//!   enrollment of other terminals run beside them;
//! - enrollment locks the code's row, so a code is spent once.

mod delivery;
mod identity;
mod pool;
mod push;
mod rows;
mod schema;
mod site;

use courtdesk_core::TerminalId;
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::{Change, LeaseGrant, LeaseRequest, PushRequest};
use postgres::IsolationLevel;

use super::{
    ApiClient, AuditedEntry, CaseToPut, CentralStore, Countersigner, DeliveryFilter, Enrollment,
    EvidenceOutcome, FlaggedRecord, NewEnrollmentCode, NewTerminal, PartyOnFile, PublishOutcome,
    SignInStart, StaffAccount, StaffSession, StoreError, StoredChange, StoredDelivery,
    StoredEvidence, StoredPartyCase, TerminalStanding,
};
use super::{DeskSession, RecordQuery, ReportSource, SyncedRecord, report};
use crate::ingest::{PushAccepted, PushRefusal};
use crate::settings::PostgresUrl;
use pool::Pool;
use rows::{CHANGE_COLUMNS, TERMINAL_COLUMNS, change_at, entry_at, sql_u64, standing_from_row};

/// How many records an export reads per round trip.
const EXPORT_PAGE: i64 = 1000;

/// The PostgreSQL implementation of [`CentralStore`].
pub struct PgStore {
    pool: Pool,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PgStore")
    }
}

impl PgStore {
    /// Connects to the database at `url` and brings its schema up to date.
    /// Blocking: async callers run it on the blocking pool.
    pub fn open(url: &PostgresUrl) -> Result<PgStore, StoreError> {
        let pool = Pool::new(url)?;
        {
            let mut client = pool.get()?;
            schema::prepare(&mut client, url)?;
        }
        Ok(PgStore { pool })
    }

    fn write<T>(
        &self,
        action: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.pool.get()?;
        let mut tx = client.transaction()?;
        let value = action(&mut tx)?;
        tx.commit()?;
        Ok(value)
    }
}

impl CentralStore for PgStore {
    fn add_enrollment_code(&self, code: &NewEnrollmentCode) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO enrollment_codes (code_hash, court_id, site_id, mode, created_ms, expires_ms)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &code.code_hash.to_hex(),
                    &code.court_id,
                    &code.site_id,
                    &code.mode.as_str(),
                    &sql_u64(code.created_ms),
                    &sql_u64(code.expires_ms),
                ],
            )?;
            Ok(())
        })
    }

    fn enroll(&self, code_hash: &Digest, terminal: &NewTerminal) -> Result<Enrollment, StoreError> {
        let mut client = self.pool.get()?;
        let mut tx = client.transaction()?;
        let now = sql_u64(terminal.now_ms);
        // The lock makes a second enrollment with the same code wait, then
        // find it spent.
        let bound = tx.query_opt(
            "SELECT court_id, site_id, mode FROM enrollment_codes
             WHERE code_hash = $1 AND used_by IS NULL AND expires_ms > $2 FOR UPDATE",
            &[&code_hash.to_hex(), &now],
        )?;
        let Some(bound) = bound else {
            return Ok(Enrollment::CodeRefused);
        };
        let (court_id, site_id): (String, String) = (bound.try_get(0)?, bound.try_get(1)?);
        let mode: Option<String> = bound.try_get(2)?;
        if let Some(refused) = super::code_refusal(mode.as_deref(), terminal.mode) {
            return Ok(refused);
        }
        let inserted = tx.execute(
            "INSERT INTO terminals (id, mode, public_key, court_id, site_id, enrolled_ms, head_seq, head_hash)
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7) ON CONFLICT (id) DO NOTHING",
            &[
                &terminal.id.as_str(),
                &terminal.mode.as_str(),
                &terminal.public_key,
                &court_id,
                &site_id,
                &now,
                &courtdesk_protocol::chain::GENESIS.to_hex(),
            ],
        )?;
        if inserted == 0 {
            // Rolled back: the code stays unspent, so the administrator may
            // hand it to the terminal that was meant to have it.
            return Ok(Enrollment::AlreadyEnrolled);
        }
        tx.execute(
            "UPDATE enrollment_codes SET used_by = $1, used_ms = $2 WHERE code_hash = $3",
            &[&terminal.id.as_str(), &now, &code_hash.to_hex()],
        )?;
        tx.commit()?;
        Ok(Enrollment::Enrolled { court_id, site_id })
    }

    fn terminal(&self, id: &TerminalId) -> Result<Option<TerminalStanding>, StoreError> {
        let sql = format!("SELECT {TERMINAL_COLUMNS} FROM terminals WHERE id = $1");
        let row = self.pool.get()?.query_opt(&sql, &[&id.as_str()])?;
        row.as_ref().map(standing_from_row).transpose()
    }

    fn terminals(&self) -> Result<Vec<TerminalStanding>, StoreError> {
        let sql =
            format!("SELECT {TERMINAL_COLUMNS} FROM terminals ORDER BY court_id, site_id, id");
        let rows = self.pool.get()?.query(&sql, &[])?;
        rows.iter().map(standing_from_row).collect()
    }

    fn revoke(&self, id: &TerminalId, now_ms: u64) -> Result<bool, StoreError> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE terminals SET revoked_ms = COALESCE(revoked_ms, $1) WHERE id = $2",
                &[&sql_u64(now_ms), &id.as_str()],
            )?;
            Ok(changed == 1)
        })
    }

    fn push(
        &self,
        terminal: TerminalStanding,
        batch: PushRequest,
        now_ms: u64,
    ) -> Result<Result<PushAccepted, PushRefusal>, StoreError> {
        if let Err(refusal) = crate::ingest::check_shape(&batch) {
            return Ok(Err(refusal));
        }
        let mut client = self.pool.get()?;
        let mut tx = client.transaction()?;
        let outcome = push::push_in(&mut tx, &terminal, &batch, now_ms)?;
        match &outcome {
            Ok(_) => tx.commit()?,
            Err(PushRefusal::ChainBroken(reason)) => {
                // The batch is dropped, but the terminal stays flagged so an
                // administrator looks at it.
                tx.execute(
                    "UPDATE terminals SET chain_broken_ms = COALESCE(chain_broken_ms, $1),
                     chain_broken = COALESCE(chain_broken, $2) WHERE id = $3",
                    &[&sql_u64(now_ms), reason, &terminal.id.as_str()],
                )?;
                tx.commit()?;
            }
            Err(_) => tx.rollback()?,
        }
        Ok(outcome)
    }

    fn pull(
        &self,
        court_id: &str,
        site_id: &str,
        after: u64,
        limit: usize,
        kinds: &[&str],
    ) -> Result<(Vec<StoredChange>, bool), StoreError> {
        let fetch = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
        let rows = self.pool.get()?.query(
            "SELECT r.seq, r.origin, r.record_id, r.kind, r.hlc_wall, r.hlc_counter, r.body, t.mode
             FROM records AS r JOIN terminals AS t ON t.id = r.origin
             WHERE r.court_id = $1 AND r.site_id = $2 AND r.seq > $3 AND r.kind = ANY($5)
             ORDER BY r.seq LIMIT $4",
            &[&court_id, &site_id, &sql_u64(after), &fetch, &kinds],
        )?;
        let mut changes = rows
            .iter()
            .map(rows::stored_change)
            .collect::<Result<Vec<_>, _>>()?;
        let more = changes.len() > limit;
        changes.truncate(limit);
        Ok((changes, more))
    }

    fn touch_terminal(&self, id: &TerminalId, now_ms: u64) -> Result<(), StoreError> {
        self.pool.get()?.execute(
            "UPDATE terminals SET last_seen_ms = $1 WHERE id = $2",
            &[&sql_u64(now_ms), &id.as_str()],
        )?;
        Ok(())
    }

    fn hold_blob(
        &self,
        sha256_hex: &str,
        terminal: &TerminalStanding,
        now_ms: u64,
    ) -> Result<(), StoreError> {
        self.pool.get()?.execute(
            "INSERT INTO blob_holders (sha256, court_id, site_id, terminal_id, held_ms)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            &[
                &sha256_hex,
                &terminal.court_id,
                &terminal.site_id,
                &terminal.id.as_str(),
                &sql_u64(now_ms),
            ],
        )?;
        Ok(())
    }

    fn site_holds_blob(
        &self,
        court_id: &str,
        site_id: &str,
        sha256_hex: &str,
    ) -> Result<bool, StoreError> {
        let row = self.pool.get()?.query_one(
            "SELECT EXISTS (SELECT 1 FROM blob_holders
             WHERE sha256 = $1 AND court_id = $2 AND site_id = $3)",
            &[&sha256_hex, &court_id, &site_id],
        )?;
        Ok(row.get(0))
    }

    fn admit_nonce(
        &self,
        terminal: &TerminalId,
        nonce: &str,
        expires_ms: u64,
        now_ms: u64,
    ) -> Result<bool, StoreError> {
        let mut client = self.pool.get()?;
        client.execute(
            "DELETE FROM request_nonces WHERE expires_ms < $1",
            &[&sql_u64(now_ms)],
        )?;
        let added = client.execute(
            "INSERT INTO request_nonces (terminal_id, nonce, expires_ms)
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&terminal.as_str(), &nonce, &sql_u64(expires_ms)],
        )?;
        Ok(added == 1)
    }

    fn open_staff_session(&self, session: &StaffSession) -> Result<(), StoreError> {
        self.pool.get()?.execute(
            "INSERT INTO staff_sessions (token_hash, username, terminal_id, opened_ms, last_used_ms)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &session.token_hash.to_hex(),
                &session.username,
                &session.terminal_id.as_str(),
                &sql_u64(session.opened_ms),
                &sql_u64(session.last_used_ms),
            ],
        )?;
        Ok(())
    }

    fn staff_session(&self, token_hash: &Digest) -> Result<Option<StaffSession>, StoreError> {
        let row = self.pool.get()?.query_opt(
            "SELECT s.username, s.terminal_id, s.opened_ms, s.last_used_ms, s.ended_ms,
                    a.role, a.disabled_ms
             FROM staff_sessions AS s JOIN staff_accounts AS a ON a.username = s.username
             WHERE s.token_hash = $1",
            &[&token_hash.to_hex()],
        )?;
        let Some(row) = row else {
            return Ok(None);
        };
        let number = rows::u64_from_sql;
        let terminal: String = row.try_get(1)?;
        let role: String = row.try_get(5)?;
        Ok(Some(StaffSession {
            token_hash: *token_hash,
            username: row.try_get(0)?,
            terminal_id: terminal
                .parse()
                .map_err(|_| StoreError::Corrupt("terminal id".into()))?,
            opened_ms: number(row.try_get(2)?)?,
            last_used_ms: number(row.try_get(3)?)?,
            ended_ms: row.try_get::<_, Option<i64>>(4)?.map(number).transpose()?,
            role: Some(super::role_from_name(&role)?),
            account_disabled_ms: row.try_get::<_, Option<i64>>(6)?.map(number).transpose()?,
        }))
    }

    fn touch_staff_session(&self, token_hash: &Digest, now_ms: u64) -> Result<(), StoreError> {
        self.pool.get()?.execute(
            "UPDATE staff_sessions SET last_used_ms = GREATEST(last_used_ms, $1) WHERE token_hash = $2",
            &[&sql_u64(now_ms), &token_hash.to_hex()],
        )?;
        Ok(())
    }

    fn end_staff_session(
        &self,
        token_hash: &Digest,
        terminal: &TerminalId,
        now_ms: u64,
    ) -> Result<bool, StoreError> {
        let ended = self.pool.get()?.execute(
            "UPDATE staff_sessions SET ended_ms = $1
             WHERE token_hash = $2 AND terminal_id = $3 AND ended_ms IS NULL",
            &[&sql_u64(now_ms), &token_hash.to_hex(), &terminal.as_str()],
        )?;
        Ok(ended == 1)
    }

    fn last_sign_in_at(
        &self,
        username: &str,
        terminal: &TerminalId,
        at_ms: u64,
    ) -> Result<Option<u64>, StoreError> {
        let row = self.pool.get()?.query_one(
            "SELECT MAX(opened_ms) FROM staff_sessions
             WHERE username = $1 AND terminal_id = $2 AND opened_ms <= $3",
            &[&username, &terminal.as_str(), &sql_u64(at_ms)],
        )?;
        row.try_get::<_, Option<i64>>(0)?
            .map(rows::u64_from_sql)
            .transpose()
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
        self.pool.get()?.execute(
            "INSERT INTO flagged_records
             (record_id, terminal_id, clerk, reason, made_ms, flagged_ms)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            &[
                &flag.record_id,
                &flag.terminal_id,
                &flag.clerk,
                &flag.reason,
                &sql_u64(flag.made_ms),
                &sql_u64(flag.flagged_ms),
            ],
        )?;
        Ok(())
    }

    fn flagged_records(&self) -> Result<Vec<FlaggedRecord>, StoreError> {
        let rows = self.pool.get()?.query(
            "SELECT record_id, terminal_id, clerk, reason, made_ms, flagged_ms
             FROM flagged_records ORDER BY flagged_ms, record_id",
            &[],
        )?;
        let number = rows::u64_from_sql;
        rows.iter()
            .map(|row| {
                Ok(FlaggedRecord {
                    record_id: row.try_get(0)?,
                    terminal_id: row.try_get(1)?,
                    clerk: row.try_get(2)?,
                    reason: row.try_get(3)?,
                    made_ms: number(row.try_get(4)?)?,
                    flagged_ms: number(row.try_get(5)?)?,
                })
            })
            .collect()
    }

    fn grant_lease(
        &self,
        terminal: &TerminalStanding,
        request: &LeaseRequest,
        size: u32,
        now_ms: u64,
    ) -> Result<LeaseGrant, StoreError> {
        self.write(|tx| {
            // Two kiosks leasing the same service's numbers at once take
            // turns here, so the second sees the first one's block.
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                &[&format!(
                    "{}\u{1f}{}\u{1f}{}\u{1f}{}",
                    terminal.court_id, terminal.site_id, request.service, request.day
                )],
            )?;
            let granted = tx.query_opt(
                "SELECT start, \"end\", service, day FROM number_leases
                 WHERE terminal_id = $1 AND request_id = $2",
                &[&terminal.id.as_str(), &request.request_id],
            )?;
            if let Some(row) = granted {
                return super::sqlite::lease_grant(
                    row.try_get(2)?,
                    row.try_get(3)?,
                    row.try_get(0)?,
                    row.try_get(1)?,
                );
            }
            let start: i64 = tx
                .query_one(
                    "SELECT COALESCE(MAX(\"end\"), 1)::BIGINT FROM number_leases
                     WHERE court_id = $1 AND site_id = $2 AND service = $3 AND day = $4",
                    &[
                        &terminal.court_id,
                        &terminal.site_id,
                        &request.service,
                        &request.day,
                    ],
                )?
                .try_get(0)?;
            let end = start + i64::from(size);
            tx.execute(
                "INSERT INTO number_leases (court_id, site_id, service, day, start, \"end\",
                     terminal_id, request_id, granted_ms)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &terminal.court_id,
                    &terminal.site_id,
                    &request.service,
                    &request.day,
                    &start,
                    &end,
                    &terminal.id.as_str(),
                    &request.request_id,
                    &sql_u64(now_ms),
                ],
            )?;
            super::sqlite::lease_grant(request.service.clone(), request.day.clone(), start, end)
        })
    }

    fn audit_trail(&self, terminal: &TerminalId) -> Result<Vec<AuditedEntry>, StoreError> {
        let rows = self.pool.get()?.query(
            "SELECT a.seq, a.record_id, a.record_digest, a.prev, a.hash,
                    r.seq, r.origin, r.record_id, r.kind, r.hlc_wall, r.hlc_counter, r.body
             FROM audit_entries a LEFT JOIN records r ON r.record_id = a.record_id
             WHERE a.terminal_id = $1 ORDER BY a.seq",
            &[&terminal.as_str()],
        )?;
        let mut trail = Vec::with_capacity(rows.len());
        for row in &rows {
            let has_record = row.try_get::<_, Option<i64>>(5)?.is_some();
            let record = if has_record {
                Some(change_at(row, 5)?.record)
            } else {
                None
            };
            trail.push(AuditedEntry {
                entry: entry_at(row, 0)?,
                record,
            });
        }
        Ok(trail)
    }

    fn export(
        &self,
        sink: &mut dyn FnMut(Change) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let mut client = self.pool.get()?;
        // One snapshot for every page, so the export is one consistent
        // moment even while pushes go on.
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let sql =
            format!("SELECT {CHANGE_COLUMNS} FROM records WHERE seq > $1 ORDER BY seq LIMIT $2");
        let mut after = 0_i64;
        let mut count = 0;
        loop {
            let rows = tx.query(&sql, &[&after, &EXPORT_PAGE])?;
            for row in &rows {
                let change = change_at(row, 0)?;
                after = sql_u64(change.seq);
                sink(change)?;
                count += 1;
            }
            if (rows.len() as i64) < EXPORT_PAGE {
                break;
            }
        }
        tx.commit()?;
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
        let mut client = self.pool.get()?;
        // REPEATABLE READ: the sessions and the records are of one snapshot.
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let site = query.site_id.as_deref();
        let (from, until) = (sql_u64(query.from_ms), sql_u64(query.until_ms));
        let mut source = ReportSource::default();
        // `records_by_site` narrows to the court (and site); the kind and
        // the terminal's time are checked on the rows it yields.
        for row in tx.query(
            "SELECT site_id, origin, kind, hlc_wall, hlc_counter, body, received_ms
             FROM records
             WHERE court_id = $1 AND ($2::text IS NULL OR site_id = $2::text)
               AND kind = ANY($3) AND hlc_wall >= $4 AND hlc_wall < $5
             ORDER BY seq",
            &[&query.court_id, &site, &query.kinds, &from, &until],
        )? {
            source.records.push(SyncedRecord {
                site_id: row.try_get(0)?,
                origin: report::terminal_id(row.try_get(1)?)?,
                kind: row.try_get(2)?,
                hlc: courtdesk_protocol::hlc::Hlc {
                    wall_ms: rows::u64_from_sql(row.try_get(3)?)?,
                    counter: u32::try_from(row.try_get::<_, i64>(4)?)
                        .map_err(|_| StoreError::Corrupt("hlc counter".into()))?,
                },
                body: row.try_get(5)?,
                received_ms: rows::u64_from_sql(row.try_get(6)?)?,
            });
        }
        for row in tx.query(
            "SELECT s.username, s.terminal_id, s.opened_ms, s.last_used_ms, s.ended_ms
             FROM staff_sessions AS s JOIN terminals AS t ON t.id = s.terminal_id
             WHERE t.court_id = $1 AND ($2::text IS NULL OR t.site_id = $2::text)
               AND s.opened_ms < $4 AND (s.ended_ms IS NULL OR s.ended_ms >= $3)
             ORDER BY s.opened_ms, s.terminal_id",
            &[&query.court_id, &site, &from, &until],
        )? {
            source.sessions.push(DeskSession {
                username: row.try_get(0)?,
                terminal_id: report::terminal_id(row.try_get(1)?)?,
                opened_ms: rows::u64_from_sql(row.try_get(2)?)?,
                last_used_ms: rows::u64_from_sql(row.try_get(3)?)?,
                ended_ms: row
                    .try_get::<_, Option<i64>>(4)?
                    .map(rows::u64_from_sql)
                    .transpose()?,
            });
        }
        tx.commit()?;
        Ok(source)
    }
}
