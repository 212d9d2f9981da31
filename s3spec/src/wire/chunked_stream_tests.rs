use std::time::{Duration, UNIX_EPOCH};

use super::*;
use crate::wire::body::{Summary, generate};
use crate::wire::chunked::{encode_signed, encode_transfer_chunked, encode_unsigned};

const SEED: u64 = 5;

fn chain() -> ChunkSigning {
    let signer = Signer::aws_example();
    ChunkSigning {
        signer,
        time: UNIX_EPOCH + Duration::from_secs(1_369_353_600),
        seed: "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e".into(),
    }
}

/// The payload lengths around the edges of `chunk_size`: empty, one byte, one chunk, one chunk
/// and a byte, and a few chunks with a short last one.
fn lengths(chunk_size: usize) -> [usize; 6] {
    [
        0,
        1,
        chunk_size - 1,
        chunk_size,
        chunk_size + 1,
        3 * chunk_size + 7,
    ]
}

/// Chunk sizes below, at and above the pieces a streamed payload is read in, and one whose
/// chunks straddle those pieces.
const CHUNK_SIZES: [usize; 4] = [8, 1000, CHUNK_LEN, CHUNK_LEN + CHUNK_LEN / 2];

const TRAILERS: [Option<ChecksumAlgorithm>; 6] = [
    None,
    Some(ChecksumAlgorithm::Crc32),
    Some(ChecksumAlgorithm::Crc32c),
    Some(ChecksumAlgorithm::Crc64Nvme),
    Some(ChecksumAlgorithm::Sha1),
    Some(ChecksumAlgorithm::Sha256),
];

/// Every chunk size, payload length around it, and trailer.
fn cases() -> impl Iterator<Item = (usize, Chunking)> {
    CHUNK_SIZES.into_iter().flat_map(|chunk_size| {
        lengths(chunk_size).into_iter().flat_map(move |len| {
            TRAILERS.into_iter().map(move |trailer| {
                let chunking = Chunking {
                    chunk_size,
                    trailer,
                };
                (len, chunking)
            })
        })
    })
}

/// Every piece of `body`, checked to be of bounded size, and joined.
fn read(body: &Body) -> Vec<u8> {
    let mut out = Vec::new();
    for piece in body.chunks() {
        let piece = piece.unwrap();
        assert!(!piece.is_empty());
        assert!(
            piece.len() < CHUNK_LEN + COPY_BELOW + 256,
            "{}",
            piece.len()
        );
        out.extend_from_slice(&piece);
    }
    assert_eq!(out.len() as u64, body.len());
    out
}

#[test]
fn unsigned_streams_give_the_bytes_of_the_whole_buffer_encoder() {
    for (len, chunking) in cases() {
        let payload = Body::generated(len as u64, SEED);
        let whole = encode_unsigned(&generate(len, SEED), &chunking);
        let at = format!("{len}/{}/{:?}", chunking.chunk_size, chunking.trailer);
        let streamed = unsigned(payload, chunking);
        assert_eq!(read(&streamed), whole, "{at}");
    }
}

#[test]
fn signed_streams_give_the_bytes_and_signatures_of_the_whole_buffer_encoder() {
    let chain = chain();
    let identity = chain.signer.credentials.identity();
    let params = chain.signer.v4_params(&identity, chain.time, ()).unwrap();
    for (len, chunking) in cases() {
        let bytes = generate(len, SEED);
        let (whole, whole_signatures) =
            encode_signed(&bytes, &chunking, &params, &chain.seed).unwrap();
        let payload = Body::generated(len as u64, SEED);
        let at = format!("{len}/{}/{:?}", chunking.chunk_size, chunking.trailer);
        let (streamed, signatures) = signed(payload, chunking, chain.clone()).unwrap();
        assert_eq!(read(&streamed), whole, "{at}");
        assert_eq!(signatures, whole_signatures, "{at}");
        // The summary was made as the signatures were, not by another read.
        assert_eq!(streamed.summary().unwrap(), Summary::of(&whole), "{at}");
    }
}

#[test]
fn transfer_chunked_streams_give_the_bytes_of_the_whole_buffer_encoder() {
    for chunk_size in CHUNK_SIZES {
        for len in lengths(chunk_size) {
            let payload = Body::generated(len as u64, SEED);
            let whole = encode_transfer_chunked(&generate(len, SEED), chunk_size);
            let streamed = transfer_chunked(payload, chunk_size);
            assert_eq!(read(&streamed), whole, "{len}/{chunk_size}");
        }
    }
}

#[test]
fn every_read_gives_the_same_bytes_as_a_retry_must_send() {
    let chunking = Chunking {
        chunk_size: 1000,
        trailer: Some(ChecksumAlgorithm::Crc32),
    };
    let payload = Body::generated(5000, SEED);
    let (body, _) = signed(payload.clone(), chunking, chain()).unwrap();
    assert_eq!(read(&body), read(&body));
    // Another signing of the same request, at the same time, gives the same body too.
    let (again, _) = signed(payload, chunking, chain()).unwrap();
    assert_eq!(read(&again), read(&body));
    assert_eq!(again, body);
}

#[test]
fn a_file_payload_streams_as_its_bytes_and_a_shrunk_one_is_an_error() {
    let path = std::env::temp_dir().join(format!("s3spec-chunked-stream-{}", std::process::id()));
    let content = generate(CHUNK_LEN * 2 + 9, 2);
    std::fs::write(&path, &content).unwrap();
    let chunking = Chunking {
        chunk_size: 10_000,
        trailer: Some(ChecksumAlgorithm::Sha256),
    };
    let file = Body::file(path.clone(), content.len() as u64);
    assert_eq!(
        read(&unsigned(file, chunking)),
        encode_unsigned(&content, &chunking)
    );
    let longer = Body::file(path.clone(), content.len() as u64 + 1);
    let e = signed(longer, chunking, chain()).unwrap_err().to_string();
    assert!(e.contains("did the file shrink"), "{e}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn joined_bodies_read_as_their_parts_one_after_the_other() {
    let parts = vec![
        Body::from("head\r\n"),
        Body::generated(CHUNK_LEN as u64 + 3, 1),
        Body::default(),
        Body::from("\r\ntail"),
    ];
    let joined = Body::joined(parts);
    let mut expected = b"head\r\n".to_vec();
    expected.extend_from_slice(&generate(CHUNK_LEN + 3, 1));
    expected.extend_from_slice(b"\r\ntail");
    assert_eq!(read(&joined), expected);
    assert_eq!(joined.summary().unwrap(), Summary::of(&expected));
}

#[test]
fn the_encoded_length_is_known_before_encoding() {
    for (len, chunk_size) in [(0, 8), (17, 8), (1 << 30, CHUNK_LEN), (5 << 30, 8 << 20)] {
        for trailer in TRAILERS {
            let chunking = Chunking {
                chunk_size,
                trailer,
            };
            let encoding = Encoding::AwsChunked {
                payload: Body::generated(len, 0),
                chunking,
                signing: Some(chain()),
            };
            let chunks = len.div_ceil(chunk_size as u64);
            let head = |n: u64| format!("{n:x};chunk-signature=").len() as u64 + 64 + 2;
            let full = len / chunk_size as u64;
            let rest = len % chunk_size as u64;
            let mut expected = len + chunks * 2 + full * head(chunk_size as u64) + head(0) + 2;
            if rest > 0 {
                expected += head(rest);
            }
            if let Some(t) = trailer {
                let line = t.header_name().len() + 1 + t.compute(b"").len() + 2;
                expected += line as u64 + "x-amz-trailer-signature:".len() as u64;
                expected += 64 + 2;
            }
            assert_eq!(encoding.encoded_len(), expected, "{len}/{chunk_size}");
        }
    }
}
