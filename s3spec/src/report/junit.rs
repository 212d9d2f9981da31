//! `--format junit`: JUnit XML as GitHub Actions and GitLab render it. One `<testsuite>` per
//! suite, one `<testcase>` per case; a skipped case is `<skipped>`, a failed case `<failure>`,
//! an error `<error>`. JUnit has no state for a known difference: such a case passes and
//! carries the property `s3spec.status = known-difference` and the reasons in `<system-out>`.

use std::fmt::Write;

use crate::results::Status;
use crate::runner::{CaseRecord, RunRecord};

pub fn render(run: &RunRecord) -> String {
    let mut suites: Vec<(&str, Vec<&CaseRecord>)> = Vec::new();
    for c in &run.cases {
        match suites.iter_mut().find(|(name, _)| *name == c.suite) {
            Some((_, cases)) => cases.push(c),
            None => suites.push((&c.suite, vec![c])),
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"s3spec {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3}\" timestamp=\"{}\">",
        escape(&run.target),
        run.cases.len(),
        run.count(Status::Failed),
        run.count(Status::Error),
        run.count(Status::Skipped),
        run.duration.as_secs_f64(),
        escape(&run.started),
    );
    for (name, cases) in suites {
        let n = |s: Status| cases.iter().filter(|c| c.status == s).count();
        let time: f64 = cases.iter().map(|c| c.duration.as_secs_f64()).sum();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{time:.3}\">",
            escape(name),
            cases.len(),
            n(Status::Failed),
            n(Status::Error),
            n(Status::Skipped),
        );
        for c in cases {
            case(&mut out, c, &run.target);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn case(out: &mut String, c: &CaseRecord, target: &str) {
    let _ = writeln!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"{:.3}\">",
        escape(&c.case),
        escape(&c.module),
        escape(&c.file),
        c.line,
        c.duration.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "      <properties><property name=\"s3spec.status\" value=\"{}\"/><property name=\"s3spec.target\" value=\"{}\"/></properties>",
        c.status.as_str(),
        escape(target)
    );
    let body = || {
        let mut text = c.report.clone().unwrap_or_default();
        if let Some(s) = &c.snapshot_error {
            text.push_str(s);
        }
        escape(&text)
    };
    match c.status {
        Status::Passed => {}
        Status::Skipped => {
            let _ = writeln!(out, "      <skipped message=\"{}\"/>", escape(&c.detail));
        }
        Status::Failed => {
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&c.detail),
                c.status.as_str(),
                body()
            );
        }
        Status::Error => {
            let _ = writeln!(
                out,
                "      <error message=\"{}\" type=\"error\">{}</error>",
                escape(&c.detail),
                body()
            );
        }
        Status::KnownDifference => {
            let _ = writeln!(
                out,
                "      <system-out>known difference: {}</system-out>",
                escape(&c.known.join("\n"))
            );
        }
    }
    out.push_str("    </testcase>\n");
}

/// XML text and attribute escaping, dropping characters XML 1.0 cannot hold.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
