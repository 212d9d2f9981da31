//! s3spec: S3-API compatibility tests written as YAML suites and run as ordinary cargo tests.
//!
//! ```ignore
//! // tests/conformance.rs
//! s3spec::suites!("suites");
//! ```
//!
//! Each suite file under `suites/` becomes a module, each case a `#[tokio::test]`, run against
//! the target chosen for the run: an S3 server embedded in the test process by default, or any
//! endpoint given by `S3SPEC_ENDPOINT`. Normalized responses are checked against insta snapshots
//! in `snapshots/<target>/`. The suite format is described in `docs/suite-format.md`.

pub mod bench;
pub mod body;
pub mod cleanup;
pub mod client;
pub mod compare;
pub mod data;
pub mod exec;
pub mod interrupt;
pub mod judge;
pub mod known;
pub mod normalize;
pub mod report;
pub mod response;
pub mod results;
pub mod run;
pub mod runner;
mod runtime;
mod snapshot;
pub mod target;
pub mod wire;
mod xml;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// The suite format: model, loader and operation table.
pub use s3spec_suite as suite;

/// Expands YAML suites into tests: `s3spec::suites!("suites");`.
///
/// The path, relative to the crate's `Cargo.toml`, names a suite file or a folder of them
/// (searched recursively for `*.yaml` and `*.yml`). Each suite becomes a module named after the
/// suite (folders become parent modules), and each case a `#[tokio::test]` function named after
/// the case, so `cargo test objects_basic::` runs one suite.
///
/// Mistakes in a suite are compile errors that point at the file, line and column.
pub use s3spec_macros::suites;

pub use exec::{CaseContext, CaseOutcome, run_case};
pub use runner::{CaseRecord, Runner};
pub use runtime::shared as shared_runtime;
pub use target::Target;
