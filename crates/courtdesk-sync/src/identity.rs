//! Identity at the central server: one-time codes for litigants at kiosks,
//! and staff sign-in at desks. These are asked while someone waits at the
//! screen, so they are never queued or retried here; each refusal the
//! screen handles differently is its own [`IdentityError`] variant.

use courtdesk_protocol::api::{
    ErrorBody, ErrorCode, OtpRequest, OtpSent, OtpVerified, OtpVerifyRequest, StaffSignInRequest,
    StaffSignedIn, paths,
};
use reqwest::{Method, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Central, SyncError};

const JSON: &str = "application/json";

/// Why an identity request did not succeed.
///
/// [`IdentityError::code`] is the stable code the UI branches on; it is the
/// server's wire code for the refusals, or [`SyncError::code`] for the rest
/// (e.g. `forbidden` when the terminal is not of the mode the endpoint
/// serves, `network` when the server cannot be reached).
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("nobody with this resident ID number is on file at this site")]
    PartyNotFound,
    #[error("too many one-time codes; try again in {} s", retry_after_ms.div_ceil(1000))]
    OtpRateLimited { retry_after_ms: u64 },
    #[error("the text message could not be sent")]
    SmsUnavailable,
    #[error("the one-time code is wrong; {attempts_left} more tries")]
    OtpWrong { attempts_left: u32 },
    #[error("the one-time code has expired")]
    OtpExpired,
    #[error("no one-time code is outstanding (used, replaced or never sent)")]
    OtpNoCode,
    #[error("too many wrong one-time codes; ask for a new one")]
    OtpTooManyAttempts,
    #[error("the username or password is wrong")]
    WrongCredentials,
    #[error("too many wrong passwords; try again in {} min", retry_after_ms.div_ceil(60_000))]
    AccountLocked { retry_after_ms: u64 },
    #[error("this account is disabled")]
    AccountDisabled,
    #[error(transparent)]
    Sync(#[from] SyncError),
}

impl IdentityError {
    /// The stable snake_case code the UI translates.
    pub fn code(&self) -> &'static str {
        match self {
            IdentityError::PartyNotFound => "party_not_found",
            IdentityError::OtpRateLimited { .. } => "otp_rate_limited",
            IdentityError::SmsUnavailable => "sms_unavailable",
            IdentityError::OtpWrong { .. } => "otp_wrong",
            IdentityError::OtpExpired => "otp_expired",
            IdentityError::OtpNoCode => "otp_no_code",
            IdentityError::OtpTooManyAttempts => "otp_too_many_attempts",
            IdentityError::WrongCredentials => "wrong_credentials",
            IdentityError::AccountLocked { .. } => "account_locked",
            IdentityError::AccountDisabled => "account_disabled",
            IdentityError::Sync(error) => error.code(),
        }
    }
}

/// The typed refusal for an error body, or the general one.
fn refusal(status: u16, body: ErrorBody) -> IdentityError {
    let wait = body.retry_after_ms.unwrap_or(0);
    match body.code {
        ErrorCode::PartyNotFound => IdentityError::PartyNotFound,
        ErrorCode::OtpRateLimited => IdentityError::OtpRateLimited {
            retry_after_ms: wait,
        },
        ErrorCode::SmsUnavailable => IdentityError::SmsUnavailable,
        ErrorCode::OtpWrong => IdentityError::OtpWrong {
            attempts_left: body.attempts_left.unwrap_or(0),
        },
        ErrorCode::OtpExpired => IdentityError::OtpExpired,
        ErrorCode::OtpNoCode => IdentityError::OtpNoCode,
        ErrorCode::OtpTooManyAttempts => IdentityError::OtpTooManyAttempts,
        ErrorCode::WrongCredentials => IdentityError::WrongCredentials,
        ErrorCode::AccountLocked => IdentityError::AccountLocked {
            retry_after_ms: wait,
        },
        ErrorCode::AccountDisabled => IdentityError::AccountDisabled,
        code => IdentityError::Sync(SyncError::Refused { status, code }),
    }
}

async fn answer<T: DeserializeOwned>(response: Response) -> Result<T, IdentityError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response.json().await.map_err(SyncError::Decode)?);
    }
    let status = status.as_u16();
    match response.json::<ErrorBody>().await {
        Ok(body) => {
            tracing::debug!(status, code = ?body.code, "central server refused an identity request");
            Err(refusal(status, body))
        }
        Err(_) => Err(SyncError::Status { status }.into()),
    }
}

impl Central {
    async fn identity_call<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, IdentityError> {
        let body = serde_json::to_vec(body).map_err(|_| SyncError::IncompleteAnswer)?;
        let response = self
            .signed_response(Method::POST, path.to_owned(), body, JSON)
            .await?;
        answer(response).await
    }

    /// Asks the server to send a one-time code to the phone on file for the
    /// litigant's resident ID number (kiosks only). The answer shows that
    /// phone masked and when the code expires.
    pub async fn request_otp(&self, request: &OtpRequest) -> Result<OtpSent, IdentityError> {
        self.identity_call(paths::OTP, request).await
    }

    /// Checks the code the litigant typed (kiosks only). The answer names
    /// the party and carries a short-lived reference to it for this kiosk.
    pub async fn verify_otp(
        &self,
        request: &OtpVerifyRequest,
    ) -> Result<OtpVerified, IdentityError> {
        self.identity_call(paths::OTP_VERIFY, request).await
    }

    /// Signs a staff member in (staff desks only). The answer carries the
    /// verifier the desk caches for offline sign-in.
    pub async fn staff_sign_in(
        &self,
        request: &StaffSignInRequest,
    ) -> Result<StaffSignedIn, IdentityError> {
        self.identity_call(paths::STAFF_SIGN_IN, request).await
    }

    /// Ends the clerk's session at the server and forgets it here; the
    /// session is forgotten even when the server cannot be told (it then
    /// ends at its idle limit).
    pub async fn staff_sign_out(&self) -> Result<(), IdentityError> {
        if !self.has_clerk_session() {
            return Ok(());
        }
        let answer: Result<serde_json::Value, IdentityError> = self
            .identity_call(paths::STAFF_SIGN_OUT, &serde_json::json!({}))
            .await;
        self.set_clerk_session(None);
        answer.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: ErrorCode, retry_after_ms: Option<u64>, attempts_left: Option<u32>) -> ErrorBody {
        ErrorBody {
            code,
            message: String::new(),
            retry_after_ms,
            attempts_left,
        }
    }

    #[test]
    fn refusals_keep_their_numbers_and_codes_match_the_wire() {
        let cases = [
            (
                body(ErrorCode::PartyNotFound, None, None),
                "party_not_found",
            ),
            (
                body(ErrorCode::OtpRateLimited, Some(42_000), None),
                "otp_rate_limited",
            ),
            (
                body(ErrorCode::SmsUnavailable, None, None),
                "sms_unavailable",
            ),
            (body(ErrorCode::OtpWrong, None, Some(3)), "otp_wrong"),
            (body(ErrorCode::OtpExpired, None, None), "otp_expired"),
            (body(ErrorCode::OtpNoCode, None, None), "otp_no_code"),
            (
                body(ErrorCode::OtpTooManyAttempts, None, None),
                "otp_too_many_attempts",
            ),
            (
                body(ErrorCode::WrongCredentials, None, None),
                "wrong_credentials",
            ),
            (
                body(ErrorCode::AccountLocked, Some(900_000), None),
                "account_locked",
            ),
            (
                body(ErrorCode::AccountDisabled, None, None),
                "account_disabled",
            ),
            (body(ErrorCode::Forbidden, None, None), "forbidden"),
        ];
        for (body, code) in cases {
            let wire = serde_json::to_value(body.code).expect("serializes");
            let error = refusal(403, body);
            assert_eq!(error.code(), code, "{error:?}");
            assert_eq!(wire.as_str(), Some(code), "the wire name is the UI code");
        }
        assert!(matches!(
            refusal(403, body(ErrorCode::OtpWrong, None, Some(3))),
            IdentityError::OtpWrong { attempts_left: 3 }
        ));
        assert!(matches!(
            refusal(423, body(ErrorCode::AccountLocked, Some(900_000), None)),
            IdentityError::AccountLocked {
                retry_after_ms: 900_000
            }
        ));
        assert!(matches!(
            refusal(403, body(ErrorCode::Forbidden, None, None)),
            IdentityError::Sync(SyncError::Refused { status: 403, .. })
        ));
    }
}
