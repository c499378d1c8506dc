//! The server's "we are stopping", said once to every connection: a flag that a response reads
//! for the cost of an atomic load, and a channel that a connection waits on.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::watch;

/// Says [`Stopping`] to every connection.
#[derive(Debug)]
pub struct Stop {
    flag: Arc<AtomicBool>,
    changed: watch::Sender<bool>,
}

/// Whether the server is stopping, and a way to wait until it is.
#[derive(Clone, Debug)]
pub struct Stopping {
    flag: Arc<AtomicBool>,
    changed: watch::Receiver<bool>,
}

/// A new signal, not yet given.
pub fn signal() -> (Stop, Stopping) {
    let flag = Arc::new(AtomicBool::new(false));
    let (changed, receiver) = watch::channel(false);
    (
        Stop {
            flag: Arc::clone(&flag),
            changed,
        },
        Stopping {
            flag,
            changed: receiver,
        },
    )
}

impl Stop {
    /// Every [`Stopping`] says so from now on, and their waits end.
    pub fn stop(&self) {
        // The flag first: a response made after this line sees it, whichever task runs next.
        self.flag.store(true, Ordering::SeqCst);
        self.changed.send_replace(true);
    }
}

impl Stopping {
    /// Whether [`Stop::stop`] has been called.
    pub fn is_stopping(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// Resolves once the server is stopping (or the [`Stop`] is gone, which only happens on the
    /// way out).
    pub async fn stopped(&self) {
        let mut changed = self.changed.clone();
        let _ = changed.wait_for(|stopping| *stopping).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stop_is_seen_by_every_clone_and_ends_their_waits() {
        let (stop, stopping) = signal();
        let other = stopping.clone();
        assert!(!other.is_stopping());
        let waiting = tokio::spawn(async move { other.stopped().await });
        stop.stop();
        waiting.await.expect("the wait ends");
        assert!(stopping.is_stopping());
    }
}
