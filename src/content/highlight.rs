//! Syntax highlighting of fenced code blocks at load time, as CSS classes: no JavaScript, and the
//! colours live in `style/main.css` (see [`theme_css`]).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_html, escape_html_body_text};
use std::sync::LazyLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Prefix of every highlighting class (`hl-keyword`), so they never clash with the site's own.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Built-in syntect theme whose colours are used in light mode.
pub const LIGHT_THEME: &str = "InspiredGitHub";
/// Built-in syntect theme whose colours are used in dark mode.
pub const DARK_THEME: &str = "base16-ocean.dark";

/// syntect's bundled grammars have no TOML, which posts use for front matter examples.
const TOML_SYNTAX: &str = include_str!("syntaxes/toml.sublime-syntax");

/// Every grammar, loaded and linked once per process, never per post.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(load_syntaxes);

fn load_syntaxes() -> SyntaxSet {
    let mut builder = SyntaxSet::load_defaults_newlines().into_builder();
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
    let syntax = syntax_for(language)?;
    let spans = highlight(syntax, code)?;
    let mut html = String::with_capacity(spans.len() + 48);
    html.push_str("<pre tabindex=\"0\"><code class=\"language-");
    escape_html(&mut html, language).ok()?;
    html.push_str("\">");
    html.push_str(&spans);
    html.push_str("</code></pre>\n");
    Some(html)
}

/// The grammar for a fence's language token (`rust`, `rs`, `js`, `toml`, `sh`...), if any.
fn syntax_for(language: &str) -> Option<&'static SyntaxReference> {
    if language.is_empty() {
        return None;
    }
    SYNTAXES
        .find_syntax_by_token(language)
        // Plain Text would only wrap the code in one meaningless span.
        .filter(|syntax| syntax.name != "Plain Text")
}

/// `code` as HTML with one `<span class="hl-...">` per scope; `None` if the grammar fails on it.
fn highlight(syntax: &SyntaxReference, code: &str) -> Option<String> {
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if let Err(error) = generator.parse_html_for_line_which_includes_newline(line) {
            tracing::warn!("cannot highlight a {} code block: {error}", syntax.name);
            return None;
        }
    }
    Some(generator.finalize())
}

/// The highlighting section of `style/main.css`: the light theme's colours, and the dark theme's
/// under `prefers-color-scheme: dark`. Each theme is confined to its own scheme so a scope that only
/// the light theme colours never shows its light colour on the dark background.
///
/// Written into the stylesheet by `cargo run --example highlight_css --features ssr`; a test keeps
/// the committed copy up to date.
pub fn theme_css() -> Result<String, String> {
    let themes = ThemeSet::load_defaults();
    let theme_rules = |name: &str| -> Result<String, String> {
        let theme = themes
            .themes
            .get(name)
            .ok_or_else(|| format!("syntect has no built-in theme {name:?}"))?;
        css_for_theme_with_class_style(theme, CLASS_STYLE).map_err(|error| error.to_string())
    };
    let light = |css: String| readable_on(&css, LIGHT_CODE_BACKGROUND);
    let dark = |css: String| readable_on(&css, DARK_CODE_BACKGROUND);
    // Each theme applies when the reader chose it (`<html data-theme>`), or when the system asks
    // for it and the reader chose nothing else. Rules are nested under those selectors (Lightning
    // CSS lowers the nesting); each theme sits wholly inside its condition so colours one theme
    // defines never leak into the other.
    let light = indent(&indent(&light(theme_rules(LIGHT_THEME)?)));
    let dark = indent(&indent(&dark(theme_rules(DARK_THEME)?)));
    Ok(format!(
        "@media not all and (prefers-color-scheme: dark) {{\n  html:not([data-theme=\"dark\"]) {{\n{light}  }}\n}}\n\n\
         @media (prefers-color-scheme: dark) {{\n  html[data-theme=\"light\"] {{\n{light}  }}\n}}\n\n\
         @media (prefers-color-scheme: dark) {{\n  html:not([data-theme=\"light\"]) {{\n{dark}  }}\n}}\n\n\
         @media not all and (prefers-color-scheme: dark) {{\n  html[data-theme=\"dark\"] {{\n{dark}  }}\n}}\n",
    ))
}

/// The code block background of the light theme (`--code-bg` in `style/main.css`).
pub const LIGHT_CODE_BACKGROUND: [u8; 3] = [0xf3, 0xf1, 0xed];
/// The code block background of the dark theme (`--code-bg` in `style/main.css`).
pub const DARK_CODE_BACKGROUND: [u8; 3] = [0x1e, 0x21, 0x26];

/// Contrast every text colour must reach against the code background: WCAG AA for normal text
/// (4.5:1), with a little room for rounding.
pub const MIN_CONTRAST: f64 = 4.6;

/// A theme's CSS made readable on `background`: its own backgrounds are dropped (code sits on the
/// page's code background) and every `color` too faint against it is darkened or lightened,
/// keeping its hue, until it reaches [`MIN_CONTRAST`].
pub fn readable_on(css: &str, background: [u8; 3]) -> String {
    css.lines()
        .filter(|line| !line.trim_start().starts_with("background-color:"))
        .map(|line| match parse_color_declaration(line) {
            Some(color) => {
                let fixed = with_contrast(color, background, MIN_CONTRAST);
                format!(
                    " color: #{:02x}{:02x}{:02x};\n",
                    fixed[0], fixed[1], fixed[2]
                )
            }
            None => format!("{line}\n"),
        })
        .collect()
}

/// The colour of a ` color: #rrggbb;` or ` color: #rrggbbaa;` line (alpha ignored).
fn parse_color_declaration(line: &str) -> Option<[u8; 3]> {
    let hex = line.trim().strip_prefix("color: #")?.strip_suffix(';')?;
    if hex.len() != 6 && hex.len() != 8 {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// WCAG relative luminance of an sRGB colour.
fn luminance(color: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(color[0]) + 0.7152 * linear(color[1]) + 0.0722 * linear(color[2])
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color`, mixed step by step towards black on a light background (white on a dark one) until
/// its contrast with `background` reaches `minimum`.
fn with_contrast(color: [u8; 3], background: [u8; 3], minimum: f64) -> [u8; 3] {
    let target = if luminance(background) > 0.5 {
        0.0
    } else {
        255.0
    };
    let mix = |amount: f64| {
        color.map(|c| (f64::from(c) + (target - f64::from(c)) * amount).round() as u8)
    };
    (0..=100)
        .map(|step| mix(f64::from(step) / 100.0))
        .find(|candidate| contrast(*candidate, background) >= minimum)
        .unwrap_or_else(|| mix(1.0))
}

/// `css` with every non-empty line indented by two spaces.
fn indent(css: &str) -> String {
    css.lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_string()
            } else {
                format!("  {line}\n")
            }
        })
        .collect()
}

/// The line that opens the generated section of `style/main.css`.
pub const CSS_BEGIN: &str =
    "/* ---------- Syntax highlighting (generated by `cargo run --example highlight_css --features ssr`; do not edit) ---------- */";
/// The line that closes it.
pub const CSS_END: &str = "/* ---------- End of generated syntax highlighting ---------- */";

/// `stylesheet` with its generated section replaced by `section` (appended if it has none).
pub fn replace_generated_css(stylesheet: &str, section: &str) -> String {
    let generated = format!("{CSS_BEGIN}\n{section}{CSS_END}\n");
    match (stylesheet.find(CSS_BEGIN), stylesheet.find(CSS_END)) {
        (Some(begin), Some(end)) if begin < end => format!(
            "{}{generated}{}",
            &stylesheet[..begin],
            stylesheet[end + CSS_END.len()..].trim_start_matches('\n')
        ),
        _ => format!("{}\n\n{generated}", stylesheet.trim_end()),
    }
}

#[cfg(test)]
mod contrast_tests {
    use super::*;

    #[test]
    fn faint_colours_are_deepened_until_readable_and_readable_ones_are_kept() {
        let css = ".hl-comment {\n color: #969896;\nfont-style: italic;\n}\n.hl-code {\n color: #323232;\n background-color: #ffffff;\n}\n";
        let fixed = readable_on(css, LIGHT_CODE_BACKGROUND);
        assert!(!fixed.contains("background-color"), "{fixed}");
        assert!(
            fixed.contains(" color: #323232;"),
            "already readable: {fixed}"
        );
        let comment = fixed
            .lines()
            .find_map(parse_color_declaration)
            .expect("the comment colour");
        assert_ne!(comment, [0x96, 0x98, 0x96]);
        assert!(contrast(comment, LIGHT_CODE_BACKGROUND) >= MIN_CONTRAST);
        assert!(
            contrast(comment, LIGHT_CODE_BACKGROUND) < MIN_CONTRAST + 0.5,
            "no darker than needed"
        );
    }

    #[test]
    fn every_colour_of_both_themes_is_readable_on_its_background() {
        let css = theme_css().expect("theme css");
        let (light, dark) = css.split_at(css.find("Base16 Ocean Dark").expect("the dark theme"));
        for (section, background) in [(light, LIGHT_CODE_BACKGROUND), (dark, DARK_CODE_BACKGROUND)]
        {
            for color in section.lines().filter_map(parse_color_declaration) {
                assert!(
                    contrast(color, background) >= MIN_CONTRAST,
                    "{color:?} on {background:?}"
                );
            }
        }
    }
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

    #[test]
    fn the_committed_stylesheet_has_the_current_theme_css() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/style/main.css");
        let stylesheet = std::fs::read_to_string(path).expect("style/main.css");
        let section = theme_css().expect("built-in themes");
        assert!(section.contains(".hl-keyword"), "{section}");
        assert_eq!(
            replace_generated_css(&stylesheet, &section),
            stylesheet,
            "style/main.css is out of date: run `cargo run --example highlight_css --features ssr`"
        );
    }

    #[test]
    fn replacing_the_generated_section_keeps_the_rest() {
        let first = replace_generated_css("a {}\n", "x\n");
        assert_eq!(first, format!("a {{}}\n\n{CSS_BEGIN}\nx\n{CSS_END}\n"));
        let again = replace_generated_css(&format!("{first}b {{}}\n"), "y\n");
        assert_eq!(
            again,
            format!("a {{}}\n\n{CSS_BEGIN}\ny\n{CSS_END}\nb {{}}\n")
        );
    }
}
