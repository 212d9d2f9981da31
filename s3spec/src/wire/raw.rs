//! HTTP/1.1 by hand, for what an HTTP library will not send: a request written to the socket
//! as given, and a response reader (content-length, chunked and close-delimited bodies).

use std::io;
use std::sync::Mutex;

use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::body::{KEPT_LEN, ReceivedBody, Summarizer};
use super::send::{Progress, SendErrorKind};

/// The largest response head accepted: protects against a server that never ends its headers.
const MAX_HEAD: usize = 1024 * 1024;
const READ_SIZE: usize = 64 * 1024;

/// A response's status line and headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Head {
    pub status: u16,
    pub reason: String,
    /// Names lowercase, in order.
    pub headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether a body follows this head (RFC 9112 §6.3).
    pub fn has_body(&self, method: &str) -> bool {
        !(method.eq_ignore_ascii_case("HEAD")
            || (100..200).contains(&self.status)
            || self.status == 204
            || self.status == 304)
    }
}

/// Reads responses from one connection, and writes to it.
pub(super) struct Conn<'p, S> {
    stream: S,
    buf: BytesMut,
    cap: u64,
    progress: &'p Mutex<Progress>,
}

impl<'p, S: AsyncRead + AsyncWrite + Unpin> Conn<'p, S> {
    pub fn new(stream: S, cap: u64, progress: &'p Mutex<Progress>) -> Self {
        Self {
            stream,
            buf: BytesMut::new(),
            cap,
            progress,
        }
    }

    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), SendErrorKind> {
        self.stream
            .write_all(bytes)
            .await
            .map_err(SendErrorKind::Write)?;
        self.stream.flush().await.map_err(SendErrorKind::Write)
    }

    /// Reads more bytes into the buffer; `false` at the end of the stream.
    async fn fill(&mut self) -> Result<bool, SendErrorKind> {
        self.buf.reserve(READ_SIZE);
        let n = self
            .stream
            .read_buf(&mut self.buf)
            .await
            .map_err(SendErrorKind::Read)?;
        Ok(n > 0)
    }

    /// Reads one response head (a 1xx one too).
    pub async fn read_head(&mut self) -> Result<Head, SendErrorKind> {
        loop {
            if let Some((head, len)) = parse_head(&self.buf)? {
                self.buf.advance(len);
                return Ok(head);
            }
            if self.buf.len() > MAX_HEAD {
                return Err(SendErrorKind::Malformed(format!(
                    "the response head is longer than {MAX_HEAD} bytes"
                )));
            }
            if !self.fill().await? {
                return Err(SendErrorKind::Closed(format!(
                    "before a complete response head ({} bytes received)",
                    self.buf.len()
                )));
            }
        }
    }

    /// Reads the final response head, skipping informational ones.
    pub async fn read_final_head(&mut self) -> Result<Head, SendErrorKind> {
        loop {
            let head = self.read_head().await?;
            if !(100..200).contains(&head.status) || head.status == 101 {
                return Ok(head);
            }
        }
    }

    /// Reads the body that follows `head`, up to the cap, measuring and hashing it as it
    /// arrives and keeping its start.
    pub async fn read_body(
        &mut self,
        head: &Head,
        method: &str,
    ) -> Result<ReceivedBody, SendErrorKind> {
        self.progress_mut(|p| p.stage = super::send::Stage::Body);
        let mut body = Summarizer::new(KEPT_LEN);
        if !head.has_body(method) {
            return Ok(body.finish());
        }
        let chunked = head
            .header("transfer-encoding")
            .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
        if chunked {
            self.read_chunked(&mut body).await?;
            return Ok(body.finish());
        }
        match head.header("content-length") {
            Some(len) => {
                let len: u64 = len.trim().parse().map_err(|_| {
                    SendErrorKind::Malformed(format!("Content-Length `{len}` is not a number"))
                })?;
                self.check_cap(len)?;
                self.read_exact(len, &mut body).await?;
            }
            None => self.read_to_close(&mut body).await?,
        }
        Ok(body.finish())
    }

    fn check_cap(&self, len: u64) -> Result<(), SendErrorKind> {
        if len > self.cap {
            return Err(SendErrorKind::BodyTooLarge { cap: self.cap });
        }
        Ok(())
    }

    fn progress_mut(&self, f: impl FnOnce(&mut Progress)) {
        if let Ok(mut p) = self.progress.lock() {
            f(&mut p);
        }
    }

    /// Passes the next `len` bytes of the stream to `body`.
    async fn read_exact(&mut self, len: u64, body: &mut Summarizer) -> Result<(), SendErrorKind> {
        let mut left = len;
        while left > 0 {
            if self.buf.is_empty() && !self.fill().await? {
                return Err(SendErrorKind::Closed(format!(
                    "after {} of {len} body bytes",
                    len - left
                )));
            }
            let n = self
                .buf
                .len()
                .min(usize::try_from(left).unwrap_or(usize::MAX));
            body.update(&self.buf[..n]);
            self.buf.advance(n);
            left -= n as u64;
            self.progress_mut(|p| p.body_bytes = body.len());
        }
        Ok(())
    }

    async fn read_to_close(&mut self, body: &mut Summarizer) -> Result<(), SendErrorKind> {
        loop {
            body.update(&self.buf);
            self.buf.clear();
            self.check_cap(body.len())?;
            self.progress_mut(|p| p.body_bytes = body.len());
            if !self.fill().await? {
                return Ok(());
            }
        }
    }

    async fn read_line(&mut self) -> Result<Bytes, SendErrorKind> {
        loop {
            if let Some(at) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let line = self.buf.split_to(at).freeze();
                self.buf.advance(2);
                return Ok(line);
            }
            if self.buf.len() > MAX_HEAD {
                return Err(SendErrorKind::Malformed(
                    "a chunk line is too long".to_owned(),
                ));
            }
            if !self.fill().await? {
                return Err(SendErrorKind::Closed("inside a chunked body".to_owned()));
            }
        }
    }

    async fn read_chunked(&mut self, body: &mut Summarizer) -> Result<(), SendErrorKind> {
        loop {
            let line = self.read_line().await?;
            let size = String::from_utf8_lossy(&line);
            let hex = size.split(';').next().unwrap_or("").trim();
            let len = u64::from_str_radix(hex, 16).map_err(|_| {
                SendErrorKind::Malformed(format!("chunk size `{size}` is not hexadecimal"))
            })?;
            if len == 0 {
                // Trailers, up to the empty line.
                while !self.read_line().await?.is_empty() {}
                return Ok(());
            }
            self.check_cap(body.len().saturating_add(len))?;
            self.read_exact(len, body).await?;
            if !self.read_line().await?.is_empty() {
                return Err(SendErrorKind::Malformed(
                    "a chunk does not end with CRLF".to_owned(),
                ));
            }
        }
    }
}

/// Parses a response head from the start of `buf`: the head and its length, or `None` if more
/// bytes are needed.
fn parse_head(buf: &[u8]) -> Result<Option<(Head, usize)>, SendErrorKind> {
    let mut count = 64;
    loop {
        let mut headers = vec![httparse::EMPTY_HEADER; count];
        let mut response = httparse::Response::new(&mut headers);
        match response.parse(buf) {
            Ok(httparse::Status::Complete(len)) => {
                let head = Head {
                    status: response.code.unwrap_or(0),
                    reason: response.reason.unwrap_or("").to_owned(),
                    headers: response
                        .headers
                        .iter()
                        .map(|h| {
                            (
                                h.name.to_ascii_lowercase(),
                                String::from_utf8_lossy(h.value).into_owned(),
                            )
                        })
                        .collect(),
                };
                return Ok(Some((head, len)));
            }
            Ok(httparse::Status::Partial) => return Ok(None),
            Err(httparse::Error::TooManyHeaders) if count < 4096 => count *= 4,
            Err(e) => {
                return Err(SendErrorKind::Malformed(format!(
                    "failed to parse the response head: {e}"
                )));
            }
        }
    }
}

/// A request's method, target and headers.
pub(super) type RequestHead = (String, String, Vec<(String, String)>);

/// The method, target and headers of a request written as bytes, when they parse.
pub(super) fn parse_request_head(bytes: &[u8]) -> Option<RequestHead> {
    let mut headers = vec![httparse::EMPTY_HEADER; 256];
    let mut request = httparse::Request::new(&mut headers);
    request.parse(bytes).ok()?;
    let headers = request
        .headers
        .iter()
        .take_while(|h| !h.name.is_empty())
        .map(|h| {
            (
                h.name.to_owned(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    Some((
        request.method?.to_owned(),
        request.path?.to_owned(),
        headers,
    ))
}

/// Whether an I/O error is the peer closing or resetting the connection.
pub(super) fn is_disconnect(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::BrokenPipe
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
    )
}
