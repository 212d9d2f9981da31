//! aws-sdk-s3 as the oracle: a client whose requests are captured, signed, just before they
//! would be transmitted, and then stopped.

use std::sync::{Arc, Mutex};

use aws_sdk_s3::Client;
use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// A request as the SDK would have sent it.
#[derive(Debug, Clone, Default)]
pub(super) struct SdkRequest {
    pub method: String,
    /// `host:port`.
    pub authority: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// Lowercase names, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Records the last request and stops it.
#[derive(Debug, Clone, Default)]
pub(super) struct Capture(Arc<Mutex<Option<SdkRequest>>>);

impl Capture {
    pub fn take(&self) -> Option<SdkRequest> {
        self.0.lock().ok().and_then(|mut c| c.take())
    }
}

/// The error that stops every captured request.
pub(super) const STOPPED: &str = "captured by the oracle";

impl Intercept for Capture {
    fn name(&self) -> &'static str {
        "s3spec-oracle-capture"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let uri = request.uri();
        let rest = uri.split_once("://").map_or(uri, |(_, rest)| rest);
        let (authority, target) = rest.find('/').map_or((rest, "/"), |i| rest.split_at(i));
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let captured = SdkRequest {
            method: request.method().to_owned(),
            authority: authority.to_owned(),
            path: path.to_owned(),
            query: query.to_owned(),
            headers: request
                .headers()
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
                .collect(),
            body: request.body().bytes().unwrap_or_default().to_vec(),
        };
        if let Ok(mut c) = self.0.lock() {
            *c = Some(captured);
        }
        Err(STOPPED.into())
    }
}

/// A client for `endpoint` that records into `capture`: checksums only when required (as the
/// harness's targets default to), retries off, the behavior version pinned as in `client.rs`.
pub(super) fn client(endpoint: &str, path_style: bool, capture: &Capture) -> Client {
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::v2026_01_12())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "oracle",
        ))
        .force_path_style(path_style)
        .retry_config(RetryConfig::disabled())
        .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
        .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
        .interceptor(capture.clone())
        .build();
    Client::from_conf(config)
}
