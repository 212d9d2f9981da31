use std::time::{Duration, UNIX_EPOCH};

use super::*;
use crate::wire::sign::{Credentials, Signer};

fn b64(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

#[test]
fn checksums_are_base64_of_the_big_endian_digest() {
    // The catalogue check values of each CRC, over "123456789".
    let check = b"123456789";
    use ChecksumAlgorithm as A;
    assert_eq!(A::Crc32.compute(check), b64(&0xCBF4_3926_u32.to_be_bytes()));
    assert_eq!(
        A::Crc32c.compute(check),
        b64(&0xE306_9283_u32.to_be_bytes())
    );
    assert_eq!(
        A::Crc64Nvme.compute(check),
        b64(&0xAE8B_1486_0A79_9888_u64.to_be_bytes())
    );
    assert_eq!(
        A::Sha1.compute(b"hello world"),
        "Kq5sNclPz7QV2+lfQIuc6R7oRu0="
    );
    assert_eq!(
        A::Sha256.compute(b"hello world"),
        "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="
    );
    for a in A::ALL {
        assert_eq!(A::from_name(&a.name().to_lowercase()), Some(a));
        assert_eq!(
            a.trailer_line_len(),
            a.header_name().len() + 1 + a.compute(b"x").len() + 2
        );
    }
}

#[test]
fn unsigned_chunks_and_trailer() {
    let chunking = Chunking {
        chunk_size: 4,
        trailer: Some(ChecksumAlgorithm::Crc32c),
    };
    let body = encode_unsigned(b"abcdefghij", &chunking);
    let expected = format!(
        "4\r\nabcd\r\n4\r\nefgh\r\n2\r\nij\r\n0\r\nx-amz-checksum-crc32c:{}\r\n\r\n",
        ChecksumAlgorithm::Crc32c.compute(b"abcdefghij")
    );
    assert_eq!(String::from_utf8_lossy(&body), expected);
    let empty = encode_unsigned(b"", &Chunking::default());
    assert_eq!(&empty[..], b"0\r\n\r\n");
}

#[test]
fn encoded_length_is_known_before_encoding() {
    let identity = Credentials {
        access_key: "AK".into(),
        secret_key: "SK".into(),
        session_token: None,
    };
    let signer = Signer::new(identity.clone(), "us-east-1");
    let identity = aws_credential_types::Credentials::new("AK", "SK", None, None, "t").into();
    let time = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let params = signer.v4_params(&identity, time, ()).unwrap();
    for trailer in [
        None,
        Some(ChecksumAlgorithm::Crc64Nvme),
        Some(ChecksumAlgorithm::Sha256),
    ] {
        for (len, size) in [(0, 8), (1, 8), (8, 8), (9, 8), (100, 7), (70_000, 65_536)] {
            let chunking = Chunking {
                chunk_size: size,
                trailer,
            };
            let body = vec![7u8; len];
            let seed = "0".repeat(64);
            let (signed, _) = encode_signed(&body, &chunking, &params, &seed).unwrap();
            assert_eq!(
                signed.len(),
                chunking.encoded_len(len, true),
                "{len}/{size}/{trailer:?}"
            );
            let unsigned = encode_unsigned(&body, &chunking);
            assert_eq!(
                unsigned.len(),
                chunking.encoded_len(len, false),
                "{len}/{size}/{trailer:?}"
            );
        }
    }
}

/// AWS's published example of a signed aws-chunked upload with a CRC32C trailer: 66560 bytes
/// of 'a' in 64 KiB chunks, chained from the seed signature of its canonical request.
#[test]
fn signed_chunks_with_a_trailer_match_the_published_example() {
    let signer = Signer::aws_example();
    let identity = aws_credential_types::Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "t",
    )
    .into();
    let time = UNIX_EPOCH + Duration::from_secs(1_369_353_600);
    let params = signer.v4_params(&identity, time, ()).unwrap();
    let chunking = Chunking {
        trailer: Some(ChecksumAlgorithm::Crc32c),
        ..Chunking::default()
    };
    let body = vec![b'a'; 66560];
    let seed = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
    let (encoded, signatures) = encode_signed(&body, &chunking, &params, seed).unwrap();
    assert_eq!(
        signatures.chunks,
        [
            "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
            "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
            "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
        ]
    );
    assert_eq!(
        signatures.trailer.as_deref(),
        Some("d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435")
    );
    let tail = "0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n\
                x-amz-checksum-crc32c:sOO8/Q==\r\n\
                x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n";
    assert!(encoded.ends_with(tail.as_bytes()));
}

#[test]
fn transfer_chunked_framing() {
    assert_eq!(
        &encode_transfer_chunked(b"hello world", 5)[..],
        b"5\r\nhello\r\n5\r\n worl\r\n1\r\nd\r\n0\r\n\r\n"
    );
    assert_eq!(&encode_transfer_chunked(b"", 5)[..], b"0\r\n\r\n");
}
