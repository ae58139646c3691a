//! The kiosk's case list for intake against the real server: the cases the
//! case system put for the identified party, kept in the kiosk's store and
//! given (marked offline) while the server cannot be reached.

use courtdesk_central::Publisher;
use courtdesk_core::Mode;
use courtdesk_faultproxy::{FaultProxy, Partition};
use courtdesk_protocol::cases::{CasePartyInput, CaseRole, PutCaseRequest};
use courtdesk_terminal::commands::intake_cases::PartyCase;
use courtdesk_terminal::{ErrorCode, Terminal};

use crate::court::Court;
use crate::delivery::identify;

const RESIDENT_ID: &str = "11010519491231002X";
const PHONE: &str = "13812345678";
const OTHER_ID: &str = "110101199003070011";
const OTHER_PHONE: &str = "13900001111";

/// Puts a case of court-1 as the case system does.
fn put_case(court: &Court, case_number: &str, title: &str, parties: &[(&str, &str, CaseRole)]) {
    let request = PutCaseRequest {
        court_id: Some("court-1".into()),
        case_number: case_number.into(),
        title: title.into(),
        parties: parties
            .iter()
            .map(|(resident_id, phone, role)| CasePartyInput {
                resident_id: (*resident_id).into(),
                phone: (*phone).into(),
                role: *role,
            })
            .collect(),
    };
    court
        .running
        .deliveries()
        .put_case(
            &Publisher::ApiClient {
                id: "case-system".into(),
                court_id: None,
            },
            &request,
        )
        .expect("the case is put");
}

fn case(case_number: &str, title: &str, role: &str) -> PartyCase {
    PartyCase {
        case_number: case_number.into(),
        title: title.into(),
        role: role.into(),
    }
}

fn sorted(mut cases: Vec<PartyCase>) -> Vec<PartyCase> {
    cases.sort_by(|a, b| a.case_number.cmp(&b.case_number));
    cases
}

fn not_identified(kiosk: &Terminal) {
    let error = kiosk.intake_cases().expect_err("nobody identified");
    assert_eq!(error.code, ErrorCode::IllegalAction);
    assert_eq!(error.detail.as_deref(), Some("not_identified"));
}

#[test]
fn the_kiosk_lists_the_identified_party_s_cases_and_keeps_them_for_offline_use() {
    let court = Court::start();
    court.party(RESIDENT_ID, PHONE, "张三");
    court.party(OTHER_ID, OTHER_PHONE, "李四");
    put_case(
        &court,
        "(2026)京0105民初1号",
        "买卖合同纠纷",
        &[
            (RESIDENT_ID, PHONE, CaseRole::Plaintiff),
            (OTHER_ID, OTHER_PHONE, CaseRole::Defendant),
        ],
    );
    put_case(
        &court,
        "(2026)京0105民特7号",
        "申请司法确认",
        &[(RESIDENT_ID, PHONE, CaseRole::Applicant)],
    );

    let proxy = court
        .runtime
        .block_on(FaultProxy::start(court.running.local_addr()))
        .expect("the proxy starts");
    let (_dir, kiosk) = court.terminal_via(Mode::Kiosk, proxy.addr());
    not_identified(&kiosk);

    identify(&court, &kiosk, RESIDENT_ID, PHONE);
    let online = kiosk.intake_cases().expect("listed");
    assert!(!online.offline);
    let expected = vec![
        case("(2026)京0105民初1号", "买卖合同纠纷", "plaintiff"),
        case("(2026)京0105民特7号", "申请司法确认", "applicant"),
    ];
    assert_eq!(sorted(online.cases.clone()), expected);

    // The server cut: the list kept for this party, marked offline.
    let faults = proxy.handle();
    faults.partition(Partition::Refuse);
    let offline = kiosk.intake_cases().expect("from the store");
    assert!(offline.offline);
    assert_eq!(offline.cases, online.cases, "the same list");

    // Back online, a change of the case system shows.
    faults.heal();
    put_case(
        &court,
        "(2026)京0105民特7号",
        "申请司法确认",
        &[(OTHER_ID, OTHER_PHONE, CaseRole::Applicant)],
    );
    let again = kiosk.intake_cases().expect("listed");
    assert!(!again.offline);
    assert_eq!(
        again.cases,
        vec![case("(2026)京0105民初1号", "买卖合同纠纷", "plaintiff")]
    );

    // Another party at the same kiosk: their own cases online; offline,
    // nothing was kept for them yet, and never the previous party's.
    kiosk.visit_finish().expect("cleared");
    not_identified(&kiosk);
    identify(&court, &kiosk, OTHER_ID, OTHER_PHONE);
    faults.partition(Partition::Refuse);
    let nothing_kept = kiosk.intake_cases().expect("from the store");
    assert!(nothing_kept.offline);
    assert!(nothing_kept.cases.is_empty(), "{nothing_kept:?}");
    faults.heal();
    let theirs = kiosk.intake_cases().expect("listed");
    assert!(!theirs.offline);
    assert_eq!(
        sorted(theirs.cases),
        vec![
            case("(2026)京0105民初1号", "买卖合同纠纷", "defendant"),
            case("(2026)京0105民特7号", "申请司法确认", "applicant"),
        ]
    );
    kiosk.visit_finish().expect("cleared");
    not_identified(&kiosk);
}
