//! The kiosk's identity commands: a resident ID number confirmed by a
//! one-time code sent to the phone on file, or the ID card on the reader;
//! what the kiosk knows of the visitor; and wiping the visit.

use courtdesk_identity::{CivilDate, ResidentId};
use courtdesk_protocol::api::{OtpRequest, OtpVerifyRequest};
use serde::Serialize;
use ts_rs::TS;

use crate::identity::visit::{Method, Stage, Visitor};
use courtdesk_sync::IdentityError;

use crate::sync::Unanswered;
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

/// A code was sent: where, and for how long it works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CodeSent {
    /// The phone the code went to, masked (`138****5678`).
    pub masked_phone: String,
    pub valid_for_seconds: u32,
}

/// The identified visitor, as the screen may show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VisitorView {
    /// The resident ID number masked: first 3 and last 4 (`110***********002X`).
    pub masked_id: String,
    pub display_name: String,
    /// `resident_id_otp` or `id_card`.
    pub method: String,
}

/// What a wipe removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VisitCleared {
    /// Files of the visit deleted from the kiosk's scratch folder.
    pub files_deleted: u32,
}

/// Today at the site, against which birth dates are checked.
fn today(terminal: &Terminal) -> CivilDate {
    CivilDate::from_epoch_ms(now_ms(), terminal.site_clock().utc_offset_minutes)
}

fn parse_resident_id(terminal: &Terminal, text: &str) -> Result<ResidentId, ApiError> {
    ResidentId::parse(text, today(terminal)).map_err(|error| {
        ApiError::new(
            ErrorCode::BadResidentId,
            "the resident ID number cannot be right",
        )
        .with_detail(error.code())
    })
}

/// Why a question to the server came to nothing: its refusal (or the link's
/// failure), or no answer in time.
pub(crate) type Failure = Result<IdentityError, Unanswered>;

/// The answer, or why there is none, in one `Result`.
pub(crate) fn settle<T>(
    answer: Result<Result<T, IdentityError>, Unanswered>,
) -> Result<T, Failure> {
    match answer {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(Ok(error)),
        Err(unanswered) => Err(Err(unanswered)),
    }
}

/// The screen's error for a question the server refused or never answered.
pub(crate) fn remote_error(failure: Failure) -> ApiError {
    let error = match failure {
        Ok(error) => error,
        Err(Unanswered) => {
            return ApiError::new(
                ErrorCode::ServerUnreachable,
                "the court server did not answer",
            );
        }
    };
    let message = error.to_string();
    match error {
        IdentityError::PartyNotFound => ApiError::new(ErrorCode::PartyNotFound, message),
        IdentityError::OtpRateLimited { retry_after_ms } => {
            ApiError::new(ErrorCode::OtpRateLimited, message)
                .with_detail(retry_after_ms.div_ceil(1000))
        }
        IdentityError::SmsUnavailable => ApiError::new(ErrorCode::SmsUnavailable, message),
        IdentityError::OtpWrong { attempts_left } => {
            ApiError::new(ErrorCode::OtpWrong, message).with_detail(attempts_left)
        }
        IdentityError::OtpExpired => ApiError::new(ErrorCode::OtpExpired, message),
        IdentityError::OtpNoCode => ApiError::new(ErrorCode::OtpNoCode, message),
        IdentityError::OtpTooManyAttempts => ApiError::new(ErrorCode::OtpTooManyAttempts, message),
        IdentityError::WrongCredentials => ApiError::new(ErrorCode::WrongCredentials, message),
        IdentityError::AccountLocked { retry_after_ms } => {
            ApiError::new(ErrorCode::AccountLocked, message)
                .with_detail(retry_after_ms.div_ceil(60_000))
        }
        IdentityError::AccountDisabled => ApiError::new(ErrorCode::AccountDisabled, message),
        IdentityError::Sync(error) if error.is_retryable() => ApiError::new(
            ErrorCode::ServerUnreachable,
            "the court server cannot be reached",
        ),
        IdentityError::Sync(error) => {
            tracing::error!(%error, "a question to the server failed");
            ApiError::new(ErrorCode::Internal, "the server link failed")
        }
    }
}

/// Whether the server could not be asked at all (no connection, or no
/// answer in time), as opposed to answering, even with a refusal, a rate
/// limit, a replay or a failure of its own: only then does what is kept at
/// this terminal decide, where it can.
pub(crate) fn unreachable(failure: &Failure) -> bool {
    matches!(
        failure,
        Err(Unanswered) | Ok(IdentityError::Sync(courtdesk_sync::SyncError::Network(_)))
    )
}

impl Terminal {
    fn link_or_unreachable(&self) -> Result<&crate::sync::SyncLink, ApiError> {
        self.sync_link().ok_or_else(|| {
            ApiError::new(
                ErrorCode::ServerUnreachable,
                "this kiosk is not connected to a court server",
            )
        })
    }

    /// Checks the number, then asks the server to text a code to the phone
    /// on file. A number that cannot be right never leaves the kiosk.
    pub fn identity_request_code(&self, resident_id: &str) -> Result<CodeSent, ApiError> {
        let id = parse_resident_id(self, resident_id)?;
        let link = self.link_or_unreachable()?;
        let request = OtpRequest {
            resident_id: id.expose().to_owned(),
        };
        let sent =
            settle(link.ask(move |central| async move { central.request_otp(&request).await }))
                .map_err(remote_error)?;
        *self.visit().lock() = Some(Visitor {
            resident_id: id,
            stage: Stage::CodeSent,
        });
        Ok(CodeSent {
            masked_phone: sent.masked_phone,
            valid_for_seconds: u32::try_from(sent.valid_for_ms / 1000).unwrap_or(u32::MAX),
        })
    }

    /// Checks the typed code with the server; the visitor is identified if
    /// it is right.
    pub fn identity_verify_code(&self, code: &str) -> Result<VisitorView, ApiError> {
        let code = code.trim();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ApiError::new(ErrorCode::BadInput, "a code is six digits"));
        }
        let resident_id = match self.visit().lock().as_ref() {
            Some(Visitor {
                resident_id,
                stage: Stage::CodeSent,
            }) => resident_id.expose().to_owned(),
            _ => {
                return Err(ApiError::new(
                    ErrorCode::OtpNoCode,
                    "no code was asked for in this visit",
                ));
            }
        };
        let link = self.link_or_unreachable()?;
        let request = OtpVerifyRequest {
            resident_id,
            code: code.to_owned(),
        };
        let verified =
            settle(link.ask(move |central| async move { central.verify_otp(&request).await }))
                .map_err(remote_error)?;
        let mut visit = self.visit().lock();
        let Some(visitor) = visit.as_mut() else {
            // Wiped while the server answered: the visit is over.
            return Err(ApiError::new(ErrorCode::OtpNoCode, "the visit was cleared"));
        };
        visitor.stage = Stage::Verified {
            method: Method::ResidentIdOtp,
            display_name: verified.display_name,
            party_ref: Some(verified.party_ref),
            card_digest: None,
        };
        view(visitor)
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the visitor was not verified"))
    }

    /// Reads the card on the reader, if any: placing a card identifies its
    /// holder.
    pub fn identity_read_card(&self) -> Result<Option<VisitorView>, ApiError> {
        let reader = self.card_reader().ok_or_else(|| {
            ApiError::new(ErrorCode::NoCardReader, "this kiosk has no card reader")
        })?;
        let card = match reader.read() {
            Ok(Some(card)) => card,
            Ok(None) => return Ok(None),
            Err(error) => {
                let code = match error {
                    courtdesk_devices::id_card::CardReaderError::Unreadable => {
                        ErrorCode::CardUnreadable
                    }
                    courtdesk_devices::id_card::CardReaderError::Unavailable(_) => {
                        tracing::warn!(%error, "the card reader failed");
                        ErrorCode::CardReaderUnavailable
                    }
                };
                return Err(ApiError::new(code, error.to_string()));
            }
        };
        let id = parse_resident_id(self, &card.resident_id)?;
        let mut visit = self.visit().lock();
        let visitor = visit.insert(Visitor {
            resident_id: id,
            stage: Stage::Verified {
                method: Method::IdCard,
                display_name: card.name,
                party_ref: None,
                card_digest: Some(card.data_digest),
            },
        });
        Ok(view(visitor))
    }

    /// The identified visitor, if any.
    pub fn identity_current(&self) -> Result<Option<VisitorView>, ApiError> {
        Ok(self.visit().lock().as_ref().and_then(view))
    }

    /// Ends the visit: settles a locker compartment left open for it,
    /// forgets the visitor and deletes the visit's files.
    pub fn visit_finish(&self) -> Result<VisitCleared, ApiError> {
        self.settle_locker();
        let files = self.visit().wipe();
        tracing::info!(files, "visit cleared");
        Ok(VisitCleared {
            files_deleted: u32::try_from(files).unwrap_or(u32::MAX),
        })
    }
}

fn view(visitor: &Visitor) -> Option<VisitorView> {
    match &visitor.stage {
        Stage::Verified {
            method,
            display_name,
            ..
        } => Some(VisitorView {
            masked_id: visitor.resident_id.masked(),
            display_name: display_name.clone(),
            method: method.code().to_owned(),
        }),
        Stage::CodeSent => None,
    }
}
