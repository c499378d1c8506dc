//! Tests of `/_img/`: headers of a copy, 404 for anything else.

use super::*;
use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

const NAME: &str = "0123456789abcdef0123-480.webp";

async fn get(app: Router, path: &str) -> Response {
    let request = Request::get(path)
        .body(Body::empty())
        .expect("a valid request");
    app.oneshot(request).await.expect("infallible")
}

fn site() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().expect("temp dir");
    let images = ImageStore::new(dir.path()).dir().to_path_buf();
    std::fs::create_dir_all(images.join("manifests")).expect("folders");
    std::fs::write(images.join(NAME), b"RIFF....WEBP").expect("a copy");
    std::fs::write(images.join("manifests/0123456789abcdef0123.json"), b"{}").expect("a manifest");
    std::fs::write(dir.path().join("secret.txt"), b"secret").expect("a file outside");
    let app = routes(Some(dir.path()));
    (dir, app)
}

#[tokio::test]
async fn a_copy_is_served_as_immutable_webp() {
    let (_dir, app) = site();
    let response = get(app, &format!("/_img/{NAME}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CACHE_CONTROL], IMMUTABLE);
    assert_eq!(response.headers()[CONTENT_TYPE], "image/webp");
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a body");
    assert_eq!(&body[..], b"RIFF....WEBP");
}

#[tokio::test]
async fn unknown_names_other_files_and_paths_are_not_found() {
    let (_dir, app) = site();
    for path in [
        "/_img/ffffffffffffffffffff-480.webp",
        "/_img/manifests/0123456789abcdef0123.json",
        "/_img/../secret.txt",
        "/_img/%2e%2e/secret.txt",
        "/_img/",
        "/_img",
    ] {
        let response = get(app.clone(), path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(
            response.headers().get(CACHE_CONTROL).is_none(),
            "{path}: a 404 is not cached for a year"
        );
    }
}

#[tokio::test]
async fn without_a_render_cache_there_is_no_route() {
    let app: Router = routes(None);
    let response = get(app, &format!("/_img/{NAME}")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
