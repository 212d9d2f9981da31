//! Requests written to the socket by hand: no Content-Length, `Transfer-Encoding: chunked`,
//! `Expect: 100-continue`, verbatim bytes, and whatever hyper refuses to send.

use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;

use super::hyper_path::{body_error, wants_content_length};
use super::{Framing, Progress, SendErrorKind, Stage, sent, set_stage};
use crate::wire::body::Body;
use crate::wire::chunked::encode_transfer_chunked;
use crate::wire::chunked_stream;
use crate::wire::exchange::{Continue, Exchange, Received, Sent};
use crate::wire::raw::{self, Conn, Head};
use crate::wire::request::Request;

pub(super) async fn send<S>(
    stream: S,
    request: &Request,
    host: &str,
    options: &super::SendOptions,
    progress: &Mutex<Progress>,
) -> Result<Exchange, SendErrorKind>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    set_stage(progress, Stage::Writing);
    let mut conn = Conn::new(stream, options.body_cap, progress);
    let mut record = sent(request, host, &options.framing);
    let mut method = request.method.clone();
    let mut continued = None;
    let head = match &options.framing {
        Framing::Verbatim(bytes) => {
            method = record_verbatim(&mut record, bytes);
            write_then_read(&mut conn, bytes, &Body::default(), progress).await?
        }
        Framing::Expect100 { wait } => {
            let (head, outcome) =
                expect_continue(&mut conn, request, host, *wait, &mut record, progress).await?;
            continued = Some(outcome);
            head
        }
        framing => {
            let (extra, body) = frame(framing, request);
            let head = write_head(request, host, &extra, &mut record);
            body.prepare().await.map_err(body_error)?;
            record.set_summary(&body.summary().map_err(body_error)?);
            write_then_read(&mut conn, &head, &body, progress).await?
        }
    };
    let body = conn.read_body(&head, &method).await?;
    Ok(Exchange {
        sent: record,
        received: Received {
            status: head.status,
            reason: Some(head.reason),
            headers: head.headers,
            body,
            continued,
        },
        elapsed: Duration::ZERO,
        reused_connection: false,
    })
}

/// Headers a framing adds, unless the request sets them itself.
type FramingHeaders = Vec<(&'static str, String)>;

/// The framing headers to add and the body as written.
fn frame(framing: &Framing, request: &Request) -> (FramingHeaders, Body) {
    match framing {
        Framing::Chunked { chunk_size } => {
            let body = match &request.body {
                Body::Bytes(bytes) => Body::Bytes(encode_transfer_chunked(bytes, *chunk_size)),
                stream => chunked_stream::transfer_chunked(stream.clone(), *chunk_size),
            };
            (vec![("Transfer-Encoding", "chunked".to_owned())], body)
        }
        Framing::ContentLength if wants_content_length(request) => (
            vec![("Content-Length", request.body.len().to_string())],
            request.body.clone(),
        ),
        _ => (Vec::new(), request.body.clone()),
    }
}

/// The request line and headers as bytes: Host first unless the request has its own, then the
/// request's headers as given, then `extra` framing headers the request does not set itself.
fn write_head(
    request: &Request,
    host: &str,
    extra: &[(&str, String)],
    record: &mut Sent,
) -> Vec<u8> {
    let mut headers = Vec::new();
    if request.header("host").is_none() {
        headers.push(("Host".to_owned(), host.to_owned()));
    }
    headers.extend(request.headers.iter().cloned());
    for (name, value) in extra {
        if request.header(name).is_none() {
            headers.push(((*name).to_owned(), value.clone()));
        }
    }
    let mut out = format!("{} {} HTTP/1.1\r\n", request.method, request.target());
    for (name, value) in &headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    record.headers = headers;
    out.into_bytes()
}

/// Writes the whole request, then reads the final response head. A server may answer and
/// close before taking the whole body: its answer is still read.
async fn write_then_read<S>(
    conn: &mut Conn<'_, S>,
    head: &[u8],
    body: &Body,
    progress: &Mutex<Progress>,
) -> Result<Head, SendErrorKind>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let written = match conn.write(head).await {
        Ok(()) => write_body(conn, body).await,
        Err(e) => Err(e),
    };
    if let Err(e) = written {
        let disconnected = matches!(&e, SendErrorKind::Write(io) if raw::is_disconnect(io));
        if !disconnected {
            return Err(e);
        }
        set_stage(progress, Stage::WaitingForHead);
        return conn.read_final_head().await.map_err(|_| e);
    }
    set_stage(progress, Stage::WaitingForHead);
    conn.read_final_head().await
}

/// Sends the head with `Expect: 100-continue`, and the body only after `100 Continue` or
/// after `wait` without an answer.
async fn expect_continue<S>(
    conn: &mut Conn<'_, S>,
    request: &Request,
    host: &str,
    wait: Duration,
    record: &mut Sent,
    progress: &Mutex<Progress>,
) -> Result<(Head, Continue), SendErrorKind>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let extra = [
        ("Content-Length", request.body.len().to_string()),
        ("Expect", "100-continue".to_owned()),
    ];
    let head_bytes = write_head(request, host, &extra, record);
    conn.write(&head_bytes).await?;
    set_stage(progress, Stage::WaitingForContinue);
    let answer = tokio::time::timeout(wait, conn.read_head()).await;
    let outcome = match answer {
        Ok(Ok(head)) if head.status == 100 => Continue::Received,
        Ok(Ok(head)) if head.status >= 200 => return Ok((head, Continue::FinalResponse)),
        // Another 1xx: not a go-ahead; send the body as after a silent wait.
        Ok(Ok(_)) | Err(_) => Continue::TimedOut,
        Ok(Err(e)) => return Err(e),
    };
    request.body.prepare().await.map_err(body_error)?;
    record.set_summary(&request.body.summary().map_err(body_error)?);
    set_stage(progress, Stage::Writing);
    write_body(conn, &request.body).await?;
    set_stage(progress, Stage::WaitingForHead);
    Ok((conn.read_final_head().await?, outcome))
}

/// Writes a body a piece at a time.
async fn write_body<S>(conn: &mut Conn<'_, S>, body: &Body) -> Result<(), SendErrorKind>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    if let Some(bytes) = body.as_bytes() {
        return conn.write(bytes).await;
    }
    for piece in body.chunks() {
        conn.write(&piece.map_err(body_error)?).await?;
    }
    Ok(())
}

/// Fills the record from verbatim bytes; gives the method (to know whether a body follows).
fn record_verbatim(record: &mut Sent, bytes: &Bytes) -> String {
    record.verbatim = Some(bytes.clone());
    if let Some((method, target, headers)) = raw::parse_request_head(bytes) {
        record.method = method;
        record.target = target;
        record.host = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        record.headers = headers;
    }
    let body_at = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(bytes.len(), |at| at + 4);
    record.set_body(&bytes[body_at..]);
    record.method.clone()
}
