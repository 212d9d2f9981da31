//! A bounded fuzz run of the response readers: S3 response bodies and headers, as servers send
//! them, mutated and read both ways (the snapshot document and the model's output members).
//! Nothing may panic or take long. `S3SPEC_FUZZ_ITERATIONS` sets the mutants (default 1000).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use crate::response::Response;

const BODIES: &[(&str, &str)] = &[
    (
        "ListObjectsV2",
        r#"<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key> </Key><LastModified>2026-12-01T10:00:00.000Z</LastModified><ETag>&quot;e3&quot;</ETag><Size>7</Size><StorageClass>STANDARD</StorageClass></Contents><Contents><Key>a&amp;b&#x9;&lt;</Key><Size>0</Size></Contents><CommonPrefixes><Prefix>d/</Prefix></CommonPrefixes></ListBucketResult>"#,
    ),
    (
        "GetObject",
        r#"<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>1</RequestId></Error>"#,
    ),
    (
        "ListObjectVersions",
        r#"<ListVersionsResult><Version><Key>k</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest></Version><DeleteMarker><Key>k</Key><VersionId>v2</VersionId></DeleteMarker><NextKeyMarker>k</NextKeyMarker></ListVersionsResult>"#,
    ),
    (
        "CompleteMultipartUpload",
        r#"<CompleteMultipartUploadResult><Location>http://h/b/k</Location><Bucket>b</Bucket><Key>k</Key><ETag>"x-2"</ETag><![CDATA[<odd>]]></CompleteMultipartUploadResult>"#,
    ),
    (
        "GetBucketAcl",
        r#"<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>o</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>"#,
    ),
    (
        "GetObjectTagging",
        r#"<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><Tagging><TagSet><Tag><Key>&a;</Key><Value>v</Value></Tag></TagSet></Tagging>"#,
    ),
];

const HEADERS: &[(&str, &str)] = &[
    ("content-length", "7"),
    ("etag", "\"e3\""),
    ("last-modified", "Tue, 01 Dec 2026 10:00:00 GMT"),
    ("x-amz-version-id", "v1"),
    ("x-amz-meta-color", "blue"),
    ("x-amz-mp-parts-count", "2"),
    ("x-amz-delete-marker", "true"),
    (
        "x-amz-object-lock-retain-until-date",
        "2030-01-01T00:00:00Z",
    ),
    ("content-range", "bytes 0-4/26"),
];

const TOKENS: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "&",
    "&amp;",
    "&#0;",
    "&#xFFFFFFFF;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?xml",
    "?>",
    "\"",
    "'",
    "=",
    "xmlns:a=\"x\"",
    "<a:b>",
    "\u{0}",
    "\u{feff}",
    "\n",
    "99999999999999999999999",
    "-1",
    "<Error>",
    "</Error>",
];

fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn below(state: &mut u64, n: usize) -> usize {
    usize::try_from(next(state) % (n.max(1) as u64)).unwrap_or(0)
}

fn mutate(bytes: &[u8], state: &mut u64) -> Vec<u8> {
    let at = below(state, bytes.len() + 1);
    let end = (at + below(state, 30)).min(bytes.len());
    let mut out = bytes[..at].to_vec();
    match below(state, 6) {
        0 => out.extend_from_slice(TOKENS[below(state, TOKENS.len())].as_bytes()),
        1 => {}
        2 => out.extend_from_slice(&bytes[at..end].repeat(2)),
        3 => out.push(u8::try_from(next(state) & 0xff).unwrap_or(0)),
        4 => out.extend(std::iter::repeat_n(b'<', below(state, 5000))),
        _ => out.extend_from_slice(&"<a>".repeat(below(state, 3000)).into_bytes()),
    }
    out.extend_from_slice(if below(state, 2) == 0 {
        &bytes[end..]
    } else {
        &bytes[at..]
    });
    out
}

#[test]
fn mutated_responses_never_panic_or_hang() {
    let iterations: usize = std::env::var("S3SPEC_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let mut state = 0x5335_5EC1_u64;
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    for i in 0..iterations {
        let (op_name, body) = BODIES[below(&mut state, BODIES.len())];
        let mut bytes = body.as_bytes().to_vec();
        for _ in 0..=below(&mut state, 3) {
            bytes = mutate(&bytes, &mut state);
        }
        let mut headers: Vec<(String, String)> = HEADERS
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let h = below(&mut state, headers.len());
        let mutated = mutate(headers[h].1.as_bytes(), &mut state);
        headers[h].1 = String::from_utf8_lossy(&mutated).into_owned();
        let status = [200u16, 206, 304, 404, 500][below(&mut state, 5)];
        let op = s3spec_api::operation(op_name);
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| {
            let mut r = Response {
                status,
                headers: headers.clone(),
                body: bytes.clone().into(),
                ..Response::default()
            };
            r.parse_body(false);
            let _ = r.error_code();
            if let Some(op) = op {
                let _ = super::fields(op, status, &headers, &bytes);
            }
        }));
        let took = t.elapsed();
        slowest = slowest.max(took);
        assert!(
            result.is_ok(),
            "mutant {i} of {op_name} panicked a reader: {:?}",
            String::from_utf8_lossy(&bytes)
        );
        assert!(
            took < Duration::from_secs(5),
            "mutant {i} of {op_name} took {took:?}"
        );
    }
    eprintln!(
        "fuzz: {iterations} response mutants in {:.1?}, slowest {slowest:?}",
        started.elapsed()
    );
}
