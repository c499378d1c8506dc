//! `quire serve`: the listener, the file watcher, SIGHUP reloads and the drain on shutdown.

use super::commands::leptos_options;
use super::connection::SendLimit;
use super::listener::{self, Backoff};
use super::state::AppState;
use super::{cli, router};
use crate::content::watch;
use crate::error::Error;
use crate::settings::Settings;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;

/// Serves the blog until SIGINT or SIGTERM, then finishes in-flight requests and returns.
///
/// Each connection speaks HTTP/1.1 or HTTP/2 (with prior knowledge, "h2c"), within the limits
/// of [`super::connection`]; at most `[server] max_connections` are open at once, and further
/// ones wait in the listen backlog.
pub async fn serve(args: cli::ServeArgs) -> Result<(), Error> {
    let settings = Settings::load(&args.content.overrides())?;
    let mut leptos_options = leptos_options(&settings)?;
    if let Some(addr) = args.addr {
        leptos_options.site_addr = addr;
    }
    let addr = leptos_options.site_addr;
    // The socket first (an inherited one queues connections while the posts load).
    let listener = listener::open(addr)?;
    let descriptors = listener::raise_open_files_limit();
    let max_connections = settings
        .server
        .max_connections
        .unwrap_or_else(|| listener::default_max_connections(descriptors));
    let state = AppState::load(leptos_options, &settings);
    let _watcher = if settings.watch {
        watch::watch(Arc::clone(&state.library))
    } else {
        None
    };
    reload_on_hangup(Arc::clone(&state.library));
    let local = listener.local_addr().unwrap_or(addr);
    tracing::info!(
        "serving {} on http://{local} (at most {max_connections} connections)",
        settings.site.title
    );
    let app = router(state);
    let timeouts = settings.server.connection_timeouts();
    let mut http = auto::Builder::new(TokioExecutor::new());
    // hyper times each head from accept or from the end of the previous response.
    http.http1()
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.head);
    http.http2().timer(TokioTimer::new());
    let permits = Arc::new(tokio::sync::Semaphore::new(max_connections));
    let connections = GracefulShutdown::new();
    let mut backoff = Backoff::default();
    let stop = shutdown_signal();
    tokio::pin!(stop);
    loop {
        // At the cap, wait for a connection to close before accepting another.
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => permit,
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
        let io = TokioIo::new(SendLimit::new(stream, timeouts.send));
        let service = TowerToHyperService::new(app.clone());
        let connection = connections.watch(
            http.serve_connection_with_upgrades(io, service)
                .into_owned(),
        );
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!("connection closed: {error}");
            }
            drop(permit);
        });
    }
    drop(listener);
    let drain = settings.server.drain();
    tokio::select! {
        () = connections.shutdown() => {}
        () = tokio::time::sleep(drain) => {
            tracing::warn!(
                "requests still in flight after {} s (drain_seconds); stopping anyway",
                drain.as_secs()
            );
        }
    }
    Ok(())
}

/// Reloads the posts on SIGHUP (for deployments that update content without a watcher).
fn reload_on_hangup(library: Arc<crate::content::Library>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        let Ok(mut hangups) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        else {
            tracing::warn!("cannot listen for SIGHUP; reload on signal is off");
            return;
        };
        while hangups.recv().await.is_some() {
            tracing::info!("SIGHUP: reloading posts");
            let library = Arc::clone(&library);
            if let Err(error) = tokio::task::spawn_blocking(move || library.reload_all()).await {
                tracing::error!("reloading posts failed: {error}");
            }
        }
    });
    #[cfg(not(unix))]
    let _ = library;
}

async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
