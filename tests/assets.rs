//! The bundle in a release build: pages name the hashed files, which are served with their
//! brotli or gzip copies and cached `immutable`; unhashed files revalidate.

#![cfg(feature = "ssr")]

mod common;

use axum::http::StatusCode;
use common::{request, run, send, FIXTURES};
use quire::server::{assets, router, AppState};
use quire::settings::SettingsFile;
use std::path::Path;

const HASH: &str = "Zm9vYmFyYmF6cXV4cXV1eA";
const JS: &str = "export default function init() {}";

/// A site root laid out as `make build` leaves it: hashed bundle files with `.br` and `.gz`
/// copies, and a public file with a plain name.
fn release_site(root: &Path) {
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg dir");
    let files = [
        (format!("quire.{HASH}.js"), JS.as_bytes().to_vec()),
        (format!("quire.{HASH}.js.br"), b"brotli bytes".to_vec()),
        (format!("quire.{HASH}.js.gz"), b"gzip bytes".to_vec()),
        (format!("quire.{HASH}.wasm"), b"\0asm".to_vec()),
        (format!("quire.{HASH}.css"), b"body {}".to_vec()),
        ("notes.txt".to_string(), b"not hashed".to_vec()),
    ];
    for (name, bytes) in files {
        std::fs::write(pkg.join(name), bytes).expect("bundle file");
    }
    std::fs::write(root.join("favicon.svg"), "<svg/>").expect("favicon");
}

fn app(site_root: &Path) -> (axum::Router, AppState) {
    let state = common::state(FIXTURES, false, SettingsFile::default(), site_root);
    (router(state.clone()), state)
}

#[test]
fn pages_name_the_hashed_bundle_and_stylesheet() {
    run(async {
        let dir = tempfile::tempdir().expect("temp dir");
        release_site(dir.path());
        let (app, state) = app(dir.path());
        assert_eq!(state.bundle.js, format!("/pkg/quire.{HASH}.js"));

        let page = send(app, request("GET", "/", &[], "")).await;
        assert_eq!(page.status, StatusCode::OK);
        for name in [
            format!("js:\"/pkg/quire.{HASH}.js\""),
            format!("wasm:\"/pkg/quire.{HASH}.wasm\""),
            format!("<link rel=\"stylesheet\" id=\"leptos\" href=\"/pkg/quire.{HASH}.css\""),
        ] {
            assert!(page.body.contains(&name), "missing {name} in {}", page.body);
        }
        assert!(
            !page.body.contains("/pkg/quire.css") && !page.body.contains("/pkg/quire.js"),
            "no plain names left"
        );
    })
}

#[test]
fn hashed_files_are_immutable_and_served_precompressed() {
    run(async {
        let dir = tempfile::tempdir().expect("temp dir");
        release_site(dir.path());
        let (app, _) = app(dir.path());
        let js = format!("/pkg/quire.{HASH}.js");

        let br = send(
            app.clone(),
            request("GET", &js, &[("accept-encoding", "gzip, br")], ""),
        )
        .await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(br.header("content-encoding"), Some("br"));
        assert_eq!(br.body, "brotli bytes", "the build's copy, not a fresh one");
        assert_eq!(br.header("cache-control"), Some(assets::IMMUTABLE));
        assert!(
            br.header("content-type")
                .is_some_and(|t| t.contains("javascript")),
            "{:?}",
            br.header("content-type")
        );
        assert!(br
            .header("vary")
            .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")));

        let gz = send(
            app.clone(),
            request("GET", &js, &[("accept-encoding", "gzip")], ""),
        )
        .await;
        assert_eq!(gz.header("content-encoding"), Some("gzip"));
        assert_eq!(gz.body, "gzip bytes");

        let plain = send(app.clone(), request("GET", &js, &[], "")).await;
        assert_eq!(plain.header("content-encoding"), None);
        assert_eq!(plain.body, JS);
        assert_eq!(plain.header("cache-control"), Some(assets::IMMUTABLE));

        for path in [
            format!("/pkg/quire.{HASH}.wasm"),
            format!("/pkg/quire.{HASH}.css"),
        ] {
            let answer = send(app.clone(), request("GET", &path, &[], "")).await;
            assert_eq!(answer.status, StatusCode::OK, "{path}");
            assert_eq!(
                answer.header("cache-control"),
                Some(assets::IMMUTABLE),
                "{path}"
            );
        }
        let wasm = send(
            app.clone(),
            request("GET", &format!("/pkg/quire.{HASH}.wasm"), &[], ""),
        )
        .await;
        assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    })
}

#[test]
fn unhashed_files_revalidate_and_missing_ones_are_not_found() {
    run(async {
        let dir = tempfile::tempdir().expect("temp dir");
        release_site(dir.path());
        let (app, _) = app(dir.path());

        let notes = send(app.clone(), request("GET", "/pkg/notes.txt", &[], "")).await;
        assert_eq!(notes.status, StatusCode::OK);
        assert_eq!(notes.header("cache-control"), Some(assets::REVALIDATE));
        let modified = notes
            .header("last-modified")
            .expect("a Last-Modified validator")
            .to_string();
        let again = send(
            app.clone(),
            request(
                "GET",
                "/pkg/notes.txt",
                &[("if-modified-since", &modified)],
                "",
            ),
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);

        let missing = send(app.clone(), request("GET", "/pkg/quire.js", &[], "")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(
            missing.header("cache-control"),
            None,
            "a 404 is never immutable"
        );

        let favicon = send(app, request("GET", "/favicon.svg", &[], "")).await;
        assert_eq!(favicon.status, StatusCode::OK, "public files outside pkg/");
    })
}

#[test]
fn site_files_keep_their_status_while_missing_pages_render_404_beside_them() {
    run(async {
        let dir = tempfile::tempdir().expect("temp dir");
        release_site(dir.path());
        let (app, _) = app(dir.path());
        // Files and unique missing pages at once, as under load: the 404 of one render must never
        // land on a file answered at the same moment.
        let mut answers = Vec::new();
        for n in 0..200 {
            let app = app.clone();
            answers.push(tokio::spawn(async move {
                let uri = if n % 2 == 0 {
                    "/favicon.svg".to_string()
                } else {
                    format!("/posts/missing-{n}")
                };
                let answer = send(app, request("GET", &uri, &[], "")).await;
                (uri, answer.status, answer.body)
            }));
        }
        for answer in answers {
            let (uri, status, body) = answer.await.expect("request task");
            if uri == "/favicon.svg" {
                assert_eq!((status, body.as_str()), (StatusCode::OK, "<svg/>"), "{uri}");
            } else {
                assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
                assert!(body.contains("Page not found"), "{uri}: {body}");
            }
        }
        let traversal = send(app, request("GET", "/pkg/../../etc/passwd", &[], "")).await;
        assert!(traversal.status.is_client_error(), "{}", traversal.status);
    })
}
