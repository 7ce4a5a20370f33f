//! Buddy's own accept loop, for every address it listens on (the API, the Control UI proxy,
//! metrics). `axum::serve` cannot bound what a client may hold before it is authenticated, so
//! connections are served here with hyper directly:
//!
//! - a **connection cap**: at most `max_connections` at once; beyond that new connections wait
//!   in the kernel's backlog until one ends, so a flood of sockets cannot exhaust file
//!   descriptors or memory;
//! - a **header-read timeout**: a request head must arrive in full within
//!   `header_read_timeout`. hyper starts this timer whenever it waits for a head — on a new
//!   connection and on an idle keep-alive one alike — so the same bound closes idle
//!   connections (a socket that sends half a request line, or nothing, is dropped);
//! - WebSocket **upgrades** (the upgraded socket leaves the cap: its own limits apply);
//! - a **bounded graceful shutdown**: on stop, connections finish their requests for at most
//!   `shutdown_grace`, then the loop returns whatever is still stuck.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

/// What one listener allows.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once.
    pub max_connections: usize,
    /// Longest wait for a complete request head (also the idle keep-alive timeout).
    pub header_read_timeout: Duration,
    /// Longest wait for open connections at shutdown.
    pub shutdown_grace: Duration,
}

/// Tells listeners to stop; cheap to clone.
#[derive(Debug, Clone)]
pub struct Shutdown(watch::Sender<bool>);

impl Shutdown {
    /// A signal nobody has raised yet.
    pub fn new() -> Self {
        Self(watch::channel(false).0)
    }

    /// Raises it: every listener stops accepting and winds down.
    pub fn raise(&self) {
        self.0.send_replace(true);
    }

    async fn raised(mut rx: watch::Receiver<bool>) {
        let _ = rx.wait_for(|v| *v).await;
    }
}

impl Default for Shutdown {
    fn default() -> Self {
        Self::new()
    }
}

/// Serves `router` on `listener` until `shutdown` is raised, then waits at most
/// `limits.shutdown_grace` for the connections in progress.
pub async fn serve(listener: TcpListener, router: Router, limits: Limits, shutdown: Shutdown) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).keep_alive(true);
    let stop = shutdown.0.subscribe();
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = Shutdown::raised(stop.clone()) => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = Shutdown::raised(stop.clone()) => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            tower::ServiceExt::<hyper::Request<Incoming>>::oneshot(router.clone(), request)
        });
        let connection = builder.serve_connection(TokioIo::new(stream), service).with_upgrades();
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = Shutdown::raised(stop) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    // Every connection holds a slot until it ends: all slots back means all connections ended.
    let all = u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX);
    if tokio::time::timeout(limits.shutdown_grace, slots.acquire_many(all)).await.is_err() {
        tracing::warn!(
            grace_secs = limits.shutdown_grace.as_secs(),
            "connections still open at shutdown were abandoned"
        );
    }
}
