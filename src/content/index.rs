//! The in-memory post index: every good post, deduplicated, ordered and tagged.

use super::addresses::{Addresses, Route, SiteRedirect};
use super::groups::Groups;
use super::post::Entry;
use crate::error::{Error, Problem};
use crate::model::{
    GroupKind, Post, PostContext, PostLink, PostPageData, PostSummary, PostsDocument, TagCount,
    TagPosts,
};
use crate::search::SearchIndex;
use std::collections::HashMap;

/// The outcome of reading one post file.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The file, as shown in messages.
    pub source: String,
    /// The entry, or why the file could not be loaded.
    pub result: Result<Entry, Error>,
}

/// An immutable snapshot of the blog's posts. Reloading builds a new one and swaps it in whole.
#[derive(Clone, Debug, Default)]
pub struct PostIndex {
    entries: Vec<Entry>,
    by_slug: HashMap<String, usize>,
    tags: Vec<TagCount>,
    problems: Vec<Error>,
    next_publication: Option<i64>,
    stamps: HashMap<String, FileStamp>,
    /// The post files shown with a picture whose copies were still being made, in path order.
    pending_images: Vec<String>,
    search: SearchIndex,
    generation: u64,
    addresses: Addresses,
    unread: super::discover::Unread,
    /// Positions in `entries`, newest first: the order of feeds and of newer/older links, which
    /// pinned posts do not change.
    timeline: Vec<u32>,
    /// Each entry's place in `timeline`.
    rank: Vec<u32>,
    groups: Groups,
    sections: Vec<SectionEntry>,
}

/// What a post file looked like on disk when it was read and parsed without error: a reload
/// parses the file again only when this has changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    /// Its size in bytes.
    pub len: u64,
    /// Its modification time.
    pub modified: std::time::SystemTime,
}

impl PostIndex {
    /// Adds the site's `[redirects]` (from the file `table`), after every post's own addresses
    /// and aliases: a redirect that claims one of those is reported and skipped.
    pub fn add_site_redirects(&mut self, redirects: &[SiteRedirect], table: &str) {
        self.addresses
            .claim_site(redirects, table, &mut self.problems);
    }

    /// What the request path `address` answers, among posts and redirects.
    pub fn route(&self, address: &str) -> Option<Route> {
        self.addresses.route(address)
    }

    /// Every post address and redirect, sorted.
    pub fn addresses(&self) -> Vec<(&str, &Route)> {
        self.addresses.all()
    }

    /// When the earliest hidden scheduled post is due (Unix seconds); the index must be rebuilt
    /// then to list it.
    pub fn next_publication(&self) -> Option<i64> {
        self.next_publication
    }

    /// Every listed post, newest first.
    pub fn summaries(&self) -> impl ExactSizeIterator<Item = &PostSummary> + Clone {
        self.entries.iter().map(|e| &e.summary)
    }

    /// Every listed post with its publication date, newest first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The tag with this slug and its entries, newest first.
    pub fn tag_entries(&self, slug: &str) -> Option<(&TagCount, Vec<&Entry>)> {
        let tag = self.tags.iter().find(|t| t.slug == slug)?;
        let entries = self
            .timeline()
            .filter(|e| e.summary.tags.iter().any(|t| t.slug == slug))
            .collect();
        Some((tag, entries))
    }

    /// The post with this slug, if listed. Its links to posts that live elsewhere than
    /// `/posts/<slug>` lead to their addresses (the body was rendered before they were known).
    pub fn post(&self, slug: &str) -> Option<Post> {
        let &i = self.by_slug.get(slug)?;
        let entry = &self.entries[i];
        let mut post = entry.post();
        post.series = self.series_nav(i);
        // Authors are links to their pages, when they have pages.
        post.authors = if self.groups.list(GroupKind::Author).is_empty() {
            Vec::new()
        } else {
            self.groups.canonical(GroupKind::Author, &entry.authors)
        };
        post.categories = self
            .groups
            .canonical(GroupKind::Category, &entry.categories);
        for link in &entry.post_refs {
            let Some(target) = self.entry(&link.slug) else {
                continue;
            };
            let written = crate::urls::post_href(&link.slug);
            if target.summary.href != written {
                post.html = relink(&post.html, &written, &target.summary.href);
            }
        }
        Some(post)
    }

    /// Every tag of the listed posts, in alphabetical order of their names.
    pub fn tags(&self) -> &[TagCount] {
        &self.tags
    }

    /// The tag with this slug and its posts, newest first.
    pub fn tag(&self, slug: &str) -> Option<(&TagCount, Vec<PostSummary>)> {
        let (tag, entries) = self.tag_entries(slug)?;
        Some((
            tag,
            entries.into_iter().map(|e| e.summary.clone()).collect(),
        ))
    }

    /// The search index of the listed posts, positions in [`PostIndex::entries`] order.
    pub fn search(&self) -> &SearchIndex {
        &self.search
    }

    /// Every listed post and tag, as `/data/posts.json` serves them.
    pub fn posts_document(&self) -> PostsDocument {
        PostsDocument {
            posts: self.summaries().cloned().collect(),
            tags: self.tags.clone(),
        }
    }

    /// The post with this slug, or [`Error::NotFound`].
    pub fn find_post(&self, slug: &str) -> Result<Post, Error> {
        self.post(slug)
            .ok_or_else(|| Error::NotFound(format!("post {slug:?}")))
    }

    /// The post with this slug and its context, or [`Error::NotFound`].
    pub fn find_post_page(&self, slug: &str) -> Result<PostPageData, Error> {
        let post = self.find_post(slug)?;
        Ok(PostPageData {
            context: self.context(slug),
            post,
        })
    }

    /// The neighbours in time and up to three related posts of the post with this slug.
    pub fn context(&self, slug: &str) -> PostContext {
        let Some(&i) = self.by_slug.get(slug) else {
            return PostContext::default();
        };
        let link = |j: usize| {
            self.entries.get(j).map(|e| &e.summary).map(|s| PostLink {
                slug: s.slug.clone(),
                href: s.href.clone(),
                title: s.title.clone(),
            })
        };
        // Shared tags counted through the tags' post lists: a pass over the posts of this
        // post's tags, not a comparison with every post.
        let mut shared = vec![0u16; self.entries.len()];
        for tag in &self.entries[i].summary.tags {
            if let Some(docs) = crate::search::Source::tag_docs(&self.search, &tag.slug) {
                for &doc in docs {
                    if let Some(count) = shared.get_mut(doc as usize) {
                        *count = count.saturating_add(1);
                    }
                }
            }
        }
        shared[i] = 0;
        // Most shared tags first, then the newest (posts are newest first): the first three
        // found at the highest counts.
        let mut related: Vec<(usize, u16)> = Vec::with_capacity(4);
        for (j, &count) in shared.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let at = related.partition_point(|&(_, c)| c >= count);
            if at < 3 {
                related.insert(at, (j, count));
                related.truncate(3);
            }
        }
        let (newer, older) = self.neighbour_positions(i);
        PostContext {
            newer: newer.and_then(link),
            older: older.and_then(link),
            related: related
                .into_iter()
                .map(|(j, _)| self.entries[j].summary.clone())
                .collect(),
        }
    }

    /// The tag with this slug and its posts, or [`Error::NotFound`].
    pub fn find_tag(&self, slug: &str) -> Result<TagPosts, Error> {
        self.tag(slug)
            .map(|(tag, posts)| TagPosts {
                tag: tag.clone(),
                posts,
            })
            .ok_or_else(|| Error::NotFound(format!("tag {slug:?}")))
    }

    /// Which index this is in the library's life: each swapped-in index numbers one more than the
    /// one it replaced (0 for an index never swapped in).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Numbers this index (see [`PostIndex::generation`]).
    pub fn set_generation(&mut self, generation: u64) {
        self.generation = generation;
    }

    /// The posts just newer and just older than the post with this slug.
    pub fn neighbours(&self, slug: &str) -> (Option<&str>, Option<&str>) {
        let Some(&i) = self.by_slug.get(slug) else {
            return (None, None);
        };
        let (newer, older) = self.neighbour_positions(i);
        let at = |j: usize| self.entries.get(j).map(Entry::slug);
        (newer.and_then(at), older.and_then(at))
    }

    /// The positions of the entries just newer and just older than the entry at `i`.
    fn neighbour_positions(&self, i: usize) -> (Option<usize>, Option<usize>) {
        let Some(&place) = self.rank.get(i) else {
            return (None, None);
        };
        let at = |p: usize| self.timeline.get(p).map(|&doc| doc as usize);
        (
            (place as usize).checked_sub(1).and_then(at),
            at(place as usize + 1),
        )
    }

    /// Every listed entry, newest first whatever is pinned: the order of feeds.
    pub fn timeline(&self) -> impl ExactSizeIterator<Item = &Entry> + Clone {
        self.timeline.iter().map(|&doc| &self.entries[doc as usize])
    }

    /// The listed entry with this slug.
    pub fn entry(&self, slug: &str) -> Option<&Entry> {
        self.by_slug.get(slug).map(|&i| &self.entries[i])
    }

    /// Records how each post file looked when it was read (see [`FileStamp`]).
    pub fn set_stamps(&mut self, stamps: HashMap<String, FileStamp>) {
        self.stamps = stamps;
    }

    /// How the file `source` looked when its entry was parsed, if it loaded.
    pub fn stamp(&self, source: &str) -> Option<FileStamp> {
        self.stamps.get(source).copied()
    }

    /// Records which post files showed a picture whose copies were still being made.
    pub fn set_pending_images(&mut self, sources: Vec<String>) {
        self.pending_images = sources;
    }

    /// The post files shown with a picture whose copies were still being made when they were
    /// read, in path order: the next reload reads them again.
    pub fn pending_images(&self) -> &[String] {
        &self.pending_images
    }

    /// Records what of the content folder was not read.
    pub fn set_unread(&mut self, unread: super::discover::Unread) {
        self.unread = unread;
    }

    /// What of the content folder was not read.
    pub fn unread(&self) -> &super::discover::Unread {
        &self.unread
    }

    /// Records problems found outside any one post file (such as a folder without `index.md`).
    pub fn add_problems(&mut self, problems: Vec<Error>) {
        self.problems.extend(problems);
    }

    /// Files that could not be loaded, or lost a slug to another file.
    pub fn problems(&self) -> &[Error] {
        &self.problems
    }

    /// How many posts are listed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no post is listed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// `html` with every link to `from` (with or without a fragment) leading to `to` instead.
fn relink(html: &str, from: &str, to: &str) -> String {
    html.replace(&format!("href=\"{from}\""), &format!("href=\"{to}\""))
        .replace(&format!("href=\"{from}#"), &format!("href=\"{to}#"))
}

mod build;
mod groups;
pub use groups::SectionEntry;

#[cfg(test)]
mod order_tests;
#[cfg(test)]
mod tests;
