//! Framings, deadlines and the body cap, against fake servers on loopback that show the bytes
//! on the wire. The S3 behaviour is tested against the embedded server in `embedded_tests`.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::*;
use crate::wire::exchange::Continue;

#[path = "embedded_tests.rs"]
mod embedded_tests;
#[path = "pool_tests.rs"]
mod pool_tests;
#[path = "stream_tests.rs"]
mod stream_tests;
#[path = "test_server.rs"]
mod test_server;
#[path = "tls_tests.rs"]
mod tls_tests;

async fn listen() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    (listener, endpoint)
}

/// Reads until `done` says the request is complete, or 2 s pass.
async fn read_until(socket: &mut TcpStream, done: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        while !done(&seen) {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    seen
}

fn ends_head(bytes: &[u8]) -> bool {
    bytes.windows(4).any(|w| w == b"\r\n\r\n")
}

/// A server that answers one connection: it reads until `done`, writes `response`, and hands
/// back what it read.
fn serve_once(
    listener: TcpListener,
    done: fn(&[u8]) -> bool,
    response: &'static [u8],
) -> tokio::task::JoinHandle<Vec<u8>> {
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let seen = read_until(&mut socket, done).await;
        socket.write_all(response).await.unwrap();
        let _ = socket.shutdown().await;
        seen
    })
}

fn put(body: &'static [u8]) -> Request {
    Request {
        method: "PUT".into(),
        path: "/b/k".into(),
        body: Bytes::from_static(body).into(),
        ..Request::default()
    }
}

fn options(framing: Framing) -> SendOptions {
    SendOptions {
        framing,
        deadline: Duration::from_secs(5),
        ..SendOptions::default()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn content_length_framing_goes_through_hyper_and_is_recorded() {
    let (listener, endpoint) = listen().await;
    let server = serve_once(
        listener,
        |b| b.ends_with(b"hello"),
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: 1\r\n\r\nok",
    );
    let exchange = send(&endpoint, &put(b"hello"), &options(Framing::ContentLength))
        .await
        .unwrap();
    let wire = text(&server.await.unwrap());
    assert!(wire.starts_with("PUT /b/k HTTP/1.1\r\n"), "{wire}");
    assert!(
        wire.to_ascii_lowercase().contains("content-length: 5\r\n"),
        "{wire}"
    );
    assert_eq!(exchange.sent.header("content-length"), Some("5"));
    assert_eq!(exchange.sent.host, endpoint.trim_start_matches("http://"));
    assert_eq!(exchange.received.status, 200);
    assert_eq!(exchange.received.header("x-a"), Some("1"));
    assert_eq!(&exchange.received.body[..], b"ok");
    assert_eq!(exchange.request_line(), "PUT /b/k");
}

#[tokio::test]
async fn no_framing_sends_neither_content_length_nor_transfer_encoding() {
    let (listener, endpoint) = listen().await;
    let server = serve_once(
        listener,
        |b| b.ends_with(b"hello"),
        b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
    );
    let exchange = send(&endpoint, &put(b"hello"), &options(Framing::None))
        .await
        .unwrap();
    let wire = text(&server.await.unwrap()).to_ascii_lowercase();
    assert!(
        !wire.contains("content-length") && !wire.contains("transfer-encoding"),
        "{wire}"
    );
    assert!(wire.ends_with("\r\n\r\nhello"), "{wire}");
    assert_eq!(exchange.sent.framing, "none");
    assert_eq!(exchange.sent.body_length, 5);
    assert_eq!(exchange.received.status, 400);
    assert_eq!(exchange.received.reason.as_deref(), Some("Bad Request"));
}

#[tokio::test]
async fn chunked_framing_and_a_chunked_response() {
    let (listener, endpoint) = listen().await;
    let server = serve_once(
        listener,
        |b| b.ends_with(b"0\r\n\r\n"),
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nx-t: 1\r\n\r\n",
    );
    let framing = Framing::Chunked { chunk_size: 5 };
    let exchange = send(&endpoint, &put(b"hello world"), &options(framing))
        .await
        .unwrap();
    let wire = text(&server.await.unwrap());
    assert!(
        wire.contains("\r\nTransfer-Encoding: chunked\r\n"),
        "{wire}"
    );
    assert!(
        wire.ends_with("\r\n\r\n5\r\nhello\r\n5\r\n worl\r\n1\r\nd\r\n0\r\n\r\n"),
        "{wire}"
    );
    assert!(!wire.to_ascii_lowercase().contains("content-length"));
    assert_eq!(&exchange.received.body[..], b"abcde");
}

#[tokio::test]
async fn expect_100_sends_the_body_after_100_continue() {
    let (listener, endpoint) = listen().await;
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let head = read_until(&mut socket, ends_head).await;
        socket
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .await
            .unwrap();
        let body = read_until(&mut socket, |b| b.len() >= 5).await;
        socket
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            .await
            .unwrap();
        (head, body)
    });
    let framing = Framing::Expect100 {
        wait: Duration::from_secs(1),
    };
    let exchange = send(&endpoint, &put(b"hello"), &options(framing))
        .await
        .unwrap();
    let (head, body) = server.await.unwrap();
    let head = text(&head);
    assert!(
        head.contains("\r\nExpect: 100-continue\r\n") && head.contains("\r\nContent-Length: 5\r\n"),
        "{head}"
    );
    assert!(
        head.ends_with("\r\n\r\n"),
        "the body came before 100 Continue: {head}"
    );
    assert_eq!(&body[..], b"hello");
    assert_eq!(exchange.received.continued, Some(Continue::Received));
    assert_eq!(exchange.received.status, 200);
}

#[tokio::test]
async fn expect_100_sends_no_body_after_a_final_answer() {
    let (listener, endpoint) = listen().await;
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let head = read_until(&mut socket, ends_head).await;
        socket
            .write_all(b"HTTP/1.1 417 Expectation Failed\r\nContent-Length: 4\r\n\r\nnope")
            .await
            .unwrap();
        let mut more = [0u8; 16];
        let late = tokio::time::timeout(Duration::from_millis(300), socket.read(&mut more)).await;
        (head, late.map_or(0, |r| r.unwrap_or(0)))
    });
    let framing = Framing::Expect100 {
        wait: Duration::from_secs(1),
    };
    let exchange = send(&endpoint, &put(b"hello"), &options(framing))
        .await
        .unwrap();
    let (head, late) = server.await.unwrap();
    assert!(text(&head).ends_with("\r\n\r\n"));
    assert_eq!(late, 0, "the body was sent after a final response");
    assert_eq!(exchange.received.status, 417);
    assert_eq!(&exchange.received.body[..], b"nope");
    assert_eq!(exchange.received.continued, Some(Continue::FinalResponse));
    assert_eq!(exchange.sent.body_length, 0);
}

#[tokio::test]
async fn expect_100_sends_the_body_after_the_wait_when_the_server_is_silent() {
    let (listener, endpoint) = listen().await;
    let server = serve_once(
        listener,
        |b| b.ends_with(b"hello"),
        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    );
    let framing = Framing::Expect100 {
        wait: Duration::from_millis(100),
    };
    let exchange = send(&endpoint, &put(b"hello"), &options(framing))
        .await
        .unwrap();
    assert!(text(&server.await.unwrap()).ends_with("\r\n\r\nhello"));
    assert_eq!(exchange.received.continued, Some(Continue::TimedOut));
}

#[tokio::test]
async fn verbatim_bytes_go_on_the_wire_unchanged() {
    let (listener, endpoint) = listen().await;
    let server = serve_once(listener, ends_head, b"HTTP/1.1 204 No Content\r\n\r\n");
    let bytes: &[u8] = b"GET /b?x HTTP/1.1\r\nHost: elsewhere\r\nX-Odd:   spaced  \r\n\r\n";
    let framing = Framing::Verbatim(Bytes::from_static(bytes));
    let exchange = send(&endpoint, &Request::default(), &options(framing))
        .await
        .unwrap();
    assert_eq!(server.await.unwrap(), bytes);
    assert_eq!(exchange.request_line(), "GET /b?x");
    assert_eq!(exchange.sent.host, "elsewhere");
    assert_eq!(exchange.sent.headers[1].0, "X-Odd");
    assert_eq!(exchange.sent.headers[1].1.trim(), "spaced");
    assert_eq!(exchange.received.status, 204);
}

#[tokio::test]
async fn head_responses_have_no_body_on_both_paths() {
    for framing in [Framing::ContentLength, Framing::None] {
        let (listener, endpoint) = listen().await;
        let _server = serve_once(
            listener,
            ends_head,
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
        );
        let request = Request {
            method: "HEAD".into(),
            path: "/b/k".into(),
            ..Request::default()
        };
        let exchange = send(&endpoint, &request, &options(framing)).await.unwrap();
        assert_eq!(exchange.received.header("content-length"), Some("5"));
        assert!(exchange.received.body.is_empty());
    }
}

fn deadline(framing: Framing, ms: u64) -> SendOptions {
    SendOptions {
        framing,
        deadline: Duration::from_millis(ms),
        ..SendOptions::default()
    }
}

#[tokio::test]
async fn the_deadline_covers_a_server_that_never_answers() {
    let (listener, endpoint) = listen().await;
    let _server = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(5)).await;
        drop(socket);
    });
    let started = std::time::Instant::now();
    let err = send(
        &endpoint,
        &put(b"x"),
        &deadline(Framing::ContentLength, 300),
    )
    .await
    .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        matches!(err.kind, SendErrorKind::Deadline { deadline, .. } if deadline == Duration::from_millis(300))
    );
    let message = err.to_string();
    assert!(
        message.contains("deadline of 300ms") && message.contains("no response head"),
        "{message}"
    );
}

#[tokio::test]
async fn the_deadline_covers_a_body_that_stops() {
    for framing in [Framing::ContentLength, Framing::None] {
        let (listener, endpoint) = listen().await;
        let _server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let _ = read_until(&mut socket, |b| b.ends_with(b"x")).await;
            socket
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_secs(5)).await;
        });
        let err = send(&endpoint, &put(b"x"), &deadline(framing, 300))
            .await
            .unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("deadline of 300ms") && message.contains("after 10 bytes"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn bodies_over_the_cap_fail_on_both_paths_even_endless_ones() {
    for framing in [Framing::ContentLength, Framing::None] {
        let (listener, endpoint) = listen().await;
        let _server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let _ = read_until(&mut socket, |b| b.ends_with(b"x")).await;
            // Close-delimited and endless: only the cap ends it.
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
                .await;
            let block = vec![b'z'; 64 * 1024];
            while socket.write_all(&block).await.is_ok() {}
        });
        let options = SendOptions {
            body_cap: 1 << 20,
            ..deadline(framing, 5000)
        };
        let err = send(&endpoint, &put(b"x"), &options).await.unwrap_err();
        assert!(
            matches!(err.kind, SendErrorKind::BodyTooLarge { cap: 1_048_576 }),
            "{err}"
        );
    }
    let (listener, endpoint) = listen().await;
    let _server = serve_once(
        listener,
        |b| b.ends_with(b"x"),
        b"HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n",
    );
    let options = SendOptions {
        body_cap: 100,
        framing: Framing::None,
        ..SendOptions::default()
    };
    let err = send(&endpoint, &put(b"x"), &options).await.unwrap_err();
    assert!(
        err.to_string().contains("longer than the cap of 100 bytes"),
        "{err}"
    );
}

#[tokio::test]
async fn unreachable_and_bad_endpoints_fail_clearly() {
    let err = send("https://127.0.0.1:1", &put(b""), &SendOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err.kind, SendErrorKind::Connect(_)), "{err}");
    let err = send("127.0.0.1:1", &put(b""), &SendOptions::default())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("must start with http://"), "{err}");
}
