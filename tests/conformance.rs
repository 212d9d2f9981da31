//! The conformance suites under `suites/`, one test per case, against the run's target.
s3spec::suites!("suites");
