//! Response field paths (`expect.fields` keys and `save:` paths) checked against what the
//! response of an `op:` step holds, so a misspelt field is a compile error rather than a field
//! that is always absent (which `{ exists: false }` would accept).
//!
//! A step that must succeed reads the operation's output members; a step that expects an error
//! reads S3's `<Error>` document and the output members carried by headers, which error
//! responses keep (`DeleteMarker` of a GetObject on a delete marker). A step whose statuses allow
//! both reads either. Raw and POST steps have no model: their paths are not checked.

use s3spec_api::{Binding, FieldError, FieldErrorKind, FieldSegment, Member, Operation};

use crate::model::{Expectation, FieldPath, Segment, Stage, Suite, Tally};
use crate::source::{Diagnostic, Spanned};
use crate::suggest::did_you_mean;

const ERROR_DOCUMENT: &str = include_str!("error_document.txt");
/// How many header members an error about an error response names.
const SHOWN_HEADERS: usize = 6;

/// The elements of S3's `<Error>` document: those of every error (`Code`, `Message`, ...) and
/// those some errors add (`Key`, `ArgumentName`, `StringToSign`, ...).
pub fn error_document_members() -> impl Iterator<Item = &'static str> + Clone {
    ERROR_DOCUMENT.lines().filter_map(|line| {
        let name = line.split('#').next().unwrap_or_default().trim();
        (!name.is_empty()).then_some(name)
    })
}

/// What the response of a step is, as far as its expectation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Success,
    Error,
    /// `status: [200, 404]`: either, so a path may name what either holds.
    Either,
}

fn outcome(expect: &Expectation) -> Outcome {
    if expect.error.is_some() {
        return Outcome::Error;
    }
    let Some(status) = &expect.status else {
        return Outcome::Success;
    };
    let success = status
        .value
        .iter()
        .filter(|c| (200..300).contains(*c))
        .count();
    match success {
        0 => Outcome::Error,
        n if n == status.value.len() => Outcome::Success,
        _ => Outcome::Either,
    }
}

/// Every field path of every `op:` step that names nothing the response can hold.
pub fn check(suite: &Suite, diags: &mut Vec<Diagnostic>) {
    for step in suite.all_steps() {
        let Some(op) = step.operation() else {
            continue;
        };
        let saves = step.save.iter().map(|s| &s.path);
        check_paths(suite, op, &step.expect, saves, diags);
        check_tallies(suite, op, &step.runs, diags);
    }
    // The `runs:` of a `parallel` whose steps are all one operation read its responses.
    let stages = suite
        .setup
        .iter()
        .chain(suite.cases.iter().flat_map(|c| &c.steps))
        .chain(&suite.teardown);
    for stage in stages {
        let Stage::Parallel(p) = stage else { continue };
        let ops: Vec<_> = p.steps.iter().map(|s| s.operation()).collect();
        if let Some(Some(op)) = ops.first()
            && ops.iter().all(|o| o.is_some_and(|o| o.name == op.name))
        {
            check_tallies(suite, op, &p.runs, diags);
        }
    }
}

fn check_tallies(
    suite: &Suite,
    op: &'static Operation,
    tallies: &[Tally],
    diags: &mut Vec<Diagnostic>,
) {
    for t in tallies {
        check_paths(suite, op, &t.expect, std::iter::empty(), diags);
    }
}

fn check_paths<'a>(
    suite: &Suite,
    op: &'static Operation,
    expect: &'a Expectation,
    saves: impl Iterator<Item = &'a Spanned<FieldPath>>,
    diags: &mut Vec<Diagnostic>,
) {
    let outcome = outcome(expect);
    let paths = expect.fields.iter().map(|(path, _)| path).chain(saves);
    for path in paths {
        if let Err(problem) = resolve(op, outcome, &path.value) {
            diags.push(diagnostic(suite, op, path, problem));
        }
    }
}

/// Why a path names nothing.
enum Problem {
    /// Not among the output members (a step that must, or may, succeed).
    Output(FieldError),
    /// Not in an error response.
    Error { name: String },
    /// A member or index below an element of the error document, which holds text.
    ErrorText { name: String },
}

fn resolve(op: &'static Operation, outcome: Outcome, path: &FieldPath) -> Result<(), Problem> {
    let segments: Vec<FieldSegment<'_>> = path
        .segments
        .iter()
        .map(|s| match s {
            Segment::Member(m) => FieldSegment::Member(m),
            Segment::Index(n) => FieldSegment::Index(*n),
            Segment::Each => FieldSegment::Each,
        })
        .collect();
    let output = || {
        op.resolve_field(&segments)
            .map(|_| ())
            .map_err(Problem::Output)
    };
    match outcome {
        Outcome::Success => output(),
        Outcome::Error => in_error_response(op, &segments),
        Outcome::Either => output().or_else(|e| in_error_response(op, &segments).map_err(|_| e)),
    }
}

/// An error response holds the error document's elements, and the output members bound to
/// headers or the status.
fn in_error_response(op: &'static Operation, segments: &[FieldSegment<'_>]) -> Result<(), Problem> {
    let Some(FieldSegment::Member(first)) = segments.first() else {
        return Err(Problem::Error {
            name: String::new(),
        });
    };
    if error_document_members().any(|m| m == *first) {
        return match segments.len() {
            1 => Ok(()),
            _ => Err(Problem::ErrorText {
                name: (*first).to_owned(),
            }),
        };
    }
    match op.output_member(first) {
        Some(m) if outside_the_body(m) => op
            .resolve_field(segments)
            .map(|_| ())
            .map_err(Problem::Output),
        _ => Err(Problem::Error {
            name: (*first).to_owned(),
        }),
    }
}

fn outside_the_body(m: &Member) -> bool {
    matches!(
        m.binding,
        Binding::Header(_) | Binding::PrefixHeaders(_) | Binding::StatusCode
    )
}

fn diagnostic(
    suite: &Suite,
    op: &'static Operation,
    path: &Spanned<FieldPath>,
    problem: Problem,
) -> Diagnostic {
    let at = |message: String| suite.source.diagnostic(path.loc, message);
    match problem {
        Problem::Output(e) => output_diagnostic(suite, op, path, e),
        Problem::ErrorText { name } => at(format!(
            "`{}` is not a field of an error response",
            path.value
        ))
        .label(format!(
            "`{name}` of the error document is text, with no members"
        )),
        Problem::Error { name } => {
            let headers: Vec<&str> = op
                .output
                .iter()
                .filter(|m| outside_the_body(m))
                .map(|m| m.name)
                .collect();
            let candidates = error_document_members().chain(headers.iter().copied());
            let mut d = at(format!("unknown field `{name}` of an error response"))
                .label("the step expects an error, so fields are read from the error response")
                .suggest(did_you_mean(&name, candidates))
                .note(format!(
                    "the error document has: {}",
                    error_document_members().collect::<Vec<_>>().join(", ")
                ));
            if !headers.is_empty() {
                // Only a few: the error document's elements are what such paths usually name.
                let more = match headers.len().saturating_sub(SHOWN_HEADERS) {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                let shown = headers[..headers.len().min(SHOWN_HEADERS)].join(", ");
                d = d.note(format!(
                    "and the members `{}` returns in headers: {shown}{more}",
                    op.name
                ));
            }
            d
        }
    }
}

fn output_diagnostic(
    suite: &Suite,
    op: &'static Operation,
    path: &Spanned<FieldPath>,
    e: FieldError,
) -> Diagnostic {
    let at = |message: String| suite.source.diagnostic(path.loc, message);
    match e.kind {
        FieldErrorKind::UnknownMember {
            name,
            parent: None,
            known,
            suggestion,
        } => {
            let returns = if known.is_empty() {
                format!("`{}` returns no fields", op.name)
            } else {
                format!("`{}` returns: {}", op.name, known.join(", "))
            };
            let mut d = at(format!("unknown response field `{name}` for `{}`", op.name))
                .suggest(suggestion)
                .note(returns);
            if error_document_members().any(|m| m == name) {
                d = d.note(format!(
                    "`{name}` is an element of error responses: say that the step expects one \
                     with `error:` or a non-2xx `status`"
                ));
            }
            d
        }
        FieldErrorKind::UnknownMember {
            name,
            parent: Some(parent),
            known,
            suggestion,
        } => at(format!(
            "unknown member `{name}` of `{parent}` in the field path `{}`",
            path.value
        ))
        .suggest(suggestion)
        .note(format!("`{parent}` has: {}", known.join(", "))),
        kind => {
            let reason = FieldError { kind, ..e }.to_string();
            at(format!(
                "the field path `{}` does not fit the response of `{}`",
                path.value, op.name
            ))
            .label(reason)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(steps: &str) -> Vec<String> {
        let yaml = format!("cases:\n  - name: c\n    steps:\n{steps}");
        match crate::load_str("s.yaml", &yaml, "s") {
            Ok(_) => Vec::new(),
            Err(diags) => diags.into_iter().map(|d| d.to_string()).collect(),
        }
    }

    fn step(op: &str, expect: &str, save: &str) -> String {
        let with = match op {
            "ListParts" => "{ Bucket: $bucket, Key: k, UploadId: u }",
            _ => "{ Bucket: $bucket, Key: k }",
        };
        format!(
            "      - op: {op}\n        with: {with}\n        expect: {expect}\n        save: {save}\n"
        )
    }

    #[test]
    fn the_error_document_list_is_read_from_its_data_file() {
        let names: Vec<&str> = error_document_members().collect();
        assert_eq!(
            names[..5],
            ["Code", "Message", "Resource", "RequestId", "HostId"]
        );
        assert!(names.contains(&"X-Amz-Expires"));
        assert!(names.contains(&"MaxAllowedSkewMilliseconds"));
        assert!(names.iter().all(|n| !n.contains(' ') && !n.contains('#')));
    }

    #[test]
    fn paths_of_a_successful_step_are_output_members() {
        let ok = step(
            "ListParts",
            "{ fields: { \"Parts[].ETag\": [], \"Parts[0].Size\": 1, Bucket: $bucket } }",
            "{ first: \"Parts[0].ETag\", owner: Owner.ID }",
        );
        assert_eq!(errors(&ok), Vec::<String>::new());
        let head = "      - op: HeadObject\n        with: { Bucket: $bucket, Key: k }\n        expect: { fields: { ETag: x, ContentLength: 1, Metadata.color: blue } }\n";
        assert_eq!(errors(head), Vec::<String>::new());
    }

    #[test]
    fn a_misspelt_field_or_save_path_suggests_the_member() {
        let bad = step(
            "ListParts",
            "{ fields: { Part: { exists: false } } }",
            "{ first: \"Parts[0].Etag\" }",
        );
        let errs = errors(&bad);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(
            errs[0].contains("unknown response field `Part` for `ListParts`"),
            "{}",
            errs[0]
        );
        assert!(errs[0].contains("did you mean `Parts`?"), "{}", errs[0]);
        assert!(errs[0].contains("`ListParts` returns: "), "{}", errs[0]);
        assert!(
            errs[1].contains("unknown member `Etag` of `Part` in the field path `Parts[0].Etag`"),
            "{}",
            errs[1]
        );
        assert!(errs[1].contains("did you mean `ETag`?"), "{}", errs[1]);
    }

    #[test]
    fn lists_need_an_index_and_scalars_have_no_members() {
        let bad = step(
            "ListParts",
            "{ fields: { Parts.ETag: x, \"MaxParts[]\": 1 } }",
            "{}",
        );
        let errs = errors(&bad);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("is a list: use `[]`"), "{}", errs[0]);
        assert!(errs[1].contains("is not a list"), "{}", errs[1]);
    }

    #[test]
    fn an_error_step_reads_the_error_document_and_header_members() {
        let ok = step(
            "GetObject",
            "{ status: 404, fields: { Code: NoSuchKey, Key: k, DeleteMarker: \"true\" } }",
            "{ request: RequestId }",
        );
        assert_eq!(errors(&ok), Vec::<String>::new());
        let ok = step(
            "GetObject",
            "{ error: true, fields: { X-Amz-Expires: \"60\" } }",
            "{}",
        );
        assert_eq!(errors(&ok), Vec::<String>::new());
        let bad = step(
            "ListParts",
            "{ error: NoSuchUpload, fields: { Parts: [], Cod: x, Code.x: y } }",
            "{}",
        );
        let errs = errors(&bad);
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(
            errs[0].contains("unknown field `Parts` of an error response"),
            "{}",
            errs[0]
        );
        assert!(errs[1].contains("did you mean `Code`?"), "{}", errs[1]);
        assert!(
            errs[2].contains("of the error document is text"),
            "{}",
            errs[2]
        );
    }

    #[test]
    fn an_error_field_on_a_successful_step_says_how_to_expect_an_error() {
        let bad = step("GetObject", "{ fields: { Code: NoSuchKey } }", "{}");
        let errs = errors(&bad);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].contains("`Code` is an element of error responses"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn statuses_of_both_kinds_accept_either_response() {
        let ok = step(
            "GetObject",
            "{ status: [200, 404], fields: { Code: NoSuchKey, ContentType: text/plain } }",
            "{}",
        );
        assert_eq!(errors(&ok), Vec::<String>::new());
        let bad = step(
            "GetObject",
            "{ status: [200, 404], fields: { Kode: x } }",
            "{}",
        );
        let errs = errors(&bad);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].contains("unknown response field `Kode`"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn raw_and_post_steps_are_not_checked() {
        let raw = "      - raw: { method: GET, path: /$bucket }\n        expect: { fields: { Anything: x } }\n        save: { v: Whatever.Here }\n";
        assert_eq!(errors(raw), Vec::<String>::new());
        let post = "      - post: { bucket: $bucket, fields: { key: k }, file: x }\n        expect: { status: 201, fields: { Bucket: $bucket, Kee: k } }\n";
        assert_eq!(errors(post), Vec::<String>::new());
    }
}
