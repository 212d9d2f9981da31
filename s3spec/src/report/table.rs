//! `--format table`: one line per case that did not simply pass, the failure reports, and the
//! counts, for a person at a terminal.

use std::fmt::Write;

use crate::results::Status;
use crate::runner::RunRecord;

pub fn render(run: &RunRecord, all: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "target {} ({})", run.target, run.endpoint);
    let width = run
        .cases
        .iter()
        .map(|c| c.suite.chars().count() + c.case.chars().count() + 3)
        .max()
        .unwrap_or(0)
        .min(90);
    for c in &run.cases {
        let retried = c.steps.iter().any(|s| s.retries > 0);
        if c.status == Status::Passed && !all && !retried {
            continue;
        }
        let name = format!("{} · {}", c.suite, c.case);
        let _ = write!(
            out,
            "{:<17} {name:<width$} {:>6} ms",
            c.status.as_str(),
            c.duration.as_millis()
        );
        if !c.detail.is_empty() {
            let _ = write!(out, "  {}", c.detail);
        }
        let retried: u32 = c.steps.iter().map(|s| s.retries).sum();
        if retried > 0 {
            let _ = write!(
                out,
                "  (after {retried} retr{})",
                if retried == 1 { "y" } else { "ies" }
            );
        }
        out.push('\n');
    }
    for c in &run.cases {
        if matches!(c.status, Status::Failed | Status::Error) {
            let _ = writeln!(out, "\n── {} · {} ({}:{})", c.suite, c.case, c.file, c.line);
            if let Some(r) = &c.report {
                let _ = writeln!(out, "{}", r.trim_end());
            }
            if let Some(s) = &c.snapshot_error {
                let _ = writeln!(out, "{s}");
            }
        }
    }
    let _ = writeln!(out, "\n{}", summary_line(run));
    out
}

/// `272 cases on moto: 200 passed, 1 failed, 0 errors, 60 known differences, 11 skipped (12.3 s)`.
pub fn summary_line(run: &RunRecord) -> String {
    format!(
        "{} cases on {}: {} passed, {} failed, {} errors, {} known differences, {} skipped ({:.1} s)",
        run.cases.len(),
        run.target,
        run.count(Status::Passed),
        run.count(Status::Failed),
        run.count(Status::Error),
        run.count(Status::KnownDifference),
        run.count(Status::Skipped),
        run.duration.as_secs_f64()
    )
}
