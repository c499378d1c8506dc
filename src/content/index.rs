//! The in-memory post index: every good post, deduplicated, ordered and tagged.

use super::post::Entry;
use crate::error::{Error, Problem};
use crate::filter::filter_posts;
use crate::model::{Post, PostList, PostSummary, TagCount, TagPosts};
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
    summaries: Vec<PostSummary>,
    tags: Vec<TagCount>,
    problems: Vec<Error>,
}

impl PostIndex {
    /// Builds the index from loaded files.
    ///
    /// Files are considered in path order, so when two claim the same slug the first path wins and
    /// the other is reported. A file that fails to load keeps its entry from `previous`, if it had
    /// one, so a broken edit never takes a post down. Drafts are dropped unless `drafts_visible`.
    pub fn build(
        mut loaded: Vec<Loaded>,
        drafts_visible: bool,
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
        entries.retain(|e| drafts_visible || !e.post.summary.draft);
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
        let summaries = entries.iter().map(|e| e.post.summary.clone()).collect();
        PostIndex {
            entries,
            by_slug,
            summaries,
            tags,
            problems,
        }
    }

    /// Every listed post, newest first.
    pub fn summaries(&self) -> &[PostSummary] {
        &self.summaries
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
            .filter(|e| e.post.summary.tags.iter().any(|t| t.slug == slug))
            .collect();
        Some((tag, entries))
    }

    /// The post with this slug, if listed.
    pub fn post(&self, slug: &str) -> Option<&Post> {
        self.by_slug.get(slug).map(|&i| &self.entries[i].post)
    }

    /// Every tag of the listed posts, in alphabetical order of their names.
    pub fn tags(&self) -> &[TagCount] {
        &self.tags
    }

    /// The tag with this slug and its posts, newest first.
    pub fn tag(&self, slug: &str) -> Option<(&TagCount, Vec<PostSummary>)> {
        let tag = self.tags.iter().find(|t| t.slug == slug)?;
        Some((
            tag,
            filter_posts(&self.summaries, std::slice::from_ref(&tag.slug), ""),
        ))
    }

    /// The home page's data.
    pub fn post_list(&self) -> PostList {
        PostList {
            posts: self.summaries.clone(),
            tags: self.tags.clone(),
        }
    }

    /// The post with this slug, or [`Error::NotFound`].
    pub fn find_post(&self, slug: &str) -> Result<Post, Error> {
        self.post(slug)
            .cloned()
            .ok_or_else(|| Error::NotFound(format!("post {slug:?}")))
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
        for tag in &entry.post.summary.tags {
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
        for tag in &mut entry.post.summary.tags {
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
        index.summaries().iter().map(|s| s.slug.as_str()).collect()
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
            index.post("same").map(|p| p.summary.title.as_str()),
            Some("A")
        );
        let message = index.problems()[0].to_string();
        assert!(message.starts_with("posts/b.md: slug:"), "{message}");
        assert!(message.contains("posts/a.md"), "{message}");
        files.reverse();
        let again = PostIndex::build(files, false, None);
        assert_eq!(
            again.post("same").map(|p| p.summary.title.as_str()),
            Some("A")
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
            second.post("new").map(|p| p.summary.title.as_str()),
            Some("New")
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
