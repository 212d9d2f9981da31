//! The conformance suites shipped with s3spec (`suites/`) and the harness's own tests (`tests/`).
//!
//! This package has no library code: `tests/conformance.rs` expands every suite into tests and
//! `tests/harness.rs` tests the harness itself.
