//! Connections for the hyper path: opening them, and keeping them alive between exchanges in
//! one pool for the whole process.
//!
//! The pool is per process rather than per target value because every way of sending a step
//! calls the free `send` functions with an endpoint URL, and the key below already separates
//! targets. Pooled connections are opened and driven on the shared runtime: each
//! `#[tokio::test]` has a runtime of its own that ends with its test, and a connection driven
//! there would die under whichever test took it next.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper_util::rt::TokioIo;
use tokio::runtime::Handle;
use tokio::task::{AbortHandle, JoinError, JoinHandle};

use super::tls::{self, TlsOptions};
use super::{Progress, SendErrorKind, Stage, set_stage};

pub(super) type Sender = hyper::client::conn::http1::SendRequest<super::hyper_path::OutBody>;

/// Which connections can carry a request: the same address, and for TLS the same server
/// name and trust settings (a certificate checked under one is not checked under another).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Key {
    pub host: String,
    pub port: u16,
    /// The server name and trust settings, for TLS.
    pub tls: Option<(String, TlsOptions)>,
}

/// An open connection: its request sender and the task that drives it. Dropping it closes
/// the connection.
#[derive(Debug)]
pub(super) struct Conn {
    pub sender: Sender,
    driver: AbortHandle,
    idle_since: Instant,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

/// Idle connections older than this are closed rather than reused: servers close idle
/// connections after a while (often 5 to 60 s), and a connection closed while a request is
/// on its way cannot be told apart from a server that failed.
const IDLE_LIMIT: Duration = Duration::from_secs(4);
/// Idle connections kept per key; enough for the tests running at once against one target.
const MAX_IDLE: usize = 32;
/// How long a taken connection may take to be ready for the next request.
const READY_WAIT: Duration = Duration::from_millis(500);

fn idle() -> &'static Mutex<HashMap<Key, Vec<Conn>>> {
    static IDLE: OnceLock<Mutex<HashMap<Key, Vec<Conn>>>> = OnceLock::new();
    IDLE.get_or_init(Mutex::default)
}

/// The runtime pooled connections live on, or `None` when it cannot be started (then every
/// request gets a fresh connection).
pub(super) fn runtime() -> Option<Handle> {
    crate::runtime::shared().ok().map(|r| r.handle().clone())
}

/// An idle connection for `key` that is still open, the most recently used first.
pub(super) async fn take(key: &Key) -> Option<Conn> {
    loop {
        let mut conn = idle().lock().ok()?.get_mut(key)?.pop()?;
        if conn.idle_since.elapsed() > IDLE_LIMIT || conn.sender.is_closed() {
            continue;
        }
        if let Ok(Ok(())) = tokio::time::timeout(READY_WAIT, conn.sender.ready()).await {
            return Some(conn);
        }
    }
}

/// Keeps `conn` for a later exchange.
pub(super) fn put(key: Key, mut conn: Conn) {
    if conn.sender.is_closed() {
        return;
    }
    conn.idle_since = Instant::now();
    let Ok(mut idle) = idle().lock() else {
        return;
    };
    let conns = idle.entry(key).or_default();
    conns.retain(|c| !c.sender.is_closed() && c.idle_since.elapsed() <= IDLE_LIMIT);
    if conns.len() < MAX_IDLE {
        conns.push(conn);
    }
}

/// Opens a connection to `key` on `runtime` (TCP, TLS when the key says so, the HTTP/1.1
/// handshake) and drives it there until it is dropped.
pub(super) async fn open(
    key: &Key,
    runtime: &Handle,
    progress: &Arc<Mutex<Progress>>,
) -> Result<Conn, SendErrorKind> {
    let key = key.clone();
    let progress = Arc::clone(progress);
    let task = runtime.spawn(async move {
        let tcp = super::connect_tcp(&key.host, key.port).await?;
        match &key.tls {
            None => handshake(tcp, &progress).await,
            Some((name, options)) => {
                set_stage(&progress, Stage::Handshake);
                let stream = tls::connect(tcp, name, options).await?;
                handshake(stream, &progress).await
            }
        }
    });
    AbortOnDrop(task)
        .await
        .map_err(|e| SendErrorKind::Http(format!("the connection task failed: {e}")))?
}

async fn handshake<S>(io: S, progress: &Mutex<Progress>) -> Result<Conn, SendErrorKind>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    set_stage(progress, Stage::Writing);
    let (sender, connection) = hyper::client::conn::http1::Builder::new()
        .handshake(TokioIo::new(io))
        .await
        .map_err(|e| super::hyper_path::http_error(&e))?;
    let driver = tokio::spawn(async move {
        let _ = connection.await;
    })
    .abort_handle();
    Ok(Conn {
        sender,
        driver,
        idle_since: Instant::now(),
    })
}

/// A task that is stopped when the exchange waiting for it ends or misses its deadline.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Future for AbortOnDrop<T> {
    type Output = Result<T, JoinError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx)
    }
}

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}
