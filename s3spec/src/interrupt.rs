//! Ctrl-C during a run: running cases stop sending steps and clean up as usual, then the run's
//! remaining buckets are swept, so an interrupted run leaves nothing behind either.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static CASES_RUNNING: AtomicUsize = AtomicUsize::new(0);

/// Whether the run was interrupted: cases skip their remaining steps.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Counts a case as running while the guard lives.
pub(crate) struct CaseGuard;

impl CaseGuard {
    pub fn new() -> Self {
        CASES_RUNNING.fetch_add(1, Ordering::SeqCst);
        CaseGuard
    }
}

impl Drop for CaseGuard {
    fn drop(&mut self) {
        CASES_RUNNING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Waits for Ctrl-C, lets running cases clean up, sweeps the run's buckets and exits.
/// A second Ctrl-C exits at once.
pub(crate) async fn on_ctrl_c() {
    if tokio::signal::ctrl_c().await.is_err() {
        return;
    }
    INTERRUPTED.store(true, Ordering::SeqCst);
    tokio::spawn(async {
        let _ = tokio::signal::ctrl_c().await;
        std::process::exit(130);
    });
    let started = Instant::now();
    while CASES_RUNNING.load(Ordering::SeqCst) > 0 && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    if let Some(target) = crate::target::started() {
        let client = crate::client::for_target(target);
        let run = crate::run::RunPrefix::current();
        let message = match crate::cleanup::sweep_run(&client, run).await {
            Ok(n) => format!(
                "s3spec: interrupted; cases cleaned up, {n} more bucket(s) of run {run} removed from {}\n",
                target.name
            ),
            Err(e) => format!(
                "s3spec: interrupted; could not remove the run's buckets from {}: {e}\n",
                target.name
            ),
        };
        // Straight to stderr: the test harness captures what the print macros write.
        let _ = std::io::stderr().write_all(message.as_bytes());
    }
    std::process::exit(130);
}
