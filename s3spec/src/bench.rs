//! The load mode: one mix of operations driven at a fixed concurrency for a bounded time or
//! count, sent by the same wire layer as the suites, reporting operations per second and
//! latency percentiles per operation (as minio/warp does), so servers can be compared on the
//! same machine.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use s3spec_suite::Step;

use crate::exec::{Vars, direct};
use crate::run::RunPrefix;
use crate::target::Target;

/// An operation of the mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BenchOp {
    Put,
    Get,
    Head,
    List,
    Delete,
}

impl BenchOp {
    pub fn name(self) -> &'static str {
        match self {
            BenchOp::Put => "PutObject",
            BenchOp::Get => "GetObject",
            BenchOp::Head => "HeadObject",
            BenchOp::List => "ListObjectsV2",
            BenchOp::Delete => "DeleteObject",
        }
    }

    /// `put`, `get`, `head`, `list`, `delete`.
    pub fn parse(s: &str) -> Option<BenchOp> {
        Some(match s {
            "put" => BenchOp::Put,
            "get" => BenchOp::Get,
            "head" => BenchOp::Head,
            "list" => BenchOp::List,
            "delete" => BenchOp::Delete,
            _ => return None,
        })
    }

    fn yaml(self, size: u64) -> String {
        match self {
            BenchOp::Put => {
                format!(
                    "{{ Bucket: $bucket, Key: $new_bucket, Body: {{ size: {size}, seed: 7 }} }}"
                )
            }
            BenchOp::List => "{ Bucket: $bucket, MaxKeys: 100 }".to_owned(),
            _ => "{ Bucket: $bucket, Key: $new_bucket }".to_owned(),
        }
    }
}

/// What to drive.
#[derive(Debug, Clone)]
pub struct BenchPlan {
    /// Operations with their weights.
    pub mix: Vec<(BenchOp, u32)>,
    pub concurrency: usize,
    /// Stop after this long, or after `count` operations, whichever comes first.
    pub duration: Duration,
    pub count: Option<u64>,
    /// Bytes of each object written.
    pub object_size: u64,
    /// Objects written before the run, for reads.
    pub objects: usize,
}

/// Latencies of one operation.
#[derive(Debug, Clone)]
pub struct OpStats {
    pub op: BenchOp,
    pub ok: u64,
    pub errors: u64,
    /// Sorted.
    pub latencies: Vec<Duration>,
}

impl OpStats {
    fn new(op: BenchOp) -> OpStats {
        OpStats {
            op,
            ok: 0,
            errors: 0,
            latencies: Vec::new(),
        }
    }

    /// The `p`th percentile (0 to 100) of the latencies.
    pub fn percentile(&self, p: usize) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = (self.latencies.len() * p / 100).min(self.latencies.len() - 1);
        self.latencies[i]
    }
}

#[derive(Debug, Clone)]
pub struct BenchReport {
    pub elapsed: Duration,
    pub ops: Vec<OpStats>,
}

impl BenchReport {
    pub fn total(&self) -> u64 {
        self.ops.iter().map(|o| o.ok + o.errors).sum()
    }

    pub fn per_second(&self) -> f64 {
        self.total() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Runs `plan` against `target` in a bucket of its own, removed afterwards.
pub async fn run(target: &'static Target, plan: &BenchPlan) -> Result<BenchReport, String> {
    let steps: Vec<(BenchOp, u32, Step)> = plan
        .mix
        .iter()
        .map(|(op, w)| Ok((*op, *w, step(*op, plan.object_size)?)))
        .collect::<Result<_, String>>()?;
    let total_weight: u64 = steps.iter().map(|(_, w, _)| u64::from(*w)).sum();
    if total_weight == 0 || plan.concurrency == 0 {
        return Err("the mix has no operation to run".to_owned());
    }
    let client = crate::client::for_target(target);
    let run = RunPrefix::current();
    let (bucket, _) = run.case_buckets("bench", "bench");
    client
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .map_err(|e| {
            format!(
                "failed to create the bench bucket: {}",
                aws_sdk_s3::error::DisplayErrorContext(&e)
            )
        })?;
    let put = step(BenchOp::Put, plan.object_size)?;
    for i in 0..plan.objects {
        send_one(target, &put, &bucket, &format!("obj-{i}")).await?;
    }
    let shared = Arc::new((steps, bucket.clone()));
    let issued = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + plan.duration;
    let mut workers = Vec::with_capacity(plan.concurrency);
    for w in 0..plan.concurrency {
        let (shared, issued) = (shared.clone(), issued.clone());
        let (count, objects) = (plan.count, plan.objects.max(1));
        workers.push(tokio::spawn(async move {
            let (steps, bucket) = &*shared;
            let mut stats: Vec<OpStats> =
                steps.iter().map(|(op, _, _)| OpStats::new(*op)).collect();
            let mut rng = 0x5EED_u64 ^ (w as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            while Instant::now() < deadline {
                let n = issued.fetch_add(1, Ordering::SeqCst);
                if count.is_some_and(|c| n >= c) {
                    break;
                }
                rng = rng
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let mut pick = (rng >> 33) % total_weight;
                let i = steps
                    .iter()
                    .position(|(_, wt, _)| {
                        let hit = pick < u64::from(*wt);
                        pick = pick.saturating_sub(u64::from(*wt));
                        hit
                    })
                    .unwrap_or(0);
                let key = format!("obj-{}", (rng >> 17) as usize % objects);
                let t = Instant::now();
                let ok = send_one(target, &steps[i].2, bucket, &key).await.is_ok();
                let s = &mut stats[i];
                s.latencies.push(t.elapsed());
                if ok { s.ok += 1 } else { s.errors += 1 }
            }
            stats
        }));
    }
    let mut ops: Vec<OpStats> = shared
        .0
        .iter()
        .map(|(op, _, _)| OpStats::new(*op))
        .collect();
    for w in workers {
        let stats = w.await.map_err(|e| format!("a bench worker failed: {e}"))?;
        for (total, s) in ops.iter_mut().zip(stats) {
            total.ok += s.ok;
            total.errors += s.errors;
            total.latencies.extend(s.latencies);
        }
    }
    let elapsed = started.elapsed();
    for o in &mut ops {
        o.latencies.sort();
    }
    crate::cleanup::remove_bucket(&client, run, &bucket).await?;
    Ok(BenchReport { elapsed, ops })
}

/// Sends one request; an answer other than 2xx (a missing key after a delete included) counts
/// as an error.
async fn send_one(target: &Target, step: &Step, bucket: &str, key: &str) -> Result<(), String> {
    let vars = Vars::from([
        ("bucket".to_owned(), bucket.to_owned()),
        // The key rides in `$new_bucket`, a variable the loader knows (a bench has no case that
        // creates buckets).
        ("new_bucket".to_owned(), key.to_owned()),
    ]);
    let r = direct::send(target, step, &vars).await?;
    if r.is_success() {
        Ok(())
    } else {
        Err(format!(
            "{} {}",
            r.status,
            r.error_code().unwrap_or_default()
        ))
    }
}

/// The step of `op`, read with the suites' loader (once per run, not per request).
fn step(op: BenchOp, size: u64) -> Result<Step, String> {
    direct::step(op.name(), &s3spec_suite::Identity::Main, &op.yaml(size))
}
