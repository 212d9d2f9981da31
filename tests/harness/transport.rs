//! A target that stops answering: its cases end with an error, not a mismatch, and once it is
//! found gone the remaining cases end at once.

use std::time::{Duration, Instant};

use s3spec::exec::Problem;
use s3spec::suite::load_str;
use s3spec::target::EmbeddedServer;

use super::run_first_case;

const CASE: &str = r#"
cases:
  - name: put and get
    steps:
      - op: PutObject
        with: { Bucket: $bucket, Key: a.txt, Body: "a" }
      - op: GetObject
        with: { Bucket: $bucket, Key: a.txt }
        expect: { body: "a" }
"#;

#[tokio::test]
async fn a_target_that_stops_answering_ends_the_remaining_cases_with_an_error() {
    let server = EmbeddedServer::start().expect("an embedded server starts");
    let target = server.target();
    let client = s3spec::client::for_target(&target);
    let suite = load_str("tests/inline.yaml", CASE, "inline").expect("valid suite");

    let before = run_first_case(&suite, &target, &client, None, &[]).await;
    assert!(before.passed(), "{:#?}", before.failures);
    assert!(!before.errored());

    server.stop();
    let started = Instant::now();
    let found_gone = run_first_case(&suite, &target, &client, None, &[]).await;
    assert!(found_gone.errored(), "{:#?}", found_gone.failures);
    assert!(
        matches!(found_gone.failures[0].problem, Problem::Transport { .. }),
        "{:#?}",
        found_gone.failures
    );
    assert!(
        !found_gone
            .failures
            .iter()
            .any(|f| matches!(f.problem, Problem::Mismatch(_))),
        "no response is not a mismatch: {:#?}",
        found_gone.failures
    );

    let later = run_first_case(&suite, &target, &client, None, &[]).await;
    assert!(later.errored());
    assert_eq!(
        later.requests, 0,
        "nothing is sent to a target that is gone"
    );
    let Problem::TargetGone(message) = &later.failures[0].problem else {
        panic!("not a TargetGone: {:#?}", later.failures)
    };
    assert!(
        message.contains("stopped answering") && message.contains(&target.endpoint),
        "{message}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    let health = s3spec::target::health::of(&target);
    assert!(health.announcement().is_some(), "said once");
    assert!(health.announcement().is_none(), "and only once");
}

#[tokio::test]
async fn a_target_that_closes_every_connection_is_an_error_not_a_mismatch() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            drop(socket);
        }
    });
    let target = s3spec::target::Target {
        identities: Vec::new(),
        request_timeout: s3spec::target::DEFAULT_REQUEST_TIMEOUT,
        name: "closing".to_owned(),
        endpoint: format!("http://{addr}"),
        ..super::embedded()
    };
    let client = s3spec::client::for_target(&target);
    let suite = load_str("tests/inline.yaml", CASE, "inline").expect("valid suite");
    let outcome = run_first_case(&suite, &target, &client, None, &[]).await;
    assert!(outcome.errored(), "{:#?}", outcome.failures);
    let rendered = s3spec::report::failures(&outcome, &suite);
    assert!(
        rendered.contains("no response to CreateBucket"),
        "{rendered}"
    );
    assert!(rendered.contains("stopped answering"), "{rendered}");
    assert!(rendered.contains("not a verdict"), "{rendered}");
}

#[tokio::test]
async fn a_case_that_runs_out_of_time_ends_with_an_error_and_is_cleaned_up() {
    let target = s3spec::target::Target {
        case_timeout: Duration::from_millis(1),
        ..super::embedded()
    };
    let client = s3spec::client::for_target(&target);
    let suite = load_str("tests/inline.yaml", CASE, "inline").expect("valid suite");
    let outcome = run_first_case(&suite, &target, &client, None, &[]).await;
    assert!(outcome.errored(), "{:#?}", outcome.failures);
    let Problem::Deadline(message) = &outcome.failures[0].problem else {
        panic!("not a Deadline: {:#?}", outcome.failures)
    };
    assert!(
        message.contains("step 1 (PutObject) and what follows did not run within the case's 1ms"),
        "{message}"
    );
    assert_eq!(
        outcome.failures.len(),
        1,
        "cleanup ran: {:#?}",
        outcome.failures
    );
    let left = client
        .head_bucket()
        .bucket(&outcome.buckets[0])
        .send()
        .await;
    assert!(left.is_err(), "the case's bucket was removed");
}
