//! Printing through a real CUPS scheduler and its cups-pdf backend.
//!
//! The printer comes from `eval "$(scripts/cups.sh start)"`, which exports
//! `COURTDESK_TEST_PRINTER` (a cups-pdf queue) and `COURTDESK_TEST_PRINT_OUT`
//! (where its printouts land). Tests that break a printer on purpose do it
//! to a queue of their own, on the same device, removed afterwards, so the
//! tests can run side by side.

use std::path::PathBuf;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use courtdesk_devices::printer::{Activity, CupsPrinter, PrintError, Printer};
use courtdesk_devices::render_ticket_pdf;

use crate::support::{files_ending, pdf_qr_codes, pdf_text, run, skip, ticket, tool_or_skip};

const PRINTER_VARIABLE: &str = "COURTDESK_TEST_PRINTER";
const OUT_VARIABLE: &str = "COURTDESK_TEST_PRINT_OUT";
/// Long enough for the PDF → PostScript → PDF chain on a loaded machine.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The PDF printer of scripts/cups.sh.
struct TestPrinter {
    queue: String,
    out: PathBuf,
}

fn printer_or_skip(test: &str) -> Option<TestPrinter> {
    match (std::env::var(PRINTER_VARIABLE), std::env::var(OUT_VARIABLE)) {
        (Ok(queue), Ok(out)) => Some(TestPrinter {
            queue,
            out: PathBuf::from(out),
        }),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "a CUPS printer must be set up for CI: set {PRINTER_VARIABLE} and {OUT_VARIABLE} \
                 (eval \"$(scripts/cups.sh start)\")"
            );
            skip(test, &format!("{PRINTER_VARIABLE} is not set"));
            None
        }
    }
}

/// A queue of one test's own, removed with its jobs when dropped.
struct TestQueue {
    name: String,
    cups_pdf_conf: Option<PathBuf>,
}

impl TestQueue {
    /// A queue printing to the same device as the test printer, with
    /// extra `lpadmin` arguments.
    fn new(kind: &str, printer: &TestPrinter, extra: &[&str]) -> TestQueue {
        let listing =
            String::from_utf8(run("lpstat", &["-v", &printer.queue]).stdout).expect("UTF-8");
        // "device for CourtDeskPDF: cups-pdf:/courtdesk"
        let device = listing
            .trim()
            .rsplit(": ")
            .next()
            .expect("a device URI")
            .to_owned();
        TestQueue::on_device(kind, &device, None, extra)
    }

    /// A queue whose cups-pdf output folder cannot be created, so that
    /// every job fails in the backend although `lp` accepted it.
    fn broken(kind: &str) -> TestQueue {
        let device_name = format!("courtdesk-test-{kind}-{}", std::process::id());
        let conf = PathBuf::from(format!("/etc/cups/cups-pdf-{device_name}.conf"));
        std::fs::write(&conf, "Out /proc/courtdesk-no-such-folder\n")
            .expect("write a cups-pdf configuration (as root)");
        TestQueue::on_device(kind, &format!("cups-pdf:/{device_name}"), Some(conf), &[])
    }

    fn on_device(kind: &str, device: &str, conf: Option<PathBuf>, extra: &[&str]) -> TestQueue {
        let name = format!("CourtDeskTest_{kind}_{}", std::process::id());
        let queue = TestQueue {
            name,
            cups_pdf_conf: conf,
        };
        let mut args = vec![
            "-p",
            &queue.name,
            "-v",
            device,
            "-m",
            "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd",
            "-o",
            "pdftops-renderer-default=pdftocairo",
        ];
        args.extend_from_slice(extra);
        args.push("-E");
        run("lpadmin", &args);
        queue
    }

    fn printer(&self, timeout: Duration) -> CupsPrinter {
        CupsPrinter::new(&self.name, timeout)
    }

    /// The queue's jobs that have not finished, as `lpstat -o` lists them.
    fn waiting_jobs(&self) -> String {
        String::from_utf8(run("lpstat", &["-o", &self.name]).stdout).expect("UTF-8")
    }

    /// Every job the queue was ever given, finished or not.
    fn all_jobs(&self) -> String {
        String::from_utf8(run("lpstat", &["-W", "all", "-o", &self.name]).stdout).expect("UTF-8")
    }
}

impl Drop for TestQueue {
    fn drop(&mut self) {
        let _ = Command::new("cancel").args(["-a", &self.name]).output();
        let _ = Command::new("lpadmin").args(["-x", &self.name]).output();
        if let Some(conf) = &self.cups_pdf_conf {
            let _ = std::fs::remove_file(conf);
        }
    }
}

#[test]
fn a_printed_ticket_holds_its_text_and_qr_code() {
    let test = "a_printed_ticket_holds_its_text_and_qr_code";
    let Some(printer) = printer_or_skip(test) else {
        return;
    };
    assert!(tool_or_skip("pdftotext", "-v", test) && tool_or_skip("qpdf", "--version", test));
    let cups = CupsPrinter::new(&printer.queue, TIMEOUT);
    let pdf = render_ticket_pdf(&ticket()).expect("the ticket renders");
    let started = Instant::now();
    let job = cups
        .print_pdf(&pdf, "Ticket A017")
        .expect("the ticket prints");
    let took = started.elapsed();
    assert_eq!(job.queue, printer.queue);

    // Returning means the job completed, so its file is already whole.
    let printed = files_ending(&printer.out, &format!("-job_{}.pdf", job.id));
    assert_eq!(
        printed.len(),
        1,
        "one printout for job {}: {printed:?}",
        job.id
    );
    let printed = &printed[0];
    run("qpdf", &["--check", printed.to_str().expect("UTF-8")]);
    let text = pdf_text(printed);
    for expected in [
        "A017",
        "民事立案",
        "Civil case filing",
        "深圳市福田区人民法院诉讼服务中心",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} in the printout:\n{text}"
        );
    }
    let ahead = text
        .lines()
        .find(|line| line.contains("People ahead"))
        .expect("a people-ahead line");
    assert!(ahead.trim_end().ends_with("12"), "{ahead}");

    let scratch = tempfile::tempdir().expect("a scratch folder");
    assert_eq!(
        pdf_qr_codes(printed, scratch.path()),
        [ticket().ticket_id],
        "the printed QR code still scans"
    );
    assert!(took < TIMEOUT, "printing took {took:?}");
}

#[test]
fn a_ready_printer_reports_itself_ready() {
    let Some(printer) = printer_or_skip("a_ready_printer_reports_itself_ready") else {
        return;
    };
    let state = CupsPrinter::new(&printer.queue, TIMEOUT)
        .status()
        .expect("the test printer answers");
    assert!(state.is_ready(), "{state:?}");
}

#[test]
fn a_disabled_printer_is_refused_before_any_job_is_queued() {
    let Some(printer) = printer_or_skip("a_disabled_printer_is_refused_before_any_job_is_queued")
    else {
        return;
    };
    let queue = TestQueue::new("disabled", &printer, &[]);
    run("cupsdisable", &[&queue.name]);
    let cups = queue.printer(TIMEOUT);
    assert_eq!(cups.status().expect("status").activity, Activity::Stopped);

    let error = cups
        .print_pdf(
            &render_ticket_pdf(&ticket()).expect("renders"),
            "Ticket A017",
        )
        .expect_err("a disabled printer cannot print");
    assert!(matches!(error, PrintError::Stopped { .. }), "{error:?}");
    assert_eq!(error.code(), "printer_stopped");
    assert_eq!(
        queue.all_jobs(),
        "",
        "refused before submitting: no job was ever queued to print once the printer is enabled"
    );
}

#[test]
fn a_rejecting_printer_is_not_accepting() {
    let Some(printer) = printer_or_skip("a_rejecting_printer_is_not_accepting") else {
        return;
    };
    let queue = TestQueue::new("rejecting", &printer, &[]);
    run("cupsreject", &[&queue.name]);
    let error = queue
        .printer(TIMEOUT)
        .print_pdf(
            &render_ticket_pdf(&ticket()).expect("renders"),
            "Ticket A017",
        )
        .expect_err("a rejecting printer takes no job");
    assert!(
        matches!(error, PrintError::NotAccepting { .. }),
        "{error:?}"
    );
    assert_eq!(error.code(), "printer_not_accepting");
    assert_eq!(queue.all_jobs(), "", "no job was queued");
}

#[test]
fn an_unknown_queue_is_no_such_printer() {
    if printer_or_skip("an_unknown_queue_is_no_such_printer").is_none() {
        return;
    }
    let cups = CupsPrinter::new("CourtDeskNoSuchQueue", TIMEOUT);
    let error = cups.status().expect_err("no such queue");
    assert!(
        matches!(error, PrintError::NoSuchPrinter { .. }),
        "{error:?}"
    );
    let error = cups
        .print_pdf(
            &render_ticket_pdf(&ticket()).expect("renders"),
            "Ticket A017",
        )
        .expect_err("no such queue");
    assert_eq!(error.code(), "no_such_printer", "{error:?}");
}

#[test]
fn a_job_the_backend_cancels_is_not_a_print() {
    let Some(_) = printer_or_skip("a_job_the_backend_cancels_is_not_a_print") else {
        return;
    };
    let queue = TestQueue::broken("broken");
    let error = queue
        .printer(TIMEOUT)
        .print_pdf(
            &render_ticket_pdf(&ticket()).expect("renders"),
            "Ticket A017",
        )
        .expect_err("the backend cannot write the printout");
    // lp accepted the job; only its final state shows it never printed.
    match &error {
        PrintError::JobFailed { job, detail, .. } => {
            assert!(job.is_some(), "the job was submitted: {error:?}");
            assert!(
                detail.contains("canceled") || detail.contains("aborted"),
                "{detail}"
            );
        }
        other => panic!("expected JobFailed, got {other:?}"),
    }
    assert_eq!(error.code(), "print_job_failed");
}

#[test]
fn a_job_still_waiting_at_the_deadline_is_cancelled() {
    let Some(printer) = printer_or_skip("a_job_still_waiting_at_the_deadline_is_cancelled") else {
        return;
    };
    // Every job on this queue is held, as if the printer never got to it.
    let queue = TestQueue::new(
        "held",
        &printer,
        &["-o", "job-hold-until-default=indefinite"],
    );
    let timeout = Duration::from_millis(1500);
    let started = Instant::now();
    let error = queue
        .printer(timeout)
        .print_pdf(
            &render_ticket_pdf(&ticket()).expect("renders"),
            "Ticket A017",
        )
        .expect_err("a held job never completes");
    assert!(
        matches!(error, PrintError::TimedOut { after, .. } if after == timeout),
        "{error:?}"
    );
    assert_eq!(error.code(), "print_timed_out");
    assert!(started.elapsed() < timeout + Duration::from_secs(10));
    assert_eq!(
        queue.waiting_jobs(),
        "",
        "the overdue job is cancelled, so it cannot print after the kiosk gave up"
    );
}

#[test]
fn a_printer_disabled_after_submission_is_stopped_and_its_job_cancelled() {
    let Some(printer) =
        printer_or_skip("a_printer_disabled_after_submission_is_stopped_and_its_job_cancelled")
    else {
        return;
    };
    let queue = TestQueue::new(
        "disabled_later",
        &printer,
        &["-o", "job-hold-until-default=indefinite"],
    );
    let cups = queue.printer(Duration::from_secs(4));
    let pdf = render_ticket_pdf(&ticket()).expect("renders");
    let error = thread::scope(|scope| {
        let printing = scope.spawn(|| cups.print_pdf(&pdf, "Ticket A017"));
        // Disable the printer once the job is in its queue, i.e. after the
        // check that would have refused it.
        let deadline = Instant::now() + Duration::from_secs(20);
        while queue.waiting_jobs().is_empty() {
            assert!(Instant::now() < deadline, "the job never reached the queue");
            thread::sleep(Duration::from_millis(20));
        }
        run("cupsdisable", &[&queue.name]);
        printing.join().expect("no panic")
    })
    .expect_err("the job cannot complete on a stopped printer");
    assert!(matches!(error, PrintError::Stopped { .. }), "{error:?}");
    assert_eq!(queue.waiting_jobs(), "", "the waiting job is cancelled");
}

#[test]
fn no_scheduler_is_no_cups() {
    // Port 1 has no scheduler; on a machine without the CUPS tools the
    // missing ipptool gives the same answer.
    let cups = CupsPrinter::new("CourtDeskPDF", TIMEOUT).with_server("127.0.0.1:1");
    let error = cups.status().expect_err("nothing answers");
    assert!(matches!(error, PrintError::NoCups { .. }), "{error:?}");
    assert_eq!(error.code(), "print_system_unavailable");
    let error = cups
        .print_pdf(b"%PDF-1.7", "Ticket A017")
        .expect_err("nothing answers");
    assert_eq!(error.code(), "print_system_unavailable", "{error:?}");
}
