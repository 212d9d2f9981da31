//! Bodies that need not be held whole in memory: a request body is bytes, or content that is
//! read in pieces as it is sent (generated, from a file, another body encoded for the wire, or
//! bodies one after the other); a response body is hashed and measured as it arrives, and only
//! its start is kept when it is long.

mod chunks;
mod generated;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use bytes::{Bytes, BytesMut};
use sha2::{Digest, Sha256};

use super::chunked_stream::Encoding;
use super::exchange::BODY_START_LEN;

pub use chunks::Chunks;
pub use generated::{fill_generated, generate};

/// The size of the pieces a streamed body is read and sent in.
pub const CHUNK_LEN: usize = 64 * 1024;
/// The largest streamed body that is turned into bytes where a value needs the whole body at
/// once (a blob sent as base64 text). Framings and signing stream every body.
pub const MAX_WHOLE: u64 = 256 << 20;
/// How much of a response body is kept: all of a body up to this length, else its start.
/// XML documents, error documents and the bodies that `body:` compares as text are shorter.
pub const KEPT_LEN: usize = 8 << 20;

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Bytes(Bytes),
    Stream(Arc<Source>),
}

impl Default for Body {
    fn default() -> Self {
        Body::Bytes(Bytes::new())
    }
}

impl From<Bytes> for Body {
    fn from(b: Bytes) -> Self {
        Body::Bytes(b)
    }
}

impl From<Vec<u8>> for Body {
    fn from(b: Vec<u8>) -> Self {
        Body::Bytes(Bytes::from(b))
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Body::Bytes(Bytes::from_static(text.as_bytes()))
    }
}

impl From<&'static [u8]> for Body {
    fn from(b: &'static [u8]) -> Self {
        Body::Bytes(Bytes::from_static(b))
    }
}

/// Content read in pieces: the same bytes every time it is read, so a retried request sends
/// what the first attempt sent and what was signed.
#[derive(Debug)]
pub struct Source {
    kind: SourceKind,
    len: u64,
    summary: OnceLock<Summary>,
}

impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.len == other.len
    }
}

impl Eq for Source {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// [`generate`]'s bytes for this seed.
    Generated { seed: u64 },
    /// A regular file, read from its start; it must still have `len` bytes when read.
    File(PathBuf),
    /// Another body as the wire carries it: aws-chunked or `Transfer-Encoding: chunked`.
    Encoded(Box<Encoding>),
    /// Bodies one after the other (a form's fields, its file, its closing boundary).
    Joined(Vec<Body>),
}

impl SourceKind {
    /// What the content is, for messages: the file's path, or what makes the bytes.
    fn describe(&self) -> String {
        match self {
            SourceKind::Generated { seed } => format!("(generated content, seed {seed})"),
            SourceKind::File(path) => path.display().to_string(),
            SourceKind::Encoded(_) => "(an encoded body)".to_owned(),
            SourceKind::Joined(_) => "(a form)".to_owned(),
        }
    }
}

/// What a record keeps of a whole body: its length, its start and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub len: u64,
    /// The first [`BODY_START_LEN`] bytes.
    pub start: Bytes,
    pub sha256: [u8; 32],
}

impl Summary {
    pub fn of(bytes: &[u8]) -> Self {
        let mut s = Summarizer::new(BODY_START_LEN);
        s.update(bytes);
        s.summary()
    }

    pub fn sha256_hex(&self) -> String {
        hex::encode(self.sha256)
    }
}

/// Why a body could not be read or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("failed to read body file {path}: {message}")]
    Read { path: String, message: String },
    #[error("a body of {len} bytes cannot be held in memory for {why} (at most {MAX_WHOLE} bytes)")]
    TooLarge { len: u64, why: &'static str },
    #[error("failed to encode the body: {0}")]
    Encode(String),
}

impl Body {
    /// `len` bytes of generated content (see [`generate`]), produced as they are sent.
    pub fn generated(len: u64, seed: u64) -> Self {
        Body::Stream(Arc::new(Source {
            kind: SourceKind::Generated { seed },
            len,
            summary: OnceLock::new(),
        }))
    }

    /// The first `len` bytes of the file at `path`, read as they are sent.
    pub fn file(path: PathBuf, len: u64) -> Self {
        Body::Stream(Arc::new(Source {
            kind: SourceKind::File(path),
            len,
            summary: OnceLock::new(),
        }))
    }

    /// `encoding` of its payload, encoded as it is sent; `summary` when it is already known.
    pub(crate) fn encoded(encoding: Encoding, summary: Option<Summary>) -> Self {
        Body::Stream(Arc::new(Source {
            len: encoding.encoded_len(),
            kind: SourceKind::Encoded(Box::new(encoding)),
            summary: summary.map(OnceLock::from).unwrap_or_default(),
        }))
    }

    /// `parts` one after the other, read as they are sent.
    pub fn joined(parts: Vec<Body>) -> Self {
        Body::Stream(Arc::new(Source {
            len: parts.iter().map(Body::len).sum(),
            kind: SourceKind::Joined(parts),
            summary: OnceLock::new(),
        }))
    }

    pub fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::Stream(s) => s.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes, when the body is held in memory.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match self {
            Body::Bytes(b) => Some(b),
            Body::Stream(_) => None,
        }
    }

    /// The whole body in memory, for `why` (a value that needs it at once); a streamed body
    /// longer than [`MAX_WHOLE`] is refused.
    pub fn to_bytes(&self, why: &'static str) -> Result<Bytes, BodyError> {
        match self {
            Body::Bytes(b) => Ok(b.clone()),
            Body::Stream(s) if s.len > MAX_WHOLE => Err(BodyError::TooLarge { len: s.len, why }),
            Body::Stream(s) => {
                let mut out = BytesMut::with_capacity(usize::try_from(s.len).unwrap_or(0));
                for chunk in self.chunks() {
                    out.extend_from_slice(&chunk?);
                }
                Ok(out.freeze())
            }
        }
    }

    /// The body in pieces: of at most [`CHUNK_LEN`] bytes, except that an encoded body's
    /// pieces may be a little longer (a chunk's framing goes with its data).
    pub fn chunks(&self) -> Chunks {
        Chunks::of(self)
    }

    /// Length, start and SHA-256; a streamed body is read once for it, then remembers it.
    pub fn summary(&self) -> Result<Summary, BodyError> {
        match self {
            Body::Bytes(b) => Ok(Summary::of(b)),
            Body::Stream(s) => {
                if let Some(summary) = s.summary.get() {
                    return Ok(summary.clone());
                }
                let content = match s.kind {
                    SourceKind::Generated { seed } => Some((s.len, seed)),
                    _ => None,
                };
                if let Some(summary) = content.and_then(generated::known_summary) {
                    return Ok(s.summary.get_or_init(|| summary).clone());
                }
                let mut summarizer = Summarizer::new(BODY_START_LEN);
                for chunk in self.chunks() {
                    summarizer.update(&chunk?);
                }
                let summary = summarizer.summary();
                if let Some(key) = content {
                    generated::remember_summary(key, &summary);
                }
                Ok(s.summary.get_or_init(|| summary).clone())
            }
        }
    }

    /// Reads a streamed body once, off the async workers, so that signing and the record can
    /// use its summary; bytes in memory need nothing.
    pub async fn prepare(&self) -> Result<(), BodyError> {
        if let Body::Stream(s) = self
            && s.summary.get().is_none()
        {
            let body = self.clone();
            tokio::task::spawn_blocking(move || body.summary().map(|_| ()))
                .await
                .map_err(|e| BodyError::Read {
                    path: s.kind.describe(),
                    message: e.to_string(),
                })??;
        }
        Ok(())
    }
}

/// A response body as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedBody {
    /// The whole body when it has at most [`KEPT_LEN`] bytes, else its first [`KEPT_LEN`].
    kept: Bytes,
    summary: Summary,
}

impl Default for ReceivedBody {
    fn default() -> Self {
        Self::from(Bytes::new())
    }
}

impl From<Bytes> for ReceivedBody {
    fn from(bytes: Bytes) -> Self {
        let mut s = Summarizer::new(KEPT_LEN);
        s.update(&bytes);
        s.finish()
    }
}

impl From<&'static [u8]> for ReceivedBody {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from(Bytes::from_static(bytes))
    }
}

impl From<&'static str> for ReceivedBody {
    fn from(text: &'static str) -> Self {
        Self::from(Bytes::from_static(text.as_bytes()))
    }
}

impl From<Vec<u8>> for ReceivedBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from(Bytes::from(bytes))
    }
}

impl ReceivedBody {
    /// The whole body, when it was short enough to keep.
    pub fn whole(&self) -> Option<&Bytes> {
        (self.kept.len() as u64 == self.summary.len).then_some(&self.kept)
    }

    /// The bytes kept: the whole body, or its start.
    pub fn kept(&self) -> &[u8] {
        &self.kept
    }

    pub fn len(&self) -> u64 {
        self.summary.len
    }

    pub fn is_empty(&self) -> bool {
        self.summary.len == 0
    }

    pub fn sha256_hex(&self) -> String {
        self.summary.sha256_hex()
    }
}

/// Measures and hashes a body piece by piece, keeping its first `keep` bytes.
#[derive(Debug)]
pub struct Summarizer {
    keep: usize,
    kept: BytesMut,
    len: u64,
    hasher: Sha256,
}

impl Summarizer {
    pub fn new(keep: usize) -> Self {
        Self {
            keep,
            kept: BytesMut::new(),
            len: 0,
            hasher: Sha256::new(),
        }
    }

    pub fn update(&mut self, piece: &[u8]) {
        let room = self.keep.saturating_sub(self.kept.len());
        self.kept.extend_from_slice(&piece[..piece.len().min(room)]);
        self.len += piece.len() as u64;
        self.hasher.update(piece);
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// What a record keeps of the body: its length, start and SHA-256.
    pub fn summary(self) -> Summary {
        self.finish().summary
    }

    pub fn finish(self) -> ReceivedBody {
        let kept = self.kept.freeze();
        let summary = Summary {
            len: self.len,
            start: kept.slice(..kept.len().min(BODY_START_LEN)),
            sha256: self.hasher.finalize().into(),
        };
        ReceivedBody { kept, summary }
    }
}

#[cfg(test)]
#[path = "body_tests.rs"]
mod tests;

/// Tests read bodies held in memory as bytes.
#[cfg(test)]
impl std::ops::Deref for Body {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Body::Bytes(b) => b,
            Body::Stream(_) => panic!("a streamed body is not in memory"),
        }
    }
}

/// Tests read the bytes kept.
#[cfg(test)]
impl std::ops::Deref for ReceivedBody {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.kept
    }
}
