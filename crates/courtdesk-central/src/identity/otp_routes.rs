//! `POST /v1/identity/otp` and `POST /v1/identity/otp/verify`: a kiosk asks
//! for a one-time code for the litigant in front of it, then checks the code
//! they typed.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use courtdesk_core::Mode;
use courtdesk_identity::otp::{CODE_DIGITS, RateLimited};
use courtdesk_identity::{ResidentId, VerifyOutcome};
use courtdesk_protocol::api::{
    ErrorBody, ErrorCode, OtpRequest, OtpSent, OtpVerified, OtpVerifyRequest,
};
use rand::rngs::OsRng;

use super::PARTY_REF_LIFETIME_MS;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::Central;
use crate::store::{PartyOnFile, TerminalStanding};

fn kiosks_only(terminal: &TerminalStanding) -> Result<(), ApiError> {
    if terminal.mode == Mode::Kiosk {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            "only kiosks identify litigants by one-time code",
        ))
    }
}

fn resident_id(central: &Central, text: &str) -> Result<ResidentId, ApiError> {
    ResidentId::parse(text, central.identity.clock.today()).map_err(|error| {
        ApiError::new(
            ErrorCode::BadRequest,
            format!("the resident ID number is not valid ({})", error.code()),
        )
    })
}

fn rate_limited(limited: RateLimited) -> ApiError {
    ApiError::new(ErrorCode::OtpRateLimited, limited.to_string())
        .with_retry_after(limited.retry_after_ms)
}

/// The party on file under `resident_id` at the terminal's site.
async fn party_at(
    central: &Central,
    terminal: &TerminalStanding,
    resident_id: &ResidentId,
) -> Result<Option<PartyOnFile>, ApiError> {
    let lookup = central.identity.keys.resident_id_lookup(resident_id);
    let party = central
        .with_store(move |store| store.party_by_lookup(&lookup))
        .await?;
    Ok(party.filter(|party| party.is_at(&terminal.court_id, &terminal.site_id)))
}

/// 200 sent; 404 nobody on file here; 429 too many codes; 502 not sent.
#[utoipa::path(post, path = "/v1/identity/otp", tag = "identity",
    request_body = OtpRequest,
    responses(
        (status = 200, description = "A code was sent to the phone on file; the answer shows that phone masked", body = OtpSent),
        (status = 400, description = "`bad_request`: malformed JSON, or a resident ID number that fails its checks", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked, or is not a kiosk", body = ErrorBody),
        (status = 404, description = "`party_not_found`: nobody with this number is on file at the kiosk's site (the lookup counts against the kiosk's codes)", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the body exceeds the server's limit", body = ErrorBody),
        (status = 429, description = "`otp_rate_limited`: too many codes for this phone or from this kiosk, with `retry_after_ms`; `rate_limited`: too many requests", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
        (status = 502, description = "`sms_unavailable`: the SMS provider did not take the message; the attempt still counts against the limits", body = ErrorBody),
    ))]
pub(crate) async fn request_otp(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<OtpSent>, ApiError> {
    kiosks_only(&request.terminal)?;
    // A code sent costs an SMS and a place in the phone's budget.
    request.spend_nonce(&central).await?;
    let terminal = request.terminal;
    let body: OtpRequest =
        serde_json::from_slice(&request.body).map_err(|e| ApiError::malformed_json(&e))?;
    let resident_id = resident_id(&central, &body.resident_id)?;
    let party = party_at(&central, &terminal, &resident_id).await?;
    let identity = &central.identity;
    let now = identity.clock.now_ms();
    let Some(party) = party else {
        identity
            .with_book(now, |book| {
                book.charge_terminal(&identity.policy, terminal.id.as_str(), now)
            })
            .map_err(rate_limited)?;
        tracing::info!(terminal = %terminal.id, "one-time code asked for a number not on file");
        return Err(ApiError::new(
            ErrorCode::PartyNotFound,
            "nobody with this resident ID number is on file here",
        ));
    };
    let phone = identity
        .keys
        .open_phone(&party.id, &party.phone_sealed)
        .map_err(|error| ApiError::internal(&error))?;
    let issued = identity
        .with_book(now, |book| {
            book.issue(
                &identity.policy,
                &phone,
                terminal.id.as_str(),
                now,
                &mut OsRng,
            )
        })
        .map_err(|limited| {
            tracing::info!(terminal = %terminal.id, party = %party.id, limit = ?limited.limit, "one-time code refused by a rate limit");
            rate_limited(limited)
        })?;
    if let Err(error) = identity.send_code(phone, issued.code).await {
        tracing::warn!(terminal = %terminal.id, party = %party.id, code = error.code(), %error, "one-time code not sent");
        return Err(ApiError::new(
            ErrorCode::SmsUnavailable,
            "the text message could not be sent; try again later",
        ));
    }
    tracing::info!(terminal = %terminal.id, party = %party.id, "one-time code sent");
    Ok(Json(OtpSent {
        masked_phone: party.phone_masked,
        expires_at_ms: issued.expires_at_ms,
        valid_for_ms: issued.expires_at_ms.saturating_sub(now),
    }))
}

/// Whether `typed` has the shape of a code; anything else is not counted
/// as a guess.
fn is_code_shaped(typed: &str) -> bool {
    let typed = typed.trim();
    typed.len() == CODE_DIGITS && typed.bytes().all(|b| b.is_ascii_digit())
}

/// 200 verified; 403 wrong or dead; 410 expired or no code.
#[utoipa::path(post, path = "/v1/identity/otp/verify", tag = "identity",
    request_body = OtpVerifyRequest,
    responses(
        (status = 200, description = "The code was right and is now used up; the answer names the party and carries a short-lived reference to it", body = OtpVerified),
        (status = 400, description = "`bad_request`: malformed JSON, a resident ID number that fails its checks, or a code that is not six digits (not counted as a guess)", body = ErrorBody),
        (status = 401, description = "`unauthenticated`: no or wrong signature, unknown terminal; `replayed`: stale timestamp or reused nonce", body = ErrorBody),
        (status = 403, description = "`forbidden`: the terminal was revoked, or is not a kiosk; `otp_wrong`: a wrong code, with `attempts_left`; `otp_too_many_attempts`: the code is dead", body = ErrorBody),
        (status = 410, description = "`otp_expired`: the code's lifetime is over; `otp_no_code`: no code is outstanding (used, replaced, never sent, or nobody on file)", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: the body exceeds the server's limit", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many requests from this terminal; retry later", body = ErrorBody),
        (status = 500, description = "`internal`: the server failed; the detail is in its log", body = ErrorBody),
    ))]
pub(crate) async fn verify_otp(
    State(central): State<Arc<Central>>,
    request: Authenticated,
) -> Result<Json<OtpVerified>, ApiError> {
    let terminal = request.terminal;
    kiosks_only(&terminal)?;
    let body: OtpVerifyRequest =
        serde_json::from_slice(&request.body).map_err(|e| ApiError::malformed_json(&e))?;
    let resident_id = resident_id(&central, &body.resident_id)?;
    if !is_code_shaped(&body.code) {
        return Err(ApiError::new(
            ErrorCode::BadRequest,
            "a one-time code is six digits",
        ));
    }
    let no_code = || {
        ApiError::new(
            ErrorCode::OtpNoCode,
            "no code is outstanding; ask for a new one",
        )
    };
    let Some(party) = party_at(&central, &terminal, &resident_id).await? else {
        return Err(no_code());
    };
    let identity = &central.identity;
    let phone = identity
        .keys
        .open_phone(&party.id, &party.phone_sealed)
        .map_err(|error| ApiError::internal(&error))?;
    let now = identity.clock.now_ms();
    let outcome = identity.with_book(now, |book| book.verify(&phone, &body.code, now));
    tracing::info!(terminal = %terminal.id, party = %party.id, outcome = ?outcome, "one-time code checked");
    match outcome {
        VerifyOutcome::Verified => {
            let expires = now.saturating_add(PARTY_REF_LIFETIME_MS);
            Ok(Json(OtpVerified {
                masked_resident_id: party.resident_id_masked,
                display_name: party.display_name,
                party_ref: identity
                    .keys
                    .party_ref(&party.id, terminal.id.as_str(), expires),
                party_ref_expires_at_ms: expires,
            }))
        }
        VerifyOutcome::Wrong { attempts_left } => {
            Err(ApiError::new(ErrorCode::OtpWrong, "the code is wrong")
                .with_attempts_left(attempts_left))
        }
        VerifyOutcome::Expired => Err(ApiError::new(
            ErrorCode::OtpExpired,
            "the code has expired; ask for a new one",
        )),
        VerifyOutcome::NoCode => Err(no_code()),
        VerifyOutcome::TooManyAttempts => Err(ApiError::new(
            ErrorCode::OtpTooManyAttempts,
            "too many wrong codes; ask for a new one",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_six_digits_count_as_a_guess() {
        assert!(is_code_shaped("004217"));
        assert!(is_code_shaped(" 004217 "));
        for not in ["", "12345", "1234567", "12345a", "１２３４５６"] {
            assert!(!is_code_shaped(not), "{not:?}");
        }
    }
}
