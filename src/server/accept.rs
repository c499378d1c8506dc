//! Accepting connections: at most `[server] max_connections` open at once (the rest wait in the
//! listen backlog), `accept` errors met with a pause, and each connection served (over TLS when
//! the listener has it) by [`connection::drive::drive`] on a task of its own.

use super::connection::drive::drive;
use super::connection::phase::{Phases, Tracked};
use super::connection::stopping::Stopping;
use super::connection::{SendLimit, Timeouts};
use super::listener::Backoff;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::TokioExecutor;
use hyper_util::server::conn::auto;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// What every connection of every listener shares.
#[derive(Clone)]
pub struct Shared {
    /// HTTP/1.1 and HTTP/2, as configured once.
    pub http: Arc<auto::Builder<TokioExecutor>>,
    /// The time limits of each connection.
    pub timeouts: Timeouts,
    /// One permit per connection that may be open; all listeners draw on it.
    pub permits: Arc<Semaphore>,
    /// Turns true when the server stops.
    pub stopping: Stopping,
}

impl Shared {
    /// The HTTP settings: hyper's own header timer is off, since [`Phases`] times heads and idle
    /// connections apart; HTTP/2 gets a timer for its keep-alive pings.
    pub fn http() -> auto::Builder<TokioExecutor> {
        let mut http = auto::Builder::new(TokioExecutor::new());
        http.http1()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(None);
        http.http2().timer(hyper_util::rt::TokioTimer::new());
        http
    }
}

/// Accepts on `listener` until the server stops, serving each connection with the service
/// `service_for` makes for it, over TLS when `tls` is set.
pub async fn accept_loop<F, S>(
    listener: tokio::net::TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    service_for: F,
    shared: Shared,
) where
    F: Fn() -> S,
    S: hyper::service::Service<http::Request<Incoming>, Response = http::Response<Body>>
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut backoff = Backoff::default();
    let stopping = shared.stopping.clone();
    let stop = async move { stopping.stopped().await };
    tokio::pin!(stop);
    loop {
        // At the cap, wait for a connection to close before accepting another.
        let permit = tokio::select! {
            permit = Arc::clone(&shared.permits).acquire_owned() => permit,
            () = &mut stop => break,
        };
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _peer)) => {
                backoff.succeeded();
                stream
            }
            Err(error) => {
                backoff.failed(&error).await;
                continue;
            }
        };
        // Small responses go out at once instead of waiting on the reader's delayed ACK.
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!("TCP_NODELAY: {error}");
        }
        let phases = Phases::new();
        let io = SendLimit::new(
            Tracked::new(stream, Arc::clone(&phases)),
            shared.timeouts.send,
        );
        let service = service_for();
        let tls = tls.clone();
        let shared = shared.clone();
        tokio::spawn(async move {
            let Shared {
                http,
                timeouts,
                stopping,
                ..
            } = shared;
            match tls {
                None => drive(io, service, &http, phases, timeouts, stopping).await,
                // The handshake is part of the head: it must be done within the head limit.
                Some(tls) => match tokio::time::timeout(timeouts.head, tls.accept(io)).await {
                    Ok(Ok(io)) => drive(io, service, &http, phases, timeouts, stopping).await,
                    Ok(Err(error)) => tracing::debug!("TLS handshake failed: {error}"),
                    Err(_) => tracing::debug!("TLS handshake took longer than the head limit"),
                },
            }
            drop(permit);
        });
    }
}

/// Waits until every connection has closed (each holds a permit until it does).
pub async fn all_closed(permits: &Semaphore, max_connections: usize) {
    let all = u32::try_from(max_connections).unwrap_or(u32::MAX);
    let _ = permits.acquire_many(all).await;
}

/// Connections that must have closed since the busiest moment before freed memory is handed back
/// to the system: a crowd of them (an attack, a spike) leaves glibc holding their buffers.
const TRIM_AFTER_CLOSED: usize = 256;

/// How often the open connections are counted for [`release_memory_after_crowds`].
const CROWD_CHECK: std::time::Duration = std::time::Duration::from_secs(2);

/// Decides, from the open connections counted now and then, when a crowd has gone.
#[derive(Debug, Default)]
pub struct CrowdWatch {
    peak: usize,
}

impl CrowdWatch {
    /// Counts `open` connections; true when at least [`TRIM_AFTER_CLOSED`] have closed since the
    /// busiest count (which then starts over from now).
    pub fn gone(&mut self, open: usize) -> bool {
        self.peak = self.peak.max(open);
        let gone = self.peak - open >= TRIM_AFTER_CLOSED;
        if gone {
            self.peak = open;
        }
        gone
    }
}

/// Returns freed memory to the system whenever a crowd of connections has closed, so that the
/// server's memory comes back down after an attack or a spike.
pub async fn release_memory_after_crowds(permits: Arc<Semaphore>, max_connections: usize) {
    let mut crowd = CrowdWatch::default();
    let mut ticks = tokio::time::interval(CROWD_CHECK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let open = max_connections.saturating_sub(permits.available_permits());
        if crowd.gone(open) {
            tracing::debug!("a crowd of connections closed; returning freed memory");
            let _ = tokio::task::spawn_blocking(crate::memory::release_free_memory).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_goes_back_once_a_crowd_has_closed_and_not_for_small_swings() {
        let mut crowd = CrowdWatch::default();
        let counts = [10, 40, 900, 890, 700, 100, 120, 110, 300, 20];
        let gone: Vec<bool> = counts.iter().map(|&open| crowd.gone(open)).collect();
        assert_eq!(
            gone,
            [false, false, false, false, false, true, false, false, false, true],
            "900 -> 100 is a crowd gone; then 300 -> 20 is another"
        );
    }
}
