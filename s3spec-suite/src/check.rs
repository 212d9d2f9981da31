//! Checks that need the whole suite: variables used before they are saved, duplicate cases,
//! response field paths (in `fields`).

use std::collections::HashMap;

use crate::model::{Action, BUILTIN_VARS, Expectation, MatcherKind, Stage, Step, Suite, Value};
use crate::names::rust_name;
use crate::send::Auth;
use crate::source::{Diagnostic, Loc};
use crate::suggest::did_you_mean;

/// Every problem of a loaded suite; empty when it can run. `check_vars` is false when some
/// steps could not be read, as variables they would have saved would be reported as unknown.
pub fn suite(suite: &Suite, check_vars: bool) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if check_vars {
        check_variables(suite, &mut diags);
    }
    crate::fields::check(suite, &mut diags);
    for step in suite.all_steps() {
        check_sending(suite, step, &mut diags);
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

/// `send:` options the step's action does not use: a verbatim request is sent as written, and
/// a POST form is built and signed by the harness, its signature in its fields.
fn check_sending(suite: &Suite, step: &Step, diags: &mut Vec<Diagnostic>) {
    let send = &step.send;
    if send.loc == Loc::default() {
        return; // No `send:`.
    }
    let at = |message: &str| suite.source.diagnostic(send.loc, message);
    match &step.action {
        Action::Raw(raw) if raw.verbatim.is_some() => diags.push(
            at("`send` does not apply to a `verbatim` request")
                .label("its bytes are sent as written, unsigned"),
        ),
        Action::Post(_) => {
            if !matches!(
                send.auth,
                Auth::Header | Auth::Anonymous | Auth::WrongSignature
            ) {
                diags.push(
                    at(&format!(
                        "`auth: {}` does not apply to a POST form",
                        send.auth.name()
                    ))
                    .label("a form is signed in its fields: use `header`, `wrong-signature` or `anonymous`"),
                );
            }
            if !send.before.is_empty() {
                diags.push(
                    at("`send.headers` and `send.query` do not apply to a POST form").label(
                        "the harness builds the form; change what is sent with `after-signing`",
                    ),
                );
            }
        }
        _ => {}
    }
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
    stages: &[Stage],
    vars: &mut Vec<(String, Option<Loc>)>,
    diags: &mut Vec<Diagnostic>,
) {
    for stage in stages {
        match stage {
            Stage::Step(step) => {
                check_step(suite, step, vars, diags);
                vars.extend(saved_vars(step));
            }
            // The steps of a `parallel` see only what was saved before it: they run at once.
            Stage::Parallel(p) => {
                let mut saved: Vec<(String, Option<Loc>)> = Vec::new();
                for step in &p.steps {
                    check_step(suite, step, vars, diags);
                    for (name, loc) in saved_vars(step) {
                        if let Some((_, Some(first))) = saved.iter().find(|(n, _)| *n == name) {
                            let at = loc.unwrap_or(step.loc);
                            let d = suite
                                .source
                                .diagnostic(
                                    at,
                                    format!("`${name}` is saved by two steps of this `parallel`"),
                                )
                                .label("steps sent at the same time would race to set it")
                                .note(format!("also saved at line {}", first.line));
                            diags.push(d);
                        } else {
                            saved.push((name, loc));
                        }
                    }
                }
                for tally in &p.runs {
                    check_expectation(suite, &tally.expect, vars, diags);
                }
                vars.extend(saved);
            }
        }
    }
}

/// The variables a step sets: one per save, or one per save and run of a repeated step.
fn saved_vars(step: &Step) -> Vec<(String, Option<Loc>)> {
    let runs: Vec<Option<(&str, usize)>> = match &step.repeat {
        Some(r) => (1..=r.count).map(|n| Some((r.index.as_str(), n))).collect(),
        None => vec![None],
    };
    step.save
        .iter()
        .flat_map(|save| {
            runs.iter()
                .map(move |run| (save.var_for(*run), Some(save.var.loc)))
        })
        .collect()
}

/// The variables of one step's values and expectations; a repeated step has its index too.
fn check_step(
    suite: &Suite,
    step: &Step,
    vars: &[(String, Option<Loc>)],
    diags: &mut Vec<Diagnostic>,
) {
    let mut vars = vars.to_vec();
    if let Some(repeat) = &step.repeat {
        if let Some((_, at)) = vars.iter().find(|(v, _)| *v == repeat.index) {
            let why = match at {
                Some(at) => format!("saved at line {}", at.line),
                None => "set by the harness".to_owned(),
            };
            let d = suite
                .source
                .diagnostic(
                    repeat.loc,
                    format!(
                        "the repeat's index `${}` is already a variable ({why})",
                        repeat.index
                    ),
                )
                .label("name the index otherwise: `repeat: { ..., index: n }`");
            diags.push(d);
        }
        vars.push((repeat.index.clone(), Some(repeat.loc)));
    }
    let vars = &vars;
    for (loc, value) in step.located_values() {
        for var in value.vars() {
            if !vars.iter().any(|(v, _)| v == var) {
                diags.push(unknown_var(suite, loc, var, vars));
            }
        }
    }
    let tweaks = [&step.send.before, &step.send.after];
    for tweak in tweaks.iter().flat_map(|t| t.headers.iter().chain(&t.query)) {
        for var in tweak.value.iter().flat_map(|v| v.vars()) {
            if !vars.iter().any(|(v, _)| v == var) {
                diags.push(unknown_var(suite, tweak.name.loc, var, vars));
            }
        }
    }
    check_expectation(suite, &step.expect, vars, diags);
    for tally in &step.runs {
        check_expectation(suite, &tally.expect, vars, diags);
    }
}

fn check_expectation(
    suite: &Suite,
    expect: &Expectation,
    vars: &[(String, Option<Loc>)],
    diags: &mut Vec<Diagnostic>,
) {
    let matchers = expect
        .headers
        .iter()
        .map(|(_, m)| m)
        .chain(expect.fields.iter().map(|(_, m)| m))
        .chain(expect.error.iter().filter_map(|e| e.message.as_ref()));
    for m in matchers {
        let values: &[Value] = match &m.kind {
            MatcherKind::Equals(v) => std::slice::from_ref(v),
            MatcherKind::Unordered(items) | MatcherKind::OneOf(items) => items,
            _ => &[],
        };
        for var in values.iter().flat_map(Value::vars) {
            if !vars.iter().any(|(name, _)| name == var) {
                diags.push(unknown_var(suite, m.loc, var, vars));
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

/// `file://` bodies that name no file: the path is relative to the suite file's folder `dir`.
pub fn body_files(suite: &Suite, dir: &std::path::Path) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let steps = suite.all_steps();
    for (loc, value) in steps.flat_map(|s| s.located_values()) {
        let crate::model::Value::File(rel) = value else {
            continue;
        };
        let full = dir.join(rel);
        if !full.is_file() {
            let what = if full.exists() {
                "is not a file"
            } else {
                "does not exist"
            };
            let d = suite
                .source
                .diagnostic(loc, format!("body file `{rel}` {what}"))
                .label(format!("looked for {}", full.display()))
                .note("`file://` paths are relative to the suite file");
            diags.push(d);
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_body_must_exist_next_to_the_suite() {
        let dir = std::env::temp_dir().join(format!("s3spec-body-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("there.txt"), "x").expect("write");
        let yaml = "cases:\n  - name: c\n    steps:\n      - op: PutObject\n        with: { Bucket: $bucket, Key: a, Body: file://there.txt }\n      - op: PutObject\n        with: { Bucket: $bucket, Key: b, Body: file://gone.txt }\n";
        let suite = crate::load_str("suites/s.yaml", yaml, "s").expect("valid");
        let diags = body_files(&suite, &dir);
        // The loader the runtime and the macro use checks the same.
        std::fs::write(dir.join("s.yaml"), yaml).expect("write the suite");
        let loaded = crate::load_file(&dir.join("s.yaml"), "suites/s.yaml");
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(loaded.err(), Some(diags.clone()));
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].message, "body file `gone.txt` does not exist");
        assert_eq!((diags[0].loc.line, diags[0].loc.col), (7, 48));
        let label = diags[0].label.as_deref().unwrap_or_default();
        assert!(label.ends_with("gone.txt"), "{label}");
    }

    fn errors_of(expect: &str) -> Vec<String> {
        let yaml = format!(
            "cases:\n  - name: c\n    steps:\n      - op: ListBuckets\n        expect: {expect}\n"
        );
        match crate::load_str("s.yaml", &yaml, "s") {
            Ok(_) => Vec::new(),
            Err(diags) => diags.into_iter().map(|d| d.message).collect(),
        }
    }

    fn errors_of_step(step: &str) -> Vec<String> {
        let yaml = format!("cases:\n  - name: c\n    steps:\n      - {step}\n");
        match crate::load_str("s.yaml", &yaml, "s") {
            Ok(_) => Vec::new(),
            Err(diags) => diags.into_iter().map(|d| d.message).collect(),
        }
    }

    #[test]
    fn send_options_must_fit_the_action() {
        let post = "post: { bucket: $bucket, file: x }";
        assert_eq!(
            errors_of_step(&format!(
                "{{ {post}, send: {{ auth: wrong-signature, after-signing: {{ headers: {{ x: y }} }} }} }}"
            )),
            Vec::<String>::new()
        );
        assert_eq!(
            errors_of_step(&format!("{{ {post}, send: {{ auth: presigned }} }}")),
            ["`auth: presigned` does not apply to a POST form"]
        );
        assert_eq!(
            errors_of_step(&format!("{{ {post}, send: {{ headers: {{ x: y }} }} }}")),
            ["`send.headers` and `send.query` do not apply to a POST form"]
        );
        assert_eq!(
            errors_of_step("{ raw: { verbatim: x }, send: { framing: none } }"),
            ["`send` does not apply to a `verbatim` request"]
        );
        assert_eq!(
            errors_of_step(
                "{ raw: { method: GET, path: / }, send: { auth: presigned, expires: 60 } }"
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn status_lists_and_any_error_are_read_and_checked() {
        assert_eq!(errors_of("{ status: [400, 416] }"), Vec::<String>::new());
        assert_eq!(errors_of("{ error: true }"), Vec::<String>::new());
        assert_eq!(errors_of("{ error: { message: x } }"), Vec::<String>::new());
        assert_eq!(
            errors_of("{ status: [] }"),
            ["`status` needs at least one status code"]
        );
        assert_eq!(
            errors_of("{ status: [400, 99] }"),
            ["expected an HTTP status code (100 to 599) or a list of them, found an integer"]
        );
        assert_eq!(
            errors_of("{ error: false }"),
            ["`error: false` is not an expectation"]
        );
    }
}
