//! What can go wrong while syncing, split into failures worth retrying
//! (the network, an overloaded or failing server) and failures that need a
//! person (a refused enrollment, a conflicting record, a broken chain).

use courtdesk_protocol::api::ErrorCode;
use courtdesk_store::StoreError;

/// A failed exchange with the central server, or with the local store
/// around it.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the central server could not be reached")]
    Network(#[source] reqwest::Error),
    #[error(
        "the server presented a certificate other than the pinned one; \
         check the fingerprint with court IT before enrolling again"
    )]
    PinMismatch,
    #[error("the server refused the request with HTTP {status} ({code:?})")]
    Refused { status: u16, code: ErrorCode },
    #[error("the server answered HTTP {status} without an error body")]
    Status { status: u16 },
    #[error("the server's answer could not be read")]
    Decode(#[source] reqwest::Error),
    #[error("the server's answer does not account for the records pushed")]
    IncompleteAnswer,
    #[error("the terminal is not enrolled with a central server")]
    NotEnrolled,
    #[error("a certificate fingerprint is 64 lowercase hexadecimal digits")]
    BadFingerprint,
    #[error("the server URL must start with https://")]
    BadUrl,
    #[error("the TLS configuration could not be built")]
    Tls(#[source] rustls::Error),
    #[error("the HTTPS client could not be built")]
    Client(#[source] reqwest::Error),
    #[error("the terminal database failed")]
    Store(#[from] StoreError),
    #[error("the file to upload could not be read")]
    File(#[source] std::io::Error),
    #[error("the uploaded bytes do not hash to the document's SHA-256; the server discarded them")]
    BlobMismatch,
    #[error("the bytes the server sent do not hash to the document's SHA-256")]
    DownloadMismatch,
}

impl SyncError {
    /// Whether the same request may succeed later without anyone acting:
    /// these are retried with backoff, the rest wait for a person.
    pub fn is_retryable(&self) -> bool {
        match self {
            SyncError::Network(_) | SyncError::Decode(_) => true,
            SyncError::Refused { code, .. } => matches!(
                code,
                // A stale timestamp or a nonce collision passes with a fresh
                // signature; the others are the server's own trouble.
                ErrorCode::RateLimited | ErrorCode::Internal | ErrorCode::Replayed
            ),
            SyncError::Status { status } => *status == 429 || *status >= 500,
            SyncError::PinMismatch
            | SyncError::IncompleteAnswer
            | SyncError::NotEnrolled
            | SyncError::BadFingerprint
            | SyncError::BadUrl
            | SyncError::Tls(_)
            | SyncError::Client(_)
            | SyncError::Store(_)
            | SyncError::File(_)
            | SyncError::BlobMismatch
            | SyncError::DownloadMismatch => false,
        }
    }

    /// The stable code stored as the last error and shown to the UI, which
    /// branches on it; never a message with details.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Network(_) => "network",
            SyncError::PinMismatch => "pin_mismatch",
            SyncError::Refused { code, .. } => error_code_name(*code),
            SyncError::Status { status } if *status == 429 => "rate_limited",
            SyncError::Status { .. } => "server_status",
            SyncError::Decode(_) | SyncError::IncompleteAnswer => "bad_answer",
            SyncError::NotEnrolled => "not_enrolled",
            SyncError::BadFingerprint => "bad_fingerprint",
            SyncError::BadUrl => "bad_url",
            SyncError::Tls(_) | SyncError::Client(_) => "client_setup",
            SyncError::Store(_) => "store",
            SyncError::File(_) => "file",
            SyncError::BlobMismatch => "blob_mismatch",
            SyncError::DownloadMismatch => "download_mismatch",
        }
    }
}

fn error_code_name(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BadRequest => "bad_request",
        ErrorCode::Unauthenticated => "unauthenticated",
        ErrorCode::Replayed => "replayed",
        ErrorCode::Forbidden => "forbidden",
        ErrorCode::Conflict => "conflict",
        ErrorCode::ChainBroken => "chain_broken",
        ErrorCode::PayloadTooLarge => "payload_too_large",
        ErrorCode::RateLimited => "rate_limited",
        ErrorCode::NotFound => "not_found",
        ErrorCode::Internal => "internal",
        ErrorCode::PartyNotFound => "party_not_found",
        ErrorCode::OtpRateLimited => "otp_rate_limited",
        ErrorCode::SmsUnavailable => "sms_unavailable",
        ErrorCode::OtpWrong => "otp_wrong",
        ErrorCode::OtpExpired => "otp_expired",
        ErrorCode::OtpNoCode => "otp_no_code",
        ErrorCode::OtpTooManyAttempts => "otp_too_many_attempts",
        ErrorCode::WrongCredentials => "wrong_credentials",
        ErrorCode::AccountLocked => "account_locked",
        ErrorCode::AccountDisabled => "account_disabled",
        ErrorCode::EnrollmentModeMismatch => "enrollment_mode_mismatch",
        ErrorCode::RecordNotAllowed => "record_not_allowed",
        ErrorCode::SignInRequired => "sign_in_required",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_wire_names_of_the_protocol() {
        for code in [
            ErrorCode::BadRequest,
            ErrorCode::Unauthenticated,
            ErrorCode::Replayed,
            ErrorCode::Forbidden,
            ErrorCode::Conflict,
            ErrorCode::ChainBroken,
            ErrorCode::PayloadTooLarge,
            ErrorCode::RateLimited,
            ErrorCode::NotFound,
            ErrorCode::Internal,
            ErrorCode::PartyNotFound,
            ErrorCode::OtpRateLimited,
            ErrorCode::SmsUnavailable,
            ErrorCode::OtpWrong,
            ErrorCode::OtpExpired,
            ErrorCode::OtpNoCode,
            ErrorCode::OtpTooManyAttempts,
            ErrorCode::WrongCredentials,
            ErrorCode::AccountLocked,
            ErrorCode::AccountDisabled,
            ErrorCode::EnrollmentModeMismatch,
            ErrorCode::RecordNotAllowed,
            ErrorCode::SignInRequired,
        ] {
            let wire = serde_json::to_value(code).expect("serialize");
            assert_eq!(wire.as_str(), Some(error_code_name(code)));
        }
    }

    #[test]
    fn overload_and_server_failures_are_retried_refusals_are_not() {
        let refused = |code| SyncError::Refused { status: 400, code };
        assert!(refused(ErrorCode::RateLimited).is_retryable());
        assert!(refused(ErrorCode::Internal).is_retryable());
        assert!(SyncError::Status { status: 503 }.is_retryable());
        assert!(SyncError::Status { status: 429 }.is_retryable());
        for code in [
            ErrorCode::Conflict,
            ErrorCode::ChainBroken,
            ErrorCode::Forbidden,
        ] {
            assert!(!refused(code).is_retryable(), "{code:?}");
        }
        assert!(!SyncError::Status { status: 404 }.is_retryable());
        assert!(!SyncError::PinMismatch.is_retryable());
    }
}
