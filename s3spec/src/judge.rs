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
            Some(k) => Verdict::Stale(stale(
                k,
                &format!(
                    "case `{}` of suite `{}` now passes on target `{}`",
                    outcome.case, outcome.suite, outcome.target
                ),
                display_dir,
            )),
            None => Verdict::Passed,
        };
    }
    if outcome.failures.iter().all(is_known) {
        // An entry names a step that differs; one whose step matched is as out of date as
        // one whose whole case passes, and its reason would mislead every report.
        let matched: Vec<String> = listed
            .iter()
            .filter(|k| !k.intermittent && !differs(outcome, k.step))
            .map(|k| {
                let what = format!(
                    "step {} of case `{}` of suite `{}` now matches on target `{}`",
                    k.step, outcome.case, outcome.suite, outcome.target
                );
                stale(k, &what, display_dir)
            })
            .collect();
        if !matched.is_empty() {
            return Verdict::Stale(matched.join("\n"));
        }
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
        .filter(|&step| differs(outcome, step))
        .collect()
}

/// Whether case step `step` had a failure.
fn differs(outcome: &CaseOutcome, step: usize) -> bool {
    outcome.failures.iter().any(|f| case_step(f) == Some(step))
}

/// The message for an entry that no longer holds: `what` now passes or matches.
fn stale(k: &KnownDifference, what: &str, display_dir: &str) -> String {
    format!(
        "stale known difference: {what}\n  --> {display_dir}/{}:{}\n   = remove the entry (reason given: {})",
        known::FILE_NAME,
        k.loc.line,
        k.reason
    )
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

#[cfg(test)]
mod tests {
    use s3spec_suite::source::{Loc, SourceFile};

    use super::*;
    use crate::compare::Mismatch;
    use crate::exec::{Failure, Problem, StepId};

    const SUITE: &str = "suite: s\ncases:\n  - name: c\n    steps:\n      - op: ListBuckets\n      - op: ListBuckets\n";

    fn suite() -> Suite {
        s3spec_suite::load_str("s.yaml", SUITE, "s").expect("the test suite loads")
    }

    fn known(steps: &str) -> Vec<KnownDifference> {
        let text: String = steps
            .split(',')
            .map(|step| format!("- suite: s\n  case: c\n  step: {step}\n  reason: r{step}\n"))
            .collect();
        known::parse(&SourceFile::new("known-differences.yaml", text)).expect("entries parse")
    }

    fn failing_at(steps: &[usize]) -> CaseOutcome {
        let loc = Loc {
            line: 5,
            col: 13,
            width: 11,
        };
        CaseOutcome {
            suite: "s".into(),
            case: "c".into(),
            target: "t".into(),
            buckets: [String::new(), String::new()],
            failures: steps
                .iter()
                .map(|&index| Failure {
                    step: Some(StepId {
                        phase: Phase::Case,
                        index,
                        operation: "ListBuckets",
                        loc,
                        run: None,
                    }),
                    problem: Problem::Mismatch(Mismatch {
                        loc,
                        subject: "status".into(),
                        expected: "200".into(),
                        actual: "501".into(),
                    }),
                    exchange: None,
                })
                .collect(),
            snapshots: Vec::new(),
            steps: Vec::new(),
            requests: 0,
            skipped: None,
        }
    }

    #[test]
    fn failures_only_at_listed_steps_are_known() {
        let verdict = judge(&failing_at(&[1, 2]), &suite(), &known("1,2"), "snapshots/t");
        assert_eq!(
            verdict,
            Verdict::Known(vec!["step 1: r1".into(), "step 2: r2".into()])
        );
    }

    #[test]
    fn an_entry_whose_step_matched_is_stale() {
        let verdict = judge(&failing_at(&[1]), &suite(), &known("1,2"), "snapshots/t");
        let Verdict::Stale(message) = verdict else {
            panic!("expected a stale verdict, got {verdict:?}");
        };
        assert!(
            message.starts_with(
                "stale known difference: step 2 of case `c` of suite `s` now matches on target `t`"
            ),
            "{message}"
        );
        assert!(message.contains("known-differences.yaml:5"), "{message}");
    }

    #[test]
    fn an_intermittent_entry_may_match() {
        let mut entries = known("1,2");
        entries[1].intermittent = true;
        let verdict = judge(&failing_at(&[1]), &suite(), &entries, "snapshots/t");
        assert!(matches!(verdict, Verdict::Known(_)), "{verdict:?}");
    }

    #[test]
    fn a_passing_case_with_an_entry_is_stale() {
        let verdict = judge(&failing_at(&[]), &suite(), &known("1"), "snapshots/t");
        assert!(matches!(verdict, Verdict::Stale(m) if m.contains("now passes")));
    }

    #[test]
    fn a_failure_at_an_unlisted_step_fails() {
        let verdict = judge(&failing_at(&[1, 2]), &suite(), &known("1"), "snapshots/t");
        assert!(matches!(verdict, Verdict::Failed(_)), "{verdict:?}");
    }
}
