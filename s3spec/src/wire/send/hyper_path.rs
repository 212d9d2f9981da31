//! Ordinary requests, over hyper's HTTP/1.1 client, on kept-alive connections from the pool
//! (or a fresh one per request when reuse is off).

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method};
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use tokio::runtime::Handle;

use super::pool::{self, Key};
use super::{Framing, Progress, SendErrorKind, SendOptions, Stage, sent, set_stage};
use crate::wire::body::{Body, BodyError, Chunks, KEPT_LEN, Summarizer};
use crate::wire::exchange::{Exchange, Received, Sent};
use crate::wire::request::Request;

/// Whether hyper can send `request` exactly as it is: a valid method, target and headers, and
/// no framing headers of its own that hyper would have to honour or fight.
pub(super) fn can_send(request: &Request) -> bool {
    let framing_ok = request.header("transfer-encoding").is_none()
        && request
            .header("content-length")
            .is_none_or(|len| len == request.body.len().to_string());
    framing_ok
        && Method::from_bytes(request.method.as_bytes()).is_ok()
        && http::Uri::try_from(request.target()).is_ok()
        && request.headers.iter().all(|(k, v)| {
            HeaderName::from_bytes(k.as_bytes()).is_ok() && HeaderValue::from_str(v).is_ok()
        })
}

/// Whether Content-Length is sent: for any body, and for an empty one where a body is
/// expected (as the AWS SDKs do for an empty PUT).
pub(super) fn wants_content_length(request: &Request) -> bool {
    request.header("content-length").is_none()
        && (!request.body.is_empty()
            || ["PUT", "POST", "PATCH"]
                .iter()
                .any(|m| request.method.eq_ignore_ascii_case(m)))
}

pub(super) fn body_error(e: BodyError) -> SendErrorKind {
    SendErrorKind::Body(e)
}

pub(super) fn http_error(e: &hyper::Error) -> SendErrorKind {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    SendErrorKind::Http(message)
}

/// A request body as hyper sends it: read a piece at a time, so a streamed body is never whole
/// in memory. A file's pieces are read in place (64 KiB from a regular file).
#[derive(Debug)]
pub(super) struct OutBody {
    chunks: Chunks,
    remaining: u64,
}

impl OutBody {
    fn new(body: &Body) -> Self {
        Self {
            chunks: body.chunks(),
            remaining: body.len(),
        }
    }
}

impl http_body::Body for OutBody {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        let this = self.get_mut();
        Poll::Ready(this.chunks.next().map(|piece| {
            piece.map(|bytes| {
                this.remaining = this.remaining.saturating_sub(bytes.len() as u64);
                Frame::data(bytes)
            })
        }))
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}

fn build(request: &Request, host: &str) -> Result<http::Request<OutBody>, SendErrorKind> {
    let invalid = |what: &str| SendErrorKind::Http(format!("invalid {what}"));
    let mut builder = http::Request::builder()
        .method(Method::from_bytes(request.method.as_bytes()).map_err(|_| invalid("method"))?)
        .uri(request.target());
    if request.header("host").is_none() {
        builder = builder.header("host", host);
    }
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    if wants_content_length(request) {
        builder = builder.header("content-length", request.body.len().to_string());
    }
    builder
        .body(OutBody::new(&request.body))
        .map_err(|e| SendErrorKind::Http(format!("failed to build the request: {e}")))
}

pub(super) async fn send(
    key: Key,
    request: &Request,
    host: &str,
    options: &SendOptions,
    progress: &Arc<Mutex<Progress>>,
) -> Result<Exchange, SendErrorKind> {
    let http_request = build(request, host)?;
    let mut record = sent(request, host, &Framing::ContentLength);
    record.headers = pairs(http_request.headers());
    request.body.prepare().await.map_err(body_error)?;
    record.set_summary(&request.body.summary().map_err(body_error)?);

    let runtime = if options.reuse_connections {
        pool::runtime()
    } else {
        None
    };
    let (conn, response, reused) =
        match reuse(&key, runtime.is_some(), http_request, progress).await? {
            Reused::Answered(conn, response) => (conn, response, true),
            Reused::Unsent(http_request) => {
                let on = runtime.clone().unwrap_or_else(Handle::current);
                let mut conn = pool::open(&key, &on, progress).await?;
                let response = send_on(&mut conn, http_request, progress)
                    .await
                    .map_err(|(e, _)| e)?;
                (conn, response, false)
            }
        };
    let keep_alive = runtime.is_some() && !closes(&record, &response);
    let received = read_response(response, options.body_cap, progress).await?;
    if keep_alive {
        pool::put(key, conn);
    }
    Ok(Exchange {
        sent: record,
        received,
        elapsed: Duration::ZERO,
        reused_connection: reused,
    })
}

enum Reused {
    /// A kept-alive connection carried the request.
    Answered(pool::Conn, http::Response<Incoming>),
    /// No byte of the request was written: there was no idle connection, or the one taken
    /// closed before it took the request.
    Unsent(http::Request<OutBody>),
}

/// Sends over an idle connection when there is one. The request goes again on a fresh
/// connection only when none of it was written; any later failure is the answer.
async fn reuse(
    key: &Key,
    pooled: bool,
    http_request: http::Request<OutBody>,
    progress: &Mutex<Progress>,
) -> Result<Reused, SendErrorKind> {
    let Some(mut conn) = (if pooled { pool::take(key).await } else { None }) else {
        return Ok(Reused::Unsent(http_request));
    };
    match send_on(&mut conn, http_request, progress).await {
        Ok(response) => Ok(Reused::Answered(conn, response)),
        Err((_, Some(unsent))) => Ok(Reused::Unsent(unsent)),
        Err((e, None)) => Err(e),
    }
}

/// Sends on `conn`; on failure, gives the request back if hyper had not written any of it.
async fn send_on(
    conn: &mut pool::Conn,
    http_request: http::Request<OutBody>,
    progress: &Mutex<Progress>,
) -> Result<http::Response<Incoming>, (SendErrorKind, Option<http::Request<OutBody>>)> {
    set_stage(progress, Stage::WaitingForHead);
    conn.sender
        .try_send_request(http_request)
        .await
        .map_err(|mut e| {
            let unsent = e.take_message();
            (http_error(e.error()), unsent)
        })
}

/// Whether either side asked to close the connection after this exchange.
fn closes(record: &Sent, response: &http::Response<Incoming>) -> bool {
    let close = |value: Option<&str>| {
        value.is_some_and(|v| {
            v.split(',')
                .any(|token| token.trim().eq_ignore_ascii_case("close"))
        })
    };
    close(record.header("connection"))
        || close(
            response
                .headers()
                .get(http::header::CONNECTION)
                .and_then(|v| v.to_str().ok()),
        )
}

/// Reads the response head and its body, up to the cap.
async fn read_response(
    response: http::Response<Incoming>,
    cap: u64,
    progress: &Mutex<Progress>,
) -> Result<Received, SendErrorKind> {
    set_stage(progress, Stage::Body);
    let status = response.status().as_u16();
    let headers = pairs(response.headers());
    let mut body = response.into_body();
    let mut data = Summarizer::new(KEPT_LEN);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| http_error(&e))?;
        if let Some(chunk) = frame.data_ref() {
            if data.len() + chunk.len() as u64 > cap {
                return Err(SendErrorKind::BodyTooLarge { cap });
            }
            data.update(chunk);
            if let Ok(mut p) = progress.lock() {
                p.body_bytes = data.len();
            }
        }
    }
    Ok(Received {
        status,
        reason: None,
        headers,
        body: data.finish(),
        continued: None,
    })
}

/// Headers as (lowercase name, value), in the map's order (the order hyper writes them in).
fn pairs(headers: &http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (k.as_str().to_owned(), value)
        })
        .collect()
}
