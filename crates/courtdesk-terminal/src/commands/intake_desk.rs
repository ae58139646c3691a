//! The desk's intake commands: the site's review queue, a submission with
//! its history, an item's bytes for the viewer, and the clerk's decision
//! (accept, return for correction, forward to a department), recorded as
//! an `intake.decided` record. See [`crate::intake`].

use courtdesk_identity::staff::StaffAction;
use courtdesk_protocol::Digest;
use courtdesk_protocol::api::ErrorCode as WireCode;
use courtdesk_sync::SyncError;
use serde::Serialize;
use ts_rs::TS;

use crate::commands::intake_kiosk::{StatusView, SubmissionView, store_error, submission_view};
use crate::intake::book::{Book, SubmissionStatus};
use crate::intake::records::{CaseRef, DECIDED, DecidedBody, Decision, RETURN_REASONS};
use crate::intake::submit::{files_dir, record_intake};
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

/// A submission waiting for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReviewEntry {
    pub submission_id: String,
    pub number: String,
    pub case: CaseRef,
    pub party_masked_id: String,
    pub items: u32,
    pub pages: u32,
    #[ts(type = "number")]
    pub submitted_at_ms: u64,
    /// Minutes since it was filed.
    #[ts(type = "number")]
    pub age_minutes: u64,
    /// Whether it corrects a returned submission.
    pub resubmission: bool,
}

/// How far an item's bytes have reached the court server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ItemUpload {
    pub item_id: String,
    #[ts(type = "number")]
    pub size: u64,
    /// The bytes the server holds so far (0 before the kiosk starts).
    #[ts(type = "number")]
    pub held: u64,
    /// Whether the server holds them all, checked against the hash: the
    /// item can be opened at any desk.
    pub complete: bool,
}

/// The longest free text of a return.
const MAX_RETURN_TEXT: usize = 500;

fn not_connected() -> ApiError {
    ApiError::new(
        ErrorCode::ServerUnreachable,
        "this desk is not connected to a court server",
    )
}

fn unanswered() -> ApiError {
    ApiError::new(
        ErrorCode::ServerUnreachable,
        "the court server did not answer",
    )
}

fn no_such() -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchSubmission,
        "no such submission at this site",
    )
}

impl Terminal {
    /// The site's submissions awaiting review, oldest first.
    pub fn desk_intake_queue(&self) -> Result<Vec<ReviewEntry>, ApiError> {
        let now = now_ms();
        self.staff_desk()
            .authorize(StaffAction::ReviewSubmission, now)?;
        let book = Book::read(self.store()).map_err(store_error)?;
        Ok(book
            .all()
            .filter(|s| s.status() == SubmissionStatus::AwaitingReview)
            .map(|s| ReviewEntry {
                submission_id: s.body.submission_id.clone(),
                number: s.body.number.clone(),
                case: s.body.case.clone(),
                party_masked_id: s.body.party_masked_id.clone(),
                items: u32::try_from(s.body.items.len()).unwrap_or(u32::MAX),
                pages: s.body.items.iter().map(|i| i.pages).sum(),
                submitted_at_ms: s.body.submitted_at_ms,
                age_minutes: now.saturating_sub(s.body.submitted_at_ms) / 60_000,
                resubmission: s.body.replaces.is_some(),
            })
            .collect())
    }

    /// A submission and its history (first filing first).
    pub fn desk_intake_submission(&self, submission_id: &str) -> Result<StatusView, ApiError> {
        self.staff_desk()
            .authorize(StaffAction::ReviewSubmission, now_ms())?;
        let book = Book::read(self.store()).map_err(store_error)?;
        let kept = book.get(submission_id).ok_or_else(no_such)?;
        Ok(StatusView {
            submission: submission_view(&book, kept),
            history: book
                .chain(submission_id)
                .into_iter()
                .map(|s| submission_view(&book, s))
                .collect(),
            lockers: crate::commands::intake_locker::locker_views(kept, true),
        })
    }

    /// An item's bytes, checked against its SHA-256: from this terminal's
    /// files if held, else fetched from the court server (and kept).
    pub fn desk_intake_item(
        &self,
        submission_id: &str,
        item_id: &str,
    ) -> Result<Vec<u8>, ApiError> {
        self.staff_desk()
            .authorize(StaffAction::ReviewSubmission, now_ms())?;
        let book = Book::read(self.store()).map_err(store_error)?;
        let item = book
            .get(submission_id)
            .and_then(|s| s.body.items.iter().find(|i| i.item_id == item_id))
            .ok_or_else(no_such)?;
        let digest: Digest = item.sha256.parse().map_err(|_| no_such())?;
        let dir = files_dir(&self.config().data_dir());
        let path = dir.join(digest.to_hex());
        let seal = self.store().seal_key();
        if let Ok(bytes) = courtdesk_sealed::read_sealed(&seal, &path) {
            if Digest::of(&bytes) == digest {
                return Ok(bytes);
            }
            tracing::error!("a kept intake file does not match its hash");
        }
        let link = self.sync_link().ok_or_else(not_connected)?;
        let bytes = link
            .ask(move |central| async move { central.blob_content(&digest).await })
            .map_err(|_| unanswered())?
            .map_err(|error| match error {
                SyncError::Refused {
                    code: WireCode::SignInRequired,
                    ..
                } => self.session_refused(),
                SyncError::Refused {
                    code: WireCode::NotFound,
                    ..
                } => ApiError::new(
                    ErrorCode::ItemNotUploaded,
                    "the court server does not hold this item yet",
                ),
                error if error.is_retryable() => ApiError::new(
                    ErrorCode::ServerUnreachable,
                    "the court server cannot be reached",
                ),
                error => {
                    tracing::error!(%error, "an intake item could not be fetched");
                    ApiError::new(ErrorCode::Internal, "the item could not be fetched")
                }
            })?;
        if let Err(error) = keep(&dir, &digest, &bytes, &seal) {
            tracing::warn!(%error, "a fetched intake item could not be kept");
        }
        Ok(bytes)
    }

    /// Where each item's upload from the kiosk stands at the court server,
    /// so a clerk sees the bytes arriving before opening an item.
    pub fn desk_intake_uploads(&self, submission_id: &str) -> Result<Vec<ItemUpload>, ApiError> {
        self.staff_desk()
            .authorize(StaffAction::ReviewSubmission, now_ms())?;
        let book = Book::read(self.store()).map_err(store_error)?;
        let items: Vec<(String, u64, Digest)> = book
            .get(submission_id)
            .ok_or_else(no_such)?
            .body
            .items
            .iter()
            .map(|item| {
                let digest = item.sha256.parse::<Digest>().map_err(|_| no_such())?;
                Ok((item.item_id.clone(), item.size, digest))
            })
            .collect::<Result<_, ApiError>>()?;
        let link = self.sync_link().ok_or_else(not_connected)?;
        let digests: Vec<Digest> = items.iter().map(|(_, _, digest)| *digest).collect();
        let statuses = link
            .ask(move |central| async move {
                let mut statuses = Vec::with_capacity(digests.len());
                for digest in &digests {
                    statuses.push(match central.blob_status(digest).await {
                        Ok(status) => Some(status),
                        // No upload of it started yet.
                        Err(SyncError::Refused {
                            code: WireCode::NotFound,
                            ..
                        }) => None,
                        Err(error) => return Err(error),
                    });
                }
                Ok(statuses)
            })
            .map_err(|_| unanswered())?
            .map_err(|error| {
                tracing::warn!(%error, "upload states could not be read");
                unanswered()
            })?;
        Ok(items
            .into_iter()
            .zip(statuses)
            .map(|((item_id, size, _), status)| ItemUpload {
                item_id,
                size,
                held: status.as_ref().map_or(0, |s| s.next_offset.min(size)),
                complete: status.is_some_and(|s| s.complete),
            })
            .collect())
    }

    /// Records the signed-in clerk's decision on a submission awaiting
    /// review: accepting needs `ReviewSubmission`, returning
    /// `ReturnSubmission`, forwarding `ForwardSubmission`.
    pub fn desk_intake_decide(
        &self,
        submission_id: &str,
        decision: Decision,
    ) -> Result<SubmissionView, ApiError> {
        let now = now_ms();
        let action = match &decision {
            Decision::Accept => StaffAction::ReviewSubmission,
            Decision::Return { .. } => StaffAction::ReturnSubmission,
            Decision::Forward { .. } => StaffAction::ForwardSubmission,
        };
        let clerk = self.staff_desk().authorize(action, now)?;
        let bad = |detail: &str, message: &str| {
            ApiError::new(ErrorCode::BadInput, message).with_detail(detail)
        };
        let decision = match decision {
            Decision::Return { reason_code, text } => {
                if !RETURN_REASONS.contains(&reason_code.as_str()) {
                    return Err(bad("reason_code", "not a return reason"));
                }
                let text = text.trim().to_owned();
                if text.chars().count() > MAX_RETURN_TEXT {
                    return Err(bad("text", "the reason's text is too long"));
                }
                Decision::Return { reason_code, text }
            }
            Decision::Forward { department } => {
                let department = department.trim().to_owned();
                if department.is_empty()
                    || department.chars().count() > 64
                    || department.chars().any(char::is_control)
                {
                    return Err(bad("department", "not a department"));
                }
                Decision::Forward { department }
            }
            Decision::Accept => Decision::Accept,
        };
        let book = Book::read(self.store()).map_err(store_error)?;
        let kept = book.get(submission_id).ok_or_else(no_such)?;
        if kept.status() != SubmissionStatus::AwaitingReview {
            return Err(ApiError::new(
                ErrorCode::IllegalAction,
                "the submission was decided or replaced already",
            )
            .with_detail("already_decided"));
        }
        let body = DecidedBody {
            submission_id: submission_id.to_owned(),
            decision,
            clerk: clerk.username.clone(),
            terminal_id: self.id().as_str().to_owned(),
            decided_at_ms: now,
        };
        let value = serde_json::to_value(&body).map_err(store_error)?;
        let origin = self.id().as_str().to_owned();
        self.store()
            .write_recorded(i64::try_from(now).unwrap_or(i64::MAX), |recorder| {
                record_intake(recorder, DECIDED, submission_id, &origin, value)
            })?;
        if let Some(link) = self.sync_link() {
            link.sync_now();
        }
        let book = Book::read(self.store()).map_err(store_error)?;
        let kept = book.get(submission_id).ok_or_else(no_such)?;
        Ok(submission_view(&book, kept))
    }
}

/// Keeps fetched bytes under their hash, sealed, written aside and renamed.
fn keep(
    dir: &std::path::Path,
    digest: &Digest,
    bytes: &[u8],
    seal: &courtdesk_sealed::SealKey,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    courtdesk_sealed::write_sealed(seal, &dir.join(digest.to_hex()), bytes)
}
