//! A throwaway S3 server: the embedded target of s3spec as a program (s3s with a file-system
//! backend).
//!
//! ```text
//! s3spec-server [--listen 127.0.0.1:9000] [--access-key KEY --secret-key SECRET] [--data DIR]
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use s3spec::target::{EmbeddedOptions, EmbeddedServer};

const USAGE: &str = "usage: s3spec-server [--listen ADDR:PORT] [--access-key KEY] [--secret-key SECRET] [--data DIR]\n\
    defaults: --listen 127.0.0.1:9000, keys s3spec/s3spec-secret (or S3SPEC_ACCESS_KEY/S3SPEC_SECRET_KEY), a temporary data directory";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("s3spec-server: {e}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut options = EmbeddedOptions {
        listen: SocketAddr::from(([127, 0, 0, 1], 9000)),
        access_key: Some(
            std::env::var("S3SPEC_ACCESS_KEY").unwrap_or_else(|_| "s3spec".to_owned()),
        ),
        secret_key: Some(
            std::env::var("S3SPEC_SECRET_KEY").unwrap_or_else(|_| "s3spec-secret".to_owned()),
        ),
        ..EmbeddedOptions::default()
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--listen" => {
                let v = value("--listen")?;
                options.listen = v.parse().map_err(|e| format!("--listen {v:?}: {e}"))?;
            }
            "--access-key" => options.access_key = Some(value("--access-key")?),
            "--secret-key" => options.secret_key = Some(value("--secret-key")?),
            "--data" => options.data_dir = Some(PathBuf::from(value("--data")?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let server = EmbeddedServer::start_with(options).map_err(|e| e.to_string())?;
    println!(
        "s3spec-server listening on http://{} (data in {})",
        server.addr(),
        server.root().display()
    );
    let runtime = s3spec::shared_runtime()?;
    runtime.block_on(shutdown_signal());
    Ok(())
}

/// Ctrl-C, or SIGTERM (what `docker stop` sends; as a container's first process the server
/// must handle it or be killed after a grace period).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
