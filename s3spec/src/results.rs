//! The run's results, one line per case, so a summary per target can be printed after
//! `cargo test` or `cargo nextest run` (whose test processes share nothing else).
//!
//! Lines go to `target/s3spec-runs/<run prefix>.tsv` under the crate that runs the suites
//! (`S3SPEC_RESULTS_DIR` overrides the folder); `s3spec-summary` prints the latest run.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::run::RunPrefix;
use crate::runner::CaseRecord;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Passed,
    Failed,
    /// No verdict: the target did not answer (connection refused or reset, timeout).
    Error,
    KnownDifference,
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Error => "error",
            Status::KnownDifference => "known-difference",
            Status::Skipped => "skipped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Status::Passed,
            Status::Failed,
            Status::Error,
            Status::KnownDifference,
            Status::Skipped,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// The folder results are written to.
pub fn dir(manifest_dir: &Path) -> PathBuf {
    std::env::var_os("S3SPEC_RESULTS_DIR").map_or_else(
        || manifest_dir.join("target").join("s3spec-runs"),
        PathBuf::from,
    )
}

/// Appends the result of one case. Failing to record does not fail the test: the test's own
/// result is what counts.
pub fn record(manifest_dir: &Path, case: &CaseRecord) {
    let dir = dir(manifest_dir);
    let file = dir.join(format!(
        "{}.tsv",
        RunPrefix::current().to_string().trim_end_matches('-')
    ));
    let clean = |s: &str| s.replace(['\t', '\n'], " ");
    let line = format!(
        "{}\t{}\t{}\t{}\t{}\n",
        clean(&case.target),
        clean(&case.suite),
        clean(&case.case),
        case.status.as_str(),
        clean(&case.detail)
    );
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        // One write of one line in append mode: lines of concurrent processes do not interleave.
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&file)?
            .write_all(line.as_bytes())
    };
    if let Err(e) = write() {
        eprintln!(
            "s3spec: could not record the result in {}: {e}",
            file.display()
        );
    }
}

/// A summary per target of a results file's lines.
pub fn summarize(text: &str) -> String {
    #[derive(Default)]
    struct Counts {
        by_status: BTreeMap<&'static str, usize>,
        notes: Vec<String>,
    }
    let mut targets: BTreeMap<&str, Counts> = BTreeMap::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [target, suite, case, status, detail] = fields[..] else {
            continue;
        };
        let Some(status) = Status::parse(status) else {
            continue;
        };
        let counts = targets.entry(target).or_default();
        *counts.by_status.entry(status.as_str()).or_default() += 1;
        if status != Status::Passed {
            counts.notes.push(format!(
                "  {:<16} {suite} · {case}: {detail}",
                status.as_str()
            ));
        }
    }
    let mut out = String::new();
    for (target, counts) in targets {
        let n = |s: Status| counts.by_status.get(s.as_str()).copied().unwrap_or(0);
        out.push_str(&format!(
            "target {target}: {} passed, {} failed, {} errors, {} known differences, {} skipped\n",
            n(Status::Passed),
            n(Status::Failed),
            n(Status::Error),
            n(Status::KnownDifference),
            n(Status::Skipped)
        ));
        let mut notes = counts.notes;
        notes.sort();
        for note in notes {
            out.push_str(&note);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_target_and_lists_what_did_not_pass() {
        let text = "moto\tbuckets\ta\tpassed\t\nmoto\tbuckets\tb\tknown-difference\tstep 1: no region header\n\
                    embedded\tobjects\tc\tfailed\tsnapshots differ\nmoto\tbuckets\td\tpassed\t\n\
                    embedded\tobjects\td\terror\tno answer from the target\n";
        let summary = summarize(text);
        assert_eq!(
            summary,
            "target embedded: 0 passed, 1 failed, 1 errors, 0 known differences, 0 skipped\n  \
             error            objects · d: no answer from the target\n  \
             failed           objects · c: snapshots differ\n\
             target moto: 2 passed, 0 failed, 0 errors, 1 known differences, 0 skipped\n  \
             known-difference buckets · b: step 1: no region header\n"
        );
    }
}
