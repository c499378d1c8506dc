//! Syntax highlighting of fenced code blocks at load time, as CSS classes: no JavaScript, and the
//! colours live in `style/main.css`, written by [`stylesheet`] (build-time work the server never
//! runs).

pub mod stylesheet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_html, escape_html_body_text};
use std::sync::LazyLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet, SyntaxSetBuilder};
use syntect::util::LinesWithEndings;

/// Prefix of every highlighting class (`hl-keyword`), so they never clash with the site's own.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Built-in syntect theme whose colours are used in light mode.
pub const LIGHT_THEME: &str = "InspiredGitHub";
/// Built-in syntect theme whose colours are used in dark mode.
pub const DARK_THEME: &str = "base16-ocean.dark";

/// syntect's bundled grammars have no TOML, which posts use for front matter examples.
const TOML_SYNTAX: &str = include_str!("syntaxes/toml.sublime-syntax");

/// syntect's grammars exactly as it ships them, loaded once per process, never per post. They are
/// kept apart from [`ADDED`]: merging them into one set would re-serialize and re-compress every
/// bundled grammar at start-up, a fifth of a cold start's CPU.
static DEFAULTS: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The grammars Quire adds (TOML), in a set of their own.
static ADDED: LazyLock<SyntaxSet> = LazyLock::new(load_added);

fn load_added() -> SyntaxSet {
    let mut builder = SyntaxSetBuilder::new();
    // The grammar is part of the binary and covered by a test, so failing here is a build bug.
    match SyntaxDefinition::load_from_str(TOML_SYNTAX, true, None) {
        Ok(toml) => builder.add(toml),
        Err(error) => tracing::error!("the bundled TOML grammar does not load: {error}"),
    }
    builder.build()
}

/// Replaces every code block in `events` by its finished HTML: highlighted when its language is
/// known, otherwise plain escaped code. The `<pre>` is focusable (`tabindex="0"`), so readers
/// without a mouse can scroll a long line into view.
pub fn highlight_code_blocks<'a>(events: Vec<Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            out.push(event);
            continue;
        };
        let mut code = String::new();
        for event in events.by_ref() {
            match event {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(text) => code.push_str(&text),
                _ => {}
            }
        }
        let info = match &kind {
            CodeBlockKind::Fenced(info) => info.as_ref(),
            CodeBlockKind::Indented => "",
        };
        let html = highlighted_block(info, &code).unwrap_or_else(|| plain_block(info, &code));
        out.push(Event::Html(CowStr::from(html)));
    }
    out
}

/// `<pre tabindex="0"><code class="language-x">` with the code escaped, for languages syntect
/// does not know (no class when the fence names none).
fn plain_block(info: &str, code: &str) -> String {
    let language = info.split(' ').next().unwrap_or_default();
    let mut html = String::with_capacity(code.len() + 48);
    html.push_str("<pre tabindex=\"0\"><code");
    if !language.is_empty() {
        html.push_str(" class=\"language-");
        // Writing into a String cannot fail.
        let _ = escape_html(&mut html, language);
        html.push('"');
    }
    html.push('>');
    let _ = escape_html_body_text(&mut html, code);
    html.push_str("</code></pre>\n");
    html
}

/// `<pre><code class="language-x">` with highlight spans, or `None` when the fence names no
/// language syntect knows.
fn highlighted_block(info: &str, code: &str) -> Option<String> {
    // The same first word pulldown-cmark puts in the `language-` class.
    let language = info.split(' ').next().unwrap_or_default();
    let (syntax, set) = syntax_for(language)?;
    let spans = highlight(syntax, set, code)?;
    let mut html = String::with_capacity(spans.len() + 48);
    html.push_str("<pre tabindex=\"0\"><code class=\"language-");
    escape_html(&mut html, language).ok()?;
    html.push_str("\">");
    html.push_str(&spans);
    html.push_str("</code></pre>\n");
    Some(html)
}

/// The grammar for a fence's language token (`rust`, `rs`, `js`, `toml`, `sh`...) with the set
/// that holds it, if any.
fn syntax_for(language: &str) -> Option<(&'static SyntaxReference, &'static SyntaxSet)> {
    if language.is_empty() {
        return None;
    }
    [&*ADDED, &*DEFAULTS]
        .into_iter()
        .find_map(|set| {
            set.find_syntax_by_token(language)
                .map(|syntax| (syntax, set))
        })
        // Plain Text would only wrap the code in one meaningless span.
        .filter(|(syntax, _)| syntax.name != "Plain Text")
}

/// `code` as HTML with one `<span class="hl-...">` per scope; `None` if the grammar fails on it.
fn highlight(syntax: &SyntaxReference, set: &SyntaxSet, code: &str) -> Option<String> {
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if let Err(error) = generator.parse_html_for_line_which_includes_newline(line) {
            tracing::warn!("cannot highlight a {} code block: {error}", syntax.name);
            return None;
        }
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Parser};

    fn render(markdown: &str) -> String {
        let events = highlight_code_blocks(Parser::new(markdown).collect());
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn known_languages_are_highlighted_with_prefixed_classes() {
        let html = render("```rust\nfn main() { let x = a < b; }\n```\n");
        assert!(
            html.starts_with(
                "<pre tabindex=\"0\"><code class=\"language-rust\"><span class=\"hl-source hl-rust\">"
            ),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-storage hl-type hl-function"),
            "{html}"
        );
        assert!(html.contains("&lt;"), "code is escaped: {html}");
        assert!(html.ends_with("</code></pre>\n"), "{html}");
    }

    #[test]
    fn languages_are_matched_by_name_or_extension() {
        for language in [
            "rust",
            "rs",
            "js",
            "javascript",
            "toml",
            "yaml",
            "yml",
            "sh",
            "bash",
            "html",
            "css",
            "json",
            "python",
        ] {
            let html = render(&format!("```{language}\nx = 1\n```\n"));
            assert!(html.contains("<span class=\"hl-"), "{language}: {html}");
            assert!(
                html.starts_with(&format!(
                    "<pre tabindex=\"0\"><code class=\"language-{language}\">"
                )),
                "{language}: {html}"
            );
        }
    }

    #[test]
    fn toml_keys_strings_and_tables_are_highlighted() {
        let html = render("```toml\n[site]\ntitle = \"Quire\" # name\n```\n");
        for scope in [
            "hl-entity hl-name hl-section",
            "hl-entity hl-name hl-tag",
            "hl-string",
            "hl-comment",
        ] {
            assert!(html.contains(scope), "{scope}: {html}");
        }
    }

    #[test]
    fn unknown_languages_fall_back_to_escaped_code() {
        let html = render("```klingon\nqapla' <b>&\n```\n");
        assert_eq!(
            html,
            "<pre tabindex=\"0\"><code class=\"language-klingon\">qapla' &lt;b&gt;&amp;\n</code></pre>\n"
        );
    }

    #[test]
    fn missing_languages_and_indented_code_stay_plain() {
        assert_eq!(
            render("```\na < b\n```\n"),
            "<pre tabindex=\"0\"><code>a &lt; b\n</code></pre>\n"
        );
        assert_eq!(
            render("    a < b\n"),
            "<pre tabindex=\"0\"><code>a &lt; b\n</code></pre>\n"
        );
        assert_eq!(
            render("```text\nplain\n```\n"),
            "<pre tabindex=\"0\"><code class=\"language-text\">plain\n</code></pre>\n"
        );
    }

    #[test]
    fn languages_that_could_break_the_attribute_are_escaped() {
        // Not a known language, so pulldown-cmark escapes it; a known one is escaped by us.
        let html = render("```\"><script>\nx\n```\n");
        assert!(!html.contains("<script>"), "{html}");
    }
}
