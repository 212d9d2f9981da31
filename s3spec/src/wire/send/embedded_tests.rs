//! Signing modes end to end, against the embedded S3 server (s3s), which checks signatures.

use std::time::{Duration, SystemTime};

use bytes::Bytes;

use crate::target::EmbeddedServer;
use crate::wire::chunked::{ChecksumAlgorithm, Chunking};
use crate::wire::exchange::Exchange;
use crate::wire::post::{PostObject, post_object};
use crate::wire::request::{Endpoint, Request};
use crate::wire::send::{SendOptions, send_signed};
use crate::wire::sign::{Credentials, SignMode, Signer, Tamper, sign};

pub(super) struct Env {
    _server: EmbeddedServer,
    pub(super) endpoint: String,
    pub(super) signer: Signer,
}

impl Env {
    pub(super) async fn new(bucket: &str) -> Env {
        let server = EmbeddedServer::start().unwrap();
        let target = server.target();
        let env = Env {
            endpoint: target.endpoint.clone(),
            signer: Signer::for_target(&target),
            _server: server,
        };
        let created = env
            .send(
                request("PUT", &format!("/{bucket}"), b""),
                &SignMode::Header,
            )
            .await;
        assert_eq!(
            created.received.status,
            200,
            "{}",
            text(&created.received.body)
        );
        env
    }

    pub(super) fn parsed(&self) -> Endpoint {
        Endpoint::parse(&self.endpoint).unwrap()
    }

    pub(super) async fn send(&self, request: Request, mode: &SignMode) -> Exchange {
        self.send_as(request, mode, &self.signer).await
    }

    async fn send_as(&self, request: Request, mode: &SignMode, signer: &Signer) -> Exchange {
        let signed = sign(request, &self.parsed(), signer, mode).unwrap();
        send_signed(&self.endpoint, &signed, &SendOptions::default())
            .await
            .unwrap()
    }

    pub(super) async fn get(&self, path: &str) -> Exchange {
        self.send(request("GET", path, b""), &SignMode::Header)
            .await
    }
}

fn request(method: &str, path: &str, body: &[u8]) -> Request {
    Request {
        method: method.into(),
        path: path.into(),
        body: Bytes::copy_from_slice(body).into(),
        ..Request::default()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// 150 KiB that differ from byte to byte: three 64 KiB chunks, the last one short.
fn payload() -> Vec<u8> {
    (0..150 * 1024u32).map(|i| (i * 31 % 251) as u8).collect()
}

#[tokio::test]
async fn header_signed_put_and_get_round_trip() {
    let env = Env::new("wire-header").await;
    let put = env
        .send(
            request("PUT", "/wire-header/k", b"hello"),
            &SignMode::Header,
        )
        .await;
    assert_eq!(put.received.status, 200, "{}", text(&put.received.body));
    let signing = put.sent.signing.as_ref().unwrap();
    assert!(signing.canonical_request.is_some());
    assert!(
        signing
            .signed_headers
            .contains(&"x-amz-content-sha256".to_owned())
    );
    let got = env.get("/wire-header/k").await;
    assert_eq!(got.received.status, 200);
    assert_eq!(&got.received.body[..], b"hello");
}

#[tokio::test]
async fn unsigned_payload_put() {
    let env = Env::new("wire-unsigned").await;
    let put = env
        .send(
            request("PUT", "/wire-unsigned/k", b"unsigned"),
            &SignMode::UnsignedPayload,
        )
        .await;
    assert_eq!(put.received.status, 200, "{}", text(&put.received.body));
    assert_eq!(
        put.sent.header("x-amz-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    assert_eq!(
        &env.get("/wire-unsigned/k").await.received.body[..],
        b"unsigned"
    );
}

#[tokio::test]
async fn aws_chunked_puts_read_back_byte_exact() {
    let env = Env::new("wire-chunked").await;
    let crc32 = Chunking {
        trailer: Some(ChecksumAlgorithm::Crc32),
        ..Chunking::default()
    };
    let modes = [
        ("signed", SignMode::Streaming(Chunking::default())),
        ("signed-trailer", SignMode::Streaming(crc32)),
        (
            "unsigned-trailer",
            SignMode::StreamingUnsignedTrailer(crc32),
        ),
    ];
    let body = payload();
    for (name, mode) in modes {
        let path = format!("/wire-chunked/{name}");
        let put = env.send(request("PUT", &path, &body), &mode).await;
        assert_eq!(
            put.received.status,
            200,
            "{name}: {}",
            text(&put.received.body)
        );
        assert_eq!(put.sent.header("content-encoding"), Some("aws-chunked"));
        let got = env.get(&path).await;
        assert_eq!(got.received.status, 200, "{name}");
        assert!(
            got.received.body[..] == body[..],
            "{name}: the object differs from what was sent"
        );
    }
}

#[tokio::test]
async fn a_wrong_trailer_checksum_is_rejected() {
    let env = Env::new("wire-bad-trailer").await;
    let chunking = Chunking {
        trailer: Some(ChecksumAlgorithm::Crc32),
        ..Chunking::default()
    };
    let signed = sign(
        request("PUT", "/wire-bad-trailer/k", b"hello"),
        &env.parsed(),
        &env.signer,
        &SignMode::StreamingUnsignedTrailer(chunking),
    )
    .unwrap();
    let mut signed = signed;
    let good = ChecksumAlgorithm::Crc32.compute(b"hello");
    let bad = ChecksumAlgorithm::Crc32.compute(b"jello");
    let body = text(&signed.request.body).replace(&good, &bad);
    signed.request.body = Bytes::from(body).into();
    let put = send_signed(&env.endpoint, &signed, &SendOptions::default())
        .await
        .unwrap();
    assert_eq!(put.received.status, 400, "{}", text(&put.received.body));
}

#[tokio::test]
async fn presigned_get_valid_expired_and_tampered() {
    let env = Env::new("wire-presign").await;
    env.send(
        request("PUT", "/wire-presign/k", b"shared"),
        &SignMode::Header,
    )
    .await;
    let presign = |signer: &Signer| {
        sign(
            request("GET", "/wire-presign/k", b""),
            &env.parsed(),
            signer,
            &SignMode::Presigned { expires: 60 },
        )
        .unwrap()
    };
    let options = SendOptions::default();

    let valid = send_signed(&env.endpoint, &presign(&env.signer), &options)
        .await
        .unwrap();
    assert_eq!(valid.received.status, 200, "{}", text(&valid.received.body));
    assert_eq!(&valid.received.body[..], b"shared");
    assert!(valid.sent.target.contains("X-Amz-Signature="));

    let past = env
        .signer
        .clone()
        .at(SystemTime::now() - Duration::from_secs(3600));
    let expired = send_signed(&env.endpoint, &presign(&past), &options)
        .await
        .unwrap();
    assert_eq!(
        expired.received.status,
        403,
        "{}",
        text(&expired.received.body)
    );

    for tamper in [
        Tamper::Query {
            name: "X-Amz-Expires".into(),
            value: Some("3600".into()),
        },
        Tamper::Path("/wire-presign/other".into()),
        Tamper::Signature,
    ] {
        let mut signed = presign(&env.signer);
        signed.tamper(tamper.clone());
        let got = send_signed(&env.endpoint, &signed, &options).await.unwrap();
        assert_eq!(
            got.received.status,
            403,
            "{tamper:?}: {}",
            text(&got.received.body)
        );
    }
}

#[tokio::test]
async fn anonymous_wrong_signature_and_wrong_secret_are_refused() {
    let env = Env::new("wire-denied").await;
    env.send(
        request("PUT", "/wire-denied/k", b"private"),
        &SignMode::Header,
    )
    .await;

    let anonymous = env
        .send(request("GET", "/wire-denied/k", b""), &SignMode::Anonymous)
        .await;
    assert_eq!(
        anonymous.received.status,
        403,
        "{}",
        text(&anonymous.received.body)
    );
    assert_eq!(anonymous.sent.header("authorization"), None);

    let wrong = env
        .send(
            request("GET", "/wire-denied/k", b""),
            &SignMode::WrongSignature,
        )
        .await;
    assert_eq!(wrong.received.status, 403);
    assert!(
        text(&wrong.received.body).contains("<Code>SignatureDoesNotMatch</Code>"),
        "{}",
        text(&wrong.received.body)
    );

    let other = Signer::new(
        Credentials {
            secret_key: "not the secret".into(),
            ..env.signer.credentials.clone()
        },
        env.signer.region.clone(),
    );
    let wrong_secret = env
        .send_as(
            request("GET", "/wire-denied/k", b""),
            &SignMode::Header,
            &other,
        )
        .await;
    assert_eq!(wrong_secret.received.status, 403);
    assert!(text(&wrong_secret.received.body).contains("SignatureDoesNotMatch"));
}

#[tokio::test]
async fn post_form_upload_creates_the_object() {
    let env = Env::new("wire-post").await;
    let mut form = PostObject::new("wire-post", "from-form.txt", Bytes::from_static(b"posted"));
    form.fields
        .push(("Content-Type".into(), "text/plain".into()));
    let signed = post_object(&form, &env.parsed(), &env.signer).unwrap();
    let posted = send_signed(&env.endpoint, &signed, &SendOptions::default())
        .await
        .unwrap();
    assert!(
        matches!(posted.received.status, 200 | 204),
        "{} {}",
        posted.received.status,
        text(&posted.received.body)
    );
    let got = env.get("/wire-post/from-form.txt").await;
    assert_eq!(got.received.status, 200);
    assert_eq!(&got.received.body[..], b"posted");

    let mut unsigned = form.clone();
    unsigned.key = "no-signature.txt".into();
    unsigned.omit.push("x-amz-signature".into());
    let signed = post_object(&unsigned, &env.parsed(), &env.signer).unwrap();
    let refused = send_signed(&env.endpoint, &signed, &SendOptions::default())
        .await
        .unwrap();
    assert!(
        refused.received.status >= 400,
        "{}",
        text(&refused.received.body)
    );
}

/// What connection reuse saves per step: 200 small sequential GETs on fresh connections, then
/// on one kept-alive connection. `--nocapture` shows the medians.
#[tokio::test]
async fn sequential_gets_on_fresh_and_pooled_connections() {
    let env = Env::new("wire-reuse").await;
    let put = env
        .send(request("PUT", "/wire-reuse/k", b"small"), &SignMode::Header)
        .await;
    assert_eq!(put.received.status, 200, "{}", text(&put.received.body));
    for reuse in [false, true] {
        let options = SendOptions {
            reuse_connections: reuse,
            ..SendOptions::default()
        };
        let mut times = Vec::with_capacity(200);
        for _ in 0..200 {
            let get = request("GET", "/wire-reuse/k", b"");
            let signed = sign(get, &env.parsed(), &env.signer, &SignMode::Header).unwrap();
            let started = std::time::Instant::now();
            let got = send_signed(&env.endpoint, &signed, &options).await.unwrap();
            times.push(started.elapsed());
            assert_eq!(&got.received.body[..], b"small");
            assert_eq!(got.reused_connection, reuse);
        }
        times.sort();
        let label = if reuse { "pooled" } else { "fresh" };
        println!(
            "{label}: median {:?}, p90 {:?} over {} GETs",
            times[times.len() / 2],
            times[times.len() * 9 / 10],
            times.len()
        );
    }
}
