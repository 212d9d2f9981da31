//! Records the raw HTTP exchange of one SDK call, so the harness judges what the server sent
//! rather than what the SDK made of it.

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use bytes::Bytes;

/// A response as received: status, headers, and the body when it was read into memory.
pub(crate) type RawResponse = (u16, Vec<(String, String)>, Option<Bytes>);

/// What was captured: the request line and, once it arrived, the response.
#[derive(Debug, Default)]
pub(crate) struct Captured {
    pub request: String,
    pub response: Option<RawResponse>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Capture(Arc<Mutex<Captured>>);

impl Capture {
    pub fn take(&self) -> Captured {
        self.0
            .lock()
            .map(|mut c| std::mem::take(&mut *c))
            .unwrap_or_default()
    }
}

/// Headers as (lowercase name, value) pairs, in the order received.
pub(crate) fn header_pairs(
    headers: &aws_smithy_runtime_api::http::Headers,
) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
        .collect()
}

impl Intercept for Capture {
    fn name(&self) -> &'static str {
        "s3spec-capture"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let uri = request.uri();
        let path = uri
            .split_once("://")
            .map_or(uri, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
        if let Ok(mut c) = self.0.lock() {
            c.request = format!("{} {path}", request.method());
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response();
        let headers = header_pairs(response.headers());
        // Streaming outputs (GetObject) hand the body to the output; it is read from there.
        let body = response.body().bytes().map(Bytes::copy_from_slice);
        if let Ok(mut c) = self.0.lock() {
            c.response = Some((response.status().as_u16(), headers, body));
        }
        Ok(())
    }
}
