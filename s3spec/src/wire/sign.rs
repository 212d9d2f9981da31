//! Signing a [`Request`] with SigV4, as the AWS SDKs sign S3 requests (aws-sigv4 with S3's
//! settings), in every mode a conformance test needs: header auth, unsigned payloads, signed and
//! unsigned aws-chunked streaming, presigned URLs, anonymous requests and wrong signatures.

mod canonical;
mod signer;

use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation,
    SigningError, SigningParams, SigningSettings, UriPathNormalizationMode,
};
use aws_smithy_runtime_api::client::identity::Identity;

use super::body::{Body, BodyError};
use super::chunked::{self, ChunkSignatures, Chunking};
use super::chunked_stream::{self, ChunkSigning};
use super::request::{Endpoint, Request};

pub use signer::{Credentials, Signer};

const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
const STREAMING_SIGNED: &str = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

/// How a request is authenticated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SignMode {
    /// An Authorization header; `x-amz-content-sha256` is the SHA-256 of the body.
    #[default]
    Header,
    /// An Authorization header with `x-amz-content-sha256: UNSIGNED-PAYLOAD`.
    UnsignedPayload,
    /// An Authorization header with this `x-amz-content-sha256` (e.g. one that does not match
    /// the body).
    PayloadHash(String),
    /// Signed aws-chunked (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, or `...-TRAILER` with a
    /// trailer).
    Streaming(Chunking),
    /// Unsigned aws-chunked with a trailer (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`), what current
    /// AWS SDKs send for PutObject.
    StreamingUnsignedTrailer(Chunking),
    /// Query auth valid for `expires` seconds from the signing time.
    Presigned { expires: u64 },
    /// Nothing added.
    Anonymous,
    /// Signed as [`SignMode::Header`], then the signature replaced by a valid-looking wrong one.
    WrongSignature,
}

impl SignMode {
    /// The name a suite uses for the mode.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::UnsignedPayload => "unsigned-payload",
            Self::PayloadHash(_) => "payload-hash",
            Self::Streaming(c) if c.trailer.is_some() => "streaming-trailer",
            Self::Streaming(_) => "streaming",
            Self::StreamingUnsignedTrailer(_) => "streaming-unsigned-trailer",
            Self::Presigned { .. } => "presigned",
            Self::Anonymous => "anonymous",
            Self::WrongSignature => "wrong-signature",
        }
    }
}

/// How a request was signed, for the record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signing {
    /// [`SignMode::name`].
    pub mode: &'static str,
    /// `x-amz-date` of the signature: `20130524T000000Z`.
    pub amz_date: Option<String>,
    /// The signed header names, lowercase and sorted, as in `SignedHeaders=`.
    pub signed_headers: Vec<String>,
    /// The canonical request, when it could be rebuilt and checked against the signature.
    pub canonical_request: Option<String>,
    pub string_to_sign: Option<String>,
    /// The signature sent (the wrong one for a wrong signature).
    pub signature: Option<String>,
    /// Chunk and trailer signatures of a signed aws-chunked body.
    pub chunk_signatures: Option<ChunkSignatures>,
    /// What was changed after signing, in order.
    pub tampered: Vec<String>,
    /// The policy document of a POST form upload, as JSON (its base64 is the string to sign).
    pub policy: Option<String>,
}

/// A request ready to send, and how it was signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub request: Request,
    pub signing: Signing,
}

/// A change made after signing, so that the signature no longer matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tamper {
    /// Sets a query parameter (adds it if absent).
    Query { name: String, value: Option<String> },
    /// Replaces the path.
    Path(String),
    /// Replaces the signature (header or query) by a valid-looking wrong one.
    Signature,
}

/// Why a request could not be signed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    #[error("failed to sign the request: {0}")]
    Sigv4(#[source] SigningError),
    #[error("failed to sign the request: invalid signing parameters: {0}")]
    Params(String),
    #[error(transparent)]
    Chunk(#[from] chunked::ChunkSignError),
    #[error("failed to sign the request: {0}")]
    Body(#[from] BodyError),
}

/// Signs `request` for `endpoint` as `mode` says. The Host signed is the one
/// [`Request::host_for`] gives, and is recorded in [`Request::host`].
pub fn sign(
    mut request: Request,
    endpoint: &Endpoint,
    signer: &Signer,
    mode: &SignMode,
) -> Result<Signed, SignError> {
    request.host = Some(request.host_for(endpoint));
    let time = signer.signing_time();
    let mut signing = Signing {
        mode: mode.name(),
        ..Signing::default()
    };
    let (chunking, signed_chunks) = match mode {
        SignMode::Anonymous => return Ok(Signed { request, signing }),
        SignMode::Streaming(c) => (Some(*c), true),
        SignMode::StreamingUnsignedTrailer(c) => (Some(*c), false),
        _ => (None, false),
    };
    if let Some(chunking) = &chunking {
        prepare_streaming(&mut request, chunking, signed_chunks);
    }
    let identity = signer.credentials.identity();
    let seed = sign_head(&mut request, endpoint, signer, &identity, time, mode)?;
    record_head(&mut signing, &request, signer, time, &seed);
    if let Some(chunking) = chunking {
        let chain = signed_chunks.then(|| ChunkSigning {
            signer: signer.clone(),
            time,
            seed,
        });
        let payload = std::mem::take(&mut request.body);
        (request.body, signing.chunk_signatures) = encode_chunked(payload, chunking, chain)?;
    }
    let mut signed = Signed { request, signing };
    if *mode == SignMode::WrongSignature {
        signed.tamper(Tamper::Signature);
    }
    Ok(signed)
}

/// Encodes the payload as aws-chunked, signed when `chain` is set: at once when it is in memory,
/// else as it is sent.
fn encode_chunked(
    payload: Body,
    chunking: Chunking,
    chain: Option<ChunkSigning>,
) -> Result<(Body, Option<ChunkSignatures>), SignError> {
    Ok(match (payload, chain) {
        (Body::Bytes(bytes), None) => (
            Body::Bytes(chunked::encode_unsigned(&bytes, &chunking)),
            None,
        ),
        (stream, None) => (chunked_stream::unsigned(stream, chunking), None),
        (Body::Bytes(bytes), Some(chain)) => {
            let identity = chain.signer.credentials.identity();
            let params = chain.signer.v4_params(&identity, chain.time, ())?;
            let (body, signatures) =
                chunked::encode_signed(&bytes, &chunking, &params, &chain.seed)?;
            (Body::Bytes(body), Some(signatures))
        }
        (stream, Some(chain)) => {
            let (body, signatures) = chunked_stream::signed(stream, chunking, chain)?;
            (body, Some(signatures))
        }
    })
}

/// Records what the head's signature covers.
fn record_head(
    signing: &mut Signing,
    request: &Request,
    signer: &Signer,
    time: SystemTime,
    signature: &str,
) {
    signing.amz_date = request
        .header("x-amz-date")
        .or_else(|| request.query_value("X-Amz-Date"))
        .map(str::to_owned);
    signing.signed_headers = canonical::signed_headers(request);
    if let Some(rebuilt) = canonical::rebuild(request, signer, time, signature) {
        signing.canonical_request = Some(rebuilt.canonical_request);
        signing.string_to_sign = Some(rebuilt.string_to_sign);
    }
    signing.signature = Some(signature.to_owned());
}

/// Adds the aws-chunked headers; the encoded body replaces the payload after the seed signature.
/// The lengths are known before encoding: every chunk signature has the same length.
fn prepare_streaming(request: &mut Request, chunking: &Chunking, signed: bool) {
    let encoding = match request.header("content-encoding") {
        Some(e)
            if e.split(',')
                .any(|p| p.trim().eq_ignore_ascii_case("aws-chunked")) =>
        {
            e.to_owned()
        }
        Some(e) => format!("aws-chunked,{e}"),
        None => "aws-chunked".to_owned(),
    };
    let len = request.body.len();
    request.set_header("content-encoding", encoding);
    request.set_header("x-amz-decoded-content-length", len.to_string());
    if let Some(trailer) = chunking.trailer {
        request.set_header("x-amz-trailer", trailer.header_name());
    }
    request.set_header(
        "content-length",
        chunking.stream_len(len, signed).to_string(),
    );
}

/// What aws-sdk-s3 sets, and where the mode puts the signature: S3 neither normalizes nor
/// double-encodes paths, and wants `x-amz-content-sha256`.
fn settings(mode: &SignMode) -> SigningSettings {
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    if let SignMode::Presigned { expires } = mode {
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(Duration::from_secs(*expires));
    }
    settings
}

/// What the mode signs as the payload (`x-amz-content-sha256`). A streamed body's hash comes
/// from its summary (one read of it), not from holding it.
fn signable_body<'a>(mode: &'a SignMode, payload: &'a Body) -> Result<SignableBody<'a>, BodyError> {
    Ok(match mode {
        SignMode::Header | SignMode::WrongSignature | SignMode::Anonymous => match payload {
            Body::Bytes(bytes) => SignableBody::Bytes(bytes),
            Body::Stream(_) => SignableBody::Precomputed(payload.summary()?.sha256_hex()),
        },
        SignMode::UnsignedPayload => SignableBody::UnsignedPayload,
        SignMode::PayloadHash(hash) => SignableBody::Precomputed(hash.clone()),
        SignMode::Streaming(c) if c.trailer.is_some() => {
            SignableBody::StreamingSignedPayloadTrailer
        }
        SignMode::Streaming(_) => SignableBody::Precomputed(STREAMING_SIGNED.to_owned()),
        SignMode::StreamingUnsignedTrailer(_) => SignableBody::StreamingUnsignedPayloadTrailer,
        SignMode::Presigned { .. } => SignableBody::Precomputed(UNSIGNED_PAYLOAD.to_owned()),
    })
}

/// Signs the method, target and headers with aws-sigv4 and adds what it returns; gives the
/// signature (the seed of a chunked body).
fn sign_head(
    request: &mut Request,
    endpoint: &Endpoint,
    signer: &Signer,
    identity: &Identity,
    time: SystemTime,
    mode: &SignMode,
) -> Result<String, SignError> {
    // aws-sigv4 adds these itself; a second copy would be sent unsigned.
    for name in ["x-amz-date", "x-amz-content-sha256", "authorization"] {
        request.remove_header(name);
    }
    if signer.credentials.session_token.is_some() {
        request.remove_header("x-amz-security-token");
    }
    let payload = request.body.clone();
    let host = request.host_for(endpoint);
    let mut headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if request.header("host").is_none() {
        headers.push(("host", &host));
    }
    let uri = format!("{}{}", endpoint.url(), request.target());
    let body = signable_body(mode, &payload)?;
    let signable = SignableRequest::new(&request.method, uri, headers.into_iter(), body)
        .map_err(SignError::Sigv4)?;
    let params: SigningParams<'_> = signer.v4_params(identity, time, settings(mode))?.into();
    let (instructions, signature) = aws_sigv4::http_request::sign(signable, &params)
        .map_err(SignError::Sigv4)?
        .into_parts();
    let (headers, query) = instructions.into_parts();
    for header in headers {
        request.set_header(header.name(), header.value());
    }
    for (name, value) in query {
        request
            .query
            .push((name.to_owned(), Some(value.into_owned())));
    }
    Ok(signature)
}

impl Signed {
    /// Changes the request after signing, and records the change.
    pub fn tamper(&mut self, tamper: Tamper) {
        let request = &mut self.request;
        match &tamper {
            Tamper::Query { name, value } => request.set_query(name, value.clone()),
            Tamper::Path(path) => request.path = path.clone(),
            Tamper::Signature => {
                let Some(real) = self.signing.signature.clone() else {
                    return;
                };
                let wrong = wrong_signature(&real);
                if request.query_value("X-Amz-Signature").is_some() {
                    request.set_query("X-Amz-Signature", Some(wrong.clone()));
                } else if let Some(auth) = request.header("authorization") {
                    let auth =
                        auth.replace(&format!("Signature={real}"), &format!("Signature={wrong}"));
                    request.set_header("authorization", auth);
                }
                self.signing.signature = Some(wrong);
            }
        }
        self.signing.tampered.push(match tamper {
            Tamper::Query { name, value } => format!("query {name}={}", value.unwrap_or_default()),
            Tamper::Path(path) => format!("path {path}"),
            Tamper::Signature => "signature".to_owned(),
        });
    }
}

/// A signature of the right shape that no key produced: the SHA-256 of the real one.
fn wrong_signature(real: &str) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(real.as_bytes()))
}

#[cfg(test)]
#[path = "sign/tests.rs"]
mod tests;
