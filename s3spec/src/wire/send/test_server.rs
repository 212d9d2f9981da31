//! A small HTTP/1.1 server on loopback, plain or over TLS, that counts the connections it
//! accepts and answers every request with `METHOD /path <body length>`.
//!
//! `testdata/` holds a throwaway CA (`ca.pem`, its key discarded) and a certificate it signed
//! for `localhost` and `127.0.0.1` (`server.pem`, `server.key`), valid until 2126.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

pub(super) fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/wire/send/testdata")
        .join(name)
}

pub(super) fn acceptor() -> TlsAcceptor {
    let certs = CertificateDer::pem_file_iter(testdata("server.pem"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(testdata("server.key")).unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    TlsAcceptor::from(Arc::new(config))
}

#[derive(Debug)]
pub(super) struct Server {
    /// `http://127.0.0.1:port` or `https://127.0.0.1:port`.
    pub endpoint: String,
    pub port: u16,
    accepted: Arc<AtomicUsize>,
    /// The SNI name of each TLS connection, in the order accepted.
    names: Arc<Mutex<Vec<Option<String>>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    pub fn server_names(&self) -> Vec<Option<String>> {
        self.names.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the echo server, over TLS when `tls`.
pub(super) async fn echo(tls: bool) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let scheme = if tls { "https" } else { "http" };
    let acceptor = tls.then(acceptor);
    let accepted = Arc::new(AtomicUsize::new(0));
    let names = Arc::new(Mutex::new(Vec::new()));
    let (count, seen) = (Arc::clone(&accepted), Arc::clone(&names));
    let task = tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let (acceptor, seen) = (acceptor.clone(), Arc::clone(&seen));
            tokio::spawn(async move {
                let Some(acceptor) = acceptor else {
                    return serve(TokioIo::new(tcp)).await;
                };
                let Ok(stream) = acceptor.accept(tcp).await else {
                    return;
                };
                let name = stream.get_ref().1.server_name().map(str::to_owned);
                seen.lock().unwrap().push(name);
                serve(TokioIo::new(stream)).await;
            });
        }
    });
    Server {
        endpoint: format!("{scheme}://127.0.0.1:{port}"),
        port,
        accepted,
        names,
        task,
    }
}

async fn serve<I>(io: I)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(answer);
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(io, service)
        .await;
}

async fn answer(
    request: http::Request<Incoming>,
) -> Result<http::Response<Full<Bytes>>, hyper::Error> {
    let line = format!("{} {}", request.method(), request.uri().path());
    let body = request.into_body().collect().await?.to_bytes();
    let text = format!("{line} {}", body.len());
    Ok(http::Response::new(Full::new(Bytes::from(text))))
}
