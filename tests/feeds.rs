//! Feeds, sitemap and `robots.txt` through the whole router, read back with independent parsers:
//! feed-rs for RSS and Atom, quick-xml's reader for the sitemap.

#![cfg(feature = "ssr")]

mod common;

use axum::http::StatusCode;
use axum::Router;
use chrono::{DateTime, Utc};
use common::{fixture_router, request, run, send, Answer};
use feed_rs::model::{Entry, Feed, FeedType};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::sync::LazyLock;

/// Written with a trailing slash on purpose: no absolute link may contain `//` after the host.
const BASE_URL: &str = "https://blog.example/";
const BASE: &str = "https://blog.example";

// One production router (drafts hidden), built once (see `fixture_router`).
static ROUTER: LazyLock<Router> = LazyLock::new(|| {
    fixture_router(false, |file| {
        file.site.description = "Posts for the tests.".into();
        file.site.base_url = BASE_URL.into();
        file.site.language = "en-GB".into();
    })
});

fn app() -> Router {
    ROUTER.clone()
}

/// `GET uri`, read whole.
async fn get(uri: &str) -> Answer {
    send(app(), request("GET", uri, &[], "")).await
}

/// Fetches a feed, checks its status and content type, and parses it with feed-rs.
async fn feed(uri: &str, content_type: &str) -> Feed {
    let reply = get(uri).await;
    assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
    assert_eq!(reply.header("content-type"), Some(content_type), "{uri}");
    feed_rs::parser::parse(reply.body.as_bytes())
        .unwrap_or_else(|e| panic!("{uri} does not parse: {e}\n{}", reply.body))
}

const RSS: &str = "application/rss+xml; charset=utf-8";
const ATOM: &str = "application/atom+xml; charset=utf-8";

/// What each published fixture post must look like in a feed.
struct Expected {
    slug: &'static str,
    title: &'static str,
    published: &'static str,
    author: &'static str,
    categories: &'static [&'static str],
    /// A piece of the rendered HTML body.
    html: &'static str,
}

/// Every published fixture post, newest first; the draft and the broken post are absent.
const POSTS: [Expected; 3] = [
    Expected {
        slug: "web-notes",
        title: "Notes on the Web",
        published: "2026-02-01T06:00:00Z",
        author: "Mara Lindqvist",
        categories: &["Rust", "Web Dev"],
        html: "<table>",
    },
    Expected {
        slug: "first-steps",
        title: "First Steps in Rust",
        // A bare date is midnight UTC of that day.
        published: "2026-01-10T00:00:00Z",
        author: "Ada Quill",
        categories: &["Rust", "Learning in Public"],
        html: "<p>Every value has one owner.</p>",
    },
    Expected {
        slug: "bundle",
        title: "A Bundled Post",
        published: "2025-12-24T00:00:00Z",
        author: "Ada Quill",
        categories: &["Café"],
        html: "class=\"footnote-definition\"",
    },
];

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("valid test date")
        .with_timezone(&Utc)
}

fn text(value: Option<&feed_rs::model::Text>) -> &str {
    value.map_or("", |t| t.content.as_str())
}

/// Checks every field of every entry against `expected`, in order.
fn check_entries(uri: &str, entries: &[Entry], expected: &[&Expected]) {
    let titles: Vec<&str> = entries.iter().map(|e| text(e.title.as_ref())).collect();
    let wanted: Vec<&str> = expected.iter().map(|p| p.title).collect();
    assert_eq!(titles, wanted, "{uri}: items and their order");
    for (entry, post) in entries.iter().zip(expected) {
        let permalink = format!("{BASE}/posts/{}", post.slug);
        assert_eq!(entry.id, permalink, "{uri}: id of {}", post.slug);
        let links: Vec<&str> = entry.links.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(links, [permalink.as_str()], "{uri}: link of {}", post.slug);
        assert_eq!(
            entry.published,
            Some(utc(post.published)),
            "{uri}: date of {}",
            post.slug
        );
        let authors: Vec<&str> = entry
            .authors
            .iter()
            .filter_map(|a| a.name.as_deref())
            .collect();
        assert_eq!(authors, [post.author], "{uri}: author of {}", post.slug);
        let categories: Vec<&str> = entry.categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(categories, post.categories, "{uri}: tags of {}", post.slug);
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .unwrap_or_default();
        assert!(
            body.contains(post.html),
            "{uri}: content of {} lacks {:?}: {body}",
            post.slug,
            post.html
        );
    }
}

fn feed_links(feed: &Feed) -> Vec<(Option<&str>, &str)> {
    feed.links
        .iter()
        .map(|l| (l.rel.as_deref(), l.href.as_str()))
        .collect()
}

#[test]
fn the_rss_feed_lists_every_published_post_with_every_field() {
    run(async {
        let feed = feed("/rss.xml", RSS).await;
        assert_eq!(feed.feed_type, FeedType::RSS2);
        assert_eq!(text(feed.title.as_ref()), "Fixture Blog");
        assert_eq!(text(feed.description.as_ref()), "Posts for the tests.");
        // feed-rs lowercases language tags, which compare without case anyway.
        assert_eq!(feed.language.as_deref(), Some("en-gb"));
        let links = feed_links(&feed);
        assert!(
            links.contains(&(None, "https://blog.example/")),
            "{links:?}"
        );
        assert!(
            links.contains(&(Some("self"), "https://blog.example/rss.xml")),
            "{links:?}"
        );
        assert_eq!(feed.updated, Some(utc("2026-02-01T06:00:00Z")));
        check_entries("/rss.xml", &feed.entries, &POSTS.iter().collect::<Vec<_>>());
        for entry in &feed.entries {
            assert!(entry.summary.is_some(), "RSS items keep a description");
        }
    })
}

#[test]
fn the_atom_feed_lists_every_published_post_with_every_field() {
    run(async {
        let feed = feed("/atom.xml", ATOM).await;
        assert_eq!(feed.feed_type, FeedType::Atom);
        assert_eq!(feed.id, "https://blog.example/");
        assert_eq!(text(feed.title.as_ref()), "Fixture Blog");
        assert_eq!(feed.updated, Some(utc("2026-02-01T06:00:00Z")));
        let links = feed_links(&feed);
        assert!(
            links.contains(&(Some("alternate"), "https://blog.example/")),
            "{links:?}"
        );
        assert!(
            links.contains(&(Some("self"), "https://blog.example/atom.xml")),
            "{links:?}"
        );
        let authors: Vec<&str> = feed
            .authors
            .iter()
            .filter_map(|a| a.name.as_deref())
            .collect();
        assert_eq!(authors, ["Ada Quill"]);
        check_entries(
            "/atom.xml",
            &feed.entries,
            &POSTS.iter().collect::<Vec<_>>(),
        );
        for entry in &feed.entries {
            let content = entry.content.as_ref().expect("content");
            assert_eq!(content.content_type.to_string(), "text/html");
            assert_eq!(entry.updated, entry.published, "{}", entry.id);
        }
    })
}

#[test]
fn tag_feeds_hold_exactly_the_tag_s_posts() {
    run(async {
        let cases: [(&str, &str, &[&str]); 3] = [
            ("rust", "Rust", &["web-notes", "first-steps"]),
            ("caf%C3%A9", "Café", &["bundle"]),
            ("learning-in-public", "Learning in Public", &["first-steps"]),
        ];
        for (slug, name, slugs) in cases {
            let expected: Vec<&Expected> = slugs
                .iter()
                .map(|s| POSTS.iter().find(|p| p.slug == *s).expect("fixture"))
                .collect();
            let page = format!("{BASE}/tags/{slug}");

            let uri = format!("/tags/{slug}/rss.xml");
            let rss = feed(&uri, RSS).await;
            assert_eq!(text(rss.title.as_ref()), format!("{name} · Fixture Blog"));
            assert!(feed_links(&rss).contains(&(None, page.as_str())), "{uri}");
            assert!(
                feed_links(&rss).contains(&(Some("self"), format!("{page}/rss.xml").as_str())),
                "{uri}"
            );
            check_entries(&uri, &rss.entries, &expected);

            let uri = format!("/tags/{slug}/atom.xml");
            let atom = feed(&uri, ATOM).await;
            assert_eq!(atom.id, page, "{uri}");
            assert_eq!(text(atom.title.as_ref()), format!("{name} · Fixture Blog"));
            check_entries(&uri, &atom.entries, &expected);
        }
    })
}

#[test]
fn feeds_of_unknown_tags_are_404() {
    run(async {
        for uri in [
            "/tags/nope/rss.xml",
            "/tags/nope/atom.xml",
            // Tag slugs are lowercase, as for `/tags/:tag`.
            "/tags/Rust/rss.xml",
            "/tags/web%20dev/atom.xml",
        ] {
            let reply = get(uri).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
            assert!(!reply.body.contains("nope"), "{uri}: no details leak");
        }
        let reply = get("/tags/%FF/rss.xml").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    })
}

/// The `(loc, lastmod)` pairs of a sitemap, read with quick-xml; fails on malformed XML or a
/// wrong root element.
fn sitemap_urls(xml: &str) -> Vec<(String, Option<String>)> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut urls = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut root_seen = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).to_string();
                if !root_seen {
                    assert_eq!(name, "urlset");
                    let namespace = start
                        .try_get_attribute("xmlns")
                        .expect("attributes")
                        .expect("xmlns")
                        .value
                        .into_owned();
                    assert_eq!(namespace, b"http://www.sitemaps.org/schemas/sitemap/0.9");
                    root_seen = true;
                }
                if name == "url" {
                    urls.push((String::new(), None));
                }
                path.push(name);
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(text) => {
                let value = text.decode().expect("text").to_string();
                let url = urls.last_mut().expect("text inside <url>");
                match path.last().map(String::as_str) {
                    Some("loc") => url.0 = value,
                    Some("lastmod") => url.1 = Some(value),
                    other => panic!("unexpected text in {other:?}"),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(root_seen, "no <urlset>");
    urls
}

#[test]
fn the_sitemap_lists_every_page_with_its_newest_date() {
    run(async {
        let reply = get("/sitemap.xml").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.header("content-type"),
            Some("application/xml; charset=utf-8")
        );
        let urls = sitemap_urls(&reply.body);
        let newest = Some("2026-02-01T08:00:00+02:00".to_string());
        let expected: Vec<(String, Option<String>)> = [
            ("/", newest.clone()),
            ("/posts/web-notes", newest.clone()),
            ("/posts/first-steps", Some("2026-01-10".into())),
            ("/posts/bundle", Some("2025-12-24".into())),
            ("/tags", newest.clone()),
            ("/tags/caf%C3%A9", Some("2025-12-24".into())),
            ("/tags/learning-in-public", Some("2026-01-10".into())),
            ("/tags/rust", newest.clone()),
            ("/tags/web-dev", newest.clone()),
            ("/authors", None),
            ("/authors/ada-quill", Some("2026-01-10".into())),
            ("/authors/mara-lindqvist", newest),
        ]
        .into_iter()
        .map(|(path, lastmod)| (format!("{BASE}{path}"), lastmod))
        .collect();
        assert_eq!(urls, expected);
    })
}

#[test]
fn robots_txt_allows_crawling_and_points_at_the_sitemap() {
    run(async {
        let reply = get("/robots.txt").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.header("content-type"),
            Some("text/plain; charset=utf-8")
        );
        let lines: Vec<&str> = reply.body.lines().collect();
        assert!(lines.contains(&"User-agent: *"), "{}", reply.body);
        assert!(lines.contains(&"Allow: /"), "{}", reply.body);
        assert!(
            lines.contains(&"Sitemap: https://blog.example/sitemap.xml"),
            "{}",
            reply.body
        );
    })
}

/// Whether the `<head>` of `html` has a `<link>` with every one of `attributes`, in any order.
fn head_has_link(html: &str, attributes: &[&str]) -> bool {
    let head = html
        .split_once("<head>")
        .and_then(|(_, rest)| rest.split_once("</head>"))
        .map_or("", |(head, _)| head);
    head.split("<link ").skip(1).any(|tag| {
        let tag = tag.split_once('>').map_or(tag, |(tag, _)| tag);
        attributes.iter().all(|a| tag.contains(a))
    })
}

#[test]
fn a_tag_page_head_also_links_to_the_tag_s_feeds() {
    run(async {
        let html = get("/tags/caf%C3%A9").await.body;
        for (kind, href) in [("rss", "rss.xml"), ("atom", "atom.xml")] {
            assert!(
                head_has_link(
                    &html,
                    &[
                        "rel=\"alternate\"",
                        &format!("type=\"application/{kind}+xml\""),
                        &format!("href=\"/tags/caf%C3%A9/{href}\""),
                        "title=\"Café · Fixture Blog (",
                    ]
                ),
                "{kind}: {html}"
            );
        }
    })
}

#[test]
fn every_page_head_links_to_both_feeds() {
    run(async {
        for uri in [
            "/",
            "/posts/web-notes",
            "/tags",
            "/tags/rust",
            "/no/such/page",
        ] {
            let html = get(uri).await.body;
            assert!(
                head_has_link(
                    &html,
                    &[
                        "rel=\"alternate\"",
                        "type=\"application/rss+xml\"",
                        "title=\"Fixture Blog (RSS)\"",
                        "href=\"/rss.xml\"",
                    ]
                ),
                "{uri}: {html}"
            );
            assert!(
                head_has_link(
                    &html,
                    &[
                        "rel=\"alternate\"",
                        "type=\"application/atom+xml\"",
                        "title=\"Fixture Blog (Atom)\"",
                        "href=\"/atom.xml\"",
                    ]
                ),
                "{uri}: {html}"
            );
        }
    })
}
