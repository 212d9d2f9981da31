//! Compares a response with a step's expectation. Returns every mismatch; never panics or prints.

use s3spec_suite::model::{
    BodyContent, BodyExpectation, ErrorExpectation, Expectation, FieldPath, Matcher, MatcherKind,
    Segment,
};
use s3spec_suite::{Loc, Value};
use sha2::{Digest, Sha256};

use crate::data::Data;
use crate::exec::Vars;
use crate::response::Response;
use crate::wire::body::{Body, KEPT_LEN, ReceivedBody};

/// One way the response differs from the expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where the expectation is written.
    pub loc: Loc,
    /// What was checked: `status`, `header etag`, `field KeyCount`, ...
    pub subject: String,
    pub expected: String,
    pub actual: String,
}

/// Every mismatch between `response` and `expect`; `step_loc` is used when the expectation is
/// implicit (a step without `expect` must succeed).
pub fn check(
    expect: &Expectation,
    response: &Response,
    vars: &Vars,
    step_loc: Loc,
) -> Vec<Mismatch> {
    let mut out = Vec::new();
    check_status(expect, response, step_loc, &mut out);
    if let Some(error) = &expect.error {
        check_error(error, response, vars, &mut out);
    }
    check_well_formed(expect, response, step_loc, &mut out);
    for (name, m) in &expect.headers {
        let actual = response.header(&name.value).map(Data::text);
        check_matcher(
            m,
            &format!("header {}", name.value),
            actual.as_ref(),
            vars,
            &mut out,
        );
    }
    if let Some(body) = &expect.body {
        check_body(&body.value, body.loc, &response.body, vars, &mut out);
    }
    if !expect.fields.is_empty() {
        let fields = response.fields();
        for (path, m) in &expect.fields {
            let actual = select(&fields, &path.value.segments);
            let subject = format!("field {}", path.value);
            if actual.is_none()
                && !matches!(m.kind, MatcherKind::Exists(false))
                && !allows_missing(m)
            {
                let known = fields.keys().join(", ");
                out.push(mismatch(
                    path.loc,
                    &subject,
                    describe_matcher(m, vars),
                    format!("missing (response fields: {known})"),
                ));
                continue;
            }
            check_matcher(m, &subject, actual.as_ref(), vars, &mut out);
        }
    }
    out
}

fn mismatch(loc: Loc, subject: &str, expected: String, actual: String) -> Mismatch {
    Mismatch {
        loc,
        subject: subject.to_owned(),
        expected,
        actual,
    }
}

fn check_status(expect: &Expectation, response: &Response, step_loc: Loc, out: &mut Vec<Mismatch>) {
    match (&expect.status, &expect.error) {
        (Some(status), _) if !status.value.contains(&response.status) => {
            let expected = match &status.value[..] {
                [one] => one.to_string(),
                several => format!(
                    "one of {}",
                    several
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            out.push(mismatch(
                status.loc,
                "status",
                expected,
                describe_status(response),
            ));
        }
        (None, None) if !response.is_success() => {
            out.push(mismatch(
                step_loc,
                "status",
                "success (2xx)".to_owned(),
                describe_status(response),
            ));
        }
        _ => {}
    }
}

fn check_error(
    error: &ErrorExpectation,
    response: &Response,
    vars: &Vars,
    out: &mut Vec<Mismatch>,
) {
    match &error.code {
        Some(code) if response.error_code() != Some(code.value.as_str()) => {
            let actual = if response.is_success() {
                describe_status(response)
            } else {
                response.error_code().unwrap_or("no error code").to_owned()
            };
            out.push(mismatch(code.loc, "error code", code.value.clone(), actual));
        }
        None if response.is_success() => {
            out.push(mismatch(
                error.loc,
                "error",
                "any error".to_owned(),
                describe_status(response),
            ));
        }
        _ => {}
    }
    if let Some(m) = &error.message {
        let actual = response.error_message().map(Data::text);
        check_matcher(m, "error message", actual.as_ref(), vars, out);
    }
}

/// A body that looks like XML but is not well-formed fails every expectation that reads the
/// body (its text, fields or error code) and a plain "must succeed".
fn check_well_formed(
    expect: &Expectation,
    response: &Response,
    step_loc: Loc,
    out: &mut Vec<Mismatch>,
) {
    let Some(problem) = &response.xml_error else {
        return;
    };
    let plain_success = expect.status.is_none() && expect.error.is_none();
    let reads_body = expect.body.is_some() || !expect.fields.is_empty() || expect.error.is_some();
    if plain_success || reads_body {
        let loc = expect
            .fields
            .first()
            .map(|(p, _)| p.loc)
            .or(expect.body.as_ref().map(|b| b.loc))
            .unwrap_or(step_loc);
        out.push(mismatch(
            loc,
            "body",
            "the operation's XML document".to_owned(),
            format!("a body that is not: {problem}"),
        ));
    }
}

fn describe_status(r: &Response) -> String {
    let status = if r.is_success() || !(200..300).contains(&r.status) {
        r.status.to_string()
    } else {
        format!("{} with an error document", r.status)
    };
    match (r.error_code(), r.error_message()) {
        (Some(code), Some(msg)) => format!("{status} ({code}: {msg})"),
        (Some(code), None) => format!("{status} ({code})"),
        _ => status,
    }
}

/// S3 leaves out empty lists, so an absent member matches an empty list or a zero length.
fn allows_missing(m: &Matcher) -> bool {
    match &m.kind {
        MatcherKind::Equals(Value::List(items)) => items.is_empty(),
        MatcherKind::Equals(Value::Null) | MatcherKind::Length(0) => true,
        _ => false,
    }
}

/// The value at `path`; `[]` collects the rest of the path over every element of a list.
pub fn select(data: &Data, path: &[Segment]) -> Option<Data> {
    let Some((first, rest)) = path.split_first() else {
        return Some(data.clone());
    };
    match (first, data) {
        (Segment::Member(m), Data::Map(_)) => select(data.get(m)?, rest),
        (Segment::Index(i), Data::List(items)) => select(items.get(*i)?, rest),
        (Segment::Each, Data::List(items)) => Some(Data::List(
            items.iter().filter_map(|i| select(i, rest)).collect(),
        )),
        _ => None,
    }
}

fn check_matcher(
    m: &Matcher,
    subject: &str,
    actual: Option<&Data>,
    vars: &Vars,
    out: &mut Vec<Mismatch>,
) {
    let ok = match (&m.kind, actual) {
        (MatcherKind::Exists(want), _) => *want == actual.is_some(),
        (MatcherKind::Equals(v), Some(a)) => equals(v, a, vars),
        (MatcherKind::Equals(_), None) => allows_missing(m),
        (MatcherKind::Matches(re), Some(Data::Text(s))) => re.is_match(s),
        (MatcherKind::Matches(_), _) => false,
        (MatcherKind::Length(n), Some(Data::List(items))) => items.len() as u64 == *n,
        (MatcherKind::Length(n), Some(Data::Text(s))) => s.chars().count() as u64 == *n,
        (MatcherKind::Length(n), None) => *n == 0,
        (MatcherKind::Length(_), Some(_)) => false,
        (MatcherKind::Unordered(want), Some(Data::List(got))) => same_elements(want, got, vars),
        (MatcherKind::Unordered(want), None) => want.is_empty(),
        (MatcherKind::Unordered(_), Some(_)) => false,
        (MatcherKind::OneOf(choices), Some(a)) => choices.iter().any(|c| equals(c, a, vars)),
        (MatcherKind::OneOf(choices), None) => choices
            .iter()
            .any(|c| matches!(c, Value::Null) || matches!(c, Value::List(l) if l.is_empty())),
    };
    if !ok {
        out.push(mismatch(
            m.loc,
            subject,
            describe_matcher(m, vars),
            actual.map_or_else(|| "absent".to_owned(), show),
        ));
    }
}

fn equals(expected: &Value, actual: &Data, vars: &Vars) -> bool {
    match (expected, actual) {
        (Value::List(want), Data::List(got)) => {
            want.len() == got.len() && want.iter().zip(got).all(|(w, g)| equals(w, g, vars))
        }
        (Value::Null, Data::Text(s)) => s.is_empty(),
        (Value::Null, Data::Null) => true,
        (_, Data::Text(s)) => scalar_text(expected, vars).is_some_and(|w| w == *s),
        (_, Data::Int(i)) => scalar_text(expected, vars).is_some_and(|w| w == i.to_string()),
        _ => false,
    }
}

/// Whether `got` holds the elements of `want`, each once, in any order.
fn same_elements(want: &[Value], got: &[Data], vars: &Vars) -> bool {
    let mut unused: Vec<&Data> = got.iter().collect();
    want.len() == got.len()
        && want.iter().all(|w| {
            let found = unused.iter().position(|g| equals(w, g, vars));
            found.map(|i| unused.swap_remove(i)).is_some()
        })
}

/// A scalar expected value as text; variables resolved (an unset one never matches).
fn scalar_text(v: &Value, vars: &Vars) -> Option<String> {
    match v {
        Value::Text(t) => t.render(|name| vars.get(name).map(String::as_str)).ok(),
        Value::Int(i) => Some(i.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Float(x) => Some(x.to_string()),
        _ => None,
    }
}

fn describe_matcher(m: &Matcher, vars: &Vars) -> String {
    match &m.kind {
        MatcherKind::Equals(v) => describe_value(v, vars),
        MatcherKind::Matches(re) => format!("a match for /{}/", re.as_str()),
        MatcherKind::Exists(true) => "present".to_owned(),
        MatcherKind::Exists(false) => "absent".to_owned(),
        MatcherKind::Length(n) => format!("length {n}"),
        MatcherKind::Unordered(items) => format!(
            "{} in any order",
            describe_value(&Value::List(items.clone()), vars)
        ),
        MatcherKind::OneOf(items) => format!(
            "one of {}",
            describe_value(&Value::List(items.clone()), vars)
        ),
    }
}

fn describe_value(v: &Value, vars: &Vars) -> String {
    match v {
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| describe_value(i, vars))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Null => "empty".to_owned(),
        // Named as written when a variable is unset, since there is no value to show.
        Value::Text(t) => t
            .render(|name| vars.get(name).map(String::as_str))
            .map_or_else(|unset| format!("<unset ${unset}>"), |s| format!("{s:?}")),
        Value::Generated { size, seed } => format!("{{ size: {size}, seed: {seed} }}"),
        Value::File(path) => format!("file://{path}"),
        Value::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", describe_value(v, vars)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => scalar_text(other, vars).map_or_else(String::new, |s| format!("{s:?}")),
    }
}

fn show(d: &Data) -> String {
    match d {
        Data::Null => "null".to_owned(),
        Data::Text(s) => format!("{s:?}"),
        Data::Int(i) => i.to_string(),
        Data::List(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Data::Map(entries) => {
            format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", show(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }
}

fn check_body(
    b: &BodyExpectation,
    loc: Loc,
    body: &ReceivedBody,
    vars: &Vars,
    out: &mut Vec<Mismatch>,
) {
    if let Some(t) = &b.text {
        let want = t
            .render(|name| vars.get(name).map(String::as_str))
            .unwrap_or_else(|v| format!("<unset ${v}>"));
        let same = match body.whole() {
            Some(whole) => want.as_bytes() == &whole[..],
            // A body too long to keep is the text when its length and hash are the text's.
            None => {
                want.len() as u64 == body.len()
                    && hex::encode(Sha256::digest(want.as_bytes())) == body.sha256_hex()
            }
        };
        if !same {
            out.push(mismatch(
                loc,
                "body",
                format!("{want:?}"),
                preview_body(body),
            ));
        }
    }
    if let Some(n) = b.length
        && body.len() != n
    {
        out.push(mismatch(
            loc,
            "body length",
            n.to_string(),
            body.len().to_string(),
        ));
    }
    if let Some(want) = &b.sha256 {
        let got = body.sha256_hex();
        if &got != want {
            out.push(mismatch(loc, "body sha256", want.clone(), got));
        }
    }
    if !b.one_of.is_empty() && !b.one_of.iter().any(|c| is_content(c, body, vars)) {
        let choices: Vec<String> = b.one_of.iter().map(|c| describe_content(c, vars)).collect();
        let want = match choices.as_slice() {
            [one] => one.clone(),
            _ => format!("one of {}", choices.join(", ")),
        };
        out.push(mismatch(loc, "body", want, preview_body(body)));
    }
    if let Some(re) = &b.matches {
        let want = format!("a match for /{}/", re.as_str());
        match body.whole() {
            Some(whole) if re.is_match(&String::from_utf8_lossy(whole)) => {}
            Some(_) => out.push(mismatch(loc, "body", want, preview_body(body))),
            None => out.push(mismatch(
                loc,
                "body",
                want,
                format!(
                    "a body of {} bytes: `matches` reads bodies of at most {} bytes",
                    body.len(),
                    KEPT_LEN
                ),
            )),
        }
    }
}

/// Whether the body is `content`, by length and SHA-256 (a generated body is hashed only when
/// its length is the body's).
fn is_content(content: &BodyContent, body: &ReceivedBody, vars: &Vars) -> bool {
    match content {
        BodyContent::Text(t) => {
            let text = render(t, vars);
            text.len() as u64 == body.len()
                && hex::encode(Sha256::digest(text.as_bytes())) == body.sha256_hex()
        }
        BodyContent::Generated { size, seed } => {
            *size == body.len()
                && Body::generated(*size, *seed)
                    .summary()
                    .is_ok_and(|s| s.sha256_hex() == body.sha256_hex())
        }
    }
}

fn describe_content(content: &BodyContent, vars: &Vars) -> String {
    match content {
        BodyContent::Text(t) => preview(render(t, vars).as_bytes()),
        BodyContent::Generated { size, seed } => {
            format!("the generated content of {size} bytes with seed {seed}")
        }
    }
}

fn render(t: &s3spec_suite::template::Template, vars: &Vars) -> String {
    t.render(|name| vars.get(name).map(String::as_str))
        .unwrap_or_else(|v| format!("<unset ${v}>"))
}

/// A short, readable rendering of a body.
pub fn preview(body: &[u8]) -> String {
    match std::str::from_utf8(body) {
        Ok(s) if s.chars().count() <= 200 => format!("{s:?}"),
        Ok(s) => format!(
            "{:?}... ({} bytes)",
            s.chars().take(200).collect::<String>(),
            body.len()
        ),
        Err(_) => format!("{} bytes of binary data", body.len()),
    }
}

/// A short rendering of a received body, whole or not.
pub fn preview_body(body: &ReceivedBody) -> String {
    match body.whole() {
        Some(whole) => preview(whole),
        None => format!("{} bytes, sha256 {}", body.len(), body.sha256_hex()),
    }
}

/// Evaluates a `save:` path against a response.
pub fn capture(response: &Response, path: &FieldPath) -> Option<String> {
    match select(&response.fields(), &path.segments)? {
        Data::Text(s) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::response::test_response as response;

    /// The expectation of the only step of a one-case suite whose step has `expect: <yaml>`.
    /// The step is raw, so its field paths are not checked against an operation's output.
    fn expectation(yaml: &str) -> (Expectation, Loc) {
        let text = format!(
            "cases:\n  - name: c\n    steps:\n      - raw: {{ method: GET, path: /$bucket }}\n        expect: {yaml}\n"
        );
        let suite = s3spec_suite::load_str("t.yaml", &text, "t").expect("valid suite");
        let step = suite.cases[0].steps[0].as_step().expect("one step");
        (step.expect.clone(), step.loc)
    }

    fn mismatches(yaml: &str, r: &Response) -> Vec<(String, String, String)> {
        let (e, loc) = expectation(yaml);
        let vars = Vars::from([("bucket".to_owned(), "b.txt".to_owned())]);
        check(&e, r, &vars, loc)
            .into_iter()
            .map(|m| (m.subject, m.expected, m.actual))
            .collect()
    }

    const LIST: &str = "<ListBucketResult><KeyCount>2</KeyCount><IsTruncated>false</IsTruncated>\
        <Contents><Key>a.txt</Key><Size>1</Size></Contents><Contents><Key>b.txt</Key><Size>2</Size></Contents></ListBucketResult>";

    #[test]
    fn matching_fields_give_no_mismatch() {
        let r = response(200, &[("etag", "\"x\"")], LIST);
        let yaml = r#"{ status: 200, fields: { KeyCount: 2, IsTruncated: false, "Contents[].Key": [a.txt, $bucket], "Contents[1].Size": "2", CommonPrefixes: { length: 0 }, ETag: { matches: '^"' } } }"#;
        assert_eq!(mismatches(yaml, &r), []);
    }

    #[test]
    fn an_expected_value_with_an_unset_variable_names_the_variable() {
        // Only $bucket is set: as when a `save:` earlier in the case found nothing.
        let r = response(200, &[], LIST);
        let got = mismatches(
            r#"{ fields: { "Contents[].Key": [$host, "${new_bucket}.txt", $bucket] } }"#,
            &r,
        );
        assert_eq!(
            got,
            [(
                "field Contents[].Key".to_owned(),
                r#"[<unset $host>, <unset $new_bucket>, "b.txt"]"#.to_owned(),
                r#"["a.txt", "b.txt"]"#.to_owned()
            )]
        );
    }

    #[test]
    fn one_of_accepts_any_listed_value_and_names_them_all_when_none_matches() {
        let r = response(200, &[("etag", "\"b\"")], LIST);
        let ok = r#"{ headers: { etag: { one-of: ['"a"', '"b"'] } }, fields: { KeyCount: { one-of: [1, 2] } } }"#;
        assert_eq!(mismatches(ok, &r), []);
        let got = mismatches(r#"{ fields: { KeyCount: { one-of: [1, $bucket] } } }"#, &r);
        assert_eq!(
            got,
            [(
                "field KeyCount".to_owned(),
                r#"one of ["1", "b.txt"]"#.to_owned(),
                r#""2""#.to_owned()
            )]
        );
        let absent = mismatches(
            r#"{ headers: { x-amz-version-id: { one-of: [a, b] } } }"#,
            &r,
        );
        assert_eq!(absent[0].2, "absent");
    }

    #[test]
    fn a_body_is_compared_with_generated_content_and_texts_by_length_and_hash() {
        let mut r = response(200, &[], "");
        r.body = crate::wire::body::generate(1000, 3).into();
        assert_eq!(mismatches("{ body: { size: 1000, seed: 3 } }", &r), []);
        assert_eq!(
            mismatches("{ body: { one-of: [abc, { size: 1000, seed: 3 }] } }", &r),
            []
        );
        let other_seed = mismatches("{ body: { size: 1000, seed: 4 } }", &r);
        assert_eq!(
            other_seed[0].1,
            "the generated content of 1000 bytes with seed 4"
        );
        assert_eq!(other_seed[0].2, "1000 bytes of binary data");
        let texts = mismatches(
            "{ body: { one-of: [A, $bucket] } }",
            &response(200, &[], "B"),
        );
        assert_eq!(texts[0].1, r#"one of "A", "b.txt""#);
        assert_eq!(texts[0].2, r#""B""#);
        assert_eq!(
            mismatches("{ body: { one-of: [A, B] } }", &response(200, &[], "B")),
            []
        );
    }

    #[test]
    fn bad_body_expectations_are_load_errors() {
        for (yaml, message) in [
            ("{ body: file://x.bin }", "cannot be an expected body"),
            ("{ body: { one-of: [] } }", "needs at least one body"),
            ("{ body: { one-of: a } }", "takes a list of bodies"),
            ("{ body: { seed: 1 } }", "also needs `size`"),
            ("{ body: { size: 1, colour: 2 } }", "colour"),
        ] {
            let text = format!(
                "cases:\n  - name: c\n    steps:\n      - raw: {{ method: GET, path: / }}\n        expect: {yaml}\n"
            );
            let errors = s3spec_suite::load_str("t.yaml", &text, "t").unwrap_err();
            let all = format!("{errors:?}");
            assert!(all.contains(message), "{yaml}: {all}");
        }
    }

    #[test]
    fn unordered_accepts_any_order_but_not_other_elements() {
        let r = response(200, &[], LIST);
        let ok = r#"{ fields: { "Contents[].Key": { unordered: [$bucket, a.txt] } } }"#;
        assert_eq!(mismatches(ok, &r), []);
        let got = mismatches(
            r#"{ fields: { "Contents[].Key": { unordered: [a.txt, a.txt] } } }"#,
            &r,
        );
        assert_eq!(
            got,
            [(
                "field Contents[].Key".to_owned(),
                r#"["a.txt", "a.txt"] in any order"#.to_owned(),
                r#"["a.txt", "b.txt"]"#.to_owned()
            )]
        );
    }

    #[test]
    fn each_difference_is_one_mismatch() {
        let r = response(200, &[], LIST);
        let got = mismatches(
            r#"{ fields: { KeyCount: 3, "Contents[].Key": [a.txt], Missing: x } }"#,
            &r,
        );
        assert_eq!(
            got[0],
            ("field KeyCount".into(), "\"3\"".into(), "\"2\"".into())
        );
        assert_eq!(
            got[1],
            (
                "field Contents[].Key".into(),
                "[\"a.txt\"]".into(),
                "[\"a.txt\", \"b.txt\"]".into()
            )
        );
        assert_eq!(got[2].0, "field Missing");
        assert!(
            got[2]
                .2
                .starts_with("missing (response fields: KeyCount, IsTruncated, Contents"),
            "{}",
            got[2].2
        );
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn without_status_or_error_success_is_required() {
        let r = response(404, &[], "<Error><Code>NoSuchBucket</Code></Error>");
        assert_eq!(
            mismatches("{}", &r),
            [(
                "status".into(),
                "success (2xx)".into(),
                "404 (NoSuchBucket)".into()
            )]
        );
        assert_eq!(mismatches("{ error: NoSuchBucket }", &r), []);
        assert_eq!(
            mismatches("{ status: 404, error: NoSuchKey }", &r),
            [(
                "error code".into(),
                "NoSuchKey".into(),
                "NoSuchBucket".into()
            )]
        );
        let ok = response(200, &[], LIST);
        assert_eq!(
            mismatches("{ error: NoSuchBucket }", &ok),
            [("error code".into(), "NoSuchBucket".into(), "200".into())]
        );
    }

    const ERROR_200: &str = "<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code><Message>try again</Message></Error>";

    #[test]
    fn a_200_with_an_error_document_is_that_error() {
        let r = response(200, &[], ERROR_200);
        assert_eq!(
            mismatches("{}", &r),
            [(
                "status".into(),
                "success (2xx)".into(),
                "200 with an error document (InternalError: try again)".into()
            )]
        );
        assert_eq!(mismatches("{ error: InternalError }", &r), []);
        assert_eq!(mismatches("{ error: true }", &r), []);
        assert_eq!(mismatches("{ status: 200 }", &r), []);
        assert_eq!(mismatches("{ status: 200, error: InternalError }", &r), []);
        assert_eq!(
            mismatches("{ error: SlowDown }", &r),
            [(
                "error code".into(),
                "SlowDown".into(),
                "InternalError".into()
            )]
        );
    }

    #[test]
    fn a_body_that_is_not_well_formed_fails_what_reads_it() {
        let r = response(
            200,
            &[],
            "<ListBucketResult><KeyCount>2</KeyCount><Contents><Key>a",
        );
        let got = mismatches("{}", &r);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            (got[0].0.as_str(), got[0].1.as_str()),
            ("body", "the operation's XML document")
        );
        assert!(
            got[0]
                .2
                .starts_with("a body that is not: not well-formed XML")
                && got[0].2.contains("byte"),
            "{}",
            got[0].2
        );
        for yaml in [
            "{ fields: { KeyCount: 2 } }",
            "{ status: 200, body: { length: 56 } }",
            "{ error: NoSuchKey }",
        ] {
            let got = mismatches(yaml, &r);
            assert!(
                got.iter().any(|m| m.1 == "the operation's XML document"),
                "{yaml}: {got:?}"
            );
        }
        assert_eq!(
            mismatches("{ status: 200 }", &r),
            [],
            "the status alone does not read the body"
        );
    }

    #[test]
    fn status_may_be_one_of_several() {
        let r = response(416, &[], "<Error><Code>InvalidRange</Code></Error>");
        assert_eq!(mismatches("{ status: [400, 416] }", &r), []);
        assert_eq!(
            mismatches("{ status: [400, 403] }", &r),
            [(
                "status".into(),
                "one of 400, 403".into(),
                "416 (InvalidRange)".into()
            )]
        );
    }

    #[test]
    fn any_error_matches_every_error_but_no_success() {
        let r = response(
            404,
            &[],
            "<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>",
        );
        assert_eq!(mismatches("{ error: true }", &r), []);
        assert_eq!(mismatches("{ error: { message: gone } }", &r), []);
        let head = response(404, &[], "");
        assert_eq!(mismatches("{ error: true }", &head), []);
        let ok = response(200, &[], LIST);
        assert_eq!(
            mismatches("{ error: true }", &ok),
            [("error".into(), "any error".into(), "200".into())]
        );
    }

    #[test]
    fn empty_text_is_present_and_absent_is_absent() {
        let r = response(
            200,
            &[],
            "<ListBucketResult><Prefix></Prefix><Marker/><KeyCount>0</KeyCount></ListBucketResult>",
        );
        let ok =
            r#"{ fields: { Prefix: "", Marker: { equals: "" }, Delimiter: { exists: false } } }"#;
        assert_eq!(mismatches(ok, &r), []);
        assert_eq!(
            mismatches(
                r#"{ fields: { Prefix: { exists: true }, Marker: { length: 0 }, Delimiter: ~ } }"#,
                &r
            ),
            []
        );
        let got = mismatches(
            r#"{ fields: { Delimiter: "", Prefix: { exists: false } } }"#,
            &r,
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            (got[0].0.as_str(), got[0].1.as_str()),
            ("field Delimiter", "\"\"")
        );
        assert!(got[0].2.starts_with("missing"), "{}", got[0].2);
        assert_eq!(
            got[1],
            ("field Prefix".into(), "absent".into(), "\"\"".into())
        );
    }

    #[test]
    fn headers_and_bodies() {
        let r = response(200, &[("content-length", "5"), ("etag", "\"e\"")], "hello");
        assert_eq!(
            mismatches(
                r#"{ headers: { Content-Length: "5", x-amz-version-id: { exists: false } }, body: hello }"#,
                &r
            ),
            []
        );
        let sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        assert_eq!(
            mismatches(
                &format!("{{ body: {{ length: 5, sha256: {sha}, matches: '^h' }} }}"),
                &r
            ),
            []
        );
        let got = mismatches(
            "{ headers: { etag: { exists: false } }, body: { length: 4 } }",
            &r,
        );
        assert_eq!(
            got,
            [
                (
                    "header etag".into(),
                    "absent".into(),
                    "\"\\\"e\\\"\"".into()
                ),
                ("body length".into(), "4".into(), "5".into())
            ]
        );
    }

    #[test]
    fn select_projects_over_lists() {
        let doc = crate::xml::parse(LIST.as_bytes()).expect("valid").content;
        let path = FieldPath::parse("Contents[].Size").expect("valid");
        assert_eq!(
            select(&doc, &path.segments),
            Some(Data::List(vec![Data::text("1"), Data::text("2")]))
        );
        assert_eq!(
            select(
                &doc,
                &FieldPath::parse("Contents[5].Key").expect("valid").segments
            ),
            None
        );
    }
}
