//! `s3spec`: runs, validates and lists s3spec suites without writing Rust.
//!
//! ```text
//! s3spec run suites/ --endpoint http://127.0.0.1:9000 --target minio --format junit -o junit.xml
//! ```
//!
//! The suites are loaded and checked by the same code as the `suites!` macro, and run by the
//! same `Runner` as the tests it generates, so both reach the same verdicts.

mod args;
mod bench;
mod config;
mod list;
mod matrix;
mod progress;
mod run;
mod suites;
mod sweep;
mod validate;

use std::process::ExitCode;

use clap::Parser;

/// Why the command ended: each has its exit code.
#[derive(Debug)]
pub enum Failure {
    /// Cases failed or ended with an error (1).
    Cases,
    /// A suite, a known-differences file or the configuration has mistakes (2).
    Config(String),
    /// The target could not be reached or started (3).
    Target(String),
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let result = config::Config::load(cli.config.as_deref())
        .map_err(Failure::Config)
        .and_then(|(config, _)| match cli.command {
            args::Command::Run(a) => run::run(&a, &config),
            args::Command::Validate(a) => validate::validate(&a),
            args::Command::List(a) => list::list(&a, &config),
            args::Command::Matrix(a) => matrix::matrix(&a, cli.config.as_deref()),
            args::Command::Sweep(a) => sweep::sweep(&a, &config),
            args::Command::Bench(a) => bench::bench(&a, &config),
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Cases) => ExitCode::from(1),
        Err(Failure::Config(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
        Err(Failure::Target(message)) => {
            eprintln!("s3spec: {message}");
            ExitCode::from(3)
        }
    }
}

/// Now, RFC 3339 to the second.
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    aws_smithy_types::DateTime::from_secs(i64::try_from(secs).unwrap_or(0))
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default()
}
