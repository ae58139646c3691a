//! The hall's queue across terminals and the real server: a kiosk issues, a
//! desk calls, the display shows it; a kiosk cut off from the server keeps
//! issuing unique numbers that join the queue in issue order once it is back.

use std::path::Path;

use courtdesk_core::Mode;
use courtdesk_faultproxy::{FaultProxy, Partition};
use courtdesk_terminal::commands::queue_desk::{DeskAction, DeskBoard};
use courtdesk_terminal::commands::queue_kiosk::{TakeTicket, TicketView};
use courtdesk_terminal::queue::Priority;
use courtdesk_terminal::{ErrorCode, Terminal};

use courtdesk_identity::staff::Role;

use crate::court::{Court, PASSWORD, eventually, printed_files, printed_text, printer_or_skip};
use crate::start_terminal;

/// Takes a ticket, waiting until the kiosk holds leased numbers.
fn take(kiosk: &Terminal, service: &str) -> TicketView {
    eventually("a ticket", || {
        match kiosk.take_ticket(service, Priority::Normal) {
            Ok(TakeTicket::Issued { ticket }) => Some(ticket),
            Err(error) if error.code == ErrorCode::OutOfNumbers => None,
            other => panic!("taking a ticket: {other:?}"),
        }
    })
}

fn waiting_numbers(board: &DeskBoard, service: &str) -> Vec<String> {
    board
        .services
        .iter()
        .find(|s| s.service.id == service)
        .map(|s| s.waiting.iter().map(|w| w.number.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn a_ticket_issued_at_the_kiosk_is_called_at_the_desk_and_shown_on_the_display() {
    let court = Court::start();
    let (_k, kiosk) = court.terminal(Mode::Kiosk);
    let (_s, desk) = court.desk();
    let (_d, display) = court.terminal(Mode::Display);
    // The display's first board takes note of what is already there.
    assert!(display.hall_board().expect("board").announce.is_empty());

    let ticket = take(&kiosk, "filing");
    assert_eq!(ticket.number, "A001", "the first number of the day");
    assert_eq!(ticket.people_ahead, 0);
    assert_eq!(ticket.service.name_zh, "立案登记");

    eventually("the ticket to reach the desk", || {
        let board = desk.desk_board().expect("board");
        (waiting_numbers(&board, "filing") == ["A001"]).then_some(())
    });
    let board = desk.desk_act(DeskAction::CallNext).expect("called");
    let current = board.current.expect("the desk holds the call");
    assert_eq!(
        (current.number.as_str(), current.state.as_str()),
        ("A001", "called")
    );

    let shown = eventually("the call to reach the display", || {
        let board = display.hall_board().expect("board");
        board
            .windows
            .iter()
            .any(|c| c.number == "A001" && c.window == 1)
            .then_some(board)
    });
    assert_eq!(shown.announce.len(), 1, "the new call is announced once");
    assert!(display.hall_board().expect("board").announce.is_empty());

    // The clerk serves and finishes; the display keeps the call in its list.
    desk.desk_act(DeskAction::Start).expect("serving");
    let done = desk
        .desk_act(DeskAction::Finish {
            outcome: "done".into(),
        })
        .expect("finished");
    assert!(done.current.is_none());
    assert_eq!(
        desk.desk_act(DeskAction::CallNext)
            .expect_err("nobody")
            .code,
        ErrorCode::NothingWaiting
    );
}

#[test]
fn tickets_issued_while_the_kiosk_is_cut_off_join_the_queue_once_in_issue_order() {
    let court = Court::start();
    let proxy = court
        .runtime
        .block_on(FaultProxy::start(court.running.local_addr()))
        .expect("the proxy starts");
    let (_k, kiosk) = court.terminal_via(Mode::Kiosk, proxy.addr());
    let (_s, desk) = court.desk();

    let first = take(&kiosk, "enquiry");
    assert_eq!(first.number, "B001");
    let faults = proxy.handle();
    faults.partition(Partition::Refuse);
    faults.reset_all();

    let mut issued = vec![first.number];
    for _ in 0..20 {
        issued.push(take(&kiosk, "enquiry").number);
    }
    let unique: std::collections::BTreeSet<&String> = issued.iter().collect();
    assert_eq!(
        unique.len(),
        21,
        "no number reused while offline: {issued:?}"
    );
    let sync = kiosk.sync_status().expect("status");
    assert!(
        sync.backlog >= 20,
        "the offline tickets wait in the outbox: {sync:?}"
    );

    faults.heal();
    let board = eventually("the offline tickets to reach the desk", || {
        let board = desk.desk_board().expect("board");
        (waiting_numbers(&board, "enquiry").len() == 21).then_some(board)
    });
    assert_eq!(
        waiting_numbers(&board, "enquiry"),
        issued,
        "all 21 once each, in issue order"
    );
    for expected in &issued {
        let board = desk.desk_act(DeskAction::CallNext).expect("called");
        let current = board.current.expect("a call");
        assert_eq!(&current.number, expected, "called in issue order");
        desk.desk_act(DeskAction::NoShow).expect("next");
    }
}

#[test]
fn a_desk_chooses_its_window_and_services_and_keeps_the_choice_across_a_restart() {
    let court = Court::start();
    let dir = tempfile::tempdir().expect("tempdir");
    court.enroll(dir.path(), Mode::Staff, court.running.local_addr());
    let clerk = court.staff(Role::Clerk);
    let desk = start_terminal(dir.path(), Mode::Staff);
    assert_eq!(
        desk.desk_setup(3, vec!["enquiry".into()])
            .expect_err("nobody signed in")
            .code,
        ErrorCode::SignInRequired
    );
    desk.staff_sign_in(&clerk, PASSWORD).expect("signed in");
    let board = desk
        .desk_setup(3, vec!["enquiry".into(), "materials".into()])
        .expect("chosen");
    assert_eq!(board.window, 3);
    let ids: Vec<&str> = board
        .services
        .iter()
        .map(|s| s.service.id.as_str())
        .collect();
    assert_eq!(ids, ["enquiry", "materials"]);

    for (window, services) in [
        (0, vec!["enquiry".into()]),
        (3, vec!["parking".into()]),
        (3, vec![]),
    ] {
        let error = desk.desk_setup(window, services).expect_err("refused");
        assert_eq!(error.code, ErrorCode::BadInput);
    }
    drop(desk);
    let desk = start_terminal(dir.path(), Mode::Staff);
    assert_eq!(
        desk.desk_board().expect_err("a restart signs out").code,
        ErrorCode::SignInRequired
    );
    desk.staff_sign_in(&clerk, PASSWORD)
        .expect("signed in again");
    let board = desk.desk_board().expect("board");
    assert_eq!(board.window, 3, "the choice survived the restart");
    assert_eq!(board.services.len(), 2);
}

#[test]
fn an_appointment_booked_at_the_desk_checks_in_at_the_kiosk_once_and_goes_first() {
    let court = Court::start();
    let (_k, kiosk) = court.terminal(Mode::Kiosk);
    let (_s, desk) = court.desk();

    let walk_in = take(&kiosk, "filing");
    // In ten minutes: checking in now is on time.
    let slot = {
        let in_ten = courtdesk_queue::SiteClock::CHINA
            .local(u64::try_from(courtdesk_sync::now_ms()).unwrap_or(0) + 10 * 60_000);
        if in_ten.day
            != courtdesk_queue::SiteClock::CHINA
                .day(u64::try_from(courtdesk_sync::now_ms()).unwrap_or(0))
        {
            // Too close to midnight for a slot today; nothing to test.
            return;
        }
        in_ten.time.to_string()
    };
    let booked = desk.desk_book_appointment("filing", &slot).expect("booked");
    assert_eq!(booked.code.len(), 6);
    assert_eq!(
        desk.desk_book_appointment("filing", "25:00")
            .expect_err("no such time")
            .code,
        ErrorCode::BadInput
    );

    let ticket = eventually("the booking to reach the kiosk", || {
        match kiosk.check_in(&booked.code) {
            Ok(TakeTicket::Issued { ticket }) => Some(ticket),
            Err(error) if error.code == ErrorCode::UnknownTicket => None,
            other => panic!("checking in: {other:?}"),
        }
    });
    assert_eq!(ticket.number, "A002");
    assert_eq!(
        kiosk.check_in(&booked.code).expect_err("used once").code,
        ErrorCode::IllegalAction
    );
    assert_eq!(
        kiosk.check_in("000000").expect_err("unknown").code,
        ErrorCode::UnknownTicket
    );
    assert_eq!(
        kiosk.check_in("12ab").expect_err("malformed").code,
        ErrorCode::BadInput
    );

    eventually("both tickets at the desk", || {
        let board = desk.desk_board().expect("board");
        (waiting_numbers(&board, "filing").len() == 2).then_some(())
    });
    let board = desk.desk_act(DeskAction::CallNext).expect("called");
    assert_eq!(
        board.current.expect("a call").number,
        ticket.number,
        "the checked-in appointment goes before the earlier walk-in {}",
        walk_in.number
    );
}

fn kiosk_printing_to(dir: &Path, queue: &str) -> Terminal {
    let path = dir.join("courtdesk.toml");
    std::fs::write(
        &path,
        format!("mode = \"kiosk\"\n[queue]\nprinter = \"{queue}\"\n"),
    )
    .expect("write config");
    let config = courtdesk_terminal::TerminalConfig::load(&courtdesk_terminal::ConfigLocation {
        path,
        source: courtdesk_terminal::ConfigSource::CommandLine,
    })
    .expect("valid config");
    Terminal::start(config).expect("the terminal starts")
}

fn lpadmin(args: &[&str]) {
    let status = std::process::Command::new("lpadmin")
        .args(args)
        .status()
        .expect("lpadmin runs");
    assert!(status.success(), "lpadmin {args:?}");
}

#[test]
fn a_ticket_prints_through_cups_and_a_stopped_printer_issues_nothing() {
    let Some((queue, out)) = printer_or_skip() else {
        return;
    };
    let court = Court::start();
    let dir = tempfile::tempdir().expect("tempdir");
    court.enroll(dir.path(), Mode::Kiosk, court.running.local_addr());
    let kiosk = kiosk_printing_to(dir.path(), &queue);
    let before = printed_files(&out);
    let ticket = take(&kiosk, "filing");
    assert!(ticket.printed);
    let text = printed_text(&out, &before, &ticket.number);
    assert!(
        text.contains("立案登记") && text.contains("Case filing"),
        "{text}"
    );
    drop(kiosk);

    // The same kiosk, now printing to a stopped printer.
    let stopped = format!("CourtDeskStopped{}", std::process::id());
    lpadmin(&[
        "-p",
        &stopped,
        "-v",
        "cups-pdf:/courtdesk",
        "-m",
        "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd",
        "-E",
    ]);
    let disabled = std::process::Command::new("cupsdisable")
        .arg(&stopped)
        .status()
        .expect("cupsdisable");
    assert!(disabled.success());
    let kiosk = kiosk_printing_to(dir.path(), &stopped);
    let error = kiosk
        .take_ticket("filing", Priority::Normal)
        .expect_err("nothing is issued");
    assert_eq!(error.code, ErrorCode::PrintFailed, "{error:?}");
    let offer = kiosk.queue_offer().expect("offer");
    let filing = offer
        .iter()
        .find(|o| o.service.id == "filing")
        .expect("filing");
    assert_eq!(
        filing.waiting, 1,
        "only the printed ticket waits; the unprinted one was voided"
    );
    lpadmin(&["-x", &stopped]);
}

#[test]
fn a_desk_cut_off_serves_a_printed_number_whose_issue_arrives_later() {
    let court = Court::start();
    let proxy = court
        .runtime
        .block_on(FaultProxy::start(court.running.local_addr()))
        .expect("the proxy starts");
    let (_s, desk) = court.desk_via(proxy.addr());
    let faults = proxy.handle();
    faults.partition(Partition::Refuse);
    faults.reset_all();

    let (_k, kiosk) = court.terminal(Mode::Kiosk);
    let printed = eventually("a priority ticket", || {
        match kiosk.take_ticket("filing", Priority::Elderly) {
            Ok(TakeTicket::Issued { ticket }) => Some(ticket),
            Err(error) if error.code == ErrorCode::OutOfNumbers => None,
            other => panic!("taking a ticket: {other:?}"),
        }
    });
    assert_eq!(printed.number, "A001");
    assert!(
        waiting_numbers(&desk.desk_board().expect("board"), "filing").is_empty(),
        "the desk is cut off and has not seen the ticket"
    );

    // The litigant shows the slip; the clerk types its number.
    let board = desk
        .desk_act(DeskAction::CallNumber {
            number: " a001 ".into(),
        })
        .expect("called by its printed number");
    let current = board.current.expect("the desk holds the call");
    assert_eq!(current.number, "A001");
    assert_eq!(
        current.priority,
        Priority::Normal,
        "unknown until the issue arrives"
    );
    desk.desk_act(DeskAction::Start).expect("serving");

    faults.heal();
    let board = eventually("the kiosk's issue to complete the ticket", || {
        let board = desk.desk_board().expect("board");
        board
            .current
            .as_ref()
            .is_some_and(|c| c.priority == Priority::Elderly)
            .then_some(board)
    });
    let current = board.current.as_ref().expect("still held");
    assert_eq!(
        (current.number.as_str(), current.state.as_str()),
        ("A001", "serving")
    );
    assert_eq!(board.conflicts, 0, "the claim and the issue agree");
    assert!(
        waiting_numbers(&board, "filing").is_empty(),
        "one ticket, not two"
    );

    // A number of no service here is refused with what to do.
    let unknown = desk
        .desk_act(DeskAction::CallNumber {
            number: "Z001".into(),
        })
        .expect_err("no service gives Z numbers");
    assert_eq!(unknown.code, ErrorCode::UnknownTicket);
}

/// Waits until `desk` lists `number` as waiting for filing.
fn desk_sees(desk: &Terminal, number: &str) {
    eventually("the ticket at the desk", || {
        let board = desk.desk_board().ok()?;
        waiting_numbers(&board, "filing")
            .iter()
            .any(|n| n == number)
            .then_some(())
    });
}

#[test]
fn a_desk_reprints_a_live_ticket_and_refuses_what_it_cannot() {
    let court = Court::start();
    let (_kiosk_dir, kiosk) = court.terminal(Mode::Kiosk);
    let ticket = take(&kiosk, "filing");

    let (_desk_dir, desk) = court.desk();
    desk_sees(&desk, &ticket.number);
    let error = desk.desk_reprint(&ticket.number).expect_err("no printer");
    assert_eq!(error.code, ErrorCode::PrintFailed);
    assert_eq!(error.detail.as_deref(), Some("no_printer"));
    let error = desk.desk_reprint("A999").expect_err("never issued");
    assert_eq!(error.code, ErrorCode::UnknownTicket);
    let error = desk.desk_reprint("../A001").expect_err("not a number");
    assert_eq!(error.code, ErrorCode::BadInput);
    desk.staff_sign_out().expect("signed out");
    let error = desk
        .desk_reprint(&ticket.number)
        .expect_err("nobody signed in");
    assert_eq!(error.code, ErrorCode::SignInRequired);

    let Some((queue, out)) = printer_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    court.enroll(dir.path(), Mode::Staff, court.running.local_addr());
    let desk = crate::start_terminal_with(
        dir.path(),
        Mode::Staff,
        &format!("[queue]\nprinter = \"{queue}\"\n"),
    );
    desk.staff_sign_in(&court.staff(Role::Clerk), PASSWORD)
        .expect("signed in");
    desk_sees(&desk, &ticket.number);
    let before = printed_files(&out);
    desk.desk_reprint(&ticket.number).expect("reprinted");
    let text = printed_text(&out, &before, &ticket.number);
    assert!(text.contains("立案登记"), "{text}");

    // A finished ticket is not reprinted.
    desk.desk_act(DeskAction::CallNext).expect("called");
    desk.desk_act(DeskAction::NoShow).expect("no-show");
    let error = desk
        .desk_reprint(&ticket.number)
        .expect_err("no longer live");
    assert_eq!(error.code, ErrorCode::UnknownTicket);
}
