//! Chunked bodies made a piece at a time from a streamed payload, as they are sent: the same
//! bytes [`chunked::encode_signed`], [`chunked::encode_unsigned`] and
//! [`chunked::encode_transfer_chunked`] give for the whole payload, without ever holding it.
//! A signed chunk is held whole while it is signed (its signature comes before its data); an
//! unsigned one is passed on a piece at a time. Chunk signatures chain in order and the trailer's
//! checksum is computed as the payload goes by, so every read of the body gives the same bytes.

use std::collections::VecDeque;
use std::time::SystemTime;

use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_runtime_api::http::Headers;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::{Bytes, BytesMut};

use super::body::{Body, BodyError, CHUNK_LEN, Chunks, Summarizer};
use super::chunked::{
    self, ChecksumAlgorithm, Checksummer, ChunkSignatures, Chunking, TRAILER_SIGNATURE, chunk_head,
};
use super::exchange::BODY_START_LEN;
use super::sign::Signer;

/// Data shorter than this is copied next to its framing rather than sent as a piece of its own.
const COPY_BELOW: usize = 4096;

/// A payload and how it is encoded for the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoding {
    /// aws-chunked: signed chunks when `signing` is set, else unsigned ones.
    AwsChunked {
        payload: Body,
        chunking: Chunking,
        signing: Option<ChunkSigning>,
    },
    /// `Transfer-Encoding: chunked`.
    TransferChunked { payload: Body, chunk_size: usize },
}

/// What signs the chunks: the request's signer and signing time, and the seed signature (the
/// request's own) the first chunk's signature chains from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkSigning {
    pub signer: Signer,
    pub time: SystemTime,
    pub seed: String,
}

impl Encoding {
    /// The length of the encoded body.
    pub fn encoded_len(&self) -> u64 {
        match self {
            Self::AwsChunked {
                payload,
                chunking,
                signing,
            } => chunking.stream_len(payload.len(), signing.is_some()),
            Self::TransferChunked {
                payload,
                chunk_size,
            } => chunked::transfer_chunked_len(payload.len(), *chunk_size),
        }
    }
}

/// `payload` as unsigned aws-chunked, encoded as it is sent.
pub fn unsigned(payload: Body, chunking: Chunking) -> Body {
    Body::encoded(
        Encoding::AwsChunked {
            payload,
            chunking,
            signing: None,
        },
        None,
    )
}

/// `payload` for `Transfer-Encoding: chunked`, encoded as it is sent.
pub fn transfer_chunked(payload: Body, chunk_size: usize) -> Body {
    Body::encoded(
        Encoding::TransferChunked {
            payload,
            chunk_size,
        },
        None,
    )
}

/// `payload` as signed aws-chunked. The body is encoded once here, for the signatures and the
/// summary the record keeps, and again each time it is sent.
pub fn signed(
    payload: Body,
    chunking: Chunking,
    signing: ChunkSigning,
) -> Result<(Body, ChunkSignatures), BodyError> {
    let encoding = Encoding::AwsChunked {
        payload,
        chunking,
        signing: Some(signing),
    };
    let mut encoder = Encoder::new(&encoding);
    if let Some(chain) = &mut encoder.chain {
        chain.record = Some(ChunkSignatures::default());
    }
    let mut summarizer = Summarizer::new(BODY_START_LEN);
    for piece in &mut encoder {
        summarizer.update(&piece?);
    }
    let signatures = encoder.chain.and_then(|c| c.record).unwrap_or_default();
    Ok((
        Body::encoded(encoding, Some(summarizer.summary())),
        signatures,
    ))
}

/// The pieces of an encoded body, made as they are read.
pub(crate) struct Encoder {
    payload: Payload,
    /// Payload bytes not yet in a chunk.
    left: u64,
    /// Data of the current unsigned chunk still to pass on.
    in_chunk: u64,
    chunk_size: u64,
    trailer: Option<ChecksumAlgorithm>,
    chain: Option<Chain>,
    out: Out,
    finished: bool,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("left", &self.left)
            .field("in_chunk", &self.in_chunk)
            .field("chunk_size", &self.chunk_size)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// The chain of chunk signatures.
struct Chain {
    signer: Signer,
    identity: Identity,
    time: SystemTime,
    previous: String,
    /// Every signature, when they are recorded.
    record: Option<ChunkSignatures>,
}

impl Chain {
    fn sign_chunk(&mut self, data: &Bytes) -> Result<String, BodyError> {
        let params = self
            .signer
            .v4_params(&self.identity, self.time, ())
            .map_err(|e| BodyError::Encode(e.to_string()))?;
        let signature = v4::sign_chunk(data, &self.previous, &params)
            .map_err(|e| BodyError::Encode(format!("cannot sign a chunk: {e}")))?
            .signature()
            .to_owned();
        if let Some(record) = &mut self.record {
            record.chunks.push(signature.clone());
        }
        self.previous.clone_from(&signature);
        Ok(signature)
    }

    fn sign_trailer(&mut self, name: &'static str, value: &str) -> Result<String, BodyError> {
        let params = self
            .signer
            .v4_params(&self.identity, self.time, ())
            .map_err(|e| BodyError::Encode(e.to_string()))?;
        let mut trailers = Headers::new();
        trailers.insert(name, value.to_owned());
        let signature = v4::sign_trailer(&trailers, &self.previous, &params)
            .map_err(|e| BodyError::Encode(format!("cannot sign a chunk: {e}")))?
            .signature()
            .to_owned();
        if let Some(record) = &mut self.record {
            record.trailer = Some(signature.clone());
        }
        Ok(signature)
    }
}

impl Encoder {
    pub(crate) fn new(encoding: &Encoding) -> Self {
        let (payload, chunk_size, trailer, signing) = match encoding {
            Encoding::AwsChunked {
                payload,
                chunking,
                signing,
            } => (
                payload,
                chunking.chunk_size,
                chunking.trailer,
                signing.as_ref(),
            ),
            Encoding::TransferChunked {
                payload,
                chunk_size,
            } => (payload, *chunk_size, None, None),
        };
        Self {
            payload: Payload {
                chunks: payload.chunks(),
                held: Bytes::new(),
                checksum: trailer.map(Checksummer::new),
            },
            left: payload.len(),
            in_chunk: 0,
            chunk_size: chunk_size.max(1) as u64,
            trailer,
            chain: signing.map(|s| Chain {
                identity: s.signer.credentials.identity(),
                signer: s.signer.clone(),
                time: s.time,
                previous: s.seed.clone(),
                record: None,
            }),
            out: Out::default(),
            finished: false,
        }
    }

    /// Frames the next piece of payload, the next chunk's head, or the end.
    fn step(&mut self) -> Result<(), BodyError> {
        if self.in_chunk > 0 {
            let piece = self.payload.take(self.in_chunk.min(CHUNK_LEN as u64))?;
            self.in_chunk -= piece.len() as u64;
            self.out.data(piece);
            if self.in_chunk == 0 {
                self.out.small(b"\r\n");
            }
        } else if self.left > 0 {
            let n = self.left.min(self.chunk_size);
            self.left -= n;
            if let Some(chain) = &mut self.chain {
                let data = self.payload.take_whole(n)?;
                let signature = chain.sign_chunk(&data)?;
                self.out.small(chunk_head(n, Some(&signature)).as_bytes());
                self.out.data(data);
                self.out.small(b"\r\n");
            } else {
                self.out.small(chunk_head(n, None).as_bytes());
                self.in_chunk = n;
            }
        } else {
            self.end()?;
        }
        Ok(())
    }

    /// The last, empty chunk, the trailer and the final CRLF.
    fn end(&mut self) -> Result<(), BodyError> {
        self.finished = true;
        let last = match &mut self.chain {
            Some(chain) => Some(chain.sign_chunk(&Bytes::new())?),
            None => None,
        };
        self.out.small(chunk_head(0, last.as_deref()).as_bytes());
        if let (Some(algorithm), Some(checksum)) = (self.trailer, self.payload.checksum.take()) {
            let name = algorithm.header_name();
            let value = BASE64.encode(checksum.finish());
            self.out.small(format!("{name}:{value}\r\n").as_bytes());
            if let Some(chain) = &mut self.chain {
                let signature = chain.sign_trailer(name, &value)?;
                self.out
                    .small(format!("{TRAILER_SIGNATURE}:{signature}\r\n").as_bytes());
            }
        }
        self.out.small(b"\r\n");
        Ok(())
    }
}

/// The payload as it is taken into chunks, counted into the trailer's checksum.
struct Payload {
    chunks: Chunks,
    /// What is left of the last piece read.
    held: Bytes,
    checksum: Option<Checksummer>,
}

impl Payload {
    /// Up to `limit` bytes (at least one).
    fn take(&mut self, limit: u64) -> Result<Bytes, BodyError> {
        while self.held.is_empty() {
            self.held = match self.chunks.next() {
                Some(piece) => piece?,
                None => {
                    return Err(BodyError::Encode(
                        "the payload ended before its length".to_owned(),
                    ));
                }
            };
        }
        let n = usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .min(self.held.len());
        let piece = self.held.split_to(n);
        if let Some(checksum) = &mut self.checksum {
            checksum.update(&piece);
        }
        Ok(piece)
    }

    /// Exactly `n` bytes, in one piece.
    fn take_whole(&mut self, n: u64) -> Result<Bytes, BodyError> {
        let first = self.take(n)?;
        if first.len() as u64 == n {
            return Ok(first);
        }
        let mut whole = BytesMut::with_capacity(usize::try_from(n).unwrap_or(0));
        whole.extend_from_slice(&first);
        while (whole.len() as u64) < n {
            let piece = self.take(n - whole.len() as u64)?;
            whole.extend_from_slice(&piece);
        }
        Ok(whole.freeze())
    }
}

impl Iterator for Encoder {
    type Item = Result<Bytes, BodyError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(piece) = self.out.ready.pop_front() {
                return Some(Ok(piece));
            }
            if self.finished {
                self.out.flush();
                return self.out.ready.pop_front().map(Ok);
            }
            if let Err(e) = self.step() {
                // Nothing more after an error: the body is cut short.
                self.finished = true;
                self.out = Out::default();
                return Some(Err(e));
            }
            if self.out.pending.len() >= CHUNK_LEN {
                self.out.flush();
            }
        }
    }
}

/// Encoded bytes on their way out: framing and short data gathered into one piece, longer data
/// passed on as it is.
#[derive(Default)]
struct Out {
    ready: VecDeque<Bytes>,
    pending: BytesMut,
}

impl Out {
    fn small(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
    }

    fn data(&mut self, mut data: Bytes) {
        if data.len() < COPY_BELOW {
            self.pending.extend_from_slice(&data);
            return;
        }
        self.flush();
        while !data.is_empty() {
            let piece = data.split_to(data.len().min(CHUNK_LEN));
            self.ready.push_back(piece);
        }
    }

    /// Moves what is gathered to the pieces ready.
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.ready.push_back(self.pending.split().freeze());
        }
    }
}

#[cfg(test)]
#[path = "chunked_stream_tests.rs"]
mod tests;
