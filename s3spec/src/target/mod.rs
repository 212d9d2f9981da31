//! Targets: the S3 server a run talks to, and how to reach it.

#[cfg(feature = "containers")]
pub mod container;
mod embedded;
pub mod endpoint;
pub mod health;
mod ownership;
mod ready;
mod unversioned;

pub use ready::wait_ready;

use std::fmt;
use std::sync::OnceLock;

pub use embedded::{EmbeddedOptions, EmbeddedServer};

/// How the harness reaches one S3 implementation.
#[derive(Clone, PartialEq, Eq)]
pub struct Target {
    /// Names the target in reports.
    pub name: String,
    /// The snapshot folder, `snapshots/<snapshots>/`: usually the name; targets that run the
    /// same implementation share one.
    pub snapshots: String,
    /// e.g. `http://127.0.0.1:9000`.
    pub endpoint: String,
    pub region: String,
    pub credentials: Credentials,
    /// A second user, of another account, for cases with `as: alt`; without one they are
    /// skipped.
    pub alt: Option<Credentials>,
    pub addressing: Addressing,
    pub checksums: Checksums,
    /// Named credential sets, for steps with `as: <name>` (`S3SPEC_IDENTITY_<NAME>`).
    pub identities: Vec<(String, Credentials)>,
    /// How long one request may take, reading the response body included.
    pub request_timeout: std::time::Duration,
    /// How long one case's setup and steps may take; its teardown and cleanup still run.
    pub case_timeout: std::time::Duration,
}

/// How long a request may take unless the target says otherwise (`S3SPEC_REQUEST_TIMEOUT`).
pub const DEFAULT_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// How long a case may take unless the run says otherwise (`S3SPEC_CASE_TIMEOUT`).
pub const DEFAULT_CASE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

impl Target {
    /// The credentials of a named set.
    pub fn identity(&self, name: &str) -> Option<&Credentials> {
        self.identities
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c)
    }
}

/// The environment variable that gives a named credential set: `S3SPEC_IDENTITY_READ_ONLY`
/// for `read-only`, holding `<access key>:<secret key>`.
pub fn identity_variable(name: &str) -> String {
    let upper: String = name
        .chars()
        .map(|c| {
            if c == '-' {
                '_'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect();
    format!("S3SPEC_IDENTITY_{upper}")
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("name", &self.name)
            .field("snapshots", &self.snapshots)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key", &self.credentials.access_key)
            .field("alt", &self.alt.as_ref().map(|a| &a.access_key))
            .field("addressing", &self.addressing)
            .field("checksums", &self.checksums)
            .field(
                "identities",
                &self.identities.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("request_timeout", &self.request_timeout)
            .field("case_timeout", &self.case_timeout)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key: String,
    pub secret_key: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .finish_non_exhaustive()
    }
}

/// Where the bucket name goes in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressing {
    /// `http://host/bucket/key`.
    Path,
    /// `http://bucket.host/key`.
    VirtualHost,
}

/// When the client adds and checks CRC/SHA checksums.
///
/// Since 2025 the AWS SDKs default to `WhenSupported`, which many S3 implementations reject;
/// every target states its mode so a run never depends on an SDK default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checksums {
    /// Only for operations whose API requires a checksum (e.g. DeleteObjects).
    WhenRequired,
    /// On every operation that supports one.
    WhenSupported,
}

/// Why a target could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("failed to start the embedded S3 server: {0}")]
    Embedded(#[source] std::io::Error),
    #[error("invalid target configuration: {0}")]
    Config(String),
    #[error("{0}")]
    NotReady(String),
    #[error("{0}")]
    Container(String),
}

static TARGET: OnceLock<Result<Target, String>> = OnceLock::new();

/// The target of this process if it has been chosen and started.
pub fn started() -> Option<&'static Target> {
    TARGET.get().and_then(|t| t.as_ref().ok())
}

/// The target of this process: chosen once, on first use.
///
/// `S3SPEC_ENDPOINT` selects an endpoint; a container feature (`minio`, `localstack`,
/// `server-container`) selects that container; otherwise the embedded server. Setting both an
/// endpoint and a container feature is an error rather than a silent choice.
pub fn current() -> Result<&'static Target, String> {
    TARGET
        .get_or_init(|| select().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(any(
    all(feature = "minio", feature = "localstack"),
    all(feature = "minio", feature = "server-container"),
    all(feature = "localstack", feature = "server-container"),
))]
compile_error!(
    "s3spec: the features `minio`, `localstack` and `server-container` each select the target of a run; enable only one"
);

/// The container feature enabled for this build, if any.
pub const CONTAINER_FEATURE: Option<&str> = if cfg!(feature = "minio") {
    Some("minio")
} else if cfg!(feature = "localstack") {
    Some("localstack")
} else if cfg!(feature = "server-container") {
    Some("s3spec-server")
} else {
    None
};

fn select() -> Result<Target, TargetError> {
    select_from(&std::env::vars().collect())
}

/// Chooses the target of this process from `vars` (the process's environment, or the
/// `s3spec` command's flags over it) instead of the environment alone, and starts it. Fails
/// if the target was already chosen.
pub fn choose(
    vars: &std::collections::BTreeMap<String, String>,
) -> Result<&'static Target, String> {
    let chosen = select_from(vars).map_err(|e| e.to_string())?;
    TARGET
        .set(Ok(chosen))
        .map_err(|_| "the target of this process was already chosen".to_owned())?;
    current()
}

fn select_from(vars: &std::collections::BTreeMap<String, String>) -> Result<Target, TargetError> {
    let mut target = select_server(vars)?;
    target.identities = endpoint::identities_from(vars.clone())?;
    if let Some(timeout) = endpoint::request_timeout(vars.get("S3SPEC_REQUEST_TIMEOUT").cloned())? {
        target.request_timeout = timeout;
    }
    if let Some(timeout) = endpoint::duration_of(
        "S3SPEC_CASE_TIMEOUT",
        vars.get("S3SPEC_CASE_TIMEOUT").cloned(),
    )? {
        target.case_timeout = timeout;
    }
    Ok(target)
}

fn select_server(vars: &std::collections::BTreeMap<String, String>) -> Result<Target, TargetError> {
    let endpoint = endpoint::from_env(|k| vars.get(k).cloned())?;
    match (endpoint, CONTAINER_FEATURE) {
        (Some(t), Some(feature)) => Err(TargetError::Config(format!(
            "S3SPEC_ENDPOINT ({}) and the `{feature}` feature both select a target: unset S3SPEC_ENDPOINT or build without the feature",
            t.endpoint
        ))),
        (Some(t), None) => Ok(t),
        (None, Some(name)) => start_container(name),
        (None, None) => Ok(EmbeddedServer::shared()?.target()),
    }
}

#[cfg(feature = "containers")]
fn start_container(name: &str) -> Result<Target, TargetError> {
    let preset = container::preset(name)
        .ok_or_else(|| TargetError::Config(format!("no container preset {name}")))?;
    let runtime = crate::runtime::shared().map_err(TargetError::Container)?;
    // Tests call this from inside their own runtime, where blocking on another is not allowed.
    std::thread::scope(|s| {
        s.spawn(|| runtime.block_on(container::start(&preset)))
            .join()
    })
    .map_err(|_| TargetError::Container(format!("starting the {name} container panicked")))?
}

#[cfg(not(feature = "containers"))]
fn start_container(name: &str) -> Result<Target, TargetError> {
    Err(TargetError::Config(format!(
        "container target {name} needs the `containers` feature"
    )))
}
