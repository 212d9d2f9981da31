//! Container targets, started with testcontainers: MinIO, LocalStack, or the s3spec-server
//! image. One code path for all of them; a preset only says which image, command and
//! credentials.
//!
//! Containers run on the host network with the server bound to 127.0.0.1, so nothing listens
//! beyond loopback. Each container gets a watchdog process that removes it when the test process
//! ends — normally, by Ctrl-C, or killed — since a process's statics are never dropped.

use std::time::Duration;

use testcontainers::core::{Mount, WaitFor};
use testcontainers::runners::AsyncRunner;
use testcontainers::{GenericImage, ImageExt};

use super::{Addressing, Checksums, Credentials, Target, TargetError};

/// A container's command and environment variables.
pub type Launch = (Vec<String>, Vec<(String, String)>);

/// How to run one S3 implementation as a container.
#[derive(Debug, Clone)]
pub struct ContainerPreset {
    /// The target's name in reports.
    pub name: &'static str,
    /// The snapshot folder: the implementation the image runs.
    pub snapshots: &'static str,
    pub image: String,
    pub tag: String,
    pub access_key: &'static str,
    pub secret_key: &'static str,
    /// A line the server prints when it is ready.
    pub ready_message: &'static str,
    /// Command and environment for a server listening on 127.0.0.1:`port`.
    pub launch: fn(port: u16, preset: &ContainerPreset) -> Launch,
    /// A path in the container to mount as tmpfs, for the server's data.
    pub tmpfs: Option<&'static str>,
}

/// The presets. Image and tag can be overridden with `S3SPEC_<NAME>_IMAGE` and
/// `S3SPEC_<NAME>_TAG` (e.g. `S3SPEC_MINIO_TAG`).
pub fn preset(name: &str) -> Option<ContainerPreset> {
    let (image, tag) = match name {
        // minio/minio left Docker Hub in September 2026; quay.io still serves pinned tags.
        "minio" => ("quay.io/minio/minio", "RELEASE.2025-04-22T22-12-26Z"),
        // `latest` needs an auth token since March 2026; community tags up to 4.x run without.
        "localstack" => ("localstack/localstack", "4.4.0"),
        "s3spec-server" => ("s3spec-server", "local"),
        _ => return None,
    };
    let upper = name.to_ascii_uppercase().replace('-', "_");
    let var = |suffix: &str, default: &str| {
        std::env::var(format!("S3SPEC_{upper}_{suffix}")).unwrap_or_else(|_| default.to_owned())
    };
    let mut p = ContainerPreset {
        name: "",
        snapshots: "",
        image: var("IMAGE", image),
        tag: var("TAG", tag),
        access_key: "s3spec",
        secret_key: "s3spec-secret",
        ready_message: "",
        launch: launch_s3spec_server,
        tmpfs: None,
    };
    match name {
        "minio" => {
            (p.name, p.snapshots, p.ready_message, p.launch) =
                ("minio", "minio", "API:", launch_minio);
        }
        "localstack" => {
            (p.name, p.snapshots, p.ready_message, p.launch) =
                ("localstack", "localstack", "Ready.", launch_localstack);
            (p.access_key, p.secret_key) = ("test", "test");
        }
        _ => {
            // The image runs the embedded server's implementation, so it shares its snapshots.
            (p.name, p.snapshots, p.ready_message) = ("s3spec-server", "embedded", "listening on");
            // Its file-system backend lists its data directory while other requests rename
            // files in it. On a FUSE overlay (Docker's fuse-overlayfs driver) directory entries
            // come without a type, so listing stats each entry and fails with a 500 when one
            // vanished in between; tmpfs reports types, and keeps the data in memory too.
            p.tmpfs = Some(S3SPEC_SERVER_DATA);
        }
    }
    Some(p)
}

fn launch_minio(port: u16, p: &ContainerPreset) -> Launch {
    let cmd = vec![
        "server".into(),
        "/data".into(),
        "--address".into(),
        format!("127.0.0.1:{port}"),
        "--console-address".into(),
        "127.0.0.1:0".into(),
    ];
    let env = vec![
        ("MINIO_ROOT_USER".into(), p.access_key.into()),
        ("MINIO_ROOT_PASSWORD".into(), p.secret_key.into()),
    ];
    (cmd, env)
}

fn launch_localstack(port: u16, _: &ContainerPreset) -> Launch {
    let env = vec![
        ("SERVICES".into(), "s3".into()),
        ("GATEWAY_LISTEN".into(), format!("127.0.0.1:{port}")),
    ];
    (Vec::new(), env)
}

const S3SPEC_SERVER_DATA: &str = "/data";

fn launch_s3spec_server(port: u16, p: &ContainerPreset) -> Launch {
    let cmd = vec![
        "--data".into(),
        S3SPEC_SERVER_DATA.into(),
        "--listen".into(),
        format!("127.0.0.1:{port}"),
        "--access-key".into(),
        p.access_key.into(),
        "--secret-key".into(),
        p.secret_key.into(),
    ];
    (cmd, Vec::new())
}

/// Starts the preset's container and returns the target that reaches it.
pub async fn start(p: &ContainerPreset) -> Result<Target, TargetError> {
    let fail = |what: String| {
        TargetError::Container(format!(
            "failed to start container target {}: {what}",
            p.name
        ))
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| fail(format!("no free port: {e}")))?
        .port();
    let (cmd, env) = (p.launch)(port, p);
    let mut request = GenericImage::new(p.image.clone(), p.tag.clone())
        .with_wait_for(WaitFor::message_on_either_std(p.ready_message))
        .with_network("host")
        .with_cmd(cmd)
        .with_label("s3spec.target", p.name)
        .with_startup_timeout(Duration::from_secs(120));
    for (k, v) in env {
        request = request.with_env_var(k, v);
    }
    if let Some(path) = p.tmpfs {
        request = request.with_mount(Mount::tmpfs_mount(path));
    }
    let container = request.start().await.map_err(|e| {
        fail(format!(
            "{e}\n  the image {}:{} must be present or pullable, and Docker reachable (DOCKER_HOST or /var/run/docker.sock);\n  \
             without Docker, build without container features: the embedded target needs nothing, or set S3SPEC_ENDPOINT",
            p.image, p.tag
        ))
    })?;
    remove_when_process_ends(container.id());
    // The watchdog owns the container's removal from here on.
    std::mem::forget(container);
    Ok(Target {
        identities: Vec::new(),
        request_timeout: crate::target::DEFAULT_REQUEST_TIMEOUT,
        case_timeout: crate::target::DEFAULT_CASE_TIMEOUT,
        name: p.name.to_owned(),
        snapshots: p.snapshots.to_owned(),
        endpoint: format!("http://127.0.0.1:{port}"),
        region: "us-east-1".to_owned(),
        credentials: Credentials {
            access_key: p.access_key.to_owned(),
            secret_key: p.secret_key.to_owned(),
        },
        alt: None,
        addressing: Addressing::Path,
        checksums: Checksums::WhenRequired,
    })
}

/// A detached shell that waits for this process to end, then removes the container.
fn remove_when_process_ends(container_id: &str) {
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; docker rm -f -v {container_id} >/dev/null 2>&1",
        pid = std::process::id()
    );
    let _ = std::process::Command::new("sh")
        .args(["-c", &script])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
