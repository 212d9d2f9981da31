//! A step that would change a bucket the run did not create is refused before it is sent.

use s3spec::suite::load_str;

use super::{embedded, run_first_case};

#[tokio::test]
async fn steps_never_change_another_owners_bucket() {
    let target = embedded();
    let client = s3spec::client::for_target(&target);
    // Not named with the run's prefix: somebody else's bucket on the same server.
    let precious = format!("precious-{}", std::process::id());
    client
        .create_bucket()
        .bucket(&precious)
        .send()
        .await
        .expect("the other owner's bucket is created");
    client
        .put_object()
        .bucket(&precious)
        .key("keep.txt")
        .body(b"keep".to_vec().into())
        .send()
        .await
        .expect("its object is stored");
    let steps = [
        format!("op: DeleteObject\n        with: {{ Bucket: {precious}, Key: keep.txt }}"),
        format!("op: DeleteBucket\n        with: {{ Bucket: {precious} }}"),
        // Every run of a repeated step is guarded.
        format!(
            "op: DeleteObject\n        repeat: {{ count: 3, concurrency: 3 }}\n        with: {{ Bucket: {precious}, Key: keep.txt }}"
        ),
        format!("op: PutObject\n        with: {{ Bucket: {precious}, Key: new.txt, Body: x }}"),
        format!("raw: {{ method: DELETE, path: /{precious}/keep.txt }}"),
        format!("post: {{ bucket: {precious}, fields: {{ key: f.txt }}, file: x }}"),
    ];
    for step in steps {
        let yaml = format!(
            "cases:\n  - name: foreign\n    steps:\n      - {step}\n        expect: {{ status: 204 }}\n"
        );
        let suite = load_str("tests/inline.yaml", &yaml, "inline")
            .unwrap_or_else(|d| panic!("{step}: {d:?}"));
        let outcome = run_first_case(&suite, &target, &client, None, &[]).await;
        let report = s3spec::report::failures(&outcome, &suite);
        assert!(
            report.contains(&format!(
                "refused: the step would change bucket `{precious}`"
            )),
            "{step}:\n{report}"
        );
        assert_eq!(outcome.steps.len(), 0, "{step}: nothing was sent");
    }
    // Reads are not refused, and the object is still there.
    let kept = client
        .get_object()
        .bucket(&precious)
        .key("keep.txt")
        .send()
        .await
        .expect("the object is still there");
    assert_eq!(
        kept.body.collect().await.map(|b| b.to_vec()).ok(),
        Some(b"keep".to_vec())
    );
    let listed = client
        .list_objects_v2()
        .bucket(&precious)
        .send()
        .await
        .expect("listing works");
    assert_eq!(listed.key_count(), Some(1));
    let _ = client
        .delete_object()
        .bucket(&precious)
        .key("keep.txt")
        .send()
        .await;
    let _ = client.delete_bucket().bucket(&precious).send().await;
}

#[tokio::test]
async fn a_bucket_the_case_created_may_be_changed() {
    let target = embedded();
    let client = s3spec::client::for_target(&target);
    let name = format!("own{}", std::process::id());
    let yaml = format!(
        "cases:\n  - name: own\n    steps:\n      - op: CreateBucket\n        with: {{ Bucket: {name} }}\n      - op: DeleteBucket\n        with: {{ Bucket: {name} }}\n        expect: {{ status: 204 }}\n"
    );
    let suite = load_str("tests/inline.yaml", &yaml, "inline").expect("valid suite");
    let outcome = run_first_case(&suite, &target, &client, None, &[]).await;
    assert!(
        outcome.passed(),
        "{}",
        s3spec::report::failures(&outcome, &suite)
    );
}

#[tokio::test]
async fn a_bucket_the_case_created_under_its_own_name_is_removed_when_the_case_fails() {
    let target = embedded();
    let client = s3spec::client::for_target(&target);
    let name = format!("named{}", std::process::id());
    let yaml = format!(
        "cases:\n  - name: fails after creating\n    steps:\n      - op: CreateBucket\n        with: {{ Bucket: {name} }}\n      - op: PutObject\n        with: {{ Bucket: {name}, Key: k, Body: x }}\n      - op: HeadBucket\n        with: {{ Bucket: {name} }}\n        expect: {{ status: 418 }}\n"
    );
    let suite = load_str("tests/inline.yaml", &yaml, "inline").expect("valid suite");
    let outcome = run_first_case(&suite, &target, &client, None, &[]).await;
    let report = s3spec::report::failures(&outcome, &suite);
    assert!(report.contains("expected status 418"), "{report}");
    assert_eq!(outcome.failures.len(), 1, "cleanup succeeded: {report}");
    let head = client.head_bucket().bucket(&name).send().await;
    assert!(head.is_err(), "the case's own bucket {name} was removed");
}
