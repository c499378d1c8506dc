//! Atom 1.0, written by the `atom_syndication` crate.

use super::{Channel, GENERATOR};
use crate::content::post::Entry;
use crate::error::Error;
use ::atom_syndication::{Category, Content, Feed, Generator, Link, Person, Text};

/// MIME type of an Atom document, for the feed's link to itself.
const MIME_TYPE: &str = "application/atom+xml";

/// The channel as an Atom 1.0 document. Dates are RFC 3339; ids are absolute addresses.
pub fn atom(channel: &Channel) -> Result<String, Error> {
    let updated = channel.updated();
    let page = channel.absolute(&channel.page);
    let document = Feed {
        title: Text::plain(channel.title.clone()),
        id: page.clone(),
        updated,
        authors: vec![person(&channel.author)],
        links: vec![
            link(page, "alternate", "text/html"),
            link(channel.absolute(&channel.atom), "self", MIME_TYPE),
        ],
        subtitle: Some(Text::plain(channel.description.clone())),
        generator: Some(Generator {
            value: GENERATOR.to_string(),
            ..Generator::default()
        }),
        lang: Some(channel.language.clone()),
        entries: channel
            .entries
            .iter()
            .map(|e| entry(channel, e, updated))
            .collect(),
        ..Feed::default()
    };
    let bytes = document
        .write_to(Vec::new())
        .map_err(|e| render_error(channel, e))?;
    String::from_utf8(bytes).map_err(|e| render_error(channel, e))
}

/// One post. Atom requires `updated`: when the post says it was updated, else its publication
/// date, or the feed's for undated posts.
fn entry(
    channel: &Channel,
    entry: &Entry,
    feed_updated: chrono::DateTime<chrono::FixedOffset>,
) -> ::atom_syndication::Entry {
    let summary = &entry.summary;
    let permalink = channel.permalink(entry);
    let published = entry.date.map(|d| d.to_datetime());
    ::atom_syndication::Entry {
        title: Text::plain(summary.title.clone()),
        id: permalink.clone(),
        updated: entry
            .updated
            .map(|d| d.to_datetime())
            .or(published)
            .unwrap_or(feed_updated),
        published,
        authors: if entry.authors.is_empty() {
            vec![person(&summary.author)]
        } else {
            entry.authors.iter().map(|a| person(&a.name)).collect()
        },
        categories: summary
            .tags
            .iter()
            .map(|t| Category {
                term: t.name.clone(),
                ..Category::default()
            })
            .collect(),
        links: vec![link(permalink, "alternate", "text/html")],
        summary: Some(Text::plain(summary.description.clone())),
        content: Some(Content {
            value: Some(entry.html()),
            content_type: Some("html".into()),
            ..Content::default()
        }),
        ..::atom_syndication::Entry::default()
    }
}

fn render_error(
    channel: &Channel,
    error: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> Error {
    Error::render(&channel.atom, error)
}

fn person(name: &str) -> Person {
    Person {
        name: name.to_string(),
        ..Person::default()
    }
}

fn link(href: String, rel: &str, mime_type: &str) -> Link {
    Link {
        href,
        rel: rel.into(),
        mime_type: Some(mime_type.into()),
        ..Link::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::tests::{index, site};

    fn site_feed() -> String {
        let index = index();
        atom(&Channel::site(&index, &site())).expect("writable")
    }

    #[test]
    fn the_feed_has_an_id_links_to_its_page_and_itself_and_a_language() {
        let xml = site_feed();
        assert!(
            xml.contains("xmlns=\"http://www.w3.org/2005/Atom\""),
            "{xml}"
        );
        assert!(xml.contains("xml:lang=\"en-GB\""), "{xml}");
        assert!(xml.contains("<id>https://blog.example/</id>"), "{xml}");
        assert!(
            xml.contains("<updated>2026-02-01T08:00:00+02:00</updated>"),
            "{xml}"
        );
        assert!(
            xml.contains("href=\"https://blog.example/atom.xml\" rel=\"self\""),
            "{xml}"
        );
        assert!(xml.contains("<name>Ada</name>"), "{xml}");
    }

    #[test]
    fn entries_carry_rfc_3339_dates_permalink_ids_and_html_content() {
        let xml = site_feed();
        assert!(
            xml.contains("<id>https://blog.example/posts/older</id>"),
            "{xml}"
        );
        assert!(
            xml.contains("<published>2026-01-10T00:00:00+00:00</published>"),
            "a bare date is midnight UTC: {xml}"
        );
        assert!(xml.contains("<category term=\"Café\"/>"), "{xml}");
        assert!(xml.contains("<content type=\"html\">"), "{xml}");
        assert!(xml.contains("&lt;em&gt;emphasis&lt;/em&gt;"), "{xml}");
    }

    #[test]
    fn an_undated_entry_is_updated_with_the_feed_and_has_no_published_date() {
        let xml = site_feed();
        let undated = xml
            .split("<entry>")
            .find(|e| e.contains("/posts/undated"))
            .expect("undated entry");
        assert!(!undated.contains("<published>"), "{undated}");
        assert!(
            undated.contains("<updated>2026-02-01T08:00:00+02:00</updated>"),
            "{undated}"
        );
    }
}
