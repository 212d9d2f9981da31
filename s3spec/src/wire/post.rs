//! POST Object: an upload from an HTML form, authenticated by a signed policy document
//! (SigV4 POST: the policy's base64 signed with the request's signing key).

use std::fmt::Write as _;
use std::time::{Duration, SystemTime};

use aws_sigv4::sign::v4;
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest, Sha256};

use super::body::{Body, BodyError};
use super::request::{Endpoint, Request};
use super::sign::{Signed, Signer, Signing};

/// One condition of a policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `{"field": "value"}`: the field must have exactly this value.
    Equals { field: String, value: String },
    /// `["starts-with", "$field", "prefix"]`.
    StartsWith { field: String, prefix: String },
    /// `["content-length-range", min, max]`.
    ContentLengthRange { min: u64, max: u64 },
    /// Any JSON value written as is, e.g. a malformed condition.
    Json(String),
}

impl Condition {
    pub fn equals(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::Equals {
            field: field.into(),
            value: value.into(),
        }
    }

    fn to_json(&self) -> String {
        match self {
            Self::Equals { field, value } => format!("{{{}:{}}}", json(field), json(value)),
            Self::StartsWith { field, prefix } => format!(
                "[\"starts-with\",{},{}]",
                json(&format!("${field}")),
                json(prefix)
            ),
            Self::ContentLengthRange { min, max } => {
                format!("[\"content-length-range\",{min},{max}]")
            }
            Self::Json(raw) => raw.clone(),
        }
    }
}

/// A policy document: when it expires and what the form must satisfy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub expiration: SystemTime,
    pub conditions: Vec<Condition>,
    /// Also require exactly the form's bucket, key, fields and signing fields (what a browser
    /// form generator writes). Off for a policy that is to not match the form.
    pub match_form: bool,
    /// Also require the signing fields the form gets (`x-amz-algorithm`, `x-amz-credential`,
    /// `x-amz-date`), whose values are known only when the form is signed.
    pub match_signing_fields: bool,
}

impl Policy {
    /// A policy that matches the form and expires `valid_for` after `from`.
    pub fn matching(from: SystemTime, valid_for: Duration) -> Self {
        Self {
            expiration: from + valid_for,
            conditions: Vec::new(),
            match_form: true,
            match_signing_fields: true,
        }
    }

    /// The document as JSON.
    pub fn to_json(&self, form_conditions: &[Condition]) -> String {
        let expiration = DateTime::from(self.expiration)
            .fmt(Format::DateTime)
            .unwrap_or_default();
        let conditions: Vec<String> = form_conditions
            .iter()
            .chain(&self.conditions)
            .map(Condition::to_json)
            .collect();
        format!(
            "{{\"expiration\":{},\"conditions\":[{}]}}",
            json(&expiration),
            conditions.join(",")
        )
    }
}

/// A form upload to send as `POST /<bucket>` (path addressing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostObject {
    pub bucket: String,
    pub key: String,
    /// More form fields, in order, after `key`: `Content-Type`, `acl`,
    /// `success_action_status`, `x-amz-meta-*`, ...
    pub fields: Vec<(String, String)>,
    /// The file's content; a streamed one is read as the form is sent.
    pub file: Body,
    pub filename: String,
    pub file_content_type: String,
    /// `None`: a policy matching the form, valid for an hour from the signing time.
    pub policy: Option<Policy>,
    /// Fields not to send (`x-amz-signature`, `policy`, `key`, ...), by name.
    pub omit: Vec<String>,
    /// Field values replaced after signing; a name not in the form is added before `file`.
    pub overrides: Vec<(String, String)>,
}

impl PostObject {
    pub fn new(bucket: impl Into<String>, key: impl Into<String>, file: impl Into<Body>) -> Self {
        Self {
            bucket: bucket.into(),
            key: key.into(),
            fields: Vec::new(),
            file: file.into(),
            filename: "file".to_owned(),
            file_content_type: "application/octet-stream".to_owned(),
            policy: None,
            omit: Vec::new(),
            overrides: Vec::new(),
        }
    }
}

/// Builds the signed form as a request; its [`Signing`] holds the policy and its signature. A
/// streamed file is read here (its hash makes the boundary), then again for the record and as
/// it is sent.
pub fn post_object(
    form: &PostObject,
    endpoint: &Endpoint,
    signer: &Signer,
) -> Result<Signed, BodyError> {
    let time = signer.signing_time();
    let amz_date = DateTime::from(time)
        .fmt(Format::DateTime)
        .unwrap_or_default()
        .replace(['-', ':'], "");
    let auth = auth_fields(signer, &amz_date);
    let (policy_json, policy_b64, signature) = sign_policy(form, signer, time, &auth);
    let mut fields = vec![("key".to_owned(), form.key.clone())];
    fields.extend(form.fields.iter().cloned());
    fields.push(("policy".to_owned(), policy_b64.clone()));
    fields.extend(auth);
    fields.push(("x-amz-signature".to_owned(), signature.clone()));
    let tampered = alter(&mut fields, form);
    let signing = Signing {
        mode: "post-policy",
        string_to_sign: Some(policy_b64),
        signature: Some(signature),
        policy: Some(policy_json),
        tampered,
        ..Signing::default()
    };
    let boundary = boundary(&form.file, &amz_date)?;
    let request = Request {
        method: "POST".to_owned(),
        host: Some(endpoint.authority()),
        path: format!("/{}", form.bucket),
        query: Vec::new(),
        headers: vec![(
            "Content-Type".to_owned(),
            format!("multipart/form-data; boundary={boundary}"),
        )],
        body: multipart(&fields, form, &boundary),
    };
    Ok(Signed {
        request,
        signing: Signing {
            amz_date: Some(amz_date),
            ..signing
        },
    })
}

/// The policy document, its base64 (the string to sign) and its signature.
fn sign_policy(
    form: &PostObject,
    signer: &Signer,
    time: SystemTime,
    auth: &[(String, String)],
) -> (String, String, String) {
    let policy = form
        .policy
        .clone()
        .unwrap_or_else(|| Policy::matching(time, Duration::from_secs(3600)));
    let mut form_conditions = Vec::new();
    if policy.match_form {
        form_conditions.push(Condition::equals("bucket", &form.bucket));
        form_conditions.push(Condition::equals("key", &form.key));
        for (name, value) in form.fields.iter() {
            form_conditions.push(Condition::equals(name, value));
        }
    }
    if policy.match_form || policy.match_signing_fields {
        for (name, value) in auth {
            form_conditions.push(Condition::equals(name, value));
        }
    }
    let policy_json = policy.to_json(&form_conditions);
    let policy_b64 = BASE64.encode(policy_json.as_bytes());
    let key = v4::generate_signing_key(
        &signer.credentials.secret_key,
        time,
        &signer.region,
        &signer.service,
    );
    let signature = v4::calculate_signature(key, policy_b64.as_bytes());

    (policy_json, policy_b64, signature)
}

/// The SigV4 fields of the form, in the order browsers' form generators write them.
fn auth_fields(signer: &Signer, amz_date: &str) -> Vec<(String, String)> {
    let credential = format!(
        "{}/{}/{}/{}/aws4_request",
        signer.credentials.access_key,
        amz_date.get(..8).unwrap_or_default(),
        signer.region,
        signer.service
    );
    let mut auth = vec![
        ("x-amz-algorithm".to_owned(), "AWS4-HMAC-SHA256".to_owned()),
        ("x-amz-credential".to_owned(), credential),
        ("x-amz-date".to_owned(), amz_date.to_owned()),
    ];
    if let Some(token) = &signer.credentials.session_token {
        auth.push(("x-amz-security-token".to_owned(), token.clone()));
    }
    auth
}

/// Leaves out and overrides fields as the form says; describes each change.
fn alter(fields: &mut Vec<(String, String)>, form: &PostObject) -> Vec<String> {
    fields.retain(|(name, _)| !form.omit.iter().any(|o| o.eq_ignore_ascii_case(name)));
    let mut tampered = Vec::new();
    for (name, value) in &form.overrides {
        match fields
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(field) => field.1 = value.clone(),
            None => fields.push((name.clone(), value.clone())),
        }
        tampered.push(format!("field {name}={value}"));
    }
    tampered.extend(
        form.omit
            .iter()
            .map(|name| format!("field {name} left out")),
    );
    tampered
}

/// A boundary that the file cannot contain by chance: derived from its hash.
fn boundary(file: &Body, salt: &str) -> Result<String, BodyError> {
    let mut hasher = Sha256::new();
    for piece in file.chunks() {
        hasher.update(&piece?);
    }
    hasher.update(salt.as_bytes());
    Ok(format!(
        "s3spec-form-{}",
        &hex::encode(hasher.finalize())[..24]
    ))
}

/// The multipart/form-data body: the fields in order, then the file. A streamed file stays
/// streamed, between the form's head and its closing boundary.
fn multipart(fields: &[(String, String)], form: &PostObject, boundary: &str) -> Body {
    let mut head = String::new();
    for (name, value) in fields {
        let _ = write!(
            head,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        );
    }
    let _ = write!(
        head,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
        form.filename, form.file_content_type
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    let Body::Bytes(file) = &form.file else {
        return Body::joined(vec![
            Body::from(head.into_bytes()),
            form.file.clone(),
            Body::from(tail.into_bytes()),
        ]);
    };
    let mut body = head.into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(tail.as_bytes());
    Body::from(body)
}

/// A JSON string literal.
fn json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
#[path = "post_tests.rs"]
mod tests;
