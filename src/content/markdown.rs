//! Markdown to HTML, once per post at load time, with everything the reading features need:
//! highlighted code, heading ids and anchors, the table of contents, reading time and summary.

use super::references::{self, ImageSizes, PostRef};
use super::sanitize::{self, RawHtml};
use super::trusted::Trusted;
use super::{components, headings, highlight, math, reading_time, shortcodes, summary};
use crate::error::Problem;
use crate::model::TocEntry;
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// Length, in characters, near which a generated description is cut.
pub const DESCRIPTION_LENGTH: usize = 160;

/// A rendered Markdown body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// The plain text of the first paragraph (empty if there is none).
    pub first_paragraph: String,
    /// The prose of the whole body as plain text, code blocks left out: what search reads.
    pub text: String,
    /// The plain text before a `<!-- more -->` marker, if the body has one.
    pub summary: Option<String>,
    /// Estimated reading time in minutes, at least 1.
    pub reading_minutes: u32,
    /// The table of contents (empty for fewer than three h2-h4 headings).
    pub toc: Vec<TocEntry>,
    /// Links to other posts, to check against the index.
    pub post_refs: Vec<PostRef>,
    /// Problems that do not stop the post from loading (an image without alt text).
    pub problems: Vec<Problem>,
}

/// The Markdown extensions Quire enables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

/// Renders `markdown` to HTML and extracts what lists and the post page show besides the body.
pub fn render(markdown: &str) -> Rendered {
    render_with(markdown, 1, &|_| None, RawHtml::default())
}

/// [`render`] for a body starting at line `first_line` of its file, with image sizes from `sizes`.
pub fn render_with(
    markdown: &str,
    first_line: usize,
    sizes: ImageSizes<'_>,
    raw_html: RawHtml,
) -> Rendered {
    render_in(markdown, first_line, sizes, raw_html, None)
}

/// [`render_with`] for a bundle served at `base`: relative images and links point beside it
/// (see [`references::resolve`]).
pub fn render_in(
    markdown: &str,
    first_line: usize,
    sizes: ImageSizes<'_>,
    raw_html: RawHtml,
    base: Option<&str>,
) -> Rendered {
    let original = markdown;
    let expanded = components::expand(markdown, first_line, base);
    let markdown = expanded.markdown.as_str();
    let parsed: Vec<_> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    let calls = shortcodes::find(markdown, &parsed, first_line);
    let line_of = |offset: usize| {
        first_line
            + markdown
                .get(..offset)
                .map_or(0, |head| head.matches('\n').count())
    };
    let mut trusted = Trusted::new();
    let (mut parsed, mut problems) = expanded.substitute(parsed, &mut trusted, &line_of);
    if math::any(&parsed) {
        problems.extend(math::render(&mut parsed, &mut trusted, &line_of));
    }
    let mut resolved = references::resolve(parsed, markdown, first_line, sizes, base);
    resolved.problems.extend(expanded.problems.iter().cloned());
    resolved.problems.extend(problems);
    resolved.problems.extend(shortcodes::problems(&calls));
    // By line, as an author reads them; problems of the whole body last.
    resolved.problems.sort_by_key(|problem| {
        problem
            .field
            .strip_prefix("line ")
            .and_then(|line| line.parse::<usize>().ok())
            .unwrap_or(usize::MAX)
    });
    let mut events = resolved.events;
    let needs_cleaning = sanitize::apply(&mut events, raw_html);
    let first_paragraph = first_paragraph_text(&events);
    let text = prose_text(&events);
    let summary = summary::text_before_more(&events);
    let reading_minutes = reading_time::reading_minutes(&events);
    let (events, toc) = headings::anchor_headings(events);
    let events = highlight::highlight_code_blocks(events);
    let events = accessible_blocks(events);
    let mut html_out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut html_out, events.into_iter());
    // Only posts with raw HTML pay for a sanitizing pass over their rendered body.
    if needs_cleaning {
        let depth = html_depth(&html_out);
        if depth > MAX_SANITIZED_DEPTH {
            // Shown as text, the raw HTML needs no sanitizing.
            let mut rendered = render_in(original, first_line, sizes, RawHtml::Escape, base);
            rendered.problems.push(Problem::new(
                "body",
                format!(
                    "expected elements nested at most {MAX_SANITIZED_DEPTH} deep in a post with \
                     raw HTML, found {depth}; the raw HTML is shown as text"
                ),
            ));
            return rendered;
        }
        html_out = sanitize::clean_html(&html_out);
    }
    if !trusted.is_empty() {
        html_out = trusted.fill(&html_out);
    }
    Rendered {
        html: html_out,
        first_paragraph,
        text,
        summary,
        reading_minutes,
        toc,
        post_refs: resolved.post_refs,
        problems: resolved.problems,
    }
}

/// How deeply elements may nest in a post whose raw HTML is sanitized. The sanitizer's HTML
/// parser looks through the open elements for each new one, so its time grows with the square of
/// the nesting: ten thousand nested `<div>`s (or `>` quotes next to any raw HTML) took it seconds,
/// and the hundreds of thousands a post may hold would take hours.
const MAX_SANITIZED_DEPTH: usize = 256;

/// How deeply the elements of `html` nest, about as an HTML parser builds them: void elements, and
/// those the next of their kind closes (`p`, `li`, table cells, ...), do not nest.
fn html_depth(html: &str) -> usize {
    const FLAT: [&str; 21] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let (closing, tag) = match rest.strip_prefix('/') {
            Some(tag) => (true, tag),
            None => (false, rest),
        };
        let name_length = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        let name = tag[..name_length].to_ascii_lowercase();
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) || FLAT.contains(&name.as_str()) {
            continue;
        }
        // Up to the next `<` only, so that text full of `<` is still read once.
        let self_closing = tag
            .find(['<', '>'])
            .is_some_and(|end| tag[..end].ends_with('/') && tag[end..].starts_with('>'));
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Tables wrapped in a focusable region that scrolls sideways on narrow screens (so keyboard users
/// can scroll it too), and task-list checkboxes named for screen readers.
fn accessible_blocks(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len() + 4);
    let mut tables = 0;
    for event in events {
        match event {
            Event::Start(Tag::Table(_)) => {
                // Regions need distinct names: "Table 1", "Table 2", ...
                tables += 1;
                out.push(Event::Html(
                    format!(
                        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table {tables}\">"
                    )
                    .into(),
                ));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html("</div>\n".into()));
            }
            Event::TaskListMarker(done) => out.push(Event::Html(
                if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
                }
                .into(),
            )),
            other => out.push(other),
        }
    }
    out
}

/// Plain text of the first top-level paragraph.
fn first_paragraph_text(events: &[Event]) -> String {
    let mut depth = 0usize;
    let mut inside = false;
    let mut text = String::new();
    for event in events {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => inside = true,
            Event::End(TagEnd::Paragraph) if inside => return text.trim().to_string(),
            Event::Start(_) if !inside => depth += 1,
            Event::End(_) if !inside => depth = depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if inside => text.push_str(t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// The plain text of every block but code blocks, a line per block. Raw HTML is left out.
fn prose_text(events: &[Event]) -> String {
    let mut text = String::new();
    let mut in_code_block = false;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(t) | Event::Code(t) if !in_code_block => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) if !text.ends_with('\n') => text.push('\n'),
            _ => {}
        }
    }
    text.truncate(text.trim_end().len());
    text
}

/// `text` cut at the last word boundary at or before `max` characters, with an ellipsis when cut.
pub fn truncate_at_word(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let head = match cut.rfind(' ') {
        Some(space) if space > 0 => &cut[..space],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        head.trim_end_matches(|c: char| c.is_ascii_punctuation())
    )
}

#[cfg(test)]
mod tests;
