//! The record of one request and its response, as data: what judging, snapshots and reports
//! read. Nothing here prints.

use std::time::Duration;

use bytes::Bytes;

use super::body::{ReceivedBody, Summary};
use super::sign::Signing;

/// How many bytes of the request body the record keeps (the whole body is only hashed).
pub const BODY_START_LEN: usize = 1024;

/// One request sent and the response it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub sent: Sent,
    pub received: Received,
    /// From connecting (or taking a kept-alive connection) to the last byte of the response body.
    pub elapsed: Duration,
    /// Whether the request went over a kept-alive connection an earlier exchange had opened.
    pub reused_connection: bool,
}

impl Exchange {
    /// `PUT /bucket/key?query`, for reports.
    pub fn request_line(&self) -> String {
        self.sent.request_line()
    }
}

/// What went on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub method: String,
    /// The request target exactly as on the wire: `/bucket/key?list-type=2`.
    pub target: String,
    /// The Host header sent.
    pub host: String,
    /// Every header as sent, in order, including Host and those signing and framing added.
    pub headers: Vec<(String, String)>,
    /// The length of the body as sent (after aws-chunked or chunked framing).
    pub body_length: u64,
    /// The first [`BODY_START_LEN`] bytes of the body as sent.
    pub body_start: Bytes,
    /// Lowercase hex SHA-256 of the whole body as sent.
    pub body_sha256: String,
    /// How the body was framed: `content-length`, `none`, `chunked`, `expect-100`, `verbatim`.
    pub framing: &'static str,
    /// How the request was signed, when it was (by [`super::sign::sign`]).
    pub signing: Option<Signing>,
    /// For a verbatim request: every byte written to the socket.
    pub verbatim: Option<Bytes>,
}

impl Sent {
    /// `PUT /bucket/key?query`.
    pub fn request_line(&self) -> String {
        format!("{} {}", self.method, self.target)
    }

    /// The value of the first header sent with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Fills the body fields from the bytes written as the body.
    pub(crate) fn set_body(&mut self, body: &[u8]) {
        self.set_summary(&Summary::of(body));
    }

    /// Fills the body fields from the summary of a body that was streamed.
    pub(crate) fn set_summary(&mut self, summary: &Summary) {
        self.body_length = summary.len;
        self.body_start = summary.start.clone();
        self.body_sha256 = summary.sha256_hex();
    }
}

/// Whether a request sent with `Expect: 100-continue` got its `100 Continue`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Continue {
    /// The server sent `100 Continue`, then the body was sent.
    Received,
    /// The server answered with a final response first; the body was not sent.
    FinalResponse,
    /// Nothing came within the wait; the body was sent anyway (as curl does).
    TimedOut,
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub status: u16,
    /// The reason phrase, when the response was read from the socket directly.
    pub reason: Option<String>,
    /// Headers in the order received, names lowercase.
    pub headers: Vec<(String, String)>,
    /// Its length and SHA-256, and its bytes (or their start, for a long body).
    pub body: ReceivedBody,
    /// Set for requests sent with `Expect: 100-continue`.
    pub continued: Option<Continue>,
}

impl Received {
    /// The value of the first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_line_and_body_summary() {
        let mut sent = Sent {
            method: "PUT".into(),
            target: "/b/k?tagging".into(),
            host: "h".into(),
            headers: vec![("Content-Length".into(), "3".into())],
            body_length: 0,
            body_start: Bytes::new(),
            body_sha256: String::new(),
            framing: "content-length",
            signing: None,
            verbatim: None,
        };
        sent.set_body(b"abc");
        assert_eq!(sent.request_line(), "PUT /b/k?tagging");
        assert_eq!(sent.header("content-length"), Some("3"));
        assert_eq!(sent.body_length, 3);
        assert_eq!(
            sent.body_sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let big = vec![b'x'; BODY_START_LEN + 10];
        sent.set_body(&big);
        assert_eq!(sent.body_start.len(), BODY_START_LEN);
    }
}
