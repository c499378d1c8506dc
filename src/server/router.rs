//! The router: every route of the blog, the request log and the health check.

use super::state::AppState;
use super::{
    addresses, assets, cards, documents, feeds, headers, html, images, page_cache, problems,
    server_fn_status, uri_guard,
};
use crate::app::{shell, App, Hydration};
use axum::handler::Handler as _;
use axum::response::Response;
use axum::Router;
use leptos_axum::{generate_route_list, LeptosRoutes};

/// Largest request body accepted (server functions take only a slug).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

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
    let development = if state.settings.development {
        problems::routes()
    } else {
        Router::new()
    };
    let router = Router::new()
        .merge(development)
        .merge(feeds::routes())
        .merge(documents::routes())
        .merge(cards::routes(&state))
        .merge(assets::pkg_routes(&state.leptos_options))
        .merge(images::routes(state.library.config().cache_dir.as_deref()))
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
            state.settings.server.request_timeout(),
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
            state.clone(),
            page_cache::serve_cached,
        ))
        // Before routing, so a post's own address can be routed as its page.
        .layer(axum::middleware::from_fn_with_state(
            state,
            addresses::route_addresses,
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
