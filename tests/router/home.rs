//! The home page: its list, tag filter, search and pages.

use super::*;

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
fn unknown_tags_and_query_keys_are_ignored() {
    run(async {
        let (status, html) = get(app(), "/?tag=nope&utm_source=feed").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(card_titles(&html).len(), 3);
        assert!(!html.contains("class=\"tag-clear\""));
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
