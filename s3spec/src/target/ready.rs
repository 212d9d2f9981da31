//! Readiness: a target is usable once it answers ListBuckets with valid credentials.

use std::time::{Duration, Instant};

use aws_sdk_s3::Client;
use aws_sdk_s3::error::ProvideErrorMetadata;

use super::{Target, TargetError};

/// Error codes that say the credentials cannot be used.
const CREDENTIAL_ERRORS: &[&str] = &[
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "AccessDenied",
    "InvalidToken",
    "ExpiredToken",
    "AuthorizationHeaderMalformed",
    "NotSignedUp",
];

/// Waits until `target` answers, trying again for up to `patience` (a server that is still
/// starting refuses connections). Wrong credentials fail at once: waiting cannot fix them.
pub async fn wait_ready(
    client: &Client,
    target: &Target,
    patience: Duration,
) -> Result<(), TargetError> {
    let started = Instant::now();
    loop {
        let err = match client.list_buckets().send().await {
            Ok(_) => return Ok(()),
            Err(e) => e,
        };
        // Any answer means the server is up; only a refusal of the credentials makes it unusable.
        // (A shared server may fail a listing while other test processes delete buckets.)
        if let Some(code) = err.code() {
            if !CREDENTIAL_ERRORS.contains(&code) {
                return Ok(());
            }
            return Err(TargetError::NotReady(format!(
                "target {} at {} refused the credentials: {code}: {}",
                target.name,
                target.endpoint,
                err.message().unwrap_or_default()
            )));
        }
        if started.elapsed() >= patience {
            return Err(TargetError::NotReady(format!(
                "target {} at {} did not answer within {}s ({}): check that the server runs, or unset S3SPEC_ENDPOINT to use the embedded server",
                target.name,
                target.endpoint,
                patience.as_secs(),
                root_cause(&err)
            )));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The innermost error's message (`Connection refused (os error 111)`): the layers above it
/// repeat what failed without saying why.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
