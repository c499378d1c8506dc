//! Security headers on every response.

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// The headers every response carries unless the handler set them: no MIME sniffing, no framing
/// by other sites, a referrer only within the site, and no powerful browser features.
pub const HEADERS: [(HeaderName, &str); 4] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    ),
];

/// `router` with [`HEADERS`] added to every response.
pub fn with_security_headers<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    HEADERS.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ))
    })
}

/// `router` with `Strict-Transport-Security: <value>` on every response, for HTTPS only (browsers
/// ignore it over plain HTTP).
pub fn with_hsts(router: Router, value: &str) -> Router {
    match HeaderValue::from_str(value) {
        Ok(value) => router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            value,
        )),
        Err(_) => router,
    }
}
