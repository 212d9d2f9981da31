//! The verdict of a case: its outcome held against the target's known differences and its
//! snapshots. Returns data; the test macro's support panics with it, the command reports it.

use s3spec_suite::Suite;

use crate::exec::{self, CaseOutcome, Phase};
use crate::known::{self, KnownDifference};

/// What a case's outcome means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    /// No verdict: the target did not answer. The report says what went unanswered.
    Error(String),
    /// Failed only where known differences say so: their reasons.
    Known(Vec<String>),
    /// Passed although a known difference says it should not: the entry is out of date.
    Stale(String),
    /// The report of every mismatch.
    Failed(String),
}

/// Whether the outcome passed, or failed only where a known difference of its target says so.
/// `display_dir` names the known-differences folder in messages.
pub fn judge(
    outcome: &CaseOutcome,
    suite: &Suite,
    known: &[KnownDifference],
    display_dir: &str,
) -> Verdict {
    let listed: Vec<&KnownDifference> = known
        .iter()
        .filter(|k| k.suite == outcome.suite && k.case == outcome.case)
        .collect();
    // No answer is never a difference of the target.
    if outcome.errored() {
        return Verdict::Error(crate::report::failures(outcome, suite));
    }
    let is_known =
        |f: &exec::Failure| case_step(f).is_some_and(|step| listed.iter().any(|k| k.step == step));
    if outcome.passed() {
        return match listed.iter().find(|k| !k.intermittent) {
            Some(k) => Verdict::Stale(format!(
                "stale known difference: case `{}` of suite `{}` now passes on target `{}`\n  --> {display_dir}/{}:{}\n   = remove the entry (reason given: {})",
                outcome.case,
                outcome.suite,
                outcome.target,
                known::FILE_NAME,
                k.loc.line,
                k.reason
            )),
            None => Verdict::Passed,
        };
    }
    if outcome.failures.iter().all(is_known) {
        let reasons = listed
            .iter()
            .map(|k| match &k.link {
                Some(link) => format!("step {}: {} ({link})", k.step, k.reason),
                None => format!("step {}: {}", k.step, k.reason),
            })
            .collect();
        return Verdict::Known(reasons);
    }
    Verdict::Failed(crate::report::failures(outcome, suite))
}

/// Case steps of intermittent known differences that differed on this run. Their response is
/// the target's other behaviour, which the snapshot (taken on a run that matched) does not show,
/// so their snapshots are not compared; the difference is reported like any known one.
pub fn unsettled_steps(outcome: &CaseOutcome, known: &[KnownDifference]) -> Vec<usize> {
    known
        .iter()
        .filter(|k| k.intermittent && k.suite == outcome.suite && k.case == outcome.case)
        .map(|k| k.step)
        .filter(|&step| outcome.failures.iter().any(|f| case_step(f) == Some(step)))
        .collect()
}

/// The case step (not setup or teardown) a failure happened in.
fn case_step(f: &exec::Failure) -> Option<usize> {
    f.step.filter(|s| s.phase == Phase::Case).map(|s| s.index)
}

/// What a case that ended with an error records: the first thing that went unanswered.
pub fn error_detail(outcome: &CaseOutcome) -> String {
    outcome
        .failures
        .iter()
        .find_map(|f| match &f.problem {
            exec::Problem::Transport { request, message } => {
                Some(format!("no response to {request}: {message}"))
            }
            exec::Problem::TargetGone(message) | exec::Problem::Deadline(message) => {
                Some(message.clone())
            }
            _ => None,
        })
        .unwrap_or_default()
}
