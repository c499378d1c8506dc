//! `quire serve`: the listeners (HTTP or HTTPS, and the plain-HTTP redirect), loading the posts
//! while the listener already answers, the file watchers, SIGHUP reloads and the drain on
//! shutdown.

use super::accept::{self, accept_loop, Shared};
use super::commands::leptos_options;
use super::connection::stopping;
use super::startup::AppService;
use super::state::AppState;
use super::{cli, headers, listener, redirect, router, tls};
use crate::content::images::Encoding;
use crate::content::{refresh, watch};
use crate::error::Error;
use crate::settings::Settings;
use axum::Router;
use std::sync::Arc;
use tokio::sync::{watch as channel, Semaphore};

/// Serves the blog until SIGINT or SIGTERM, then finishes in-flight requests and returns.
///
/// Each connection speaks HTTP/1.1 or HTTP/2 (by ALPN over TLS, with prior knowledge without),
/// within the limits of [`super::connection`]; at most `[server] max_connections` are open at
/// once, and further ones wait in the listen backlog. The listener answers from the start:
/// `/healthz` says 503 until the posts are loaded, and other requests wait for them.
pub async fn serve(args: cli::ServeArgs) -> Result<(), Error> {
    let mut settings = Settings::load(&args.content.overrides())?;
    if let Some(cert) = args.tls_cert {
        settings.server.tls_cert = Some(cert);
    }
    if let Some(key) = args.tls_key {
        settings.server.tls_key = Some(key);
    }
    let tls_files = settings.server.tls_files().map_err(Error::Usage)?;
    let mut leptos_options = leptos_options(&settings)?;
    if let Some(addr) = args.addr {
        leptos_options.site_addr = addr;
    }
    let addr = leptos_options.site_addr;
    // The socket first (an inherited one queues connections while the posts load).
    let main_listener = listener::open(addr)?;
    let certificates = match &tls_files {
        Some((cert, key)) => Some(tls::Certificates::load(cert, key)?),
        None => None,
    };
    let tls = certificates
        .as_ref()
        .map(|certificates| tls::acceptor(Arc::clone(certificates)))
        .transpose()?;
    let local = main_listener.local_addr().unwrap_or(addr);
    let redirect_listener = match settings.server.redirect_http {
        Some(redirect_addr) => Some(listener::bind(redirect_addr)?),
        None => None,
    };
    let descriptors = listener::raise_open_files_limit();
    let max_connections = settings
        .server
        .max_connections
        .unwrap_or_else(|| listener::default_max_connections(descriptors))
        .min(u32::MAX as usize);
    let (stop, stopping) = stopping::signal();
    tokio::spawn(async move {
        shutdown_signal().await;
        stop.stop();
    });
    let shared = Shared {
        http: Arc::new(Shared::http()),
        timeouts: settings.server.connection_timeouts(),
        permits: Arc::new(Semaphore::new(max_connections)),
        stopping: stopping.clone(),
    };
    tokio::spawn(accept::release_memory_after_crowds(
        Arc::clone(&shared.permits),
        max_connections,
    ));
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(
        "listening on {scheme}://{local} (at most {max_connections} connections); loading posts"
    );

    let (loaded, ready) = channel::channel::<Option<Router>>(None);
    let request_timeout = settings.server.request_timeout();
    let mut loops = tokio::task::JoinSet::new();
    loops.spawn(accept_loop(
        main_listener,
        tls,
        move || AppService::for_connection(&ready, request_timeout),
        shared.clone(),
    ));
    if let Some(plain) = redirect_listener {
        let plain_addr = plain
            .local_addr()
            .map_or_else(|_| "?".into(), |a| a.to_string());
        tracing::info!("redirecting http://{plain_addr} to HTTPS");
        let redirects =
            redirect::router(redirect::Target::new(&settings.site.base_url, local.port()));
        loops.spawn(accept_loop(
            plain,
            None,
            move || hyper_util::service::TowerToHyperService::new(redirects.clone()),
            shared.clone(),
        ));
    }

    let loading = {
        let settings = settings.clone();
        tokio::task::spawn_blocking(move || {
            AppState::load_with(leptos_options, &settings, Encoding::Background)
        })
    };
    let state = tokio::select! {
        state = loading => Some(state.map_err(|e| Error::Usage(format!("loading the posts failed: {e}")))?),
        () = stopping.stopped() => None,
    };
    // Kept until the server stops: watching ends when they are dropped.
    let mut _watchers = Vec::new();
    if let Some(state) = state {
        refresh::follow(&state.library);
        if settings.watch {
            _watchers.extend(watch::watch(Arc::clone(&state.library)));
        }
        if let Some(certificates) = &certificates {
            _watchers.extend(tls::watch(Arc::clone(certificates)));
        }
        reload_on_hangup(Arc::clone(&state.library), certificates.clone());
        let app = router(state);
        let app = match settings.server.hsts().filter(|_| certificates.is_some()) {
            Some(hsts) => headers::with_hsts(app, &hsts),
            None => app,
        };
        let _ = loaded.send(Some(app));
        tracing::info!("serving {} on {scheme}://{local}", settings.site.title);
    }

    while loops.join_next().await.is_some() {}
    let drain = settings.server.drain();
    tokio::select! {
        () = accept::all_closed(&shared.permits, max_connections) => {}
        () = tokio::time::sleep(drain) => {
            tracing::warn!(
                "requests still in flight after {} s (drain_seconds); stopping anyway",
                drain.as_secs()
            );
        }
    }
    Ok(())
}

/// Reloads the posts, and the TLS certificate if there is one, on SIGHUP (for deployments that
/// update content or renew certificates without a watcher).
fn reload_on_hangup(
    library: Arc<crate::content::Library>,
    certificates: Option<Arc<tls::Certificates>>,
) {
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
            if let Some(certificates) = &certificates {
                certificates.reload_and_log("SIGHUP");
            }
            let library = Arc::clone(&library);
            if let Err(error) = tokio::task::spawn_blocking(move || library.reload_all()).await {
                tracing::error!("reloading posts failed: {error}");
            }
        }
    });
    #[cfg(not(unix))]
    let _ = (library, certificates);
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
