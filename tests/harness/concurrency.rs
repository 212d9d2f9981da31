//! Steps sent at the same time and repeated steps: every run is sent, judged and recorded on
//! its own, a failing run is named in the report, and a step's `timeout` bounds its requests.

use std::time::{Duration, Instant};

use s3spec::exec::{Problem, RunOf};
use s3spec::suite::load_str;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{embedded, report, run, run_first_case};

#[tokio::test]
async fn two_hundred_fifty_six_requests_at_once_are_all_answered() {
    let yaml = r#"
cases:
  - name: many
    steps:
      - op: PutObject
        repeat: { count: 256, concurrency: 256 }
        with: { Bucket: $bucket, Key: "k$i", Body: "body $i" }
        save: { etag$i: ETag }
      - op: HeadObject
        with: { Bucket: $bucket, Key: k256 }
        expect: { headers: { etag: $etag256, content-length: "8" } }
"#;
    let (suite, outcome) = run(yaml).await;
    assert!(outcome.passed(), "{}", report(&suite, &outcome));
    let puts: Vec<_> = outcome
        .steps
        .iter()
        .filter(|s| s.step.operation == "PutObject")
        .collect();
    assert_eq!(puts.len(), 256, "one record per run");
    assert!(puts.iter().all(|s| s.passed && s.status == Some(200)));
    assert_eq!(puts[6].step.run, Some(RunOf { n: 7, of: 256 }));
    assert_eq!(puts[6].step.index, 1);
    assert!(puts[6].request.ends_with("/k7"), "{}", puts[6].request);
}

#[tokio::test]
async fn a_failing_run_is_reported_with_its_number_and_the_counts_with_what_the_runs_got() {
    let yaml = r#"
cases:
  - name: some missing
    steps:
      - op: PutObject
        repeat: 3
        with: { Bucket: $bucket, Key: "k$i", Body: x }
      - op: GetObject
        repeat: { count: 5, concurrency: 5 }
        with: { Bucket: $bucket, Key: "k$i" }
        expect: { status: [200, 404] }
        runs:
          - { count: 4, status: 200 }
      - op: GetObject
        repeat: { count: 5, concurrency: 2 }
        with: { Bucket: $bucket, Key: "k$i" }
"#;
    let (suite, outcome) = run(yaml).await;
    let report = report(&suite, &outcome);

    assert!(
        report.contains(
            "expected count of runs 4, got 3 of 5: runs 1, 2, 3 (the runs got 200 ×3, 404 NoSuchKey ×2)"
        ),
        "{report}"
    );
    assert!(
        report.contains("= case: some missing · step 2 (GetObject) · target: embedded"),
        "{report}"
    );
    // The case stops at the failing step.
    assert_eq!(outcome.steps.len(), 3 + 5, "{report}");
    let run_4 = outcome
        .steps
        .iter()
        .find(|s| s.step.run == Some(RunOf { n: 4, of: 5 }));
    assert_eq!(run_4.map(|s| (s.passed, s.status)), Some((true, Some(404))));

    let only_every_run = yaml.replace("        runs:\n          - { count: 4, status: 200 }\n", "");
    let (suite, outcome) = run(&only_every_run).await;
    let report = super::report(&suite, &outcome);
    assert!(
        report.contains("run 4 of 5: expected status success (2xx), got 404 (NoSuchKey"),
        "{report}"
    );
    assert!(
        report.contains("= case: some missing · step 3 (GetObject) run 5 of 5 · target: embedded"),
        "{report}"
    );
    assert_eq!(outcome.failures.len(), 2, "runs 4 and 5: {report}");
}

/// A server on loopback that answers every request with an empty 200, except those whose path
/// contains `/slow`, which it reads and never answers.
async fn silent_on_slow() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&head)
                    .lines()
                    .next()
                    .map(str::to_owned);
                if line.is_some_and(|l| l.contains("/slow")) {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                    return;
                }
                let answer = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                let _ = socket.write_all(answer).await;
            });
        }
    });
    format!("http://{addr}")
}

const SLOW: &str = r#"
cases:
  - name: slow
    steps:
      - op: PutObject
        timeout: TIMEOUT
        with: { Bucket: $bucket, Key: slow, Body: x }
"#;

async fn slow_case(timeout: &str, case_timeout: Duration) -> (String, Duration) {
    let target = s3spec::target::Target {
        identities: Vec::new(),
        request_timeout: s3spec::target::DEFAULT_REQUEST_TIMEOUT,
        case_timeout,
        name: "silent".to_owned(),
        endpoint: silent_on_slow().await,
        ..embedded()
    };
    let client = s3spec::client::for_target(&target);
    let suite = load_str(
        "tests/inline.yaml",
        &SLOW.replace("TIMEOUT", timeout),
        "inline",
    )
    .expect("valid suite");
    let started = Instant::now();
    let outcome = run_first_case(&suite, &target, &client, None, &[]).await;
    let took = started.elapsed();
    let message = outcome
        .failures
        .iter()
        .find_map(|f| match &f.problem {
            Problem::Transport { message, .. } => Some(message.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no transport error: {:#?}", outcome.failures));
    assert!(outcome.errored());
    (message, took)
}

#[tokio::test]
async fn a_step_timeout_replaces_the_request_timeout_and_says_so() {
    let (message, took) = slow_case("300ms", Duration::from_secs(300)).await;
    assert!(
        message.contains("no complete exchange within the deadline of 300ms")
            && message.ends_with("(the limit: the step's `timeout`)"),
        "{message}"
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[tokio::test]
async fn the_case_deadline_still_bounds_a_step_with_a_longer_timeout() {
    let (message, took) = slow_case("10m", Duration::from_millis(800)).await;
    assert!(
        message.ends_with("(the limit: what was left of the case's S3SPEC_CASE_TIMEOUT)"),
        "{message}"
    );
    assert!(!message.contains("600s"), "{message}");
    assert!(took < Duration::from_secs(30), "took {took:?}");
}
