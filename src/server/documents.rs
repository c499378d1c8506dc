//! The JSON documents at [`crate::urls::data`], the blog's read API for scripts and other sites,
//! answered from the current index (a static export writes the same bytes to files).

use super::AppState;
use crate::error::Error;
use crate::model::GroupKind;
use crate::urls::data::{self, POSTS, SITE, TAGS};
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;

/// The content type of every data document.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// The routes this module answers.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new()
        .route(SITE, get(site))
        .route(POSTS, get(posts))
        .route("/data/posts/{file}", get(post))
        .route(TAGS, get(tags))
        .route("/data/tags/{file}", get(tag));
    for kind in GroupKind::ALL {
        router = router
            .route(&data::groups(kind), get(move |state| groups(state, kind)))
            .route(
                &format!("/data/{}/{{file}}", kind.segment()),
                get(move |state, file| group(state, kind, file)),
            );
    }
    router
}

fn json<T: Serialize>(value: Result<T, Error>) -> Response {
    match value.and_then(|value| {
        serde_json::to_string(&value).map_err(|e| Error::render("a data document", e))
    }) {
        Ok(body) => ([(CONTENT_TYPE, JSON_CONTENT_TYPE)], body).into_response(),
        Err(error) => error.into_response(),
    }
}

/// The slug in `<slug>.json`, or [`Error::NotFound`] for any other file name.
fn slug_of(file: &str) -> Result<&str, Error> {
    file.strip_suffix(".json")
        .filter(|slug| !slug.is_empty())
        .ok_or_else(|| Error::NotFound(format!("data document {file:?}")))
}

async fn site(State(state): State<AppState>) -> Response {
    json(Ok(state.settings.site.clone()))
}

async fn posts(State(state): State<AppState>) -> Response {
    json(Ok(state.library.snapshot().posts_document()))
}

async fn post(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    json(slug_of(&file).and_then(|slug| state.post_page(slug)))
}

async fn tags(State(state): State<AppState>) -> Response {
    json(Ok(state.library.snapshot().tags().to_vec()))
}

async fn tag(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    json(slug_of(&file).and_then(|slug| state.library.snapshot().find_tag(slug)))
}

async fn groups(State(state): State<AppState>, kind: GroupKind) -> Response {
    let index = state.library.snapshot();
    json(Ok(index
        .groups(kind)
        .iter()
        .map(|g| g.term.clone())
        .collect::<Vec<_>>()))
}

async fn group(
    State(state): State<AppState>,
    kind: GroupKind,
    Path(file): Path<String>,
) -> Response {
    json(slug_of(&file).and_then(|slug| state.library.snapshot().find_group(kind, slug)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_file_names_carry_a_slug() {
        assert_eq!(slug_of("hello.json").ok(), Some("hello"));
        assert!(matches!(slug_of("hello"), Err(Error::NotFound(_))));
        assert!(matches!(slug_of(".json"), Err(Error::NotFound(_))));
        assert!(matches!(slug_of("hello.json.bak"), Err(Error::NotFound(_))));
    }
}
