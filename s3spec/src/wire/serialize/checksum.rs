//! The checksum an operation requires (`httpChecksumRequired`, or `requestChecksumRequired`).
//!
//! aws-sdk-s3 (since 1.69, with `RequestChecksumCalculation::WhenRequired`) no longer sends
//! Content-MD5 for these: it sends `x-amz-sdk-checksum-algorithm` and the body's checksum in
//! `x-amz-checksum-<algorithm>`, CRC32 unless the request names another algorithm, and nothing
//! when the request already carries an `x-amz-checksum-*` header. The wire layer does the same.

use s3spec_api::Operation;
use sha1::Digest as _;

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
    if let Some(digest) = checksum(&algorithm, &request.body) {
        request.headers.push((
            format!("x-amz-checksum-{}", algorithm.to_ascii_lowercase()),
            aws_smithy_types::base64::encode(digest),
        ));
    }
}

/// The checksum of `body` by S3's name of the algorithm (`CRC32`, `SHA256`, ...).
pub(crate) fn checksum(algorithm: &str, body: &[u8]) -> Option<Vec<u8>> {
    match algorithm.to_ascii_uppercase().as_str() {
        "CRC32" => Some(crc32(body, 0xEDB8_8320).to_be_bytes().to_vec()),
        "CRC32C" => Some(crc32(body, 0x82F6_3B78).to_be_bytes().to_vec()),
        "CRC64NVME" => Some(crc64nvme(body).to_be_bytes().to_vec()),
        "SHA1" => Some(sha1::Sha1::digest(body).to_vec()),
        "SHA256" => Some(<sha2::Sha256 as sha2::Digest>::digest(body).to_vec()),
        _ => None,
    }
}

/// A reflected CRC-32 with this (reversed) polynomial. Bitwise: the bodies that need a checksum
/// here are small XML documents.
fn crc32(data: &[u8], polynomial: u32) -> u32 {
    let mut crc = u32::MAX;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ polynomial
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// CRC-64/NVME (reflected, polynomial 0xAD93D23594C93659).
fn crc64nvme(data: &[u8]) -> u64 {
    const POLYNOMIAL: u64 = 0x9A6C_9329_AC4B_C9B5;
    let mut crc = u64::MAX;
    for &byte in data {
        crc ^= u64::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLYNOMIAL
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_values_of_the_crcs() {
        // The "123456789" check values of the CRC catalogue.
        assert_eq!(crc32(b"123456789", 0xEDB8_8320), 0xCBF4_3926);
        assert_eq!(crc32(b"123456789", 0x82F6_3B78), 0xE306_9283);
        assert_eq!(crc64nvme(b"123456789"), 0xAE8B_1486_0A79_9888);
    }

    #[test]
    fn checksums_are_base64_of_the_big_endian_digest() {
        let digest = checksum("crc32", b"hello").unwrap_or_default();
        assert_eq!(aws_smithy_types::base64::encode(digest), "NhCmhg==");
        assert_eq!(checksum("MD4", b"x"), None);
        assert_eq!(checksum("SHA1", b"").map(|d| d.len()), Some(20));
    }
}
