//! Streamed bodies sent with framings that encode them: aws-chunked (signed and unsigned, with
//! each trailer) and a POST form's file against the embedded server, which checks chunk
//! signatures and trailers, and `Transfer-Encoding: chunked` on the wire.

use super::embedded_tests::Env;
use super::*;
use crate::wire::body::{Body, Summary, generate};
use crate::wire::chunked::{ChecksumAlgorithm, Chunking, encode_transfer_chunked};
use crate::wire::post::{PostObject, post_object};
use crate::wire::sign::SignMode;

/// Three 64 KiB pieces and a short one.
const LEN: usize = 3 * 64 * 1024 + 11;

fn put_generated(path: &str) -> Request {
    Request {
        method: "PUT".into(),
        path: path.into(),
        body: Body::generated(LEN as u64, 9),
        ..Request::default()
    }
}

fn modes() -> Vec<SignMode> {
    let with = |chunk_size, trailer| Chunking {
        chunk_size,
        trailer: Some(trailer),
    };
    let mut modes = vec![
        SignMode::Streaming(Chunking::default()),
        SignMode::Streaming(Chunking {
            chunk_size: 10_000,
            trailer: None,
        }),
    ];
    for a in ChecksumAlgorithm::ALL {
        modes.push(SignMode::Streaming(with(64 * 1024, a)));
        modes.push(SignMode::StreamingUnsignedTrailer(with(10_000, a)));
    }
    modes
}

#[tokio::test]
async fn streamed_aws_chunked_puts_read_back_whole() {
    let env = Env::new("wire-stream").await;
    let expected = Summary::of(&generate(LEN, 9));
    for (i, mode) in modes().iter().enumerate() {
        let path = format!("/wire-stream/{i}");
        let put = env.send(put_generated(&path), mode).await;
        let at = format!("{mode:?}");
        assert_eq!(
            put.received.status,
            200,
            "{at}: {}",
            text(&put.received.body)
        );
        let length = put.sent.body_length.to_string();
        assert_eq!(put.sent.header("content-length"), Some(length.as_str()));
        assert_eq!(
            put.sent.header("x-amz-decoded-content-length"),
            Some(LEN.to_string().as_str())
        );
        let signatures = put
            .sent
            .signing
            .as_ref()
            .and_then(|s| s.chunk_signatures.as_ref());
        if let SignMode::Streaming(c) = mode {
            let signatures = signatures.map(|s| (s.chunks.len(), s.trailer.is_some()));
            let chunks = LEN.div_ceil(c.chunk_size) + 1;
            assert_eq!(signatures, Some((chunks, c.trailer.is_some())), "{at}");
        }
        let got = env.get(&path).await;
        assert_eq!(got.received.status, 200, "{at}");
        assert_eq!(got.received.body.len(), LEN as u64, "{at}");
        assert_eq!(
            got.received.body.sha256_hex(),
            expected.sha256_hex(),
            "{at}"
        );
    }
}

#[tokio::test]
async fn a_streamed_body_goes_out_transfer_chunked() {
    let (listener, endpoint) = listen().await;
    let server = serve_once(
        listener,
        |b| b.ends_with(b"\r\n0\r\n\r\n"),
        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    );
    let framing = Framing::Chunked { chunk_size: 10_000 };
    let exchange = send(&endpoint, &put_generated("/b/k"), &options(framing))
        .await
        .unwrap();
    let wire = server.await.unwrap();
    let body = encode_transfer_chunked(&generate(LEN, 9), 10_000);
    assert!(wire.ends_with(&body), "{}", text(&wire[..200]));
    assert_eq!(exchange.sent.body_length, body.len() as u64);
    assert_eq!(exchange.sent.body_sha256, Summary::of(&body).sha256_hex());
    assert_eq!(exchange.received.status, 200);
}

#[tokio::test]
async fn a_post_form_sends_a_streamed_file() {
    let env = Env::new("wire-post-stream").await;
    let file = Body::generated(LEN as u64, 4);
    let form = PostObject::new("wire-post-stream", "streamed.bin", file.clone());
    // One signing time for both, so that both forms have the same boundary.
    let signer = env.signer.clone().at(std::time::SystemTime::now());
    let streamed = post_object(&form, &env.parsed(), &signer).unwrap();
    let in_memory = PostObject::new("wire-post-stream", "streamed.bin", generate(LEN, 4));
    let whole = post_object(&in_memory, &env.parsed(), &signer).unwrap();
    assert_eq!(streamed.request.headers, whole.request.headers);
    assert_eq!(
        streamed.request.body.summary().unwrap(),
        whole.request.body.summary().unwrap()
    );
    let posted = send_signed(&env.endpoint, &streamed, &SendOptions::default())
        .await
        .unwrap();
    assert!(
        matches!(posted.received.status, 200 | 204),
        "{} {}",
        posted.received.status,
        text(&posted.received.body)
    );
    let got = env.get("/wire-post-stream/streamed.bin").await;
    assert_eq!(got.received.body.len(), LEN as u64);
    assert_eq!(
        got.received.body.sha256_hex(),
        file.summary().unwrap().sha256_hex()
    );
}
