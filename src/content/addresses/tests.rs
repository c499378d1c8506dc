//! Tests of `addresses`, through the index that builds the table.

use super::*;
use crate::content::index::{Loaded, PostIndex};
use crate::content::permalink::Permalink;
use crate::content::post::{parse_post_placed, Placement};

fn loaded(source: &str, front_matter: &str, permalink: &Permalink) -> Loaded {
    let stem = std::path::Path::new(source)
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("a name");
    let text = format!("---\ntitle: T\ndate: 2024-05-01\n{front_matter}---\nBody.\n");
    Loaded {
        source: source.to_string(),
        result: parse_post_placed(
            source,
            stem,
            &text,
            "Ada",
            &|_| None,
            Default::default(),
            &Placement {
                folder: "blog",
                bundle: false,
                draft: false,
                permalink,
            },
        ),
    }
}

fn index(posts: &[(&str, &str)], pattern: &str) -> PostIndex {
    let permalink = Permalink::parse(pattern).expect("a valid pattern");
    let loaded = posts
        .iter()
        .map(|(source, fm)| loaded(source, fm, &permalink))
        .collect();
    PostIndex::build(loaded, false, None)
}

fn messages(index: &PostIndex) -> Vec<String> {
    index.problems().iter().map(|p| p.to_string()).collect()
}

#[test]
fn posts_answer_at_their_pattern_and_old_default_addresses_redirect() {
    let index = index(&[("posts/a.md", "")], "/:year/:month/:day/:slug");
    assert_eq!(index.route("/2024/05/01/a"), Some(Route::Post("a".into())));
    assert_eq!(
        index.route("/posts/a"),
        Some(Route::Redirect("/2024/05/01/a".into()))
    );
    assert!(messages(&index).is_empty(), "{:?}", messages(&index));
}

#[test]
fn trailing_slashes_and_html_endings_redirect_to_the_one_address() {
    let index = index(
        &[("posts/a.md", "path: 2025/06/26/Rust-1.88.0\n")],
        "/posts/:slug",
    );
    assert_eq!(
        index.route("/2025/06/26/Rust-1.88.0/"),
        None,
        "left to the trailing-slash redirect, which keeps the query"
    );
    for variant in [
        "/2025/06/26/Rust-1.88.0.html",
        "/2025/06/26/Rust-1.88.0/index.html",
    ] {
        assert_eq!(
            index.route(variant),
            Some(Route::Redirect("/2025/06/26/Rust-1.88.0".into())),
            "{variant}"
        );
    }
    assert_eq!(
        index.route("/2025/06/26/Rust-1.88.0"),
        Some(Route::Post("a".into()))
    );
    assert_eq!(index.route("/2025/06/26/other"), None);
}

#[test]
fn aliases_redirect_to_the_post_in_any_written_form() {
    let index = index(
        &[(
            "posts/a.md",
            "aliases: [/old/a/, 'b.html', 'https://old.example/c/']\n",
        )],
        "/blog/:slug",
    );
    for old in ["/old/a", "/b", "/b.html", "/c"] {
        assert_eq!(
            index.route(old),
            Some(Route::Redirect("/blog/a".into())),
            "{old}"
        );
    }
}

#[test]
fn two_posts_claiming_one_address_keep_the_first_and_name_both() {
    let index = index(
        &[
            ("posts/b.md", "path: /same\n"),
            ("posts/a.md", "url: /same/\n"),
        ],
        "/posts/:slug",
    );
    assert_eq!(index.len(), 1);
    assert_eq!(index.route("/same"), Some(Route::Post("a".into())));
    let messages = messages(&index);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("posts/b.md: address: /same is already the address of posts/a.md"),
        "{messages:?}"
    );
}

#[test]
fn an_alias_claiming_a_posts_address_is_reported_and_the_post_kept() {
    let index = index(
        &[("posts/a.md", ""), ("posts/b.md", "aliases: [/posts/a]\n")],
        "/posts/:slug",
    );
    assert_eq!(index.route("/posts/a"), Some(Route::Post("a".into())));
    let messages = messages(&index);
    assert!(
        messages[0]
            .starts_with("posts/b.md: aliases: /posts/a is already an address of posts/a.md"),
        "{messages:?}"
    );
}

#[test]
fn addresses_of_quires_own_pages_cannot_be_claimed() {
    let index = index(&[("posts/a.md", "path: /tags/rust\n")], "/posts/:slug");
    assert!(index.is_empty());
    assert!(
        messages(&index)[0].contains("Quire's own pages"),
        "{:?}",
        messages(&index)
    );
}

#[test]
fn site_redirects_follow_posts_and_aliases_and_lose_to_them() {
    let mut index = index(&[("posts/a.md", "aliases: [/old-a]\n")], "/blog/:slug");
    index.add_site_redirects(
        &[
            SiteRedirect {
                from: "/feed/".into(),
                to: "/rss.xml".into(),
            },
            SiteRedirect {
                from: "/via-old".into(),
                to: "/posts/a".into(),
            },
            SiteRedirect {
                from: "/gone".into(),
                to: "https://elsewhere.example/".into(),
            },
            SiteRedirect {
                from: "/old-a".into(),
                to: "/x".into(),
            },
            SiteRedirect {
                from: "/bad?x".into(),
                to: "/x".into(),
            },
        ],
        "Leptos.toml",
    );
    assert_eq!(
        index.route("/feed"),
        Some(Route::Redirect("/rss.xml".into()))
    );
    assert_eq!(
        index.route("/via-old"),
        Some(Route::Redirect("/blog/a".into()))
    );
    assert_eq!(
        index.route("/gone"),
        Some(Route::Redirect("https://elsewhere.example/".into()))
    );
    assert_eq!(
        index.route("/old-a"),
        Some(Route::Redirect("/blog/a".into()))
    );
    let messages = messages(&index);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with(
            "Leptos.toml: redirects.\"/old-a\": /old-a is already an address of posts/a.md"
        ),
        "{messages:?}"
    );
    assert!(
        messages[0].contains("redirects.\"/bad?x\": expected a path"),
        "{messages:?}"
    );
}

#[test]
fn hidden_drafts_answer_nowhere() {
    let index = index(
        &[("posts/a.md", "draft: true\naliases: [/old]\npath: /mine\n")],
        "/posts/:slug",
    );
    assert!(index.is_empty());
    assert_eq!(index.route("/mine"), None);
    assert_eq!(index.route("/old"), None);
}
