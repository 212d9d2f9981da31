//! Reads a response as the operation's output members, guided by the API tables: header-bound
//! members by their names (`ETag`, `VersionId`, `Metadata`), the XML body by the output shape.
//!
//! Error documents (`<Error>`, also in a 200 response, as CompleteMultipartUpload and CopyObject
//! may send) are read into their members and flagged. Object data is never parsed, and a body
//! that is not well-formed XML is an error that says where, never partial data.

mod shaped;
mod tree;

use s3spec_api::{Binding, Member, Operation, ShapeKind};

use crate::data::Data;

/// The response's output members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// A mapping of member names to values, body members first, in the order received.
    pub fields: Data,
    /// The body was an `<Error>` document; `fields` holds its members (`Code`, `Message`, ...).
    pub error_document: bool,
}

impl Output {
    /// The `Code` of an error document.
    pub fn error_code(&self) -> Option<&str> {
        if !self.error_document {
            return None;
        }
        self.fields.get("Code").and_then(Data::as_text)
    }
}

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed XML at byte {offset}: {reason}")]
pub struct ParseError {
    /// Where in the body the problem is.
    pub offset: u64,
    pub reason: String,
}

impl ParseError {
    fn new(offset: u64, reason: impl Into<String>) -> Self {
        ParseError {
            offset,
            reason: reason.into(),
        }
    }
}

/// The output members of `op`'s response. Header names are matched case-insensitively.
pub fn fields(
    op: &'static Operation,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<Output, ParseError> {
    let (mut entries, error_document) = body_members(op, status, body)?;
    for m in op.output {
        if entries.iter().any(|(k, _)| k == m.name) {
            continue; // The body's member wins, as in the SDK.
        }
        if let Some(value) = header_member(m, status, headers) {
            entries.push((m.name.to_owned(), value));
        }
    }
    Ok(Output {
        fields: Data::Map(entries),
        error_document,
    })
}

/// The value of a member bound to the status line or to headers, when the response has it.
fn header_member(m: &Member, status: u16, headers: &[(String, String)]) -> Option<Data> {
    match m.binding {
        Binding::Header(name) => headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| Data::text(v.clone())),
        Binding::PrefixHeaders(prefix) => {
            let entries: Vec<(String, Data)> = headers
                .iter()
                .filter_map(|(k, v)| {
                    let rest = k.get(prefix.len()..)?;
                    k[..prefix.len()]
                        .eq_ignore_ascii_case(prefix)
                        .then(|| (rest.to_owned(), Data::text(v.clone())))
                })
                .collect();
            (!entries.is_empty()).then_some(Data::Map(entries))
        }
        Binding::StatusCode => Some(Data::Int(i64::from(status))),
        _ => None,
    }
}

/// The members the body holds, and whether it is an error document.
fn body_members(
    op: &'static Operation,
    status: u16,
    body: &[u8],
) -> Result<(Vec<(String, Data)>, bool), ParseError> {
    let success = (200..300).contains(&status);
    let payload = op.output.iter().find(|m| m.binding == Binding::Payload);
    let starts_like_xml = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    if let Some(p) = payload {
        match p.shape.kind {
            // Object data is the caller's; an error instead of it is an XML document.
            ShapeKind::Blob { .. } if success || !starts_like_xml => {
                return Ok((Vec::new(), false));
            }
            // A policy is JSON text, unless the server answered with an error document.
            ShapeKind::String | ShapeKind::Enum(_) if !starts_like_xml => {
                if body.is_empty() {
                    return Ok((Vec::new(), false));
                }
                let text = String::from_utf8_lossy(body).into_owned();
                return Ok((vec![(p.name.to_owned(), Data::Text(text))], false));
            }
            _ => {}
        }
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok((Vec::new(), false));
    }
    let root = tree::parse(body)?;
    if root.name == "Error" {
        return Ok((error_members(&root), true));
    }
    let entries = match payload {
        Some(p) => vec![(p.name.to_owned(), shaped::value(&root, p.shape))],
        None if op.output_unwrapped => {
            match op.output.iter().find(|m| m.binding == Binding::Body) {
                Some(m) => vec![(m.name.to_owned(), shaped::value(&root, m.shape))],
                None => vec![(root.name.clone(), shaped::generic(&root))],
            }
        }
        None => shaped::structure(&root, op.output),
    };
    Ok((entries, false))
}

/// An error document's members as they come (`Code`, `Message`, `Key`, `RequestId`, ...).
fn error_members(root: &tree::Element) -> Vec<(String, Data)> {
    match shaped::generic(root) {
        Data::Map(entries) => entries,
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod tests;
