//! Types that cross the wire between the server and the browser.
//!
//! Everything here is plain data, formatted on the server, so the WASM bundle needs no date,
//! Markdown or Unicode libraries. What the browser reads (a page of posts, the tags) also derives
//! miniserde's traits: a JSON codec far smaller than serde_json, used for the island's data.

use serde::{Deserialize, Serialize};

/// A tag as attached to a post.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
pub struct TagRef {
    /// URL slug and identity of the tag (`web-dev`).
    pub slug: String,
    /// The spelling shown to readers: as written in the oldest post carrying the tag (`Web Dev`).
    pub name: String,
}

/// A tag with the number of listed posts that carry it.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
pub struct TagCount {
    /// URL slug and identity of the tag.
    pub slug: String,
    /// The spelling shown to readers.
    pub name: String,
    /// How many listed posts carry the tag.
    pub count: usize,
}

/// A publication date, formatted once on the server.
///
/// A bare date (`2026-02-13`) stays that calendar day everywhere: it is never converted through a
/// time zone, so no reader sees it as the day before.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
pub struct PostDate {
    /// Machine-readable value for `<time datetime>`: `2026-02-13` or an RFC 3339 date-time.
    pub iso: String,
    /// Human-readable date: `13 February 2026`.
    pub display: String,
}

/// The picture at the top of a post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostImage {
    /// Address of the image, as written in the front matter.
    pub url: String,
    /// Alternative text; required.
    pub alt: String,
    /// Width and height in pixels, when the file is among the site's assets.
    pub size: Option<(u32, u32)>,
    /// The `srcset` of its resized copies (see `content::images`), when it has them.
    #[serde(default)]
    pub srcset: Option<String>,
}

/// The `sizes` of a post's pictures: the post column of style/main.css (46rem), or the whole
/// screen when that is narrower.
pub const IMAGE_SIZES: &str = "(max-width: 46rem) 100vw, 46rem";

/// What a post list needs to know about a post: everything but the body.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
pub struct PostSummary {
    /// URL slug, unique in the index.
    pub slug: String,
    /// The post's address (`/posts/<slug>` unless the permalink pattern or the post's own
    /// `path`, `url` or `permalink` says otherwise), percent-encoded.
    pub href: String,
    /// Title from the front matter.
    pub title: String,
    /// Publication date, if the post has one.
    pub date: Option<PostDate>,
    /// The front-matter description, or the start of the first paragraph: the meta description.
    pub description: String,
    /// What post cards show: the plain text before a `<!-- more -->` marker, or the description.
    pub summary: String,
    /// Estimated reading time in whole minutes, at least 1.
    pub reading_minutes: u32,
    /// The post's authors' names, joined for reading (`Ada and Grace`), or the site author.
    pub author: String,
    /// Tags in the order the post lists them, without duplicates.
    pub tags: Vec<TagRef>,
    /// Whether the post is a draft (only ever listed in development mode).
    pub draft: bool,
    /// Whether the post is dated in the future (only listed in development mode until then).
    pub scheduled: bool,
    /// Whether the post's `expiryDate` has passed (only listed in development mode since then).
    pub expired: bool,
    /// Whether the post is pinned (`pinned`, `sticky` or a `weight`): listed before the others.
    pub pinned: bool,
}

/// A link to another post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostLink {
    /// The post's slug.
    pub slug: String,
    /// The post's address.
    pub href: String,
    /// The post's title.
    pub title: String,
}

/// Where a post sits among the others: its neighbours in time and posts on the same subjects.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostContext {
    /// The next newer post, if any.
    pub newer: Option<PostLink>,
    /// The next older post, if any.
    pub older: Option<PostLink>,
    /// Up to three posts sharing the most tags (then the newest).
    pub related: Vec<PostSummary>,
}

/// A post and its context, as the post page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostPageData {
    /// The post.
    pub post: Post,
    /// Its neighbours and related posts.
    pub context: PostContext,
}

/// A whole post, ready to render.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    /// The fields shared with post lists.
    pub summary: PostSummary,
    /// The picture at the top of the post, if any.
    pub image: Option<PostImage>,
    /// The body, rendered from Markdown to HTML when the post was loaded.
    pub html: String,
    /// The table of contents: the body's h2-h4 headings in order, or empty when there are fewer
    /// than three (a contents list is not worth its space then).
    pub toc: Vec<TocEntry>,
    /// When the post was last changed, if it says.
    pub updated: Option<PostDate>,
    /// The picture link previews show when no picture is shown at the top.
    pub social_image: Option<String>,
    /// Its authors, each with a page at `/authors/<slug>` (the site author when it names none).
    pub authors: Vec<TagRef>,
    /// Its categories, each with a page at `/categories/<slug>`.
    pub categories: Vec<TagRef>,
    /// The series it is part of, with every part in order.
    pub series: Option<SeriesNav>,
    /// The generated social card link previews show (`/_cards/...`), when the post has neither
    /// an `image` nor a social image and `[social_cards]` is on. Filled in by the server, which
    /// knows the settings; the index leaves it empty.
    #[serde(default)]
    pub card: Option<PostImage>,
}

/// A post's place in its series: "Part 2 of 5", with links to every part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesNav {
    /// The series, whose page is at `/series/<slug>`.
    pub series: TagRef,
    /// This post's part number, from 1.
    pub part: usize,
    /// Every part, oldest first.
    pub parts: Vec<PostLink>,
}

/// One heading in a post's table of contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    /// Heading level, 2 to 4.
    pub level: u8,
    /// The heading's `id`, unique in the post.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// `/data/posts.json`: every listed post and every tag (the read API's index of the blog).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostsDocument {
    /// Listed posts, newest first.
    pub posts: Vec<PostSummary>,
    /// Tags of the listed posts, in alphabetical order.
    pub tags: Vec<TagCount>,
}

/// A tag page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagPosts {
    /// The tag itself.
    pub tag: TagCount,
    /// Posts carrying the tag, newest first.
    pub posts: Vec<PostSummary>,
}

/// One page of a tag's posts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagPage {
    /// The tag itself.
    pub tag: TagCount,
    /// The page of its posts.
    pub list: ListPage,
}

/// The groups posts fall into besides tags, each with pages and feeds like a tag's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GroupKind {
    /// `categories` (or Jekyll's `category`): at `/categories/<slug>`.
    Category,
    /// `series`: at `/series/<slug>`, oldest part first.
    Series,
    /// `author` or `authors`: at `/authors/<slug>`.
    Author,
}

impl GroupKind {
    /// Every kind, in the order pages list them.
    pub const ALL: [GroupKind; 3] = [GroupKind::Category, GroupKind::Series, GroupKind::Author];

    /// The first segment of the kind's addresses (`categories`).
    pub fn segment(self) -> &'static str {
        match self {
            GroupKind::Category => "categories",
            GroupKind::Series => "series",
            GroupKind::Author => "authors",
        }
    }

    /// The kind whose addresses start with `segment`.
    pub fn from_segment(segment: &str) -> Option<GroupKind> {
        GroupKind::ALL.into_iter().find(|k| k.segment() == segment)
    }

    /// The title of the page listing every group of the kind.
    pub fn plural(self) -> &'static str {
        match self {
            GroupKind::Category => "Categories",
            GroupKind::Series => "Series",
            GroupKind::Author => "Authors",
        }
    }

    /// The heading of one group's page.
    pub fn heading(self, name: &str) -> String {
        match self {
            GroupKind::Category => format!("Posts in {name}"),
            GroupKind::Series => format!("The series {name}"),
            GroupKind::Author => format!("Posts by {name}"),
        }
    }
}

/// One page of a group's posts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPage {
    /// What kind of group.
    pub kind: GroupKind,
    /// The group, with its number of posts.
    pub group: TagCount,
    /// The page of its posts: newest first, a series' oldest first.
    pub list: ListPage,
}

/// One page of a section (a folder with an `_index.md`): its introduction and its posts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionPage {
    /// The section's title: its `title`, or the folder's name.
    pub title: String,
    /// Its `description` (may be empty).
    pub description: String,
    /// The body of its `_index.md`, rendered.
    pub html: String,
    /// Its address: the folder's (`/blog`).
    pub href: String,
    /// The page of the posts in the folder and below it, newest first.
    pub list: ListPage,
}

/// A group and all its posts: `/data/<kind>/<slug>.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPosts {
    /// What kind of group.
    pub kind: GroupKind,
    /// The group itself.
    pub group: TagCount,
    /// Its posts: newest first, a series' oldest first.
    pub posts: Vec<PostSummary>,
}

/// The blog's own settings: the `[site]` table of `Leptos.toml` (defaults in
/// [`crate::settings`]), which pages, feeds and the API show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
// Read strictly from the settings file, on the server (where its defaults live).
#[cfg_attr(feature = "ssr", serde(deny_unknown_fields, default))]
pub struct SiteInfo {
    /// Name of the blog.
    pub title: String,
    /// One-line description, used on the home page and as its meta description.
    pub description: String,
    /// Default author of posts.
    pub author: String,
    /// Public address of the blog (`https://example.com`), for absolute links; without a trailing
    /// slash once the settings are resolved.
    pub base_url: String,
    /// Language of the content (`en`).
    pub language: String,
    /// Posts per page on the home page and tag pages (at least 1).
    pub page_size: usize,
}

/// One post in a list, with the passage of its body that matched a search.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
pub struct Card {
    /// The post.
    pub post: PostSummary,
    /// Where the body matched the search words, as HTML with the words in `<mark>`
    /// ([`crate::search::excerpt_html`]); empty without a search or when only the title,
    /// description or tags matched.
    pub excerpt: String,
}

impl Card {
    /// Cards without excerpts for `posts`.
    pub fn plain(posts: Vec<PostSummary>) -> Vec<Card> {
        posts
            .into_iter()
            .map(|post| Card {
                post,
                excerpt: String::new(),
            })
            .collect()
    }
}

/// One page of a post list (the home page, filtered or not, or a tag's posts): what its first
/// response and each search carry, never the whole blog.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
pub struct ListPage {
    /// The posts on this page, best first (newest first without search words).
    pub posts: Vec<Card>,
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages there are (at least 1).
    pub count: usize,
    /// How many posts match in all.
    pub matched: usize,
    /// How many posts are listed in all.
    pub total: usize,
    /// The requested tags that some post carries (unknown ones are ignored).
    pub active: Vec<String>,
}
