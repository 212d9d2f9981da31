//! Prints the summary of an s3spec run per target: passed, failed, errors (no answer
//! from the target), known differences, skipped.
//!
//! ```text
//! s3spec-summary [RESULTS.tsv]    # default: the newest file in target/s3spec-runs/
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let file = match std::env::args_os().nth(1) {
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
