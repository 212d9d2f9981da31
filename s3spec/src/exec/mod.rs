//! Runs one case against a target and returns what happened. Never prints and never panics:
//! the outcome holds every failure for the report to render.

mod buckets;
pub(crate) mod direct;
pub(crate) mod guard;
mod post_form;
mod purge;
pub(crate) mod resolve;
mod retry;
mod send;
mod stage;

use std::collections::BTreeMap;
use std::path::Path;

use aws_sdk_s3::Client;
use s3spec_suite::{Case, Identity, Loc, Stage, Suite};

use crate::compare::{self, Mismatch};
use crate::data::Data;
use crate::normalize::Tokens;
use crate::run::RunPrefix;
use crate::target::Target;

/// Variables of a running case: `bucket`, `new_bucket`, and what steps saved.
pub type Vars = BTreeMap<String, String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Setup,
    Case,
    Teardown,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Setup => "setup",
            Phase::Case => "step",
            Phase::Teardown => "teardown",
        }
    }
}

/// Which step of a case: its phase, 1-based position, operation and place in the file, and
/// which of its runs when it is repeated or one of a `parallel:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepId {
    pub phase: Phase,
    pub index: usize,
    pub operation: &'static str,
    pub loc: Loc,
    pub run: Option<RunOf>,
}

/// Run `n` (from 1) of the `of` runs of a repeated step, or step `n` of a `parallel:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOf {
    pub n: usize,
    pub of: usize,
}

impl StepId {
    /// `step 3 (PutObject)`, `step 3 (PutObject) run 7 of 50`.
    pub fn label(&self) -> String {
        let mut out = format!("{} {} ({})", self.phase.name(), self.index, self.operation);
        if let Some(run) = self.run {
            out.push_str(&format!(" run {} of {}", run.n, run.of));
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The response differs from the expectation.
    Mismatch(Mismatch),
    /// A parameter could not be turned into the request.
    Param { loc: Loc, message: String },
    /// No response: the request could not be sent or answered. An error of the run, not a
    /// difference of the target.
    Transport { request: String, message: String },
    /// The target stopped answering earlier in the run: the case (or its cleanup) did not run.
    TargetGone(String),
    /// The case ran out of time (`S3SPEC_CASE_TIMEOUT`): no verdict on the steps not run.
    Deadline(String),
    /// A `save:` path found nothing.
    Save { loc: Loc, message: String },
    /// The harness's own work failed: creating or removing the case's buckets.
    Harness(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub step: Option<StepId>,
    pub problem: Problem,
    /// The request and response of the failing step, for the report.
    pub exchange: Option<String>,
}

/// What one step sent and got, for reports.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRecord {
    pub step: StepId,
    /// `GET /<bucket>/key`; empty when nothing could be sent.
    pub request: String,
    /// The response's status and error code; `None` when nothing came back.
    pub status: Option<u16>,
    pub error_code: Option<String>,
    pub duration: std::time::Duration,
    pub passed: bool,
    /// How many times the step was sent again (`--retries`) before this answer.
    pub retries: u32,
    /// The request and response, headers and the start of the body, secrets redacted: only
    /// when the case runs verbosely.
    pub transcript: Option<String>,
}

/// A normalized response to record as a snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotRecord {
    pub name: String,
    pub step: StepId,
    pub content: Data,
}

/// Everything that happened in one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOutcome {
    pub suite: String,
    pub case: String,
    pub target: String,
    /// The case's buckets: `$bucket` and `$new_bucket`.
    pub buckets: [String; 2],
    pub failures: Vec<Failure>,
    pub snapshots: Vec<SnapshotRecord>,
    /// Every step that ran, in order: setup, the case's steps, teardown.
    pub steps: Vec<StepRecord>,
    /// Requests sent for the case: its bucket's creation and its steps (cleanup not counted).
    pub requests: usize,
    /// Why the case did not run (e.g. it needs an identity the target lacks).
    pub skipped: Option<String>,
}

impl CaseOutcome {
    /// The outcome of a case that sent nothing (yet).
    pub fn empty(suite: &str, case: &str, target: &str) -> CaseOutcome {
        CaseOutcome {
            suite: suite.to_owned(),
            case: case.to_owned(),
            target: target.to_owned(),
            buckets: [String::new(), String::new()],
            failures: Vec::new(),
            snapshots: Vec::new(),
            steps: Vec::new(),
            requests: 0,
            skipped: None,
        }
    }

    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    /// Whether the case ended with an error rather than a verdict: the target did not answer.
    pub fn errored(&self) -> bool {
        self.failures.iter().any(|f| f.problem.is_error())
    }
}

impl Problem {
    /// No answer from the target: an error of the run, never a known or expected difference.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Problem::Transport { .. } | Problem::TargetGone(_) | Problem::Deadline(_)
        )
    }
}

/// What a case runs with.
#[derive(Debug, Clone, Copy)]
pub struct CaseContext<'a> {
    pub client: &'a Client,
    /// Signs the steps with `as: alt`; `None` when the target has no second user.
    pub alt_client: Option<&'a Client>,
    pub target: &'a Target,
    pub run: &'a RunPrefix,
    /// The folder of the suite file, for `file://` bodies.
    pub suite_dir: &'a Path,
    /// Steps of the case (1-based) with a known difference: the case goes on after their
    /// mismatches, so the steps after them still run and are checked.
    pub known_steps: &'a [usize],
    /// Keep each step's request and response (redacted) in its [`StepRecord`].
    pub verbose: bool,
    /// How many times a step is sent again after a transport error or 503 SlowDown (0: a
    /// conformance run sees first answers).
    pub retries: u32,
}

struct Running<'a> {
    cx: CaseContext<'a>,
    vars: Vars,
    tokens: Tokens,
    outcome: CaseOutcome,
    /// Buckets steps created, and who created them (`CreateBucket` with `as: alt`).
    created: Vec<(String, Identity)>,
    /// The target stopped answering: nothing more is sent.
    stopped: bool,
    /// When the case's setup and steps must be done by.
    deadline: std::time::Instant,
}

/// Runs `case`: creates its bucket, runs setup, the case's steps (stopping at the first failing
/// one) and teardown, then removes its buckets, also when something failed.
pub async fn run_case(suite: &Suite, case: &Case, cx: CaseContext<'_>) -> CaseOutcome {
    let _running = crate::interrupt::CaseGuard::new();
    let (bucket, new_bucket) = cx.run.case_buckets(&suite.name, &case.name);
    let mut r = Running {
        cx,
        vars: Vars::from([
            ("bucket".to_owned(), bucket.clone()),
            ("new_bucket".to_owned(), new_bucket.clone()),
            ("host".to_owned(), endpoint_host(&cx.target.endpoint)),
        ]),
        tokens: Tokens::default(),
        outcome: CaseOutcome {
            suite: suite.name.clone(),
            case: case.name.clone(),
            target: cx.target.name.clone(),
            buckets: [bucket.clone(), new_bucket.clone()],
            failures: Vec::new(),
            snapshots: Vec::new(),
            steps: Vec::new(),
            requests: 0,
            skipped: None,
        },
        created: Vec::new(),
        stopped: false,
        deadline: std::time::Instant::now() + cx.target.case_timeout,
    };
    if let Some(reason) = missing_identity(suite, case, cx.target) {
        r.outcome.skipped = Some(reason);
        return r.outcome;
    }
    r.tokens.register("bucket", &bucket);
    r.tokens.register("bucket", &new_bucket);
    if let Some((host, port)) = cx.target.endpoint.rsplit_once(':')
        && port.chars().all(|c| c.is_ascii_digit())
    {
        r.tokens.register_fixed(&cx.target.endpoint, "<endpoint>");
        if host.ends_with("127.0.0.1") || host.ends_with("localhost") {
            // Servers on loopback also put their (random) port into URLs of other host names.
            r.tokens.register_fixed(&format!(":{port}/"), ":<port>/");
        }
    }

    if let Some(gone) = crate::target::health::of(cx.target).gone() {
        let message = format!("not run: {gone}");
        r.fail(None, Problem::TargetGone(message));
        return r.outcome;
    }
    if r.create_bucket(&bucket).await {
        let setup_ok = r.run_steps(Phase::Setup, &suite.setup, true).await;
        if setup_ok {
            r.run_steps(Phase::Case, &case.steps, true).await;
        }
        r.run_steps(Phase::Teardown, &suite.teardown, false).await;
    }
    r.clean_up(suite, case).await;
    r.outcome
}

/// The `host:port` of an endpoint URL (`$host`).
fn endpoint_host(endpoint: &str) -> String {
    crate::wire::request::Endpoint::parse(endpoint)
        .map(|e| e.authority())
        .unwrap_or_default()
}

/// Why a case cannot run on the target: it signs as an identity the target has no credentials
/// for.
fn missing_identity(suite: &Suite, case: &Case, target: &Target) -> Option<String> {
    suite
        .identities_needed(case)
        .into_iter()
        .find_map(|who| match who {
            Identity::Alt if target.alt.is_none() => Some(format!(
                "the case needs a second user (`as: alt`) and target {} has none",
                target.name
            )),
            Identity::Named(name) if target.identity(name).is_none() => Some(format!(
                "the case signs as `{name}` and target {} has no such credential set (set {})",
                target.name,
                crate::target::identity_variable(name)
            )),
            _ => None,
        })
}

impl Running<'_> {
    /// Runs steps in order; returns whether all passed. Stops at the first failure when
    /// `stop_on_failure`.
    async fn run_steps(&mut self, phase: Phase, steps: &[Stage], stop_on_failure: bool) -> bool {
        let mut all_ok = true;
        for (i, step) in steps.iter().enumerate() {
            if crate::interrupt::interrupted() || self.stopped {
                return false;
            }
            // Teardown runs after the deadline too: it cleans up.
            if phase != Phase::Teardown && std::time::Instant::now() >= self.deadline {
                let limit = self.cx.target.case_timeout;
                let limit = if limit.as_secs() > 0 {
                    format!("{}s", limit.as_secs())
                } else {
                    format!("{}ms", limit.as_millis())
                };
                let message = format!(
                    "the case ran out of time: {} {} ({}) and what follows did not run within the case's {limit} (S3SPEC_CASE_TIMEOUT)",
                    phase.name(),
                    i + 1,
                    step.name()
                );
                self.fail(None, Problem::Deadline(message));
                return false;
            }
            let ok = self.run_stage(phase, i + 1, step).await;
            all_ok &= ok;
            let known = phase == Phase::Case && self.cx.known_steps.contains(&(i + 1));
            if !ok && stop_on_failure && !known {
                break;
            }
        }
        all_ok
    }
}
