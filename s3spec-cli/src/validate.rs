//! `s3spec validate`: the macro's diagnostics, without building anything.

use crate::Failure;
use crate::args::ValidateArgs;
use crate::suites::Suites;

pub fn validate(a: &ValidateArgs) -> Result<(), Failure> {
    let suites = Suites::load(&a.paths).map_err(Failure::Config)?;
    let mut missing = Vec::new();
    if a.strict {
        for (_, s) in suites.iter() {
            for case in &s.suite.cases {
                if case.source.aws.is_none() {
                    let d = s
                        .suite
                        .source
                        .diagnostic(case.loc, format!("case `{}` names no source", case.name))
                        .note("add `source: { aws: <the AWS documentation page> }` (--strict)");
                    missing.push(format!("error: {d}"));
                }
            }
        }
    }
    if !missing.is_empty() {
        let n = missing.len();
        missing.push(format!("s3spec: {n} error{} in the suites", plural(n)));
        return Err(Failure::Config(missing.join("\n\n")));
    }
    let files = suites.iter().count();
    let cases = suites.cases().len();
    println!(
        "{files} suite file{}, {cases} case{}: no errors",
        plural(files),
        plural(cases)
    );
    Ok(())
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
