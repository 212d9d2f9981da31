//! Prints the summary of an s3spec run per target: passed, failed, errors (no answer
//! from the target), known differences, skipped.
//!
//! ```text
//! s3spec-summary [RESULTS.tsv]    # default: the newest file in target/s3spec-runs/
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "s3spec-summary: prints the summary per target of an s3spec run of `cargo test`

usage: s3spec-summary [RESULTS.tsv]

Without a file, reads the newest results file in target/s3spec-runs/ (S3SPEC_RESULTS_DIR
overrides the folder). Lists passed, failed, errors, known differences and skipped cases.";

fn main() -> ExitCode {
    let arg = std::env::args_os().nth(1);
    if let Some(a) = arg.as_ref().and_then(|a| a.to_str()) {
        match a {
            "-h" | "--help" => {
                println!("{HELP}");
                return ExitCode::SUCCESS;
            }
            "-V" | "--version" => {
                println!("s3spec-summary {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            a if a.starts_with('-') => {
                eprintln!("s3spec-summary: unknown option {a}\n\n{HELP}");
                return ExitCode::from(2);
            }
            _ => {}
        }
    }
    let file = match arg {
        Some(f) => PathBuf::from(f),
        None => {
            let dir = s3spec::results::dir(&std::env::current_dir().unwrap_or_default());
            let newest = std::fs::read_dir(&dir).ok().and_then(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == "tsv"))
                    .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
                    .map(|e| e.path())
            });
            match newest {
                Some(f) => f,
                None => {
                    eprintln!(
                        "s3spec-summary: no results in {} (run the suites first)",
                        dir.display()
                    );
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    match std::fs::read_to_string(&file) {
        Ok(text) => {
            println!("{}:", file.display());
            print!("{}", s3spec::results::summarize(&text));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("s3spec-summary: cannot read {}: {e}", file.display());
            ExitCode::FAILURE
        }
    }
}
