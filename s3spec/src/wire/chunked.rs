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
const TRAILER_SIGNATURE: &str = "x-amz-trailer-signature";

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
        use sha1::Digest as _;
        use sha2::Digest as _;
        match self {
            Self::Crc32 => BASE64.encode(crc_fast::crc32_iso_hdlc(data).to_be_bytes()),
            Self::Crc32c => BASE64.encode(crc_fast::crc32_iscsi(data).to_be_bytes()),
            Self::Crc64Nvme => BASE64.encode(crc_fast::crc64_nvme(data).to_be_bytes()),
            Self::Sha1 => BASE64.encode(sha1::Sha1::digest(data)),
            Self::Sha256 => BASE64.encode(sha2::Sha256::digest(data)),
        }
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
        let size = self.chunk_size.max(1);
        let per_chunk = |len: usize| {
            let meta = if signed {
                CHUNK_SIGNATURE.len() + SIGNATURE_LEN
            } else {
                0
            };
            format!("{len:x}").len() + meta + 2 + len + 2
        };
        let full = body_len / size;
        let rest = body_len % size;
        let mut total = full * per_chunk(size) + if rest > 0 { per_chunk(rest) } else { 0 };
        // The last chunk has no data and no CRLF after its (absent) data when a trailer follows.
        total += per_chunk(0) - 2;
        if let Some(trailer) = self.trailer {
            total += trailer.trailer_line_len();
            if signed {
                total += TRAILER_SIGNATURE.len() + 1 + SIGNATURE_LEN + 2;
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
    let mut head = format!("{:x}", chunk.len());
    if let Some(signature) = signature {
        let _ = write!(head, "{CHUNK_SIGNATURE}{signature}");
    }
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(chunk);
    out.extend_from_slice(b"\r\n");
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
