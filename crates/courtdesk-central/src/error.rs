//! The HTTP error: a protocol [`ErrorCode`] with its status and an English
//! message. Internal failures are logged here and reach the client as a bare
//! `internal`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use courtdesk_protocol::api::{ErrorBody, ErrorCode};

/// A refused request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) code: ErrorCode,
    pub(crate) message: String,
    pub(crate) retry_after_ms: Option<u64>,
    pub(crate) attempts_left: Option<u32>,
}

impl ApiError {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            retry_after_ms: None,
            attempts_left: None,
        }
    }

    /// Tells the client how long to wait before asking again.
    pub(crate) fn with_retry_after(mut self, retry_after_ms: u64) -> ApiError {
        self.retry_after_ms = Some(retry_after_ms);
        self
    }

    /// Tells the client how many more wrong guesses a code allows.
    pub(crate) fn with_attempts_left(mut self, attempts_left: u32) -> ApiError {
        self.attempts_left = Some(attempts_left);
        self
    }

    /// Logs the failure with its causes and hides it from the client.
    pub(crate) fn internal(error: &(dyn std::error::Error + 'static)) -> ApiError {
        let mut detail = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            detail.push_str(": ");
            detail.push_str(&cause.to_string());
            source = cause.source();
        }
        tracing::error!(%detail, "request failed");
        ApiError::new(ErrorCode::Internal, "the server failed; see its log")
    }

    pub(crate) fn status(&self) -> StatusCode {
        match self.code {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthenticated | ErrorCode::Replayed => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::Conflict | ErrorCode::ChainBroken => StatusCode::CONFLICT,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::NotFound | ErrorCode::PartyNotFound => StatusCode::NOT_FOUND,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::OtpRateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::SmsUnavailable => StatusCode::BAD_GATEWAY,
            ErrorCode::OtpWrong
            | ErrorCode::OtpTooManyAttempts
            | ErrorCode::WrongCredentials
            | ErrorCode::AccountDisabled
            | ErrorCode::EnrollmentModeMismatch
            | ErrorCode::RecordNotAllowed => StatusCode::FORBIDDEN,
            ErrorCode::SignInRequired => StatusCode::UNAUTHORIZED,
            ErrorCode::OtpExpired | ErrorCode::OtpNoCode => StatusCode::GONE,
            ErrorCode::AccountLocked => StatusCode::LOCKED,
        }
    }

    /// A body that could not be read: too large, or cut off.
    pub(crate) fn unreadable_body(status: StatusCode) -> ApiError {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                ErrorCode::PayloadTooLarge,
                "the body is larger than the server accepts",
            )
        } else {
            ApiError::new(ErrorCode::BadRequest, "the body could not be read")
        }
    }

    pub(crate) fn malformed_json(error: &serde_json::Error) -> ApiError {
        ApiError::new(
            ErrorCode::BadRequest,
            format!("malformed JSON body: {error}"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ErrorBody {
            code: self.code,
            message: self.message,
            retry_after_ms: self.retry_after_ms,
            attempts_left: self.attempts_left,
        };
        (status, Json(body)).into_response()
    }
}
