//! One client connection's time limits, enforced on its bytes.
//!
//! A connection is in one of three phases, which its traffic shows:
//! - **waiting** for a request (from accept, and after each response): closed after
//!   [`Timeouts::idle`] without a byte (nginx's `keepalive_timeout`);
//! - **reading a request head**, from its first byte to the blank line that ends it: closed after
//!   [`Timeouts::head`] (nginx's `client_header_timeout`, Go's `ReadHeaderTimeout`), however
//!   slowly the bytes trickle in;
//! - **answering**: the router's request timeout bounds the work, and a client that stops reading
//!   the response is dropped once a write has waited [`Timeouts::send`].
//!
//! A new connection starts by reading its first head at once, so a client that connects and sends
//! nothing is closed after [`Timeouts::head`]. HTTP/2 has no head to scan: once its preface is
//! seen, only the waiting and sending limits apply (its requests are bounded by the request
//! timeout). hyper's own header timeout is not used because it also counts the wait between
//! requests, which would make a keep-alive connection live only as long as a slow head may.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// The limits of one connection (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Longest time a request head may take to arrive, from its first byte (and from accept).
    pub head: Duration,
    /// Longest wait for the next request on an open connection.
    pub idle: Duration,
    /// Longest a response write may wait for the client to read.
    pub send: Duration,
}

/// What the connection is doing, as far as its bytes tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Between requests: no byte of the next one yet.
    Waiting,
    /// Inside a request head: `matched` bytes of its terminating `\r\n\r\n` seen so far.
    Head { matched: u8 },
    /// The head is complete; the request is being answered.
    Answering,
    /// HTTP/2: frames, not heads.
    Multiplexed,
}

/// The HTTP/2 connection preface's first line.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0";

/// `io` with the time limits of `timeouts`. A limit that passes turns the pending read or write
/// into a `TimedOut` error, which makes hyper close the connection.
pub struct Guarded<IO> {
    io: IO,
    timeouts: Timeouts,
    phase: Phase,
    /// The first bytes of the connection, until it is known whether they are an HTTP/2 preface.
    first: Vec<u8>,
    /// When the current read phase must end.
    read_deadline: Pin<Box<Sleep>>,
    /// When the write that is waiting must have gone through, while one waits.
    write_deadline: Option<Pin<Box<Sleep>>>,
    /// Whether a response has been written since the last read.
    wrote: bool,
}

impl<IO> Guarded<IO> {
    /// `io`, just accepted: its first head is due within `timeouts.head`.
    pub fn new(io: IO, timeouts: Timeouts) -> Self {
        Guarded {
            io,
            timeouts,
            phase: Phase::Head { matched: 0 },
            first: Vec::new(),
            read_deadline: Box::pin(tokio::time::sleep(timeouts.head)),
            write_deadline: None,
            wrote: false,
        }
    }

    fn restart_read_deadline(&mut self, after: Duration) {
        self.read_deadline.as_mut().reset(Instant::now() + after);
    }

    /// Moves the phase on over `bytes`, just read.
    fn saw(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if self.first.len() < H2_PREFACE.len() {
            let take = (H2_PREFACE.len() - self.first.len()).min(bytes.len());
            self.first.extend_from_slice(&bytes[..take]);
            if self.first == H2_PREFACE {
                self.phase = Phase::Multiplexed;
            }
        }
        match self.phase {
            Phase::Multiplexed => self.restart_read_deadline(self.timeouts.idle),
            Phase::Waiting | Phase::Answering => {
                self.phase = Phase::Head { matched: 0 };
                self.restart_read_deadline(self.timeouts.head);
                self.scan_head(bytes);
            }
            Phase::Head { .. } => self.scan_head(bytes),
        }
    }

    /// Looks for the blank line that ends the head in `bytes`.
    fn scan_head(&mut self, bytes: &[u8]) {
        const END: &[u8; 4] = b"\r\n\r\n";
        let Phase::Head { mut matched } = self.phase else {
            return;
        };
        for &byte in bytes {
            matched = if byte == END[usize::from(matched)] {
                matched + 1
            } else if byte == b'\r' {
                1
            } else {
                0
            };
            if usize::from(matched) == END.len() {
                // The body, if any, and the work are the request timeout's to bound.
                self.phase = Phase::Answering;
                return;
            }
        }
        self.phase = Phase::Head { matched };
    }
}

fn timed_out(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, what.to_string())
}

impl<IO: AsyncRead + Unpin> AsyncRead for Guarded<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if std::mem::take(&mut this.wrote) {
            // A read after a response: the wait for the next request begins.
            if this.phase != Phase::Multiplexed {
                this.phase = Phase::Waiting;
            }
            this.restart_read_deadline(this.timeouts.idle);
        }
        let filled = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let read = buf.filled()[filled..].to_vec();
                this.saw(&read);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => {
                let limited = this.phase != Phase::Answering;
                if limited && this.read_deadline.as_mut().poll(cx).is_ready() {
                    let what = match this.phase {
                        Phase::Head { .. } => "the request head took too long",
                        _ => "the connection was idle too long",
                    };
                    return Poll::Ready(Err(timed_out(what)));
                }
                Poll::Pending
            }
        }
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Guarded<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let written = Pin::new(&mut this.io).poll_write(cx, bytes);
        this.on_write(cx, written)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let written = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.on_write(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let flushed = Pin::new(&mut this.io).poll_flush(cx);
        this.on_write(cx, flushed)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

impl<IO> Guarded<IO> {
    /// Tracks a write's outcome: one that waits on the client longer than [`Timeouts::send`]
    /// fails.
    fn on_write<T>(
        &mut self,
        cx: &mut Context<'_>,
        outcome: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match outcome {
            Poll::Ready(result) => {
                self.write_deadline = None;
                self.wrote = true;
                Poll::Ready(result)
            }
            Poll::Pending => {
                let send = self.timeouts.send;
                let deadline = self
                    .write_deadline
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(send)));
                if deadline.as_mut().poll(cx).is_ready() {
                    self.write_deadline = None;
                    return Poll::Ready(Err(timed_out("the client stopped reading")));
                }
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests;
