//! The page cache: a second request is answered from memory with the same bytes and an ETag, a
//! matching `If-None-Match` gets 304, and an edit to the posts is visible at once.

#![cfg(feature = "ssr")]

mod common;

use axum::http::StatusCode;
use common::{request, run, send};
use leptos::prelude::LeptosOptions;
use quire::server::{router, AppState};
use quire::settings::{Overrides, Settings, SettingsFile};

fn post(title: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2026-01-01\n---\nText.\n")
}

/// `GET uri`, optionally with `If-None-Match`: status, ETag and body.
async fn get(
    app: &axum::Router,
    uri: &str,
    if_none_match: Option<&str>,
) -> (StatusCode, Option<String>, String) {
    let headers: Vec<(&str, &str)> = if_none_match
        .map(|etag| ("if-none-match", etag))
        .into_iter()
        .collect();
    let answer = send(app.clone(), request("GET", uri, &headers, "")).await;
    let etag = answer.header("etag").map(str::to_string);
    (answer.status, etag, answer.body)
}

#[test]
fn pages_are_kept_validated_with_etags_and_refreshed_after_an_edit() {
    run(async {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("only.md"), post("Before the edit")).expect("post");
        let overrides = Overrides {
            posts_dir: Some(dir.path().to_path_buf()),
            drafts: Some(false),
            ..Overrides::default()
        };
        let settings = Settings::resolve(SettingsFile::default(), &overrides, false);
        let options = LeptosOptions::builder()
            .output_name("quire")
            .site_root("target/site")
            .build();
        let state = AppState::load(options, &settings);
        let app = router(state.clone());

        let (status, etag, first) = get(&app, "/posts/only", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(first.contains("Before the edit"), "{first}");
        let etag = etag.expect("an ETag");
        assert_eq!(state.page_cache.len(), 1);

        let (status, again, second) = get(&app, "/posts/only", None).await;
        assert_eq!(
            (status, again.as_deref()),
            (StatusCode::OK, Some(etag.as_str()))
        );
        assert_eq!(first, second, "served from memory, same bytes");

        let (status, _, body) = get(&app, "/posts/only", Some(&etag)).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        assert!(body.is_empty());

        std::fs::write(dir.path().join("only.md"), post("After the edit")).expect("edit");
        state.library.reload();
        let (status, new_etag, body) = get(&app, "/posts/only", Some(&etag)).await;
        assert_eq!(status, StatusCode::OK, "the old ETag no longer matches");
        assert!(body.contains("After the edit"), "{body}");
        assert_ne!(new_etag.as_deref(), Some(etag.as_str()));

        let (status, _, _) = get(&app, "/posts/nope", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, body) = get(&app, "/posts/nope", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "404s are kept as 404s");
        assert!(body.contains("Page not found"));
    })
}
