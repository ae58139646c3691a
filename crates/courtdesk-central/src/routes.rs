//! The endpoints: enrollment (unsigned), push, pull and who-am-I (signed),
//! and JSON answers for everything else.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, State};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use courtdesk_core::Mode;
use courtdesk_protocol::api::{
    EnrollRequest, EnrollResponse, ErrorBody, ErrorCode, MAX_PULL_CHANGES, MAX_PULL_WAIT_MS,
    PullResponse, PushOutcome, PushRequest, PushResponse, WhoAmI, paths,
};
use courtdesk_protocol::auth::decode_public_key;
use courtdesk_protocol::hlc::Hlc;
use courtdesk_protocol::record::canonical_json;
use courtdesk_protocol::rights;
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::blob_routes;
use crate::code::hash_code;
use crate::error::ApiError;
use crate::ingest::PushRefusal;
use crate::peer::Peer;
use crate::state::{Central, now_ms};
use crate::store::{Enrollment, NewTerminal, StoredChange};

pub(crate) fn router(central: Arc<Central>, body_limit: usize, publish_limit: usize) -> Router {
    use crate::delivery::routes as delivery;
    use courtdesk_protocol::cases::paths as cases;
    use courtdesk_protocol::delivery::paths as deliveries;
    Router::new()
        // Documents travel inside the publication, so it alone may exceed
        // the body limit, up to what the delivery limits allow.
        .route(
            deliveries::PUBLISH,
            post(delivery::publish).layer(DefaultBodyLimit::max(publish_limit)),
        )
        .route(deliveries::SITE, get(delivery::site))
        .route(deliveries::WAITING, post(delivery::waiting))
        .route(cases::PUT, post(delivery::put_case))
        .route(cases::PARTY, post(delivery::party_cases))
        .route(deliveries::EVIDENCE, post(delivery::evidence))
        .route(deliveries::DESK, get(delivery::desk))
        .route(deliveries::COURT_KEY, get(delivery::court_key))
        .route("/v1/deliveries/{id}/paper", get(delivery::paper))
        .route(
            "/v1/delivery-documents/{sha256}",
            get(delivery::document).post(delivery::party_document),
        )
        .route(paths::ENROLL, post(enroll))
        .route(paths::PUSH, post(push))
        .route(paths::PULL, get(pull))
        .route(paths::WHOAMI, get(whoami))
        .route(
            courtdesk_protocol::site::SITE_CONFIG,
            get(crate::site::routes::site_config),
        )
        .route(paths::LEASES, post(crate::leases::lease))
        .route(paths::OTP, post(crate::identity::otp_routes::request_otp))
        .route(
            paths::OTP_VERIFY,
            post(crate::identity::otp_routes::verify_otp),
        )
        .route(
            paths::STAFF_SIGN_IN,
            post(crate::identity::staff_routes::sign_in),
        )
        .route(
            paths::STAFF_SIGN_OUT,
            post(crate::identity::sessions::sign_out),
        )
        .route("/v1/blobs/{sha256}", get(blob_routes::status))
        .route(
            "/v1/blobs/{sha256}/chunks/{offset}",
            put(blob_routes::put_chunk),
        )
        .route("/v1/blobs/{sha256}/complete", post(blob_routes::complete))
        .route("/v1/blobs/{sha256}/content", get(blob_routes::content))
        .route("/v1/reports/summary", get(crate::report::routes::summary))
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(central)
}

async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such endpoint")
}

fn json<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::malformed_json(&e))
}

/// 200 bound; 400 malformed; 403 unknown, spent or expired code, or a code
/// of another mode; 409 the terminal id is already enrolled (the code is
/// left unspent); 429 too many attempts from the address. Every refusal is
/// logged with the address, never the code.
#[utoipa::path(post, path = "/v1/enroll", tag = "enrollment", security(()),
    request_body = EnrollRequest,
    responses(
        (status = 200, description = "The terminal is bound to the code's court and site", body = EnrollResponse),
        (status = 400, description = "`bad_request`: malformed JSON or public key", body = ErrorBody),
        (status = 403, description = "`forbidden`: the code is unknown, spent or expired (or was made before codes named a mode); `enrollment_mode_mismatch`: the code enrolls another mode of terminal and is left unspent", body = ErrorBody),
        (status = 409, description = "`conflict`: this terminal id is already enrolled; the code is left unspent", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many enrollment attempts from this address", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub(crate) async fn enroll(
    State(central): State<Arc<Central>>,
    ConnectInfo(Peer(peer)): ConnectInfo<Peer>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<EnrollResponse>, ApiError> {
    let address = peer.ip();
    if !central
        .enrollments
        .admit(&address, std::time::Instant::now())
    {
        tracing::warn!(%address, "enrollment refused: too many attempts from this address");
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            "too many enrollment attempts from this address; retry later",
        ));
    }
    let body = body.map_err(|rejection| ApiError::unreadable_body(rejection.status()))?;
    let request: EnrollRequest = json(&body).inspect_err(|_| {
        tracing::warn!(%address, "enrollment refused: malformed request");
    })?;
    decode_public_key(&request.public_key)
        .map_err(|e| ApiError::new(ErrorCode::BadRequest, e.to_string()))?;
    let code_hash = hash_code(&request.code);
    let terminal = NewTerminal {
        id: request.terminal_id.clone(),
        mode: request.mode,
        public_key: request.public_key,
        now_ms: now_ms(),
    };
    let outcome = central
        .with_store(move |store| store.enroll(&code_hash, &terminal))
        .await?;
    match outcome {
        Enrollment::Enrolled { court_id, site_id } => {
            tracing::info!(terminal = %request.terminal_id, %court_id, %site_id, "terminal enrolled");
            Ok(Json(EnrollResponse {
                terminal_id: request.terminal_id,
                court_id,
                site_id,
                server_hlc: central.stamp([]),
            }))
        }
        Enrollment::CodeRefused => {
            tracing::warn!(%address, terminal = %request.terminal_id, "enrollment refused: unknown, spent or expired code");
            Err(ApiError::new(
                ErrorCode::Forbidden,
                "the enrollment code is unknown, spent or expired",
            ))
        }
        Enrollment::ModeMismatch => {
            tracing::warn!(%address, terminal = %request.terminal_id, mode = %request.mode, "enrollment refused: the code is for another mode");
            Err(ApiError::new(
                ErrorCode::EnrollmentModeMismatch,
                "the enrollment code was made for another kind of terminal",
            ))
        }
        Enrollment::AlreadyEnrolled => {
            tracing::warn!(%address, terminal = %request.terminal_id, "enrollment refused: already enrolled");
            Err(ApiError::new(
                ErrorCode::Conflict,
                "this terminal id is already enrolled",
            ))
        }
    }
}

/// 200 stored whole; 400 malformed or entries not matching records; 413 too
/// many records; 409 `conflict` or `chain_broken`, nothing stored.
#[utoipa::path(post, path = "/v1/sync/push", tag = "sync",
    request_body = PushRequest,
    responses(
        (status = 200, description = "The batch was stored whole; retried records come back as duplicates", body = PushResponse),
        (status = 400, description = "`bad_request`: malformed JSON, or audit entries that do not match their records", body = ErrorBody),
        (status = 409, description = "`conflict`: a record id already stored with other content; `chain_broken`: the entries do not continue the terminal's chain (the terminal is flagged). Nothing is stored.", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked; `record_not_allowed`: a record's kind may not be pushed by this mode of terminal (the message names the record, its kind and the rule). Nothing is stored.", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the body exceeds the server's limit", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many requests from this terminal; retry later", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
    ))]
pub(crate) async fn push(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<PushResponse>, ApiError> {
    let batch: PushRequest = json(&request.body)?;
    let terminal = request.terminal;
    let clerks = (terminal.mode == Mode::Staff).then(|| clerked(&batch));
    for record in &batch.records {
        if let Err(denied) = rights::may_push(terminal.mode, &terminal.id, record) {
            tracing::warn!(terminal = %terminal.id, mode = %terminal.mode, kind = %denied.kind, "push refused: record not allowed");
            return Err(ApiError::new(
                ErrorCode::RecordNotAllowed,
                denied.to_string(),
            ));
        }
    }
    let stamps: Vec<_> = batch.records.iter().map(|r| r.hlc).collect();
    let origin = terminal.id.clone();
    let outcome = central
        .with_store(move |store| store.push(terminal, batch, now_ms()))
        .await?;
    match outcome {
        Ok(accepted) => {
            central.metrics.push_accepted(accepted.outcomes.len());
            tracing::info!(terminal = %origin, records = accepted.outcomes.len(), head = accepted.chain_head.seq, "push accepted");
            if accepted
                .outcomes
                .iter()
                .any(|o| matches!(o, PushOutcome::Applied { .. }))
            {
                central.changes.send_modify(|n| *n = n.wrapping_add(1));
            }
            if let Some(clerks) = clerks.filter(|c| !c.is_empty()) {
                flag_unvouched(&central, &origin, clerks).await?;
            }
            Ok(Json(PushResponse {
                outcomes: accepted.outcomes,
                chain_head: accepted.chain_head,
                server_hlc: central.stamp(stamps),
            }))
        }
        Err(refusal) => {
            central.metrics.push_refused();
            tracing::warn!(terminal = %origin, %refusal, "push refused");
            let code = match refusal {
                PushRefusal::TooMany(_) => ErrorCode::PayloadTooLarge,
                PushRefusal::Malformed(_) => ErrorCode::BadRequest,
                PushRefusal::Conflict(_) => ErrorCode::Conflict,
                PushRefusal::ChainBroken(_) => ErrorCode::ChainBroken,
            };
            Err(ApiError::new(code, refusal.to_string()))
        }
    }
}

/// The records of a desk's batch that name a clerk: (record id, clerk,
/// the record's own time).
fn clerked(batch: &PushRequest) -> Vec<(String, String, u64)> {
    batch
        .records
        .iter()
        .filter_map(|record| {
            let clerk = record.body.get("clerk")?.as_str()?;
            Some((record.id.to_string(), clerk.to_owned(), record.hlc.wall_ms))
        })
        .collect()
}

/// Flags, for a supervisor, the records a desk made for a clerk the server
/// cannot vouch for: an account it does not know, one disabled before the
/// record was made (an offline sign-in at a desk can allow that), or a
/// clerk with no online sign-in at that desk whose session or offline
/// window covers the record (`courtdesk_identity::staff::vouch_record`).
/// They are kept as every record is; the flag is what a supervisor reviews.
async fn flag_unvouched(
    central: &Central,
    terminal: &courtdesk_core::TerminalId,
    records: Vec<(String, String, u64)>,
) -> Result<(), ApiError> {
    use courtdesk_identity::staff::{RECORD_CLOCK_TOLERANCE_MS, Unvouched, vouch_record};
    let terminal = terminal.clone();
    let now = now_ms();
    central
        .with_store(move |store| {
            let mut accounts = std::collections::HashMap::new();
            for (record_id, clerk, made_ms) in records {
                if !accounts.contains_key(&clerk) {
                    accounts.insert(clerk.clone(), store.staff_account(&clerk)?);
                }
                let reason = match &accounts[&clerk] {
                    None => "unknown_clerk",
                    Some(account) if account.disabled_ms.is_some_and(|at| at <= made_ms) => {
                        "clerk_disabled"
                    }
                    Some(_) => {
                        let signed_in = store.last_sign_in_at(
                            &clerk,
                            &terminal,
                            made_ms.saturating_add(RECORD_CLOCK_TOLERANCE_MS),
                        )?;
                        match vouch_record(signed_in, made_ms) {
                            Ok(()) => continue,
                            Err(Unvouched::NoSignIn) => "no_sign_in",
                            Err(Unvouched::SignInTooOld) => "sign_in_too_old",
                        }
                    }
                };
                tracing::warn!(%terminal, record = %record_id, reason, "a desk's record is flagged for a supervisor");
                store.flag_record(&crate::store::FlaggedRecord {
                    record_id,
                    terminal_id: terminal.to_string(),
                    clerk,
                    reason: reason.to_owned(),
                    made_ms,
                    flagged_ms: now,
                })?;
            }
            Ok(())
        })
        .await
}

/// The query of a pull.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PullParams {
    /// The cursor: changes with a greater sequence number are returned.
    #[serde(default)]
    after: u64,
    /// At most this many changes (and never more than 1000).
    limit: Option<usize>,
    /// When there is nothing after the cursor, wait up to this many
    /// milliseconds (at most 30,000) for a change before answering.
    #[serde(default)]
    wait_ms: u64,
}

/// A pull's answer as sent: the protocol's [`PullResponse`] with each
/// record's body passed through as stored.
#[derive(Debug, serde::Serialize)]
pub(crate) struct PullPage {
    changes: Vec<StoredChange>,
    cursor: u64,
    more: bool,
    server_hlc: Hlc,
}

/// 200 with the caller's court and site's changes after `after`.
#[utoipa::path(get, path = "/v1/sync/pull", tag = "sync", params(PullParams),
    responses(
        (status = 200, description = "Changes of the caller's court and site after the cursor, oldest first", body = PullResponse),
        (status = 400, description = "`bad_request`: a malformed query", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the body exceeds the server's limit", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many requests from this terminal; retry later", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
    ))]
pub(crate) async fn pull(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<PullPage>, ApiError> {
    let Query(params) = Query::<PullParams>::try_from_uri(&request.uri)
        .map_err(|e| ApiError::new(ErrorCode::BadRequest, e.body_text()))?;
    let limit = params
        .limit
        .unwrap_or(MAX_PULL_CHANGES)
        .min(MAX_PULL_CHANGES);
    let terminal = request.terminal;
    let deadline = tokio::time::Instant::now()
        + std::time::Duration::from_millis(params.wait_ms.min(MAX_PULL_WAIT_MS));
    // Subscribed before the first look, so a change stored between the look
    // and the wait still wakes it.
    let mut changed = central.changes.subscribe();
    let mut closing = central.closing.subscribe();
    let (changes, more) = loop {
        let (court, site) = (terminal.court_id.clone(), terminal.site_id.clone());
        let kinds = rights::received_kinds(terminal.mode);
        let page = central
            .with_store(move |store| store.pull(&court, &site, params.after, limit, &kinds))
            .await?;
        if !page.0.is_empty() || tokio::time::Instant::now() >= deadline {
            break page;
        }
        let _held = central.metrics.pull_held();
        // Any site's change wakes every waiting pull; one of another site
        // finds nothing and waits again until the deadline.
        tokio::select! {
            woken = changed.changed() => if woken.is_err() { break page },
            // A server shutting down answers waiting pulls at once rather
            // than holding its graceful shutdown for their full wait.
            _ = closing.wait_for(|closing| *closing) => break page,
            () = tokio::time::sleep_until(deadline) => break page,
        }
    };
    let cursor = changes.last().map_or(params.after, |c| c.seq);
    let changes = changes
        .into_iter()
        .map(|change| redacted(terminal.mode, change))
        .collect::<Result<_, _>>()?;
    Ok(Json(PullPage {
        changes,
        cursor,
        more,
        server_hlc: central.stamp([]),
    }))
}

/// The change as a terminal of `mode` receives it: without what the matrix
/// keeps from that mode (a locker deposit's pickup code from every terminal
/// but a desk).
fn redacted(mode: Mode, mut change: StoredChange) -> Result<StoredChange, ApiError> {
    let kind = &change.record.kind;
    if mode == Mode::Staff || kind != rights::LOCKER_DEPOSITED {
        return Ok(change);
    }
    let body: serde_json::Value =
        serde_json::from_str(change.record.body.get()).map_err(|e| ApiError::internal(&e))?;
    if let Some(kept) = rights::redact_for(mode, kind, &body) {
        let text = String::from_utf8(canonical_json(&kept)).map_err(|e| ApiError::internal(&e))?;
        change.record.body =
            serde_json::value::RawValue::from_string(text).map_err(|e| ApiError::internal(&e))?;
    }
    Ok(change)
}

/// 200 with the terminal's binding and chain head.
#[utoipa::path(get, path = "/v1/terminal", tag = "sync",
    responses(
        (status = 200, description = "The terminal's court, site and audit chain head", body = WhoAmI),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the body exceeds the server's limit", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many requests from this terminal; retry later", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
    ))]
pub(crate) async fn whoami(request: Authenticated) -> Json<WhoAmI> {
    let terminal = request.terminal;
    Json(WhoAmI {
        terminal_id: terminal.id,
        court_id: terminal.court_id,
        site_id: terminal.site_id,
        chain_head: terminal.chain_head,
    })
}

#[cfg(test)]
mod tests {
    use courtdesk_core::TerminalId;
    use courtdesk_protocol::record::{Record, RecordId};
    use serde_json::json;

    use super::*;

    #[test]
    fn a_pull_page_reads_back_as_the_protocols_pull_response() {
        let body = json!({"ticket": "A017", "n": [1, 2.5, null], "名": "张三"});
        let stored =
            String::from_utf8(courtdesk_protocol::record::canonical_json(&body)).expect("UTF-8");
        let hlc = Hlc {
            wall_ms: 1_764_000_000_000,
            counter: 3,
        };
        let page = PullPage {
            changes: vec![
                StoredChange::from_columns(
                    7,
                    TerminalId::from_bits(1),
                    Mode::Kiosk,
                    RecordId::from_bits(2),
                    rights::QUEUE_EVENT.into(),
                    hlc,
                    stored,
                )
                .expect("stored JSON"),
            ],
            cursor: 7,
            more: true,
            server_hlc: hlc,
        };
        let text = serde_json::to_string(&page).expect("serializable");
        let read: PullResponse = serde_json::from_str(&text).expect("a PullResponse");
        assert_eq!(
            read,
            PullResponse {
                changes: vec![courtdesk_protocol::api::Change {
                    seq: 7,
                    origin: TerminalId::from_bits(1),
                    origin_mode: Some(Mode::Kiosk),
                    record: Record {
                        id: RecordId::from_bits(2),
                        kind: rights::QUEUE_EVENT.into(),
                        hlc,
                        body,
                    },
                }],
                cursor: 7,
                more: true,
                server_hlc: hlc,
            }
        );
    }

    #[test]
    fn a_stored_body_that_is_not_json_is_reported_corrupt() {
        let built = StoredChange::from_columns(
            1,
            TerminalId::from_bits(1),
            Mode::Staff,
            RecordId::from_bits(2),
            "k".into(),
            Hlc::default(),
            "{not json".into(),
        );
        assert!(matches!(built, Err(crate::store::StoreError::Corrupt(_))));
    }
}
