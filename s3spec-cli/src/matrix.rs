//! `s3spec matrix`: the compatibility matrix of several targets, from their JSON reports, or by
//! running the suites on each (one `s3spec run` process per target, since a process has one
//! target).

use std::path::{Path, PathBuf};
use std::process::Command;

use s3spec::report::json;
use s3spec::report::matrix::Matrix;
use s3spec::runner::RunRecord;

use crate::Failure;
use crate::args::{MatrixArgs, MatrixFormat};

pub fn matrix(a: &MatrixArgs, config: Option<&Path>) -> Result<(), Failure> {
    let mut runs: Vec<RunRecord> = Vec::new();
    for path in &a.reports {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::Config(format!("s3spec: failed to read {}: {e}", path.display()))
        })?;
        runs.push(
            json::parse(&path.display().to_string(), &text)
                .map_err(|e| Failure::Config(format!("s3spec: {e}")))?,
        );
    }
    for target in &a.targets {
        runs.push(run_on(target, a, config)?);
    }
    if runs.is_empty() {
        return Err(Failure::Config(
            "s3spec: give JSON reports or --targets to make a matrix of".to_owned(),
        ));
    }
    let m = Matrix::new(&runs, crate::now());
    let text = match a.format {
        MatrixFormat::Markdown => m.markdown(),
        MatrixFormat::Json => serde_json::to_string_pretty(&m.json()).unwrap_or_default() + "\n",
        MatrixFormat::Html => m.html(),
    };
    match &a.output {
        Some(path) => std::fs::write(path, text).map_err(|e| {
            Failure::Config(format!("s3spec: failed to write {}: {e}", path.display()))
        }),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// Runs the suites on `target` in a child `s3spec run` and reads its report. Failing cases do
/// not stop the matrix (they are its content); a target that cannot be reached does.
fn run_on(target: &str, a: &MatrixArgs, config: Option<&Path>) -> Result<RunRecord, Failure> {
    let exe = std::env::current_exe()
        .map_err(|e| Failure::Config(format!("s3spec: cannot find its own program: {e}")))?;
    let report: PathBuf = std::env::temp_dir().join(format!(
        "s3spec-matrix-{}-{target}.json",
        std::process::id()
    ));
    let mut cmd = Command::new(exe);
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    cmd.arg("run")
        .args(&a.suites)
        .args([
            "--target",
            target,
            "--format",
            "json",
            "--jobs",
            &a.jobs.to_string(),
        ])
        .arg("--output")
        .arg(&report);
    eprintln!("s3spec: running the suites on {target}");
    let status = cmd.status().map_err(|e| {
        Failure::Config(format!("s3spec: failed to run the suites on {target}: {e}"))
    })?;
    match status.code() {
        Some(0 | 1) => {}
        Some(3) => {
            return Err(Failure::Target(format!(
                "target {target} could not be reached"
            )));
        }
        _ => {
            return Err(Failure::Config(format!(
                "s3spec: the run on {target} failed ({status})"
            )));
        }
    }
    let text = std::fs::read_to_string(&report).map_err(|e| {
        Failure::Config(format!("s3spec: the run on {target} wrote no report: {e}"))
    })?;
    let _ = std::fs::remove_file(&report);
    json::parse(target, &text).map_err(|e| Failure::Config(format!("s3spec: {e}")))
}
