//! `--format json`: the run as one JSON document. The shape is documented in
//! `docs/cli.md` and versioned by its `format` field; fields are only ever added.

use serde_json::{Value, json};

use crate::results::Status;
use crate::runner::{CaseRecord, RunRecord};

/// The version of the document's shape.
pub const FORMAT: u32 = 1;

pub fn render(run: &RunRecord) -> String {
    let doc = json!({
        "format": FORMAT,
        "s3spec": env!("CARGO_PKG_VERSION"),
        "target": { "name": run.target, "endpoint": run.endpoint },
        "started": run.started,
        "duration_ms": millis(run.duration),
        "summary": summary(run),
        "cases": run.cases.iter().map(case).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn summary(run: &RunRecord) -> Value {
    json!({
        "cases": run.cases.len(),
        "passed": run.count(Status::Passed),
        "failed": run.count(Status::Failed),
        "error": run.count(Status::Error),
        "known_difference": run.count(Status::KnownDifference),
        "skipped": run.count(Status::Skipped),
    })
}

fn case(c: &CaseRecord) -> Value {
    json!({
        "suite": c.suite,
        "case": c.case,
        "test": format!("{}::{}", c.module, s3spec_suite::names::rust_name(&c.case)),
        "file": c.file,
        "line": c.line,
        "status": c.status.as_str(),
        "detail": c.detail,
        "known_differences": c.known,
        "duration_ms": millis(c.duration),
        "requests": c.requests,
        "source": { "aws": c.source.aws, "s3_tests": c.source.s3_tests },
        "report": c.report,
        "snapshots": c.snapshot_error,
    })
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
