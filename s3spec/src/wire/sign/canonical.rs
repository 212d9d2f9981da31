//! The canonical request and string-to-sign of a signed request, rebuilt for reports.
//!
//! aws-sigv4 computes both but does not return them, so they are rebuilt here from the signed
//! request and kept only when they reproduce aws-sigv4's signature: a rebuilt text is then known
//! to be the one that was signed.

use std::time::SystemTime;

use aws_sigv4::sign::v4;
use sha2::{Digest, Sha256};

use super::{Signer, UNSIGNED_PAYLOAD};
use crate::wire::request::{Request, encode_query_component};

/// The texts behind a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rebuilt {
    pub canonical_request: String,
    pub string_to_sign: String,
}

/// The signed header names of a signed request: `SignedHeaders=` of the Authorization header
/// or the `X-Amz-SignedHeaders` query parameter.
pub(super) fn signed_headers(request: &Request) -> Vec<String> {
    let list = request
        .query_value("X-Amz-SignedHeaders")
        .map(str::to_owned)
        .or_else(|| {
            let auth = request.header("authorization")?;
            let (_, rest) = auth.split_once("SignedHeaders=")?;
            Some(rest.split(',').next().unwrap_or(rest).trim().to_owned())
        });
    list.map(|l| l.split(';').map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Rebuilds the texts `signature` was computed from; `None` if they do not reproduce it.
pub(super) fn rebuild(
    request: &Request,
    signer: &Signer,
    time: SystemTime,
    signature: &str,
) -> Option<Rebuilt> {
    let presigned = request.query_value("X-Amz-Signature").is_some();
    let amz_date = if presigned {
        request.query_value("X-Amz-Date")?
    } else {
        request.header("x-amz-date")?
    };
    let payload_hash = if presigned {
        UNSIGNED_PAYLOAD
    } else {
        request.header("x-amz-content-sha256")?
    };
    let signed = signed_headers(request);
    let mut canonical = format!(
        "{}\n{}\n{}\n",
        request.method,
        request.path,
        canonical_query(request)
    );
    for name in &signed {
        canonical.push_str(&format!("{name}:{}\n", header_values(request, name)));
    }
    canonical.push_str(&format!("\n{}\n{payload_hash}", signed.join(";")));
    let scope = format!(
        "{}/{}/{}/aws4_request",
        amz_date.get(..8)?,
        signer.region,
        signer.service
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let key = v4::generate_signing_key(
        &signer.credentials.secret_key,
        time,
        &signer.region,
        &signer.service,
    );
    let check = v4::calculate_signature(key, string_to_sign.as_bytes());
    (check == signature).then_some(Rebuilt {
        canonical_request: canonical,
        string_to_sign,
    })
}

/// Every query parameter but the signature, encoded and sorted; a bare key is `key=`.
fn canonical_query(request: &Request) -> String {
    let mut pairs: Vec<(String, String)> = request
        .query
        .iter()
        .filter(|(k, _)| k != "X-Amz-Signature")
        .map(|(k, v)| {
            (
                encode_query_component(k),
                encode_query_component(v.as_deref().unwrap_or("")),
            )
        })
        .collect();
    pairs.sort();
    let pairs: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    pairs.join("&")
}

/// The values of a header as SigV4 signs them: spaces trimmed and collapsed, joined by commas.
fn header_values(request: &Request, name: &str) -> String {
    let mut values: Vec<String> = request
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| collapse_spaces(v))
        .collect();
    if values.is_empty() && name == "host" {
        values.extend(request.host.clone());
    }
    values.join(",")
}

fn collapse_spaces(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.trim_matches(' ').split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
