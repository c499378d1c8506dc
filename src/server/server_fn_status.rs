//! Server function errors answered with their own status.
//!
//! The server function runtime answers every error with 500, and a function can only set another
//! status once it runs; when the arguments cannot even be read, it never does. This middleware
//! reads the error (Quire's [`ApiError`], JSON-encoded) and gives the response the error's status:
//! 400 for a missing or malformed argument, 404 for an unknown slug.

use crate::error::ApiError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

/// Largest error body read.
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// Middleware: the status of a server function's error, instead of a blanket 500.
pub async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ERROR_BYTES)
        .await
        .unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<ApiError>(&bytes) {
        parts.status = error.status_code();
    }
    Response::from_parts(parts, Body::from(bytes))
}
