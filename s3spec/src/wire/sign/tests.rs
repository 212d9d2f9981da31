//! Signing checked against the examples AWS publishes for SigV4 on S3 (keys
//! AKIAIOSFODNN7EXAMPLE, 2013-05-24, us-east-1).

use bytes::Bytes;

use super::*;
use crate::wire::chunked::Chunking;

fn endpoint(url: &str) -> Endpoint {
    Endpoint::parse(url).unwrap()
}

fn get(path: &str, host: &str) -> Request {
    Request {
        method: "GET".into(),
        host: Some(host.into()),
        path: path.into(),
        ..Request::default()
    }
}

#[test]
fn header_signing_matches_the_published_get_object_example() {
    let mut request = get("/test.txt", "examplebucket.s3.amazonaws.com");
    request.headers.push(("Range".into(), "bytes=0-9".into()));
    let signed = sign(
        request,
        &endpoint("https://s3.amazonaws.com"),
        &Signer::aws_example(),
        &SignMode::Header,
    )
    .unwrap();
    let signing = &signed.signing;
    assert_eq!(
        signing.signature.as_deref(),
        Some("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    );
    assert_eq!(
        signing.signed_headers,
        ["host", "range", "x-amz-content-sha256", "x-amz-date"]
    );
    let canonical = signing.canonical_request.as_deref().unwrap();
    assert!(
        canonical.starts_with(
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
        )
    );
    assert_eq!(
        signed.request.header("x-amz-date"),
        Some("20130524T000000Z")
    );
    assert_eq!(
        signed.request.header("x-amz-content-sha256"),
        Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    );
}

#[test]
fn query_parameters_are_signed_sorted_and_encoded() {
    let mut request = get("/", "examplebucket.s3.amazonaws.com");
    request.query = vec![
        ("prefix".into(), Some("J".into())),
        ("max-keys".into(), Some("2".into())),
    ];
    let signed = sign(
        request,
        &endpoint("https://s3.amazonaws.com"),
        &Signer::aws_example(),
        &SignMode::Header,
    )
    .unwrap();
    assert_eq!(
        signed.signing.signature.as_deref(),
        Some("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    );
    assert!(signed.signing.canonical_request.is_some());
}

#[test]
fn presigning_matches_the_published_example() {
    let signed = sign(
        get("/test.txt", "examplebucket.s3.amazonaws.com"),
        &endpoint("https://s3.amazonaws.com"),
        &Signer::aws_example(),
        &SignMode::Presigned { expires: 86400 },
    )
    .unwrap();
    let request = &signed.request;
    assert_eq!(
        request.query_value("X-Amz-Signature"),
        Some("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    );
    assert_eq!(
        request.query_value("X-Amz-Credential"),
        Some("AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request")
    );
    assert_eq!(request.query_value("X-Amz-Expires"), Some("86400"));
    assert_eq!(request.header("authorization"), None);
    assert!(signed.signing.canonical_request.is_some());
    assert!(request.target().contains(
        "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
    ));
}

#[test]
fn streaming_matches_the_published_multiple_chunks_example() {
    let request = Request {
        method: "PUT".into(),
        host: Some("s3.amazonaws.com".into()),
        path: "/examplebucket/chunkObject.txt".into(),
        headers: vec![("x-amz-storage-class".into(), "REDUCED_REDUNDANCY".into())],
        body: Bytes::from(vec![b'a'; 66560]).into(),
        ..Request::default()
    };
    let signed = sign(
        request,
        &endpoint("https://s3.amazonaws.com"),
        &Signer::aws_example(),
        &SignMode::Streaming(Chunking::default()),
    )
    .unwrap();
    let signing = &signed.signing;
    assert_eq!(
        signing.signature.as_deref(),
        Some("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9")
    );
    assert_eq!(
        signing.signed_headers.join(";"),
        "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class"
    );
    let chunks = &signing.chunk_signatures.as_ref().unwrap().chunks;
    assert_eq!(
        chunks,
        &[
            "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
            "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
            "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
        ]
    );
    let request = &signed.request;
    assert_eq!(request.header("content-length"), Some("66824"));
    assert_eq!(request.body.len(), 66824);
    assert_eq!(
        request.header("x-amz-decoded-content-length"),
        Some("66560")
    );
    assert_eq!(
        request.header("x-amz-content-sha256"),
        Some("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
    );
    assert!(request.body.starts_with(b"10000;chunk-signature=ad80c730"));
    assert!(request.body.ends_with(b"\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"));
}

#[test]
fn unsigned_trailer_streaming_sets_the_headers_current_sdks_send() {
    let request = Request {
        method: "PUT".into(),
        path: "/b/k".into(),
        body: Bytes::from_static(b"hello world").into(),
        ..Request::default()
    };
    let chunking = Chunking {
        trailer: Some(crate::wire::chunked::ChecksumAlgorithm::Crc32),
        ..Chunking::default()
    };
    let signed = sign(
        request,
        &endpoint("http://127.0.0.1:9000"),
        &Signer::aws_example(),
        &SignMode::StreamingUnsignedTrailer(chunking),
    )
    .unwrap();
    let request = &signed.request;
    assert_eq!(request.host.as_deref(), Some("127.0.0.1:9000"));
    assert_eq!(
        request.header("x-amz-content-sha256"),
        Some("STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    );
    assert_eq!(
        request.header("x-amz-trailer"),
        Some("x-amz-checksum-crc32")
    );
    assert_eq!(request.header("content-encoding"), Some("aws-chunked"));
    assert_eq!(
        request.header("content-length"),
        Some(request.body.len().to_string().as_str())
    );
    assert_eq!(
        &request.body[..],
        b"b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
    );
    assert!(signed.signing.canonical_request.is_some());
}

#[test]
fn wrong_signature_and_tampering_change_what_is_sent_and_say_so() {
    let signer = Signer::aws_example();
    let e = endpoint("https://s3.amazonaws.com");
    let right = sign(get("/test.txt", "h"), &e, &signer, &SignMode::Header).unwrap();
    let wrong = sign(
        get("/test.txt", "h"),
        &e,
        &signer,
        &SignMode::WrongSignature,
    )
    .unwrap();
    let (r, w) = (
        right.signing.signature.unwrap(),
        wrong.signing.signature.clone().unwrap(),
    );
    assert_ne!(r, w);
    assert_eq!(w.len(), 64);
    assert!(
        wrong
            .request
            .header("authorization")
            .unwrap()
            .ends_with(&format!("Signature={w}"))
    );
    assert_eq!(wrong.signing.tampered, ["signature"]);

    let mut presigned = sign(
        get("/test.txt", "h"),
        &e,
        &signer,
        &SignMode::Presigned { expires: 60 },
    )
    .unwrap();
    presigned.tamper(Tamper::Query {
        name: "X-Amz-Expires".into(),
        value: Some("61".into()),
    });
    presigned.tamper(Tamper::Path("/other.txt".into()));
    assert_eq!(presigned.request.query_value("X-Amz-Expires"), Some("61"));
    assert_eq!(presigned.request.path, "/other.txt");
    assert_eq!(presigned.signing.tampered.len(), 2);
}

#[test]
fn anonymous_adds_nothing_and_session_tokens_are_signed() {
    let e = endpoint("http://127.0.0.1:9000");
    let anonymous = sign(
        get("/b/k", "h"),
        &e,
        &Signer::aws_example(),
        &SignMode::Anonymous,
    )
    .unwrap();
    assert!(anonymous.request.headers.is_empty());
    assert!(anonymous.request.query.is_empty());

    let mut signer = Signer::aws_example();
    signer.credentials.session_token = Some("token".into());
    let signed = sign(get("/b/k", "h"), &e, &signer, &SignMode::Header).unwrap();
    assert_eq!(signed.request.header("x-amz-security-token"), Some("token"));
    assert!(
        signed
            .signing
            .signed_headers
            .contains(&"x-amz-security-token".to_owned())
    );
    assert!(signed.signing.canonical_request.is_some());
}

/// A streamed payload signs and encodes as the same bytes in memory do: the same headers, the
/// same chunk signatures, the same body on the wire.
#[test]
fn a_streamed_payload_signs_as_the_same_bytes_in_memory() {
    use crate::wire::body::generate;
    use crate::wire::chunked::ChecksumAlgorithm;
    let len = 150 * 1024 + 3;
    let put = |body: Body| Request {
        method: "PUT".into(),
        path: "/b/k".into(),
        body,
        ..Request::default()
    };
    let trailer = Chunking {
        trailer: Some(ChecksumAlgorithm::Crc64Nvme),
        ..Chunking::default()
    };
    for mode in [
        SignMode::Streaming(Chunking::default()),
        SignMode::Streaming(trailer),
        SignMode::StreamingUnsignedTrailer(trailer),
    ] {
        let sign = |body| {
            sign(
                put(body),
                &endpoint("http://127.0.0.1:9000"),
                &Signer::aws_example(),
                &mode,
            )
            .unwrap()
        };
        let whole = sign(Body::from(generate(len, 3)));
        let streamed = sign(Body::generated(len as u64, 3));
        assert!(matches!(streamed.request.body, Body::Stream(_)), "{mode:?}");
        assert_eq!(streamed.request.headers, whole.request.headers, "{mode:?}");
        assert_eq!(streamed.signing, whole.signing, "{mode:?}");
        let mut sent = Vec::new();
        for piece in streamed.request.body.chunks() {
            sent.extend_from_slice(&piece.unwrap());
        }
        assert!(sent[..] == whole.request.body[..], "{mode:?}");
    }
}
