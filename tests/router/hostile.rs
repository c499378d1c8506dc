//! Hostile paths and query strings: never the file system, never a server error.

use super::*;

#[test]
fn hostile_paths_never_reach_the_file_system() {
    let long_segment = "a".repeat(8 * 1024);
    let deep = "/x".repeat(2_000);
    let hostile: Vec<String> = [
        // Encoded, double-encoded and mixed `../`.
        "/posts/..%2F..%2FCargo.toml",
        "/posts/..%2f..%2fsrc%2fmain.rs",
        "/tags/..%2F..%2FCargo.toml",
        "/posts/%2e%2e%2fCargo.toml",
        "/posts/%2E%2E/%2E%2E/Cargo.toml",
        "/posts/%252e%252e%252fCargo.toml",
        "/posts/..%252f..%252fCargo.toml",
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/pkg/..%2F..%2FCargo.toml",
        "/pkg/../../Cargo.toml",
        "/pkg/%2e%2e/%2e%2e/Cargo.toml",
        "/favicon.svg/../../Cargo.toml",
        "/images/..%2F..%2F..%2FCargo.toml",
        "/data/posts/..%2F..%2FCargo.toml",
        "/data/posts/..%2Fsecret-draft.json",
        "/tags/rust/..%2F..%2F..%2FCargo.toml",
        "/tags/%2e%2e/rss.xml",
        // NUL bytes and other control characters.
        "/posts/first-steps%00.md",
        "/posts/first-steps%00",
        "/%00",
        "/posts/%0d%0aSet-Cookie:%20x=1",
        "/posts/%1b%5b31m",
        // Overlong and invalid UTF-8.
        "/posts/%c0%ae%c0%ae%c0%afCargo.toml",
        "/posts/%e0%80%ae%e0%80%ae/Cargo.toml",
        "/posts/%c0%af",
        "/posts/%ff%fe",
        "/tags/%ed%a0%80",
        // Backslashes and absolute paths.
        "/posts/..\\..\\Cargo.toml",
        "/posts/..%5c..%5cCargo.toml",
        "/pkg/..%5c..%5cCargo.toml",
        "/posts/%2Fetc%2Fpasswd",
        "/posts//etc/passwd",
        "//etc/passwd",
        "/posts/C:%5CWindows%5Cwin.ini",
        "/file:%2F%2F%2Fetc%2Fpasswd",
        // Invalid percent-encoding.
        "/posts/%",
        "/posts/%zz",
        "/posts/%2",
        "/tags/%G0",
        // Unknown and hidden files, editor leftovers, the sources.
        "/.git/config",
        "/.env",
        "/Cargo.toml",
        "/Leptos.toml",
        "/posts/first-steps.md",
        "/posts/first-steps.md~",
        "/src/main.rs",
        "/target/release/quire",
        "/pkg/.quire.js.swp",
        // Unicode look-alikes and unknown slugs.
        "/posts/first%E2%80%90steps",
        "/posts/ﬁrst-steps",
        "/tags/%E2%80%AE",
        "/tags/no-such-tag",
        "/tags/no-such-tag/rss.xml",
        "/tags/rust/page/99999999999999999999999",
        "/page/-1",
        "/page/%F0%9F%92%A9",
    ]
    .into_iter()
    .map(String::from)
    .chain([
        format!("/posts/{long_segment}"),
        deep,
        format!("/tags/{long_segment}/atom.xml"),
    ])
    .collect();
    run(async move {
        let mut sent = 0;
        for uri in &hostile {
            let Ok(request) = axum::http::Request::builder()
                .uri(uri.as_str())
                .body(axum::body::Body::empty())
            else {
                // Outside the URI grammar: the HTTP parser answers 400 before any route runs.
                assert!(
                    uri.chars().any(|c| !c.is_ascii() || c == '\\'),
                    "{uri} should make a valid request"
                );
                continue;
            };
            sent += 1;
            let answer = send(app(), request).await;
            let (status, body) = (answer.status, answer.body);
            assert!(
                status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
                "{uri}: {status}"
            );
            for secret in ["[package]", "fn main", "root:x:", "[site]", "Secret Draft"] {
                assert!(!body.contains(secret), "{uri} leaked {secret:?}");
            }
        }
        assert!(sent >= 50, "only {sent} hostile paths reached the router");
    })
}

#[test]
fn hostile_query_strings_are_ignored_or_refused_never_an_error() {
    let thousands_of_tags = (0..5_000)
        .map(|i| format!("tag=t{i}"))
        .collect::<Vec<_>>()
        .join("&");
    let queries = [
        "/?tag=%00".to_string(),
        "/?tag=..%2F..%2FCargo.toml".to_string(),
        "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E".to_string(),
        "/?page=99999999999999999999999999".to_string(),
        "/?unknown=1&other=%E2%80%AE".to_string(),
        format!("/?{thousands_of_tags}"),
        format!("/?q={}", "x".repeat(16 * 1024)),
        "/?tag=%ZZ".to_string(),
        "/?q=%".to_string(),
    ];
    run(async move {
        for uri in &queries {
            let (status, body) = get(app(), uri).await;
            assert!(
                matches!(
                    status,
                    StatusCode::OK | StatusCode::NOT_FOUND | StatusCode::BAD_REQUEST
                ),
                "{}: {status}",
                &uri[..uri.len().min(60)]
            );
            assert!(
                !body.contains("<script>alert(1)"),
                "the search words are escaped"
            );
        }
    })
}
