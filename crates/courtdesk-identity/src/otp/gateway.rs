//! The seam to whatever sends text messages; implemented by the server, not here.

use crate::otp::OneTimeCode;
use crate::phone::PhoneNumber;

/// Sends a one-time code to a phone.
///
/// `Send + Sync` because the server shares one gateway between request
/// handlers. Implementations must not log the code; [`OneTimeCode`]'s `Debug`
/// already prints only `******`.
pub trait SmsGateway: Send + Sync {
    /// Sends `code`, telling the holder it is valid for `valid_for_minutes`.
    fn send_code(
        &self,
        phone: &PhoneNumber,
        code: &OneTimeCode,
        valid_for_minutes: u32,
    ) -> Result<(), GatewayError>;
}

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The provider could not be reached or failed; trying again may work.
    #[error("the SMS provider could not be reached")]
    Unavailable {
        /// What went wrong underneath (connection, timeout, 5xx).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The provider refused this message; trying again will not help.
    #[error("the SMS provider refused the message ({provider_code})")]
    Rejected {
        /// The provider's own reason code, for the log.
        provider_code: String,
    },
    /// The provider is throttling us.
    #[error("the SMS provider asked us to slow down")]
    Throttled {
        /// When the provider said to try again, if it did.
        retry_after_ms: Option<u64>,
    },
}

impl GatewayError {
    /// A stable snake_case code the UI can translate.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unavailable { .. } => "sms_unavailable",
            Self::Rejected { .. } => "sms_rejected",
            Self::Throttled { .. } => "sms_throttled",
        }
    }
}
