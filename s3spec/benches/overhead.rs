//! Measures, in one run: small PUT and GET latency on the embedded server with and without
//! TCP_NODELAY, and the cost of a case run by the harness against the same requests written by
//! hand with aws-sdk-s3. Results go to BENCHMARKS.md; nothing here asserts a time.
//!
//! `cargo bench -p s3spec --bench overhead` (`-- 500` sets the iterations).

use std::path::Path;
use std::time::{Duration, Instant};

use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;
use s3spec::exec::CaseContext;
use s3spec::run::RunPrefix;
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
        let target = EmbeddedServer::start()?.target();
        let client = s3spec::client::for_target(&target);
        let hand = time_cases(iterations, || hand_written(&client)).await?;
        let harness = time_cases(iterations, || through_harness(&client, &target)).await?;
        println!(
            "case of 4 steps + bucket setup/cleanup: hand-written median {:.2?}, harness median {:.2?}, ratio {:.2}",
            percentile(&hand, 50),
            percentile(&harness, 50),
            percentile(&harness, 50).as_secs_f64() / percentile(&hand, 50).as_secs_f64()
        );
        Ok(())
    })
}

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

async fn time_cases<F, Fut>(n: usize, mut f: F) -> Result<Vec<Duration>, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), Error>>,
{
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f().await?;
        samples.push(t.elapsed());
    }
    Ok(samples)
}

/// The same requests and checks as `CASE`, with the harness's bucket creation and cleanup.
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
    s3spec::cleanup::remove_bucket(client, RunPrefix::current(), &bucket).await?;
    Ok(())
}

async fn through_harness(client: &Client, target: &Target) -> Result<(), Error> {
    let suite =
        s3spec::suite::load_str("bench.yaml", CASE, "bench").map_err(|d| format!("{d:?}"))?;
    let cx = CaseContext {
        client,
        alt_client: None,
        target,
        run: RunPrefix::current(),
        suite_dir: Path::new("."),
        known_steps: &[],
        verbose: false,
        retries: 0,
    };
    let outcome = s3spec::run_case(&suite, &suite.cases[0], cx).await;
    if !outcome.passed() {
        return Err(s3spec::report::failures(&outcome, &suite).into());
    }
    Ok(())
}
