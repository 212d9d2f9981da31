//! `s3spec run`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use s3spec::report;
use s3spec::results::Status;
use s3spec::runner::{CaseRecord, RunRecord, Runner, SnapshotFolder, SuiteFile};

use crate::Failure;
use crate::args::{Format, RunArgs};
use crate::config::Config;
use crate::progress::Progress;
use crate::suites::{CaseRef, Suites};

pub fn run(a: &RunArgs, config: &Config) -> Result<(), Failure> {
    let suites: &'static Suites =
        Box::leak(Box::new(Suites::load(&a.paths).map_err(Failure::Config)?));
    let cases: Vec<CaseRef<'static>> = suites
        .cases()
        .into_iter()
        .filter(|c| c.matches(&a.filter))
        .collect();
    if cases.is_empty() {
        return Err(Failure::Config(format!(
            "s3spec: no case matches {}",
            if a.filter.is_empty() {
                "(the suites have no cases)".to_owned()
            } else {
                a.filter
                    .iter()
                    .map(|f| format!("--filter {f:?}"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            }
        )));
    }
    if a.dry_run {
        for c in &cases {
            println!("{}", c.test);
        }
        println!(
            "{} case{} would run",
            cases.len(),
            crate::validate::plural(cases.len())
        );
        return Ok(());
    }
    let mut vars = target_vars(
        a.target.as_deref(),
        a.endpoint.as_deref(),
        a.timeout.as_deref(),
        config,
    )?;
    if let Some(t) = &a.case_timeout {
        vars.insert("S3SPEC_CASE_TIMEOUT".into(), t.clone());
    }
    let target = s3spec::target::choose(&vars).map_err(Failure::Config)?;
    let folder = snapshot_folder(a, suites, &target.snapshots);
    eprintln!(
        "s3spec: target {} at {} · {} case{} · {} at a time · {}",
        target.name,
        target.endpoint,
        cases.len(),
        crate::validate::plural(cases.len()),
        a.jobs,
        match &folder {
            Some(f) => format!("snapshots and known differences from {}", f.display),
            None => "no snapshots or known differences".to_owned(),
        }
    );
    let runner: &'static Runner = Box::leak(Box::new(
        Runner::new(target, folder)
            .map(|r| r.verbose(a.verbose).retries(a.retries))
            .map_err(|diags| Failure::Config(s3spec_suite::render_errors(&diags)))?,
    ));
    let runtime = s3spec::shared_runtime().map_err(Failure::Config)?;
    runtime.block_on(async {
        s3spec::target::wait_ready(runner.client(), target, Duration::from_secs(10))
            .await
            .map_err(|e| Failure::Target(e.to_string()))
    })?;
    let started = crate::now();
    let clock = Instant::now();
    let records = runtime.block_on(run_all(
        runner,
        &cases,
        a.jobs.into(),
        a.fail_fast,
        a.verbose,
    ));
    let record = RunRecord {
        target: target.name.clone(),
        endpoint: target.endpoint.clone(),
        target_version: match vars.get("S3SPEC_TARGET_VERSION") {
            Some(v) if !v.is_empty() => Some(v.clone()),
            _ if !vars.contains_key("S3SPEC_ENDPOINT") => {
                Some(s3spec::target::EmbeddedServer::VERSION.to_owned())
            }
            _ => None,
        },
        s3spec: env!("CARGO_PKG_VERSION").to_owned(),
        started,
        duration: clock.elapsed(),
        cases: records,
    };
    write_report(a, &record)?;
    eprintln!("s3spec: {}", report::table::summary_line(&record));
    let gone = s3spec::target::health::of(target).gone().map(str::to_owned);
    match gone {
        Some(message) => Err(Failure::Target(message)),
        None if record.ok() => Ok(()),
        None => Err(Failure::Cases),
    }
}

/// Runs `jobs` cases at a time on the shared runtime; records come back in the cases' order.
async fn run_all(
    runner: &'static Runner,
    cases: &[CaseRef<'static>],
    jobs: usize,
    fail_fast: bool,
    verbose: bool,
) -> Vec<CaseRecord> {
    let progress = Arc::new(Progress::new(cases.len()));
    let permits = Arc::new(tokio::sync::Semaphore::new(jobs));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::with_capacity(cases.len());
    for c in cases.iter().cloned() {
        let (progress, permits, stop) = (progress.clone(), permits.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await.ok();
            let file = SuiteFile {
                path: &c.suite.file,
                display: &c.suite.display,
                module: &c.module,
            };
            if stop.load(Ordering::SeqCst) {
                return not_run(&c, runner);
            }
            let record = runner.run_case(&c.suite.suite, c.case, file).await;
            if fail_fast && matches!(record.status, Status::Failed | Status::Error) {
                stop.store(true, Ordering::SeqCst);
            }
            if verbose {
                progress.transcript(&record);
            }
            progress.finished(&record);
            record
        }));
    }
    let mut records = Vec::with_capacity(tasks.len());
    for (task, c) in tasks.into_iter().zip(cases) {
        records.push(task.await.unwrap_or_else(|e| {
            let mut r = not_run(c, runner);
            r.status = Status::Error;
            r.detail = format!("the case's task failed: {e}");
            r
        }));
    }
    progress.done();
    records
}

/// The record of a case that `--fail-fast` kept from starting.
fn not_run(c: &CaseRef<'_>, runner: &Runner) -> CaseRecord {
    let file = SuiteFile {
        path: &c.suite.file,
        display: &c.suite.display,
        module: &c.module,
    };
    CaseRecord::not_run(
        &c.suite.suite,
        c.case,
        file,
        &runner.target().name,
        "not run: an earlier case failed (--fail-fast)",
    )
}

/// The environment with the flags over it: the target is chosen from these as `cargo test`
/// chooses it from the environment.
pub fn target_vars(
    target: Option<&str>,
    endpoint: Option<&str>,
    timeout: Option<&str>,
    config: &Config,
) -> Result<BTreeMap<String, String>, Failure> {
    let mut vars: BTreeMap<String, String> = std::env::vars().collect();
    let configured = match target.filter(|_| endpoint.is_none()) {
        Some(name) => config
            .vars_of(name, vars.clone())
            .map_err(Failure::Config)?,
        None => None,
    };
    if let Some(mut configured) = configured {
        if let Some(t) = timeout {
            configured.insert("S3SPEC_REQUEST_TIMEOUT".into(), t.to_owned());
        }
        return Ok(configured);
    }
    if let Some(e) = endpoint {
        vars.insert("S3SPEC_ENDPOINT".into(), e.to_owned());
    }
    if let Some(t) = timeout {
        vars.insert("S3SPEC_REQUEST_TIMEOUT".into(), t.to_owned());
    }
    match target {
        Some("embedded") if endpoint.is_some() => {
            return Err(Failure::Config(
                "s3spec: --target embedded runs the in-process server: drop --endpoint".into(),
            ));
        }
        Some("embedded") => {
            vars.remove("S3SPEC_ENDPOINT");
        }
        Some(name) => {
            if !vars.contains_key("S3SPEC_ENDPOINT") {
                let names: Vec<&str> = config.targets.keys().map(String::as_str).collect();
                let hint =
                    match s3spec_api::did_you_mean(name, names.iter().copied().chain(["embedded"]))
                    {
                        Some(m) => format!(" (did you mean `{m}`?)"),
                        None if names.is_empty() => {
                            " (no configuration file names targets)".to_owned()
                        }
                        None => format!(" (configured: {})", names.join(", ")),
                    };
                return Err(Failure::Config(format!(
                    "s3spec: target `{name}` is not configured and has no endpoint: give --endpoint URL, set S3SPEC_ENDPOINT, or add it to s3spec.toml{hint}"
                )));
            }
            vars.insert("S3SPEC_TARGET".into(), name.to_owned());
        }
        None => {}
    }
    Ok(vars)
}

/// The target's snapshot folder, when it exists.
fn snapshot_folder(a: &RunArgs, suites: &Suites, target: &str) -> Option<SnapshotFolder> {
    if a.no_snapshots {
        return None;
    }
    let (dir, display) = match &a.snapshots {
        Some(d) => (d.join(target), format!("{}/{target}", d.display())),
        None => {
            let loaded = suites.loaded.first()?;
            (
                loaded.root.join(&loaded.snapshots).join(target),
                format!("{}/{target}", loaded.snapshots),
            )
        }
    };
    dir.is_dir().then_some(SnapshotFolder { dir, display })
}

fn write_report(a: &RunArgs, record: &RunRecord) -> Result<(), Failure> {
    let text = match a.format {
        Format::Table => report::table::render(record, a.all),
        Format::Json => report::json::render(record),
        Format::Yaml => report::yaml::render(record),
        Format::Junit => report::junit::render(record),
    };
    match &a.output {
        Some(path) => std::fs::write(path, text).map_err(|e| {
            Failure::Config(format!(
                "s3spec: failed to write the report to {}: {e}",
                path.display()
            ))
        }),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
