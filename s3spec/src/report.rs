//! Renders outcomes and run records as text. The only module that formats results.

pub mod json;
pub mod junit;
pub mod matrix;
pub mod redact;
pub mod table;
pub mod yaml;

use s3spec_suite::Suite;

use crate::compare::preview_body;
use crate::exec::{CaseOutcome, Failure, Problem};
use crate::response::Response;

/// Every failure of a case, each pointing at the YAML that states what was expected.
pub fn failures(outcome: &CaseOutcome, suite: &Suite) -> String {
    let mut out = String::new();
    for (i, f) in outcome.failures.iter().enumerate() {
        // A step's exchange is shown once, with its first failure.
        let first_of_step = i == 0 || outcome.failures[i - 1].step != f.step;
        out.push_str(&failure(f, outcome, suite, first_of_step));
        out.push_str("\n\n");
    }
    let what = if outcome.errored() {
        "error(s), not a verdict: the target did not answer,"
    } else {
        "failure(s)"
    };
    out.push_str(&format!(
        "{} {what} in case `{}` of suite `{}` on target `{}`",
        outcome.failures.len(),
        outcome.case,
        outcome.suite,
        outcome.target
    ));
    if let Some(source) = suite.case(&outcome.case).map(|c| &c.source) {
        out.push_str(&source_line(source));
    }
    out
}

/// `\n  source: <AWS page> · ceph/s3-tests <tests>`, or nothing when the case names none.
fn source_line(source: &s3spec_suite::Source) -> String {
    let mut parts: Vec<String> = source.aws.iter().cloned().collect();
    if !source.s3_tests.is_empty() {
        parts.push(format!("ceph/s3-tests {}", source.s3_tests.join(", ")));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("\n  source: {}", parts.join(" · "))
    }
}

fn failure(f: &Failure, outcome: &CaseOutcome, suite: &Suite, show_exchange: bool) -> String {
    let (loc, message, label) = match &f.problem {
        Problem::Mismatch(m) => (
            Some(m.loc),
            format!("expected {} {}, got {}", m.subject, m.expected, m.actual),
            format!("actual: {}", m.actual),
        ),
        Problem::Param { loc, message } => (
            Some(*loc),
            format!("failed to build the request: {message}"),
            String::new(),
        ),
        Problem::Transport { request, message } => (
            f.step.map(|s| s.loc),
            format!("no response to {request}: {message}"),
            String::new(),
        ),
        Problem::Save { loc, message } => (Some(*loc), message.clone(), String::new()),
        Problem::Harness(message) | Problem::TargetGone(message) | Problem::Deadline(message) => {
            (None, message.clone(), String::new())
        }
    };
    // A repeated step's report says which run failed: `run 7 of 50: expected ...`.
    let message = match f.step.and_then(|s| s.run) {
        Some(run) => format!("run {} of {}: {message}", run.n, run.of),
        None => message,
    };
    let mut where_ = format!("case: {}", outcome.case);
    if let Some(step) = f.step {
        where_.push_str(&format!(" · {}", step.label()));
    }
    where_.push_str(&format!(" · target: {}", outcome.target));
    let exchange = f
        .exchange
        .as_deref()
        .filter(|_| show_exchange)
        .unwrap_or_default();
    match loc {
        Some(loc) => {
            let mut d = suite.source.diagnostic(loc, message);
            if !label.is_empty() {
                d = d.label(label);
            }
            d = d.note(where_);
            for line in exchange.lines() {
                d = d.note(line);
            }
            format!("error: {d}")
        }
        None => format!(
            "error: {message}\n  --> {}\n   = {where_}",
            suite.source.path
        ),
    }
}

/// The request line and the response's status and body, for failure reports.
pub fn exchange(r: &Response) -> String {
    let mut text = format!(
        "request: {}\nresponse: {}",
        redact::request_line(&crate::normalize::request_line(&r.request)),
        r.status
    );
    if let Some(code) = r.error_code() {
        text.push_str(&format!(" {code}"));
    }
    if !r.body.is_empty() {
        text.push_str(&format!(", body {}", preview_body(&r.body)));
    }
    if let Some(e) = &r.xml_error {
        text.push_str(&format!(
            "\nnote: the body is not the operation's XML document: {e}"
        ));
    }
    text
}

/// A step's request and response for verbose output: the request line and headers as sent,
/// the response's status, headers and the start of its body; secrets redacted.
pub fn transcript(r: &Response) -> String {
    let mut text = format!(
        "> {}\n",
        redact::request_line(&crate::normalize::request_line(&r.request))
    );
    for (k, v) in &r.sent_headers {
        text.push_str(&format!("> {k}: {}\n", redact::header(k, v)));
    }
    text.push_str(&format!("< {} ({} ms)\n", r.status, r.elapsed.as_millis()));
    for (k, v) in &r.headers {
        text.push_str(&format!("< {k}: {}\n", redact::header(k, v)));
    }
    if !r.body.is_empty() {
        text.push_str(&format!("< body {}\n", preview_body(&r.body)));
    }
    text
}
