//! `quire serve`: the listener, the file watcher, SIGHUP reloads and the drain on shutdown.

use super::commands::leptos_options;
use super::state::AppState;
use super::{cli, router};
use crate::content::watch;
use crate::error::Error;
use crate::settings::Settings;
use axum::serve::ListenerExt as _;
use std::sync::Arc;

/// Serves the blog until SIGINT or SIGTERM, then finishes in-flight requests and returns.
pub async fn serve(args: cli::ServeArgs) -> Result<(), Error> {
    let settings = Settings::load(&args.content.overrides())?;
    let mut leptos_options = leptos_options(&settings)?;
    if let Some(addr) = args.addr {
        leptos_options.site_addr = addr;
    }
    let addr = leptos_options.site_addr;
    let state = AppState::load(leptos_options, &settings);
    let _watcher = if settings.watch {
        watch::watch(Arc::clone(&state.library))
    } else {
        None
    };
    reload_on_hangup(Arc::clone(&state.library));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Error::io(format!("cannot listen on {addr}"), e))?;
    tracing::info!("serving {} on http://{addr}", settings.site.title);
    use std::future::IntoFuture;
    let (stopping, mut stop) = tokio::sync::watch::channel(false);
    // Small responses go out at once instead of waiting on the reader's delayed ACK.
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!("TCP_NODELAY: {error}");
        }
    });
    let server = axum::serve(listener, router(state).into_make_service()).with_graceful_shutdown(
        async move {
            shutdown_signal().await;
            let _ = stopping.send(true);
        },
    );
    let drain = settings.server.drain();
    let drained = async move {
        let _ = stop.wait_for(|stopping| *stopping).await;
        tokio::time::sleep(drain).await;
    };
    tokio::select! {
        served = server.into_future() => served.map_err(|e| Error::io(addr.to_string(), e)),
        () = drained => {
            tracing::warn!(
                "requests still in flight after {} s (drain_seconds); stopping anyway",
                drain.as_secs()
            );
            Ok(())
        }
    }
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
