//! A differential test: every case is built by aws-sdk-s3 (captured before it is sent) and by
//! the wire serializer, and the two requests are compared: method, host, path, query (as a
//! sorted multiset of decoded pairs), every header the SDK sends except those only signing and
//! transport add, Content-Length against the body's length, and the body byte for byte.
//!
//! Where the two differ on purpose, [`INTENDED`] says why; any other difference fails the test,
//! and so does an intended difference that no longer occurs.

mod cases_bucket;
mod cases_config;
mod cases_object;
mod cases_rules;
mod cases_upload;
mod sdk;

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;

use aws_sdk_s3::Client;

use super::request::Request;
use super::serialize::{Addressing, Input, build};

/// Headers only signing and transport add; they are the sender's business.
const NOT_COMPARED: &[&str] = &[
    "authorization",
    "x-amz-date",
    "x-amz-content-sha256",
    "user-agent",
    "x-amz-user-agent",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "content-length",
];

/// Differences on purpose: (case, aspect, why).
const INTENDED: &[(&str, &str, &str)] = &[
    (
        "PutObject/empty key",
        "refused",
        "the SDK refuses an empty label; a conformance test must be able to send `/bucket/`",
    ),
    (
        "GetObject/empty bucket",
        "refused",
        "the SDK refuses an empty bucket; the wire layer sends `//key` as asked",
    ),
    (
        "UploadPart/empty upload id",
        "refused",
        "the SDK refuses an empty required query member; the wire layer sends `uploadId=`",
    ),
    (
        "GetObjectAttributes/list header",
        "header lines x-amz-object-attributes",
        "the SDK sends a list header as one line per item; the wire layer sends one line with \
         the items joined by `,` (as botocore does), the same field by RFC 9110 section 5.3",
    ),
    (
        "GetObjectAttributes/list header",
        "header x-amz-object-attributes",
        "the items joined by `,` as botocore joins them, not `, `: moto does not trim the space \
         and then ignores every attribute after the first",
    ),
];

type SdkCall = Box<dyn Fn(Client) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// One request, described for both builders.
pub(super) struct Case {
    pub label: &'static str,
    pub op: &'static str,
    pub input: Vec<(String, Input)>,
    pub virtual_hosted: bool,
    pub sdk: SdkCall,
}

/// A case: `case!("PutObject/plain", "PutObject", [("Bucket", t("b"))], |c| c.put_object()...)`.
macro_rules! case {
    ($label:expr, $op:expr, [$(($k:expr, $v:expr)),* $(,)?], |$c:ident| $call:expr) => {
        $crate::wire::oracle::Case {
            label: $label,
            op: $op,
            input: vec![$(($k.to_owned(), $v)),*],
            virtual_hosted: false,
            sdk: Box::new(|$c: aws_sdk_s3::Client| {
                Box::pin(async move {
                    // The capture stops every call with an error; the request is what counts.
                    let _ = $call.send().await;
                })
            }),
        }
    };
}
pub(super) use case;

/// Input helpers for the case tables.
pub(super) mod values {
    pub use crate::wire::serialize::Input;

    pub fn t(s: &str) -> Input {
        Input::text(s)
    }

    pub fn i(n: i64) -> Input {
        Input::Int(n)
    }

    pub fn b(v: bool) -> Input {
        Input::Bool(v)
    }

    pub fn l(items: Vec<Input>) -> Input {
        Input::List(items)
    }

    pub fn m(entries: &[(&str, Input)]) -> Input {
        Input::map(entries.iter().map(|(k, v)| (*k, v.clone())))
    }
}

/// One way the two requests differ.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Difference {
    label: &'static str,
    aspect: String,
    sdk: String,
    ours: String,
}

fn compare(
    case: &Case,
    sdk: Option<&sdk::SdkRequest>,
    ours: &Result<Request, String>,
) -> Vec<Difference> {
    let diff = |aspect: &str, sdk: String, ours: String| Difference {
        label: case.label,
        aspect: aspect.to_owned(),
        sdk,
        ours,
    };
    let (sdk, ours) = match (sdk, ours) {
        (Some(s), Ok(o)) => (s, o),
        (None, Ok(_)) => return vec![diff("refused", "no request".into(), "built".into())],
        (Some(_), Err(e)) => return vec![diff("refused", "built".into(), e.clone())],
        (None, Err(e)) => return vec![diff("refused", "no request".into(), e.clone())],
    };
    let mut out = Vec::new();
    let mut check = |aspect: &str, s: String, o: String| {
        if s != o {
            out.push(diff(aspect, s, o));
        }
    };
    check("method", sdk.method.clone(), ours.method.clone());
    let endpoint = if case.virtual_hosted {
        VHOST_ENDPOINT
    } else {
        ENDPOINT_AUTHORITY
    };
    let host = ours.host.clone().unwrap_or_else(|| endpoint.to_owned());
    check("host", sdk.authority.clone(), host);
    check("path", sdk.path.clone(), ours.path.clone());
    check(
        "query",
        format!("{:?}", sdk_query(&sdk.query)),
        format!("{:?}", our_query(ours)),
    );
    let (sdk_headers, our_headers) = (headers(&sdk.headers), headers(&ours.headers));
    let names: BTreeSet<&String> = sdk_headers.keys().chain(our_headers.keys()).collect();
    for name in names {
        let value = |h: &BTreeMap<String, (usize, String)>| {
            h.get(name).cloned().unwrap_or((0, "(absent)".into()))
        };
        let ((sdk_lines, sdk_value), (our_lines, our_value)) =
            (value(&sdk_headers), value(&our_headers));
        check(&format!("header {name}"), sdk_value, our_value);
        if sdk_lines > 0 && our_lines > 0 {
            check(
                &format!("header lines {name}"),
                sdk_lines.to_string(),
                our_lines.to_string(),
            );
        }
    }
    if let Some((_, length)) = sdk.headers.iter().find(|(k, _)| k == "content-length") {
        check(
            "content-length",
            length.clone(),
            ours.body.len().to_string(),
        );
    }
    check(
        "body",
        String::from_utf8_lossy(&sdk.body).into_owned(),
        String::from_utf8_lossy(&ours.body).into_owned(),
    );
    out
}

const ENDPOINT_AUTHORITY: &str = "127.0.0.1:9";
const VHOST_ENDPOINT: &str = "s3.oracle.test:9000";

/// The SDK's query string as a sorted multiset of decoded (key, value) pairs.
fn sdk_query(query: &str) -> Vec<(String, Option<String>)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let mut pairs: Vec<_> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), Some(decode(v))),
            None => (decode(p), None),
        })
        .collect();
    pairs.sort();
    pairs
}

fn our_query(request: &Request) -> Vec<(String, Option<String>)> {
    let mut pairs = request.query.clone();
    pairs.sort();
    pairs
}

/// Headers by lowercase name: how many lines carry each, and their values joined with `, `
/// (how HTTP combines repeated fields).
fn headers(list: &[(String, String)]) -> BTreeMap<String, (usize, String)> {
    let mut map = BTreeMap::<String, (usize, String)>::new();
    for (k, v) in list {
        let k = k.to_ascii_lowercase();
        if NOT_COMPARED.contains(&k.as_str()) {
            continue;
        }
        let entry = map.entry(k).or_insert((0, String::new()));
        if entry.0 > 0 {
            entry.1.push_str(", ");
        }
        entry.0 += 1;
        entry.1.push_str(v);
    }
    map
}

fn all_cases() -> Vec<Case> {
    let mut cases = cases_object::cases();
    cases.extend(cases_bucket::cases());
    cases.extend(cases_upload::cases());
    cases.extend(cases_rules::cases());
    cases.extend(cases_config::cases());
    cases
}

#[tokio::test]
async fn the_serializer_matches_the_sdk() {
    let capture = sdk::Capture::default();
    let path_client = sdk::client(&format!("http://{ENDPOINT_AUTHORITY}"), true, &capture);
    let vhost_client = sdk::client(&format!("http://{VHOST_ENDPOINT}"), false, &capture);
    let cases = all_cases();
    let mut found = Vec::new();
    let mut operations = BTreeSet::new();
    for case in &cases {
        let Some(op) = s3spec_api::operation(case.op) else {
            panic!("{}: {} is not in the API tables", case.label, case.op);
        };
        operations.insert(case.op);
        let client = if case.virtual_hosted {
            vhost_client.clone()
        } else {
            path_client.clone()
        };
        (case.sdk)(client).await;
        let sdk = capture.take();
        let addressing = if case.virtual_hosted {
            Addressing::VirtualHosted {
                endpoint_host: VHOST_ENDPOINT.to_owned(),
            }
        } else {
            Addressing::Path
        };
        let ours = build(op, &case.input, &addressing).map_err(|e| e.to_string());
        found.extend(compare(case, sdk.as_ref(), &ours));
    }
    let intended: BTreeSet<(&str, &str)> = INTENDED.iter().map(|(l, a, _)| (*l, *a)).collect();
    let unexpected: Vec<&Difference> = found
        .iter()
        .filter(|d| !intended.contains(&(d.label, d.aspect.as_str())))
        .collect();
    let seen: BTreeSet<(&str, &str)> = found.iter().map(|d| (d.label, d.aspect.as_str())).collect();
    let stale: Vec<_> = intended.difference(&seen).collect();
    println!(
        "{} operations compared ({} cases), {} intended differences",
        operations.len(),
        cases.len(),
        found.len() - unexpected.len()
    );
    for d in &found {
        if let Some((_, _, why)) = INTENDED
            .iter()
            .find(|(l, a, _)| *l == d.label && *a == d.aspect)
        {
            println!("  intended: {} · {}: {why}", d.label, d.aspect);
        }
    }
    let report: Vec<String> = unexpected
        .iter()
        .map(|d| {
            format!(
                "{} · {}\n    sdk:  {}\n    ours: {}",
                d.label, d.aspect, d.sdk, d.ours
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "{} unexpected differences:\n{}",
        report.len(),
        report.join("\n")
    );
    assert!(
        stale.is_empty(),
        "intended differences that no longer occur: {stale:?}"
    );
}

/// Every operation a suite of this repository sends is one the oracle compares.
#[test]
fn every_operation_the_suites_use_is_compared() {
    let suites = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../suites");
    let mut files = Vec::new();
    let mut dirs = vec![suites.clone()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("failed to read {}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty(), "no suites under {}", suites.display());
    let compared: BTreeSet<&str> = all_cases().iter().map(|c| c.op).collect();
    let mut missing = BTreeSet::new();
    for file in &files {
        let suite = s3spec_suite::load_file(file, &file.display().to_string())
            .unwrap_or_else(|d| panic!("{} does not load: {d:?}", file.display()));
        let steps = suite.all_steps();
        for op in steps.filter_map(|s| s.operation()) {
            if !compared.contains(op.name) {
                missing.insert(op.name);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "operations used by suites but not compared with the SDK: {missing:?}"
    );
}
