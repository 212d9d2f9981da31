//! The harness's own tests: it reports mismatches where they are written, cleans up after failed
//! cases, never deletes what it did not create, and its known-difference files are valid.
//! They run against the embedded server whatever target the environment selects.

#![expect(
    clippy::expect_used,
    reason = "a test helper that cannot set up fails its test"
)]

use std::path::Path;

use s3spec::client::Client;
use s3spec::exec::{CaseContext, CaseOutcome, Problem};
use s3spec::run::RunPrefix;
use s3spec::suite::{Suite, load_str};
use s3spec::target::{EmbeddedServer, Target};

#[path = "harness/buckets.rs"]
mod buckets;
#[path = "harness/concurrency.rs"]
mod concurrency;
#[path = "harness/foreign.rs"]
mod foreign;
#[path = "harness/transport.rs"]
mod transport;

fn embedded() -> Target {
    EmbeddedServer::shared()
        .expect("the embedded server starts")
        .target()
}

/// Runs the suite's first case on the embedded target.
async fn run_first_case(
    suite: &Suite,
    target: &Target,
    client: &Client,
    alt_client: Option<&Client>,
    known_steps: &[usize],
) -> CaseOutcome {
    let cx = CaseContext {
        client,
        alt_client,
        target,
        run: RunPrefix::current(),
        suite_dir: Path::new("tests"),
        known_steps,
        verbose: false,
        retries: 0,
    };
    s3spec::run_case(suite, &suite.cases[0], cx).await
}

async fn run(yaml: &str) -> (Suite, CaseOutcome) {
    let suite = load_str("tests/inline.yaml", yaml, "inline").expect("the test's suite is valid");
    // Without a second user, as a target that has none.
    let target = Target {
        alt: None,
        ..embedded()
    };
    let client = s3spec::client::for_target(&target);
    let outcome = run_first_case(&suite, &target, &client, None, &[]).await;
    (suite, outcome)
}

/// The rendered report with the case's random bucket names replaced.
fn report(suite: &Suite, outcome: &CaseOutcome) -> String {
    s3spec::report::failures(outcome, suite)
        .replace(&outcome.buckets[0], "<bucket>")
        .replace(&outcome.buckets[1], "<new-bucket>")
}

const WRONG_EXPECTATION: &str = r#"
cases:
  - name: wrong expectation
    steps:
      - op: PutObject
        with: { Bucket: $bucket, Key: a.txt, Body: "hello" }
      - op: GetObject
        with: { Bucket: $bucket, Key: b.txt }
        expect: { status: 200, body: "hello" }
"#;

#[tokio::test]
async fn a_wrong_expectation_is_reported_at_its_yaml_location() {
    let (suite, outcome) = run(WRONG_EXPECTATION).await;
    assert!(!outcome.passed());
    let Problem::Mismatch(m) = &outcome.failures[0].problem else {
        panic!("not a mismatch: {:?}", outcome.failures)
    };
    assert_eq!((m.subject.as_str(), m.expected.as_str()), ("status", "200"));
    assert!(m.actual.starts_with("404 (NoSuchKey"), "{}", m.actual);
    assert_eq!((m.loc.line, m.loc.col), (9, 27));
    insta::assert_snapshot!(report(&suite, &outcome));
}

#[tokio::test]
async fn a_case_needing_the_alt_user_is_skipped_on_a_target_without_one() {
    let yaml = "cases:\n  - name: c\n    steps:\n      - op: ListBuckets\n        as: alt\n";
    let (_, outcome) = run(yaml).await;
    assert!(outcome.passed());
    assert_eq!(outcome.requests, 0, "nothing is sent, not even the bucket");
    let reason = outcome.skipped.expect("skipped");
    assert!(
        reason.contains("needs a second user (`as: alt`)"),
        "{reason}"
    );
}

#[tokio::test]
async fn the_alt_user_signs_its_steps() {
    let yaml = "cases:\n  - name: c\n    steps:\n      - op: ListBuckets\n        as: alt\n";
    let suite = load_str("tests/inline.yaml", yaml, "inline").expect("valid");
    let target = embedded();
    let client = s3spec::client::for_target(&target);
    let alt = target.alt.clone().expect("embedded has an alt user");
    let wrong = s3spec::target::Credentials {
        access_key: alt.access_key.clone(),
        secret_key: "wrong".into(),
    };
    for (credentials, passes) in [(alt, true), (wrong, false)] {
        let target = Target {
            alt: Some(credentials),
            ..target.clone()
        };
        let alt_client = target
            .alt
            .as_ref()
            .map(|c| s3spec::client::with_credentials(&target, c));
        let outcome = run_first_case(&suite, &target, &client, alt_client.as_ref(), &[]).await;
        assert_eq!(outcome.passed(), passes, "{:?}", outcome.failures);
    }
}

#[tokio::test]
async fn a_named_credential_set_signs_where_the_target_has_it_and_skips_where_not() {
    let yaml = "identities: [read-only]\ncases:\n  - name: c\n    steps:\n      - op: ListBuckets\n        as: read-only\n";
    let suite = load_str("tests/inline.yaml", yaml, "inline").expect("valid");
    let target = embedded();
    let client = s3spec::client::for_target(&target);
    let outcome = run_first_case(&suite, &target, &client, None, &[]).await;
    let reason = outcome.skipped.expect("skipped without the set");
    assert!(reason.contains("S3SPEC_IDENTITY_READ_ONLY"), "{reason}");
    // The embedded server knows the alt user's keys: given as the set, they sign the step.
    let alt = target.alt.clone().expect("embedded has an alt user");
    let wrong = s3spec::target::Credentials {
        access_key: alt.access_key.clone(),
        secret_key: "wrong".into(),
    };
    for (credentials, passes) in [(alt, true), (wrong, false)] {
        let target = Target {
            identities: vec![("read-only".to_owned(), credentials)],
            ..target.clone()
        };
        let outcome = run_first_case(&suite, &target, &client, None, &[]).await;
        assert_eq!(outcome.skipped, None);
        assert_eq!(outcome.passed(), passes, "{:?}", outcome.failures);
    }
}

#[tokio::test]
async fn a_case_goes_on_after_a_known_difference() {
    let yaml = r#"
cases:
  - name: two wrong expectations
    steps:
      - op: HeadBucket
        with: { Bucket: $bucket }
        expect: { status: 418 }
      - op: HeadBucket
        with: { Bucket: $bucket }
        expect: { status: 419 }
"#;
    let suite = load_str("tests/inline.yaml", yaml, "inline").expect("valid");
    let target = embedded();
    let client = s3spec::client::for_target(&target);
    for (known_steps, failing_steps) in [(&[][..], vec![1]), (&[1][..], vec![1, 2])] {
        let outcome = run_first_case(&suite, &target, &client, None, known_steps).await;
        let failed: Vec<usize> = outcome
            .failures
            .iter()
            .filter_map(|f| f.step.map(|s| s.index))
            .collect();
        assert_eq!(failed, failing_steps, "known steps {known_steps:?}");
    }
}

#[tokio::test]
async fn a_step_without_expect_must_succeed() {
    let yaml = "cases:\n  - name: c\n    steps:\n      - op: HeadObject\n        with: { Bucket: $bucket, Key: missing }\n";
    let (_, outcome) = run(yaml).await;
    let Problem::Mismatch(m) = &outcome.failures[0].problem else {
        panic!("not a mismatch: {:?}", outcome.failures)
    };
    assert_eq!(m.expected, "success (2xx)");
    assert!(m.actual.starts_with("404"), "{}", m.actual);
}

#[tokio::test]
async fn a_failed_case_leaves_no_bucket_object_or_upload_behind() {
    let yaml = r#"
cases:
  - name: fails after creating things
    steps:
      - op: PutObject
        with: { Bucket: $bucket, Key: a.txt, Body: "a" }
      - op: CreateMultipartUpload
        with: { Bucket: $bucket, Key: big.bin }
      - op: CreateBucket
        with: { Bucket: $new_bucket }
      - op: PutObject
        with: { Bucket: $new_bucket, Key: b.txt, Body: "b" }
      - op: HeadBucket
        with: { Bucket: $bucket }
        expect: { status: 418 }
"#;
    let (_, outcome) = run(yaml).await;
    assert_eq!(
        outcome.failures.len(),
        1,
        "only the deliberate mismatch: {:?}",
        outcome.failures
    );
    let client = s3spec::client::for_target(&embedded());
    for bucket in &outcome.buckets {
        assert_removed(&client, bucket).await;
    }
}

#[tokio::test]
async fn cleanup_refuses_buckets_the_run_did_not_create() {
    let client = s3spec::client::for_target(&embedded());
    let foreign = format!("not-ours-{}", std::process::id());
    client
        .create_bucket()
        .bucket(&foreign)
        .send()
        .await
        .expect("create a foreign bucket");
    let err = s3spec::cleanup::remove_bucket(&client, RunPrefix::current(), &foreign)
        .await
        .expect_err("must refuse");
    assert!(err.contains("refusing to delete bucket"), "{err}");
    client
        .head_bucket()
        .bucket(&foreign)
        .send()
        .await
        .expect("the foreign bucket is still there");
    client
        .delete_bucket()
        .bucket(&foreign)
        .send()
        .await
        .expect("remove it by hand");
}

#[test]
fn known_differences_name_existing_cases_and_steps() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let suites = load_all(&root.join("suites"), root);
    let suites: Vec<&Suite> = suites.iter().collect();
    let targets = std::fs::read_dir(root.join("snapshots")).expect("snapshots/ exists");
    let mut checked = 0;
    for target in targets.flatten() {
        let display = format!("snapshots/{}", target.file_name().to_string_lossy());
        let render = |d: Vec<s3spec::suite::Diagnostic>| {
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        };
        let known = s3spec::known::load(&target.path(), &display)
            .unwrap_or_else(|d| panic!("{}", render(d)));
        let problems = s3spec::known::check(&known, &suites);
        assert!(problems.is_empty(), "{}", render(problems));
        checked += known.entries.len();
    }
    assert!(checked > 100, "only {checked} known differences found");
}

fn load_all(dir: &Path, root: &Path) -> Vec<Suite> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)
        .expect("readable suites folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            out.extend(load_all(&path, root));
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let display = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            out.push(s3spec::suite::load_file(&path, &display).expect("shipped suites are valid"));
        }
    }
    out
}

/// Fails unless `bucket` is gone (HeadBucket answers 404). Asked of the bucket itself rather
/// than a listing: s3s-fs's ListBuckets can fail while another test removes a bucket.
pub(crate) async fn assert_removed(client: &s3spec::client::Client, bucket: &str) {
    let head = client.head_bucket().bucket(bucket).send().await;
    let status = head
        .err()
        .and_then(|e| e.raw_response().map(|r| r.status().as_u16()));
    assert_eq!(status, Some(404), "{bucket} was left behind");
}
