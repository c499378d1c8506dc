//! Each component's rendering and errors, through the whole Markdown pipeline.

use crate::content::markdown::{render, render_with, Rendered};
use crate::content::sanitize::RawHtml;

fn problems(rendered: &Rendered) -> Vec<String> {
    rendered
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.field, p.message))
        .collect()
}

fn clean(markdown: &str) -> Rendered {
    let rendered = render(markdown);
    assert!(rendered.problems.is_empty(), "{:?}", problems(&rendered));
    rendered
}

#[test]
fn a_callout_wraps_its_markdown_body_under_a_title() {
    let html = clean(":::callout{kind=warning}\nMind the **gap**.\n:::\n").html;
    assert!(
        html.contains("<div class=\"callout callout-warning\" role=\"note\">"),
        "{html}"
    );
    assert!(html.contains("</span>Warning</p>"), "{html}");
    assert!(
        html.contains("<p>Mind the <strong>gap</strong>.</p>\n</div>"),
        "{html}"
    );
}

#[test]
fn callout_aliases_labels_and_docusaurus_titles_name_the_box() {
    let html = clean(":::tip[Before you start]\nA\n:::\n\n:::caution Hot surface\nB\n:::\n").html;
    assert!(html.contains("callout-tip"), "{html}");
    assert!(html.contains("</span>Before you start</p>"), "{html}");
    assert!(html.contains("callout-caution"), "{html}");
    assert!(html.contains("</span>Hot surface</p>"), "{html}");
}

#[test]
fn github_alerts_are_callouts() {
    let html = clean("> [!IMPORTANT]\n> Back up first.\n").html;
    assert!(html.contains("callout-important"), "{html}");
    assert!(html.contains("</span>Important</p>"), "{html}");
    assert!(html.contains("<p>Back up first.</p>"), "{html}");
    assert!(!html.contains("[!IMPORTANT]"), "{html}");
    assert!(!html.contains("<blockquote"), "{html}");
}

#[test]
fn details_need_a_summary_and_may_start_open() {
    let html = clean(":::details[Why *this* works]{open}\nBecause.\n:::\n").html;
    assert!(
        html.contains(
            "<details class=\"details\" open>\n<summary>Why <em>this</em> works</summary>"
        ),
        "{html}"
    );
    assert!(html.contains("<p>Because.</p>\n</details>"), "{html}");
    let missing = render("Intro\n\n:::details\nBody\n:::\n");
    assert_eq!(
        problems(&missing),
        ["line 3: `details` needs a summary; expected `:::details[What the reader clicks]`; the call is shown as text"]
    );
    assert!(
        missing.html.contains("<p>:::details</p>"),
        "{}",
        missing.html
    );
    assert!(missing.html.contains("<p>Body</p>"), "{}", missing.html);
}

#[test]
fn a_figure_has_its_image_caption_and_credit() {
    let sizes = |url: &str| {
        (url == "/images/chart.png").then(|| crate::content::images::ImageInfo::sized(800, 400))
    };
    let html = render_with(
        "::figure{src=\"/images/chart.png\" alt=\"Requests per second\" caption=\"Throughput, *higher* is better\" credit=\"Measured on CI\"}\n",
        1,
        &sizes,
        RawHtml::default(),
    )
    .html;
    assert!(html.starts_with("<figure class=\"figure\">"), "{html}");
    assert!(html.contains("alt=\"Requests per second\""), "{html}");
    assert!(html.contains("width=\"800\" height=\"400\""), "{html}");
    assert!(
        html.contains("<figcaption>Throughput, <em>higher</em> is better <span class=\"figure-credit\">Measured on CI</span></figcaption>"),
        "{html}"
    );
    let body = clean(":::figure{src=\"/a.png\" alt=\"A\"}\nThe *caption*.\n:::\n").html;
    assert!(body.contains("<figcaption>"), "{body}");
    assert!(
        body.contains("<p>The <em>caption</em>.</p>\n</figcaption>\n</figure>"),
        "{body}"
    );
}

#[test]
fn a_figure_needs_an_image_and_alt_text() {
    let rendered = render("::figure{alt=\"x\"}\n\n::figure{src=\"a.png\"}\n\n::figure{src=\"javascript:alert(1)\" alt=\"x\"}\n");
    let found = problems(&rendered);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[0].starts_with("line 1: `figure` needs `src`"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("line 3: `figure` needs `alt`"),
        "{found:?}"
    );
    assert!(
        found[2].starts_with("line 5: `figure`: expected `src` to be the image"),
        "{found:?}"
    );
    assert!(!rendered.html.contains("<img"), "{}", rendered.html);
    assert!(
        rendered.html.contains("<p>::figure{alt=\"x\"}</p>"),
        "{}",
        rendered.html
    );
}

#[test]
fn a_youtube_video_loads_nothing_from_youtube_until_clicked() {
    let html = clean("::youtube{id=\"dQw4w9WgXcQ\" title=\"A talk\" start=42}\n").html;
    assert!(
        html.contains("data-embed-src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;start=42\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=42s\""),
        "{html}"
    );
    assert!(!html.contains("<iframe"), "{html}");
    assert!(!html.contains("ytimg"), "{html}");
    let bad = render("::youtube{id=\"nope\" title=\"x\"}\n\n::youtube{id=\"dQw4w9WgXcQ\"}\n\n::youtube{id=\"dQw4w9WgXcQ\" title=\"t\" start=soon}\n");
    let found = problems(&bad);
    assert!(
        found[0].contains("expected `id` to be the 11 characters"),
        "{found:?}"
    );
    assert!(found[1].contains("`youtube` needs `title`"), "{found:?}");
    assert!(
        found[2].contains("expected `start` to be whole seconds, found \"soon\""),
        "{found:?}"
    );
}

#[test]
fn a_video_preloads_nothing_and_names_a_foreign_origin() {
    let html = clean("::video{src=\"https://media.example/clip.mp4\" title=\"Demo\" poster=\"/images/poster.png\"}\n").html;
    assert!(
        html.contains("data-media-origin=\"https://media.example\""),
        "{html}"
    );
    assert!(
        html.contains("<video controls preload=\"none\" src=\"https://media.example/clip.mp4\""),
        "{html}"
    );
    assert!(html.contains("poster=\"/images/poster.png\""), "{html}");
    let local = clean("::video{src=\"/clips/a.webm\" title=\"Local\"}\n").html;
    assert!(!local.contains("data-media-origin"), "{local}");
    let bad = render("::video{src=\"http://insecure.example/a.mp4\" title=\"x\"}\n");
    assert!(
        problems(&bad)[0].contains("expected `src` to be the video file"),
        "{:?}",
        problems(&bad)
    );
}

#[test]
fn tabs_render_an_island_tablist_and_labelled_panels() {
    let html = clean(
        "::::tabs\n:::tab[Rust]\n```rust\nfn main() {}\n```\n:::\n:::tab[Python]\n```python\nprint()\n```\n:::\n::::\n",
    )
    .html;
    for expected in [
        "<div class=\"tabs\" id=\"tabs-1\">\n<div class=\"tab-list\" role=\"tablist\">",
        "<button type=\"button\" role=\"tab\" class=\"tab\" id=\"tabs-1-tab-0\" aria-controls=\"tabs-1-0\" aria-selected=\"true\" tabindex=\"0\">Rust</button>",
        "aria-controls=\"tabs-1-1\" aria-selected=\"false\" tabindex=\"-1\">Python</button></div>",
        "<leptos-island data-component=\"Tabs_",
        "<div class=\"tab-panel\" id=\"tabs-1-0\" role=\"tabpanel\" aria-labelledby=\"tabs-1-tab-0\" tabindex=\"0\">\n<p class=\"tab-label\">Rust</p>",
        "<div class=\"tab-panel\" id=\"tabs-1-1\" role=\"tabpanel\" aria-labelledby=\"tabs-1-tab-1\" tabindex=\"0\">\n<p class=\"tab-label\">Python</p>",
        "language-python",
    ] {
        assert!(html.contains(expected), "{expected} not in {html}");
    }
    // The island carries no props: the labels are already in the page.
    assert!(!html.contains("data-props"), "{html}");
}

#[test]
fn tabs_need_two_labelled_tabs_and_tabs_need_tabs() {
    let one = render("::::tabs\n:::tab[Only]\nx\n:::\n::::\n");
    assert!(
        problems(&one)[0].contains("line 1: `tabs` needs two or more"),
        "{:?}",
        problems(&one)
    );
    let stray = render(":::tab[Loose]\nx\n:::\n");
    assert!(
        problems(&stray)[0].contains("`tab` belongs directly inside `:::tabs`"),
        "{:?}",
        problems(&stray)
    );
    let unlabelled = render("::::tabs\n:::tab\na\n:::\n:::tab[B]\nb\n:::\n::::\n");
    assert!(
        problems(&unlabelled)
            .iter()
            .any(|p| p.contains("line 2: `tab` needs a label")),
        "{:?}",
        problems(&unlabelled)
    );
}

#[test]
fn the_example_component_links_a_crate() {
    let html = clean("::crate{name=serde version=1.0.228}\n").html;
    assert!(
        html.contains("href=\"https://crates.io/crates/serde\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://docs.rs/serde/1.0.228\""),
        "{html}"
    );
}

#[test]
fn unknown_components_bad_arguments_and_stray_closers_are_reported_by_line() {
    let rendered = render(
        "# Title\n\n::sparkle{x=1}\n\n:::note{colour=red}\nBody\n:::\n\n:::\n\n::details[x]\n\n:::note\nNever closed\n",
    );
    let found = problems(&rendered);
    assert!(
        found[0].starts_with(
            "line 3: unknown component `sparkle`; expected one of callout, crate, details"
        ),
        "{found:?}"
    );
    assert!(
        found[1]
            .starts_with("line 5: `note` has no argument `colour`; expected one of kind, title"),
        "{found:?}"
    );
    assert!(
        found[2].starts_with("line 9: found `:::` with no component open"),
        "{found:?}"
    );
    assert!(
        found[3].starts_with("line 11: `details` needs a body"),
        "{found:?}"
    );
    assert!(
        found[4].starts_with("line 13: `:::note` is never closed"),
        "{found:?}"
    );
    assert!(
        rendered.html.contains("::sparkle{x=1}"),
        "{}",
        rendered.html
    );
    assert!(
        rendered.html.contains("<p>Never closed</p>\n</div>"),
        "{}",
        rendered.html
    );
}

#[test]
fn directives_inside_code_blocks_are_code() {
    let html = clean("```markdown\n:::note\nnot a callout\n:::\n```\n\n    ::youtube{id=x}\n").html;
    assert!(!html.contains("callout-note"), "{html}");
    assert!(html.contains(":::note\nnot a callout\n:::"), "{html}");
    assert!(html.contains("::youtube{id=x}"), "{html}");
}

#[test]
fn components_keep_line_numbers_of_later_problems() {
    let rendered = render(":::note\nBody\n:::\n\n![](/missing-alt.png)\n");
    assert_eq!(
        problems(&rendered),
        ["line 5: image \"/missing-alt.png\" has no alt text; expected ![what it shows](/missing-alt.png)"]
    );
}

#[test]
fn component_markup_survives_the_sanitizer_and_raw_html_does_not() {
    let rendered = render(
        "<div onclick=\"x()\">raw <script>alert(1)</script></div>\n\n::::tabs\n:::tab[A]\n<img src=x onerror=alert(2)>\n:::\n:::tab[B]\nb\n:::\n::::\n\n::youtube{id=\"dQw4w9WgXcQ\" title=\"t\"}\n",
    );
    let html = rendered.html;
    assert!(
        html.contains("<leptos-island data-component=\"Tabs_"),
        "{html}"
    );
    assert!(
        html.contains("data-embed-src=\"https://www.youtube-nocookie.com/"),
        "{html}"
    );
    for gone in ["onclick", "<script", "alert(1)", "onerror", "alert(2)"] {
        assert!(!html.contains(gone), "{gone} survived: {html}");
    }
}

#[test]
fn raw_html_cannot_forge_component_markup() {
    let html = render(
        "<leptos-island data-component=\"Tabs_x\" data-props=\"{}\">x</leptos-island>\n\n<figure data-embed-src=\"https://evil.example\">y</figure>\n\n<!--quire:0000000000000000:0-->\n",
    )
    .html;
    assert!(!html.contains("<leptos-island"), "{html}");
    assert!(!html.contains("data-embed-src"), "{html}");
    assert!(!html.contains("quire:"), "{html}");
}

#[test]
fn escape_mode_shows_raw_html_but_still_renders_components() {
    let html = render_with(
        ":::note\n<b>bold?</b>\n:::\n",
        1,
        &|_| None,
        RawHtml::Escape,
    )
    .html;
    assert!(html.contains("callout-note"), "{html}");
    assert!(html.contains("&lt;b&gt;bold?&lt;/b&gt;"), "{html}");
}

#[test]
fn hostile_arguments_are_escaped() {
    let html = clean(
        ":::callout[<img src=x onerror=alert(1)>]\nx\n:::\n\n::youtube{id=\"dQw4w9WgXcQ\" title=\"\\\"><script>alert(2)</script>\"}\n",
    )
    .html;
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
}
