//! The whole axum application, driven request by request with `oneshot`.

#![cfg(feature = "ssr")]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::{fixture_router, get_response, request, run, send};
use http_body_util::BodyExt;
use std::sync::LazyLock;
use tower::ServiceExt;

fn app_with(drafts: bool, page_size: usize) -> Router {
    fixture_router(drafts, |file| file.site.page_size = page_size)
}

// One router per configuration, built once (see `fixture_router`).
static ROUTERS: LazyLock<(Router, Router, Router, Router)> = LazyLock::new(|| {
    (
        app_with(false, 10),
        app_with(true, 10),
        app_with(false, 2),
        app_with(false, 1),
    )
});

/// Production: drafts hidden.
fn app() -> Router {
    ROUTERS.0.clone()
}

/// Development: drafts listed.
fn dev_app() -> Router {
    ROUTERS.1.clone()
}

/// Production with two posts per page.
fn paged_app() -> Router {
    ROUTERS.2.clone()
}

/// Production with one post per page.
fn single_app() -> Router {
    ROUTERS.3.clone()
}

/// `GET uri`: the status and the body without hydration markers.
async fn get(app: Router, uri: &str) -> (StatusCode, String) {
    let answer = send(app, request("GET", uri, &[], "")).await;
    (answer.status, without_hydration_markers(&answer.body))
}

/// The raw body of `GET uri`.
async fn get_raw(app: Router, uri: &str) -> String {
    send(app, request("GET", uri, &[], "")).await.body
}

/// The HTML without the `<!---->` and `<!--...-->` markers Leptos leaves for hydration.
fn without_hydration_markers(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html.to_string();
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = rest[start + end + 3..].to_string(),
            None => {
                rest.clear();
            }
        }
    }
    out.push_str(&rest);
    out
}

/// The titles of the post cards on a page, in order.
fn card_titles(html: &str) -> Vec<String> {
    html.split("class=\"post-card\"")
        .skip(1)
        .filter_map(|card| {
            let start = card.find("<h2><a href=\"")?;
            let rest = &card[start..];
            let open = rest.find('>')? + 1;
            let rest = &rest[open..];
            let rest = &rest[rest.find('>')? + 1..];
            Some(rest[..rest.find('<')?].to_string())
        })
        .collect()
}

#[test]
fn home_lists_every_published_post_newest_first() {
    run(async {
        let (status, html) = get(app(), "/").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            card_titles(&html),
            ["Notes on the Web", "First Steps in Rust", "A Bundled Post"]
        );
        assert!(html.contains("<title>Fixture Blog</title>"), "{html}");
        assert!(
            html.contains("<link href=\"http://127.0.0.1:3000/\" rel=\"canonical\">"),
            "{html}"
        );
        assert!(
            html.contains("<meta property=\"og:type\" content=\"website\">"),
            "{html}"
        );
        assert!(html.contains("<time datetime=\"2026-01-10\">10 January 2026</time>"));
        assert!(
            !html.contains("Secret Draft"),
            "drafts are hidden in production"
        );
        assert!(
            !html.contains(&format!(
                "{}=",
                quire::components::page_contract::HYDRATED_ATTRIBUTE
            )),
            "the hydration marker is set in the browser only"
        );
    })
}

#[test]
fn home_shows_the_tag_filter_with_counts_and_canonical_spellings() {
    run(async {
        let (_, html) = get(app(), "/").await;
        assert!(html.contains("data-tag=\"rust\""));
        // "Rust" is the spelling of the oldest post with the tag ("rust" is newer).
        assert!(
            html.contains(">Rust <span class=\"count\">2</span>"),
            "{html}"
        );
        assert!(
            html.contains(">Web Dev <span class=\"count\">1</span>"),
            "{html}"
        );
        assert!(html.contains("href=\"/?tag=caf%C3%A9\""), "{html}");
        // The page script keeps the scroll position for links that carry this attribute.
        let no_scroll = quire::components::page_contract::NO_SCROLL_ATTRIBUTE;
        assert!(
            html.contains(&format!("data-tag=\"rust\" {no_scroll}")),
            "{html}"
        );
        // The skip link and the page script's focus after a navigation find the main content.
        let main = quire::components::page_contract::MAIN_ID;
        assert!(html.contains(&format!("<main id=\"{main}\"")), "{html}");
        assert!(html.contains(&format!("href=\"#{main}\"")), "{html}");
    })
}

#[test]
fn query_tags_are_filtered_on_the_server() {
    run(async {
        let (status, html) = get(app(), "/?tag=rust").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            card_titles(&html),
            ["Notes on the Web", "First Steps in Rust"]
        );
        assert!(html.contains("Showing 2 of 3 posts"));
        assert!(html.contains("class=\"tag-clear\""));

        let (_, html) = get(app(), "/?tag=rust&tag=web-dev").await;
        assert_eq!(card_titles(&html), ["Notes on the Web"]);
        // Selected tags link to the list without themselves.
        assert!(html.contains("href=\"/?tag=web-dev\""), "{html}");
    })
}

#[test]
fn search_words_are_filtered_on_the_server_and_kept_in_tag_links() {
    run(async {
        let (status, html) = get(app(), "/?q=OWNERSHIP").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            card_titles(&html),
            ["First Steps in Rust"],
            "the body is searched too"
        );
        assert!(html.contains("<mark>Ownership</mark>"), "{html}");
        let (_, html) = get(app(), "/?q=first%20steps").await;
        assert_eq!(card_titles(&html), ["First Steps in Rust"]);
        assert!(
            html.contains("value=\"first steps\""),
            "the search box shows the words"
        );
        assert!(
            html.contains("href=\"/?tag=rust&amp;q=first%20steps\""),
            "{html}"
        );
        let (_, html) = get(app(), "/?tag=rust&q=web").await;
        assert_eq!(card_titles(&html), ["Notes on the Web"]);
    })
}

#[test]
fn long_lists_are_split_into_pages() {
    run(async {
        let (status, html) = get(paged_app(), "/").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            card_titles(&html),
            ["Notes on the Web", "First Steps in Rust"]
        );
        assert!(html.contains("Page 1 of 2"), "{html}");
        assert!(html.contains("href=\"/page/2\""), "{html}");
        for uri in ["/page/2", "/?page=2"] {
            let (status, html) = get(paged_app(), uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            assert_eq!(card_titles(&html), ["A Bundled Post"], "{uri}");
            assert!(html.contains("Page 2 of 2"), "{uri}");
        }
    })
}

#[test]
fn pages_combine_with_the_tag_filter_and_out_of_range_pages_are_404() {
    run(async {
        let (_, html) = get(paged_app(), "/?tag=rust").await;
        assert_eq!(card_titles(&html).len(), 2);
        assert!(!html.contains("class=\"pager\""), "one page needs no pager");
        for uri in [
            "/page/3",
            "/?page=0",
            "/?page=two",
            "/?tag=rust&page=2",
            "/tags/rust/page/2",
            "/tags/rust/page/0",
        ] {
            let (status, html) = get(paged_app(), uri).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
            assert!(html.contains("Page not found"), "{uri}");
        }
    })
}

#[test]
fn every_response_carries_the_security_headers() {
    run(async {
        for uri in [
            "/",
            "/posts/web-notes",
            "/no/such/page",
            "/api/list?tags=&q=&page=",
            "/?tag=%ZZ",
            "/healthz",
        ] {
            let response = get_response(app(), uri).await;
            let headers = response.headers();
            for (name, value) in quire::server::headers::HEADERS {
                assert_eq!(
                    headers.get(&name).map(|v| v.to_str().ok()),
                    Some(Some(value)),
                    "{uri}: {name}"
                );
            }
        }
    })
}

#[test]
fn oversized_request_bodies_are_refused() {
    run(async {
        let body = "slug=".to_string() + &"x".repeat(quire::server::MAX_BODY_BYTES);
        let request = Request::builder()
            .method("POST")
            .uri("/api/post")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("content-length", body.len())
            .body(Body::from(body))
            .expect("valid request");
        let response = app().oneshot(request).await.expect("infallible");
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    })
}

#[test]
fn healthz_answers_once_the_index_is_loaded() {
    run(async {
        let (status, body) = get(app(), "/healthz").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "ok 3 posts\n");
    })
}

#[test]
fn responses_are_compressed_as_the_client_accepts() {
    run(async {
        for (accept, expected) in [
            (Some("br"), Some("br")),
            (Some("gzip"), Some("gzip")),
            (None, None),
        ] {
            let headers: Vec<(&str, &str)> =
                accept.map(|a| ("accept-encoding", a)).into_iter().collect();
            let answer = send(app(), request("GET", "/posts/first-steps", &headers, "")).await;
            assert_eq!(answer.status, StatusCode::OK);
            assert_eq!(answer.header("content-encoding"), expected, "{accept:?}");
        }
    })
}

#[test]
fn pages_are_valid_markup_and_the_same_bytes_every_time() {
    run(async {
        for uri in ["/", "/posts/first-steps", "/tags/rust", "/no/such/page"] {
            let first = get_raw(app(), uri).await;
            assert!(!first.contains("<!>"), "{uri}: bogus comments: {first}");
            assert!(
                !first.contains(" nonce="),
                "{uri}: a per-response nonce: {first}"
            );
            assert!(
                first.contains("<!---->"),
                "{uri}: hydration markers kept: {first}"
            );
            assert_eq!(
                first,
                get_raw(app(), uri).await,
                "{uri} differs between requests"
            );
        }
    })
}

#[test]
fn pages_carry_a_policy_allowing_exactly_their_inline_scripts() {
    run(async {
        for uri in ["/", "/posts/first-steps", "/no/such/page"] {
            let response = get_response(app(), uri).await;
            let policy = response
                .headers()
                .get("content-security-policy")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
                .expect("a Content-Security-Policy");
            let bytes = response
                .into_body()
                .collect()
                .await
                .expect("body")
                .to_bytes();
            let html = String::from_utf8_lossy(&bytes);
            assert_eq!(
                policy,
                quire::server::html::content_security_policy(&html),
                "{uri}: the policy is that of the page as sent"
            );
            // At least the theme script and the page script (Leptos adds its small resource
            // bootstrap scripts); JSON data blocks never run and get no hash.
            assert!(policy.matches("'sha256-").count() >= 2, "{uri}: {policy}");
            assert!(
                !policy.contains("'unsafe-eval'") && !policy.contains("nonce-"),
                "{policy}"
            );
        }
    })
}

#[test]
fn a_trailing_slash_redirects_to_the_address_without_it() {
    run(async {
        for (uri, location) in [
            ("/posts/web-notes/", "/posts/web-notes"),
            ("/tags/rust/?tag=x", "/tags/rust?tag=x"),
            ("//evil.example/", "/evil.example"),
        ] {
            let response = get_response(app(), uri).await;
            assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT, "{uri}");
            assert_eq!(
                response.headers().get("location").map(|v| v.to_str().ok()),
                Some(Some(location)),
                "{uri}"
            );
        }
    })
}

#[test]
fn unknown_tags_and_query_keys_are_ignored() {
    run(async {
        let (status, html) = get(app(), "/?tag=nope&utm_source=feed").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(card_titles(&html).len(), 3);
        assert!(!html.contains("class=\"tag-clear\""));
    })
}

#[test]
fn malformed_percent_encoding_is_a_bad_request() {
    run(async {
        for uri in ["/?tag=%ZZ", "/?tag=%", "/posts/%E0%A4", "/tags/%FF"] {
            let (status, _) = get(app(), uri).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        }
    })
}

#[test]
fn a_post_page_has_its_head_tags_and_rendered_body() {
    run(async {
        let (status, html) = get(app(), "/posts/web-notes").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("<title>Notes on the Web · Fixture Blog</title>"),
            "{html}"
        );
        assert!(html.contains(
            "<meta name=\"description\" content=\"The first paragraph of the web notes becomes the description when none is given.\""
        ));
        assert!(html.contains("<span class=\"author\">Mara Lindqvist</span>"));
        assert!(html.contains("<div class=\"post-body\"><p>The first paragraph"));
        assert!(html.contains("<table>"));
        assert!(
            html.contains("<meta property=\"og:type\" content=\"article\">"),
            "{html}"
        );
        assert!(html
            .contains("<link href=\"http://127.0.0.1:3000/posts/web-notes\" rel=\"canonical\">"));
        assert!(
            html.contains("type=\"application/ld+json\">{\"@context\":\"https://schema.org\""),
            "{html}"
        );
        assert!(html.contains("\"@type\":\"BlogPosting\""), "{html}");
        // Neighbours in time, and the posts sharing its tags.
        assert!(
            html.contains("rel=\"next\" href=\"/posts/first-steps\" class=\"post-nav-older\""),
            "{html}"
        );
        assert!(
            !html.contains("post-nav-newer"),
            "the newest post has no newer neighbour"
        );
        assert!(html.contains("<h2 id=\"related-heading\">Related posts</h2>"));
        assert!(
            html.contains("data-slug=\"first-steps\""),
            "shares the rust tag"
        );
        assert!(
            html.contains("<time datetime=\"2026-02-01T08:00:00+02:00\">1 February 2026</time>")
        );
    })
}

#[test]
fn headings_get_ids_anchors_and_a_table_of_contents() {
    run(async {
        let (status, html) = get(app(), "/posts/first-steps").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains(
                "<h2 id=\"ownership\">Ownership <a class=\"heading-anchor\" href=\"#ownership\" \
                 aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>"
            ),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"borrowing\">"), "{html}");
        assert!(
            html.contains("<h2 id=\"borrowing-1\">"),
            "duplicates are numbered"
        );
        assert!(html.contains("<h3 id=\"lifetimes\">"), "custom ids win");

        let toc_start = html.find("<nav aria-label=\"Contents\" class=\"toc\">");
        let body_start = html.find("<div class=\"post-body\">");
        assert!(
            matches!((toc_start, body_start), (Some(t), Some(b)) if t < b),
            "the contents come before the body: {html}"
        );
        for id in ["ownership", "borrowing", "borrowing-1", "lifetimes"] {
            assert!(
                html.contains(&format!("<a href=\"#{id}\" target=\"_self\">")),
                "{id}: {html}"
            );
        }
        assert!(html.contains(
            "<li class=\"toc-level-3\"><a href=\"#lifetimes\" target=\"_self\">Lifetimes</a>"
        ));
    })
}

#[test]
fn posts_with_few_headings_have_no_table_of_contents() {
    run(async {
        for uri in ["/posts/web-notes", "/posts/bundle"] {
            let (_, html) = get(app(), uri).await;
            assert!(!html.contains("class=\"toc\""), "{uri}: {html}");
        }
    })
}

#[test]
fn code_blocks_are_highlighted_on_the_server() {
    run(async {
        let (_, html) = get(app(), "/posts/first-steps").await;
        assert!(
            html.contains(
                "<pre tabindex=\"0\"><code class=\"language-rust\"><span class=\"hl-source hl-rust\">"
            ),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-storage hl-type hl-function"),
            "{html}"
        );
        assert!(!html.contains("<script>hljs"), "no client-side highlighter");
    })
}

#[test]
fn post_pages_and_cards_show_the_reading_time() {
    run(async {
        let (_, html) = get(app(), "/posts/web-notes").await;
        assert!(
            html.contains(" · <span class=\"reading-time\">1 min read</span></p>"),
            "{html}"
        );
        let (_, html) = get(app(), "/").await;
        assert_eq!(
            html.matches("class=\"reading-time\">1 min read<").count(),
            3
        );
    })
}

#[test]
fn cards_show_the_summary_and_the_head_keeps_the_description() {
    run(async {
        let (_, html) = get(app(), "/").await;
        // first-steps has a `<!-- more -->` marker after its first paragraph.
        assert!(
            html.contains(
                "<p class=\"description summary\">Ownership Every value has one owner.</p>"
            ),
            "{html}"
        );
        // (The description is still in the serialized data for hydration, just not shown.)
        assert!(!html.contains(">Borrowing, lifetimes and the first compile error.<"));
        // Without a marker the card shows the description.
        assert!(html.contains(
            "<p class=\"description summary\">The first paragraph of the web notes becomes the description when none is given.</p>"
        ));

        let (_, html) = get(app(), "/posts/first-steps").await;
        assert!(html.contains(
            "<meta name=\"description\" content=\"Borrowing, lifetimes and the first compile error.\""
        ));
    })
}

#[test]
fn a_bundle_post_uses_its_folder_name_and_shows_its_image() {
    run(async {
        let (status, html) = get(app(), "/posts/bundle").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains(
                "<img src=\"/images/cover.svg\" alt=\"A cover picture\" loading=\"lazy\" decoding=\"async\">"
            ),
            "{html}"
        );
        assert!(html.contains("class=\"footnote-definition\""));
        assert!(html.contains(
            "<meta property=\"og:image\" content=\"http://127.0.0.1:3000/images/cover.svg\">"
        ));
        assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
        assert!(
            html.contains("<span class=\"author\">Ada Quill</span>"),
            "site author fills in"
        );
    })
}

#[test]
fn unknown_posts_tags_and_routes_are_404_with_a_friendly_page() {
    run(async {
        for uri in [
            "/posts/nope",
            "/tags/nope",
            "/no/such/page",
            "/posts/secret-draft",
            "/posts/broken",
        ] {
            let (status, html) = get(app(), uri).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
            assert!(html.contains("Page not found"), "{uri}: {html}");
        }
    })
}

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

#[test]
fn server_functions_refuse_wrong_methods_and_malformed_input() {
    run(async {
        for (method, uri, body) in [
            ("POST", "/api/post", "slug=first-steps"),
            ("DELETE", "/api/list", ""),
            ("PUT", "/data/posts.json", "{}"),
            ("GET", "/api/post?slug=%ZZ", ""),
            ("GET", "/api/post", ""),
            ("GET", "/api/tag?nope=1", ""),
        ] {
            let answer = send(app(), request(method, uri, &[], body)).await;
            assert!(
                answer.status.is_client_error(),
                "{method} {uri}: {}",
                answer.status
            );
            assert!(
                answer.body.len() < 2048,
                "{method} {uri}: a short message, not a page"
            );
        }
    })
}

#[test]
fn the_tags_page_lists_every_tag_and_a_tag_page_its_posts() {
    run(async {
        let (status, html) = get(app(), "/tags").await;
        assert_eq!(status, StatusCode::OK);
        for tag in ["Café", "Learning in Public", "Rust", "Web Dev"] {
            assert!(html.contains(&format!(">{tag}</a>")), "{tag}: {html}");
        }
        let (status, html) = get(app(), "/tags/rust").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            card_titles(&html),
            ["Notes on the Web", "First Steps in Rust"]
        );
        let (status, html) = get(app(), "/tags/caf%C3%A9").await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert_eq!(card_titles(&html), ["A Bundled Post"]);
    })
}

#[test]
fn tag_pages_are_split_into_pages_at_paths() {
    run(async {
        let (status, html) = get(single_app(), "/tags/rust").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(card_titles(&html), ["Notes on the Web"]);
        assert!(html.contains("href=\"/tags/rust/page/2\""), "{html}");
        let (status, html) = get(single_app(), "/tags/rust/page/2").await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert!(html.contains("Page 2 of 2"), "{html}");
        assert_eq!(card_titles(&html), ["First Steps in Rust"]);
        let (status, _) = get(single_app(), "/tags/rust/page/3").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
}

#[test]
fn data_documents_hold_what_pages_load_after_hydration() {
    run(async {
        let (status, body) = get(app(), "/data/posts.json").await;
        assert_eq!(status, StatusCode::OK);
        let list: quire::model::PostsDocument = serde_json::from_str(&body).expect("a post list");
        let slugs: Vec<&str> = list.posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["web-notes", "first-steps", "bundle"]);

        let (status, body) = get(app(), "/data/posts/first-steps.json").await;
        assert_eq!(status, StatusCode::OK);
        let page: quire::model::PostPageData = serde_json::from_str(&body).expect("a post page");
        assert_eq!(page.post.summary.title, "First Steps in Rust");
        assert_eq!(
            page.context.newer.map(|l| l.slug).as_deref(),
            Some("web-notes")
        );

        let (status, body) = get(app(), "/data/tags/caf%C3%A9.json").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let tag: quire::model::TagPosts = serde_json::from_str(&body).expect("a tag");
        assert_eq!(tag.tag.name, "Café");

        let (status, body) = get(app(), "/data/site.json").await;
        assert_eq!(status, StatusCode::OK);
        let site: quire::model::SiteInfo = serde_json::from_str(&body).expect("site settings");
        assert_eq!(site.title, "Fixture Blog");

        let (status, body) = get(app(), "/data/tags.json").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.starts_with('[') && body.contains("\"slug\":\"rust\""),
            "{body}"
        );

        for uri in [
            "/data/posts/secret-draft.json",
            "/data/posts/nope.json",
            "/data/posts/first-steps",
            "/data/tags/nope.json",
        ] {
            let (status, _) = get(app(), uri).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        }
    })
}

#[test]
fn drafts_are_listed_with_a_badge_when_visible() {
    run(async {
        let (_, html) = get(dev_app(), "/").await;
        assert_eq!(card_titles(&html)[0], "Secret Draft");
        assert!(html.contains("badge-draft"));
        let (status, _) = get(dev_app(), "/posts/secret-draft").await;
        assert_eq!(status, StatusCode::OK);
    })
}

#[test]
fn server_functions_answer_get_requests_with_json() {
    run(async {
        let (status, body) = get(app(), "/api/list?tags=&q=&page=").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.starts_with('{') && body.contains("\"slug\":\"web-notes\""),
            "{body}"
        );
        let (status, body) = get(app(), "/api/post?slug=first-steps").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains(r#"<h2 id=\"ownership\">Ownership <a class=\"heading-anchor\""#),
            "{body}"
        );
        assert!(body.contains("\"reading_minutes\":1"), "{body}");
        assert!(body.contains("\"toc\":[{\"level\":2"), "{body}");
        let (status, body) = get(app(), "/api/post?slug=nope").await;
        assert!(
            status.is_client_error() || status.is_server_error(),
            "{status}"
        );
        assert!(body.contains("NotFound"), "{body}");
    })
}

#[test]
fn building_a_router_while_pages_render_never_stalls_a_render() {
    run(async {
        // Working out the routes renders the app with data loading switched off process-wide;
        // a page rendering at that moment must still get its data (leptos-rs/leptos#4773).
        let mut tasks = Vec::new();
        for n in 0..400 {
            tasks.push(tokio::spawn(async move {
                if n % 8 == 0 {
                    drop(app_with(false, 10));
                    None
                } else {
                    let uri = ["/", "/tags", "/posts/first-steps"][n % 3];
                    let answer = tokio::time::timeout(
                        std::time::Duration::from_secs(20),
                        get(app_with(n % 5 == 0, 10), uri),
                    )
                    .await;
                    Some((uri, answer.map(|(status, _)| status)))
                }
            }));
        }
        for task in tasks {
            if let Some((uri, answer)) = task.await.expect("task") {
                assert_eq!(answer.ok(), Some(StatusCode::OK), "{uri} stalled or failed");
            }
        }
    })
}
