//! Chunked bodies: S3's aws-chunked encoding (signed or unsigned chunks, checksum trailers) and
//! plain HTTP `Transfer-Encoding: chunked`.

use std::fmt::Write as _;

use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::http::Headers;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;

/// The chunk size the AWS SDKs use.
pub const DEFAULT_CHUNK_SIZE: usize = 64 * 1024;

const SIGNATURE_LEN: usize = 64;
const CHUNK_SIGNATURE: &str = ";chunk-signature=";
pub(super) const TRAILER_SIGNATURE: &str = "x-amz-trailer-signature";

/// A checksum S3 accepts in an `x-amz-checksum-*` header or trailer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecksumAlgorithm {
    Crc32,
    Crc32c,
    Crc64Nvme,
    Sha1,
    Sha256,
}

impl ChecksumAlgorithm {
    pub const ALL: [ChecksumAlgorithm; 5] = [
        Self::Crc32,
        Self::Crc32c,
        Self::Crc64Nvme,
        Self::Sha1,
        Self::Sha256,
    ];

    /// The name as in `x-amz-checksum-algorithm`: `CRC32`, `CRC64NVME`, ...
    pub fn name(self) -> &'static str {
        match self {
            Self::Crc32 => "CRC32",
            Self::Crc32c => "CRC32C",
            Self::Crc64Nvme => "CRC64NVME",
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
        }
    }

    /// The algorithm of a name as in `x-amz-checksum-algorithm` (case-insensitive).
    pub fn from_name(name: &str) -> Option<ChecksumAlgorithm> {
        Self::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name))
    }

    /// The header (or trailer) that carries it: `x-amz-checksum-crc32`.
    pub fn header_name(self) -> &'static str {
        match self {
            Self::Crc32 => "x-amz-checksum-crc32",
            Self::Crc32c => "x-amz-checksum-crc32c",
            Self::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Self::Sha1 => "x-amz-checksum-sha1",
            Self::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// The checksum of `data` as S3 writes it: base64 of the big-endian digest.
    pub fn compute(self, data: &[u8]) -> String {
        let mut checksum = Checksummer::new(self);
        checksum.update(data);
        BASE64.encode(checksum.finish())
    }

    fn digest_len(self) -> usize {
        match self {
            Self::Crc32 | Self::Crc32c => 4,
            Self::Crc64Nvme => 8,
            Self::Sha1 => 20,
            Self::Sha256 => 32,
        }
    }

    /// The length of the trailer line `name:value\r\n`.
    fn trailer_line_len(self) -> usize {
        self.header_name().len() + 1 + self.digest_len().div_ceil(3) * 4 + 2
    }
}

/// A checksum computed a piece at a time.
pub enum Checksummer {
    Crc(crc_fast::Digest, usize),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

impl std::fmt::Debug for Checksummer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Crc(..) => "Checksummer::Crc",
            Self::Sha1(_) => "Checksummer::Sha1",
            Self::Sha256(_) => "Checksummer::Sha256",
        })
    }
}

impl Checksummer {
    pub fn new(algorithm: ChecksumAlgorithm) -> Self {
        use crc_fast::CrcAlgorithm;
        use sha1::Digest as _;
        match algorithm {
            ChecksumAlgorithm::Crc32 => {
                Self::Crc(crc_fast::Digest::new(CrcAlgorithm::Crc32IsoHdlc), 4)
            }
            ChecksumAlgorithm::Crc32c => {
                Self::Crc(crc_fast::Digest::new(CrcAlgorithm::Crc32Iscsi), 4)
            }
            ChecksumAlgorithm::Crc64Nvme => {
                Self::Crc(crc_fast::Digest::new(CrcAlgorithm::Crc64Nvme), 8)
            }
            ChecksumAlgorithm::Sha1 => Self::Sha1(sha1::Sha1::new()),
            ChecksumAlgorithm::Sha256 => Self::Sha256(<sha2::Sha256 as sha2::Digest>::new()),
        }
    }

    pub fn update(&mut self, piece: &[u8]) {
        use sha1::Digest as _;
        match self {
            Self::Crc(d, _) => d.update(piece),
            Self::Sha1(d) => d.update(piece),
            Self::Sha256(d) => sha2::Digest::update(d, piece),
        }
    }

    /// The digest, big-endian.
    pub fn finish(self) -> Vec<u8> {
        use sha1::Digest as _;
        match self {
            Self::Crc(d, width) => d.finalize().to_be_bytes()[8 - width..].to_vec(),
            Self::Sha1(d) => d.finalize().to_vec(),
            Self::Sha256(d) => sha2::Digest::finalize(d).to_vec(),
        }
    }
}

/// How an aws-chunked body is cut and what follows its last chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunking {
    /// Bytes of payload per chunk (the last one may be shorter); at least 1.
    pub chunk_size: usize,
    /// A checksum of the payload sent as a trailer after the last chunk.
    pub trailer: Option<ChecksumAlgorithm>,
}

impl Default for Chunking {
    fn default() -> Self {
        Self {
            chunk_size: DEFAULT_CHUNK_SIZE,
            trailer: None,
        }
    }
}

impl Chunking {
    fn chunks<'a>(&self, body: &'a [u8]) -> impl Iterator<Item = &'a [u8]> {
        body.chunks(self.chunk_size.max(1))
    }

    /// The length of `body` once encoded, known before encoding because every signature has
    /// the same length: it goes in the signed Content-Length.
    pub fn encoded_len(&self, body_len: usize, signed: bool) -> usize {
        let len = self.stream_len(body_len as u64, signed);
        usize::try_from(len).unwrap_or(usize::MAX)
    }

    /// [`Chunking::encoded_len`] of a body of any length.
    pub fn stream_len(&self, body_len: u64, signed: bool) -> u64 {
        let meta = if signed {
            (CHUNK_SIGNATURE.len() + SIGNATURE_LEN) as u64
        } else {
            0
        };
        // The last chunk has no data and no CRLF after its (absent) data when a trailer follows.
        let mut total = chunks_len(body_len, self.chunk_size, meta) + 1 + meta + 2;
        if let Some(trailer) = self.trailer {
            total += trailer.trailer_line_len() as u64;
            if signed {
                total += (TRAILER_SIGNATURE.len() + 1 + SIGNATURE_LEN + 2) as u64;
            }
        }
        total + 2
    }

    fn trailer_line(&self, body: &[u8]) -> Option<(&'static str, String)> {
        self.trailer.map(|a| (a.header_name(), a.compute(body)))
    }
}

/// Encodes `body` as unsigned aws-chunked (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`):
/// `<hex size>\r\n<data>\r\n` ..., `0\r\n`, the trailer if any, `\r\n`.
pub fn encode_unsigned(body: &[u8], chunking: &Chunking) -> Bytes {
    let mut out = Vec::with_capacity(chunking.encoded_len(body.len(), false));
    for chunk in chunking.chunks(body) {
        push_chunk(&mut out, chunk, None);
    }
    out.extend_from_slice(b"0\r\n");
    if let Some((name, value)) = chunking.trailer_line(body) {
        out.extend_from_slice(format!("{name}:{value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    Bytes::from(out)
}

/// The signatures of a signed aws-chunked body, for the record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChunkSignatures {
    /// One per chunk, the final empty chunk included, in order.
    pub chunks: Vec<String>,
    pub trailer: Option<String>,
}

/// Why a chunk could not be signed.
#[derive(Debug, thiserror::Error)]
#[error("failed to sign an aws-chunked chunk: {0}")]
pub struct ChunkSignError(#[source] aws_sigv4::http_request::SigningError);

/// Encodes `body` as signed aws-chunked (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`): each
/// chunk's signature chains from the previous one, starting at the request's `seed` signature.
pub fn encode_signed(
    body: &[u8],
    chunking: &Chunking,
    params: &v4::SigningParams<'_, ()>,
    seed: &str,
) -> Result<(Bytes, ChunkSignatures), ChunkSignError> {
    let mut out = Vec::with_capacity(chunking.encoded_len(body.len(), true));
    let mut signatures = ChunkSignatures::default();
    let mut previous = seed.to_owned();
    let empty = Bytes::new();
    let mut sign = |chunk: &Bytes, previous: &mut String| {
        let signature = v4::sign_chunk(chunk, previous, params)
            .map_err(ChunkSignError)?
            .signature()
            .to_owned();
        signatures.chunks.push(signature.clone());
        *previous = signature.clone();
        Ok::<_, ChunkSignError>(signature)
    };
    for chunk in chunking.chunks(body) {
        let signature = sign(&Bytes::copy_from_slice(chunk), &mut previous)?;
        push_chunk(&mut out, chunk, Some(&signature));
    }
    let last = sign(&empty, &mut previous)?;
    out.extend_from_slice(format!("0{CHUNK_SIGNATURE}{last}\r\n").as_bytes());
    if let Some((name, value)) = chunking.trailer_line(body) {
        let mut trailers = Headers::new();
        trailers.insert(name, value.clone());
        let signature = v4::sign_trailer(&trailers, &previous, params)
            .map_err(ChunkSignError)?
            .signature()
            .to_owned();
        out.extend_from_slice(format!("{name}:{value}\r\n").as_bytes());
        out.extend_from_slice(format!("{TRAILER_SIGNATURE}:{signature}\r\n").as_bytes());
        signatures.trailer = Some(signature);
    }
    out.extend_from_slice(b"\r\n");
    Ok((Bytes::from(out), signatures))
}

fn push_chunk(out: &mut Vec<u8>, chunk: &[u8], signature: Option<&str>) {
    out.extend_from_slice(chunk_head(chunk.len() as u64, signature).as_bytes());
    out.extend_from_slice(chunk);
    out.extend_from_slice(b"\r\n");
}

/// What comes before a chunk's data: `<hex size>[;chunk-signature=<signature>]\r\n`.
pub(super) fn chunk_head(len: u64, signature: Option<&str>) -> String {
    let mut head = format!("{len:x}");
    if let Some(signature) = signature {
        let _ = write!(head, "{CHUNK_SIGNATURE}{signature}");
    }
    head.push_str("\r\n");
    head
}

/// The length of the chunks that carry `body_len` bytes, `chunk_size` at a time, each with
/// `meta` bytes after its hex size: `<hex size><meta>\r\n<data>\r\n`.
fn chunks_len(body_len: u64, chunk_size: usize, meta: u64) -> u64 {
    let size = chunk_size.max(1) as u64;
    let per_chunk = |len: u64| format!("{len:x}").len() as u64 + meta + 2 + len + 2;
    let rest = body_len % size;
    (body_len / size) * per_chunk(size) + if rest > 0 { per_chunk(rest) } else { 0 }
}

/// The length of `body_len` bytes encoded by [`encode_transfer_chunked`].
pub fn transfer_chunked_len(body_len: u64, chunk_size: usize) -> u64 {
    chunks_len(body_len, chunk_size, 0) + b"0\r\n\r\n".len() as u64
}

/// Encodes `body` for `Transfer-Encoding: chunked`: `<hex size>\r\n<data>\r\n` ..., `0\r\n\r\n`.
pub fn encode_transfer_chunked(body: &[u8], chunk_size: usize) -> Bytes {
    let mut out = Vec::with_capacity(body.len() + body.len() / chunk_size.max(1) * 12 + 16);
    for chunk in body.chunks(chunk_size.max(1)) {
        push_chunk(&mut out, chunk, None);
    }
    out.extend_from_slice(b"0\r\n\r\n");
    Bytes::from(out)
}

#[cfg(test)]
#[path = "chunked_tests.rs"]
mod tests;
