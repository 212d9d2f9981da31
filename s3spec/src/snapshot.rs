//! Checks recorded responses against the target's insta snapshots.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use crate::exec::{CaseOutcome, Phase};

/// Asserts every snapshot of a case in `dir`, except those of the case steps in `unsettled`;
/// the error lists those that differed. All are checked, so that one run shows (and `cargo insta
/// review` offers) all of a case's changes.
pub fn check_all(
    outcome: &CaseOutcome,
    unsettled: &[usize],
    dir: &Path,
    suite_file: &Path,
    case_ident: &str,
) -> Result<(), String> {
    let mut differed = Vec::new();
    for record in &outcome.snapshots {
        if record.step.phase == Phase::Case && unsettled.contains(&record.step.index) {
            continue;
        }
        let name = format!("{case_ident}-{}", record.name);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_input_file(suite_file);
        settings.set_description(format!(
            "{} · {} · {} {} ({}) · target {}",
            outcome.suite,
            outcome.case,
            record.step.phase.name(),
            record.step.index,
            record.step.operation,
            outcome.target
        ));
        let result = catch_unwind(AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_yaml_snapshot!(name.as_str(), &record.content));
        }));
        if result.is_err() {
            differed.push(name);
        }
    }
    if differed.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} snapshot(s) of case `{}` differ or are missing for target `{}`: {}\n(review with `cargo insta review`)",
        differed.len(),
        outcome.case,
        outcome.target,
        differed.join(", ")
    ))
}
