//! Whether a target still answers. A transport failure (connection refused or reset, timeout,
//! no response) is not a mismatch: the harness checks again whether the target answers at all,
//! and once it does not, the target is gone for the rest of the process, so the remaining cases
//! end at once with an error instead of each waiting for its timeouts.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use aws_sdk_s3::Client;
use aws_sdk_s3::error::DisplayErrorContext;

use super::Target;

/// How long the re-check waits for any answer.
const RECHECK_PATIENCE: Duration = Duration::from_secs(5);

/// The health of one target (one endpoint), shared by every case of the process.
#[derive(Debug, Default)]
pub struct Health {
    gone: OnceLock<String>,
    announced: AtomicBool,
    /// One re-check at a time: cases that fail together wait for the same answer.
    recheck: tokio::sync::Mutex<()>,
}

/// The health of `target`, by endpoint.
pub fn of(target: &Target) -> &'static Health {
    static ALL: OnceLock<Mutex<HashMap<String, &'static Health>>> = OnceLock::new();
    let all = ALL.get_or_init(Default::default);
    let mut all = all
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    all.entry(target.endpoint.clone())
        .or_insert_with(|| Box::leak(Box::default()))
}

impl Health {
    /// Why the target is considered gone, once it is.
    pub fn gone(&self) -> Option<&str> {
        self.gone.get().map(String::as_str)
    }

    /// After a transport failure: asks the target for anything (ListBuckets); returns why it is
    /// gone when that gets no answer either.
    pub async fn recheck(&self, client: &Client, target: &Target) -> Option<&str> {
        let _one_at_a_time = self.recheck.lock().await;
        if self.gone().is_none() {
            let answer = tokio::time::timeout(RECHECK_PATIENCE, client.list_buckets().send()).await;
            let problem = match answer {
                Ok(Ok(_)) => None,
                // An error response is an answer: the target is there.
                Ok(Err(e)) if e.raw_response().is_some() => None,
                Ok(Err(e)) => Some(DisplayErrorContext(&e).to_string()),
                Err(_) => Some(format!("no answer within {RECHECK_PATIENCE:?}")),
            };
            if let Some(problem) = problem {
                let _ = self.gone.set(format!(
                    "target {} at {} stopped answering ({problem}); the remaining cases end with an error without being run",
                    target.name, target.endpoint
                ));
            }
        }
        self.gone()
    }

    /// The message that the target is gone, the first time it is asked for; `None` after that
    /// (and while the target answers), so it is said once.
    pub fn announcement(&self) -> Option<&str> {
        let gone = self.gone()?;
        (!self.announced.swap(true, Ordering::SeqCst)).then_some(gone)
    }
}
