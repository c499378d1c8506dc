//! One client connection: its phases and their time limits, and how it is served.
//!
//! - **Reading a head**, from accept (the TLS handshake included) and, on a kept-alive
//!   connection, from the first byte after the previous response, until the head's blank line:
//!   [`Timeouts::head`] (nginx's `client_header_timeout`, Go's `ReadHeaderTimeout`). A head
//!   trickled byte by byte is closed after it.
//! - **Idle**, between a response and the next byte: [`Timeouts::idle`] (nginx's
//!   `keepalive_timeout`).
//! - **Answering**: the router's request timeout bounds the work.
//! - **Sending**: a client that stops reading the response is dropped once a write has waited
//!   [`Timeouts::send`] ([`SendLimit`], around the socket).
//!
//! [`phase`] tells which phase a connection is in; [`drive`] serves it and closes it when a phase
//! outlasts its limit or the server stops.

pub mod drive;
pub mod phase;
pub mod stopping;

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// The limits of one connection (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Longest wait for a complete request head: from accept, or from the first byte after a
    /// response.
    pub head: Duration,
    /// Longest a kept-alive connection may wait between a response and the next byte.
    pub idle: Duration,
    /// Longest a response write may wait for the client to read.
    pub send: Duration,
}

/// `io` whose writes fail with `TimedOut` once one has waited [`Timeouts::send`] for the client,
/// which makes hyper close the connection.
pub struct SendLimit<IO> {
    io: IO,
    send: Duration,
    /// When the write that is waiting must have gone through, while one waits.
    deadline: Option<Pin<Box<Sleep>>>,
}

impl<IO> SendLimit<IO> {
    /// `io`, with writes limited to `send` each.
    pub fn new(io: IO, send: Duration) -> Self {
        SendLimit {
            io,
            send,
            deadline: None,
        }
    }

    /// Tracks a write's outcome: one that waits on the client longer than the limit fails.
    fn limit<T>(
        &mut self,
        cx: &mut Context<'_>,
        outcome: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match outcome {
            Poll::Ready(result) => {
                self.deadline = None;
                Poll::Ready(result)
            }
            Poll::Pending => {
                let send = self.send;
                let deadline = self
                    .deadline
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(send)));
                if deadline.as_mut().poll(cx).is_ready() {
                    self.deadline = None;
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client stopped reading",
                    )));
                }
                Poll::Pending
            }
        }
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for SendLimit<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for SendLimit<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let written = Pin::new(&mut this.io).poll_write(cx, bytes);
        this.limit(cx, written)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let written = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.limit(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let flushed = Pin::new(&mut this.io).poll_flush(cx);
        this.limit(cx, flushed)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests;
