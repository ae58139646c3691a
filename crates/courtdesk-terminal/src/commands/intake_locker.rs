//! Paper materials in the kiosk's locker: a litigant who filed a submission
//! here opens a compartment of a size, puts the papers in and closes the
//! door (`intake.locker_deposited`, with the pickup code for the court, and
//! a slip without it for the litigant), or gives up; court staff open the
//! compartment again with the code (`intake.locker_collected`); a desk
//! prints the code on a pickup slip. See [`crate::intake::locker`].

use courtdesk_devices::ReceiptLocker;
use courtdesk_identity::staff::StaffAction;
use courtdesk_intake::locker::{
    AssignmentError, CODE_DIGITS, CompartmentId, CompartmentSize, DepositState, LockerController,
    LockerError,
};
use courtdesk_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

use crate::commands::intake_kiosk::{QR_PREFIX, store_error};
use crate::intake::book::{Book, KeptSubmission};
use crate::intake::locker::{KioskLocker, LockerState, PendingDeposit};
use crate::intake::records::{
    LOCKER_COLLECTED, LOCKER_DEPOSITED, LockerCollectedBody, LockerDepositedBody, SubmittedBody,
};
use crate::intake::submit::record_intake;
use crate::terminal::now_ms;
use crate::{ApiError, ErrorCode, Terminal};

/// The litigant's slip: where the papers are, and that the court takes them.
const DEPOSIT_SLIP_ZH: &str = "纸质材料已存入储物柜，由法院工作人员取出，请勿再开柜。";
const DEPOSIT_SLIP_EN: &str = "Your papers are in the locker; court staff will take them out.";
/// The clerk's pickup slip: how the code is used.
const PICKUP_SLIP_ZH: &str = "在自助终端首页点“储物柜取件”，输入取件码开柜。取件码只能用一次。";
const PICKUP_SLIP_EN: &str =
    "At the kiosk, tap \"Locker pickup\" and enter the code. It works once.";

/// A compartment opened for the papers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LockerOpened {
    /// The number on the compartment's door.
    pub compartment: u16,
}

/// What the compartment's sensors say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LockerDepositState {
    /// The door is still open: close it.
    DoorOpen,
    /// Closed with nothing inside: open it again and put the papers in, or
    /// cancel.
    Empty,
    /// Closed with the papers inside: recorded.
    Deposited,
}

/// The answer to `intake_locker_deposit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LockerDeposit {
    pub state: LockerDepositState,
    pub compartment: u16,
    /// Whether the litigant's slip printed (only once deposited).
    pub printed: bool,
    /// Why it did not (`no_printer`, or the printer's code); the deposit
    /// is recorded either way.
    pub print_error: Option<String>,
}

/// The answer to `intake_locker_cancel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LockerCancel {
    /// The compartment is free again.
    Released,
    /// The door is open: close it first.
    DoorOpen,
    /// Something is inside: take it out and close the door first.
    NotEmpty,
}

/// A compartment opened with its pickup code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LockerCollected {
    pub compartment: u16,
    /// The number of the submission whose papers are inside, if this
    /// kiosk knows it.
    pub submission_number: Option<String>,
}

/// Papers of a submission put into a kiosk's locker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LockerDepositView {
    /// The kiosk whose locker holds them.
    pub terminal_id: String,
    pub compartment: u16,
    /// The single-use code that opens the compartment: given only to a
    /// signed-in clerk at a desk, never at a kiosk.
    pub pickup_code: Option<String>,
    #[ts(type = "number")]
    pub deposited_at_ms: u64,
    /// When staff opened it with the code; `None` while the papers wait.
    #[ts(type = "number | null")]
    pub collected_at_ms: Option<u64>,
}

/// The submission's locker deposits as shown; the code only `with_code`.
pub(crate) fn locker_views(kept: &KeptSubmission, with_code: bool) -> Vec<LockerDepositView> {
    kept.lockers
        .iter()
        .map(|d| LockerDepositView {
            terminal_id: d.body.terminal_id.clone(),
            compartment: d.body.compartment,
            pickup_code: with_code.then(|| d.body.pickup_code.clone()),
            deposited_at_ms: d.body.deposited_at_ms,
            collected_at_ms: d.collected_at_ms,
        })
        .collect()
}

fn bad_input(detail: &str, message: &str) -> ApiError {
    ApiError::new(ErrorCode::BadInput, message).with_detail(detail)
}

fn not_assigned() -> ApiError {
    ApiError::new(
        ErrorCode::IllegalAction,
        "no compartment is open for this submission",
    )
    .with_detail("not_assigned")
}

fn controller_error(error: &LockerError) -> ApiError {
    tracing::warn!(code = error.code(), %error, "the locker refused");
    match error {
        LockerError::DoorJammed(_) => ApiError::new(
            ErrorCode::LockerDoorJammed,
            "the compartment's door did not open",
        ),
        LockerError::NoSuchCompartment(_) | LockerError::Unavailable { .. } => {
            ApiError::new(ErrorCode::LockerUnavailable, "the locker does not answer")
                .with_detail(error.code())
        }
    }
}

fn assignment_error(error: &AssignmentError) -> ApiError {
    match error {
        AssignmentError::NoFreeCompartment => {
            ApiError::new(ErrorCode::LockerFull, "no compartment of that size is free")
        }
        AssignmentError::WrongCode { attempts_left } => {
            ApiError::new(ErrorCode::PickupCodeWrong, "the pickup code is wrong")
                .with_detail(attempts_left)
        }
        AssignmentError::Locked { retry_after_ms } => ApiError::new(
            ErrorCode::PickupLocked,
            "pickups are locked after too many wrong codes",
        )
        .with_detail((retry_after_ms + 999) / 1000),
        AssignmentError::NotAssigned(_) => not_assigned(),
        AssignmentError::Controller(error) => controller_error(error),
    }
}

fn parse_size(size: &str) -> Result<CompartmentSize, ApiError> {
    match size {
        "small" => Ok(CompartmentSize::Small),
        "medium" => Ok(CompartmentSize::Medium),
        "large" => Ok(CompartmentSize::Large),
        _ => Err(bad_input("size", "the size is small, medium or large")),
    }
}

/// Writes a locker record, its kept copy and the locker's state in one
/// transaction.
fn write_locker_record(
    terminal: &Terminal,
    kind: &str,
    submission_id: &str,
    value: serde_json::Value,
    state: &LockerState,
    now: u64,
) -> Result<(), StoreError> {
    let origin = terminal.id().as_str().to_owned();
    terminal
        .store()
        .write_recorded(i64::try_from(now).unwrap_or(i64::MAX), |recorder| {
            record_intake(recorder, kind, submission_id, &origin, value)?;
            state.save_in(recorder.connection())
        })
}

impl Terminal {
    fn kiosk_locker(&self) -> Result<&KioskLocker, ApiError> {
        self.locker()
            .ok_or_else(|| ApiError::new(ErrorCode::NoLocker, "this kiosk has no locker"))
    }

    /// The submission, if it was filed at this kiosk by the person
    /// identified now.
    fn own_submission(&self, submission_id: &str) -> Result<SubmittedBody, ApiError> {
        let party = self.intake_party()?;
        let book = Book::read(self.store()).map_err(store_error)?;
        book.get(submission_id)
            .filter(|s| s.body.party_masked_id == party && s.body.terminal_id == self.id().as_str())
            .map(|s| s.body.clone())
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NoSuchSubmission,
                    "no submission of yours was filed at this kiosk",
                )
            })
    }

    /// Opens a free compartment of `size` (or the next size up) for the
    /// papers of a submission the identified person filed here. Asked
    /// again while the papers are not in, it opens the same compartment.
    pub fn intake_locker_open(
        &self,
        submission_id: &str,
        size: &str,
    ) -> Result<LockerOpened, ApiError> {
        let locker = self.kiosk_locker()?;
        let size = parse_size(size)?;
        self.own_submission(submission_id)?;
        let _guard = locker.guard();
        let controller = locker.controller();
        let mut state = LockerState::load(self.store())?;
        if let Some(pending) = state.pending_for(submission_id) {
            let compartment = pending.compartment;
            controller
                .open(compartment)
                .map_err(|e| controller_error(&e))?;
            return Ok(LockerOpened {
                compartment: compartment.0,
            });
        }
        // `assign` passes over a door that does not open; when every free
        // compartment's door failed, that is a jam, not a full locker.
        let free = free_compartments(controller, &state, size).map_err(|e| controller_error(&e))?;
        let issued = state
            .assignments
            .assign(
                controller,
                submission_id,
                size,
                &mut rand::rngs::OsRng,
                i64::try_from(now_ms()).unwrap_or(i64::MAX),
            )
            .map_err(|error| match error {
                AssignmentError::NoFreeCompartment if free > 0 => {
                    controller_error(&LockerError::DoorJammed(CompartmentId(0)))
                }
                other => assignment_error(&other),
            })?;
        state.pending.push(PendingDeposit {
            submission_id: submission_id.to_owned(),
            compartment: issued.compartment,
            pickup_code: issued.code.expose().to_owned(),
        });
        state.save(self.store())?;
        tracing::info!(
            compartment = issued.compartment.0,
            "locker compartment opened"
        );
        Ok(LockerOpened {
            compartment: issued.compartment.0,
        })
    }

    /// Reads the sensors of the compartment opened for the submission.
    /// Closed with something inside, the deposit is recorded (with the
    /// pickup code, for the court) and the litigant's slip, without the
    /// code, is printed.
    pub fn intake_locker_deposit(&self, submission_id: &str) -> Result<LockerDeposit, ApiError> {
        let locker = self.kiosk_locker()?;
        let submission = self.own_submission(submission_id)?;
        let _guard = locker.guard();
        let mut state = LockerState::load(self.store())?;
        let pending = state
            .pending_for(submission_id)
            .cloned()
            .ok_or_else(not_assigned)?;
        let found = state
            .assignments
            .confirm_deposit(locker.controller(), pending.compartment)
            .map_err(|e| assignment_error(&e))?;
        let waiting = |state| LockerDeposit {
            state,
            compartment: pending.compartment.0,
            printed: false,
            print_error: None,
        };
        match found {
            DepositState::DoorOpen => return Ok(waiting(LockerDepositState::DoorOpen)),
            DepositState::Empty => return Ok(waiting(LockerDepositState::Empty)),
            DepositState::Deposited => {}
        }
        self.record_deposit(&mut state, &pending)?;
        let slip = self.intake_receipt(
            &submission,
            &format!("{QR_PREFIX}{}", submission.status_token),
            Some(ReceiptLocker {
                compartment: pending.compartment.to_string(),
                pickup_code: None,
                instructions_zh: DEPOSIT_SLIP_ZH.into(),
                instructions_en: DEPOSIT_SLIP_EN.into(),
            }),
        );
        let print_error = self.print_receipt(&slip).err();
        Ok(LockerDeposit {
            state: LockerDepositState::Deposited,
            compartment: pending.compartment.0,
            printed: print_error.is_none(),
            print_error,
        })
    }

    /// Records the papers of `pending` as in its compartment (the
    /// assignments already marked so), with the locker's state, in one
    /// transaction.
    fn record_deposit(
        &self,
        state: &mut LockerState,
        pending: &PendingDeposit,
    ) -> Result<(), ApiError> {
        let now = now_ms();
        let body = LockerDepositedBody {
            submission_id: pending.submission_id.clone(),
            compartment: pending.compartment.0,
            terminal_id: self.id().as_str().to_owned(),
            pickup_code: pending.pickup_code.clone(),
            deposited_at_ms: now,
        };
        state
            .pending
            .retain(|p| p.submission_id != pending.submission_id);
        let value = serde_json::to_value(&body).map_err(store_error)?;
        write_locker_record(
            self,
            LOCKER_DEPOSITED,
            &pending.submission_id,
            value,
            state,
            now,
        )?;
        tracing::info!(
            compartment = pending.compartment.0,
            "locker deposit recorded"
        );
        if let Some(link) = self.sync_link() {
            link.sync_now();
        }
        Ok(())
    }

    /// At the end of a visit, each compartment still open for a deposit is
    /// settled by its sensors: closed on something, the deposit is
    /// recorded (the person left before the screen saw it); closed and
    /// empty, it is given up; still open, it stays held, for staff.
    pub(crate) fn settle_locker(&self) {
        let Some(locker) = self.locker() else {
            return;
        };
        let _guard = locker.guard();
        let mut state = match LockerState::load(self.store()) {
            Ok(state) => state,
            Err(error) => {
                tracing::error!(%error, "the locker's assignments cannot be read");
                return;
            }
        };
        for pending in state.pending.clone() {
            let compartment = pending.compartment.0;
            let settled = match state
                .assignments
                .confirm_deposit(locker.controller(), pending.compartment)
            {
                Ok(DepositState::Deposited) => self.record_deposit(&mut state, &pending),
                Ok(DepositState::Empty) => {
                    state.assignments.release(pending.compartment);
                    state
                        .pending
                        .retain(|p| p.submission_id != pending.submission_id);
                    tracing::info!(compartment, "an unused locker compartment was given up");
                    state.save(self.store()).map_err(ApiError::from)
                }
                Ok(DepositState::DoorOpen) => {
                    tracing::warn!(
                        compartment,
                        "a locker door was left open at the end of a visit"
                    );
                    Ok(())
                }
                Err(error) => Err(assignment_error(&error)),
            };
            if let Err(error) = settled {
                tracing::warn!(compartment, code = ?error.code, "a locker compartment could not be settled");
            }
        }
    }

    /// Gives the compartment opened for the submission up, once its door
    /// is closed and it is empty.
    pub fn intake_locker_cancel(&self, submission_id: &str) -> Result<LockerCancel, ApiError> {
        let locker = self.kiosk_locker()?;
        self.own_submission(submission_id)?;
        let _guard = locker.guard();
        let mut state = LockerState::load(self.store())?;
        let compartment = state
            .pending_for(submission_id)
            .map(|p| p.compartment)
            .ok_or_else(not_assigned)?;
        let status = locker
            .controller()
            .status(compartment)
            .map_err(|e| controller_error(&e))?;
        if !status.door_closed {
            return Ok(LockerCancel::DoorOpen);
        }
        if status.occupied {
            return Ok(LockerCancel::NotEmpty);
        }
        state.assignments.release(compartment);
        state.pending.retain(|p| p.submission_id != submission_id);
        state.save(self.store())?;
        tracing::info!(compartment = compartment.0, "locker compartment given up");
        Ok(LockerCancel::Released)
    }

    /// Court staff open the compartment a pickup code belongs to; the code
    /// is spent. Wrong codes count towards a lock of all pickups here.
    pub fn locker_collect(&self, code: &str) -> Result<LockerCollected, ApiError> {
        let locker = self.kiosk_locker()?;
        let code = code.trim();
        if code.len() != CODE_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad_input("code", "a pickup code is six digits"));
        }
        let _guard = locker.guard();
        let mut state = LockerState::load(self.store())?;
        let holders: Vec<(CompartmentId, String)> = state
            .assignments
            .assigned()
            .map(|(c, s, _)| (c, s.to_owned()))
            .collect();
        let now = now_ms();
        let outcome = state.assignments.collect(
            locker.controller(),
            code,
            i64::try_from(now).unwrap_or(i64::MAX),
        );
        let compartment = match outcome {
            Ok(compartment) => compartment,
            Err(error) => {
                // The count of wrong codes (or the lock's end) changed.
                state.save(self.store())?;
                return Err(assignment_error(&error));
            }
        };
        let submission_id = holders
            .into_iter()
            .find(|(c, _)| *c == compartment)
            .map(|(_, s)| s)
            .unwrap_or_default();
        // Papers never confirmed in: the code of a deposit that was not
        // recorded goes with it.
        state.pending.retain(|p| p.compartment != compartment);
        let body = LockerCollectedBody {
            submission_id: submission_id.clone(),
            compartment: compartment.0,
            terminal_id: self.id().as_str().to_owned(),
            collected_at_ms: now,
        };
        let value = serde_json::to_value(&body).map_err(store_error)?;
        write_locker_record(self, LOCKER_COLLECTED, &submission_id, value, &state, now)?;
        tracing::info!(compartment = compartment.0, "locker compartment collected");
        if let Some(link) = self.sync_link() {
            link.sync_now();
        }
        let submission_number = Book::read(self.store())
            .ok()
            .and_then(|book| book.get(&submission_id).map(|s| s.body.number.clone()));
        Ok(LockerCollected {
            compartment: compartment.0,
            submission_number,
        })
    }

    /// Prints the pickup slip of the submission's papers waiting in a
    /// locker (the latest deposit not collected), with its code, on this
    /// desk's printer.
    pub fn desk_intake_locker_slip(&self, submission_id: &str) -> Result<(), ApiError> {
        self.staff_desk()
            .authorize(StaffAction::ReviewSubmission, now_ms())?;
        let book = Book::read(self.store()).map_err(store_error)?;
        let kept = book.get(submission_id).ok_or_else(|| {
            ApiError::new(
                ErrorCode::NoSuchSubmission,
                "no such submission at this site",
            )
        })?;
        let deposit = kept
            .lockers
            .iter()
            .rev()
            .find(|d| d.collected_at_ms.is_none())
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::IllegalAction,
                    "no papers of this submission wait in a locker",
                )
                .with_detail("no_locker_deposit")
            })?;
        let slip = self.intake_receipt(
            &kept.body,
            &format!("{QR_PREFIX}{}", kept.body.status_token),
            Some(ReceiptLocker {
                compartment: deposit.body.compartment.to_string(),
                pickup_code: Some(deposit.body.pickup_code.clone()),
                instructions_zh: PICKUP_SLIP_ZH.into(),
                instructions_en: PICKUP_SLIP_EN.into(),
            }),
        );
        self.print_receipt(&slip).map_err(|detail| {
            ApiError::new(ErrorCode::PrintFailed, "the pickup slip did not print")
                .with_detail(detail)
        })
    }
}

/// How many compartments of at least `size` are free for a new assignment.
fn free_compartments(
    controller: &dyn LockerController,
    state: &LockerState,
    size: CompartmentSize,
) -> Result<usize, LockerError> {
    let assigned: Vec<CompartmentId> = state.assignments.assigned().map(|(c, _, _)| c).collect();
    Ok(controller
        .compartments()?
        .into_iter()
        .filter(|c| c.door_closed && !c.occupied && !c.out_of_service && c.size >= size)
        .filter(|c| !assigned.contains(&c.id))
        .count())
}

#[cfg(test)]
mod tests {
    use courtdesk_devices::{IntakeReceipt, ReceiptItem, ReceiptLocker, render_receipt_pdf};

    use super::*;

    fn slip(pickup_code: Option<&str>, zh: &str, en: &str) -> IntakeReceipt {
        IntakeReceipt {
            site_name: "诉讼服务中心".into(),
            submission_number: "SJ-20261129-K7M3QX".into(),
            case_number: None,
            submitted_at_local: "2026-11-29 09:10".into(),
            items: vec![ReceiptItem {
                material_zh: "起诉状".into(),
                material_en: "Statement of claim".into(),
                pages: 2,
                short_hash: "ab12cd34".into(),
            }],
            locker: Some(ReceiptLocker {
                compartment: "4".into(),
                pickup_code: pickup_code.map(str::to_owned),
                instructions_zh: zh.into(),
                instructions_en: en.into(),
            }),
            status_check: format!("{QR_PREFIX}{}", "a".repeat(32)),
            bilingual: true,
        }
    }

    #[test]
    fn both_slips_lay_out_in_the_receipt_font() {
        render_receipt_pdf(&slip(None, DEPOSIT_SLIP_ZH, DEPOSIT_SLIP_EN))
            .expect("the litigant's slip lays out");
        render_receipt_pdf(&slip(Some("482913"), PICKUP_SLIP_ZH, PICKUP_SLIP_EN))
            .expect("the pickup slip lays out");
    }
}
