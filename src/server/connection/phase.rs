//! Where one connection is in its life, so that each phase gets its own time limit.
//!
//! A connection is *reading a head* from accept (and from the first byte that follows a
//! response), *busy* while a request is being answered, and *idle* between a response and the
//! next byte. The socket's reads ([`Tracked`]) and the service's requests and response bodies
//! ([`TrackedService`], [`TrackedBody`]) move it from one to the next; [`Phases::expired`]
//! resolves when the phase it is in has lasted longer than its limit.
//!
//! The phases are read from the bytes and the requests rather than from hyper's own header timer,
//! which also counts the wait between two requests (so an idle connection could not be kept longer
//! than a head may take).

use super::stopping::Stopping;
use super::Timeouts;
use axum::body::Body;
use axum::body::Bytes;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Instant;

/// The phase of a connection (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for a request head to be complete: limited by [`Timeouts::head`].
    Head,
    /// Answering one or more requests: limited by the request and send limits instead.
    Busy,
    /// Between a response and the next byte: limited by [`Timeouts::idle`].
    Idle,
}

#[derive(Clone, Copy, Debug)]
struct State {
    phase: Phase,
    /// When the phase began.
    since: Instant,
    /// Requests whose response body has not yet gone (HTTP/2 has several at once).
    in_flight: usize,
}

/// One connection's phase, shared by its socket, its service and its watchdog.
///
/// Changes wake nobody: the watchdog ([`Phases::expired`]) looks at the phase now and then (see
/// there why that is often enough), so a request costs two uncontended lock round trips and no
/// task wake-up or timer.
#[derive(Debug)]
pub struct Phases {
    state: Mutex<State>,
    /// Mirrors `phase == Idle`, so that reads cost an atomic load in the other phases.
    idle: AtomicBool,
    /// Set by the first HTTP/2 request.
    http2: AtomicBool,
}

/// How often [`Phases::quiet_for`] looks while it waits (only ever during a shutdown).
const QUIET_POLL: Duration = Duration::from_millis(5);

impl Phases {
    /// A connection just accepted: reading its first head.
    pub fn new() -> Arc<Self> {
        Arc::new(Phases {
            state: Mutex::new(State {
                phase: Phase::Head,
                since: Instant::now(),
                in_flight: 0,
            }),
            idle: AtomicBool::new(false),
            http2: AtomicBool::new(false),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Every write leaves the state whole, so a panic elsewhere cannot leave it inconsistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Applies `change` to the state; a new phase starts its clock.
    fn update(&self, change: impl FnOnce(&mut State) -> Phase) {
        let mut state = self.state();
        let phase = change(&mut state);
        if phase != state.phase {
            state.phase = phase;
            state.since = Instant::now();
            self.idle.store(phase == Phase::Idle, Ordering::Relaxed);
        }
    }

    /// The phase now.
    pub fn phase(&self) -> Phase {
        self.state().phase
    }

    /// Bytes came from the client: an idle connection starts reading a head.
    pub fn bytes_read(&self) {
        if self.idle.load(Ordering::Relaxed) {
            self.update(|state| match state.phase {
                Phase::Idle => Phase::Head,
                other => other,
            });
        }
    }

    /// A request head is complete and being answered.
    pub fn request_started(&self) {
        self.update(|state| {
            state.in_flight += 1;
            Phase::Busy
        });
    }

    /// A response has gone (or was abandoned): with none left, the connection is idle.
    pub fn request_finished(&self) {
        self.update(|state| {
            state.in_flight = state.in_flight.saturating_sub(1);
            if state.in_flight == 0 {
                Phase::Idle
            } else {
                state.phase
            }
        });
    }

    /// Resolves with the phase once it has lasted longer than its limit in `timeouts`; never while
    /// the connection is busy.
    pub async fn expired(&self, timeouts: Timeouts) -> Phase {
        // The watchdog looks at least this often. A phase that begins after a look has its
        // deadline at least this far after its start, so no deadline passes unseen, even when the
        // new phase's limit is shorter than the old one's (an idle connection that starts a head).
        let every = timeouts.head.min(timeouts.idle);
        loop {
            let state = *self.state();
            let now = Instant::now();
            let deadline = match state.phase {
                Phase::Head => Some(state.since + timeouts.head),
                Phase::Idle => Some(state.since + timeouts.idle),
                Phase::Busy => None,
            };
            if deadline.is_some_and(|deadline| now >= deadline) {
                return state.phase;
            }
            let next_look = now + every;
            tokio::time::sleep_until(deadline.map_or(next_look, |d| d.min(next_look))).await;
        }
    }

    /// Resolves once no request has been in flight for `quiet` (counted from the call at the
    /// earliest).
    pub async fn quiet_for(&self, quiet: Duration) {
        let called = Instant::now();
        loop {
            let state = *self.state();
            if state.phase != Phase::Busy && Instant::now() >= state.since.max(called) + quiet {
                return;
            }
            tokio::time::sleep(QUIET_POLL).await;
        }
    }

    /// Whether a request on this connection came over HTTP/2.
    pub fn is_http2(&self) -> bool {
        self.http2.load(Ordering::Relaxed)
    }
}

/// A socket whose reads move its connection out of [`Phase::Idle`].
pub struct Tracked<IO> {
    io: IO,
    phases: Arc<Phases>,
}

impl<IO> Tracked<IO> {
    /// `io`, reporting its reads to `phases`.
    pub fn new(io: IO, phases: Arc<Phases>) -> Self {
        Tracked { io, phases }
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for Tracked<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let read = Pin::new(&mut self.io).poll_read(cx, buf);
        if matches!(read, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.phases.bytes_read();
        }
        read
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Tracked<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, bytes)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// Marks one request in flight until it is dropped.
struct InFlight(Arc<Phases>);

impl InFlight {
    fn start(phases: &Arc<Phases>) -> Self {
        phases.request_started();
        InFlight(Arc::clone(phases))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.request_finished();
    }
}

/// A response body that keeps its request in flight until hyper has sent it (and drops it).
pub struct TrackedBody {
    body: Body,
    _in_flight: InFlight,
}

impl http_body::Body for TrackedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// A hyper service whose requests move its connection into [`Phase::Busy`] until their
/// responses have gone, and whose HTTP/1 responses say `Connection: close` once the server is
/// stopping (so the client reconnects, to the next server, instead of finding its kept-alive
/// connection closed under its next request).
#[derive(Clone)]
pub struct TrackedService<S> {
    inner: S,
    phases: Arc<Phases>,
    stopping: Stopping,
}

impl<S> TrackedService<S> {
    /// `inner`, reporting its requests to `phases`; `stopping` turns true when the server stops.
    pub fn new(inner: S, phases: Arc<Phases>, stopping: Stopping) -> Self {
        TrackedService {
            inner,
            phases,
            stopping,
        }
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B> hyper::service::Service<http::Request<B>> for TrackedService<S>
where
    S: hyper::service::Service<http::Request<B>, Response = http::Response<Body>>,
    S::Future: Send + 'static,
{
    type Response = http::Response<TrackedBody>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, S::Error>>;

    fn call(&self, request: http::Request<B>) -> Self::Future {
        let in_flight = InFlight::start(&self.phases);
        // HTTP/2 has no such header: GOAWAY says it (graceful shutdown sends it).
        let http1 = request.version() < http::Version::HTTP_2;
        if !http1 {
            self.phases.http2.store(true, Ordering::Relaxed);
        }
        let close = http1 && self.stopping.is_stopping();
        let response = self.inner.call(request);
        Box::pin(async move {
            let mut response = response.await?;
            if close {
                response.headers_mut().insert(
                    http::header::CONNECTION,
                    http::HeaderValue::from_static("close"),
                );
            }
            Ok(response.map(|body| TrackedBody {
                body,
                _in_flight: in_flight,
            }))
        })
    }
}

#[cfg(test)]
mod tests;
