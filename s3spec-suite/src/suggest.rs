//! "Did you mean ...?" for misspelt keys, operations and parameters: the same suggestion as for
//! the API's operations, members and enum values.

pub use s3spec_api::did_you_mean;
