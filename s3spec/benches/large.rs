//! Large objects through the harness: a 1 GiB PutObject and GetObject, a 1 GiB PutObject signed
//! as aws-chunked with a CRC32 trailer (the server checks every chunk signature and the
//! trailer; HeadObject checks the length), and a 5 GiB multipart upload read back whole, each
//! read checked by length and SHA-256. Prints, per case, its time, its
//! throughput and the process's peak resident memory above its level just before the case
//! (Linux: `VmHWM` after resetting it through `/proc/self/clear_refs`). The embedded server
//! runs in this process, so on embedded the figure covers the server too. Nothing here asserts
//! a time or a size: the figures go to BENCHMARKS.md.
//!
//! `S3SPEC_CASE_TIMEOUT=30m cargo bench -p s3spec --bench large` (embedded), or with the
//! `S3SPEC_*` variables of an endpoint. `-- 1` runs only the 1 GiB cases. Each request may take
//! 10 minutes (`timeout:`), and a case `S3SPEC_CASE_TIMEOUT` (default 5 minutes).

use std::path::Path;
use std::time::Instant;

use s3spec::results::Status;
use s3spec::runner::{Runner, SuiteFile};
use s3spec::wire::body::Body;
use sha2::{Digest, Sha256};

type Error = Box<dyn std::error::Error>;

const GIB: u64 = 1 << 30;
const PART: u64 = 512 << 20;
const PARTS: u64 = 10;
const PART_SEED: u64 = 7;

fn main() -> Result<(), Error> {
    let only_small = std::env::args().skip(1).any(|a| a == "1");
    let target = s3spec::target::current()?;
    let runtime = s3spec::shared_runtime()?;
    let suite_text = suite(only_small)?;
    let suite = s3spec::suite::load_str("large.yaml", &suite_text, "large")
        .map_err(|d| format!("{d:?}"))?;
    let runner = Runner::new(target, None).map_err(|d| format!("{d:?}"))?;
    let file = SuiteFile {
        path: Path::new("benches/large.yaml"),
        display: "benches/large.yaml",
        module: "large",
    };
    runtime.block_on(async {
        // Warm up: connections, the server's first bucket, lazily built tables.
        let warm = runner.run_case(&suite, "warm up", file).await;
        if warm.status != Status::Passed {
            return Err(format!("warm-up failed: {:?}", warm.report).into());
        }
        for case in &suite.cases[1..] {
            let idle = memory()?;
            reset_peak()?;
            let started = Instant::now();
            let record = runner.run_case(&suite, &case.name, file).await;
            let elapsed = started.elapsed();
            let peak = memory()?;
            if record.status != Status::Passed {
                return Err(format!("{}: {:?}", case.name, record.report).into());
            }
            let moved = moved_bytes(&case.name);
            println!(
                "{} on {}: {:.1} s, {:.0} MiB/s over {} GiB moved, peak RSS {} MiB above the {} MiB before it ({} requests)",
                case.name,
                target.name,
                elapsed.as_secs_f64(),
                moved as f64 / (1 << 20) as f64 / elapsed.as_secs_f64(),
                moved / GIB,
                (peak.peak.saturating_sub(idle.rss)) >> 20,
                idle.rss >> 20,
                record.requests
            );
        }
        Ok::<(), Error>(())
    })
}

/// Bytes sent plus bytes received by the case.
fn moved_bytes(case: &str) -> u64 {
    if case.contains("multipart") {
        2 * PART * PARTS
    } else if case.contains("aws-chunked") {
        GIB
    } else {
        2 * GIB
    }
}

/// The suite, with the SHA-256 of the generated content it expects back.
fn suite(only_small: bool) -> Result<String, Error> {
    // A seed is a number in the suite format, so every part has the same content.
    let parts: Vec<(u64, u64)> = (1..=PARTS).map(|_| (PART, PART_SEED)).collect();
    let mut text = String::from(
        r#"
cases:
  - name: warm up
    steps:
      - op: PutObject
        with: { Bucket: $bucket, Key: small, Body: "hello" }
  - name: a 1 GiB object goes up and comes back whole
    steps:
      - op: PutObject
        timeout: 10m
        with: { Bucket: $bucket, Key: big, Body: { size: 1GiB, seed: 1 } }
      - op: GetObject
        timeout: 10m
        with: { Bucket: $bucket, Key: big }
        expect: { body: { size: 1GiB, seed: 1 } }
  - name: a 1 GiB object goes up as aws-chunked, its chunks signed, with a CRC32 trailer
    steps:
      - op: PutObject
        timeout: 10m
        with: { Bucket: $bucket, Key: chunked, Body: { size: 1GiB, seed: 2 } }
        send: { auth: streaming, trailer: crc32 }
      - op: HeadObject
        with: { Bucket: $bucket, Key: chunked }
        expect: { status: 200, fields: { ContentLength: 1073741824 } }
"#,
    );
    if only_small {
        return Ok(text);
    }
    let whole = sha256_of(&parts)?;
    let listed: Vec<String> = (1..=PARTS)
        .map(|n| format!("{{ PartNumber: {n}, ETag: $etag{n} }}"))
        .collect();
    text.push_str(&format!(
        r#"  - name: a 5 GiB multipart upload of 10 parts, 4 at a time, comes back whole
    steps:
      - op: CreateMultipartUpload
        with: {{ Bucket: $bucket, Key: huge }}
        save: {{ upload: UploadId }}
      - op: UploadPart
        timeout: 10m
        repeat: {{ count: {PARTS}, concurrency: 4, index: n }}
        with: {{ Bucket: $bucket, Key: huge, UploadId: $upload, PartNumber: $n, Body: {{ size: 512MiB, seed: {PART_SEED} }} }}
        save: {{ etag$n: ETag }}
      - op: CompleteMultipartUpload
        timeout: 10m
        with: {{ Bucket: $bucket, Key: huge, UploadId: $upload, MultipartUpload: {{ Parts: [{}] }} }}
      - op: GetObject
        timeout: 10m
        with: {{ Bucket: $bucket, Key: huge }}
        expect: {{ body: {{ length: 5GiB, sha256: "{whole}" }} }}
"#,
        listed.join(", ")
    ));
    Ok(text)
}

/// The SHA-256 of generated pieces one after the other.
fn sha256_of(pieces: &[(u64, u64)]) -> Result<String, Error> {
    let mut hasher = Sha256::new();
    for (len, seed) in pieces {
        for chunk in Body::generated(*len, *seed).chunks() {
            hasher.update(&chunk?);
        }
    }
    Ok(hex::encode(hasher.finalize()))
}

struct Memory {
    rss: u64,
    peak: u64,
}

/// The process's resident set and its peak since the last reset, in bytes.
fn memory() -> Result<Memory, Error> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let field = |name: &str| -> Result<u64, Error> {
        let line = status
            .lines()
            .find(|l| l.starts_with(name))
            .ok_or_else(|| format!("no {name} in /proc/self/status"))?;
        let kib: u64 = line
            .split_whitespace()
            .nth(1)
            .ok_or("malformed status line")?
            .parse()?;
        Ok(kib * 1024)
    };
    Ok(Memory {
        rss: field("VmRSS:")?,
        peak: field("VmHWM:")?,
    })
}

/// Resets the peak resident set to the current one.
fn reset_peak() -> Result<(), Error> {
    std::fs::write("/proc/self/clear_refs", "5")?;
    Ok(())
}
