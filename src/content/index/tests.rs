//! Tests of `index`.

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
