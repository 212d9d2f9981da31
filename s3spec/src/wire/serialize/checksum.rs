//! The checksum an operation requires (`httpChecksumRequired`, or `requestChecksumRequired`).
//!
//! aws-sdk-s3 (since 1.69, with `RequestChecksumCalculation::WhenRequired`) no longer sends
//! Content-MD5 for these: it sends `x-amz-sdk-checksum-algorithm` and the body's checksum in
//! `x-amz-checksum-<algorithm>`, CRC32 unless the request names another algorithm, and nothing
//! when the request already carries an `x-amz-checksum-*` header. The wire layer does the same.

use s3spec_api::Operation;

use crate::wire::body::Body;
use crate::wire::chunked::{ChecksumAlgorithm, Checksummer};
use crate::wire::request::Request;

const ALGORITHM_HEADER: &str = "x-amz-sdk-checksum-algorithm";

/// Adds the checksum headers an operation requires, unless the request has a checksum.
pub(super) fn add_required(op: &Operation, request: &mut Request) {
    if !op.checksum_required
        || request
            .headers
            .iter()
            .any(|(k, _)| k.to_ascii_lowercase().starts_with("x-amz-checksum-"))
    {
        return;
    }
    let algorithm = match request.header(ALGORITHM_HEADER) {
        Some(a) => a.to_owned(),
        None => {
            request
                .headers
                .push((ALGORITHM_HEADER.to_owned(), "CRC32".to_owned()));
            "CRC32".to_owned()
        }
    };
    // An algorithm S3 does not know is sent as given, without a checksum: a test may want that.
    if let Some(digest) = body_checksum(&algorithm, &request.body) {
        request.headers.push((
            format!("x-amz-checksum-{}", algorithm.to_ascii_lowercase()),
            aws_smithy_types::base64::encode(digest),
        ));
    }
}

/// The checksum of `body` by S3's name of the algorithm (`CRC32`, `SHA256`, ...).
#[cfg(test)]
pub(crate) fn checksum(algorithm: &str, body: &[u8]) -> Option<Vec<u8>> {
    let mut sum = checksummer(algorithm)?;
    sum.update(body);
    Some(sum.finish())
}

/// The checksum of a request body, read a piece at a time when it is streamed; `None` for an
/// algorithm S3 does not know, or a body that cannot be read (sending it fails the same way).
fn body_checksum(algorithm: &str, body: &Body) -> Option<Vec<u8>> {
    let mut sum = checksummer(algorithm)?;
    for piece in body.chunks() {
        sum.update(&piece.ok()?);
    }
    Some(sum.finish())
}

fn checksummer(algorithm: &str) -> Option<Checksummer> {
    ChecksumAlgorithm::from_name(algorithm).map(Checksummer::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_values_of_the_crcs() {
        // The "123456789" check values of the CRC catalogue.
        let hex = |a| checksum(a, b"123456789").map(hex::encode);
        assert_eq!(hex("CRC32").as_deref(), Some("cbf43926"));
        assert_eq!(hex("crc32c").as_deref(), Some("e3069283"));
        assert_eq!(hex("CRC64NVME").as_deref(), Some("ae8b14860a799888"));
    }

    #[test]
    fn a_streamed_body_has_the_checksum_of_its_bytes() {
        let body = Body::generated(200_000, 3);
        let bytes = crate::wire::body::generate(200_000, 3);
        for a in ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"] {
            assert_eq!(body_checksum(a, &body), checksum(a, &bytes), "{a}");
        }
    }

    #[test]
    fn checksums_are_base64_of_the_big_endian_digest() {
        let digest = checksum("crc32", b"hello").unwrap_or_default();
        assert_eq!(aws_smithy_types::base64::encode(digest), "NhCmhg==");
        assert_eq!(checksum("MD4", b"x"), None);
        assert_eq!(checksum("SHA1", b"").map(|d| d.len()), Some(20));
    }
}
