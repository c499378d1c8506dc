//! The listening socket and the process's share of file descriptors: a socket inherited from the
//! service manager (systemd socket activation) or bound here, the open-files limit raised as far
//! as it goes, and `accept` errors met with a pause instead of a spin.

use crate::error::Error;
use std::net::SocketAddr;
use std::time::Duration;

/// File descriptors kept for everything but connections: post files read while loading, the
/// watcher, the render cache, logs, the listener itself.
const RESERVED_DESCRIPTORS: u64 = 128;

/// The listener: the first socket the service manager passed (`LISTEN_FDS`, for this process by
/// `LISTEN_PID`), or a new one bound to `addr`. With an inherited socket, connections made while
/// the server restarts wait in its backlog instead of being refused.
pub fn open(addr: SocketAddr) -> Result<tokio::net::TcpListener, Error> {
    let listener = match inherited()? {
        Some(listener) => {
            let local = listener
                .local_addr()
                .map_or_else(|_| "?".to_string(), |a| a.to_string());
            tracing::info!("listening on the socket the service manager passed ({local})");
            listener
        }
        None => return bind(addr),
    };
    into_tokio(listener)
}

/// Connections the kernel completes and holds for `accept` (the kernel caps it at
/// `net.core.somaxconn`): room for a crowd arriving while every connection permit is taken, or
/// while the server starts.
const BACKLOG: u32 = 4096;

/// A new listener bound to `addr` (with `SO_REUSEADDR`, so a restart can bind while the old
/// connections linger in TIME_WAIT).
pub fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, Error> {
    let failed = |e| Error::io(format!("cannot listen on {addr}"), e);
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()
    } else {
        tokio::net::TcpSocket::new_v6()
    }
    .map_err(failed)?;
    socket.set_reuseaddr(true).map_err(failed)?;
    socket.bind(addr).map_err(failed)?;
    socket.listen(BACKLOG).map_err(failed)
}

fn into_tokio(listener: std::net::TcpListener) -> Result<tokio::net::TcpListener, Error> {
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::io("the listening socket", e))?;
    tokio::net::TcpListener::from_std(listener).map_err(|e| Error::io("the listening socket", e))
}

/// The socket passed by systemd's protocol (`sd_listen_fds`): descriptor 3 when `LISTEN_PID` is
/// this process and `LISTEN_FDS` is at least 1. The variables are removed, so a program this one
/// starts does not take the socket for its own.
#[cfg(unix)]
fn inherited() -> Result<Option<std::net::TcpListener>, Error> {
    use std::os::fd::FromRawFd as _;
    const FIRST: i32 = 3;
    let for_us = std::env::var("LISTEN_PID")
        .ok()
        .and_then(|p| p.parse::<u32>().ok())
        == Some(std::process::id());
    let count = std::env::var("LISTEN_FDS")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
    if !for_us || count == 0 {
        return Ok(None);
    }
    for name in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"] {
        // SAFETY: called at startup, before the runtime starts other threads that read the
        // environment (serve runs this first thing).
        unsafe { std::env::remove_var(name) };
    }
    // SAFETY: the service manager passed descriptor 3 to this process (LISTEN_PID says so) for
    // it to own; nothing else in this process has taken it.
    let socket = unsafe { std::net::TcpListener::from_raw_fd(FIRST) };
    match socket.local_addr() {
        Ok(_) => Ok(Some(socket)),
        Err(e) => Err(Error::io("the socket in LISTEN_FDS (descriptor 3)", e)),
    }
}

#[cfg(not(unix))]
fn inherited() -> Result<Option<std::net::TcpListener>, Error> {
    Ok(None)
}

/// Raises the soft open-files limit to the hard one and returns the soft limit then in force.
pub fn raise_open_files_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
            return None;
        }
        let before = limit.rlim_cur;
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            // SAFETY: setrlimit reads the struct it is given.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
                limit.rlim_cur = limit.rlim_max;
            }
        }
        tracing::info!(
            "open files: soft limit {} (was {before}), hard limit {}",
            limit.rlim_cur,
            limit.rlim_max
        );
        Some(limit.rlim_cur)
    }
    #[cfg(not(unix))]
    None
}

/// The default cap on open connections for a soft open-files limit of `descriptors`: all but
/// [`RESERVED_DESCRIPTORS`], and at least 16.
pub fn default_max_connections(descriptors: Option<u64>) -> usize {
    let descriptors = descriptors.unwrap_or(1024);
    let free = descriptors.saturating_sub(RESERVED_DESCRIPTORS).max(16);
    usize::try_from(free).unwrap_or(usize::MAX)
}

/// Pauses after failed `accept` calls, doubling from 10 ms to 1 s, and logs once per burst.
#[derive(Debug, Default)]
pub struct Backoff {
    failures: u64,
}

impl Backoff {
    const FIRST: Duration = Duration::from_millis(10);
    const LONGEST: Duration = Duration::from_secs(1);

    /// How long to wait after one more failure in a row.
    pub fn delay(&self) -> Duration {
        let doublings = u32::try_from(self.failures.saturating_sub(1).min(7)).unwrap_or(7);
        (Self::FIRST * 2u32.pow(doublings)).min(Self::LONGEST)
    }

    /// Counts `error` and waits; the first of a burst is logged.
    pub async fn failed(&mut self, error: &std::io::Error) {
        self.failures += 1;
        if self.failures == 1 {
            tracing::warn!("cannot accept connections: {error}; backing off until it passes");
        }
        tokio::time::sleep(self.delay()).await;
    }

    /// A connection was accepted: the burst, if any, is over.
    pub fn succeeded(&mut self) {
        if self.failures > 0 {
            tracing::info!(
                "accepting connections again after {} failed attempts",
                self.failures
            );
            self.failures = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_failures_back_off_from_10_ms_to_a_second() {
        let mut backoff = Backoff::default();
        let delays: Vec<u64> = (0..10)
            .map(|_| {
                backoff.failures += 1;
                u64::try_from(backoff.delay().as_millis()).expect("at most a second")
            })
            .collect();
        assert_eq!(delays, [10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000]);
        backoff.succeeded();
        backoff.failures += 1;
        assert_eq!(
            backoff.delay(),
            Duration::from_millis(10),
            "a new burst starts over"
        );
    }

    #[test]
    fn connections_leave_room_for_files() {
        assert_eq!(default_max_connections(Some(1024)), 896);
        assert_eq!(default_max_connections(Some(100)), 16);
        assert_eq!(default_max_connections(Some(1 << 20)), (1 << 20) - 128);
    }
}
