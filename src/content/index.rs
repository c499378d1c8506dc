//! The in-memory post index: every good post, deduplicated, ordered and tagged.

use super::post::Entry;
use crate::error::{Error, Problem};
use crate::model::{
    Post, PostContext, PostLink, PostPageData, PostSummary, PostsDocument, TagCount, TagPosts,
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
        let mut next_publication: Option<i64> = None;
        for entry in &mut entries {
            let publishes_at = entry.date.map(|d| d.sort_key()).filter(|&t| t > now);
            entry.summary.scheduled = publishes_at.is_some();
            if let Some(t) = publishes_at.filter(|_| !entry.summary.draft) {
                next_publication = Some(next_publication.map_or(t, |n| n.min(t)));
            }
        }
        entries.retain(|e| drafts_visible || !(e.summary.draft || e.summary.scheduled));
        // Newest first; undated posts last; ties by slug so the order never depends on the disk.
        entries.sort_by(|a, b| {
            let key = |e: &Entry| e.date.map(|d| d.sort_key());
            match (key(a), key(b)) {
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| a.slug().cmp(b.slug()))
        });
        let tags = canonical_tags(&mut entries);
        let by_slug = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug().to_string(), i))
            .collect();
        let search = search_index(&entries);
        PostIndex {
            entries,
            by_slug,
            tags,
            problems,
            next_publication: next_publication.filter(|_| !drafts_visible),
            stamps: HashMap::new(),
            search,
            generation: 0,
        }
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
            .entries
            .iter()
            .filter(|e| e.summary.tags.iter().any(|t| t.slug == slug))
            .collect();
        Some((tag, entries))
    }

    /// The post with this slug, if listed.
    pub fn post(&self, slug: &str) -> Option<Post> {
        self.by_slug.get(slug).map(|&i| self.entries[i].post())
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
        PostContext {
            newer: i.checked_sub(1).and_then(link),
            older: link(i + 1),
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
        let at = |j: usize| self.entries.get(j).map(Entry::slug);
        (i.checked_sub(1).and_then(at), at(i + 1))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::post::parse_post;

    fn loaded(source: &str, slug: &str, front_matter: &str) -> Loaded {
        let text = format!("---\n{front_matter}\n---\nBody of {source}.\n");
        Loaded {
            source: source.into(),
            result: parse_post(source, slug, &text, "Ada"),
        }
    }

    fn slugs(index: &PostIndex) -> Vec<&str> {
        index.summaries().map(|s| s.slug.as_str()).collect()
    }

    fn sample() -> Vec<Loaded> {
        vec![
            loaded(
                "posts/old.md",
                "old",
                "title: Old\ndate: 2025-01-01\ntags: [Web Dev, rust]",
            ),
            loaded(
                "posts/new.md",
                "new",
                "title: New\npubDate: 2026-03-01\ntags: [RUST]",
            ),
            loaded(
                "posts/mid.md",
                "mid",
                "title: Mid\ndate: 2025-06-01T12:00:00+02:00\ntags: 'web dev'",
            ),
            loaded("posts/undated.md", "undated", "title: Undated"),
            loaded(
                "posts/draft.md",
                "draft",
                "title: Draft\ndate: 2027-01-01\ndraft: true\ntags: [rust]",
            ),
        ]
    }

    #[test]
    fn posts_are_sorted_newest_first_with_undated_last() {
        let index = PostIndex::build(sample(), false, None);
        assert_eq!(slugs(&index), ["new", "mid", "old", "undated"]);
    }

    #[test]
    fn drafts_are_listed_only_when_visible() {
        let hidden = PostIndex::build(sample(), false, None);
        assert!(hidden.post("draft").is_none());
        let shown = PostIndex::build(sample(), true, None);
        assert_eq!(slugs(&shown)[0], "draft");
        assert!(shown.post("draft").is_some_and(|p| p.summary.draft));
    }

    #[test]
    fn tags_are_counted_and_shown_as_spelled_in_the_oldest_post() {
        let index = PostIndex::build(sample(), false, None);
        let tags: Vec<(&str, &str, usize)> = index
            .tags()
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str(), t.count))
            .collect();
        assert_eq!(tags, [("rust", "rust", 2), ("web-dev", "Web Dev", 2)]);
        let new = index.post("new").expect("listed");
        assert_eq!(
            new.summary.tags[0].name, "rust",
            "chips use the canonical spelling"
        );
    }

    #[test]
    fn tag_lookup_returns_its_posts_newest_first() {
        let index = PostIndex::build(sample(), false, None);
        let (tag, posts) = index.tag("web-dev").expect("known tag");
        assert_eq!(tag.count, 2);
        let slugs: Vec<&str> = posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["mid", "old"]);
        assert!(index.tag("nope").is_none());
    }

    #[test]
    fn scheduled_posts_are_hidden_until_due_and_badged_in_development() {
        let at = |date: &str| {
            chrono::DateTime::parse_from_rfc3339(date)
                .expect("valid instant")
                .timestamp()
        };
        let files = || {
            vec![
                loaded(
                    "posts/now.md",
                    "now",
                    "title: Now
date: 2026-01-01",
                ),
                loaded(
                    "posts/later.md",
                    "later",
                    "title: Later
date: 2026-06-01T09:00:00Z",
                ),
            ]
        };
        let before = PostIndex::build_at(files(), false, at("2026-05-31T00:00:00Z"), None);
        assert_eq!(slugs(&before), ["now"]);
        assert_eq!(before.next_publication(), Some(at("2026-06-01T09:00:00Z")));
        let after = PostIndex::build_at(files(), false, at("2026-06-01T09:00:00Z"), None);
        assert_eq!(slugs(&after), ["later", "now"]);
        assert_eq!(after.next_publication(), None);
        let dev = PostIndex::build_at(files(), true, at("2026-05-31T00:00:00Z"), None);
        assert!(dev.post("later").is_some_and(|p| p.summary.scheduled));
    }

    #[test]
    fn a_post_knows_its_neighbours_and_related_posts() {
        let index = PostIndex::build(sample(), false, None);
        // Newest first: new, mid, old, undated.
        let mid = index.context("mid");
        assert_eq!(mid.newer.map(|l| l.slug), Some("new".into()));
        assert_eq!(mid.older.map(|l| l.slug), Some("old".into()));
        let related: Vec<&str> = mid.related.iter().map(|s| s.slug.as_str()).collect();
        assert_eq!(related, ["old"], "only posts sharing a tag");
        let old = index.context("old");
        let related: Vec<&str> = old.related.iter().map(|s| s.slug.as_str()).collect();
        assert_eq!(related, ["new", "mid"], "ties broken by the newest");
        assert_eq!(index.context("new").newer, None);
        assert_eq!(index.context("undated").older, None);
    }

    #[test]
    fn related_posts_prefer_more_shared_tags_and_stop_at_three() {
        let files = vec![
            loaded(
                "posts/a.md",
                "a",
                "title: A\ndate: 2026-01-05\ntags: [x, y, z]",
            ),
            loaded("posts/b.md", "b", "title: B\ndate: 2026-01-04\ntags: [x]"),
            loaded(
                "posts/c.md",
                "c",
                "title: C\ndate: 2026-01-03\ntags: [x, y]",
            ),
            loaded("posts/d.md", "d", "title: D\ndate: 2026-01-02\ntags: [z]"),
            loaded(
                "posts/e.md",
                "e",
                "title: E\ndate: 2026-01-01\ntags: [x, y, z]",
            ),
        ];
        let index = PostIndex::build(files, false, None);
        let related: Vec<String> = index
            .context("a")
            .related
            .into_iter()
            .map(|s| s.slug)
            .collect();
        assert_eq!(related, ["e", "c", "b"]);
    }

    #[test]
    fn links_to_missing_posts_are_reported_and_the_post_is_still_served() {
        let mut files = sample();
        files.push(loaded(
            "posts/links.md",
            "links",
            "title: Links\ndate: 2026-01-01\n---\n[ok](./old.md) [gone](./nope.md)\n\n[also](/posts/missing)",
        ));
        let index = PostIndex::build(files, false, None);
        assert!(index.post("links").is_some());
        let message = index.problems()[0].to_string();
        assert!(message.starts_with("posts/links.md: line "), "{message}");
        assert!(
            message.contains("\"nope\"") && message.contains("\"missing\""),
            "{message}"
        );
        assert!(!message.contains("\"old\""), "{message}");
    }

    #[test]
    fn tag_entries_are_the_tag_s_posts_newest_first() {
        let index = PostIndex::build(sample(), false, None);
        let (tag, entries) = index.tag_entries("rust").expect("known tag");
        assert_eq!(tag.name, "rust");
        let slugs: Vec<&str> = entries.iter().map(|e| e.slug()).collect();
        assert_eq!(slugs, ["new", "old"]);
        assert!(index.tag_entries("nope").is_none());
    }

    #[test]
    fn duplicate_slugs_keep_the_first_path_and_name_both_files() {
        let mut files = vec![
            loaded("posts/b.md", "b", "title: B\nslug: same"),
            loaded("posts/a.md", "a", "title: A\nslug: same"),
        ];
        let index = PostIndex::build(files.clone(), false, None);
        assert_eq!(
            index.post("same").map(|p| p.summary.title),
            Some("A".to_string())
        );
        let message = index.problems()[0].to_string();
        assert!(message.starts_with("posts/b.md: slug:"), "{message}");
        assert!(message.contains("posts/a.md"), "{message}");
        files.reverse();
        let again = PostIndex::build(files, false, None);
        assert_eq!(
            again.post("same").map(|p| p.summary.title),
            Some("A".to_string())
        );
    }

    #[test]
    fn a_broken_file_is_skipped_and_reported_while_others_load() {
        let mut files = sample();
        files.push(loaded("posts/broken.md", "broken", "title: [oops"));
        let index = PostIndex::build(files, false, None);
        assert_eq!(index.len(), 4);
        assert_eq!(index.problems().len(), 1);
        assert!(index.problems()[0]
            .to_string()
            .starts_with("posts/broken.md: front matter:"));
    }

    #[test]
    fn a_broken_edit_keeps_the_last_good_version() {
        let first = PostIndex::build(sample(), false, None);
        let mut files = sample();
        files[1] = loaded("posts/new.md", "new", "title: ''");
        let second = PostIndex::build(files, false, Some(&first));
        assert_eq!(
            second.post("new").map(|p| p.summary.title),
            Some("New".to_string())
        );
        assert!(second.problems()[0]
            .to_string()
            .contains("last good version"));
    }

    #[test]
    fn a_deleted_file_disappears_on_rebuild() {
        let first = PostIndex::build(sample(), false, None);
        let mut files = sample();
        files.retain(|l| l.source != "posts/old.md");
        let second = PostIndex::build(files, false, Some(&first));
        assert!(second.post("old").is_none());
        assert!(second.problems().is_empty());
    }
}
