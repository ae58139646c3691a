//! What each staff role may do, as one table.

use serde::{Deserialize, Serialize};

/// A staff member's role. Each account has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Serves litigants at a window: tickets, submissions, deliveries.
    Clerk,
    /// A clerk who also runs the hall: queues, kiosks, reports.
    Supervisor,
    /// Runs the system: accounts and terminals, but no casework.
    Administrator,
}

/// Something a staff member can ask the system to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffAction {
    /// Call the next ticket to one's window.
    CallTicket,
    /// Mark a called ticket as served (or absent).
    ServeTicket,
    /// Send a ticket on to another window or service.
    TransferTicket,
    /// Examine materials a litigant submitted.
    ReviewSubmission,
    /// Pass a reviewed submission on to the judge's chambers.
    ForwardSubmission,
    /// Send a submission back to the litigant for correction.
    ReturnSubmission,
    /// Publish a court document for electronic delivery to a litigant.
    PublishDelivery,
    /// Print a document for service on paper.
    PrintPaperService,
    /// Open, close or reorder the hall's queues and services.
    ManageQueue,
    /// See the hall's statistics and audit trail.
    ViewReports,
    /// Release a kiosk locked by a fault or a tamper alarm.
    UnlockKiosk,
    /// Create, disable and reset staff accounts, and change roles.
    ManageAccounts,
    /// Register and retire kiosks and desk terminals.
    ManageTerminals,
}

impl StaffAction {
    /// Every action, in declaration order, for tests and for the UI's menus.
    pub const ALL: [StaffAction; 13] = [
        StaffAction::CallTicket,
        StaffAction::ServeTicket,
        StaffAction::TransferTicket,
        StaffAction::ReviewSubmission,
        StaffAction::ForwardSubmission,
        StaffAction::ReturnSubmission,
        StaffAction::PublishDelivery,
        StaffAction::PrintPaperService,
        StaffAction::ManageQueue,
        StaffAction::ViewReports,
        StaffAction::UnlockKiosk,
        StaffAction::ManageAccounts,
        StaffAction::ManageTerminals,
    ];
}

/// Which roles may take an action: `[Clerk, Supervisor, Administrator]`.
///
/// Administrators do no casework and clerks touch no accounts, so that no one
/// role can both create an account and act on a case with it; a supervisor is
/// a clerk with the hall's controls added.
#[rustfmt::skip]
const fn allowed(action: StaffAction) -> [bool; 3] {
    use StaffAction::*;
    const Y: bool = true;
    const N: bool = false;
    match action {
        //                    Clerk Supervisor Administrator
        CallTicket        => [Y,    Y,         N],
        ServeTicket       => [Y,    Y,         N],
        TransferTicket    => [Y,    Y,         N],
        ReviewSubmission  => [Y,    Y,         N],
        ForwardSubmission => [Y,    Y,         N],
        ReturnSubmission  => [Y,    Y,         N],
        PublishDelivery   => [Y,    Y,         N],
        PrintPaperService => [Y,    Y,         N],
        ManageQueue       => [N,    Y,         N],
        ViewReports       => [N,    Y,         Y],
        UnlockKiosk       => [N,    Y,         Y],
        ManageAccounts    => [N,    N,         Y],
        ManageTerminals   => [N,    N,         Y],
    }
}

impl Role {
    /// Whether this role may take `action`.
    pub fn may(self, action: StaffAction) -> bool {
        let column = match self {
            Role::Clerk => 0,
            Role::Supervisor => 1,
            Role::Administrator => 2,
        };
        allowed(action)[column]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;
    use StaffAction::*;

    #[test]
    fn the_table_reads_as_intended() {
        // Restated row by row so a change to the table has to be made twice.
        let expected: [(StaffAction, &[Role]); 13] = [
            (CallTicket, &[Clerk, Supervisor]),
            (ServeTicket, &[Clerk, Supervisor]),
            (TransferTicket, &[Clerk, Supervisor]),
            (ReviewSubmission, &[Clerk, Supervisor]),
            (ForwardSubmission, &[Clerk, Supervisor]),
            (ReturnSubmission, &[Clerk, Supervisor]),
            (PublishDelivery, &[Clerk, Supervisor]),
            (PrintPaperService, &[Clerk, Supervisor]),
            (ManageQueue, &[Supervisor]),
            (ViewReports, &[Supervisor, Administrator]),
            (UnlockKiosk, &[Supervisor, Administrator]),
            (ManageAccounts, &[Administrator]),
            (ManageTerminals, &[Administrator]),
        ];
        for (action, roles) in expected {
            for role in [Clerk, Supervisor, Administrator] {
                assert_eq!(
                    role.may(action),
                    roles.contains(&role),
                    "{role:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn a_supervisor_may_do_everything_a_clerk_may() {
        for action in StaffAction::ALL {
            assert!(!Clerk.may(action) || Supervisor.may(action), "{action:?}");
        }
    }

    #[test]
    fn no_role_both_manages_accounts_and_handles_cases() {
        let casework = [
            ReviewSubmission,
            ForwardSubmission,
            PublishDelivery,
            ServeTicket,
        ];
        for role in [Clerk, Supervisor, Administrator] {
            let handles_cases = casework.iter().any(|&a| role.may(a));
            assert!(!(role.may(ManageAccounts) && handles_cases), "{role:?}");
        }
    }

    #[test]
    fn every_action_is_allowed_to_someone() {
        for action in StaffAction::ALL {
            assert!(
                [Clerk, Supervisor, Administrator]
                    .iter()
                    .any(|r| r.may(action)),
                "{action:?}"
            );
        }
    }

    #[test]
    fn actions_serialize_as_snake_case() {
        let json = serde_json::to_string(&PrintPaperService).expect("serializes");
        assert_eq!(json, r#""print_paper_service""#);
    }
}
