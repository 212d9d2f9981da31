//! The wire layer: builds, signs and sends S3 requests, and records what was sent and what came
//! back as one [`Exchange`](exchange::Exchange).
//!
//! Every way of sending a step (typed, tweaked, raw, presigned, POST form, anonymous) ends in the
//! same exchange record that the judge, the snapshots and the reports read.

pub mod body;
pub mod chunked;
pub mod chunked_stream;
pub mod exchange;
#[cfg(test)]
mod oracle;
pub mod parse;
pub mod post;
mod raw;
pub mod request;
pub mod send;
pub mod serialize;
pub mod sign;
