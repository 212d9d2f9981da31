//! The s3spec suite format: the model of a YAML suite, its loader and its checks, which hold
//! suites against the S3 API's model (`s3spec-api`): operations, members, enum values and
//! response field paths.
//!
//! Both the `s3spec::suites!` macro (at build time) and the s3spec runtime (when a test runs)
//! load suites through [`load_file`], so a suite that compiles is exactly the suite that runs.
//!
//! ```
//! let yaml = "cases:\n  - name: put then get\n    steps:\n      - op: PutObject\n        with: { Bucket: $bucket, Key: a.txt, Body: hi }\n";
//! let suite = s3spec_suite::load_str("suites/example.yaml", yaml, "example").expect("valid suite");
//! assert_eq!(suite.cases[0].steps[0].name(), "PutObject");
//! ```

pub mod actions;
pub mod check;
pub mod fields;
pub mod known;
mod load;
pub mod model;
pub mod names;
pub mod node;
pub mod send;
pub mod source;
pub mod stages;
pub mod suggest;
pub mod template;
pub mod tree;
mod values;

pub use model::*;
pub use source::{Diagnostic, Loc, SourceFile, Spanned, render_errors};
pub use values::parse_size;

use std::path::Path;

/// Parses, loads and checks a suite from its text. `path` is how messages name the file.
pub fn load_str(path: &str, text: &str, default_name: &str) -> Result<Suite, Vec<Diagnostic>> {
    let file = SourceFile::new(path, text);
    let root = node::parse(&file).map_err(|d| vec![*d])?;
    let loaded = load::suite(&file, &root, default_name);
    let mut diags = loaded.diags;
    if let Some(suite) = &loaded.suite {
        diags.extend(check::suite(suite, !loaded.steps_dropped));
    }
    diags.sort_by_key(|d| d.loc);
    cap(&file, &mut diags);
    match loaded.suite {
        Some(suite) if diags.is_empty() => Ok(suite),
        _ => Err(diags),
    }
}

/// Reads and loads a suite file. `display_path` is how messages name it (relative to the crate).
pub fn load_file(path: &Path, display_path: &str) -> Result<Suite, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let file = SourceFile::new(display_path, "");
        vec![file.diagnostic(
            Loc {
                line: 1,
                col: 1,
                width: 1,
            },
            format!("failed to read suite file: {e}"),
        )]
    })?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let suite = load_str(display_path, &text, &stem)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let diags = check::body_files(&suite, dir);
    if diags.is_empty() {
        Ok(suite)
    } else {
        Err(diags)
    }
}

#[cfg(test)]
mod every_member;

/// The most errors shown for one file; the rest are counted.
pub const MAX_ERRORS_PER_FILE: usize = 50;

/// Keeps the first [`MAX_ERRORS_PER_FILE`] errors and says how many more there are, so a broken
/// file cannot print without bound.
fn cap(file: &SourceFile, diags: &mut Vec<Diagnostic>) {
    if diags.len() <= MAX_ERRORS_PER_FILE {
        return;
    }
    let more = diags.len() - MAX_ERRORS_PER_FILE;
    let at = diags[MAX_ERRORS_PER_FILE].loc;
    diags.truncate(MAX_ERRORS_PER_FILE);
    diags.push(
        file.diagnostic(at, format!("{more} more errors in this file are not shown"))
            .note("fix the ones above first"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MatcherKind, Segment};

    const FULL: &str = r#"
suite: example
description: every feature once
setup:
  - op: PutObject
    with: { Bucket: $bucket, Key: seed.txt, Body: "hello", Metadata: { color: blue } }
    save: { seed_etag: ETag }
cases:
  - name: multipart
    steps:
      - op: CreateMultipartUpload
        with: { Bucket: $bucket, Key: big.bin }
        save: { upload: UploadId }
      - op: UploadPart
        with: { Bucket: $bucket, Key: big.bin, UploadId: $upload, PartNumber: 1, Body: { size: 5MiB, seed: 3 } }
        save: { e1: ETag }
      - op: CompleteMultipartUpload
        with:
          Bucket: $bucket
          Key: big.bin
          UploadId: $upload
          MultipartUpload: { Parts: [ { PartNumber: 1, ETag: $e1 } ] }
        expect:
          status: 200
          headers: { etag: { matches: '-1"$' }, x-amz-version-id: { exists: false } }
          fields: { "Key": big.bin, "ETag": { matches: '-1"$' }, "Bucket": $bucket }
        snapshot: true
teardown:
  - op: DeleteObject
    with: { Bucket: $bucket, Key: seed.txt }
"#;

    #[test]
    fn loads_every_part_of_a_suite() {
        let suite = load_str("suites/example.yaml", FULL, "stem").expect("valid suite");
        assert_eq!(suite.name, "example");
        assert_eq!(suite.setup.len(), 1);
        assert_eq!(suite.teardown.len(), 1);
        let steps: Vec<&Step> = suite.cases[0].steps.iter().flat_map(Stage::steps).collect();
        assert_eq!(
            steps[1].params()[4].value,
            Value::Generated {
                size: 5 << 20,
                seed: 3
            }
        );
        let complete = steps[2];
        assert!(complete.snapshot);
        assert_eq!(
            complete.expect.status.as_ref().map(|s| s.value.clone()),
            Some(vec![200])
        );
        assert!(matches!(
            complete.expect.headers[1].1.kind,
            MatcherKind::Exists(false)
        ));
        let (path, _) = &complete.expect.fields[2];
        assert_eq!(path.value.segments, [Segment::Member("Bucket".into())]);
        assert_eq!(complete.loc.line, 17);
    }

    #[test]
    fn reports_every_error_of_a_file_in_order() {
        let text = FULL
            .replace("op: UploadPart", "op: UploadPrt")
            .replace("status: 200", "statuz: 200");
        let errs = load_str("suites/example.yaml", &text, "stem").expect_err("two mistakes");
        let messages: Vec<&str> = errs.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown operation `UploadPrt`",
                "unknown key `statuz` in an expectation"
            ]
        );
    }

    #[test]
    fn teardown_cannot_use_what_a_case_saved() {
        let text = FULL.replace("Key: seed.txt }\n\"#", "Key: seed.txt }");
        let text = text.replace(
            "  - op: DeleteObject\n    with: { Bucket: $bucket, Key: seed.txt }",
            "  - op: AbortMultipartUpload\n    with: { Bucket: $bucket, Key: big.bin, UploadId: $upload }",
        );
        let errs =
            load_str("suites/example.yaml", &text, "stem").expect_err("teardown uses $upload");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].message, "unknown variable `$upload`");
        assert!(
            errs[0]
                .notes
                .iter()
                .any(|n| n.contains("$seed_etag (saved at line 7)")),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn the_file_stem_names_an_unnamed_suite() {
        let suite =
            load_str("s.yaml", "cases:\n  - name: a\n    steps: []\n", "stem").expect("valid");
        assert_eq!(suite.name, "stem");
    }

    #[test]
    fn errors_per_file_are_capped() {
        let keys: String = (0..500).map(|i| format!("k{i}: 1\n")).collect();
        let diags = match crate::load_str("s.yaml", &format!("{keys}cases: []\n"), "s") {
            Ok(_) => panic!("accepted"),
            Err(d) => d,
        };
        assert_eq!(diags.len(), MAX_ERRORS_PER_FILE + 1);
        assert!(
            diags[MAX_ERRORS_PER_FILE]
                .to_string()
                .contains("more errors in this file are not shown")
        );
    }

    #[test]
    fn an_empty_list_of_cases_is_an_error() {
        let e = match crate::load_str("s.yaml", "cases: []\n", "s") {
            Ok(_) => panic!("accepted"),
            Err(d) => d[0].to_string(),
        };
        assert!(
            e.contains("a suite needs at least one case") && e.contains("s.yaml:1:8"),
            "{e}"
        );
    }
}
