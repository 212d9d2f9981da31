//! Connection reuse on the hyper path: what is reused, what is not, and what is never retried.

use std::time::Duration;

use bytes::Bytes;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

use super::test_server::echo;
use super::{ends_head, read_until};
use crate::wire::request::Request;
use crate::wire::send::{Framing, SendOptions, TlsOptions, send};

fn get() -> Request {
    Request {
        method: "GET".into(),
        path: "/b/k".into(),
        ..Request::default()
    }
}

fn options(framing: Framing) -> SendOptions {
    SendOptions {
        framing,
        deadline: Duration::from_secs(5),
        tls: TlsOptions {
            ca_bundle: None,
            insecure_skip_verify: true,
        },
        ..SendOptions::default()
    }
}

#[tokio::test]
async fn sequential_requests_reuse_one_connection_over_http_and_https() {
    for tls in [false, true] {
        let server = echo(tls).await;
        let mut reused = Vec::new();
        for _ in 0..3 {
            let exchange = send(&server.endpoint, &get(), &options(Framing::ContentLength))
                .await
                .unwrap();
            assert_eq!(&exchange.received.body[..], b"GET /b/k 0");
            reused.push(exchange.reused_connection);
        }
        assert_eq!(reused, [false, true, true], "tls: {tls}");
        assert_eq!(server.accepted(), 1, "tls: {tls}");
    }
}

#[tokio::test]
async fn without_reuse_every_request_gets_its_own_connection() {
    let server = echo(false).await;
    let options = SendOptions {
        reuse_connections: false,
        ..options(Framing::ContentLength)
    };
    for _ in 0..2 {
        let exchange = send(&server.endpoint, &get(), &options).await.unwrap();
        assert!(!exchange.reused_connection);
    }
    assert_eq!(server.accepted(), 2);
}

#[tokio::test]
async fn raw_framings_get_a_fresh_connection_and_leave_the_pool_alone() {
    let server = echo(false).await;
    let first = send(&server.endpoint, &get(), &options(Framing::ContentLength))
        .await
        .unwrap();
    let put = Request {
        method: "PUT".into(),
        body: Bytes::from_static(b"hello").into(),
        ..get()
    };
    let chunked = send(
        &server.endpoint,
        &put,
        &options(Framing::Chunked { chunk_size: 2 }),
    )
    .await
    .unwrap();
    assert_eq!(&chunked.received.body[..], b"PUT /b/k 5");
    let again = send(&server.endpoint, &get(), &options(Framing::ContentLength))
        .await
        .unwrap();
    assert_eq!(
        [
            first.reused_connection,
            chunked.reused_connection,
            again.reused_connection
        ],
        [false, false, true]
    );
    assert_eq!(server.accepted(), 2);
}

/// A keep-alive server that answers each connection's first request, then does what `then`
/// says with the connection.
async fn answer_once_then(then: Then) -> (String, tokio::task::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let mut accepted = 0;
        while let Ok(Ok((mut socket, _))) =
            tokio::time::timeout(Duration::from_secs(1), listener.accept()).await
        {
            accepted += 1;
            read_until(&mut socket, ends_head).await;
            let answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
            socket.write_all(answer).await.unwrap();
            match then {
                Then::CloseWhileIdle => drop(socket),
                Then::CloseAfterTheNextRequest => {
                    read_until(&mut socket, ends_head).await;
                    drop(socket);
                }
            }
            if accepted == 2 {
                break;
            }
        }
        accepted
    });
    (endpoint, server)
}

#[derive(Debug, Clone, Copy)]
enum Then {
    CloseWhileIdle,
    CloseAfterTheNextRequest,
}

#[tokio::test]
async fn a_pooled_connection_the_server_closed_is_not_a_failure() {
    let (endpoint, server) = answer_once_then(Then::CloseWhileIdle).await;
    let first = send(&endpoint, &get(), &options(Framing::ContentLength))
        .await
        .unwrap();
    // Long enough for the close to arrive; sending into the close is the case below.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let second = send(&endpoint, &get(), &options(Framing::ContentLength))
        .await
        .unwrap();
    assert_eq!(second.received.status, 200);
    assert!(!first.reused_connection && !second.reused_connection);
    assert_eq!(server.await.unwrap(), 2);
}

#[tokio::test]
async fn a_failure_after_the_request_was_written_is_not_retried() {
    let (endpoint, server) = answer_once_then(Then::CloseAfterTheNextRequest).await;
    let first = send(&endpoint, &get(), &options(Framing::ContentLength))
        .await
        .unwrap();
    assert_eq!(first.received.status, 200);
    let err = send(&endpoint, &get(), &options(Framing::ContentLength))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("connection closed before message completed"),
        "{err}"
    );
    // The server saw one connection only: the failed request was not sent again.
    assert_eq!(server.await.unwrap(), 1);
}
