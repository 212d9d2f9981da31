//! Each bucket of a case is removed by the user who created it, as servers that enforce
//! ownership require.

use s3spec::exec::CaseOutcome;
use s3spec::suite::load_str;
use s3spec::target::{EmbeddedOptions, EmbeddedServer, Target};

use super::run_first_case;

/// A server on which only a bucket's creator may use it.
fn ownership_target() -> (EmbeddedServer, Target) {
    let server = EmbeddedServer::start_with(EmbeddedOptions {
        enforce_ownership: true,
        ..EmbeddedOptions::default()
    })
    .expect("an embedded server with ownership starts");
    let target = server.target();
    (server, target)
}

async fn run_with_alt(yaml: &str, target: &Target) -> CaseOutcome {
    let suite = load_str("tests/inline.yaml", yaml, "inline").expect("valid suite");
    let client = s3spec::client::for_target(target);
    let alt = s3spec::client::with_credentials(target, target.alt.as_ref().expect("alt user"));
    run_first_case(&suite, target, &client, Some(&alt), &[]).await
}

const ALT_CREATES: &str = r#"
cases:
  - name: alt creates buckets
    steps:
      - op: CreateBucket
        as: alt
        with: { Bucket: $new_bucket }
      - op: PutObject
        as: alt
        with: { Bucket: $new_bucket, Key: a.txt, Body: "a" }
      - op: CreateBucket
        as: alt
        with: { Bucket: "${new_bucket}-2" }
      - op: PutObject
        with: { Bucket: $bucket, Key: b.txt, Body: "b" }
"#;

#[tokio::test]
async fn buckets_alt_created_are_removed_with_alt_credentials() {
    let (_server, target) = ownership_target();
    let outcome = run_with_alt(ALT_CREATES, &target).await;
    assert!(outcome.passed(), "{:#?}", outcome.failures);
    let alt = s3spec::client::with_credentials(&target, target.alt.as_ref().expect("alt"));
    let main = s3spec::client::for_target(&target);
    let second = format!("{}-2", outcome.buckets[1]);
    for (client, bucket) in [
        (&main, &outcome.buckets[0]),
        (&alt, &outcome.buckets[1]),
        (&alt, &second),
    ] {
        super::assert_removed(client, bucket).await;
    }
}

#[tokio::test]
async fn objects_alt_put_into_the_case_bucket_are_removed_by_its_owner() {
    let yaml = r#"
cases:
  - name: alt writes into the case's bucket
    steps:
      - op: PutObject
        as: alt
        with: { Bucket: $bucket, Key: from-alt.txt, Body: "x" }
"#;
    let target = super::embedded();
    let outcome = run_with_alt(yaml, &target).await;
    assert!(outcome.passed(), "{:#?}", outcome.failures);
    let main = s3spec::client::for_target(&target);
    super::assert_removed(&main, &outcome.buckets[0]).await;
}

#[tokio::test]
async fn a_key_of_only_whitespace_is_cleaned_up() {
    // The SDK's XML reader trims a key of one space to nothing: the cleanup must still find it.
    let yaml = r#"
cases:
  - name: whitespace keys
    steps:
      - op: PutObject
        with: { Bucket: $bucket, Key: " ", Body: "space" }
      - op: PutObject
        with: { Bucket: $bucket, Key: "  \t", Body: "tab" }
      - op: PutObject
        with: { Bucket: $bucket, Key: "x", Body: "x" }
"#;
    let target = super::embedded();
    let client = s3spec::client::for_target(&target);
    let suite = load_str("tests/inline.yaml", yaml, "inline").expect("valid suite");
    let outcome = run_first_case(&suite, &target, &client, None, &[]).await;
    assert!(
        outcome.passed(),
        "{}",
        s3spec::report::failures(&outcome, &suite)
    );
    for bucket in &outcome.buckets {
        super::assert_removed(&client, bucket).await;
    }
}

#[tokio::test]
async fn a_bucket_holding_more_than_its_steps_could_leave_is_still_removed() {
    // The cleanup skips the listings of what a case's operations cannot leave; when the bucket
    // holds something all the same, deleting it fails and the full cleanup runs.
    let target = super::embedded();
    let client = s3spec::client::for_target(&target);
    let (bucket, _) = s3spec::run::RunPrefix::current().case_buckets("harness", "leftovers");
    client
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("bucket");
    client
        .put_object()
        .bucket(&bucket)
        .key("unexpected")
        .body(b"x".to_vec().into())
        .send()
        .await
        .expect("object");
    let run = s3spec::run::RunPrefix::current();
    s3spec::cleanup::remove_bucket_after(&client, run, &bucket, s3spec::cleanup::Leftovers::NONE)
        .await
        .expect("removed");
    super::assert_removed(&client, &bucket).await;
}

#[tokio::test]
async fn buckets_a_case_creates_under_its_own_stem_are_removed() {
    // Every CreateBucket was answered, so the cleanup removes what they created without
    // listing the account's buckets.
    let yaml = r#"
cases:
  - name: main creates buckets
    steps:
      - op: CreateBucket
        with: { Bucket: "${new_bucket}-2" }
      - op: PutObject
        with: { Bucket: "${new_bucket}-2", Key: k, Body: "k" }
      - op: CreateBucket
        with: { Bucket: "${new_bucket}-3" }
"#;
    let target = super::embedded();
    let client = s3spec::client::for_target(&target);
    let suite = load_str("tests/inline.yaml", yaml, "inline").expect("valid suite");
    let outcome = run_first_case(&suite, &target, &client, None, &[]).await;
    assert!(outcome.passed(), "{:#?}", outcome.failures);
    for n in [2, 3] {
        let bucket = format!("{}-{n}", outcome.buckets[1]);
        super::assert_removed(&client, &bucket).await;
    }
}
