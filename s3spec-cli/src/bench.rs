//! `s3spec bench`: the load mode. Bounded in time (10 minutes) and count, and aimed only at
//! servers on this machine or named in the configuration file, so it cannot be pointed at a
//! stranger's endpoint by a typo.

use std::time::Duration;

use s3spec::bench::{BenchOp, BenchPlan};

use crate::Failure;
use crate::args::BenchArgs;
use crate::config::Config;

const LONGEST: Duration = Duration::from_secs(600);

pub fn bench(a: &BenchArgs, config: &Config) -> Result<(), Failure> {
    let bad = |m: String| Failure::Config(format!("s3spec: {m}"));
    let mut mix = Vec::new();
    for part in a.mix.split(',').filter(|p| !p.is_empty()) {
        let (name, weight) = part.split_once(':').unwrap_or((part, "1"));
        let op = BenchOp::parse(name).ok_or_else(|| {
            bad(format!(
                "--mix: unknown operation `{name}` (put, get, head, list or delete)"
            ))
        })?;
        let weight: u32 = weight.parse().map_err(|_| {
            bad(format!(
                "--mix: the weight of {name} must be a number, got {weight:?}"
            ))
        })?;
        mix.push((op, weight));
    }
    let secs = s3spec::suite::send::parse_duration(&a.duration)
        .ok()
        .filter(|s| *s > 0)
        .ok_or_else(|| {
            bad(format!(
                "--duration wants a duration such as 10s or 2m, got {:?}",
                a.duration
            ))
        })?;
    let duration = Duration::from_secs(secs.unsigned_abs());
    if duration > LONGEST {
        return Err(bad(format!(
            "--duration may be at most {}s",
            LONGEST.as_secs()
        )));
    }
    let size = s3spec::suite::parse_size(&a.size)
        .ok()
        .filter(|s| *s <= 64 << 20)
        .ok_or_else(|| {
            bad(format!(
                "--size wants a size up to 64MiB such as 4KiB, got {:?}",
                a.size
            ))
        })?;
    if let Some(e) = &a.endpoint {
        let host = e
            .split_once("://")
            .map_or(e.as_str(), |(_, r)| r)
            .split(['/', '@'])
            .next()
            .unwrap_or_default();
        let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
        if !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
            return Err(bad(format!(
                "bench drives load only at servers on this machine or named in the configuration file; {e} is neither"
            )));
        }
    }
    let vars = crate::run::target_vars(a.target.as_deref(), a.endpoint.as_deref(), None, config)?;
    let target = s3spec::target::choose(&vars).map_err(Failure::Config)?;
    let plan = BenchPlan {
        mix,
        concurrency: a.concurrency.into(),
        duration,
        count: a.count,
        object_size: size,
        objects: usize::try_from(a.objects).unwrap_or(100),
    };
    eprintln!(
        "s3spec: bench on {} at {} · {} · {} in flight · up to {}s{}",
        target.name,
        target.endpoint,
        a.mix,
        a.concurrency,
        duration.as_secs(),
        a.count
            .map(|c| format!(" or {c} operations"))
            .unwrap_or_default()
    );
    let runtime = s3spec::shared_runtime().map_err(Failure::Config)?;
    let report = runtime
        .block_on(s3spec::bench::run(target, &plan))
        .map_err(Failure::Target)?;
    if a.json {
        let ops: Vec<serde_json::Value> = report
            .ops
            .iter()
            .map(|o| {
                serde_json::json!({
                    "operation": o.op.name(),
                    "ok": o.ok,
                    "errors": o.errors,
                    "p50_us": o.percentile(50).as_micros() as u64,
                    "p90_us": o.percentile(90).as_micros() as u64,
                    "p99_us": o.percentile(99).as_micros() as u64,
                    "max_us": o.latencies.last().map_or(0, |d| d.as_micros() as u64),
                })
            })
            .collect();
        let doc = serde_json::json!({
            "target": target.name,
            "concurrency": a.concurrency,
            "object_size": size,
            "elapsed_ms": report.elapsed.as_millis() as u64,
            "operations": report.total(),
            "per_second": report.per_second(),
            "by_operation": ops,
        });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        println!(
            "{:<14} {:>9} {:>7} {:>10} {:>10} {:>10} {:>10}",
            "operation", "ok", "errors", "p50", "p90", "p99", "max"
        );
        for o in &report.ops {
            println!(
                "{:<14} {:>9} {:>7} {:>10.2?} {:>10.2?} {:>10.2?} {:>10.2?}",
                o.op.name(),
                o.ok,
                o.errors,
                o.percentile(50),
                o.percentile(90),
                o.percentile(99),
                o.latencies.last().copied().unwrap_or_default()
            );
        }
        println!(
            "{} operations in {:.2?}: {:.0} per second",
            report.total(),
            report.elapsed,
            report.per_second()
        );
    }
    Ok(())
}
