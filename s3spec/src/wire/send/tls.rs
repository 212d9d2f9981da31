//! TLS for both paths: client configurations (the platform's roots, an extra CA bundle, or no
//! verification for self-signed test servers), the server name, and the handshake.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::SendErrorKind;
use crate::wire::request::Endpoint;

/// How TLS servers are trusted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TlsOptions {
    /// A PEM file of CA certificates trusted in addition to the platform's roots: a private
    /// CA, or a test server's self-signed CA.
    pub ca_bundle: Option<PathBuf>,
    /// Accepts any server certificate. The connection is still encrypted, but the server is
    /// not authenticated: only for test servers with self-signed certificates. Off by default.
    pub insecure_skip_verify: bool,
}

/// The name sent as SNI and checked against the server's certificate: the host part of the
/// request's Host override (a virtual-hosted bucket), else the endpoint's host.
pub(super) fn server_name(
    endpoint: &Endpoint,
    host_override: Option<&str>,
) -> Result<String, SendErrorKind> {
    let host = host_override.map_or(endpoint.host.as_str(), host_part);
    match ServerName::try_from(host) {
        Ok(_) => Ok(host.to_owned()),
        Err(_) => Err(SendErrorKind::TlsSetup(format!(
            "`{host}` is not a valid TLS server name"
        ))),
    }
}

/// `bucket.example.com` from `bucket.example.com:9000`, `::1` from `[::1]:9000`.
fn host_part(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split_once(']').map_or(rest, |(host, _)| host);
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    }
}

/// Runs the TLS handshake for `name` over `tcp`.
pub(super) async fn connect(
    tcp: TcpStream,
    name: &str,
    options: &TlsOptions,
) -> Result<TlsConn, SendErrorKind> {
    let config = client_config(options)?;
    let server = ServerName::try_from(name.to_owned())
        .map_err(|_| SendErrorKind::TlsSetup(format!("`{name}` is not a valid TLS server name")))?;
    match TlsConnector::from(config).connect(server, tcp).await {
        Ok(stream) => Ok(TlsConn(stream)),
        Err(e) => Err(handshake_error(name, &e)),
    }
}

fn handshake_error(name: &str, e: &io::Error) -> SendErrorKind {
    let rustls_error = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    let hint = match rustls_error {
        Some(rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)) => {
            " (to trust a private or self-signed certificate, give its CA as the CA bundle, \
             or skip verification for a test server)"
        }
        _ => "",
    };
    SendErrorKind::Tls {
        server_name: name.to_owned(),
        message: format!("{e}{hint}"),
    }
}

/// The client configuration for `options`, built once per process: loading the platform's
/// roots takes milliseconds, too long to repeat for every request.
fn client_config(options: &TlsOptions) -> Result<Arc<ClientConfig>, SendErrorKind> {
    static CONFIGS: OnceLock<Mutex<HashMap<TlsOptions, Arc<ClientConfig>>>> = OnceLock::new();
    let configs = CONFIGS.get_or_init(Mutex::default);
    if let Some(config) = configs.lock().ok().and_then(|c| c.get(options).cloned()) {
        return Ok(config);
    }
    let config = Arc::new(build_config(options)?);
    if let Ok(mut configs) = configs.lock() {
        configs.insert(options.clone(), Arc::clone(&config));
    }
    Ok(config)
}

fn build_config(options: &TlsOptions) -> Result<ClientConfig, SendErrorKind> {
    // The provider the SDK already uses, named explicitly so that a second provider in the
    // dependency tree can never make the choice ambiguous.
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| SendErrorKind::TlsSetup(e.to_string()))?;
    let mut config = if options.insecure_skip_verify {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
            .with_no_client_auth()
    } else {
        builder
            .with_root_certificates(roots(options.ca_bundle.as_deref())?)
            .with_no_client_auth()
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

fn roots(bundle: Option<&Path>) -> Result<RootCertStore, SendErrorKind> {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(native_roots().iter().cloned());
    if let Some(path) = bundle {
        let (added, _) = roots.add_parsable_certificates(read_bundle(path)?);
        if added == 0 {
            return Err(SendErrorKind::TlsSetup(format!(
                "the CA bundle `{}` holds no usable certificate",
                path.display()
            )));
        }
    }
    if roots.is_empty() {
        return Err(SendErrorKind::TlsSetup(
            "no trusted root certificates: the platform has none and no CA bundle was given"
                .to_owned(),
        ));
    }
    Ok(roots)
}

/// The platform's trusted roots, read once; certificates that do not load are skipped, as
/// browsers and curl do.
fn native_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    ROOTS.get_or_init(|| rustls_native_certs::load_native_certs().certs)
}

fn read_bundle(path: &Path) -> Result<Vec<CertificateDer<'static>>, SendErrorKind> {
    let fail = |reason: String| {
        SendErrorKind::TlsSetup(format!(
            "the CA bundle `{}` cannot be read: {reason}",
            path.display()
        ))
    };
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| fail(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| fail(e.to_string()))?;
    if certs.is_empty() {
        return Err(fail("it holds no PEM certificate".to_owned()));
    }
    Ok(certs)
}

/// Accepts every certificate but still checks the handshake's signatures, so the session is
/// at least bound to the key of the certificate the server showed.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.0.signature_verification_algorithms;
        rustls::crypto::verify_tls12_signature(message, cert, dss, algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.0.signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// A client TLS stream that reads the peer closing without `close_notify` as the end of the
/// stream, as on a plain socket: many servers and proxies close that way, and a
/// close-delimited body must still end.
#[derive(Debug)]
pub(super) struct TlsConn(TlsStream<TcpStream>);

impl AsyncRead for TlsConn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.0).poll_read(cx, buf) {
            Poll::Ready(Err(e)) if e.kind() == io::ErrorKind::UnexpectedEof => Poll::Ready(Ok(())),
            other => other,
        }
    }
}

impl AsyncWrite for TlsConn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_name_is_the_host_part_of_the_override_or_the_endpoint_host() {
        let endpoint = Endpoint::parse("https://s3.example.com:9000").unwrap();
        let name = |host: Option<&str>| server_name(&endpoint, host).map_err(|e| e.to_string());
        assert_eq!(name(None), Ok("s3.example.com".to_owned()));
        assert_eq!(
            name(Some("bucket.s3.example.com:9000")),
            Ok("bucket.s3.example.com".to_owned())
        );
        assert_eq!(name(Some("[::1]:9000")), Ok("::1".to_owned()));
        assert_eq!(name(Some("127.0.0.1")), Ok("127.0.0.1".to_owned()));
        let bad = name(Some("a b:1")).unwrap_err();
        assert!(
            bad.contains("`a b` is not a valid TLS server name"),
            "{bad}"
        );
    }

    #[test]
    fn a_missing_or_empty_ca_bundle_is_a_clear_error() {
        let missing = TlsOptions {
            ca_bundle: Some(PathBuf::from("/nonexistent/ca.pem")),
            insecure_skip_verify: false,
        };
        let err = build_config(&missing).unwrap_err().to_string();
        assert!(
            err.contains("the CA bundle `/nonexistent/ca.pem` cannot be read"),
            "{err}"
        );
        let empty = std::env::temp_dir().join(format!("s3spec-empty-{}.pem", std::process::id()));
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let options = TlsOptions {
            ca_bundle: Some(empty.clone()),
            insecure_skip_verify: false,
        };
        let err = build_config(&options).unwrap_err().to_string();
        let _ = std::fs::remove_file(&empty);
        assert!(err.contains("holds no PEM certificate"), "{err}");
    }
}
