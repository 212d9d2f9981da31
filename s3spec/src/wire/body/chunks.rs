//! Reading a body in pieces, on demand: bytes in memory are sliced, generated content is made,
//! a file is read, an encoded body is encoded and joined bodies are read one after the other.

use std::io::Read;
use std::path::{Path, PathBuf};

use bytes::Bytes;

use super::generated::fill_generated;
use super::{Body, BodyError, CHUNK_LEN, SourceKind};
use crate::wire::chunked_stream::Encoder;

/// The pieces of a body, read on demand.
#[derive(Debug)]
pub struct Chunks {
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    /// What is left of bytes in memory.
    Bytes(Bytes),
    Generated {
        seed: u64,
        offset: u64,
        len: u64,
    },
    File {
        path: PathBuf,
        left: u64,
        file: Option<std::fs::File>,
    },
    Encoded(Box<Encoder>),
    Joined {
        rest: std::vec::IntoIter<Body>,
        current: Option<Box<Chunks>>,
    },
}

impl Chunks {
    pub(super) fn of(body: &Body) -> Self {
        let inner = match body {
            Body::Bytes(b) => Inner::Bytes(b.clone()),
            Body::Stream(s) => match &s.kind {
                SourceKind::Generated { seed } => Inner::Generated {
                    seed: *seed,
                    offset: 0,
                    len: s.len,
                },
                SourceKind::File(path) => Inner::File {
                    path: path.clone(),
                    left: s.len,
                    file: None,
                },
                SourceKind::Encoded(encoding) => Inner::Encoded(Box::new(Encoder::new(encoding))),
                SourceKind::Joined(parts) => Inner::Joined {
                    rest: parts.clone().into_iter(),
                    current: None,
                },
            },
        };
        Self { inner }
    }
}

impl Iterator for Chunks {
    type Item = Result<Bytes, BodyError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Bytes(b) if b.is_empty() => None,
            Inner::Bytes(b) => Some(Ok(b.split_to(b.len().min(CHUNK_LEN)))),
            Inner::Generated { seed, offset, len } => {
                let n = piece_len(*len - *offset)?;
                let mut buf = vec![0; n];
                fill_generated(*seed, *offset, &mut buf);
                *offset += n as u64;
                Some(Ok(Bytes::from(buf)))
            }
            Inner::File { path, left, file } => {
                let n = piece_len(*left)?;
                *left -= n as u64;
                Some(read_file_chunk(file, path, n))
            }
            Inner::Encoded(encoder) => encoder.next(),
            Inner::Joined { rest, current } => loop {
                if let Some(piece) = current.as_mut().and_then(|c| c.next()) {
                    return Some(piece);
                }
                *current = Some(Box::new(rest.next()?.chunks()));
            },
        }
    }
}

/// The length of the next piece when `left` bytes are left; `None` at the end.
fn piece_len(left: u64) -> Option<usize> {
    (left > 0).then(|| left.min(CHUNK_LEN as u64) as usize)
}

fn read_file_chunk(
    file: &mut Option<std::fs::File>,
    path: &Path,
    n: usize,
) -> Result<Bytes, BodyError> {
    let fail = |e: std::io::Error| BodyError::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    if file.is_none() {
        *file = Some(std::fs::File::open(path).map_err(fail)?);
    }
    let mut buf = vec![0; n];
    if let Some(f) = file {
        f.read_exact(&mut buf).map_err(|e| {
            fail(std::io::Error::new(
                e.kind(),
                format!("{e} (did the file shrink while it was sent?)"),
            ))
        })?;
    }
    Ok(Bytes::from(buf))
}
