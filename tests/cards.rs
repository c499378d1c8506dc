//! Social cards over the fixture blog: a post without a picture points its link previews at its
//! card, the card's address serves an immutable 1200x630 PNG, and nothing changes for a post with
//! its own picture or with cards off.

#![cfg(feature = "ssr")]

mod common;

use axum::http::StatusCode;
use axum::Router;
use common::{fixture_router, get_response, run};
use http_body_util::BodyExt;
use std::sync::LazyLock;

// One router per configuration, built once (see `fixture_router`).
static ROUTERS: LazyLock<(Router, Router)> = LazyLock::new(|| {
    (
        fixture_router(false, |_| {}),
        fixture_router(false, |file| file.social_cards.enabled = false),
    )
});

/// `GET uri`: status, headers and body bytes.
async fn get(app: &Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = get_response(app.clone(), uri).await;
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes().to_vec();
    (parts.status, parts.headers, bytes)
}

async fn page(app: &Router, uri: &str) -> String {
    let (status, _, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}");
    String::from_utf8(body).expect("HTML is UTF-8")
}

/// The `content` of the `<meta>` tag whose attribute `key` is `name`.
fn meta<'a>(html: &'a str, key: &str, name: &str) -> Option<&'a str> {
    let start = html.find(&format!("<meta {key}=\"{name}\" content=\""))?;
    let rest = &html[start..];
    let value = &rest[rest.find("content=\"")? + 9..];
    value.split('"').next()
}

#[test]
fn a_post_without_a_picture_points_its_previews_at_its_card() {
    run(async {
        let html = page(&ROUTERS.0, "/posts/first-steps").await;
        let image = meta(&html, "property", "og:image").expect("og:image");
        let path = image
            .strip_prefix("http://127.0.0.1:3000")
            .expect("an absolute address on the site");
        assert!(path.starts_with("/_cards/first-steps-"), "{image}");
        assert!(path.ends_with(".png"), "{image}");
        assert_eq!(meta(&html, "property", "og:image:width"), Some("1200"));
        assert_eq!(meta(&html, "property", "og:image:height"), Some("630"));
        assert!(meta(&html, "property", "og:image:alt").is_some_and(|alt| !alt.is_empty()));
        assert_eq!(meta(&html, "name", "twitter:image"), Some(image));
        assert_eq!(
            meta(&html, "name", "twitter:card"),
            Some("summary_large_image")
        );
        // The post's data document names the same card.
        let (_, _, json) = get(&ROUTERS.0, "/data/posts/first-steps.json").await;
        assert!(String::from_utf8_lossy(&json).contains(path));
    })
}

#[test]
fn a_card_is_an_immutable_1200_by_630_png() {
    run(async {
        let html = page(&ROUTERS.0, "/posts/web-notes").await;
        let image = meta(&html, "property", "og:image").expect("og:image");
        let path = image.trim_start_matches("http://127.0.0.1:3000");
        let (status, headers, png) = get(&ROUTERS.0, path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "image/png");
        assert_eq!(
            headers["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let be = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
        assert_eq!((be(16), be(20)), (1200, 630));
        // The second request is answered from the kept card, byte for byte.
        let (_, _, again) = get(&ROUTERS.0, path).await;
        assert_eq!(again, png);
    })
}

#[test]
fn unknown_stale_and_malformed_card_names_are_not_found() {
    run(async {
        for uri in [
            "/_cards/first-steps-0000000000000000.png",
            "/_cards/no-such-post-0123456789abcdef.png",
            "/_cards/first-steps.png",
            "/_cards/first-steps-0123456789abcdef.jpg",
            "/_cards/not-a-card",
        ] {
            let (status, _, _) = get(&ROUTERS.0, uri).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        }
    })
}

#[test]
fn a_post_with_its_own_picture_keeps_it_and_gets_no_card() {
    run(async {
        let html = page(&ROUTERS.0, "/posts/bundle").await;
        assert_eq!(
            meta(&html, "property", "og:image"),
            Some("http://127.0.0.1:3000/images/cover.svg")
        );
        assert!(!html.contains("/_cards/"), "{html}");
        assert_eq!(meta(&html, "property", "og:image:width"), None);
        // Its would-be card address does not exist.
        let (status, _, _) = get(&ROUTERS.0, "/_cards/bundle-0123456789abcdef.png").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // And its head is the same as with cards off.
        let off = page(&ROUTERS.1, "/posts/bundle").await;
        assert_eq!(head(&html), head(&off));
    })
}

#[test]
fn with_cards_off_a_post_without_a_picture_has_no_preview_picture() {
    run(async {
        let on = page(&ROUTERS.0, "/posts/first-steps").await;
        let card = meta(&on, "property", "og:image").expect("og:image");
        let path = card.trim_start_matches("http://127.0.0.1:3000").to_string();
        let off = page(&ROUTERS.1, "/posts/first-steps").await;
        assert_eq!(meta(&off, "property", "og:image"), None);
        assert_eq!(meta(&off, "name", "twitter:image"), None);
        assert_eq!(meta(&off, "name", "twitter:card"), Some("summary"));
        let (status, _, _) = get(&ROUTERS.1, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
}

fn head(html: &str) -> &str {
    html.split("</head>").next().unwrap_or(html)
}
