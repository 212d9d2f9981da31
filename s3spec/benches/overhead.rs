//! Measures, in one run: small PUT and GET latency on the embedded server with and without
//! TCP_NODELAY, and the cost of a case run by the harness (its steps sent by the wire layer,
//! executed and judged by a `Runner` as a generated test does) against the same requests
//! written by hand with aws-sdk-s3, the two alternated. Results go to BENCHMARKS.md; nothing
//! here asserts a time.
//!
//! `cargo bench -p s3spec --bench overhead` (`-- 500` sets the iterations); with
//! `--profile dev` it measures the build `cargo test` runs.

use std::path::Path;
use std::time::{Duration, Instant};

use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;
use s3spec::cleanup::Leftovers;
use s3spec::judge::Verdict;
use s3spec::run::RunPrefix;
use s3spec::runner::{Runner, SuiteFile};
use s3spec::suite::Suite;
use s3spec::target::{EmbeddedServer, Target};

const CASE: &str = r#"
cases:
  - name: round trip
    steps:
      - op: PutObject
        with: { Bucket: $bucket, Key: k, Body: { size: 1KiB } }
      - op: GetObject
        with: { Bucket: $bucket, Key: k }
        expect: { status: 200, body: { length: 1KiB } }
      - op: HeadObject
        with: { Bucket: $bucket, Key: k }
        expect: { fields: { ContentLength: 1024 } }
      - op: DeleteObject
        with: { Bucket: $bucket, Key: k }
        expect: { status: 204 }
"#;

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let iterations: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200);
    let runtime = s3spec::shared_runtime()?;
    runtime.block_on(async {
        for nodelay in [false, true] {
            let server = EmbeddedServer::start_with_nodelay(nodelay)?;
            let client = s3spec::client::for_target(&server.target());
            let (put, get) = small_object_latency(&client, iterations).await?;
            println!(
                "nodelay={nodelay:<5}  1 KiB PutObject median {:>8.2?} p90 {:>8.2?}   GetObject median {:>8.2?} p90 {:>8.2?}   (n={iterations})",
                percentile(&put, 50),
                percentile(&put, 90),
                percentile(&get, 50),
                percentile(&get, 90)
            );
        }
        let server = EmbeddedServer::start()?;
        let target: &'static Target = Box::leak(Box::new(server.target()));
        let client = s3spec::client::for_target(target);
        let (hand, harness) = overhead(&client, target, iterations).await?;
        let (hand, harness) = (percentile(&hand, 50), percentile(&harness, 50));
        println!(
            "case of 4 steps + bucket setup/cleanup: hand-written median {hand:.2?}, harness median {harness:.2?}, ratio {:.2}   (n={iterations}, alternated)",
            harness.as_secs_f64() / hand.as_secs_f64()
        );
        Ok(())
    })
}

/// The case by hand and through the harness, alternately (so both meet the same noise), after
/// a warm-up of each; the suite is parsed once, as a test process does.
async fn overhead(
    client: &Client,
    target: &'static Target,
    n: usize,
) -> Result<(Vec<Duration>, Vec<Duration>), Error> {
    let suite =
        s3spec::suite::load_str("bench.yaml", CASE, "bench").map_err(|d| format!("{d:?}"))?;
    let runner = Runner::new(target, None).map_err(|d| format!("{d:?}"))?;
    let (mut hand, mut harness) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n + WARM_UP {
        let t = Instant::now();
        hand_written(client).await?;
        let by_hand = t.elapsed();
        let t = Instant::now();
        through_harness(&runner, &suite).await?;
        let by_harness = t.elapsed();
        if i >= WARM_UP {
            hand.push(by_hand);
            harness.push(by_harness);
        }
    }
    Ok((hand, harness))
}

/// Iterations of each not counted: connections, caches and the server's first buckets.
const WARM_UP: usize = 10;

fn percentile(samples: &[Duration], p: usize) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted[(sorted.len() - 1) * p / 100]
}

async fn small_object_latency(
    client: &Client,
    n: usize,
) -> Result<(Vec<Duration>, Vec<Duration>), Error> {
    let bucket = format!("bench-latency-{}", std::process::id());
    client.create_bucket().bucket(&bucket).send().await?;
    let body = vec![7u8; 1024];
    let (mut put, mut get) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        let t = Instant::now();
        client
            .put_object()
            .bucket(&bucket)
            .key("k")
            .body(ByteStream::from(body.clone()))
            .send()
            .await?;
        put.push(t.elapsed());
        let t = Instant::now();
        let out = client.get_object().bucket(&bucket).key("k").send().await?;
        let data = out.body.collect().await?.into_bytes();
        get.push(t.elapsed());
        assert_eq!(data.len(), 1024);
    }
    client
        .delete_object()
        .bucket(&bucket)
        .key("k")
        .send()
        .await?;
    client.delete_bucket().bucket(&bucket).send().await?;
    Ok((put, get))
}

/// The same requests and checks as `CASE`, with the same bucket creation and the same cleanup
/// requests as the harness sends for it (the case writes objects, and starts no multipart
/// upload), so the two differ only in what the harness does around the requests.
async fn hand_written(client: &Client) -> Result<(), Error> {
    let (bucket, _) = RunPrefix::current().case_buckets("bench", "hand");
    client.create_bucket().bucket(&bucket).send().await?;
    let body = s3spec::body::generate(1024, 0);
    client
        .put_object()
        .bucket(&bucket)
        .key("k")
        .body(ByteStream::from(body))
        .send()
        .await?;
    let out = client.get_object().bucket(&bucket).key("k").send().await?;
    assert_eq!(out.body.collect().await?.into_bytes().len(), 1024);
    let head = client.head_object().bucket(&bucket).key("k").send().await?;
    assert_eq!(head.content_length(), Some(1024));
    client
        .delete_object()
        .bucket(&bucket)
        .key("k")
        .send()
        .await?;
    let left = Leftovers {
        objects: true,
        uploads: false,
    };
    s3spec::cleanup::remove_bucket_after(client, RunPrefix::current(), &bucket, left).await?;
    Ok(())
}

/// The case as a generated test runs it: executed and judged by the process's runner.
async fn through_harness(runner: &Runner, suite: &Suite) -> Result<(), Error> {
    let file = SuiteFile {
        path: Path::new("bench.yaml"),
        display: "bench.yaml",
        module: "bench",
    };
    let outcome = runner.execute(suite, &suite.cases[0].name, file).await;
    let (verdict, _) = runner.judge(&outcome, suite, file, Duration::ZERO);
    if !matches!(verdict, Verdict::Passed) {
        return Err(s3spec::report::failures(&outcome, suite).into());
    }
    Ok(())
}
