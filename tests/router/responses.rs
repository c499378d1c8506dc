//! What every response shares: security headers and policy, compression, limits, redirects, health, and markup that is the same every time.

use super::*;

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
            assert_eq!(
                quire::server::html::normalize(&html),
                html,
                "{uri}: the page as sent is already normal"
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
fn malformed_percent_encoding_is_a_bad_request() {
    run(async {
        for uri in ["/?tag=%ZZ", "/?tag=%", "/posts/%E0%A4", "/tags/%FF"] {
            let (status, _) = get(app(), uri).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        }
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
