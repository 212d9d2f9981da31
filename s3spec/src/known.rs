//! Known differences: where a target is known to differ from AWS S3 behaviour. The file format,
//! its reader and its checks live in the suite crate, which the macro shares.

pub use s3spec_suite::known::*;
