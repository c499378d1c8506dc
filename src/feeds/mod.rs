//! Feeds and discovery files built from an index snapshot: pure functions from posts and settings
//! to XML text, no I/O (server only). The axum handlers in `crate::server::feeds` serve them.

pub mod atom;
pub mod rss;
pub mod sitemap;

use crate::content::dates::PubDate;
use crate::content::post::Entry;
use crate::content::PostIndex;
use crate::error::Error;
use crate::model::{GroupKind, SiteInfo};
use crate::urls::{self, ATOM_HREF, RSS_HREF};
use chrono::{DateTime, FixedOffset};

/// Name the feeds give as their generator.
pub const GENERATOR: &str = "Quire";

/// Most posts a feed carries, the newest. Feeds hold each post's whole HTML, so a feed of every
/// post would grow with the blog without bound (a reader's client only needs what is new).
pub const FEED_ENTRIES: usize = 50;

/// `Content-Type` of the RSS feeds.
pub const RSS_CONTENT_TYPE: &str = "application/rss+xml; charset=utf-8";

/// `Content-Type` of the Atom feeds.
pub const ATOM_CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

/// `Content-Type` of the sitemap.
pub const SITEMAP_CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// `Content-Type` of `robots.txt`.
pub const TEXT_CONTENT_TYPE: &str = "text/plain; charset=utf-8";

/// What one feed is about, in either format: the whole blog, or the posts of one tag or group.
#[derive(Clone, Debug)]
pub struct Channel<'a> {
    /// Title of the feed: the site title, or `<tag> · <site title>` as on the tag page.
    pub title: String,
    /// One line about the feed.
    pub description: String,
    /// Language of the posts (`en`).
    pub language: String,
    /// The site author, credited for the feed as a whole.
    pub author: String,
    /// Public address of the blog (`[site] base_url`), to which paths are appended.
    pub base_url: String,
    /// Path of the HTML page the feed follows: `/` or `/tags/<slug>`.
    pub page: String,
    /// Path of the RSS feed.
    pub rss: String,
    /// Path of the Atom feed.
    pub atom: String,
    /// The posts, newest first, at most [`FEED_ENTRIES`].
    pub entries: Vec<&'a Entry>,
}

impl<'a> Channel<'a> {
    /// The feed of the newest listed posts.
    pub fn site(index: &'a PostIndex, site: &SiteInfo) -> Self {
        Channel {
            title: site.title.clone(),
            description: site.description.clone(),
            language: site.language.clone(),
            author: site.author.clone(),
            base_url: site.base_url.clone(),
            page: "/".to_string(),
            rss: RSS_HREF.to_string(),
            atom: ATOM_HREF.to_string(),
            entries: index.timeline().take(FEED_ENTRIES).collect(),
        }
    }

    /// The feed of one tag's newest posts; [`Error::NotFound`] for a tag no listed post carries.
    pub fn tag(index: &'a PostIndex, site: &SiteInfo, slug: &str) -> Result<Self, Error> {
        let (tag, entries) = index
            .tag_entries(slug)
            .ok_or_else(|| Error::NotFound(format!("feed of tag {slug:?}")))?;
        Ok(Channel {
            title: format!("{} · {}", tag.name, site.title),
            description: format!("Posts tagged {} on {}.", tag.name, site.title),
            language: site.language.clone(),
            author: site.author.clone(),
            base_url: site.base_url.clone(),
            page: urls::tag_href(&tag.slug),
            rss: urls::tag_rss_href(&tag.slug),
            atom: urls::tag_atom_href(&tag.slug),
            entries: entries.into_iter().take(FEED_ENTRIES).collect(),
        })
    }

    /// The feed of one group's newest posts (a series' too: readers want its new parts);
    /// [`Error::NotFound`] for an unknown group.
    pub fn group(
        index: &'a PostIndex,
        site: &SiteInfo,
        kind: GroupKind,
        slug: &str,
    ) -> Result<Self, Error> {
        let (group, mut entries) = index
            .group_entries(kind, slug)
            .ok_or_else(|| Error::NotFound(format!("feed of {} {slug:?}", kind.segment())))?;
        if kind == GroupKind::Series {
            entries.reverse();
        }
        let heading = kind.heading(&group.name);
        Ok(Channel {
            title: format!("{} · {}", group.name, site.title),
            description: format!("{heading} on {}.", site.title),
            language: site.language.clone(),
            author: site.author.clone(),
            base_url: site.base_url.clone(),
            page: urls::group_href(kind, &group.slug),
            rss: urls::group_rss_href(kind, &group.slug),
            atom: urls::group_atom_href(kind, &group.slug),
            entries: entries.into_iter().take(FEED_ENTRIES).collect(),
        })
    }

    /// The absolute address of a path of the blog.
    pub fn absolute(&self, path: &str) -> String {
        urls::absolute(&self.base_url, path)
    }

    /// The absolute address of a post: its link and its stable id in both formats.
    pub fn permalink(&self, entry: &Entry) -> String {
        self.absolute(&entry.summary.href)
    }

    /// When the feed last changed: the newest post date, or the Unix epoch if no post is dated.
    /// Taken from the posts rather than the clock, so the same posts always give the same feed.
    pub fn updated(&self) -> DateTime<FixedOffset> {
        newest(self.entries.iter().copied())
            .map_or(DateTime::UNIX_EPOCH.fixed_offset(), |d| d.to_datetime())
    }
}

/// The newest publication date among `entries`, if any is dated.
pub fn newest<'e>(entries: impl IntoIterator<Item = &'e Entry>) -> Option<PubDate> {
    entries
        .into_iter()
        .filter_map(|e| e.date)
        .max_by_key(PubDate::sort_key)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::content::index::Loaded;
    use crate::content::post::parse_post;

    /// A site at a base URL with a trailing slash, which every absolute link must drop.
    pub fn site() -> SiteInfo {
        SiteInfo {
            title: "Test Blog".into(),
            description: "Notes & tests.".into(),
            author: "Ada".into(),
            base_url: "https://blog.example/".into(),
            language: "en-GB".into(),
            page_size: 10,
        }
    }

    fn loaded(slug: &str, front_matter: &str, body: &str) -> Loaded {
        let source = format!("posts/{slug}.md");
        let text = format!("---\n{front_matter}\n---\n{body}\n");
        Loaded {
            result: parse_post(&source, slug, &text, "Ada"),
            source,
        }
    }

    /// Three posts: a bare date, a date-time with offset and an undated one.
    pub fn index() -> PostIndex {
        PostIndex::build(
            vec![
                loaded(
                    "older",
                    "title: Older <post>\ndate: 2026-01-10\ntags: [Rust, Café]",
                    "Some *emphasis* & more.",
                ),
                loaded(
                    "newer",
                    "title: Newer\ndate: 2026-02-01T08:00:00+02:00\nauthor: Mara\ntags: [rust]",
                    "## Heading\n\nBody.",
                ),
                loaded("undated", "title: Undated", "No date."),
            ],
            false,
            None,
        )
    }

    #[test]
    fn the_site_channel_holds_every_post_newest_first_with_absolute_links() {
        let index = index();
        let channel = Channel::site(&index, &site());
        let slugs: Vec<&str> = channel.entries.iter().map(|e| e.slug()).collect();
        assert_eq!(slugs, ["newer", "older", "undated"]);
        assert_eq!(channel.absolute(&channel.page), "https://blog.example/");
        assert_eq!(
            channel.permalink(channel.entries[0]),
            "https://blog.example/posts/newer"
        );
        assert_eq!(channel.updated().to_rfc3339(), "2026-02-01T08:00:00+02:00");
    }

    #[test]
    fn a_tag_channel_holds_only_that_tag_s_posts_and_unknown_tags_are_not_found() {
        let index = index();
        let channel = Channel::tag(&index, &site(), "café").expect("known tag");
        assert_eq!(channel.title, "Café · Test Blog");
        assert_eq!(channel.page, "/tags/caf%C3%A9");
        assert_eq!(channel.rss, "/tags/caf%C3%A9/rss.xml");
        let slugs: Vec<&str> = channel.entries.iter().map(|e| e.slug()).collect();
        assert_eq!(slugs, ["older"]);
        assert!(matches!(
            Channel::tag(&index, &site(), "nope"),
            Err(Error::NotFound(_))
        ));
    }

    #[test]
    fn feeds_carry_only_the_newest_posts_of_a_large_blog() {
        let posts = (1..=FEED_ENTRIES + 7)
            .map(|day| {
                let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1)
                    .and_then(|d| d.checked_add_days(chrono::Days::new(day as u64)))
                    .expect("a date");
                loaded(
                    &format!("p{day}"),
                    &format!("title: P{day}\ndate: {date}\ntags: [many]"),
                    "Text.",
                )
            })
            .collect();
        let index = PostIndex::build(posts, false, None);
        for channel in [
            Channel::site(&index, &site()),
            Channel::tag(&index, &site(), "many").expect("known tag"),
        ] {
            assert_eq!(channel.entries.len(), FEED_ENTRIES);
            assert_eq!(channel.entries[0].slug(), format!("p{}", FEED_ENTRIES + 7));
            assert_eq!(channel.entries[FEED_ENTRIES - 1].slug(), "p8");
        }
    }

    #[test]
    fn a_feed_without_dated_posts_is_updated_at_the_epoch() {
        let index = PostIndex::build(vec![loaded("a", "title: A", "Text.")], false, None);
        let channel = Channel::site(&index, &site());
        assert_eq!(channel.updated().timestamp(), 0);
    }
}
