//! Checks that need the whole suite: variables used before they are saved, duplicate cases.

use std::collections::HashMap;

use crate::model::{BUILTIN_VARS, Step, Suite};
use crate::names::rust_name;
use crate::source::{Diagnostic, Loc};
use crate::suggest::did_you_mean;

/// Every problem of a loaded suite; empty when it can run. `check_vars` is false when some
/// steps could not be read, as variables they would have saved would be reported as unknown.
pub fn suite(suite: &Suite, check_vars: bool) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if check_vars {
        check_variables(suite, &mut diags);
    }
    let mut seen: HashMap<String, (&str, Loc)> = HashMap::new();
    for case in &suite.cases {
        let ident = rust_name(&case.name);
        match seen.get(&ident) {
            Some((first, first_loc)) if *first == case.name => {
                let d = suite
                    .source
                    .diagnostic(case.loc, format!("duplicate case name `{}`", case.name));
                diags.push(
                    d.label("case names must be unique in a suite")
                        .note(format!("first used at line {}", first_loc.line)),
                );
            }
            Some((first, first_loc)) => {
                let d = suite.source.diagnostic(
                    case.loc,
                    format!(
                        "case name `{}` gives the same test name `{ident}` as `{first}`",
                        case.name
                    ),
                );
                diags.push(d.note(format!(
                    "`{first}` is at line {}; rename one of them",
                    first_loc.line
                )));
            }
            None => {
                seen.insert(ident, (&case.name, case.loc));
            }
        }
    }
    diags
}

/// Variables used before a step (or setup) saves them.
fn check_variables(suite: &Suite, diags: &mut Vec<Diagnostic>) {
    let mut after_setup: Vec<(String, Option<Loc>)> = BUILTIN_VARS
        .iter()
        .map(|v| ((*v).to_owned(), None))
        .collect();
    check_steps(suite, &suite.setup, &mut after_setup, diags);
    for case in &suite.cases {
        let mut vars = after_setup.clone();
        check_steps(suite, &case.steps, &mut vars, diags);
    }
    // Teardown also runs when a case stopped early, so it sees only what setup saved.
    let mut vars = after_setup;
    let before = diags.len();
    check_steps(suite, &suite.teardown, &mut vars, diags);
    for d in &mut diags[before..] {
        d.notes.push(
            "teardown also runs when a case stopped early, so it sees only variables from setup"
                .to_owned(),
        );
    }
}

fn check_steps(
    suite: &Suite,
    steps: &[Step],
    vars: &mut Vec<(String, Option<Loc>)>,
    diags: &mut Vec<Diagnostic>,
) {
    for step in steps {
        for param in &step.params {
            for var in param.value.vars() {
                if !vars.iter().any(|(v, _)| v == var) {
                    diags.push(unknown_var(suite, param.loc, var, vars));
                }
            }
        }
        let expect = &step.expect;
        let matchers = expect
            .headers
            .iter()
            .map(|(_, m)| m)
            .chain(expect.fields.iter().map(|(_, m)| m))
            .chain(expect.error.iter().filter_map(|e| e.message.as_ref()));
        for m in matchers {
            if let crate::model::MatcherKind::Equals(v) = &m.kind {
                for var in v.vars() {
                    if !vars.iter().any(|(name, _)| name == var) {
                        diags.push(unknown_var(suite, m.loc, var, vars));
                    }
                }
            }
        }
        if let Some(body) = &expect.body {
            for var in body.value.text.iter().flat_map(|t| t.vars()) {
                if !vars.iter().any(|(name, _)| name == var) {
                    diags.push(unknown_var(suite, body.loc, var, vars));
                }
            }
        }
        for save in &step.save {
            vars.push((save.var.value.clone(), Some(save.var.loc)));
        }
    }
}

fn unknown_var(suite: &Suite, loc: Loc, var: &str, vars: &[(String, Option<Loc>)]) -> Diagnostic {
    let known: Vec<String> = vars
        .iter()
        .map(|(v, at)| match at {
            Some(at) => format!("${v} (saved at line {})", at.line),
            None => format!("${v}"),
        })
        .collect();
    suite
        .source
        .diagnostic(loc, format!("unknown variable `${var}`"))
        .label("not set by the harness or saved by an earlier step")
        .suggest(
            did_you_mean(var, vars.iter().map(|(v, _)| v.as_str()))
                .map(|s| format!("${s}"))
                .as_deref(),
        )
        .note(format!("variables here: {}", known.join(", ")))
}
