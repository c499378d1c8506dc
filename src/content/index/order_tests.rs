//! Tests of `index`: pinned posts, expiry, and the groups (categories, series, authors).

use super::*;
use crate::content::post::parse_post;

fn loaded(slug: &str, front_matter: &str) -> Loaded {
    let source = format!("posts/{slug}.md");
    let text = format!("---\n{front_matter}\n---\nBody of {slug}.\n");
    Loaded {
        result: parse_post(&source, slug, &text, "Site Author"),
        source,
    }
}

fn slugs<'a>(entries: impl Iterator<Item = &'a Entry>) -> Vec<&'a str> {
    entries.map(Entry::slug).collect()
}

const NOW: i64 = 1_800_000_000; // 2027-01-15

fn blog() -> Vec<Loaded> {
    vec![
        loaded(
            "a",
            "title: A\ndate: 2026-01-01\nseries: Intro\ncategories: [Guides]\nauthor: Ada",
        ),
        loaded(
            "b",
            "title: B\ndate: 2026-02-01\nseries: intro\ncategories: [guides, News]\nauthors: [Ada, Grace]",
        ),
        loaded("c", "title: C\ndate: 2026-03-01\nseries: Intro\nweight: 5"),
        loaded("d", "title: D\ndate: 2026-04-01\npinned: true"),
        loaded("e", "title: E\ndate: 2026-05-01\nexpiryDate: 2026-12-01"),
        loaded("f", "title: F\ndate: 2026-06-01\nexpiryDate: 2027-06-01"),
    ]
}

#[test]
fn pinned_posts_are_listed_first_by_weight_while_feeds_and_neighbours_keep_time() {
    let index = PostIndex::build_at(blog(), false, NOW, None);
    assert_eq!(slugs(index.entries().iter()), ["c", "d", "f", "b", "a"]);
    assert_eq!(slugs(index.timeline()), ["f", "d", "c", "b", "a"]);
    assert_eq!(index.neighbours("d"), (Some("f"), Some("c")));
    assert!(index.entry("c").is_some_and(|e| e.summary.pinned));
}

#[test]
fn expired_posts_leave_the_listings_and_the_index_is_due_again_at_the_next_expiry() {
    let index = PostIndex::build_at(blog(), false, NOW, None);
    assert!(index.entry("e").is_none(), "expired before now");
    assert!(index.entry("f").is_some(), "expires later");
    let f_expires = index
        .entry("f")
        .and_then(|e| e.expires)
        .map(|d| d.sort_key());
    assert_eq!(index.next_publication(), f_expires);
    let development = PostIndex::build_at(blog(), true, NOW, None);
    assert!(development.entry("e").is_some_and(|e| e.summary.expired));
}

#[test]
fn a_series_lists_its_parts_oldest_first_and_each_part_knows_its_place() {
    let index = PostIndex::build_at(blog(), false, NOW, None);
    let (series, parts) = index
        .group_entries(GroupKind::Series, "intro")
        .expect("the series");
    assert_eq!(series.name, "Intro", "spelled as in the oldest post");
    assert_eq!(slugs(parts.into_iter()), ["a", "b", "c"]);
    let nav = index.post("b").and_then(|p| p.series).expect("b is part 2");
    assert_eq!((nav.part, nav.parts.len()), (2, 3));
    assert_eq!(nav.parts[0].href, "/posts/a");
    assert!(index.post("d").is_some_and(|p| p.series.is_none()));
}

#[test]
fn categories_and_authors_are_groups_with_pages_and_canonical_names() {
    let index = PostIndex::build_at(blog(), false, NOW, None);
    let names = |kind| -> Vec<(String, usize)> {
        index
            .groups(kind)
            .iter()
            .map(|g| (g.term.name.clone(), g.term.count))
            .collect()
    };
    assert_eq!(
        names(GroupKind::Category),
        [("Guides".to_string(), 2), ("News".to_string(), 1)]
    );
    assert_eq!(
        names(GroupKind::Author),
        [
            ("Ada".to_string(), 2),
            ("Grace".to_string(), 1),
            ("Site Author".to_string(), 3)
        ],
        "posts naming no author are the site author's"
    );
    let post = index.post("b").expect("b");
    assert_eq!(post.summary.author, "Ada and Grace");
    let categories: Vec<&str> = post.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        categories,
        ["Guides", "News"],
        "the oldest spelling is shown"
    );
    let page = index
        .find_group_page(GroupKind::Category, "guides", None, 1)
        .expect("page 1");
    assert_eq!(
        (page.list.count, page.list.posts[0].post.slug.as_str()),
        (2, "b")
    );
    assert!(index
        .find_group_page(GroupKind::Category, "guides", Some("3".into()), 1)
        .is_err());
    assert!(index
        .find_group_page(GroupKind::Author, "nobody", None, 10)
        .is_err());
}

#[test]
fn a_blog_of_one_author_has_no_author_pages_and_shows_the_name_unlinked() {
    let index = PostIndex::build_at(
        vec![
            loaded("a", "title: A\ndate: 2026-01-01"),
            loaded("b", "title: B\nauthor: Site Author"),
        ],
        false,
        NOW,
        None,
    );
    assert!(index.groups(GroupKind::Author).is_empty());
    let post = index.post("a").expect("a");
    assert!(post.authors.is_empty(), "no page to link to");
    assert_eq!(post.summary.author, "Site Author");
}
