//! Sends a step's operation with the AWS SDK. The code for every operation is generated from the
//! operation table (`s3spec_suite::for_each_operation!`), so an operation added there is sent here.

use aws_sdk_s3::Client;
use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use bytes::Bytes;
use s3spec_suite::ParamValue;

use super::capture::Capture;
use super::convert::{self, Ctx};
use crate::response::Response;

/// Why a step has no response to judge.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SendError {
    /// A parameter could not be turned into the request (e.g. an unset variable).
    Param {
        name: &'static str,
        loc: s3spec_suite::Loc,
        message: String,
    },
    /// No response arrived: connection refused, timeout, request could not be built.
    Transport(String),
}

macro_rules! apply {
    ($b:ident, $setter:ident, metadata, $p:expr, $ctx:expr) => {{
        let mut b = $b;
        for (k, v) in convert::metadata(&$p.value, $ctx).map_err(|m| param_error($p, m))? {
            b = b.$setter(k, v);
        }
        b
    }};
    ($b:ident, $setter:ident, $kind:ident, $p:expr, $ctx:expr) => {
        $b.$setter(convert::$kind(&$p.value, $ctx).map_err(|m| param_error($p, m))?)
    };
}

fn param_error(p: &ParamValue, message: String) -> SendError {
    SendError::Param {
        name: p.name,
        loc: p.loc,
        message,
    }
}

macro_rules! finish {
    (streaming, $result:expr, $capture:expr) => {{
        let collected = match $result {
            Ok(out) => match out.body.collect().await {
                Ok(data) => Ok(Some(data.into_bytes())),
                Err(e) => {
                    return Err(SendError::Transport(format!(
                        "failed to read the object body: {e}"
                    )));
                }
            },
            Err(e) => Err(e),
        };
        finish(collected, &$capture)
    }};
    (buffered, $result:expr, $capture:expr) => {
        finish($result.map(|_| None), &$capture)
    };
}

macro_rules! dispatch {
    ($( $op:ident $method:ident $mode:ident { $( $param:ident $setter:ident $kind:ident $($req:ident)? ),* $(,)? } )*) => {
        /// Sends `operation` with `params` and returns the server's response.
        pub(crate) async fn send(
            client: &Client,
            operation: &str,
            params: &[ParamValue],
            ctx: &Ctx<'_>,
        ) -> Result<Response, SendError> {
            let capture = Capture::default();
            match operation {
                $( stringify!($op) => {
                    let mut b = client.$method();
                    for p in params {
                        b = match p.name {
                            $( stringify!($param) => apply!(b, $setter, $kind, p, ctx), )*
                            other => {
                                let message = format!("`{other}` is not a parameter of {}", stringify!($op));
                                return Err(param_error(p, message));
                            }
                        };
                    }
                    let result = b.customize().interceptor(capture.clone()).send().await;
                    let mut response = finish!($mode, result, capture)?;
                    response.parse_body(stringify!($mode) == "streaming");
                    Ok(response)
                } )*
                other => Err(SendError::Transport(format!("unknown operation {other}"))),
            }
        }
    };
}

s3spec_suite::for_each_operation!(dispatch);

/// Builds the response from what was captured, the SDK's result, and (for streaming
/// operations) the body read from the output.
fn finish<E>(
    result: Result<Option<Bytes>, SdkError<E, HttpResponse>>,
    capture: &Capture,
) -> Result<Response, SendError>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let captured = capture.take();
    let mut response = Response {
        request: captured.request,
        ..Response::default()
    };
    let (status, headers, body) = match (captured.response, &result) {
        (Some(r), _) => r,
        (None, Err(SdkError::ServiceError(e))) => {
            let raw = e.raw();
            let headers = super::capture::header_pairs(raw.headers());
            (
                raw.status().as_u16(),
                headers,
                raw.body().bytes().map(Bytes::copy_from_slice),
            )
        }
        (None, Err(e)) => return Err(SendError::Transport(DisplayErrorContext(e).to_string())),
        (None, Ok(_)) => {
            return Err(SendError::Transport(
                "the SDK returned no response".to_owned(),
            ));
        }
    };
    response.status = status;
    response.headers = headers;
    response.body = body.unwrap_or_default();
    match result {
        Ok(Some(streamed)) => response.body = streamed,
        Ok(None) => {}
        Err(SdkError::ServiceError(e)) => {
            response.sdk_error_code = e.err().code().map(str::to_owned)
        }
        Err(e) => response.sdk_note = Some(DisplayErrorContext(&e).to_string()),
    }
    Ok(response)
}
