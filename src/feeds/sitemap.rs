//! `/sitemap.xml` (sitemaps.org 0.9, written with quick-xml) and `/robots.txt`.

use super::newest;
use crate::content::post::Entry;
use crate::content::PostIndex;
use crate::error::Error;
use crate::model::{GroupKind, SiteInfo};
use crate::urls::{self, SITEMAP_HREF, TAGS_HREF};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

/// The sitemaps.org namespace.
const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// One `<url>` of the sitemap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Absolute address of the page.
    pub loc: String,
    /// When the page last changed, in W3C Datetime format; absent when no post on it is dated.
    pub lastmod: Option<String>,
}

/// Every page worth indexing: the home page, each listed post, `/tags` and each tag page, and each
/// kind of group that has any with its groups' pages. A list's `lastmod` is the date of its
/// newest post.
pub fn locations(index: &PostIndex, site: &SiteInfo) -> Vec<Location> {
    let at = |path: &str, lastmod: Option<String>| Location {
        loc: crate::urls::absolute(&site.base_url, path),
        lastmod,
    };
    let entries = index.entries();
    let mut pages = vec![at("/", lastmod(entries))];
    pages.extend(
        entries
            .iter()
            .map(|entry| at(&entry.summary.href, changed(entry))),
    );
    let tagged = entries.iter().filter(|e| !e.summary.tags.is_empty());
    pages.push(at(TAGS_HREF, lastmod(tagged)));
    for tag in index.tags() {
        let tagged = index
            .tag_entries(&tag.slug)
            .map(|(_, entries)| entries)
            .unwrap_or_default();
        pages.push(at(&urls::tag_href(&tag.slug), lastmod(tagged)));
    }
    for section in index.sections() {
        let members = section
            .docs
            .iter()
            .filter_map(|&doc| entries.get(doc as usize));
        pages.push(at(&section.section.href, lastmod(members)));
    }
    for kind in GroupKind::ALL {
        let groups = index.groups(kind);
        if groups.is_empty() {
            continue;
        }
        pages.push(at(&urls::groups_href(kind), None));
        for group in groups {
            let members = index
                .group_entries(kind, &group.term.slug)
                .map(|(_, entries)| entries)
                .unwrap_or_default();
            pages.push(at(
                &urls::group_href(kind, &group.term.slug),
                lastmod(members),
            ));
        }
    }
    pages
}

/// When a post last changed: its `updated` date, else its publication date.
fn changed(entry: &Entry) -> Option<String> {
    entry.updated.or(entry.date).map(|d| d.to_w3c())
}

/// The date of the newest of `entries`, in W3C Datetime format.
fn lastmod<'e>(entries: impl IntoIterator<Item = &'e Entry>) -> Option<String> {
    newest(entries).map(|d| d.to_w3c())
}

/// The sitemap document.
pub fn sitemap(index: &PostIndex, site: &SiteInfo) -> Result<String, Error> {
    let pages = locations(index, site);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(render_error)?;
    writer
        .create_element("urlset")
        .with_attribute(("xmlns", NAMESPACE))
        .write_inner_content(|writer| {
            for page in &pages {
                writer.create_element("url").write_inner_content(|writer| {
                    writer
                        .create_element("loc")
                        .write_text_content(BytesText::new(&page.loc))?;
                    if let Some(lastmod) = &page.lastmod {
                        writer
                            .create_element("lastmod")
                            .write_text_content(BytesText::new(lastmod))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })
        .map_err(render_error)?;
    String::from_utf8(writer.into_inner()).map_err(render_error)
}

/// `robots.txt`: everything may be crawled, and the sitemap is here.
pub fn robots(site: &SiteInfo) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        crate::urls::absolute(&site.base_url, SITEMAP_HREF)
    )
}

fn render_error(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Error {
    Error::render(SITEMAP_HREF, error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::tests::{index, site};

    fn lastmod_of<'a>(pages: &'a [Location], loc: &str) -> Option<&'a str> {
        pages
            .iter()
            .find(|p| p.loc == loc)
            .unwrap_or_else(|| panic!("{loc} is missing from {pages:?}"))
            .lastmod
            .as_deref()
    }

    #[test]
    fn every_page_is_listed_with_the_date_of_its_newest_post() {
        let pages = locations(&index(), &site());
        let locs: Vec<&str> = pages.iter().map(|p| p.loc.as_str()).collect();
        assert_eq!(
            locs,
            [
                "https://blog.example/",
                "https://blog.example/posts/newer",
                "https://blog.example/posts/older",
                "https://blog.example/posts/undated",
                "https://blog.example/tags",
                "https://blog.example/tags/caf%C3%A9",
                "https://blog.example/tags/rust",
                "https://blog.example/authors",
                "https://blog.example/authors/ada",
                "https://blog.example/authors/mara",
            ]
        );
        let newest = Some("2026-02-01T08:00:00+02:00");
        assert_eq!(
            lastmod_of(&pages, "https://blog.example/authors/mara"),
            newest
        );
        assert_eq!(
            lastmod_of(&pages, "https://blog.example/authors/ada"),
            Some("2026-01-10")
        );
        assert_eq!(lastmod_of(&pages, "https://blog.example/"), newest);
        assert_eq!(lastmod_of(&pages, "https://blog.example/tags"), newest);
        assert_eq!(lastmod_of(&pages, "https://blog.example/tags/rust"), newest);
        assert_eq!(
            lastmod_of(&pages, "https://blog.example/tags/caf%C3%A9"),
            Some("2026-01-10")
        );
        assert_eq!(
            lastmod_of(&pages, "https://blog.example/posts/undated"),
            None
        );
    }

    #[test]
    fn the_sitemap_is_a_urlset_in_the_sitemaps_namespace() {
        let xml = sitemap(&index(), &site()).expect("writable");
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            "{xml}"
        );
        assert!(
            xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"),
            "{xml}"
        );
        assert!(
            xml.contains(
                "<loc>https://blog.example/posts/older</loc>\n    <lastmod>2026-01-10</lastmod>"
            ),
            "{xml}"
        );
    }

    #[test]
    fn robots_txt_allows_everything_and_points_at_the_sitemap() {
        assert_eq!(
            robots(&site()),
            "User-agent: *\nAllow: /\n\nSitemap: https://blog.example/sitemap.xml\n"
        );
    }
}
