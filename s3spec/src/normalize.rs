//! Turns a response into deterministic snapshot content.
//!
//! Values that differ between runs become tokens. Identifiers are numbered per case in order of
//! appearance (`<upload-id:1>`), so a snapshot still shows when the same value comes back twice;
//! times become `<timestamp>`.

use crate::data::Data;
use crate::response::Response;
use crate::wire::body::ReceivedBody;

/// Headers worth recording; every other header (dates, request ids, server banners,
/// connection handling) is left out. `x-amz-*` headers are kept, bar request ids.
const HEADERS: &[&str] = &[
    "accept-ranges",
    "cache-control",
    "content-disposition",
    "content-encoding",
    "content-language",
    "content-length",
    "content-range",
    "content-type",
    "etag",
    "expires",
    "last-modified",
    "location",
];
const DROPPED_AMZ_HEADERS: &[&str] = &["x-amz-request-id", "x-amz-id-2"];

/// Members whose values are times.
const TIME_MEMBERS: &[&str] = &[
    "LastModified",
    "CreationDate",
    "Initiated",
    "last-modified",
    "Expires",
    "expires",
];

/// Members whose values identify something per run, and the token class they become.
const ID_MEMBERS: &[(&str, &str)] = &[
    ("UploadId", "upload-id"),
    ("UploadIdMarker", "upload-id"),
    ("NextUploadIdMarker", "upload-id"),
    ("VersionId", "version-id"),
    ("VersionIdMarker", "version-id"),
    ("NextVersionIdMarker", "version-id"),
    ("DeleteMarkerVersionId", "version-id"),
    ("x-amz-version-id", "version-id"),
    ("x-amz-copy-source-version-id", "version-id"),
    ("ContinuationToken", "token"),
    ("NextContinuationToken", "token"),
    ("ID", "owner"),
    ("DisplayName", "owner"),
    ("RequestId", "request-id"),
    ("HostId", "host-id"),
];

/// Query parameters of requests that carry such identifiers.
const ID_QUERY_PARAMS: &[(&str, &str)] = &[
    ("uploadId", "upload-id"),
    ("upload-id-marker", "upload-id"),
    ("versionId", "version-id"),
    ("version-id-marker", "version-id"),
    ("continuation-token", "token"),
];

/// Query parameters of presigned URLs whose values change with every signing: replaced by a
/// placeholder so a snapshot shows that they were sent, not their value.
const SIGNING_QUERY_PARAMS: &[(&str, &str)] = &[
    ("X-Amz-Credential", "<credential>"),
    ("X-Amz-Date", "<amz-date>"),
    ("X-Amz-Signature", "<signature>"),
    ("X-Amz-Security-Token", "<session-token>"),
];

/// Classes whose values are also replaced where they occur inside other text (a bucket name in
/// a `Location`, an upload id in a message). Continuation tokens are not: some servers use an
/// object key as the token, and the key must stay readable.
const SUBSTITUTED: &[&str] = &[
    "bucket",
    "upload-id",
    "version-id",
    "owner",
    "request-id",
    "host-id",
];

/// Per-case memory of the values that became tokens.
#[derive(Debug, Default)]
pub struct Tokens {
    known: Vec<(String, String)>,
    /// Values replaced by fixed text wherever they occur (the target's address).
    fixed: Vec<(String, String)>,
}

impl Tokens {
    /// Registers a value known in advance (the case's bucket names) under a class.
    pub fn register(&mut self, class: &str, value: &str) {
        self.token(class, value);
    }

    fn token(&mut self, class: &str, value: &str) -> String {
        if let Some((_, t)) = self.known.iter().find(|(v, _)| v == value) {
            return t.clone();
        }
        let n = self
            .known
            .iter()
            .filter(|(_, t)| t.starts_with(&format!("<{class}:")))
            .count()
            + 1;
        let token = format!("<{class}:{n}>");
        self.known.push((value.to_owned(), token.clone()));
        token
    }

    /// Replaces every known value inside `text` (longest first, so no value replaces part of
    /// another).
    /// Replaces `value` by `replacement` wherever it occurs, e.g. the endpoint's port inside a
    /// `Location` URL.
    pub fn register_fixed(&mut self, value: &str, replacement: &str) {
        if !value.is_empty() {
            self.fixed.push((value.to_owned(), replacement.to_owned()));
        }
    }

    fn substitute(&self, text: &mut String) {
        // A token is final: a server value that happens to equal a token's class name (moto's
        // literal `request-id`) must not be replaced inside it.
        if text == "<timestamp>" || self.known.iter().any(|(_, t)| t == text) {
            return;
        }
        for (value, replacement) in &self.fixed {
            if text.contains(value.as_str()) {
                *text = text.replace(value.as_str(), replacement);
            }
        }
        let substituted = |t: &str| SUBSTITUTED.iter().any(|c| t.starts_with(&format!("<{c}:")));
        let mut known: Vec<&(String, String)> = self
            .known
            .iter()
            .filter(|(v, t)| v.len() >= 4 && substituted(t))
            .collect();
        known.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
        for (value, token) in known {
            if text.contains(value.as_str()) {
                *text = text.replace(value.as_str(), token);
            }
        }
    }
}

/// The snapshot content of a response.
pub fn snapshot(response: &Response, tokens: &mut Tokens) -> Data {
    // The length of an XML body follows from the body shown below it, and changes with the
    // length of the identifiers in it, which differ from run to run.
    let xml = response.document.is_some();
    let headers: Vec<(String, Data)> = response
        .headers
        .iter()
        .filter(|(k, _)| !(xml && k == "content-length"))
        .filter(|(k, _)| {
            HEADERS.contains(&k.as_str())
                || (k.starts_with("x-amz-") && !DROPPED_AMZ_HEADERS.contains(&k.as_str()))
        })
        .map(|(k, v)| (k.clone(), Data::text(v)))
        .collect();
    let mut entries = vec![
        (
            "request".to_owned(),
            Data::text(tokenize_request(&request_line(&response.request), tokens)),
        ),
        ("status".to_owned(), Data::Int(i64::from(response.status))),
        ("headers".to_owned(), Data::Map(sorted(headers))),
    ];
    if let Some(doc) = &response.document {
        let mut content = doc.content.clone();
        sort_unordered_lists(&doc.root, &mut content);
        entries.push((
            "body".to_owned(),
            Data::Map(vec![(doc.root.clone(), content)]),
        ));
    } else if !response.body.is_empty() {
        entries.push(("body".to_owned(), raw_body(&response.body)));
    }
    let mut data = Data::Map(entries);
    // Identifiers first, so that substitution inside other text knows every one of them.
    data.map_text("", &mut |member, text| tokenize(tokens, member, text));
    data.map_text("", &mut |_, text| tokens.substitute(text));
    data
}

/// Lists whose order the API leaves open, by response root. They are sorted by `Key`, so that
/// the order a server happens to answer in (RGW deletes in parallel) is not a difference.
const UNORDERED_LISTS: &[(&str, &str)] = &[("DeleteResult", "Deleted"), ("DeleteResult", "Errors")];

fn sort_unordered_lists(root: &str, content: &mut Data) {
    let Data::Map(members) = content else {
        return;
    };
    for (name, value) in members {
        if !UNORDERED_LISTS.contains(&(root, name.as_str())) {
            continue;
        }
        if let Data::List(items) = value {
            items.sort_by(|a, b| key_of(a).cmp(&key_of(b)));
        }
    }
}

fn key_of(entry: &Data) -> Option<&str> {
    match entry.get("Key") {
        Some(Data::Text(key)) => Some(key),
        _ => None,
    }
}

fn tokenize(tokens: &mut Tokens, member: &str, text: &mut String) {
    if text.is_empty() || text == "null" {
        return;
    }
    if TIME_MEMBERS.contains(&member) {
        *text = "<timestamp>".to_owned();
    } else if let Some((_, class)) = ID_MEMBERS.iter().find(|(m, _)| *m == member) {
        *text = tokens.token(class, text);
    }
}

fn sorted(mut entries: Vec<(String, Data)>) -> Vec<(String, Data)> {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
}

/// The request line without the SDK's `x-id` marker, which says nothing about the server.
pub(crate) fn request_line(request: &str) -> String {
    let Some((path, query)) = request.split_once('?') else {
        return request.to_owned();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.starts_with("x-id="))
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// Replaces identifiers in a request's query (`uploadId=...`, `continuation-token=...`) by
/// their tokens, decoded first so they match the values seen in responses.
fn tokenize_request(line: &str, tokens: &mut Tokens) -> String {
    let Some((path, query)) = line.split_once('?') else {
        return line.to_owned();
    };
    let params: Vec<String> = query
        .split('&')
        .map(|param| match param.split_once('=') {
            Some((name, value)) if !value.is_empty() => {
                if let Some((_, placeholder)) =
                    SIGNING_QUERY_PARAMS.iter().find(|(n, _)| *n == name)
                {
                    return format!("{name}={placeholder}");
                }
                match ID_QUERY_PARAMS.iter().find(|(n, _)| *n == name) {
                    Some((_, class)) => {
                        format!("{name}={}", tokens.token(class, &percent_decode(value)))
                    }
                    None => param.to_owned(),
                }
            }
            _ => param.to_owned(),
        })
        .collect();
    format!("{path}?{}", params.join("&"))
}

/// Decodes `%XX` escapes (and `+` is left as is: S3 query values encode spaces as `%20`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Object data: its length and digest, and the text itself when it is short text.
fn raw_body(body: &ReceivedBody) -> Data {
    let mut entries = vec![
        ("length".to_owned(), Data::text(body.len().to_string())),
        ("sha256".to_owned(), Data::text(body.sha256_hex())),
    ];
    if let Some(text) = body.whole().and_then(|b| std::str::from_utf8(b).ok())
        && text.len() <= 256
    {
        entries.push(("text".to_owned(), Data::text(text)));
    }
    Data::Map(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn response(headers: &[(&str, &str)], body: &str) -> Response {
        let mut r = crate::response::test_response(200, headers, body);
        r.request = "POST /s3spec-1-b/k?uploads&x-id=CreateMultipartUpload".to_owned();
        r
    }

    #[test]
    fn replaces_run_specific_values_with_numbered_tokens() {
        let mut tokens = Tokens::default();
        tokens.register("bucket", "s3spec-1-b");
        let r = response(
            &[
                ("x-amz-request-id", "R1"),
                ("date", "Mon"),
                ("last-modified", "Mon, 01 Jan"),
                ("etag", "\"e\""),
            ],
            "<InitiateMultipartUploadResult><Bucket>s3spec-1-b</Bucket><Key>k</Key><UploadId>XYZW-1</UploadId></InitiateMultipartUploadResult>",
        );
        let snap = snapshot(&r, &mut tokens);
        let yaml = serde_yaml_like(&snap);
        assert_eq!(
            yaml,
            "{request=POST /<bucket:1>/k?uploads;status=200;headers={etag=\"e\";last-modified=<timestamp>};body={InitiateMultipartUploadResult={Bucket=<bucket:1>;Key=k;UploadId=<upload-id:1>}}}"
        );
        // The same upload id later in the case gets the same token.
        let again = response(
            &[],
            "<ListPartsResult><UploadId>XYZW-1</UploadId></ListPartsResult>",
        );
        let snap = snapshot(&again, &mut tokens);
        assert!(serde_yaml_like(&snap).contains("UploadId=<upload-id:1>"));
        let other = response(
            &[],
            "<ListPartsResult><UploadId>OTHER-2</UploadId></ListPartsResult>",
        );
        assert!(serde_yaml_like(&snapshot(&other, &mut tokens)).contains("UploadId=<upload-id:2>"));
    }

    #[test]
    fn request_identifiers_share_the_tokens_of_responses() {
        let mut tokens = Tokens::default();
        let first = response(
            &[],
            "<ListBucketResult><NextContinuationToken>a/b+c=</NextContinuationToken></ListBucketResult>",
        );
        snapshot(&first, &mut tokens);
        let mut next = response(
            &[],
            "<ListBucketResult><Contents><Key>a/b+c=</Key></Contents></ListBucketResult>",
        );
        next.request =
            "GET /s3spec-1-b?list-type=2&continuation-token=a%2Fb%2Bc%3D&x-id=ListObjectsV2"
                .to_owned();
        let snap = serde_yaml_like(&snapshot(&next, &mut tokens));
        assert!(
            snap.contains("request=GET /s3spec-1-b?list-type=2&continuation-token=<token:1>"),
            "{snap}"
        );
        assert!(
            snap.contains("Key=a/b+c="),
            "a key equal to a token stays readable: {snap}"
        );
    }

    #[test]
    fn presigned_signing_values_become_placeholders() {
        let mut tokens = Tokens::default();
        let mut r = response(&[], "");
        r.request = "GET /b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20261201%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261201T065905Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=17f7".to_owned();
        let snap = serde_yaml_like(&snapshot(&r, &mut tokens));
        assert!(
            snap.contains("request=GET /b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=<credential>&X-Amz-Date=<amz-date>&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=<signature>"),
            "{snap}"
        );
    }

    #[test]
    fn a_token_is_never_substituted_again() {
        let mut tokens = Tokens::default();
        let r = response(
            &[],
            "<Error><Code>InvalidRange</Code><RequestId>request-id</RequestId></Error>",
        );
        let snap = serde_yaml_like(&snapshot(&r, &mut tokens));
        assert!(snap.contains("RequestId=<request-id:1>"), "{snap}");
    }

    #[test]
    fn fixed_values_are_replaced_inside_text() {
        let mut tokens = Tokens::default();
        tokens.register_fixed(":36163", ":<port>");
        let r = response(
            &[],
            "<CompleteMultipartUploadResult><Location>http://b.s3.localhost:36163/k</Location></CompleteMultipartUploadResult>",
        );
        let snap = serde_yaml_like(&snapshot(&r, &mut tokens));
        assert!(
            snap.contains("Location=http://b.s3.localhost:<port>/k"),
            "{snap}"
        );
        assert!(!snap.contains("content-length"), "{snap}");
    }

    #[test]
    fn delete_results_are_sorted_by_key() {
        let r = response(
            &[],
            "<DeleteResult><Deleted><Key>c</Key></Deleted><Deleted><Key>a</Key></Deleted>\
             <Error><Key>z</Key><Code>AccessDenied</Code></Error><Error><Key>b</Key><Code>AccessDenied</Code></Error></DeleteResult>",
        );
        let yaml = serde_yaml_like(&snapshot(&r, &mut Tokens::default()));
        assert!(
            yaml.ends_with(
                "body={DeleteResult={Deleted=[{Key=a},{Key=c}];Errors=[{Key=b;Code=AccessDenied},{Key=z;Code=AccessDenied}]}}}"
            ),
            "{yaml}"
        );
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%2Fb%20c%zz"), "a/b c%zz");
    }

    #[test]
    fn object_data_is_summarized() {
        let mut r = response(&[("content-length", "5")], "");
        r.body = Bytes::from_static(b"hello").into();
        r.document = None;
        let snap = snapshot(&r, &mut Tokens::default());
        assert!(serde_yaml_like(&snap).contains("body={length=5;sha256=2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824;text=hello}"));
    }

    /// A compact rendering for assertions.
    fn serde_yaml_like(d: &Data) -> String {
        match d {
            Data::Null => "null".into(),
            Data::Text(s) => s.clone(),
            Data::Int(i) => i.to_string(),
            Data::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(serde_yaml_like)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Data::Map(e) => {
                format!(
                    "{{{}}}",
                    e.iter()
                        .map(|(k, v)| format!("{k}={}", serde_yaml_like(v)))
                        .collect::<Vec<_>>()
                        .join(";")
                )
            }
        }
    }
}
