//! Builds a [`Request`] from typed input, guided by the operation's HTTP binding in the API
//! tables: REST-XML as the Smithy specification and S3 define it, with aws-sdk-s3 as the
//! reference (see the `oracle` tests).
//!
//! Unlike a typed SDK, the serializer sends what it is given: empty labels (`/bucket/`), enum
//! values that are not in the model, timestamps that do not parse. Only what cannot be put on
//! the wire at all is an error: an unknown member, or a list or structure where a single value
//! goes.
//!
//! ```
//! use s3spec::wire::serialize::{Addressing, Input, build};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let Some(op) = s3spec_api::operation("GetObject") else { return Ok(()) };
//! let input = [
//!     ("Bucket".to_owned(), Input::text("photos")),
//!     ("Key".to_owned(), Input::text("2024/a b.jpg")),
//! ];
//! let request = build(op, &input, &Addressing::Path)?;
//! assert_eq!(request.path, "/photos/2024/a%20b.jpg");
//! # Ok(())
//! # }
//! ```

mod checksum;
mod http;
mod uri;
mod xml;

use bytes::Bytes;
use s3spec_api::{Binding, Member, Operation, ShapeKind};
use s3spec_suite::suggest::did_you_mean;

use crate::wire::body::Body;
use crate::wire::request::Request;

/// A value to send, before it is bound to the wire: what a suite's YAML becomes once its
/// variables are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Text(String),
    Int(i64),
    Bool(bool),
    /// A blob: bytes, or a body streamed as it is sent.
    Bytes(Body),
    List(Vec<Input>),
    /// A structure (members by name) or a map (entries by key), in the order given.
    Map(Vec<(String, Input)>),
}

impl Input {
    pub fn text(s: impl Into<String>) -> Self {
        Input::Text(s.into())
    }

    /// A structure or map from (name, value) pairs.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Input)>) -> Self {
        Input::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// What kind of value this is, for error messages.
    fn kind(&self) -> &'static str {
        match self {
            Input::Text(_) => "a string",
            Input::Int(_) => "an integer",
            Input::Bool(_) => "a boolean",
            Input::Bytes(_) => "bytes",
            Input::List(_) => "a list",
            Input::Map(_) => "a mapping",
        }
    }
}

/// Where the bucket goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addressing {
    /// In the path: `/bucket/key`.
    Path,
    /// In the Host: `bucket.s3.example.com:9000`, and out of the path.
    VirtualHosted {
        /// The endpoint's `host:port`, which the bucket is put in front of.
        endpoint_host: String,
    },
}

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("failed to build {operation} request: `{member}` {kind}")]
pub struct BuildError {
    pub operation: &'static str,
    /// Where in the input: `Delete.Objects[0].Key`.
    pub member: String,
    pub kind: BuildErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildErrorKind {
    #[error("is not a member of `{shape}`{}", suggestion.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownMember {
        shape: &'static str,
        suggestion: Option<&'static str>,
    },
    #[error("is {given}, but {expected} is sent here")]
    Mismatch {
        given: &'static str,
        expected: &'static str,
    },
    #[error("is a label of the URI and must be given (it may be empty)")]
    MissingLabel,
    #[error("{0}")]
    Body(crate::wire::body::BodyError),
}

/// A mismatch found below the member being written; the caller adds where.
#[derive(Debug)]
struct Problem {
    /// The path below the member: `.Objects[0].Key`, or empty for the member itself.
    at: String,
    kind: BuildErrorKind,
}

impl Problem {
    fn mismatch(given: &Input, expected: &'static str) -> Self {
        Problem {
            at: String::new(),
            kind: BuildErrorKind::Mismatch {
                given: given.kind(),
                expected,
            },
        }
    }

    /// Puts `segment` (`.Key`, `[0]`) in front of the path.
    fn under(mut self, segment: &str) -> Self {
        self.at.insert_str(0, segment);
        self
    }
}

/// Builds the request for `op` with these input members (by member name, as in the model).
pub fn build(
    op: &'static Operation,
    input: &[(String, Input)],
    addressing: &Addressing,
) -> Result<Request, BuildError> {
    let fail = |member: &str, problem: Problem| BuildError {
        operation: op.name,
        member: format!("{member}{}", problem.at),
        kind: problem.kind,
    };
    let mut bound: Vec<(&'static Member, &Input)> = Vec::with_capacity(input.len());
    for (name, value) in input {
        let member = op.member(name).ok_or_else(|| {
            fail(
                name,
                Problem {
                    at: String::new(),
                    kind: BuildErrorKind::UnknownMember {
                        shape: op.name,
                        suggestion: did_you_mean(name, op.input.iter().map(|m| m.name)),
                    },
                },
            )
        })?;
        bound.push((member, value));
    }
    // Model order, so the request does not depend on the order the suite lists members in.
    bound.sort_by_key(|(m, _)| op.input.iter().position(|x| std::ptr::eq(x, *m)));

    let target = uri::Target::new(op, &bound, addressing).map_err(|(m, p)| fail(m, p))?;
    let mut request = Request {
        method: op.method.to_owned(),
        host: target.host,
        path: target.path,
        query: target.query,
        ..Request::default()
    };
    for (member, value) in &bound {
        bind(&mut request, member, value).map_err(|p| fail(member.name, p))?;
    }
    default_content_type(op, &mut request);
    checksum::add_required(op, &mut request);
    Ok(request)
}

/// Puts one member where its binding says (labels are already in the path).
fn bind(request: &mut Request, member: &'static Member, value: &Input) -> Result<(), Problem> {
    match member.binding {
        Binding::Header(name) => {
            let text = http::header_value(member, value)?;
            request.headers.push((name.to_owned(), text));
        }
        Binding::PrefixHeaders(prefix) => {
            for (key, text) in http::prefix_headers(member, value)? {
                request.headers.push((format!("{prefix}{key}"), text));
            }
        }
        Binding::Query(name) => {
            for text in http::query_values(member, value)? {
                request.query.push((name.to_owned(), Some(text)));
            }
        }
        Binding::QueryParams => {
            for (key, text) in http::query_params(member, value)? {
                // Members bound to a query key win over the free-form map (Smithy's rule).
                if !request.query.iter().any(|(k, _)| *k == key) {
                    request.query.push((key, Some(text)));
                }
            }
        }
        Binding::Payload => request.body = payload(member, value)?,
        Binding::Label { .. } | Binding::HostLabel | Binding::StatusCode | Binding::Body => {}
    }
    Ok(())
}

/// The body of a payload member: object data, a policy's text, or an XML document.
fn payload(member: &'static Member, value: &Input) -> Result<Body, Problem> {
    match (&member.shape.kind, value) {
        (ShapeKind::Structure(_) | ShapeKind::Union(_), _) => {
            Ok(Body::from(xml::document(member, value)?))
        }
        (_, Input::Bytes(b)) => Ok(b.clone()),
        (_, Input::Text(s)) => Ok(Body::from(Bytes::from(s.clone()))),
        (_, other) => Err(Problem::mismatch(other, "a string or bytes")),
    }
}

/// The Content-Type the SDK sends by the payload's kind, unless the input set one.
fn default_content_type(op: &Operation, request: &mut Request) {
    let Some(payload) = op.input.iter().find(|m| m.binding == Binding::Payload) else {
        return;
    };
    let content_type = match payload.shape.kind {
        ShapeKind::Blob { .. } => "application/octet-stream",
        ShapeKind::String | ShapeKind::Enum(_) => "text/plain",
        _ => "application/xml",
    };
    if request.header("content-type").is_none() {
        request
            .headers
            .push(("content-type".to_owned(), content_type.to_owned()));
    }
}

#[cfg(test)]
mod tests;
