//! RSS 2.0, written by the `rss` crate.
//!
//! Each item carries its summary as `<description>`, the whole rendered post as
//! `<content:encoded>`, its author's name as `<dc:creator>` (RSS's own `<author>` must be an
//! e-mail address) and its permalink as a permanent `<guid>`.

use super::{Channel, GENERATOR};
use crate::content::post::Entry;
use crate::error::Error;
use ::rss::extension::atom::{AtomExtension, Link};
use ::rss::extension::dublincore::DublinCoreExtension;
use ::rss::{Category, Guid, Item};

/// MIME type of an RSS document, for the feed's link to itself.
const MIME_TYPE: &str = "application/rss+xml";

/// The channel as an RSS 2.0 document. Dates are RFC 2822, as the specification requires.
pub fn rss(channel: &Channel) -> Result<String, Error> {
    let document = ::rss::Channel {
        title: channel.title.clone(),
        link: channel.absolute(&channel.page),
        description: channel.description.clone(),
        language: Some(channel.language.clone()),
        last_build_date: Some(channel.updated().to_rfc2822()),
        generator: Some(GENERATOR.to_string()),
        // A feed names its own address, so readers can follow it when copied elsewhere.
        atom_ext: Some(AtomExtension {
            links: vec![Link {
                href: channel.absolute(&channel.rss),
                rel: "self".into(),
                mime_type: Some(MIME_TYPE.into()),
                ..Link::default()
            }],
        }),
        items: channel.entries.iter().map(|e| item(channel, e)).collect(),
        ..::rss::Channel::default()
    };
    let bytes = document
        .write_to(Vec::new())
        .map_err(|e| render_error(channel, e))?;
    String::from_utf8(bytes).map_err(|e| render_error(channel, e))
}

fn item(channel: &Channel, entry: &Entry) -> Item {
    let summary = &entry.summary;
    let permalink = channel.permalink(entry);
    Item {
        title: Some(summary.title.clone()),
        link: Some(permalink.clone()),
        description: Some(summary.description.clone()),
        content: Some(entry.html()),
        guid: Some(Guid {
            value: permalink,
            permalink: true,
        }),
        pub_date: entry.date.map(|d| d.to_datetime().to_rfc2822()),
        categories: summary
            .tags
            .iter()
            .map(|t| Category {
                name: t.name.clone(),
                domain: None,
            })
            .collect(),
        dublin_core_ext: Some(DublinCoreExtension {
            creators: vec![summary.author.clone()],
            ..DublinCoreExtension::default()
        }),
        ..Item::default()
    }
}

fn render_error(
    channel: &Channel,
    error: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> Error {
    Error::render(&channel.rss, error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::tests::{index, site};

    fn site_feed() -> String {
        let index = index();
        rss(&Channel::site(&index, &site())).expect("writable")
    }

    #[test]
    fn the_channel_names_the_blog_its_page_and_itself() {
        let xml = site_feed();
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
            "{xml}"
        );
        assert!(xml.contains("<title>Test Blog</title>"), "{xml}");
        assert!(xml.contains("<link>https://blog.example/</link>"), "{xml}");
        assert!(
            xml.contains("<description>Notes &amp; tests.</description>"),
            "{xml}"
        );
        assert!(xml.contains("<language>en-GB</language>"), "{xml}");
        assert!(
            xml.contains("<lastBuildDate>Sun, 1 Feb 2026 08:00:00 +0200</lastBuildDate>"),
            "{xml}"
        );
        assert!(
            xml.contains("href=\"https://blog.example/rss.xml\" rel=\"self\""),
            "{xml}"
        );
    }

    #[test]
    fn items_carry_rfc_2822_dates_permalinks_authors_tags_and_escaped_html() {
        let xml = site_feed();
        assert!(
            xml.contains("<pubDate>Sat, 10 Jan 2026 00:00:00 +0000</pubDate>"),
            "a bare date is midnight UTC: {xml}"
        );
        // A guid is a permalink unless `isPermaLink="false"` says otherwise.
        assert!(
            xml.contains("<guid>https://blog.example/posts/older</guid>"),
            "{xml}"
        );
        assert!(xml.contains("<title>Older &lt;post&gt;</title>"), "{xml}");
        assert!(xml.contains("<dc:creator>Mara</dc:creator>"), "{xml}");
        assert!(xml.contains("<category>Café</category>"), "{xml}");
        assert!(xml.contains("<content:encoded>"), "{xml}");
        assert!(
            xml.contains("<em>emphasis</em>"),
            "the HTML is kept whole: {xml}"
        );
    }

    #[test]
    fn undated_posts_are_listed_without_a_pub_date() {
        let xml = site_feed();
        let undated = xml
            .split("<item>")
            .find(|item| item.contains("/posts/undated"))
            .expect("undated item");
        assert!(!undated.contains("<pubDate>"), "{undated}");
    }
}
