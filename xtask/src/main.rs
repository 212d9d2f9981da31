//! `cargo xtask generate [--check]`: writes the S3 API tables (`s3spec-api/src/generated.rs`),
//! the operation reference (`docs/operations.md`) and the suite JSON Schema
//! (`docs/suite.schema.json`) from the pinned Smithy model `model/s3.json`.
//!
//! With `--check` nothing is written: the files are generated in memory and compared with the
//! checked-in ones, and the command fails when any is stale.

mod markdown;
mod model;
mod rust;
mod schema;
mod text;

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// A failure of the generator, as a message that reads after "error: ".
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const USAGE: &str = "usage: cargo xtask generate [--check]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["generate"] => false,
        ["generate", "--check"] => true,
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&workspace_root(), check) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's folder.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Generates every file; writes them, or with `check` compares them. `Ok(false)` when stale.
fn run(root: &Path, check: bool) -> Result<bool, Error> {
    let model_path = root.join("model/s3.json");
    let model_text = std::fs::read_to_string(&model_path)
        .map_err(|e| Error(format!("failed to read {}: {e}", model_path.display())))?;
    let api = model::read(&model_text)?;
    let template_path = root.join("xtask/suite-format.schema.json");
    let template = std::fs::read_to_string(&template_path)
        .map_err(|e| Error(format!("failed to read {}: {e}", template_path.display())))?;
    let errors_path = root.join("s3spec-suite/src/error_document.txt");
    let errors_text = std::fs::read_to_string(&errors_path)
        .map_err(|e| Error(format!("failed to read {}: {e}", errors_path.display())))?;
    let error_members = error_document_members(&errors_text);
    let files = [
        (
            "s3spec-api/src/generated.rs",
            rustfmt(&rust::generate(&api)?)?,
        ),
        ("docs/operations.md", markdown::generate(&api)?),
        (
            "docs/suite.schema.json",
            schema::generate(&api, &template, &error_members)?,
        ),
    ];
    let mut fresh = true;
    for (relative, content) in &files {
        let path = root.join(relative);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == *content {
            continue;
        }
        if check {
            eprintln!("{relative} is stale: run `cargo xtask generate`");
            fresh = false;
        } else {
            std::fs::write(&path, content)
                .map_err(|e| Error(format!("failed to write {}: {e}", path.display())))?;
            println!("wrote {relative}");
        }
    }
    Ok(fresh)
}

/// The names of the error document's elements: one a line, `#` starts a comment (the same
/// reading as `s3spec_suite::fields::error_document_members`).
fn error_document_members(text: &str) -> Vec<&str> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter(|name| !name.is_empty())
        .collect()
}

/// Formats Rust source with the toolchain's rustfmt, so the checked-in file stays rustfmt-clean.
fn rustfmt(source: &str) -> Result<String, Error> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error(format!("failed to start rustfmt: {e}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| Error("failed to open the input of rustfmt".into()))?;
    // Write from another thread: rustfmt may fill its output pipe before reading all input.
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| Error(format!("failed to run rustfmt: {e}")))?;
    let written = writer
        .join()
        .map_err(|_| Error("failed to write to rustfmt".into()))?;
    written.map_err(|e| Error(format!("failed to write to rustfmt: {e}")))?;
    if !output.status.success() {
        return Err(Error(format!(
            "failed to format the generated code: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    String::from_utf8(output.stdout)
        .map_err(|e| Error(format!("failed to read rustfmt's output: {e}")))
}
