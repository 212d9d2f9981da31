//! The load mode against a hand-written aws-sdk-s3 loop doing the same mix (1 PUT : 4 GETs of
//! 4 KiB objects) at the same concurrency on the same server, alternated, in one run. Prints
//! operations per second of each and their ratio; nothing here asserts a time.
//!
//! `cargo bench -p s3spec --bench load` (embedded), or with the `S3SPEC_*` variables of an
//! endpoint; `-- 2000` sets the operations per measurement.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;
use s3spec::bench::{BenchOp, BenchPlan};

type Error = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), Error> {
    let count: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2000);
    let target = s3spec::target::current()?;
    let runtime = s3spec::shared_runtime()?;
    runtime.block_on(async {
        for concurrency in [1usize, 64] {
            let plan = BenchPlan {
                mix: vec![(BenchOp::Put, 1), (BenchOp::Get, 4)],
                concurrency,
                duration: Duration::from_secs(600),
                count: Some(count),
                object_size: 4096,
                objects: 100,
            };
            let (mut ours, mut sdk) = (Vec::new(), Vec::new());
            for _ in 0..3 {
                let report = s3spec::bench::run(target, &plan).await?;
                ours.push(report.per_second());
                sdk.push(hand_written(target, concurrency, count).await?);
            }
            ours.sort_by(f64::total_cmp);
            sdk.sort_by(f64::total_cmp);
            println!(
                "{} concurrency {concurrency:>2}: s3spec bench {:>7.0} ops/s, aws-sdk-s3 loop {:>7.0} ops/s, ratio {:.2} (medians of 3, {count} operations each)",
                target.name,
                ours[1],
                sdk[1],
                ours[1] / sdk[1]
            );
        }
        Ok::<(), Error>(())
    })
}

/// The same mix written by hand with the SDK: 100 objects first, then PUT : GET as 1 : 4.
async fn hand_written(
    target: &s3spec::Target,
    concurrency: usize,
    count: u64,
) -> Result<f64, Error> {
    let client = s3spec::client::for_target(target);
    let bucket = format!("{}sdk-loop", s3spec::run::RunPrefix::current());
    client.create_bucket().bucket(&bucket).send().await?;
    let body = vec![7u8; 4096];
    for i in 0..100 {
        put(&client, &bucket, &format!("obj-{i}"), &body).await?;
    }
    let issued = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for w in 0..concurrency {
        let (client, bucket, body, issued) =
            (client.clone(), bucket.clone(), body.clone(), issued.clone());
        workers.push(tokio::spawn(async move {
            let mut rng = 0x5EED_u64 ^ (w as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            loop {
                let n = issued.fetch_add(1, Ordering::SeqCst);
                if n >= count {
                    return;
                }
                rng = rng
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let key = format!("obj-{}", (rng >> 17) % 100);
                // An error counts as an operation, as in the load mode (moto answers some
                // requests with 500 under load).
                if (rng >> 33).is_multiple_of(5) {
                    let _ = put(&client, &bucket, &key, &body).await;
                } else if let Ok(got) = client.get_object().bucket(&bucket).key(&key).send().await {
                    let _ = got.body.collect().await;
                }
            }
        }));
    }
    for w in workers {
        w.await?;
    }
    let rate = count as f64 / started.elapsed().as_secs_f64();
    s3spec::cleanup::remove_bucket(&client, s3spec::run::RunPrefix::current(), &bucket).await?;
    Ok(rate)
}

async fn put(client: &Client, bucket: &str, key: &str, body: &[u8]) -> Result<(), Error> {
    client
        .put_object()
        .bucket(bucket)
        .key(key)
        .body(ByteStream::from(body.to_vec()))
        .send()
        .await?;
    Ok(())
}
