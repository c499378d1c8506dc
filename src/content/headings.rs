//! Heading ids, anchor links and the table of contents.

use crate::model::TocEntry;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;
use std::collections::HashSet;

/// A post needs at least this many h2-h4 headings to get a table of contents.
pub const TOC_MIN_HEADINGS: usize = 3;

/// The GitHub-style id of a heading's text: lowercased, letters, digits, `-` and `_` of any script
/// kept, each space turned into `-`, everything else dropped. `Hello, World!` -> `hello-world`.
pub fn heading_slug(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Hands out ids that are unique in one post.
#[derive(Debug, Default)]
struct Ids {
    used: HashSet<String>,
}

impl Ids {
    /// `base` itself if still free, else `base-1`, `base-2`... as GitHub numbers repeated headings.
    fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let mut id = base.to_string();
        let mut n = 0;
        while self.used.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone());
        id
    }
}

/// Gives every heading in `events` an id (its `{#custom-id}` if written, else a unique slug) and an
/// anchor link to itself, and returns the events with the table of contents.
pub fn anchor_headings(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Vec<TocEntry>) {
    // Written ids win, so generated ones must step around them wherever they appear.
    let mut ids = Ids {
        used: events
            .iter()
            .filter_map(|event| match event {
                Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                _ => None,
            })
            .collect(),
    };
    let mut out = Vec::with_capacity(events.len());
    let mut headings = Vec::new();
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            out.push(event);
            continue;
        };
        let inner: Vec<Event> = events
            .by_ref()
            .take_while(|event| !matches!(event, Event::End(TagEnd::Heading(_))))
            .collect();
        let text = plain_text(&inner);
        let id = match id {
            Some(id) => id.to_string(),
            None => ids.unique(&heading_slug(&text)),
        };
        out.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id.clone())),
            classes,
            attrs,
        }));
        out.extend(inner);
        out.push(Event::InlineHtml(CowStr::from(anchor_html(&id))));
        out.push(Event::End(TagEnd::Heading(level)));
        headings.push((level, id, text));
    }
    (out, table_of_contents(headings))
}

/// The anchor link put at the end of a heading.
///
/// It is hidden from assistive technology so the heading's accessible name stays its own text
/// ("Lists", not "Lists #"), and out of the tab order so keyboard users do not meet a link per
/// heading; they have the table of contents, which links to the same ids.
fn anchor_html(id: &str) -> String {
    let mut escaped = String::with_capacity(id.len());
    // Writing to a String cannot fail.
    let _ = escape_html(&mut escaped, id);
    format!(
        " <a class=\"heading-anchor\" href=\"#{escaped}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
    )
}

/// The h2-h4 headings, if there are enough of them to be worth a contents list.
fn table_of_contents(headings: Vec<(HeadingLevel, String, String)>) -> Vec<TocEntry> {
    let toc: Vec<TocEntry> = headings
        .into_iter()
        .filter_map(|(level, id, text)| {
            let level = match level {
                HeadingLevel::H2 => 2,
                HeadingLevel::H3 => 3,
                HeadingLevel::H4 => 4,
                _ => return None,
            };
            Some(TocEntry { level, id, text })
        })
        .collect();
    if toc.len() >= TOC_MIN_HEADINGS {
        toc
    } else {
        Vec::new()
    }
}

/// The text of inline events, without markup.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Options, Parser};

    fn render(markdown: &str) -> (String, Vec<TocEntry>) {
        let events = Parser::new_ext(markdown, Options::ENABLE_HEADING_ATTRIBUTES).collect();
        let (events, toc) = anchor_headings(events);
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        (out, toc)
    }

    fn ids(toc: &[TocEntry]) -> Vec<&str> {
        toc.iter().map(|entry| entry.id.as_str()).collect()
    }

    #[test]
    fn slugs_are_lowercase_with_dashes_and_no_punctuation() {
        assert_eq!(heading_slug("Hello, World!"), "hello-world");
        assert_eq!(heading_slug("What's new in 0.8?"), "whats-new-in-08");
        assert_eq!(
            heading_slug("snake_case and kebab-case"),
            "snake_case-and-kebab-case"
        );
        assert_eq!(heading_slug("  Padded  "), "padded");
    }

    #[test]
    fn slugs_keep_letters_of_every_script() {
        assert_eq!(heading_slug("Café Ünïcode"), "café-ünïcode");
        assert_eq!(heading_slug("京都の朝"), "京都の朝");
    }

    #[test]
    fn headings_get_an_id_and_a_hidden_anchor_link() {
        let (html, _) = render("## Getting `started` *now*\n");
        assert_eq!(
            html,
            "<h2 id=\"getting-started-now\">Getting <code>started</code> <em>now</em> \
             <a class=\"heading-anchor\" href=\"#getting-started-now\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n"
        );
    }

    #[test]
    fn duplicate_headings_get_numbered_ids() {
        let (_, toc) = render("## Notes\n## Notes\n## Notes\n");
        assert_eq!(ids(&toc), ["notes", "notes-1", "notes-2"]);
    }

    #[test]
    fn a_custom_id_wins_and_generated_ids_avoid_it() {
        let (html, toc) = render("## Intro\n## Setup {#intro}\n## Other {#custom-id}\n");
        assert_eq!(ids(&toc), ["intro-1", "intro", "custom-id"]);
        assert!(html.contains("<h2 id=\"custom-id\">Other"), "{html}");
        assert!(html.contains("href=\"#custom-id\""), "{html}");
    }

    #[test]
    fn headings_without_letters_still_get_an_id() {
        let (html, _) = render("## !!!\n");
        assert!(html.starts_with("<h2 id=\"section\">"), "{html}");
    }

    #[test]
    fn three_headings_from_h2_to_h4_make_a_table_of_contents() {
        let (_, toc) = render("# Top\n## A\n### B\n#### C\n##### Deep\n");
        assert_eq!(
            toc,
            [
                TocEntry {
                    level: 2,
                    id: "a".into(),
                    text: "A".into()
                },
                TocEntry {
                    level: 3,
                    id: "b".into(),
                    text: "B".into()
                },
                TocEntry {
                    level: 4,
                    id: "c".into(),
                    text: "C".into()
                },
            ]
        );
    }

    #[test]
    fn fewer_than_three_headings_make_no_table_of_contents() {
        let (html, toc) = render("# Title\n## One\n## Two\n##### Five\n");
        assert!(toc.is_empty(), "{toc:?}");
        assert!(
            html.contains("<h2 id=\"two\">"),
            "ids are given anyway: {html}"
        );
    }

    #[test]
    fn ids_that_could_break_the_attribute_are_escaped() {
        let (html, _) = render("## Title {#a\"b}\n");
        assert!(!html.contains("#a\"b\""), "{html}");
    }
}
