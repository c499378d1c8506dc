//! Error pages: a friendly view, and the matching HTTP status when rendered on the server.

use crate::error::ApiError;
use http::StatusCode;
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the status of the server response being rendered: the one place pages and server
/// functions ([`crate::server::with_status`]) set it.
pub fn set_status(status: StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// The 404 page, for unknown routes, slugs and tags.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(StatusCode::NOT_FOUND);
    view! {
        <Title text="Page not found" />
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
            <p>
                <a href="/">"Back to all posts"</a>
            </p>
        </section>
    }
}

/// Shows `error` to the reader: the 404 page for [`ApiError::NotFound`], a short apology otherwise.
/// Details are logged on the server, never shown.
#[component]
pub fn ErrorView(error: ApiError) -> impl IntoView {
    if let ApiError::NotFound(_) = error {
        return view! { <NotFound /> }.into_any();
    }
    tracing::error!("rendering a page failed: {error}");
    set_status(error.status_code());
    view! {
        <Title text="Something went wrong" />
        <section class="not-found">
            <h1>"Something went wrong"</h1>
            <p>{error.public_message()}</p>
            <p>
                <a href="/">"Back to all posts"</a>
            </p>
        </section>
    }
    .into_any()
}
