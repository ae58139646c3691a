//! Asking CUPS for printer and job attributes through `ipptool`, which
//! reports IPP's own enums (`job-state`, `printer-state`) rather than
//! `lpstat`'s sentences: `lpstat -W completed` lists cancelled jobs as
//! completed, and only the IPP job state tells the two apart.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::process::{self, RunError};

/// One IPP request as an ipptool test file. The `$job_id` variable is
/// filled in with `-d`; `$uri` is the URI given on the command line.
pub(super) const PRINTER_ATTRIBUTES: &str = r#"{
  NAME "printer state"
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR keyword requested-attributes printer-state,printer-is-accepting-jobs,printer-state-reasons
}
"#;

pub(super) const JOB_ATTRIBUTES: &str = r#"{
  NAME "job state"
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR integer job-id $job_id
  ATTR keyword requested-attributes job-state,job-state-reasons
}
"#;

/// The answer to one request.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Response {
    /// IPP status keyword, e.g. `successful-ok`, `client-error-not-found`.
    pub(super) status: String,
    pub(super) attributes: Vec<(String, String)>,
}

impl Response {
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why no response came.
#[derive(Debug)]
pub(super) enum Failure {
    /// ipptool could not run or did not finish.
    Run(RunError),
    /// ipptool ran but got no IPP response (scheduler down or unreachable);
    /// holds its message.
    NoResponse(String),
}

/// Sends the request in `test_file` to `uri`.
pub(super) fn request(
    uri: &str,
    test_file: &Path,
    variables: &[(&str, String)],
    timeout: Duration,
) -> Result<Response, Failure> {
    let mut command = Command::new("ipptool");
    // -t -v: a report listing the response's status and attributes as
    // `name (type) = value`; -T bounds each network wait inside ipptool.
    command
        .arg("-tv")
        .arg("-T")
        .arg(timeout.as_secs().max(1).to_string());
    for (name, value) in variables {
        command.arg("-d").arg(format!("{name}={value}"));
    }
    command.arg(uri).arg(test_file);
    let done =
        process::run(&mut command, None, timeout + Duration::from_secs(1)).map_err(Failure::Run)?;
    parse(&done.stdout()).ok_or_else(|| {
        let mut message = done.reason();
        if message.is_empty() {
            message = format!("ipptool exited with {}", done.status);
        }
        Failure::NoResponse(message)
    })
}

/// The response part of an `ipptool -tv` report; `None` when the report
/// holds no response.
fn parse(report: &str) -> Option<Response> {
    // The request's attributes are listed first, in the same format; the
    // response starts after the "RECEIVED: n bytes in response" line.
    let mut lines = report
        .lines()
        .skip_while(|line| !line.trim_start().starts_with("RECEIVED:"))
        .skip(1);
    let mut status = None;
    let mut attributes = Vec::new();
    for line in lines.by_ref() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("status-code = ") {
            status = rest.split_whitespace().next().map(str::to_owned);
        } else if let Some((name_and_type, value)) = line.split_once(" = ") {
            if let Some((name, _type)) = name_and_type.split_once(" (") {
                attributes.push((name.to_owned(), value.to_owned()));
            }
        }
    }
    Some(Response {
        status: status?,
        attributes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_yields_the_response_status_and_attributes_only() {
        let report = r#""js.test":
    Get-Job-Attributes:
        attributes-charset (charset) = utf-8
        printer-uri (uri) = ipp://localhost:631/printers/T
        job-id (integer) = 2
    job state                                                            [PASS]
        RECEIVED: 137 bytes in response
        status-code = successful-ok (successful-ok)
        attributes-charset (charset) = utf-8
        job-state (enum) = canceled
        job-state-reasons (keyword) = processing-to-stop-point
"#;
        let response = parse(report).expect("a response");
        assert_eq!(response.status, "successful-ok");
        assert_eq!(response.get("job-state"), Some("canceled"));
        assert_eq!(
            response.get("job-id"),
            None,
            "request attributes are not the response"
        );
        assert_eq!(
            response.get("job-state-reasons"),
            Some("processing-to-stop-point")
        );
    }

    #[test]
    fn a_report_without_a_response_is_none() {
        assert_eq!(parse("\"pa.test\":\n    Get-Printer-Attributes:\n"), None);
        assert_eq!(parse(""), None);
    }
}
