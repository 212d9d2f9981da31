//! Sending a request and reading its response into an [`Exchange`]: over hyper for ordinary
//! requests, over a raw socket for framings hyper will not produce.

mod framed;
mod hyper_path;
mod pool;
mod tls;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::net::TcpStream;

use super::exchange::{Exchange, Sent};
use super::request::{Endpoint, EndpointError, Request, Scheme};
use super::sign::Signed;

pub use tls::TlsOptions;

/// The default deadline of a whole exchange, from connecting to the last body byte.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// The default cap on a response body: bodies are hashed as they arrive, not held, so the cap
/// only ends a body that never ends (the deadline usually ends it first). 50 GiB is ten of the
/// largest objects one PutObject may send.
pub const DEFAULT_BODY_CAP: u64 = 50 << 30;
/// How long `expect-100` waits for `100 Continue` by default before sending the body anyway.
pub const DEFAULT_CONTINUE_WAIT: Duration = Duration::from_secs(1);

/// How the request body is delimited on the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length` (added unless the request has one).
    #[default]
    ContentLength,
    /// Neither Content-Length nor Transfer-Encoding: the body is written after the head as
    /// a broken client would.
    None,
    /// `Transfer-Encoding: chunked`, in chunks of this size.
    Chunked { chunk_size: usize },
    /// `Expect: 100-continue` with Content-Length: the body goes only after `100 Continue`,
    /// or after `wait` with no answer.
    Expect100 { wait: Duration },
    /// These exact bytes on the socket: request line, headers and body. The request's own
    /// fields are then only used for the record if the bytes do not parse.
    Verbatim(Bytes),
}

impl Framing {
    pub fn name(&self) -> &'static str {
        match self {
            Self::ContentLength => "content-length",
            Self::None => "none",
            Self::Chunked { .. } => "chunked",
            Self::Expect100 { .. } => "expect-100",
            Self::Verbatim(_) => "verbatim",
        }
    }
}

/// How to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendOptions {
    /// For the whole exchange, reading the response body included.
    pub deadline: Duration,
    pub framing: Framing,
    /// The largest response body read; a longer one fails the exchange.
    pub body_cap: u64,
    /// How `https://` servers are trusted.
    pub tls: TlsOptions,
    /// Whether requests sent through hyper (Content-Length framing) may go over a connection
    /// an earlier exchange kept alive. Other framings always get a connection of their own.
    pub reuse_connections: bool,
}

impl Default for SendOptions {
    fn default() -> Self {
        Self {
            deadline: DEFAULT_DEADLINE,
            framing: Framing::ContentLength,
            body_cap: DEFAULT_BODY_CAP,
            tls: TlsOptions::default(),
            reuse_connections: true,
        }
    }
}

/// Why an exchange failed.
#[derive(Debug, thiserror::Error)]
#[error("failed to send {request_line} to {endpoint}: {kind}")]
pub struct SendError {
    pub request_line: String,
    pub endpoint: String,
    pub kind: SendErrorKind,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SendErrorKind {
    #[error("{0}")]
    Endpoint(EndpointError),
    /// Not produced any more (https is supported); kept so existing matches still compile.
    #[error("https endpoints are not supported by the wire layer yet")]
    HttpsUnsupported,
    #[error("cannot set up TLS: {0}")]
    TlsSetup(String),
    #[error("the TLS handshake with {server_name} failed: {message}")]
    Tls {
        server_name: String,
        message: String,
    },
    #[error("cannot connect: {0}")]
    Connect(std::io::Error),
    #[error("the connection failed while the request was written: {0}")]
    Write(std::io::Error),
    #[error("the connection failed while the response was read: {0}")]
    Read(std::io::Error),
    #[error("the connection closed {0}")]
    Closed(String),
    #[error("the response is not valid HTTP/1.1: {0}")]
    Malformed(String),
    #[error("no complete exchange within the deadline of {deadline:?}: {stage}")]
    Deadline { deadline: Duration, stage: String },
    #[error("the response body is longer than the cap of {cap} bytes")]
    BodyTooLarge { cap: u64 },
    #[error("the HTTP client failed: {0}")]
    Http(String),
    #[error("{0}")]
    Body(crate::wire::body::BodyError),
}

/// Where an exchange is, for the message of a missed deadline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Stage {
    #[default]
    Connecting,
    Handshake,
    Writing,
    WaitingForContinue,
    WaitingForHead,
    Body,
}

#[derive(Debug, Default)]
pub(super) struct Progress {
    pub stage: Stage,
    pub body_bytes: u64,
}

impl Progress {
    fn describe(&self) -> String {
        match self.stage {
            Stage::Connecting => "still connecting".to_owned(),
            Stage::Handshake => "still in the TLS handshake".to_owned(),
            Stage::Writing => "still writing the request".to_owned(),
            Stage::WaitingForContinue => "waiting for 100 Continue".to_owned(),
            Stage::WaitingForHead => "no response head arrived".to_owned(),
            Stage::Body => format!("the response body stopped after {} bytes", self.body_bytes),
        }
    }
}

pub(super) fn set_stage(progress: &Mutex<Progress>, stage: Stage) {
    if let Ok(mut p) = progress.lock() {
        p.stage = stage;
    }
}

/// Sends a signed request and records how it was signed.
pub async fn send_signed(
    endpoint: &str,
    signed: &Signed,
    options: &SendOptions,
) -> Result<Exchange, SendError> {
    let mut exchange = send(endpoint, &signed.request, options).await?;
    exchange.sent.signing = Some(signed.signing.clone());
    Ok(exchange)
}

/// Sends `request` to `endpoint` (a base URL: `http://127.0.0.1:9000`) and reads the response.
pub async fn send(
    endpoint: &str,
    request: &Request,
    options: &SendOptions,
) -> Result<Exchange, SendError> {
    let fail = |kind| SendError {
        request_line: format!("{} {}", request.method, request.target()),
        endpoint: endpoint.to_owned(),
        kind,
    };
    let parsed = Endpoint::parse(endpoint).map_err(|e| fail(SendErrorKind::Endpoint(e)))?;
    let progress = Arc::new(Mutex::new(Progress::default()));
    let started = Instant::now();
    let run = exchange(&parsed, request, options, &progress);
    let outcome = tokio::time::timeout(options.deadline, run).await;
    match outcome {
        Ok(Ok(mut exchange)) => {
            exchange.elapsed = started.elapsed();
            Ok(exchange)
        }
        Ok(Err(kind)) => Err(fail(kind)),
        Err(_) => {
            let stage = progress.lock().map(|p| p.describe()).unwrap_or_default();
            Err(fail(SendErrorKind::Deadline {
                deadline: options.deadline,
                stage,
            }))
        }
    }
}

async fn exchange(
    endpoint: &Endpoint,
    request: &Request,
    options: &SendOptions,
    progress: &Arc<Mutex<Progress>>,
) -> Result<Exchange, SendErrorKind> {
    let host = request.host_for(endpoint);
    let tls = match endpoint.scheme {
        Scheme::Http => None,
        Scheme::Https => Some((
            tls::server_name(endpoint, request.host.as_deref())?,
            options.tls.clone(),
        )),
    };
    let key = pool::Key {
        host: endpoint.host.clone(),
        port: endpoint.port,
        tls,
    };
    if options.framing == Framing::ContentLength && hyper_path::can_send(request) {
        return hyper_path::send(key, request, &host, options, progress).await;
    }
    let tcp = connect_tcp(&key.host, key.port).await?;
    match &key.tls {
        None => framed::send(tcp, request, &host, options, progress).await,
        Some((name, tls_options)) => {
            set_stage(progress, Stage::Handshake);
            let stream = tls::connect(tcp, name, tls_options).await?;
            framed::send(stream, request, &host, options, progress).await
        }
    }
}

pub(super) async fn connect_tcp(host: &str, port: u16) -> Result<TcpStream, SendErrorKind> {
    let stream = TcpStream::connect((host, port))
        .await
        .map_err(SendErrorKind::Connect)?;
    // Small requests would otherwise wait for the server's delayed ACK.
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

/// The record of a request about to be written.
pub(super) fn sent(request: &Request, host: &str, framing: &Framing) -> Sent {
    Sent {
        method: request.method.clone(),
        target: request.target(),
        host: host.to_owned(),
        headers: Vec::new(),
        body_length: 0,
        body_start: Bytes::new(),
        body_sha256: String::new(),
        framing: framing.name(),
        signing: None,
        verbatim: None,
    }
}

#[cfg(test)]
#[path = "send/tests.rs"]
mod tests;
