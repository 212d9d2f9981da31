//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "s3spec",
    version,
    about = "Runs declarative S3 conformance suites against any S3 server",
    after_help = "Examples:
  s3spec run                                   # suites/ against the embedded server
  s3spec run suites/objects --endpoint http://127.0.0.1:9000 --target minio
  s3spec run --filter multipart --format junit --output junit.xml
  s3spec validate suites/
  s3spec list cases suites/auth

Credentials come from S3SPEC_ACCESS_KEY and S3SPEC_SECRET_KEY (S3SPEC_ALT_* for the second
user, S3SPEC_IDENTITY_<NAME> for named sets), as for `cargo test`; docs/cli.md has them all.

Exit codes: 0 every case passed (known differences and skips allowed), 1 cases failed,
2 a suite or the configuration has mistakes, 3 the target could not be reached."
)]
pub struct Cli {
    /// The configuration file of named targets (default: ./s3spec.toml if it exists).
    #[arg(long, global = true, value_name = "FILE", env = "S3SPEC_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs suites against a target and reports every case.
    Run(RunArgs),
    /// Checks suite files and known differences without running anything.
    Validate(ValidateArgs),
    /// Lists suites, cases, operations, targets or identities.
    List(ListArgs),
    /// Makes a compatibility matrix from JSON reports, or by running the suites on each target.
    Matrix(MatrixArgs),
    /// Removes buckets that earlier runs left behind (runs that were killed), by run prefix.
    Sweep(SweepArgs),
    /// Drives a mix of operations at a concurrency for a bounded time and reports operations
    /// per second and latency percentiles.
    Bench(BenchArgs),
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// A configured target, or `embedded` (the default without --endpoint).
    #[arg(long)]
    pub target: Option<String>,
    /// An endpoint on this machine (127.0.0.1, ::1 or localhost); other servers must be named
    /// in the configuration file.
    #[arg(long)]
    pub endpoint: Option<String>,
    /// Operations and weights: `put:1,get:4,head:1,list:1,delete:1`.
    #[arg(long, default_value = "put:1,get:4")]
    pub mix: String,
    /// Requests in flight at once.
    #[arg(long, short = 'c', default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub concurrency: u16,
    /// How long to drive the load (at most 10m).
    #[arg(long, default_value = "10s", value_name = "DURATION")]
    pub duration: String,
    /// Stop after this many operations (at most 10,000,000).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub count: Option<u64>,
    /// Size of each object written: `4KiB`, `1MiB` (at most 64MiB).
    #[arg(long, default_value = "4KiB")]
    pub size: String,
    /// Objects written before the run, for reads.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub objects: u64,
    /// Writes the report as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The target's name (a configured target, or the snapshot name of --endpoint).
    #[arg(long)]
    pub target: Option<String>,
    /// The S3 endpoint (S3SPEC_ENDPOINT).
    #[arg(long)]
    pub endpoint: Option<String>,
    /// Lists what would be removed, removes nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Only buckets created at least this long ago (`30m`, `2h`, seconds), so that a run going
    /// on at the same time keeps its buckets.
    #[arg(long, default_value = "30m", value_name = "DURATION")]
    pub older_than: String,
}

#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// JSON reports of `s3spec run --format json`, one per target.
    pub reports: Vec<PathBuf>,
    /// Runs the suites on each of these targets (names of the configuration file, or
    /// `embedded`) and adds their reports.
    #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
    pub targets: Vec<String>,
    /// The suites to run with --targets.
    #[arg(long, default_value = "suites", value_name = "PATH")]
    pub suites: Vec<PathBuf>,
    /// Cases at a time on each target, with --targets.
    #[arg(long, short = 'j', default_value_t = 8)]
    pub jobs: u16,
    #[arg(long, value_enum, default_value_t = MatrixFormat::Markdown)]
    pub format: MatrixFormat,
    /// Writes the matrix to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatrixFormat {
    Markdown,
    Json,
    Html,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Suite files or folders (searched for *.yaml and *.yml).
    #[arg(default_value = "suites")]
    pub paths: Vec<PathBuf>,
    /// The target's name: `embedded` (the default without --endpoint), or the name of an
    /// endpoint's snapshot folder (S3SPEC_TARGET).
    #[arg(long)]
    pub target: Option<String>,
    /// The S3 endpoint, e.g. http://127.0.0.1:9000 (S3SPEC_ENDPOINT).
    #[arg(long)]
    pub endpoint: Option<String>,
    /// Runs only cases whose test name (`objects::basic::put_then_get`) or `suite · case`
    /// contains PATTERN, or of an area (`area=auth`: a folder of suites, or a suite at the top)
    /// or suite (`suite=presigned`); repeat for any of several.
    #[arg(long, value_name = "PATTERN")]
    pub filter: Vec<String>,
    /// How many cases run at the same time; each has its own buckets.
    #[arg(long, short = 'j', default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: u16,
    /// How long one request may take, body included: seconds or `90s`, `2m`
    /// (S3SPEC_REQUEST_TIMEOUT; default 60s).
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
    /// How long one case's setup and steps may take; teardown and cleanup still run
    /// (S3SPEC_CASE_TIMEOUT; default 5m).
    #[arg(long, value_name = "DURATION")]
    pub case_timeout: Option<String>,
    /// table (for people), json or yaml (the same document, docs/cli.md), junit (for CI).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Writes the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Sends a step up to N more times after a transport error or a 503 SlowDown, with
    /// exponential backoff and jitter (default 0: a conformance run sees first answers).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retries: u32,
    /// Starts no new case after the first failure.
    #[arg(long)]
    pub fail_fast: bool,
    /// Lists the cases that would run, sends nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The folder of the targets' snapshot folders (default: `snapshots` next to the first
    /// path). Snapshots and known differences are used when `<DIR>/<target>/` exists.
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,
    /// Judges without snapshots and known differences.
    #[arg(long, conflicts_with = "snapshots")]
    pub no_snapshots: bool,
    /// Lists passed cases in the table too.
    #[arg(long)]
    pub all: bool,
    /// Prints every request and response (headers, the start of bodies; secrets redacted) on
    /// standard error as each case ends, and keeps them in JSON reports.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Yaml,
    Junit,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Suite files or folders.
    #[arg(default_value = "suites")]
    pub paths: Vec<PathBuf>,
    /// Also requires every case to name its source (`source: { aws: ... }`).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(value_enum)]
    pub what: ListWhat,
    /// Suite files or folders (for suites, cases and identities).
    #[arg(default_value = "suites")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListWhat {
    Suites,
    Cases,
    Operations,
    Targets,
    Identities,
}
