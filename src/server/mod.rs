//! The axum application: shared state, the router and the serve loop (server only).

pub mod assets;
pub mod check;
pub mod cli;
pub mod data;
pub mod export;
pub mod feeds;
pub mod headers;
pub mod html;
pub mod invalidation;
pub mod new_post;
pub mod page_cache;
pub mod server_fn_status;
pub mod uri_guard;

use crate::app::{shell, App, Hydration, ShellSettings};
use crate::components::hydration::BundleFiles;
use crate::content::{watch, Library};
use crate::error::Error;
use crate::model::SiteInfo;
use crate::settings::Settings;
use axum::extract::FromRef;
use axum::handler::Handler as _;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::serve::ListenerExt as _;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;

/// Largest request body accepted (server functions take only a slug).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Longest a request may take before it is answered with 408.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// What every request handler and server function can reach: a shared handle, since axum clones
/// the state for every request (a deep copy of the settings and options was about a tenth of the
/// time of serving a cached page).
#[derive(Clone, Debug)]
pub struct AppState(Arc<SharedState>);

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

/// The contents of [`AppState`].
#[derive(Debug)]
pub struct SharedState {
    /// cargo-leptos options (site root, address, ...).
    pub leptos_options: LeptosOptions,
    /// The live post index.
    pub library: Arc<Library>,
    /// The site settings pages show.
    pub site: SiteInfo,
    /// All settings in force.
    pub settings: Arc<Settings>,
    /// Rendered responses of the current index.
    pub page_cache: page_cache::PageCache,
    /// The bundle's file names, found in the site root at startup.
    pub bundle: BundleFiles,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// The shell settings of this site's pages.
    pub fn shell_settings(&self, hydration: Hydration) -> ShellSettings {
        ShellSettings {
            language: self.site.language.clone(),
            hydration,
            bundle: self.bundle.clone(),
        }
    }

    /// State for `settings`, loading the posts once.
    pub fn load(leptos_options: LeptosOptions, settings: &Settings) -> Self {
        let library = Library::load(
            settings.library_config(Some(std::path::PathBuf::from(&*leptos_options.site_root))),
        );
        AppState(Arc::new(SharedState {
            bundle: assets::locate(&leptos_options),
            leptos_options,
            library: Arc::new(library),
            site: settings.site_info(),
            settings: Arc::new(settings.clone()),
            page_cache: page_cache::PageCache::default(),
        }))
    }
}

/// The state of the request being handled, from inside a server function or component.
pub fn state() -> Result<AppState, Error> {
    use_context::<AppState>().ok_or_else(|| Error::ServerFn("the server state is missing".into()))
}

/// Gives the response the status of `result`'s error (404 for an unknown slug), so server
/// function calls over HTTP answer with meaningful codes.
pub fn with_status<T>(result: Result<T, Error>) -> Result<T, Error> {
    if let Err(error) = &result {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(error.status_code());
        }
    }
    result
}

/// Plain-text error responses for the handlers outside Leptos (feeds, sitemap): the status of the
/// error and its public message; the details go to the log only.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!("{self}");
        }
        (
            status,
            [(CONTENT_TYPE, crate::feeds::TEXT_CONTENT_TYPE)],
            format!("{}\n", self.public_message()),
        )
            .into_response()
    }
}

/// The app's routes, worked out once per process.
///
/// Working them out renders the app once with resource loading suppressed by a process-wide
/// switch; a page rendering at that moment on another thread would wait forever for its data
/// (leptos-rs/leptos#4773). Doing it once, before any router exists, means no render can overlap.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Every route of the blog: feeds and discovery files, data documents, pages, server functions,
/// static files, and
/// the 404 page for the rest.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let page_shell = {
        let options = state.leptos_options.clone();
        let settings = state.shell_settings(Hydration::On);
        move || shell(options.clone(), settings.clone())
    };
    let fallback_shell = {
        let settings = state.shell_settings(Hydration::On);
        move |options| shell(options, settings.clone())
    };
    let router = Router::new()
        .merge(feeds::routes())
        .merge(data::routes())
        .merge(assets::pkg_routes(&state.leptos_options))
        .route("/healthz", axum::routing::get(healthz))
        .leptos_routes(&state, routes, page_shell)
        .fallback_service(assets::site_files(
            &state.leptos_options,
            leptos_axum::file_and_error_handler::<AppState, _>(fallback_shell)
                .with_state(state.clone()),
        ))
        .layer(axum::middleware::from_fn(html::normalize_pages))
        .layer(axum::middleware::from_fn(server_fn_status::error_status))
        // Pages, data, feeds and the bundle, brotli or gzip as the client accepts; a middling
        // level keeps compressing a page cheaper than sending it uncompressed.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Precise(4)),
        )
        .layer(axum::middleware::from_fn(
            uri_guard::redirect_trailing_slash,
        ))
        .layer(axum::middleware::from_fn(uri_guard::reject_malformed_uri))
        // Nothing Quire serves takes a body worth more than this, or longer than this.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_BODY_BYTES,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    let routed = headers::with_security_headers(router).with_state(state.clone());
    // Outermost, before routing: a cached response is the finished one, so a hit skips routing
    // and every layer above. (`Router::layer` would run it after routing, per route, cloning the
    // matched route's whole stack for every request.)
    // The request log only when it is on (`RUST_LOG=debug`): a layer costs every request.
    let logging = tracing::enabled!(tracing::Level::DEBUG);
    let service = tower::ServiceBuilder::new()
        .option_layer(logging.then(|| axum::middleware::from_fn(log_request)))
        .layer(axum::middleware::from_fn_with_state(
            state,
            page_cache::serve_cached,
        ))
        .service(routed);
    Router::new().fallback_service(service)
}

/// Middleware: one line per request at `debug` level (`RUST_LOG=debug`): method, address,
/// status and time taken. Server errors are logged at `error` where they happen.
async fn log_request(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let started = std::time::Instant::now();
    let method = request.method().clone();
    let uri = request.uri().clone();
    let response = next.run(request).await;
    tracing::debug!(
        "{method} {uri} {} {} us",
        response.status().as_u16(),
        started.elapsed().as_micros()
    );
    response
}

/// For load balancers: 200 and the number of listed posts once the index is loaded.
async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> String {
    format!("ok {} posts\n", state.library.snapshot().len())
}

/// Logs to stderr; `RUST_LOG` picks the level (default `info`).
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Runs one command of the command line.
pub async fn run(command: cli::Command) -> Result<std::process::ExitCode, Error> {
    use std::process::ExitCode;
    match command {
        cli::Command::Serve(args) => serve(args).await.map(|()| ExitCode::SUCCESS),
        cli::Command::Check(args) => {
            let settings = Settings::load(&args.content.overrides())?;
            let report = check::run(&settings)?;
            match args.format {
                cli::Format::Text => print!("{}", report.to_text()),
                cli::Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report)
                        .map_err(|e| Error::ServerFn(e.to_string()))?
                ),
            }
            Ok(if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        cli::Command::Export(args) => {
            let settings = Settings::load(&args.overrides())?;
            let state = AppState::load(leptos_options(&settings)?, &settings);
            let summary = export_with_progress(state, &args.dir).await?;
            println!("{}", summary.line(&args.dir));
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::New(args) => {
            let settings = Settings::load(&args.content.overrides())?;
            let today = chrono::Local::now().date_naive();
            let path = new_post::create(
                &settings.posts_dir,
                &args.title,
                today,
                &settings.site.author,
                &args.tags,
                args.draft,
            )?;
            println!("created {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Serves the blog until SIGINT or SIGTERM, then finishes in-flight requests and returns.
pub async fn serve(args: cli::ServeArgs) -> Result<(), Error> {
    let settings = Settings::load(&args.overrides())?;
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
        .map_err(|e| Error::Io {
            path: addr.to_string(),
            message: format!("cannot listen: {e}"),
        })?;
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
        served = server.into_future() => served.map_err(|e| Error::Io {
            path: addr.to_string(),
            message: e.to_string(),
        }),
        () = drained => {
            tracing::warn!(
                "requests still in flight after {} s (drain_seconds); stopping anyway",
                drain.as_secs()
            );
            Ok(())
        }
    }
}

/// cargo-leptos's options: `[package.metadata.leptos]` when run from the project, overridden by
/// `LEPTOS_*` variables, with `[server]` of the settings file in between (so a deployed binary
/// needs no environment). A release build runs in production unless `LEPTOS_ENV` says otherwise.
fn leptos_options(settings: &Settings) -> Result<LeptosOptions, Error> {
    let mut options = get_configuration(None)
        .map(|conf| conf.leptos_options)
        .map_err(|e| Error::Settings {
            file: "Cargo.toml [package.metadata.leptos] / LEPTOS_* environment".into(),
            message: e.to_string(),
        })?;
    let unset = |name: &str| std::env::var_os(name).is_none();
    if let Some(addr) = settings.server.addr.filter(|_| unset("LEPTOS_SITE_ADDR")) {
        options.site_addr = addr;
    }
    if let Some(root) = settings.server.site_root.as_ref() {
        if unset("LEPTOS_SITE_ROOT") {
            options.site_root = root.to_string_lossy().into_owned().into();
        }
    }
    if !cfg!(debug_assertions) && unset("LEPTOS_ENV") {
        options.env = leptos::config::Env::PROD;
    }
    Ok(options)
}

/// Runs [`export::export`] with a progress spinner on stderr, drawn only on a terminal and only
/// once the export takes more than a moment.
async fn export_with_progress(
    state: AppState,
    out: &std::path::Path,
) -> Result<export::Summary, Error> {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::time::{Duration, Instant};
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("{spinner} exporting: {pos} files {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let started = Instant::now();
    let drawing = std::sync::atomic::AtomicBool::new(false);
    let on_file = |address: &str| {
        if started.elapsed() > Duration::from_millis(500)
            && !drawing.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.inc(1);
        bar.set_message(address.to_string());
    };
    let result = export::export(state, out, &on_file).await;
    bar.finish_and_clear();
    result
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
