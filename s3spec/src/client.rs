//! The AWS SDK client for a target: explicit about everything the SDK would otherwise default.

use std::time::Duration;

pub use aws_sdk_s3::Client;
use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;
use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
    StalledStreamProtectionConfig,
};

use crate::target::{Addressing, Checksums, Target};

/// A client that talks to `target`.
///
/// Retries are off, so a flaky server shows up as a failure instead of being hidden, and the
/// behavior version is pinned, so an SDK upgrade cannot silently change what is sent.
pub fn for_target(target: &Target) -> Client {
    with_credentials(target, &target.credentials)
}

/// A client for `target` signing with other credentials (the alt user).
pub fn with_credentials(target: &Target, credentials: &crate::target::Credentials) -> Client {
    let (request_checksums, response_checksums) = match target.checksums {
        Checksums::WhenRequired => (
            RequestChecksumCalculation::WhenRequired,
            ResponseChecksumValidation::WhenRequired,
        ),
        Checksums::WhenSupported => (
            RequestChecksumCalculation::WhenSupported,
            ResponseChecksumValidation::WhenSupported,
        ),
    };
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::v2026_01_12())
        .region(Region::new(target.region.clone()))
        .endpoint_url(&target.endpoint)
        .credentials_provider(Credentials::new(
            &credentials.access_key,
            &credentials.secret_key,
            None,
            None,
            "s3spec",
        ))
        .force_path_style(
            target.addressing == Addressing::Path || !resolvable_subdomains(&target.endpoint),
        )
        .retry_config(RetryConfig::disabled())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_timeout(Duration::from_secs(120))
                .build(),
        )
        .stalled_stream_protection(StalledStreamProtectionConfig::disabled())
        .request_checksum_calculation(request_checksums)
        .response_checksum_validation(response_checksums)
        .build();
    Client::from_conf(config)
}

/// Whether `bucket.<host>` names of the endpoint can be resolved. For an IP address or
/// `localhost` they cannot, so the harness's own requests (creating and removing the case's
/// buckets) use path addressing there; steps still send virtual-hosted requests, connecting to
/// the endpoint with the bucket in the Host header.
fn resolvable_subdomains(endpoint: &str) -> bool {
    let host = crate::wire::request::Endpoint::parse(endpoint)
        .map(|e| e.host)
        .unwrap_or_default();
    let ip = host
        .trim_matches(['[', ']'])
        .parse::<std::net::IpAddr>()
        .is_ok();
    !(ip || host == "localhost")
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_names_have_no_bucket_subdomains() {
        assert!(!super::resolvable_subdomains("http://127.0.0.1:9000"));
        assert!(!super::resolvable_subdomains("http://localhost:9000"));
        assert!(!super::resolvable_subdomains("http://[::1]:9000"));
        assert!(super::resolvable_subdomains(
            "https://s3.us-east-1.amazonaws.com"
        ));
    }
}
