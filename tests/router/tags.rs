//! The tags page and each tag's pages.

use super::*;

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
