//! Serving one connection to its end: closed when a phase outlasts its limit, and wound down
//! without losing a request when the server stops.

use super::phase::{Phase, Phases, TrackedService};
use super::stopping::Stopping;
use super::Timeouts;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};

/// How long, once the server is stopping, a quiet kept-alive HTTP/1.1 connection may still send one
/// last request (answered with `Connection: close`) before it is closed. A client that sends a request
/// just as its idle connection closes sees an error; a client that keeps its connection busy, as
/// a load balancer or a benchmark does, moves to the new server without one.
pub const LAST_REQUEST_WAIT: Duration = Duration::from_secs(1);

/// How long an idle HTTP/2 connection, told to go (GOAWAY), may take to close.
const GOAWAY_WAIT: Duration = Duration::from_secs(1);

/// Serves `io` with `service` over HTTP/1.1 or HTTP/2 until the client is done, a phase in
/// `phases` outlasts its limit in `timeouts`, or `stopping` turns true; then requests in flight
/// are finished (their responses say `Connection: close`) and the connection closes.
///
/// `phases` must be the one `io`'s reads report to (see [`super::phase::Tracked`]).
pub async fn drive<IO, S>(
    io: IO,
    service: S,
    http: &auto::Builder<TokioExecutor>,
    phases: Arc<Phases>,
    timeouts: Timeouts,
    stopping: Stopping,
) where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: hyper::service::Service<http::Request<Incoming>, Response = http::Response<Body>>
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let service = TrackedService::new(service, Arc::clone(&phases), stopping.clone());
    let connection = http.serve_connection_with_upgrades(TokioIo::new(io), service);
    tokio::pin!(connection);
    let expired = tokio::select! {
        result = connection.as_mut() => return finished(result),
        phase = phases.expired(timeouts) => Some(phase),
        () = stopping.stopped() => None,
    };
    match expired {
        // Half a head: nothing to finish, and a trickling client earns no goodbye.
        Some(Phase::Head) => tracing::debug!("closing a connection: its head took too long"),
        Some(_) => {
            tracing::debug!("closing an idle connection");
            connection.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(GOAWAY_WAIT, connection).await;
        }
        None => {
            // HTTP/1.1: a response in flight goes out as it began (its head may be sent), and
            // the next request is answered with `Connection: close` (see TrackedService), after
            // which hyper closes; a connection quiet for LAST_REQUEST_WAIT is closed. Closing
            // one under a client between two requests would fail the client's next one.
            // HTTP/2: GOAWAY at once, which lets streams in flight finish.
            if !phases.is_http2() {
                tokio::select! {
                    result = connection.as_mut() => return finished(result),
                    () = phases.quiet_for(LAST_REQUEST_WAIT) => {}
                }
            }
            // The serve loop's drain bounds the wait.
            connection.as_mut().graceful_shutdown();
            finished(connection.await);
        }
    }
}

fn finished<E: std::fmt::Display>(result: Result<(), E>) {
    if let Err(error) = result {
        tracing::debug!("connection closed: {error}");
    }
}
