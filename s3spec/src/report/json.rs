//! `--format json`: the run as one JSON document, and that document read back (the matrix is
//! made from such documents). The shape is documented in `docs/cli.md` and versioned by its
//! `format` field; fields are only ever added.

use std::time::Duration;

use serde_json::{Value, json};

use crate::exec::{Phase, RunOf, StepId, StepRecord};
use crate::results::Status;
use crate::runner::{CaseRecord, RunRecord};

/// The version of the document's shape.
pub const FORMAT: u64 = 1;

pub fn render(run: &RunRecord) -> String {
    let doc = json!({
        "format": FORMAT,
        "s3spec": run.s3spec,
        "target": { "name": run.target, "endpoint": run.endpoint, "version": run.target_version },
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
        "module": c.module,
        "file": c.file,
        "line": c.line,
        "status": c.status.as_str(),
        "stale": c.stale,
        "detail": c.detail,
        "known_differences": c.known,
        "duration_ms": millis(c.duration),
        "requests": c.requests,
        "source": { "aws": c.source.aws, "s3_tests": c.source.s3_tests },
        "report": c.report,
        "snapshots": c.snapshot_error,
        "steps": c.steps.iter().map(step).collect::<Vec<_>>(),
    })
}

fn step(s: &StepRecord) -> Value {
    json!({
        "phase": s.step.phase.name(),
        "index": s.step.index,
        "operation": s.step.operation,
        "run": s.step.run.map(|r| r.n),
        "runs": s.step.run.map(|r| r.of),
        "line": s.step.loc.line,
        "request": s.request,
        "status": s.status,
        "error_code": s.error_code,
        "duration_ms": millis(s.duration),
        "passed": s.passed,
        "retries": s.retries,
        "transcript": s.transcript,
    })
}

fn parse_step(s: &Value) -> Option<StepRecord> {
    let phase = match s["phase"].as_str()? {
        "setup" => Phase::Setup,
        "step" => Phase::Case,
        "teardown" => Phase::Teardown,
        _ => return None,
    };
    let name = s["operation"].as_str()?;
    // Step ids name their operation with the model's static names.
    let operation = s3spec_api::OPERATIONS
        .iter()
        .map(|o| o.name)
        .chain(["raw", "post", "parallel"])
        .find(|n| *n == name)?;
    Some(StepRecord {
        step: StepId {
            phase,
            index: usize::try_from(s["index"].as_u64()?).ok()?,
            operation,
            loc: s3spec_suite::Loc {
                line: usize::try_from(s["line"].as_u64().unwrap_or(0)).unwrap_or(0),
                col: 1,
                width: 1,
            },
            run: match (s["run"].as_u64(), s["runs"].as_u64()) {
                (Some(n), Some(of)) => Some(RunOf {
                    n: usize::try_from(n).ok()?,
                    of: usize::try_from(of).ok()?,
                }),
                _ => None,
            },
        },
        request: s["request"].as_str().unwrap_or_default().to_owned(),
        status: s["status"].as_u64().and_then(|n| u16::try_from(n).ok()),
        error_code: s["error_code"].as_str().map(str::to_owned),
        duration: Duration::from_millis(s["duration_ms"].as_u64().unwrap_or(0)),
        passed: s["passed"].as_bool().unwrap_or(false),
        retries: u32::try_from(s["retries"].as_u64().unwrap_or(0)).unwrap_or(0),
        transcript: s["transcript"].as_str().map(str::to_owned),
    })
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Reads a document [`render`] wrote. `name` says where it came from, for messages.
pub fn parse(name: &str, text: &str) -> Result<RunRecord, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("{name} is not JSON: {e}"))?;
    let bad = |what: &str| format!("{name} is not an s3spec JSON report: {what}");
    match doc["format"].as_u64() {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(bad(&format!(
                "format {other}, this s3spec reads format {FORMAT}"
            )));
        }
        None => return Err(bad("no `format`")),
    }
    let text_of = |v: &Value, key: &str| v[key].as_str().map(str::to_owned);
    let cases = doc["cases"]
        .as_array()
        .ok_or_else(|| bad("no `cases` list"))?
        .iter()
        .enumerate()
        .map(|(i, c)| parse_case(c).ok_or_else(|| bad(&format!("case {} is incomplete", i + 1))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RunRecord {
        target: text_of(&doc["target"], "name").ok_or_else(|| bad("no target name"))?,
        endpoint: text_of(&doc["target"], "endpoint").unwrap_or_default(),
        target_version: text_of(&doc["target"], "version"),
        s3spec: text_of(&doc, "s3spec").unwrap_or_default(),
        started: text_of(&doc, "started").unwrap_or_default(),
        duration: Duration::from_millis(doc["duration_ms"].as_u64().unwrap_or(0)),
        cases,
    })
}

fn parse_case(c: &Value) -> Option<CaseRecord> {
    let text = |key: &str| c[key].as_str().map(str::to_owned);
    let list = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let target = String::new();
    Some(CaseRecord {
        suite: text("suite")?,
        case: text("case")?,
        file: text("file").unwrap_or_default(),
        line: usize::try_from(c["line"].as_u64().unwrap_or(0)).unwrap_or(0),
        module: text("module").unwrap_or_default(),
        target,
        status: Status::parse(c["status"].as_str()?)?,
        detail: text("detail").unwrap_or_default(),
        known: list(&c["known_differences"]),
        report: text("report"),
        snapshot_error: text("snapshots"),
        stale: c["stale"].as_bool().unwrap_or(false),
        duration: Duration::from_millis(c["duration_ms"].as_u64().unwrap_or(0)),
        requests: usize::try_from(c["requests"].as_u64().unwrap_or(0)).unwrap_or(0),
        source: s3spec_suite::Source {
            aws: c["source"]["aws"].as_str().map(str::to_owned),
            s3_tests: list(&c["source"]["s3_tests"]),
        },
        steps: c["steps"]
            .as_array()
            .map(|a| a.iter().filter_map(parse_step).collect())
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> RunRecord {
        RunRecord {
            target: "moto".into(),
            endpoint: "http://127.0.0.1:5000".into(),
            target_version: Some("moto 5.2.5".into()),
            s3spec: "0.1.0".into(),
            started: "2026-12-01T10:00:00Z".into(),
            duration: Duration::from_millis(1234),
            cases: vec![CaseRecord {
                suite: "objects".into(),
                case: "a \"quoted\" case".into(),
                file: "suites/objects.yaml".into(),
                line: 7,
                module: "objects".into(),
                target: String::new(),
                status: Status::KnownDifference,
                detail: "step 1: differs".into(),
                known: vec!["step 1: differs".into()],
                report: Some("error: expected status 200, got 404".into()),
                snapshot_error: None,
                stale: false,
                duration: Duration::from_millis(12),
                requests: 3,
                source: s3spec_suite::Source {
                    aws: Some("https://docs.aws.amazon.com/".into()),
                    s3_tests: vec!["test_x".into()],
                },
                steps: vec![StepRecord {
                    step: StepId {
                        phase: Phase::Case,
                        index: 1,
                        operation: "GetObject",
                        run: Some(RunOf { n: 2, of: 3 }),
                        loc: s3spec_suite::Loc {
                            line: 9,
                            col: 1,
                            width: 1,
                        },
                    },
                    request: "GET /<bucket:1>/k".into(),
                    status: Some(404),
                    error_code: Some("NoSuchKey".into()),
                    duration: Duration::from_millis(3),
                    passed: false,
                    retries: 1,
                    transcript: None,
                }],
            }],
        }
    }

    #[test]
    fn a_report_reads_back_as_it_was_written() {
        let run = record();
        let text = render(&run);
        let back = match parse("r.json", &text) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(render(&back), text);
        assert_eq!(back.cases[0].status, Status::KnownDifference);
        assert_eq!(back.target_version.as_deref(), Some("moto 5.2.5"));
    }

    #[test]
    fn other_documents_are_refused_with_the_reason() {
        assert!(
            parse("a.json", "[")
                .unwrap_err()
                .starts_with("a.json is not JSON")
        );
        assert_eq!(
            parse("a.json", r#"{"format": 9}"#).unwrap_err(),
            "a.json is not an s3spec JSON report: format 9, this s3spec reads format 1"
        );
        assert_eq!(
            parse(
                "a.json",
                r#"{"format": 1, "cases": [{"suite": "s"}], "target": {"name": "t"}}"#
            )
            .unwrap_err(),
            "a.json is not an s3spec JSON report: case 1 is incomplete"
        );
    }
}
