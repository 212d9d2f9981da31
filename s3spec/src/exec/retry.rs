//! Sending a step again after a transport error or a 503 SlowDown, when the run asks for it:
//! exponential backoff with jitter. Off by default: a conformance run must see first answers.

use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

use super::send::SendError;
use crate::response::Response;

const FIRST_WAIT: Duration = Duration::from_millis(100);
const LONGEST_WAIT: Duration = Duration::from_secs(5);

/// Sends with `attempt` up to `retries` more times while the answer is worth retrying; returns
/// the last answer and how many retries it took.
pub async fn send<F, Fut>(retries: u32, mut attempt: F) -> (Result<Response, SendError>, u32)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Response, SendError>>,
{
    let mut tried = 0;
    loop {
        let result = attempt().await;
        if tried >= retries || !worth_retrying(&result) {
            return (result, tried);
        }
        tokio::time::sleep(backoff(tried)).await;
        tried += 1;
    }
}

fn worth_retrying(result: &Result<Response, SendError>) -> bool {
    match result {
        Err(SendError::Transport(_)) => true,
        Err(SendError::Param { .. }) => false,
        Ok(r) => r.status == 503 && r.error_code() == Some("SlowDown"),
    }
}

/// 100 ms, 200 ms, 400 ms, ... up to 5 s, each plus up to half again at random.
fn backoff(tried: u32) -> Duration {
    let base = FIRST_WAIT
        .saturating_mul(1 << tried.min(16))
        .min(LONGEST_WAIT);
    let jitter = RandomState::new().hash_one(std::time::Instant::now()) % 1000;
    base + base.mul_f64(jitter as f64 / 2000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn slow_down() -> Response {
        let mut r = Response {
            status: 503,
            body: "<Error><Code>SlowDown</Code></Error>".into(),
            ..Response::default()
        };
        r.parse_body(false);
        r
    }

    #[tokio::test(start_paused = true)]
    async fn slow_down_and_transport_errors_are_retried_up_to_the_limit() {
        let calls = AtomicU32::new(0);
        let (result, retries) = send(3, || async {
            match calls.fetch_add(1, Ordering::SeqCst) {
                0 => Err(SendError::Transport("reset".into())),
                1 => Ok(slow_down()),
                _ => Ok(Response {
                    status: 200,
                    ..Response::default()
                }),
            }
        })
        .await;
        assert_eq!((result.map(|r| r.status).ok(), retries), (Some(200), 2));

        let (result, retries) = send(2, || async { Ok(slow_down()) }).await;
        assert_eq!((result.map(|r| r.status).ok(), retries), (Some(503), 2));
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_is_retried_by_default_nor_other_errors() {
        let calls = AtomicU32::new(0);
        let (_, retries) = send(0, || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(SendError::Transport("reset".into()))
        })
        .await;
        assert_eq!((retries, calls.load(Ordering::SeqCst)), (0, 1));
        let (_, retries) = send(5, || async {
            Ok(Response {
                status: 500,
                ..Response::default()
            })
        })
        .await;
        assert_eq!(retries, 0);
    }

    #[test]
    fn backoff_doubles_up_to_five_seconds_with_jitter() {
        for (tried, base) in [(0, 100), (1, 200), (3, 800), (10, 5000)] {
            let d = backoff(tried).as_millis();
            assert!(d >= base && d <= base * 3 / 2, "{tried}: {d}");
        }
    }
}
