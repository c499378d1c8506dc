//! The one way a page waits for its data: a `Suspense` around the loaded data, shown by the page's
//! own view, or the error page (404 for an unknown slug) when any of it failed.

use crate::components::status::ErrorView;
use crate::error::ApiError;
use leptos::prelude::*;
use std::future::Future;

/// Shows `render(data)` once `load()` has given the page's data, or [`ErrorView`] for its error.
/// `waiting` is shown in the meantime; the server renders these routes with `SsrMode::Async`, so
/// a reader sees it only if a page is ever streamed.
pub fn when_loaded<T, Load, Data, Render, View>(
    waiting: &'static str,
    load: Load,
    render: Render,
) -> impl IntoView
where
    Load: Fn() -> Data + Send + Sync + 'static,
    Data: Future<Output = Result<T, ApiError>> + Send + 'static,
    T: Send + 'static,
    Render: Fn(T) -> View + Clone + Send + Sync + 'static,
    View: IntoView + 'static,
{
    let page = move || {
        let data = load();
        let render = render.clone();
        Suspend::new(async move {
            match data.await {
                Ok(data) => render(data).into_view().into_any(),
                Err(error) => view! { <ErrorView error /> }.into_any(),
            }
        })
    };
    view! { <Suspense fallback=move || view! { <p class="loading">{waiting}</p> }>{page}</Suspense> }
}
