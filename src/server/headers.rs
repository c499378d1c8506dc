//! Security headers on every response.

use axum::http::{header, HeaderName, HeaderValue};
use tower::layer::util::{Identity, Stack};
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;

type Layer = SetResponseHeaderLayer<HeaderValue>;

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

/// A layer adding [`HEADERS`].
pub fn security_headers(
) -> ServiceBuilder<Stack<Layer, Stack<Layer, Stack<Layer, Stack<Layer, Identity>>>>> {
    let [a, b, c, d] = HEADERS.map(|(name, value)| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    });
    ServiceBuilder::new().layer(a).layer(b).layer(c).layer(d)
}
