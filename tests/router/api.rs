//! The data API: server functions and the static data documents.

use super::*;

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
