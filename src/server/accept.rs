//! Accepting connections: at most `[server] max_connections` open at once (the rest wait in the
//! listen backlog), `accept` errors met with a pause, and each connection served (over TLS when
//! the listener has it) by [`connection::drive::drive`] on a task of its own.

use super::connection::drive::{drive, Stopping};
use super::connection::phase::{Phases, Tracked};
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
    let mut stopping = shared.stopping.clone();
    let stop = async move {
        let _ = stopping.wait_for(|stopping| *stopping).await;
    };
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
