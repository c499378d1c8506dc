//! The summary a post's author marks with `<!-- more -->` (or Jekyll's `excerpt_separator`).

use pulldown_cmark::{Event, TagEnd};

/// Whether `html` is the `<!-- more -->` marker (any spacing or case, as Zola and Hugo accept).
fn is_more_marker(html: &str) -> bool {
    html.trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim().eq_ignore_ascii_case("more"))
}

/// The plain text before the first `<!-- more -->` marker, with whitespace collapsed; `None` when
/// there is no marker, or nothing but markup before it.
pub fn text_before_more(events: &[Event]) -> Option<String> {
    let marker = events.iter().position(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => is_more_marker(html),
        _ => false,
    })?;
    plain_text(&events[..marker])
}

/// The plain text of the Markdown before the first `separator` in `markdown` (Jekyll's
/// `excerpt_separator`); `None` when it does not occur or nothing but markup precedes it.
pub fn text_before(markdown: &str, separator: &str) -> Option<String> {
    let head = &markdown[..markdown.find(separator)?];
    plain_text(&pulldown_cmark::Parser::new(head).collect::<Vec<_>>())
}

/// The words of `events`, with whitespace collapsed; `None` when there are none.
fn plain_text(events: &[Event]) -> Option<String> {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            // Block ends and line breaks separate words that the source kept apart.
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(end) if !is_inline(end) => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// Whether `end` closes inline markup, which does not separate words (`*a*b` is one word).
fn is_inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn summary(markdown: &str) -> Option<String> {
        text_before_more(&Parser::new(markdown).collect::<Vec<_>>())
    }

    #[test]
    fn text_before_the_more_marker_is_the_summary() {
        assert_eq!(
            summary(
                "First *paragraph*\nwith **`code`**.\n\nSecond one.\n\n<!-- more -->\n\nHidden."
            )
            .as_deref(),
            Some("First paragraph with code. Second one.")
        );
    }

    #[test]
    fn the_marker_may_be_written_tightly_or_in_capitals() {
        assert_eq!(
            summary("Intro.\n\n<!--more-->\n\nRest.").as_deref(),
            Some("Intro.")
        );
        assert_eq!(
            summary("Intro.\n\n<!-- MORE -->\n").as_deref(),
            Some("Intro.")
        );
        assert_eq!(
            summary("Intro. <!-- more --> Rest.").as_deref(),
            Some("Intro.")
        );
    }

    #[test]
    fn without_a_marker_there_is_no_summary() {
        assert_eq!(summary("Just text.\n\n<!-- a comment -->\n"), None);
        assert_eq!(summary("<!-- more -->\n\nNothing before."), None);
    }

    #[test]
    fn markup_is_dropped_and_blocks_are_separated() {
        assert_eq!(
            summary("## Heading\nText\n\n- one\n- two\n\n<!-- more -->").as_deref(),
            Some("Heading Text one two")
        );
    }
}
