//! HTTPS on both paths against a local TLS server with a certificate from a test CA.

use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::net::TcpListener;

use super::test_server::{echo, testdata};
use crate::wire::request::Request;
use crate::wire::send::{Framing, SendErrorKind, SendOptions, TlsOptions, send};

fn request(method: &str, body: &'static [u8]) -> Request {
    Request {
        method: method.into(),
        path: "/b/k".into(),
        body: Bytes::from_static(body).into(),
        ..Request::default()
    }
}

fn with_bundle() -> TlsOptions {
    TlsOptions {
        ca_bundle: Some(testdata("ca.pem")),
        insecure_skip_verify: false,
    }
}

fn insecure() -> TlsOptions {
    TlsOptions {
        ca_bundle: None,
        insecure_skip_verify: true,
    }
}

fn options(tls: TlsOptions, framing: Framing) -> SendOptions {
    SendOptions {
        tls,
        framing,
        deadline: Duration::from_secs(5),
        ..SendOptions::default()
    }
}

/// Both paths: hyper (Content-Length) and the raw socket (chunked, and no framing).
fn framings() -> [(Framing, &'static str, &'static [u8], &'static str); 4] {
    [
        (Framing::ContentLength, "GET", b"", "GET /b/k 0"),
        (Framing::ContentLength, "PUT", b"hello", "PUT /b/k 5"),
        (Framing::None, "GET", b"", "GET /b/k 0"),
        (
            Framing::Chunked { chunk_size: 2 },
            "PUT",
            b"hello",
            "PUT /b/k 5",
        ),
    ]
}

#[tokio::test]
async fn get_and_put_over_https_on_both_paths_with_the_ca_bundle_or_insecure() {
    let server = echo(true).await;
    for tls in [with_bundle(), insecure()] {
        for (framing, method, body, answer) in framings() {
            let what = format!("{tls:?} {}", framing.name());
            let exchange = send(
                &server.endpoint,
                &request(method, body),
                &options(tls.clone(), framing),
            )
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(exchange.received.status, 200, "{what}");
            assert_eq!(&exchange.received.body[..], answer.as_bytes(), "{what}");
        }
    }
    // 127.0.0.1 is an IP address: no SNI is sent, the certificate is checked against its IP.
    assert!(server.server_names().iter().all(Option::is_none));
}

#[tokio::test]
async fn sni_and_verification_use_the_virtual_host_name() {
    let server = echo(true).await;
    for framing in [Framing::ContentLength, Framing::None] {
        let request = Request {
            host: Some(format!("localhost:{}", server.port)),
            ..request("GET", b"")
        };
        let exchange = send(&server.endpoint, &request, &options(with_bundle(), framing))
            .await
            .unwrap();
        assert_eq!(exchange.received.status, 200);
        assert_eq!(exchange.sent.host, format!("localhost:{}", server.port));
    }
    assert_eq!(server.server_names(), vec![Some("localhost".to_owned()); 2]);
}

#[tokio::test]
async fn an_untrusted_certificate_fails_clearly_on_both_paths() {
    let server = echo(true).await;
    for framing in [Framing::ContentLength, Framing::None] {
        let err = send(
            &server.endpoint,
            &request("GET", b""),
            &options(TlsOptions::default(), framing),
        )
        .await
        .unwrap_err();
        assert!(matches!(err.kind, SendErrorKind::Tls { .. }), "{err}");
        let message = err.to_string();
        assert!(
            message.contains("the TLS handshake with 127.0.0.1 failed")
                && message.contains("invalid peer certificate")
                && message.contains("UnknownIssuer")
                && message.contains("give its CA as the CA bundle"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn a_name_the_certificate_does_not_cover_fails_verification() {
    let server = echo(true).await;
    let request = Request {
        host: Some(format!("bucket.elsewhere.example:{}", server.port)),
        ..request("GET", b"")
    };
    let err = send(
        &server.endpoint,
        &request,
        &options(with_bundle(), Framing::ContentLength),
    )
    .await
    .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("handshake with bucket.elsewhere.example failed")
            && message.contains("not valid for name")
            && !message.contains("CA bundle"),
        "{message}"
    );
}

#[tokio::test]
async fn the_deadline_covers_a_tls_server_that_never_answers() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("https://{}", listener.local_addr().unwrap());
    let _server = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    for framing in [Framing::ContentLength, Framing::None] {
        let options = SendOptions {
            deadline: Duration::from_millis(300),
            ..options(insecure(), framing)
        };
        let started = Instant::now();
        let err = send(&endpoint, &request("GET", b""), &options)
            .await
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2));
        let message = err.to_string();
        assert!(
            message.contains("deadline of 300ms") && message.contains("still in the TLS handshake"),
            "{message}"
        );
    }
}
