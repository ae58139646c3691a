//! Running the OS's device tools (`lp`, `ipptool`, `espeak-ng`, `aplay`)
//! with a deadline: a hung print server or sound device must not hang the
//! kiosk that called it.

use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// A tool that ran to its end within the deadline.
#[derive(Debug)]
pub(crate) struct Finished {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
}

impl Finished {
    pub(crate) fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// The first line of stderr, which is where these tools put their
    /// one-line reason.
    pub(crate) fn reason(&self) -> String {
        String::from_utf8_lossy(&self.stderr)
            .lines()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_owned()
    }
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum RunError {
    #[error("{program} is not installed")]
    Missing {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("running {program} failed")]
    Io {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{program} did not finish within {timeout:?}")]
    TimedOut { program: String, timeout: Duration },
}

/// Runs `command` to completion, feeding it `stdin`, and kills it when it
/// outlives `timeout`. The tools' messages are read as English (`LC_ALL=C`)
/// because some callers recognise them.
pub(crate) fn run(
    command: &mut Command,
    stdin: Option<&[u8]>,
    timeout: Duration,
) -> Result<Finished, RunError> {
    let program = command.get_program().to_string_lossy().into_owned();
    command
        .env("LC_ALL", "C")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            RunError::Missing {
                program: program.clone(),
                source,
            }
        } else {
            RunError::Io {
                program: program.clone(),
                source,
            }
        }
    })?;
    let io_error = |source| RunError::Io {
        program: program.clone(),
        source,
    };

    // Pipes are drained on their own threads so that a chatty tool cannot
    // block on a full pipe while this thread waits for it to exit.
    let input = stdin.map(<[u8]>::to_vec);
    let mut child_stdin = child.stdin.take();
    let mut child_stdout = child.stdout.take();
    let mut child_stderr = child.stderr.take();
    thread::scope(|scope| {
        if let (Some(mut pipe), Some(input)) = (child_stdin.take(), input) {
            // A tool that exits without reading all of its input closes the
            // pipe; its exit status tells what happened, not this write.
            scope.spawn(move || {
                let _ = pipe.write_all(&input);
            });
        }
        let stdout = scope.spawn(move || drain(child_stdout.take()));
        let stderr = scope.spawn(move || drain(child_stderr.take()));
        let status = wait(&mut child, timeout).map_err(io_error)?;
        let stdout = stdout.join().unwrap_or_default();
        let stderr = stderr.join().unwrap_or_default();
        match status {
            Some(status) => Ok(Finished {
                status,
                stdout,
                stderr,
            }),
            None => Err(RunError::TimedOut {
                program: program.clone(),
                timeout,
            }),
        }
    })
}

fn drain(pipe: Option<impl Read>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(mut pipe) = pipe {
        let _ = pipe.read_to_end(&mut out);
    }
    out
}

/// The exit status, or `None` after killing a child that overran.
fn wait(child: &mut Child, timeout: Duration) -> std::io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            child.wait()?;
            return Ok(None);
        }
        thread::sleep(pause);
        // Most tools finish in milliseconds; back off for the slow ones.
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_and_status_come_back() {
        let done = run(
            Command::new("sh").args(["-c", "cat; echo oops >&2; exit 3"]),
            Some(b"hello"),
            Duration::from_secs(5),
        )
        .expect("sh runs");
        assert_eq!(done.stdout(), "hello");
        assert_eq!(done.reason(), "oops");
        assert_eq!(done.status.code(), Some(3));
    }

    #[test]
    fn a_missing_program_is_told_apart() {
        let error = run(
            &mut Command::new("courtdesk-no-such-tool"),
            None,
            Duration::from_secs(1),
        )
        .expect_err("nothing to run");
        assert!(matches!(error, RunError::Missing { .. }), "{error:?}");
    }

    #[test]
    fn an_overrunning_program_is_killed() {
        let started = Instant::now();
        let error = run(
            Command::new("sleep").arg("10"),
            None,
            Duration::from_millis(200),
        )
        .expect_err("killed");
        assert!(matches!(error, RunError::TimedOut { .. }), "{error:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
