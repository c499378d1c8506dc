//! Post pages: head tags, rendered body, headings, code, reading time and bundles.

use super::*;

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
        assert!(html.contains(
            "<span class=\"author\"><a rel=\"author\" href=\"/authors/mara-lindqvist\">Mara Lindqvist</a></span>"
        ));
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
        // The cover is the top of the page: fetched at once, not lazily.
        assert!(
            html.contains(
                "<img src=\"/images/cover.svg\" alt=\"A cover picture\" fetchpriority=\"high\" decoding=\"async\">"
            ),
            "{html}"
        );
        assert!(html.contains("class=\"footnote-definition\""));
        assert!(html.contains(
            "<meta property=\"og:image\" content=\"http://127.0.0.1:3000/images/cover.svg\">"
        ));
        assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
        assert!(
            html.contains(
                "<span class=\"author\"><a rel=\"author\" href=\"/authors/ada-quill\">Ada Quill</a></span>"
            ),
            "site author fills in"
        );
    })
}
