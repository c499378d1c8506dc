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
    /// Builds the index from loaded files.
    ///
    /// Files are considered in path order, so when two claim the same slug the first path wins and
    /// the other is reported. A file that fails to load keeps its entry from `previous`, if it had
    /// one, so a broken edit never takes a post down. Drafts, and scheduled posts (dated after
    /// now), are dropped unless `drafts_visible`, which lists them with a badge.
    pub fn build(loaded: Vec<Loaded>, drafts_visible: bool, previous: Option<&PostIndex>) -> Self {
        let now = chrono::Utc::now().timestamp();
        Self::build_at(loaded, drafts_visible, now, previous)
    }

    /// [`PostIndex::build`] as if the time were `now` (Unix seconds).
    pub fn build_at(
        mut loaded: Vec<Loaded>,
        drafts_visible: bool,
        now: i64,
        previous: Option<&PostIndex>,
    ) -> Self {
        loaded.sort_by(|a, b| a.source.cmp(&b.source));
        let mut problems = Vec::new();
        let mut owners: HashMap<String, String> = HashMap::new();
        let mut entries = Vec::new();
        for Loaded { source, result } in loaded {
            let entry = match result {
                Ok(entry) => entry,
                Err(error) => {
                    let kept = previous.and_then(|p| p.entries.iter().find(|e| e.source == source));
                    problems.push(match kept {
                        Some(_) => with_note(error, "serving the last good version"),
                        None => error,
                    });
                    match kept {
                        Some(entry) => entry.clone(),
                        None => continue,
                    }
                }
            };
            if let Some(owner) = owners.get(entry.slug()) {
                problems.push(Error::post(
                    &source,
                    vec![Problem::new(
                        "slug",
                        format!(
                            "{:?} is already used by {owner}; expected a unique slug (rename the file or set `slug`)",
                            entry.slug()
                        ),
                    )],
                ));
                continue;
            }
            owners.insert(entry.slug().to_string(), source);
            entries.push(entry);
        }
        let mut addresses = Addresses::default();
        let mut entries = addresses.claim_posts(entries, &mut problems);
        addresses.claim_aliases(&entries, &mut problems);
        // Links to other posts must lead somewhere; a broken one is reported, the post still served.
        for entry in &entries {
            let mut problems_here = entry.warnings.clone();
            for link in &entry.post_refs {
                if !owners.contains_key(&link.slug) {
                    problems_here.push(Problem::new(
                        format!("line {}", link.line),
                        format!(
                            "link to the post {:?}, which does not exist; expected the file or slug of a post",
                            link.slug
                        ),
                    ));
                }
            }
            if !problems_here.is_empty() {
                problems.push(Error::post(&entry.source, problems_here));
            }
        }
        // The index must be rebuilt when a scheduled post is due or a listed one expires.
        let mut next_publication: Option<i64> = None;
        let mut due =
            |t: i64| next_publication = Some(next_publication.map_or(t, |n: i64| n.min(t)));
        for entry in &mut entries {
            let publishes_at = entry.date.map(|d| d.sort_key()).filter(|&t| t > now);
            entry.summary.scheduled = publishes_at.is_some();
            let expires_at = entry.expires.map(|d| d.sort_key());
            entry.summary.expired = expires_at.is_some_and(|t| t <= now);
            if !entry.summary.draft {
                publishes_at.into_iter().for_each(&mut due);
                expires_at
                    .filter(|&t| t > now)
                    .into_iter()
                    .for_each(&mut due);
            }
        }
        entries.retain(|e| {
            drafts_visible || !(e.summary.draft || e.summary.scheduled || e.summary.expired)
        });
        // Pinned posts first, by weight; then newest first; undated posts last; ties by slug so
        // the order never depends on the disk.
        entries.sort_by(|a, b| {
            let pin = |e: &Entry| (!e.summary.pinned, e.weight.is_none(), e.weight);
            pin(a).cmp(&pin(b)).then_with(|| newest_first(a, b))
        });
        let mut timeline: Vec<u32> = (0..entries.len() as u32).collect();
        timeline.sort_by(|&a, &b| newest_first(&entries[a as usize], &entries[b as usize]));
        let mut rank = vec![0u32; entries.len()];
        for (place, &doc) in timeline.iter().enumerate() {
            rank[doc as usize] = place as u32;
        }
        let groups = Groups::build(&entries, &timeline);
        let tags = canonical_tags(&mut entries);
        let by_slug = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug().to_string(), i))
            .collect();
        let search = search_index(&entries);
        addresses.retain_listed(&entries.iter().map(Entry::slug).collect());
        PostIndex {
            addresses,
            unread: Default::default(),
            entries,
            by_slug,
            tags,
            problems,
            next_publication: next_publication.filter(|_| !drafts_visible),
            stamps: HashMap::new(),
            search,
            generation: 0,
            timeline,
            rank,
            groups,
            sections: Vec::new(),
        }
    }

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

/// The search index of `entries`, in their order. Each post's text is decompressed and split
/// into terms on every core, a slice of posts at a time (so the term lists of the whole blog are
/// never in memory at once); only the merge into postings runs on one.
fn search_index(entries: &[Entry]) -> SearchIndex {
    use rayon::prelude::*;
    const SLICE: usize = 256;
    let terms_of = |e: &Entry| {
        let body = e.text();
        let names: Vec<&str> = e.summary.tags.iter().map(|t| t.name.as_str()).collect();
        crate::search::index::doc_terms(&crate::search::index::DocText {
            title: &e.summary.title,
            tags: &names,
            description: &e.summary.description,
            body: &body,
        })
    };
    let terms = entries.chunks(SLICE).flat_map(|slice| {
        let terms: Vec<Vec<(String, u8)>> = slice.par_iter().map(terms_of).collect();
        terms
    });
    let slugs: Vec<Vec<&str>> = entries
        .iter()
        .map(|e| e.summary.tags.iter().map(|t| t.slug.as_str()).collect())
        .collect();
    SearchIndex::from_terms(terms.zip(slugs.iter().map(Vec::as_slice)))
}

/// `html` with every link to `from` (with or without a fragment) leading to `to` instead.
fn relink(html: &str, from: &str, to: &str) -> String {
    html.replace(&format!("href=\"{from}\""), &format!("href=\"{to}\""))
        .replace(&format!("href=\"{from}#"), &format!("href=\"{to}#"))
}

/// Newest first; undated posts last; ties by slug.
fn newest_first(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    let key = |e: &Entry| e.date.map(|d| d.sort_key());
    match (key(a), key(b)) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| a.slug().cmp(b.slug()))
}

fn with_note(error: Error, note: &str) -> Error {
    match error {
        Error::Post { file, mut problems } => {
            problems.push(Problem::new("status", note));
            Error::Post { file, problems }
        }
        other => other,
    }
}

/// Shows each tag as spelled in the oldest post carrying it, and counts posts per tag.
/// `entries` must be sorted newest first.
fn canonical_tags(entries: &mut [Entry]) -> Vec<TagCount> {
    let mut tags: HashMap<String, TagCount> = HashMap::new();
    for entry in entries.iter().rev() {
        for tag in &entry.written_tags {
            tags.entry(tag.slug.clone())
                .or_insert_with(|| TagCount {
                    slug: tag.slug.clone(),
                    name: tag.name.clone(),
                    count: 0,
                })
                .count += 1;
        }
    }
    for entry in entries.iter_mut() {
        entry.summary.tags.clone_from(&entry.written_tags);
        for tag in &mut entry.summary.tags {
            if let Some(canonical) = tags.get(&tag.slug) {
                tag.name.clone_from(&canonical.name);
            }
        }
    }
    let mut tags: Vec<TagCount> = tags.into_values().collect();
    tags.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    tags
}

mod groups;
pub use groups::SectionEntry;

#[cfg(test)]
mod order_tests;
#[cfg(test)]
mod tests;
