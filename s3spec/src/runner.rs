//! The Runner: runs a case against the run's target and turns what happened into a
//! [`CaseRecord`], the one input of every report. The tests that `suites!` generates and the
//! `s3spec` command both run cases through it, so they reach the same verdicts.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use aws_sdk_s3::Client;
use s3spec_suite::{Source, Suite};

use crate::exec::{self, CaseContext, CaseOutcome, StepRecord};
use crate::judge::{self, Verdict};
use crate::known::{self, KnownDifference};
use crate::results::Status;
use crate::run::RunPrefix;
use crate::target::Target;

/// Where a target's snapshots and known differences are: `snapshots/<target>/`.
#[derive(Debug, Clone)]
pub struct SnapshotFolder {
    pub dir: PathBuf,
    /// How messages name it (`snapshots/moto`).
    pub display: String,
}

/// Runs cases on one target.
#[derive(Debug)]
pub struct Runner {
    target: &'static Target,
    client: Client,
    alt_client: Option<Client>,
    run: &'static RunPrefix,
    snapshots: Option<SnapshotFolder>,
    known: Vec<KnownDifference>,
    verbose: bool,
    retries: u32,
}

/// Where a case's suite is, for `file://` bodies, snapshot paths and reports.
#[derive(Debug, Clone, Copy)]
pub struct SuiteFile<'a> {
    /// The suite file itself.
    pub path: &'a Path,
    /// How reports name it (`suites/objects/basic.yaml`).
    pub display: &'a str,
    /// Its module path (`objects::basic`), which also names its snapshot folder.
    pub module: &'a str,
}

/// Everything a report needs to know about one case of a run.
#[derive(Debug, Clone)]
pub struct CaseRecord {
    pub suite: String,
    pub case: String,
    /// The suite file, as reports name it, and the case's line in it.
    pub file: String,
    pub line: usize,
    pub module: String,
    pub target: String,
    pub status: Status,
    /// One line: why it was skipped, what went unanswered, the known differences' reasons.
    pub detail: String,
    /// The reasons of the known differences that occurred.
    pub known: Vec<String>,
    /// The rendered failure report (failed, error, stale, and known differences).
    pub report: Option<String>,
    /// Which snapshots differed or are missing.
    pub snapshot_error: Option<String>,
    /// The case passed although a known difference says it should not (it fails as stale).
    pub stale: bool,
    pub duration: Duration,
    pub requests: usize,
    pub source: Source,
    /// Every step that ran.
    pub steps: Vec<StepRecord>,
}

impl CaseRecord {
    /// The record of a case that sent nothing: skipped, for `detail`.
    pub fn not_run(
        suite: &Suite,
        case: &str,
        file: SuiteFile<'_>,
        target: &str,
        detail: &str,
    ) -> CaseRecord {
        let found = suite.case(case);
        CaseRecord {
            suite: suite.name.clone(),
            case: case.to_owned(),
            file: file.display.to_owned(),
            line: found.map_or(0, |c| c.loc.line),
            module: file.module.to_owned(),
            target: target.to_owned(),
            status: Status::Skipped,
            detail: detail.to_owned(),
            known: Vec::new(),
            report: None,
            snapshot_error: None,
            stale: false,
            duration: Duration::ZERO,
            requests: 0,
            source: found.map(|c| c.source.clone()).unwrap_or_default(),
            steps: Vec::new(),
        }
    }
}

impl Runner {
    /// A runner for `target`; `snapshots` is the target's snapshot folder, or `None` to judge
    /// without snapshots and known differences.
    pub fn new(
        target: &'static Target,
        snapshots: Option<SnapshotFolder>,
    ) -> Result<Runner, Vec<s3spec_suite::Diagnostic>> {
        let known = match &snapshots {
            Some(s) => known::load(&s.dir, &s.display)?.entries,
            None => Vec::new(),
        };
        Ok(Runner {
            target,
            client: crate::client::for_target(target),
            alt_client: target
                .alt
                .as_ref()
                .map(|alt| crate::client::with_credentials(target, alt)),
            run: RunPrefix::current(),
            snapshots,
            known,
            verbose: false,
            retries: 0,
        })
    }

    /// Sends a step up to `n` more times after a transport error or a 503 SlowDown.
    pub fn retries(mut self, n: u32) -> Runner {
        self.retries = n;
        self
    }

    /// Keeps every step's request and response (secrets redacted) in the records.
    pub fn verbose(mut self, on: bool) -> Runner {
        self.verbose = on;
        self
    }

    pub fn target(&self) -> &'static Target {
        self.target
    }

    /// The harness's client for the target's main user (bucket setup and cleanup).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Runs a case and returns what happened; never prints. Judge it with [`Runner::judge`].
    pub async fn execute(&self, suite: &Suite, case: &str, file: SuiteFile<'_>) -> CaseOutcome {
        let Some(case) = suite.case(case) else {
            let mut outcome = CaseOutcome::empty(&suite.name, case, &self.target.name);
            // A stale test binary: a failure, as before the Runner, never a skip.
            outcome.failures.push(exec::Failure {
                step: None,
                problem: exec::Problem::Harness(format!(
                    "suite {} has no case named {case:?}: rebuild the tests",
                    file.display
                )),
                exchange: None,
            });
            return outcome;
        };
        let known_steps: Vec<usize> = self
            .known
            .iter()
            .filter(|k| k.suite == suite.name && k.case == case.name)
            .map(|k| k.step)
            .collect();
        let suite_dir = file.path.parent().unwrap_or(Path::new(""));
        let cx = CaseContext {
            client: &self.client,
            alt_client: self.alt_client.as_ref(),
            target: self.target,
            run: self.run,
            suite_dir,
            known_steps: &known_steps,
            verbose: self.verbose,
            retries: self.retries,
        };
        exec::run_case(suite, case, cx).await
    }

    /// The verdict on an outcome, with its snapshots checked (insta writes what differs as
    /// `.snap.new`). Synchronous: insta's settings belong to the calling thread.
    pub fn judge(
        &self,
        outcome: &CaseOutcome,
        suite: &Suite,
        file: SuiteFile<'_>,
        duration: Duration,
    ) -> (Verdict, CaseRecord) {
        let mut record = CaseRecord::not_run(suite, &outcome.case, file, &outcome.target, "");
        record.duration = duration;
        record.requests = outcome.requests;
        record.steps = outcome.steps.clone();
        if let Some(reason) = &outcome.skipped {
            record.detail = reason.clone();
            return (Verdict::Passed, record);
        }
        let display = self.snapshots.as_ref().map_or("", |s| s.display.as_str());
        let verdict = judge::judge(outcome, suite, &self.known, display);
        let snapshots = match &self.snapshots {
            Some(folder) => crate::snapshot::check_all(
                outcome,
                &judge::unsettled_steps(outcome, &self.known),
                &folder.dir.join(file.module.replace("::", "/")),
                file.path,
                &s3spec_suite::names::rust_name(&outcome.case),
            ),
            None => Ok(()),
        };
        record.snapshot_error = snapshots.err();
        let snapshots_ok = record.snapshot_error.is_none();
        (record.status, record.detail) = match &verdict {
            Verdict::Error(_) => (Status::Error, judge::error_detail(outcome)),
            Verdict::Failed(_) => (Status::Failed, "expectations not met".to_owned()),
            Verdict::Stale(_) => (Status::Failed, "stale known difference".to_owned()),
            _ if !snapshots_ok => (Status::Failed, "snapshots differ".to_owned()),
            Verdict::Known(reasons) => (Status::KnownDifference, reasons.join("; ")),
            Verdict::Passed => (Status::Passed, String::new()),
        };
        record.report = match &verdict {
            Verdict::Error(r) | Verdict::Failed(r) | Verdict::Stale(r) => Some(r.clone()),
            Verdict::Known(_) => Some(crate::report::failures(outcome, suite)),
            Verdict::Passed => None,
        };
        if let Verdict::Known(reasons) = &verdict {
            record.known = reasons.clone();
        }
        record.stale = matches!(verdict, Verdict::Stale(_));
        (verdict, record)
    }

    /// Runs and judges a case.
    pub async fn run_case(&self, suite: &Suite, case: &str, file: SuiteFile<'_>) -> CaseRecord {
        let started = Instant::now();
        let outcome = self.execute(suite, case, file).await;
        self.judge(&outcome, suite, file, started.elapsed()).1
    }
}

/// A whole run: its target and every case's record, in the order the cases were listed.
#[derive(Debug, Clone)]
pub struct RunRecord {
    pub target: String,
    pub endpoint: String,
    /// The server's version, when the run was told (`S3SPEC_TARGET_VERSION`).
    pub target_version: Option<String>,
    /// The version of s3spec that ran it.
    pub s3spec: String,
    /// When the run started, RFC 3339.
    pub started: String,
    pub duration: Duration,
    pub cases: Vec<CaseRecord>,
}

impl RunRecord {
    /// How many cases ended with `status`.
    pub fn count(&self, status: Status) -> usize {
        self.cases.iter().filter(|c| c.status == status).count()
    }

    /// Whether every case passed, had only known differences, or was skipped.
    pub fn ok(&self) -> bool {
        self.count(Status::Failed) == 0 && self.count(Status::Error) == 0
    }
}
