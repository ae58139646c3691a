//! The delivery endpoints (see the module's table), their authentication
//! (a signed terminal request, or an API client's bearer token for
//! publishing) and their errors: `{code, message}` with a delivery code or
//! a general one.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use courtdesk_core::Mode;
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::ErrorCode;
use courtdesk_protocol::cases::{CaseKept, PartyCaseList, PutCaseRequest};
use courtdesk_protocol::delivery::{
    CountersignatureBody, CountersignedEvidence, CourtKey, DeliveryErrorBody, DeliveryErrorCode,
    DeliveryRefusal, DeskDeliveries, EvidenceReceipt, EvidenceSubmission, PaperPackage, PartyProof,
    PublishRequest, Published, SiteDeliveries, WaitingDeliveries,
};

use super::{Deliveries, DeliveryError, Publisher, Refusal, hash_token};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::identity::sessions::clerk;
use crate::state::Central;
use crate::store::TerminalStanding;
use courtdesk_identity::staff::StaffAction;

/// A refused delivery request.
#[derive(Debug)]
pub(crate) enum Failure {
    General(ApiError),
    Refused(Refusal),
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure::General(error)
    }
}

impl From<DeliveryError> for Failure {
    fn from(error: DeliveryError) -> Self {
        match error {
            DeliveryError::Refused(refusal) => Failure::Refused(refusal),
            other => Failure::General(ApiError::internal(&other)),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self {
            Failure::General(error) => error.into_response(),
            Failure::Refused(refusal) => {
                let body = DeliveryErrorBody {
                    code: DeliveryErrorCode::Delivery(refusal.code),
                    message: refusal.message.clone(),
                };
                (refusal.status(), Json(body)).into_response()
            }
        }
    }
}

fn forbidden(message: &str) -> Failure {
    Failure::General(ApiError::new(ErrorCode::Forbidden, message))
}

fn only(terminal: &TerminalStanding, modes: &[Mode], what: &str) -> Result<(), Failure> {
    if modes.contains(&terminal.mode) {
        Ok(())
    } else {
        Err(forbidden(what))
    }
}

fn json<T: for<'de> serde::Deserialize<'de>>(body: &[u8]) -> Result<T, Failure> {
    serde_json::from_slice(body).map_err(|e| Failure::General(ApiError::malformed_json(&e)))
}

/// Runs blocking delivery work on the blocking pool.
async fn run<T: Send + 'static>(
    central: &Central,
    work: impl FnOnce(&Deliveries) -> Result<T, DeliveryError> + Send + 'static,
) -> Result<T, Failure> {
    let deliveries = central.deliveries.clone();
    match tokio::task::spawn_blocking(move || work(&deliveries)).await {
        Ok(result) => result.map_err(Failure::from),
        Err(error) => Err(Failure::General(ApiError::internal(&error))),
    }
}

/// Who is publishing: an enrolled terminal's signed request, or the case
/// system's bearer token.
#[derive(Debug)]
pub(crate) enum Caller {
    Terminal(Box<Authenticated>),
    Client {
        id: String,
        /// The one court the client acts for (`None`: a client made before
        /// clients named a court).
        court_id: Option<String>,
        body: Bytes,
    },
}

impl FromRequest<Arc<Central>> for Caller {
    type Rejection = ApiError;

    async fn from_request(request: Request, central: &Arc<Central>) -> Result<Self, ApiError> {
        let Some(authorization) = request.headers().get(AUTHORIZATION) else {
            return Authenticated::from_request(request, central)
                .await
                .map(|request| Caller::Terminal(Box::new(request)));
        };
        let unauthenticated =
            || ApiError::new(ErrorCode::Unauthenticated, "the token is not valid");
        let token = authorization
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or_else(unauthenticated)?;
        let hash = hash_token(token);
        let client = central
            .with_store(move |store| store.api_client_by_token(&hash))
            .await?
            .ok_or_else(unauthenticated)?;
        if client.revoked_ms.is_some() {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "the API client was revoked",
            ));
        }
        // A client's id has the shape of a terminal id (128 random bits), so
        // it takes a bucket of its own in the same rate limiter.
        let bucket: courtdesk_core::TerminalId = client
            .id
            .parse()
            .map_err(|_| ApiError::new(ErrorCode::Internal, "stored client id unreadable"))?;
        if !central.limiter.admit(&bucket, std::time::Instant::now()) {
            return Err(ApiError::new(
                ErrorCode::RateLimited,
                "too many requests; retry later",
            ));
        }
        let body = Bytes::from_request(request, central)
            .await
            .map_err(|rejection| ApiError::unreadable_body(rejection.status()))?;
        Ok(Caller::Client {
            id: client.id,
            court_id: client.court_id,
            body,
        })
    }
}

/// An API client's request that names parties by number and phone. The
/// case system is not told which of number, phone or site did not match
/// (`party_unconfirmed` for all three), and every such answer spends the
/// client's probing budget, as a kiosk's numbers not on file spend its
/// own; once spent, the client is refused (`rate_limited`, with the wait)
/// before anything is looked up, whoever it names. Desks, whose clerks
/// look parties up anyway, get the precise refusal.
struct ClientProbe(Option<String>);

impl ClientProbe {
    fn check(central: &Central, caller: &Caller) -> Result<ClientProbe, Failure> {
        let Caller::Client { id, .. } = caller else {
            return Ok(ClientProbe(None));
        };
        let key = format!("api-client:{id}");
        let identity = &central.identity;
        let now = identity.clock.now_ms();
        identity
            .with_book(now, |book| book.check_terminal(&identity.policy, &key, now))
            .map_err(|spent| {
                ApiError::new(
                    ErrorCode::RateLimited,
                    format!(
                        "too many requests naming parties not on file; try again in {} s",
                        spent.retry_after_ms.div_ceil(1000)
                    ),
                )
                .with_retry_after(spent.retry_after_ms)
            })?;
        Ok(ClientProbe(Some(key)))
    }

    fn answer<T>(self, central: &Central, outcome: Result<T, Failure>) -> Result<T, Failure> {
        let Some(key) = self.0 else {
            return outcome;
        };
        match outcome {
            Err(Failure::Refused(refusal))
                if matches!(
                    refusal.code,
                    DeliveryRefusal::PartyNotOnFile
                        | DeliveryRefusal::PhoneMismatch
                        | DeliveryRefusal::PartyNotAtSite
                ) =>
            {
                let identity = &central.identity;
                let now = identity.clock.now_ms();
                // A window that filled meanwhile changes nothing here: this
                // answer is the generic one either way.
                let _ = identity.with_book(now, |book| {
                    book.charge_terminal(&identity.policy, &key, now)
                });
                Err(Failure::Refused(Refusal::new(
                    DeliveryRefusal::PartyUnconfirmed,
                    "a party named is not on file at this court with this resident ID number and phone; check both with the party",
                )))
            }
            other => other,
        }
    }
}

impl Caller {
    /// Who publishes and the request's body: a staff desk with its clerk
    /// (refused with `not_staff` otherwise) or an API client.
    fn publisher(
        self,
        not_staff: &str,
        clerk: Option<String>,
    ) -> Result<(Publisher, Bytes), Failure> {
        Ok(match self {
            Caller::Terminal(request) => {
                let Authenticated { terminal, body, .. } = *request;
                only(&terminal, &[Mode::Staff], not_staff)?;
                let clerk = clerk.ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::SignInRequired,
                        "no clerk is signed in at this desk",
                    )
                })?;
                (
                    Publisher::Terminal {
                        id: terminal.id,
                        court_id: terminal.court_id,
                        site_id: terminal.site_id,
                        clerk,
                    },
                    body,
                )
            }
            Caller::Client { id, court_id, body } => (Publisher::ApiClient { id, court_id }, body),
        })
    }
}

/// 200 published; refusals name what is wrong and change nothing.
#[utoipa::path(post, path = "/v1/deliveries", tag = "delivery",
    request_body = PublishRequest,
    security(("terminal_signature" = []), ("api_client" = [])),
    responses(
        (status = 200, description = "Published (or published before under this request id: `duplicate`)", body = Published),
        (status = 400, description = "`bad_request`: malformed JSON; `invalid_request_id`, `invalid_case_number`, `invalid_title`, `invalid_resident_id`, `invalid_phone`, `invalid_site`, `no_documents`, `too_many_documents`, `invalid_document_name`, `duplicate_document_name`, `invalid_base64`, `not_a_pdf`, `consent_required`, `invalid_deadline`, `deadline_in_past`", body = DeliveryErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature or token; `replayed`", body = DeliveryErrorBody),
        (status = 403, description = "`forbidden`: revoked, or not a staff desk; `wrong_site`: a desk naming another court or site", body = DeliveryErrorBody),
        (status = 404, description = "`party_not_on_file`: nobody with this resident ID number is on file", body = DeliveryErrorBody),
        (status = 409, description = "`phone_mismatch`: not the phone on file; `party_not_at_site`; `request_id_reused`; `party_unconfirmed`: to an API client, any of these three and `party_not_on_file`, without saying which", body = DeliveryErrorBody),
        (status = 413, description = "`document_too_large`, `payload_too_large`", body = DeliveryErrorBody),
        (status = 429, description = "`rate_limited`: too many requests, or an API client's budget of parties not confirmed is spent (with `retry_after_ms`)", body = DeliveryErrorBody),
        (status = 500, description = "`internal`", body = DeliveryErrorBody),
    ))]
pub(crate) async fn publish(
    State(central): State<Arc<Central>>,
    caller: Caller,
) -> Result<Json<Published>, Failure> {
    let mut acting = None;
    if let Caller::Terminal(request) = &caller {
        only(
            &request.terminal,
            &[Mode::Staff],
            "only staff desks publish deliveries",
        )?;
        let clerk = clerk(&central, request, StaffAction::PublishDelivery).await?;
        tracing::info!(terminal = %request.terminal.id, username = %clerk.username, "a clerk publishes a delivery");
        acting = Some(clerk.username);
    }
    let probe = ClientProbe::check(&central, &caller)?;
    let (publisher, body) = caller.publisher("only staff desks publish deliveries", acting)?;
    let request: PublishRequest = json(&body)?;
    let published = run(&central, move |d| d.publish(&publisher, &request)).await;
    Ok(Json(probe.answer(&central, published)?))
}

/// 200 with the kiosk's site's deliveries waiting for service.
#[utoipa::path(get, path = "/v1/deliveries/site", tag = "delivery",
    responses(
        (status = 200, description = "Electronic deliveries of the kiosk's court and site not yet acknowledged, refused or expired, for the kiosk to hold for offline service; a read, which changes no delivery's state", body = SiteDeliveries),
        (status = 401, description = "`unauthenticated`, `replayed`", body = DeliveryErrorBody),
        (status = 403, description = "`forbidden`: revoked, or not a kiosk", body = DeliveryErrorBody),
        (status = 429, description = "`rate_limited`", body = DeliveryErrorBody),
        (status = 500, description = "`internal`", body = DeliveryErrorBody),
    ))]
pub(crate) async fn site(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<SiteDeliveries>, Failure> {
    let terminal = request.terminal;
    only(&terminal, &[Mode::Kiosk], "only kiosks hold deliveries")?;
    let deliveries = run(&central, move |d| {
        d.for_site(&terminal.court_id, &terminal.site_id)
    })
    .await?;
    Ok(Json(SiteDeliveries { deliveries }))
}

/// 200 with what waits for the party the proof names.
#[utoipa::path(post, path = "/v1/deliveries/waiting", tag = "delivery",
    request_body = PartyProof,
    responses(
        (status = 200, description = "The party's deliveries waiting at this site, and a party reference for this kiosk", body = WaitingDeliveries),
        (status = 400, description = "`bad_request`; `invalid_resident_id`; `card_read_invalid`: a card read without its reader's 64-hex-digit digest", body = DeliveryErrorBody),
        (status = 401, description = "`unauthenticated`, `replayed`", body = DeliveryErrorBody),
        (status = 403, description = "`forbidden`: not a kiosk; `party_ref_invalid`: forged, expired or given to another kiosk; `card_reader_not_registered`: a card read from a kiosk with no reader registered", body = DeliveryErrorBody),
        (status = 404, description = "`party_not_on_file`: the card's number is not on file here (counted against the kiosk's one-time-code budget)", body = DeliveryErrorBody),
        (status = 429, description = "`otp_rate_limited`: too many card reads, or numbers not on file, from this kiosk, with `retry_after_ms`; `rate_limited`", body = DeliveryErrorBody),
        (status = 500, description = "`internal`", body = DeliveryErrorBody),
    ))]
pub(crate) async fn waiting(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<WaitingDeliveries>, Failure> {
    let terminal = request.terminal;
    only(&terminal, &[Mode::Kiosk], "only kiosks serve parties")?;
    let proof: PartyProof = json(&request.body)?;
    let outcome = for_party(&central, terminal, proof, |d, kiosk, proof| {
        d.waiting(kiosk, proof)
    })
    .await;
    Ok(Json(outcome?))
}

/// Runs a kiosk's request about the party a proof names. A card read is
/// charged to the kiosk's budget of reads first; as with one-time codes, a
/// card number not on file also counts against the kiosk's code budget, so
/// a kiosk cannot probe who is on file.
async fn for_party<T: Send + 'static>(
    central: &Central,
    terminal: TerminalStanding,
    proof: PartyProof,
    work: impl FnOnce(&Deliveries, &TerminalStanding, &PartyProof) -> Result<T, DeliveryError>
    + Send
    + 'static,
) -> Result<T, Failure> {
    let by_card = matches!(proof, PartyProof::IdCard { .. });
    let kiosk = terminal.id.clone();
    let identity = &central.identity;
    let limited = |limited: courtdesk_identity::otp::RateLimited| {
        ApiError::new(ErrorCode::OtpRateLimited, limited.to_string())
            .with_retry_after(limited.retry_after_ms)
    };
    // Only a read that would be taken is charged: the others are refused
    // before anything is looked up.
    if let PartyProof::IdCard { card_digest, .. } = &proof {
        if terminal.card_reader && super::reading::well_formed_card_digest(card_digest) {
            let now = identity.clock.now_ms();
            identity
                .with_book(now, |book| {
                    book.charge_card_read(&identity.policy, kiosk.as_str(), now)
                })
                .map_err(|refused| {
                    ApiError::new(
                        ErrorCode::OtpRateLimited,
                        format!(
                            "too many card reads from this kiosk; try again in {} s",
                            refused.retry_after_ms.div_ceil(1000)
                        ),
                    )
                    .with_retry_after(refused.retry_after_ms)
                })?;
        }
    }
    let outcome = run(central, move |d| work(d, &terminal, &proof)).await;
    if let Err(Failure::Refused(refusal)) = &outcome {
        if by_card && refusal.code == DeliveryRefusal::PartyNotOnFile {
            let now = identity.clock.now_ms();
            identity
                .with_book(now, |book| {
                    book.charge_terminal(&identity.policy, kiosk.as_str(), now)
                })
                .map_err(limited)?;
        }
    }
    outcome
}

/// 200 with the case as now kept; refusals name what is wrong and write
/// nothing.
#[utoipa::path(post, path = "/v1/cases", tag = "delivery",
    request_body = PutCaseRequest,
    security(("terminal_signature" = []), ("api_client" = [])),
    responses(
        (status = 200, description = "The case's parties replaced by the ones given", body = CaseKept),
        (status = 400, description = "`bad_request`: malformed JSON (an unknown role too); `invalid_case_number`, `invalid_title`, `invalid_site`, `no_parties`, `too_many_parties`, `invalid_resident_id`, `invalid_phone`, `duplicate_party`", body = DeliveryErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature or token; `replayed`", body = DeliveryErrorBody),
        (status = 403, description = "`forbidden`: revoked, or not a staff desk; `wrong_site`: a desk naming another court", body = DeliveryErrorBody),
        (status = 404, description = "`party_not_on_file`: nobody with a given resident ID number is on file", body = DeliveryErrorBody),
        (status = 409, description = "`phone_mismatch`: not the phone on file; `party_not_at_site`: a party not on file at the case's court; `party_unconfirmed`: to an API client, any of these and `party_not_on_file`, without saying which", body = DeliveryErrorBody),
        (status = 413, description = "`payload_too_large`", body = DeliveryErrorBody),
        (status = 429, description = "`rate_limited`: too many requests, or an API client's budget of parties not confirmed is spent (with `retry_after_ms`)", body = DeliveryErrorBody),
        (status = 500, description = "`internal`", body = DeliveryErrorBody),
    ))]
pub(crate) async fn put_case(
    State(central): State<Arc<Central>>,
    caller: Caller,
) -> Result<Json<CaseKept>, Failure> {
    let mut acting = None;
    if let Caller::Terminal(request) = &caller {
        only(
            &request.terminal,
            &[Mode::Staff],
            "only staff desks put cases",
        )?;
        let clerk = clerk(&central, request, StaffAction::PublishDelivery).await?;
        // Putting a case replaces its parties: a replay must not undo a
        // later put.
        request.spend_nonce(&central).await?;
        tracing::info!(terminal = %request.terminal.id, username = %clerk.username, "a clerk puts a case");
        acting = Some(clerk.username);
    }
    let probe = ClientProbe::check(&central, &caller)?;
    let (publisher, body) = caller.publisher("only staff desks put cases", acting)?;
    let request: PutCaseRequest = json(&body)?;
    let kept = run(&central, move |d| d.put_case(&publisher, &request)).await;
    Ok(Json(probe.answer(&central, kept)?))
}

/// 200 with the cases of the party the proof names.
#[utoipa::path(post, path = "/v1/cases/party", tag = "delivery",
    request_body = PartyProof,
    responses(
        (status = 200, description = "The party's cases at the kiosk's court, latest updated first", body = PartyCaseList),
        (status = 400, description = "`bad_request`; `invalid_resident_id`; `card_read_invalid`: a card read without its reader's 64-hex-digit digest", body = DeliveryErrorBody),
        (status = 401, description = "`unauthenticated`, `replayed`", body = DeliveryErrorBody),
        (status = 403, description = "`forbidden`: not a kiosk; `party_ref_invalid`: forged, expired or given to another kiosk; `card_reader_not_registered`: a card read from a kiosk with no reader registered", body = DeliveryErrorBody),
        (status = 404, description = "`party_not_on_file`: the card's number is not on file at this kiosk's site (counted against the kiosk's one-time-code budget)", body = DeliveryErrorBody),
        (status = 429, description = "`otp_rate_limited`, with `retry_after_ms`; `rate_limited`", body = DeliveryErrorBody),
        (status = 500, description = "`internal`", body = DeliveryErrorBody),
    ))]
pub(crate) async fn party_cases(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<PartyCaseList>, Failure> {
    let terminal = request.terminal;
    only(&terminal, &[Mode::Kiosk], "only kiosks serve parties")?;
    let proof: PartyProof = json(&request.body)?;
    let cases = for_party(&central, terminal, proof, |d, kiosk, proof| {
        d.party_cases(kiosk, proof)
    })
    .await?;
    Ok(Json(cases))
}

/// 200 with the document's bytes.
#[utoipa::path(get, path = "/v1/delivery-documents/{sha256}", tag = "delivery",
    params(("sha256" = String, Path, description = "The document's SHA-256, lowercase hex")),
    responses(
        (status = 200, description = "The document as published", content_type = "application/pdf", body = Vec<u8>),
        (status = 400, description = "`bad_request`: not a SHA-256", body = DeliveryErrorBody),
        (status = 401, description = "`unauthenticated`, `replayed`", body = DeliveryErrorBody),
        (status = 401, description = "`sign_in_required`: no clerk signed in with the server at this desk", body = DeliveryErrorBody),
        (status = 403, description = "`forbidden`: revoked, or not a staff desk (a kiosk asks with the party's proof, by POST)", body = DeliveryErrorBody),
        (status = 404, description = "`unknown_document`: no delivery of the desk's site names it", body = DeliveryErrorBody),
        (status = 429, description = "`rate_limited`", body = DeliveryErrorBody),
        (status = 500, description = "`internal`", body = DeliveryErrorBody),
    ))]
pub(crate) async fn document(
    State(central): State<Arc<Central>>,
    Path(sha256): Path<String>,
    request: Authenticated,
) -> Result<Response, Failure> {
    // A kiosk reads a document only for the party it identified, by the
    // POST that names the party's proof.
    only(
        &request.terminal,
        &[Mode::Staff],
        "a kiosk asks for a document with the party's proof",
    )?;
    clerk(&central, &request, StaffAction::PrintPaperService).await?;
    let terminal = request.terminal;
    let sha256 = document_name(&sha256)?;
    let bytes = run(&central, move |d| {
        d.document_for_site(&terminal.court_id, &terminal.site_id, &sha256)
    })
    .await?;
    Ok(([(CONTENT_TYPE, "application/pdf")], bytes).into_response())
}

/// A document's name in a path: its SHA-256.
fn document_name(text: &str) -> Result<Digest, ApiError> {
    text.parse().map_err(|_| {
        ApiError::new(
            ErrorCode::BadRequest,
            "a document is named by its SHA-256, 64 lowercase hex digits",
        )
    })
}

/// 200 with the document, for the party the proof names.
#[utoipa::path(post, path = "/v1/delivery-documents/{sha256}", tag = "delivery",
    params(("sha256" = String, Path, description = "The document's SHA-256, lowercase hex")),
    request_body = PartyProof,
    responses(
        (status = 200, description = "The document as published, of a delivery at the kiosk's site for the party the proof names", content_type = "application/pdf", body = Vec<u8>),
        (status = 400, description = "`bad_request`: not a SHA-256, or a malformed proof; `invalid_resident_id`; `card_read_invalid`", body = DeliveryErrorBody),
        (status = 401, description = "`unauthenticated`, `replayed`", body = DeliveryErrorBody),
        (status = 403, description = "`forbidden`: revoked, or not a kiosk; `party_ref_invalid`: forged, expired or given to another kiosk; `card_reader_not_registered`: a card read from a kiosk with no reader registered", body = DeliveryErrorBody),
        (status = 404, description = "`unknown_document`: no delivery of this party at the kiosk's site names it; `party_not_on_file`", body = DeliveryErrorBody),
        (status = 429, description = "`otp_rate_limited`: too many card reads from this kiosk; `rate_limited`", body = DeliveryErrorBody),
        (status = 500, description = "`internal`", body = DeliveryErrorBody),
    ))]
pub(crate) async fn party_document(
    State(central): State<Arc<Central>>,
    Path(sha256): Path<String>,
    request: Authenticated,
) -> Result<Response, Failure> {
    let terminal = request.terminal;
    only(&terminal, &[Mode::Kiosk], "only kiosks serve parties")?;
    let sha256 = document_name(&sha256)?;
    let proof: PartyProof = json(&request.body)?;
    let bytes = for_party(&central, terminal, proof, move |d, kiosk, proof| {
        d.document_for_party(kiosk, proof, &sha256)
    })
    .await?;
    Ok(([(CONTENT_TYPE, "application/pdf")], bytes).into_response())
}

/// 200 with the countersigned record.
#[utoipa::path(post, path = "/v1/deliveries/evidence", tag = "delivery",
    request_body = EvidenceSubmission,
    responses(
        (status = 200, description = "Countersigned (or countersigned before: `duplicate`, with the stored countersignature)", body = EvidenceReceipt),
        (status = 400, description = "`bad_request`; `evidence_malformed`; `terminal_signature_invalid`", body = DeliveryErrorBody),
        (status = 401, description = "`unauthenticated`, `replayed`", body = DeliveryErrorBody),
        (status = 403, description = "`forbidden`: revoked, or a display; `terminal_key_not_enrolled`: not signed by the sender's enrolled key", body = DeliveryErrorBody),
        (status = 404, description = "`unknown_delivery` (or not of the sender's site); `unknown_document`", body = DeliveryErrorBody),
        (status = 409, description = "`document_hash_mismatch`, `wrong_party` (the identity reference is not the party's masked ID number), `chain_broken`, `delivery_closed`, `delivery_expired`, `not_electronic`", body = DeliveryErrorBody),
        (status = 429, description = "`rate_limited`", body = DeliveryErrorBody),
        (status = 500, description = "`internal`", body = DeliveryErrorBody),
    ))]
pub(crate) async fn evidence(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<EvidenceReceipt>, Failure> {
    only(
        &request.terminal,
        &[Mode::Kiosk, Mode::Staff],
        "only kiosks and desks record evidence",
    )?;
    // A desk records evidence only for a clerk who saw the party.
    if request.terminal.mode == Mode::Staff {
        clerk(&central, &request, StaffAction::PublishDelivery).await?;
    }
    let terminal = request.terminal;
    let submission: EvidenceSubmission = json(&request.body)?;
    let signed = super::evidence::read_submission(&submission).map_err(Failure::Refused)?;
    let (record, state, duplicate) =
        run(&central, move |d| d.take_evidence(&terminal, signed)).await?;
    let countersignature = record.countersignature();
    let signed = record.signed();
    let wire = serde_json::to_value(signed)
        .ok()
        .and_then(|v| serde_json::from_value::<EvidenceSubmission>(v).ok())
        .ok_or_else(|| Failure::General(ApiError::new(ErrorCode::Internal, "evidence form")))?;
    let court_signature = serde_json::to_value(countersignature)
        .ok()
        .and_then(|v| serde_json::from_value::<CountersignatureBody>(v).ok())
        .ok_or_else(|| Failure::General(ApiError::new(ErrorCode::Internal, "evidence form")))?;
    Ok(Json(EvidenceReceipt {
        qr_payload: record.qr_payload(),
        countersigned: CountersignedEvidence {
            signed: wire,
            countersignature: court_signature,
        },
        delivery_state: state,
        duplicate,
    }))
}

/// 200 with the desk's site's deliveries.
#[utoipa::path(get, path = "/v1/deliveries/desk", tag = "delivery",
    responses(
        (status = 200, description = "Every delivery of the desk's court and site with its state, newest first", body = DeskDeliveries),
        (status = 401, description = "`unauthenticated`, `replayed`", body = DeliveryErrorBody),
        (status = 403, description = "`forbidden`: revoked, or not a staff desk", body = DeliveryErrorBody),
        (status = 429, description = "`rate_limited`", body = DeliveryErrorBody),
        (status = 500, description = "`internal`", body = DeliveryErrorBody),
    ))]
pub(crate) async fn desk(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<DeskDeliveries>, Failure> {
    only(
        &request.terminal,
        &[Mode::Staff],
        "only staff desks list deliveries",
    )?;
    clerk(&central, &request, StaffAction::PublishDelivery).await?;
    let terminal = request.terminal;
    let deliveries = run(&central, move |d| {
        d.for_desk(&terminal.court_id, &terminal.site_id)
    })
    .await?;
    Ok(Json(DeskDeliveries { deliveries }))
}

/// 200 with the paper-service package.
#[utoipa::path(get, path = "/v1/deliveries/{id}/paper", tag = "delivery",
    params(("id" = String, Path, description = "The delivery id")),
    responses(
        (status = 200, description = "The cover sheet (address block for a DL window envelope) first, then the documents", body = PaperPackage),
        (status = 401, description = "`unauthenticated`, `replayed`", body = DeliveryErrorBody),
        (status = 403, description = "`forbidden`: revoked, or not a staff desk", body = DeliveryErrorBody),
        (status = 404, description = "`unknown_delivery`: none such at the desk's site", body = DeliveryErrorBody),
        (status = 409, description = "`not_due_for_paper`: still open before its deadline, or acknowledged", body = DeliveryErrorBody),
        (status = 429, description = "`rate_limited`", body = DeliveryErrorBody),
        (status = 500, description = "`internal`; `cover_sheet_failed`", body = DeliveryErrorBody),
    ))]
pub(crate) async fn paper(
    State(central): State<Arc<Central>>,
    Path(id): Path<String>,
    request: Authenticated,
) -> Result<Json<PaperPackage>, Failure> {
    only(
        &request.terminal,
        &[Mode::Staff],
        "only staff desks print paper service",
    )?;
    clerk(&central, &request, StaffAction::PrintPaperService).await?;
    let terminal = request.terminal;
    let package = run(&central, move |d| {
        d.paper_package(&terminal.court_id, &terminal.site_id, &id)
    })
    .await?;
    tracing::info!(delivery = %package.delivery_id, files = package.files.len(), "paper package made");
    Ok(Json(package))
}

/// 200 with the court's public key.
#[utoipa::path(get, path = "/v1/court-key", tag = "delivery",
    responses(
        (status = 200, description = "The court's Ed25519 public key, which verifies every countersignature and receipt QR code", body = CourtKey),
        (status = 401, description = "`unauthenticated`, `replayed`", body = DeliveryErrorBody),
        (status = 403, description = "`forbidden`: revoked", body = DeliveryErrorBody),
        (status = 429, description = "`rate_limited`", body = DeliveryErrorBody),
        (status = 500, description = "`internal`", body = DeliveryErrorBody),
    ))]
pub(crate) async fn court_key(
    State(central): State<Arc<Central>>,
    _request: Authenticated,
) -> Json<CourtKey> {
    let key = courtdesk_evidence::PublicKey(central.deliveries.court_public_key());
    Json(CourtKey {
        public_key: key.to_base64(),
    })
}
