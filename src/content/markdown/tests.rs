//! Tests of `markdown`.

use super::*;

#[test]
fn tables_footnotes_strikethrough_tasks_and_heading_ids_render() {
    let html = render(
        "## Hello {#custom-id}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ note[^1]\n\n\
             - [x] done\n- [ ] todo\n\n[^1]: The note.\n",
    )
    .html;
    assert!(
        html.contains("<h2 id=\"custom-id\">Hello <a class=\"heading-anchor\" href=\"#custom-id\""),
        "{html}"
    );
    assert!(
        html.contains("<table>") && html.contains("<th>a</th>"),
        "{html}"
    );
    assert!(html.contains("<del>gone</del>"), "{html}");
    assert!(html.contains("class=\"footnote-reference\""), "{html}");
    assert!(html.contains("class=\"footnote-definition\""), "{html}");
    assert!(
        html.contains("type=\"checkbox\"") && html.contains("checked"),
        "{html}"
    );
}

const HOSTILE: &str = "Hi <script>alert(1)</script> <kbd>K</kbd> <img src=x onerror=alert(2)>\n\n\
        [x](javascript:alert(3)) ![y](data:text/html;base64,PHNjcmlwdD4=) [ok](/posts/a)\n";

fn render_as(markdown: &str, mode: RawHtml) -> String {
    render_with(markdown, 1, &|_| None, mode).html
}

#[test]
fn sanitize_mode_removes_scripts_handlers_and_unsafe_urls_but_keeps_markup() {
    let html = render_as(HOSTILE, RawHtml::Sanitize);
    for gone in ["<script", "alert(", "onerror", "javascript:", "data:"] {
        assert!(!html.contains(gone), "{gone} survived: {html}");
    }
    assert!(html.contains("<kbd>K</kbd>"), "{html}");
    assert!(html.contains("<a href=\"#\">x</a>"), "{html}");
    assert!(html.contains("<a href=\"/posts/a\">ok</a>"), "{html}");
}

#[test]
fn escape_mode_shows_raw_html_as_text() {
    let html = render_as(HOSTILE, RawHtml::Escape);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("&lt;kbd&gt;K&lt;/kbd&gt;"), "{html}");
    assert!(
        !html.contains("javascript:") && !html.contains("<script"),
        "{html}"
    );
}

#[test]
fn heading_attributes_keep_id_and_classes_but_never_add_handlers() {
    // Found by `make fuzz`: `{key=value}` after a heading wrote any attribute.
    let markdown = "## Title {#own .wide onclick=alert(1) onmouseover}\n";
    for mode in [RawHtml::Sanitize, RawHtml::Escape] {
        let html = render_as(markdown, mode);
        assert!(
            !html.contains("onclick") && !html.contains("onmouseover"),
            "{html}"
        );
        assert!(
            html.contains("id=\"own\"") && html.contains("class=\"wide\""),
            "{html}"
        );
    }
    assert!(render_as(markdown, RawHtml::Trust).contains("onclick=\"alert(1)\""));
}

#[test]
fn trust_mode_keeps_raw_html_as_written() {
    let html = render_as(HOSTILE, RawHtml::Trust);
    assert!(html.contains("<script>alert(1)</script>"), "{html}");
    assert!(html.contains("href=\"javascript:alert(3)\""), "{html}");
}

#[test]
fn sanitizing_keeps_everything_quire_itself_renders() {
    let markdown = "## Part <kbd>one</kbd>\n\n```rust\nlet x = 1;\n```\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\n- [x] done\n\nNote.[^n]\n\n[^n]: A footnote.\n";
    let trusted = render_as(markdown, RawHtml::Trust);
    let sanitized = render_as(markdown, RawHtml::Sanitize);
    for kept in [
        "<h2 id=\"part-one\">",
        "class=\"heading-anchor\"",
        "<pre tabindex=\"0\"><code class=\"language-rust\"><span class=\"hl-",
        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table 1\">",
        "style=\"text-align: center\"",
        "aria-label=\"Done\"",
        "class=\"footnote-reference\"",
    ] {
        assert!(trusted.contains(kept), "{kept} not rendered: {trusted}");
        assert!(
            sanitized.contains(kept),
            "{kept} lost to the sanitizer: {sanitized}"
        );
    }
}

#[test]
fn posts_without_raw_html_skip_the_sanitizer() {
    let markdown = "# Title\n\nText with a [link](/posts/a) and `code`.\n";
    assert_eq!(
        render_as(markdown, RawHtml::Sanitize),
        render_as(markdown, RawHtml::Trust)
    );
}

#[test]
fn tables_scroll_in_a_focusable_region_and_task_boxes_are_named() {
    let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n").html;
    assert!(
            html.starts_with(
                "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table 1\"><table>"
            ),
            "{html}"
        );
    assert!(html.contains("</table>\n</div>"), "{html}");
    assert!(
        html.contains("<input type=\"checkbox\" disabled checked aria-label=\"Done\"> done"),
        "{html}"
    );
    assert!(
        html.contains("<input type=\"checkbox\" disabled aria-label=\"Not done\"> todo"),
        "{html}"
    );
}

#[test]
fn code_blocks_keep_their_language_class_and_escape_html() {
    let html = render("```rust\nlet x = a < b;\n```\n").html;
    assert!(
        html.starts_with("<pre tabindex=\"0\"><code class=\"language-rust\"><span class=\"hl-"),
        "{html}"
    );
    assert!(html.contains("&lt;"), "{html}");
    let html = render("```nope\nlet x = a < b;\n```\n").html;
    assert_eq!(
        html,
        "<pre tabindex=\"0\"><code class=\"language-nope\">let x = a &lt; b;\n</code></pre>\n"
    );
}

#[test]
fn the_prose_text_leaves_code_blocks_and_markup_out() {
    let rendered =
        render("# Title\n\nSome *prose* with `code`.\n\n```rust\nlet hidden = 1;\n```\n\n- item\n");
    assert_eq!(rendered.text, "Title\nSome prose with code.\nitem");
}

#[test]
fn a_body_yields_its_summary_reading_time_and_contents() {
    let rendered = render(
            "Intro words.\n\n<!-- more -->\n\n## One\n\n## Two\n\n### Three\n\n```rust\nfn x() {}\n```\n",
        );
    assert_eq!(rendered.summary.as_deref(), Some("Intro words."));
    assert_eq!(rendered.reading_minutes, 1);
    let ids: Vec<&str> = rendered.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["one", "two", "three"]);
    assert!(
        rendered.html.contains("<h3 id=\"three\">"),
        "{}",
        rendered.html
    );
    assert!(rendered.html.contains("hl-rust"), "{}", rendered.html);
}

#[test]
fn first_paragraph_skips_headings_and_joins_lines() {
    let rendered = render("# Title\n\nFirst line\nsecond `code` line.\n\nSecond paragraph.");
    assert_eq!(rendered.first_paragraph, "First line second code line.");
}

#[test]
fn first_paragraph_ignores_paragraphs_nested_in_quotes_and_lists() {
    let rendered = render("> quoted\n\n- item\n\n  more\n\nReal one.");
    assert_eq!(rendered.first_paragraph, "Real one.");
}

#[test]
fn html_depth_counts_nesting_as_a_parser_builds_it() {
    assert_eq!(html_depth("<p>a</p><p>b</p>"), 0);
    assert_eq!(html_depth("<div><div><br><img src=x /></div></div>"), 2);
    assert_eq!(
        html_depth("<ul><li>a<li>b</ul><svg><path d=x/><path/></svg>"),
        1
    );
    assert_eq!(html_depth("a < b << c </ d"), 0);
    assert_eq!(html_depth(&"<div>".repeat(300)), 300);
}

#[test]
fn deeply_nested_raw_html_is_shown_as_text_instead_of_sanitized_for_minutes() {
    let markdown = format!(
        "{}deep{}\n",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    let rendered = render(&markdown);
    assert!(
        rendered.html.starts_with("&lt;div&gt;&lt;div&gt;"),
        "{}",
        &rendered.html[..80]
    );
    assert_eq!(rendered.problems.len(), 1);
    assert_eq!(rendered.problems[0].field, "body");
    assert!(
        rendered.problems[0].message.contains("found 10000"),
        "{:?}",
        rendered.problems
    );
    // Shallow raw HTML is still sanitized, and deep Markdown without raw HTML is rendered.
    let markdown = format!("{}<kbd>K</kbd> <script>x</script>\n", "> ".repeat(100));
    let rendered = render(&markdown);
    assert!(rendered.html.contains("<kbd>K</kbd>") && !rendered.html.contains("<script"));
    assert!(rendered.problems.is_empty());
    let rendered = render(&format!("{}deep\n", "> ".repeat(10_000)));
    assert_eq!(rendered.html.matches("<blockquote>").count(), 10_000);
    assert!(rendered.problems.is_empty());
}

#[test]
fn long_text_is_cut_at_a_word_boundary_with_an_ellipsis() {
    let text = "word ".repeat(60);
    let cut = truncate_at_word(&text, DESCRIPTION_LENGTH);
    assert!(cut.ends_with("word…"), "{cut}");
    assert!(cut.chars().count() <= DESCRIPTION_LENGTH + 1);
    assert_eq!(truncate_at_word("short text", 160), "short text");
}

#[test]
fn cutting_never_splits_a_multibyte_character() {
    let text = "日本語のテキスト".repeat(40);
    let cut = truncate_at_word(&text, 10);
    assert_eq!(cut, format!("{}…", "日本語のテキスト日本"));
}
