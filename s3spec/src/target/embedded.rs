//! The embedded target: an S3 server (s3s with its file-system backend) inside the test process.
//! The backend answers `GetBucketVersioning` and `ListObjectVersions` for its unversioned buckets
//! too (`unversioned.rs`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;

use super::{Addressing, Checksums, Credentials, Target, TargetError};

const ACCESS_KEY: &str = "S3SPECEMBEDDEDKEY001";
/// s3s-fs has one store and no owners: the alt user can sign requests, but every bucket is
/// visible to both users (recorded as known differences of the permission cases).
const ALT_ACCESS_KEY: &str = "S3SPECEMBEDDEDALT001";
const DIR_PREFIX: &str = "s3spec-embedded-";

/// How to start an embedded server.
#[derive(Debug, Clone)]
pub struct EmbeddedOptions {
    /// Default `127.0.0.1:0`: a free port on loopback.
    pub listen: SocketAddr,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    /// Default: a fresh directory under the system's temporary directory.
    pub data_dir: Option<PathBuf>,
    pub nodelay: bool,
    /// Only the user who created a bucket may use it (s3s-fs alone lets every user use every
    /// bucket). Off by default: the embedded target's snapshots record s3s-fs as it is.
    pub enforce_ownership: bool,
}

impl Default for EmbeddedOptions {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            access_key: None,
            secret_key: None,
            data_dir: None,
            nodelay: true,
            enforce_ownership: false,
        }
    }
}

/// A running in-process S3 server on 127.0.0.1.
#[derive(Debug)]
pub struct EmbeddedServer {
    addr: SocketAddr,
    access_key: String,
    secret_key: String,
    root: PathBuf,
    /// Set to `true` to stop accepting connections and close the open ones.
    stop: tokio::sync::watch::Sender<bool>,
}

impl EmbeddedServer {
    /// The server of this process, started on first use.
    pub fn shared() -> Result<&'static EmbeddedServer, TargetError> {
        static SERVER: OnceLock<Result<EmbeddedServer, String>> = OnceLock::new();
        SERVER
            .get_or_init(|| Self::start().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| TargetError::Embedded(std::io::Error::other(e.clone())))
    }

    /// Starts a server with its own data directory, on the shared runtime.
    pub fn start() -> Result<EmbeddedServer, TargetError> {
        Self::start_with(EmbeddedOptions::default())
    }

    /// Starts a server; `nodelay: false` leaves Nagle's algorithm on, which only the
    /// benchmarks want (to show the stall it causes).
    pub fn start_with_nodelay(nodelay: bool) -> Result<EmbeddedServer, TargetError> {
        Self::start_with(EmbeddedOptions {
            nodelay,
            ..EmbeddedOptions::default()
        })
    }

    /// Starts a server as `options` say, on the shared runtime.
    pub fn start_with(options: EmbeddedOptions) -> Result<EmbeddedServer, TargetError> {
        let EmbeddedOptions {
            listen,
            access_key,
            secret_key,
            data_dir,
            nodelay,
            enforce_ownership,
        } = options;
        let runtime = crate::runtime::shared()
            .map_err(|e| TargetError::Embedded(std::io::Error::other(e)))?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let root = match data_dir {
            Some(dir) => dir,
            None => {
                let base = std::env::temp_dir();
                remove_stale_dirs(&base);
                base.join(format!("{DIR_PREFIX}{}-{nanos}", std::process::id()))
            }
        };
        std::fs::create_dir_all(&root).map_err(TargetError::Embedded)?;
        let access_key = access_key.unwrap_or_else(|| ACCESS_KEY.to_owned());
        let secret_key = secret_key
            .unwrap_or_else(|| format!("{:032x}", nanos ^ (u128::from(std::process::id()) << 64)));

        let fs = s3s_fs::FileSystem::new(&root)
            .map_err(|e| TargetError::Embedded(std::io::Error::other(format!("{e:?}"))))?;
        let mut builder = S3ServiceBuilder::new(super::unversioned::Unversioned::new(fs));
        let mut auth = SimpleAuth::from_single(access_key.clone(), secret_key.clone());
        auth.register(
            ALT_ACCESS_KEY.to_owned(),
            format!("{secret_key}-alt").into(),
        );
        builder.set_auth(auth);
        if enforce_ownership {
            builder.set_access(super::ownership::Ownership::default());
        }
        let service = builder.build();

        let std_listener = std::net::TcpListener::bind(listen).map_err(TargetError::Embedded)?;
        std_listener
            .set_nonblocking(true)
            .map_err(TargetError::Embedded)?;
        let addr = std_listener.local_addr().map_err(TargetError::Embedded)?;
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(std_listener).map_err(TargetError::Embedded)?
        };
        let (stop, stopped) = tokio::sync::watch::channel(false);
        runtime.spawn(async move {
            let http = ConnBuilder::new(TokioExecutor::new());
            let mut stop_accepting = stopped.clone();
            loop {
                let accepted = tokio::select! {
                    accepted = listener.accept() => accepted,
                    _ = stop_accepting.wait_for(|s| *s) => return,
                };
                let Ok((socket, _)) = accepted else {
                    continue;
                };
                // Without this a small response waits for the client's delayed ACK (~40 ms).
                let _ = socket.set_nodelay(nodelay);
                let conn = http
                    .serve_connection(TokioIo::new(socket), service.clone())
                    .into_owned();
                let mut stop_serving = stopped.clone();
                tokio::spawn(async move {
                    tokio::select! {
                        _ = conn => {}
                        _ = stop_serving.wait_for(|s| *s) => {}
                    }
                });
            }
        });
        Ok(EmbeddedServer {
            addr,
            access_key,
            secret_key,
            root,
            stop,
        })
    }

    /// What the embedded server is, for reports (checked against Cargo.lock by a test).
    pub const VERSION: &'static str =
        "s3s 0.14.1 + s3s-fs 0.14.1 with unversioned version listing, in process";

    pub fn target(&self) -> Target {
        Target {
            identities: Vec::new(),
            request_timeout: crate::target::DEFAULT_REQUEST_TIMEOUT,
            case_timeout: crate::target::DEFAULT_CASE_TIMEOUT,
            name: "embedded".to_owned(),
            snapshots: "embedded".to_owned(),
            endpoint: format!("http://{}", self.addr),
            region: "us-east-1".to_owned(),
            credentials: Credentials {
                access_key: self.access_key.clone(),
                secret_key: self.secret_key.clone(),
            },
            alt: Some(Credentials {
                access_key: ALT_ACCESS_KEY.to_owned(),
                secret_key: format!("{}-alt", self.secret_key),
            }),
            addressing: Addressing::Path,
            checksums: Checksums::WhenRequired,
        }
    }

    /// Stops the server as if it had crashed: the port is closed and open connections are
    /// dropped without an answer.
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The directory the server stores buckets in.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Removes data directories left by test processes that have exited (a process's statics are
/// never dropped, so each process leaves its directory behind). Only where `/proc` shows which
/// processes are alive.
fn remove_stale_dirs(base: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(DIR_PREFIX)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_version_is_the_locked_one() {
        let lock = include_str!("../../../Cargo.lock");
        for (name, version) in [("s3s", "0.14.1"), ("s3s-fs", "0.14.1")] {
            let entry = format!("name = \"{name}\"\nversion = \"{version}\"");
            assert!(lock.contains(&entry), "{entry}");
            assert!(super::EmbeddedServer::VERSION.contains(&format!("{name} {version}")));
        }
    }
}
