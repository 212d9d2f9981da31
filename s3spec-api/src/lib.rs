//! The S3 API as static data, generated from the Smithy model that aws-sdk-s3 is generated from
//! (`model/s3.json`): every operation with its HTTP binding, input and output members, and the
//! shapes they refer to.
//!
//! ```
//! let op = s3spec_api::operation("PutObject").expect("PutObject is an S3 operation");
//! assert_eq!(op.method, "PUT");
//! assert!(op.member("Bucket").is_some_and(|m| m.required));
//!
//! // Response fields by path, as suites name them: `Contents[].Key`.
//! use s3spec_api::FieldSegment::{Each, Member};
//! let list = s3spec_api::operation("ListObjectsV2").expect("ListObjectsV2 is an S3 operation");
//! let key = list.resolve_field(&[Member("Contents"), Each, Member("Key")]);
//! assert_eq!(key.map(|shape| shape.name), Ok("ObjectKey"));
//! ```
//!
//! The tables are written by `cargo xtask generate` into `src/generated.rs`; never edit them by
//! hand.

mod construct;
#[cfg(test)]
mod facts;
mod field;
mod generated;
mod lookup;
mod suggest;
mod types;

pub use field::{FieldError, FieldErrorKind, FieldSegment};
pub use generated::{OPERATIONS, SHAPES, XML_NAMESPACE};
pub use lookup::*;
pub use suggest::did_you_mean;
pub use types::*;
