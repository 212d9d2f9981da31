//! Sends one step through the wire layer: build the request (typed, raw or POST form), apply
//! the step's changes before signing, sign as its identity and `send:` say, apply the changes
//! after signing, send with the step's framing, and turn the exchange into a [`Response`].

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use s3spec_suite::send::{Auth, Checksum, Framing as StepFraming, Tweaks};
use s3spec_suite::{Action, Identity, RawRequest, Step};

use super::post_form;
use super::resolve::{self, Ctx};
use crate::response::Response;
use crate::target::{Addressing, Target};
use crate::wire::body::BodyError;
use crate::wire::chunked::{ChecksumAlgorithm, Chunking};
use crate::wire::exchange::Exchange;
use crate::wire::request::{Endpoint, Request};
use crate::wire::send::{self as wire_send, Framing, SendOptions};
use crate::wire::serialize;
use crate::wire::sign::{self, Credentials, SignError, SignMode, Signed, Signer};

/// Why a step has no response to judge.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SendError {
    /// A value could not be turned into the request (an unset variable, a bad body file).
    Param { name: String, message: String },
    /// No response arrived: connection refused, deadline passed, request could not be sent.
    Transport(String),
}

/// The access key of `as: unknown-key`: of the form AWS uses, and registered nowhere.
pub(crate) const UNKNOWN_ACCESS_KEY: &str = "AKIAS3SPECUNKNOWNKEY";

/// What a step is sent with.
pub(crate) struct Sending<'a> {
    pub target: &'a Target,
    pub ctx: Ctx<'a>,
    pub deadline: Duration,
}

/// Sends `step` and returns what the server answered.
pub(crate) async fn step(step: &Step, s: &Sending<'_>) -> Result<Response, SendError> {
    let endpoint = Endpoint::parse(&s.target.endpoint)
        .map_err(|e| SendError::Transport(format!("failed to use the target's endpoint: {e}")))?;
    let credentials = credentials(&step.identity, s.target);
    let mut signer = Signer::new(
        credentials.clone().unwrap_or_else(|| Credentials {
            access_key: String::new(),
            secret_key: String::new(),
            session_token: None,
        }),
        s.target.region.clone(),
    );
    if let Some(offset) = step.send.signed_at {
        signer = signer.at(shifted(offset));
    }
    let mode = sign_mode(step, credentials.is_some());
    let signed = match &step.action {
        Action::Operation { operation, params } => {
            let mut request = typed(operation, params, s)?;
            tweak(&mut request, &step.send.before, &s.ctx)?;
            sign_request(request, &endpoint, &signer, &mode).await?
        }
        Action::Raw(raw) => {
            if let Some(bytes) = &raw.verbatim {
                return verbatim(bytes, s).await;
            }
            let mut request = raw_request(raw, &s.ctx)?;
            tweak(&mut request, &step.send.before, &s.ctx)?;
            sign_request(request, &endpoint, &signer, &mode).await?
        }
        Action::Post(form) => post_form::signed(form, &endpoint, &signer, &mode, &s.ctx).await?,
    };
    // The body as sent is read once for the record (an encoded or joined one is new).
    prepare(&signed.request).await?;
    let mut signed = signed;
    tweak(&mut signed.request, &step.send.after, &s.ctx)?;
    if !step.send.after.is_empty() {
        signed
            .signing
            .tampered
            .push("changed after signing (send.after-signing)".to_owned());
    }
    let options = SendOptions {
        deadline: s.deadline,
        framing: framing(step),
        ..SendOptions::default()
    };
    let exchange = wire_send::send_signed(&s.target.endpoint, &signed, &options)
        .await
        .map_err(|e| SendError::Transport(e.to_string()))?;
    Ok(response(&exchange, step, &endpoint))
}

/// Reads a streamed body once (its hash is signed and recorded), off the async workers.
async fn prepare(request: &Request) -> Result<(), SendError> {
    request.body.prepare().await.map_err(body_error)
}

fn body_error(e: BodyError) -> SendError {
    SendError::Param {
        name: "Body".to_owned(),
        message: e.to_string(),
    }
}

/// Signs as `mode` says. A streamed payload is read first for its hash; one sent as aws-chunked
/// is read instead as it is encoded and its chunks signed, off the async workers too.
async fn sign_request(
    request: Request,
    endpoint: &Endpoint,
    signer: &Signer,
    mode: &SignMode,
) -> Result<Signed, SendError> {
    let chunked = matches!(
        mode,
        SignMode::Streaming(_) | SignMode::StreamingUnsignedTrailer(_)
    );
    if !chunked || request.body.as_bytes().is_some() {
        prepare(&request).await?;
        return sign::sign(request, endpoint, signer, mode).map_err(sign_error);
    }
    let (endpoint, signer, mode) = (endpoint.clone(), signer.clone(), mode.clone());
    tokio::task::spawn_blocking(move || sign::sign(request, &endpoint, &signer, &mode))
        .await
        .map_err(|e| SendError::Transport(format!("failed to sign the request: {e}")))?
        .map_err(sign_error)
}

fn sign_error(e: SignError) -> SendError {
    match e {
        SignError::Body(e) => body_error(e),
        e => SendError::Transport(e.to_string()),
    }
}

/// The credentials a step signs with; `None` for anonymous steps.
fn credentials(identity: &Identity, target: &Target) -> Option<Credentials> {
    match identity {
        Identity::Main => Some((&target.credentials).into()),
        Identity::Alt => target.alt.as_ref().map(Into::into),
        Identity::Anonymous => None,
        Identity::UnknownKey => Some(Credentials {
            access_key: UNKNOWN_ACCESS_KEY.to_owned(),
            secret_key: "s3spec-unknown-secret-key-000000000000000".to_owned(),
            session_token: None,
        }),
        Identity::Named(name) => target.identity(name).map(Into::into),
    }
}

fn shifted(offset: i64) -> SystemTime {
    let now = SystemTime::now();
    let by = Duration::from_secs(offset.unsigned_abs());
    if offset < 0 {
        now.checked_sub(by).unwrap_or(now)
    } else {
        now.checked_add(by).unwrap_or(now)
    }
}

fn sign_mode(step: &Step, has_credentials: bool) -> SignMode {
    if !has_credentials {
        return SignMode::Anonymous;
    }
    let chunking = || Chunking {
        chunk_size: step
            .send
            .chunk_size
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(Chunking::default().chunk_size),
        trailer: step.send.trailer.map(checksum),
    };
    match step.send.auth {
        Auth::Header => SignMode::Header,
        Auth::UnsignedPayload => SignMode::UnsignedPayload,
        Auth::Streaming => SignMode::Streaming(chunking()),
        Auth::StreamingUnsignedTrailer => SignMode::StreamingUnsignedTrailer(chunking()),
        Auth::Presigned => SignMode::Presigned {
            expires: step.send.expires.unwrap_or(3600),
        },
        Auth::Anonymous => SignMode::Anonymous,
        Auth::WrongSignature => SignMode::WrongSignature,
    }
}

fn checksum(c: Checksum) -> ChecksumAlgorithm {
    match c {
        Checksum::Crc32 => ChecksumAlgorithm::Crc32,
        Checksum::Crc32c => ChecksumAlgorithm::Crc32c,
        Checksum::Crc64Nvme => ChecksumAlgorithm::Crc64Nvme,
        Checksum::Sha1 => ChecksumAlgorithm::Sha1,
        Checksum::Sha256 => ChecksumAlgorithm::Sha256,
    }
}

fn framing(step: &Step) -> Framing {
    match step.send.framing {
        StepFraming::ContentLength => Framing::ContentLength,
        StepFraming::None => Framing::None,
        StepFraming::Chunked => Framing::Chunked {
            chunk_size: step
                .send
                .chunk_size
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(64 * 1024),
        },
        StepFraming::Expect100 => Framing::Expect100 {
            wait: Duration::from_secs(1),
        },
    }
}

fn typed(
    op: &'static s3spec_api::Operation,
    params: &[s3spec_suite::ParamValue],
    s: &Sending<'_>,
) -> Result<Request, SendError> {
    let mut input = Vec::with_capacity(params.len());
    for p in params {
        let value = match op.member(p.name) {
            Some(member) => resolve::member_input(member, &p.value, &s.ctx),
            None => resolve::input(&p.value, &s.ctx),
        }
        .map_err(|message| SendError::Param {
            name: p.name.to_owned(),
            message,
        })?;
        input.push((p.name.to_owned(), value));
    }
    let addressing = match s.target.addressing {
        Addressing::Path => serialize::Addressing::Path,
        Addressing::VirtualHost => serialize::Addressing::VirtualHosted {
            endpoint_host: Endpoint::parse(&s.target.endpoint)
                .map(|e| e.authority())
                .unwrap_or_default(),
        },
    };
    serialize::build(op, &input, &addressing).map_err(|e| SendError::Param {
        name: e.member.clone(),
        message: e.to_string(),
    })
}

pub(super) fn param_error(name: &str) -> impl Fn(String) -> SendError + '_ {
    move |message| SendError::Param {
        name: name.to_owned(),
        message,
    }
}

fn raw_request(raw: &RawRequest, ctx: &Ctx<'_>) -> Result<Request, SendError> {
    let mut request = Request {
        method: raw.method.value.clone(),
        path: resolve::text(&raw.path, ctx).map_err(param_error("path"))?,
        ..Request::default()
    };
    for (name, value) in &raw.query {
        let value = match value {
            s3spec_suite::Value::Null => None,
            v => Some(resolve::text(v, ctx).map_err(param_error(name))?),
        };
        request.query.push((name.clone(), value));
    }
    for (name, value) in &raw.headers {
        let value = resolve::text(value, ctx).map_err(param_error(name))?;
        request.headers.push((name.clone(), value));
    }
    if let Some(body) = &raw.body {
        request.body = resolve::body(body, ctx).map_err(param_error("body"))?;
    }
    Ok(request)
}

/// Sets (or with `null`, removes) headers and query parameters.
fn tweak(request: &mut Request, tweaks: &Tweaks, ctx: &Ctx<'_>) -> Result<(), SendError> {
    for t in &tweaks.headers {
        match &t.value {
            Some(v) => {
                let v = resolve::template(v, ctx).map_err(param_error(&t.name.value))?;
                request.set_header(&t.name.value, v);
            }
            None => request.remove_header(&t.name.value),
        }
    }
    for t in &tweaks.query {
        let v = match &t.value {
            Some(v) => Some(resolve::template(v, ctx).map_err(param_error(&t.name.value))?),
            None => None,
        };
        match v {
            Some(v) => request.set_query(&t.name.value, Some(v)),
            None => request.query.retain(|(k, _)| *k != t.name.value),
        }
    }
    Ok(())
}

/// Verbatim bytes: sent as they are, unsigned.
async fn verbatim(bytes: &s3spec_suite::Value, s: &Sending<'_>) -> Result<Response, SendError> {
    let text = resolve::text(bytes, &s.ctx).map_err(param_error("verbatim"))?;
    let options = SendOptions {
        deadline: s.deadline,
        framing: Framing::Verbatim(Bytes::from(text.into_bytes())),
        ..SendOptions::default()
    };
    let exchange = wire_send::send(&s.target.endpoint, &Request::default(), &options)
        .await
        .map_err(|e| SendError::Transport(e.to_string()))?;
    Ok(Response::from_exchange(&exchange, None))
}

/// The response, with its request line in path form (`GET /bucket/key`) also when the bucket
/// was in the Host: snapshots are the same for both addressings.
fn response(exchange: &Exchange, step: &Step, endpoint: &Endpoint) -> Response {
    let mut response = Response::from_exchange(exchange, step.operation());
    let suffix = format!(".{}", endpoint.authority());
    if let Some(bucket) = exchange.sent.host.strip_suffix(&suffix) {
        response.request = format!("{} /{bucket}{}", exchange.sent.method, exchange.sent.target);
    }
    response
}
