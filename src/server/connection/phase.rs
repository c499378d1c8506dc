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

use super::Timeouts;
use axum::body::Body;
use axum::body::Bytes;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::watch;
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
#[derive(Debug)]
pub struct Phases {
    state: watch::Sender<State>,
    /// Mirrors `phase == Idle`, so that reads cost an atomic load in the other phases.
    idle: AtomicBool,
}

impl Phases {
    /// A connection just accepted: reading its first head.
    pub fn new() -> Arc<Self> {
        let (state, _) = watch::channel(State {
            phase: Phase::Head,
            since: Instant::now(),
            in_flight: 0,
        });
        Arc::new(Phases {
            state,
            idle: AtomicBool::new(false),
        })
    }

    /// Applies `change` to the state; a new phase starts its clock and wakes the watchers.
    fn update(&self, change: impl FnOnce(&mut State) -> Phase) {
        self.state.send_if_modified(|state| {
            let phase = change(state);
            if phase == state.phase {
                return false;
            }
            state.phase = phase;
            state.since = Instant::now();
            self.idle.store(phase == Phase::Idle, Ordering::Relaxed);
            true
        });
    }

    /// The phase now.
    pub fn phase(&self) -> Phase {
        self.state.borrow().phase
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
        let mut watch = self.state.subscribe();
        loop {
            let state = *watch.borrow_and_update();
            let limit = match state.phase {
                Phase::Head => timeouts.head,
                Phase::Idle => timeouts.idle,
                Phase::Busy => {
                    // The sender lives as long as `self`: a change is the only way out.
                    let _ = watch.changed().await;
                    continue;
                }
            };
            tokio::select! {
                () = tokio::time::sleep_until(state.since + limit) => {
                    if !watch.has_changed().unwrap_or(false) {
                        return state.phase;
                    }
                }
                _ = watch.changed() => {}
            }
        }
    }

    /// Resolves once a request is being answered.
    pub async fn busy(&self) {
        let mut watch = self.state.subscribe();
        let _ = watch.wait_for(|state| state.phase == Phase::Busy).await;
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
    stopping: watch::Receiver<bool>,
}

impl<S> TrackedService<S> {
    /// `inner`, reporting its requests to `phases`; `stopping` turns true when the server stops.
    pub fn new(inner: S, phases: Arc<Phases>, stopping: watch::Receiver<bool>) -> Self {
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
        let stopping = self.stopping.clone();
        let response = self.inner.call(request);
        Box::pin(async move {
            let mut response = response.await?;
            if http1 && *stopping.borrow() {
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
