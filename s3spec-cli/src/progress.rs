//! What a run shows while it runs, on standard error: on a terminal one line that keeps count
//! and names the case that just ended; in CI (no terminal, or `CI=true`) one plain line per case.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use s3spec::CaseRecord;
use s3spec::results::Status;

#[derive(Debug)]
pub struct Progress {
    total: usize,
    live: bool,
    state: Mutex<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    done: usize,
    passed: usize,
    failed: usize,
    other: usize,
}

impl Progress {
    pub fn new(total: usize) -> Progress {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        Progress {
            total,
            live: std::io::stderr().is_terminal() && !ci,
            state: Mutex::new(Counts::default()),
        }
    }

    pub fn finished(&self, c: &CaseRecord) {
        let Ok(mut n) = self.state.lock() else {
            return;
        };
        n.done += 1;
        match c.status {
            Status::Passed => n.passed += 1,
            Status::Failed | Status::Error => n.failed += 1,
            Status::KnownDifference | Status::Skipped => n.other += 1,
        }
        let width = self.total.to_string().len();
        let line = if self.live {
            let mut name = format!("{} · {}", c.suite, c.case);
            if name.chars().count() > 60 {
                name = name.chars().take(59).collect::<String>() + "…";
            }
            format!(
                "\r\x1b[K[{:>width$}/{}] {} passed, {} failed, {} other · {name}",
                n.done, self.total, n.passed, n.failed, n.other
            )
        } else {
            format!(
                "[{:>width$}/{}] {:<16} {} · {} ({} ms)\n",
                n.done,
                self.total,
                c.status.as_str(),
                c.suite,
                c.case,
                c.duration.as_millis()
            )
        };
        let _ = std::io::stderr().write_all(line.as_bytes());
    }

    /// A case's requests and responses, all at once so cases do not interleave.
    pub fn transcript(&self, c: &CaseRecord) {
        let mut text = format!("── {} · {} ({})\n", c.suite, c.case, c.status.as_str());
        for s in &c.steps {
            text.push_str(&format!("{}\n", s.step.label()));
            text.push_str(s.transcript.as_deref().unwrap_or("(nothing was sent)\n"));
        }
        let _ = std::io::stderr().write_all(text.as_bytes());
    }

    /// Ends the live line.
    pub fn done(&self) {
        if self.live {
            let _ = std::io::stderr().write_all(b"\n");
        }
    }
}
