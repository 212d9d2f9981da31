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

/// Waits for Ctrl-C or SIGTERM.
async fn stop_signal() -> Option<i32> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut term) = signal(SignalKind::terminate()) else {
            return tokio::signal::ctrl_c().await.ok().map(|()| 130);
        };
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.ok().map(|()| 130),
            _ = term.recv() => Some(143),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.ok().map(|()| 130)
    }
}

/// Waits for Ctrl-C (or SIGTERM), lets running cases clean up, sweeps the run's buckets and
/// exits. A second one exits at once.
pub(crate) async fn on_ctrl_c() {
    let Some(code) = stop_signal().await else {
        return;
    };
    INTERRUPTED.store(true, Ordering::SeqCst);
    tokio::spawn(async move {
        let _ = stop_signal().await;
        std::process::exit(code);
    });
    let started = Instant::now();
    let patience = Duration::from_secs(30);
    while CASES_RUNNING.load(Ordering::SeqCst) > 0 && started.elapsed() < patience {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let still_running = CASES_RUNNING.load(Ordering::SeqCst);
    let cases = if still_running == 0 {
        "cases cleaned up".to_owned()
    } else {
        format!(
            "{still_running} case(s) still running after {}s",
            patience.as_secs()
        )
    };
    if let Some(target) = crate::target::started() {
        let client = crate::client::for_target(target);
        let run = crate::run::RunPrefix::current();
        let sweep = crate::cleanup::sweep_run(&client, run);
        let message = match tokio::time::timeout(Duration::from_secs(15), sweep).await {
            Ok(Ok(n)) => format!(
                "s3spec: interrupted; {cases}, {n} more bucket(s) of run {run} removed from {}\n",
                target.name
            ),
            Ok(Err(e)) => format!(
                "s3spec: interrupted; {cases}; could not remove the run's buckets from {}: {e} (`s3spec sweep` removes them later)\n",
                target.name
            ),
            Err(_) => format!(
                "s3spec: interrupted; {cases}; {} did not answer the sweep of run {run} within 15s (`s3spec sweep` removes its buckets later)\n",
                target.name
            ),
        };
        // Straight to stderr: the test harness captures what the print macros write.
        let _ = std::io::stderr().write_all(message.as_bytes());
    }
    std::process::exit(code);
}
