//! Addresses of the blog's pages, built in one place so links and routes never drift apart.

use crate::model::GroupKind;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use serde::{Deserialize, Serialize};

/// Characters escaped in a path segment or query value: everything but unreserved ASCII.
/// Non-ASCII letters are escaped as UTF-8 bytes, as browsers do.
const COMPONENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'=')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// `component` percent-encoded for a path segment or a query value.
pub fn encode(component: &str) -> String {
    utf8_percent_encode(component, COMPONENT).to_string()
}

/// The blog's RSS 2.0 feed.
pub const RSS_HREF: &str = "/rss.xml";

/// The blog's Atom 1.0 feed.
pub const ATOM_HREF: &str = "/atom.xml";

/// The sitemap for search engines.
pub const SITEMAP_HREF: &str = "/sitemap.xml";

/// The page listing every tag.
pub const TAGS_HREF: &str = "/tags";

/// `/posts/<slug>`.
pub fn post_href(slug: &str) -> String {
    format!("/posts/{}", encode(slug))
}

/// `/tags/<slug>`.
pub fn tag_href(slug: &str) -> String {
    format!("/tags/{}", encode(slug))
}

/// `/tags/<slug>/rss.xml`: one tag's RSS feed.
pub fn tag_rss_href(slug: &str) -> String {
    format!("{}{RSS_HREF}", tag_href(slug))
}

/// `/tags/<slug>/atom.xml`: one tag's Atom feed.
pub fn tag_atom_href(slug: &str) -> String {
    format!("{}{ATOM_HREF}", tag_href(slug))
}

/// `/categories`, `/series` or `/authors`: every group of a kind.
pub fn groups_href(kind: GroupKind) -> String {
    format!("/{}", kind.segment())
}

/// `/categories/<slug>`, `/series/<slug>` or `/authors/<slug>`.
pub fn group_href(kind: GroupKind, slug: &str) -> String {
    format!("/{}/{}", kind.segment(), encode(slug))
}

/// Page `number` of a group's page: `/authors/ada/page/2`.
pub fn group_page_href(kind: GroupKind, slug: &str, number: usize) -> String {
    match number {
        0 | 1 => group_href(kind, slug),
        n => format!("{}/page/{n}", group_href(kind, slug)),
    }
}

/// A group's RSS feed: `/series/intro/rss.xml`.
pub fn group_rss_href(kind: GroupKind, slug: &str) -> String {
    format!("{}{RSS_HREF}", group_href(kind, slug))
}

/// A group's Atom feed: `/series/intro/atom.xml`.
pub fn group_atom_href(kind: GroupKind, slug: &str) -> String {
    format!("{}{ATOM_HREF}", group_href(kind, slug))
}

/// Where the page of the section of `folder` renders: `/_sections/<folder>`, `?page=<n>` after
/// the first (the section's own address is the folder's, which routes here).
pub fn section_page_href(folder: &str, number: usize) -> String {
    let path: String = folder
        .split('/')
        .map(|segment| format!("/{}", encode(segment)))
        .collect();
    match number {
        0 | 1 => format!("/_sections{path}"),
        n => format!("/_sections{path}?page={n}"),
    }
}

/// Page `number` of a section at `href`: `/blog/page/2`.
pub fn section_href(href: &str, number: usize) -> String {
    match number {
        0 | 1 => href.to_string(),
        n => format!("{href}/page/{n}"),
    }
}

/// The home page filtered by `tags` and the search `query`: `/?tag=a&tag=b&q=words`.
pub fn home_href(tags: &[String], query: &str) -> String {
    let mut pairs: Vec<String> = tags.iter().map(|t| format!("tag={}", encode(t))).collect();
    let query = query.trim();
    if !query.is_empty() {
        pairs.push(format!("q={}", encode(query)));
    }
    if pairs.is_empty() {
        "/".to_string()
    } else {
        format!("/?{}", pairs.join("&"))
    }
}

/// Page `number` of the home page list for `tags` and `query`: `/page/2` when unfiltered,
/// otherwise `/?tag=a&page=2`; page 1 is the plain filtered address.
pub fn home_page_href(tags: &[String], query: &str, number: usize) -> String {
    let base = home_href(tags, query);
    match number {
        0 | 1 => base,
        n if base == "/" => format!("/page/{n}"),
        n => format!("{base}&page={n}"),
    }
}

/// What an address of the home page asks for: `/?tag=a&tag=b&q=words&page=2`, or `/page/2`.
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
pub struct HomeQuery {
    /// The `tag` values, in address order (unknown ones are dropped later, by the filter).
    pub tags: Vec<String>,
    /// The search words (`q`).
    pub search: String,
    /// The page number as written (`None` for the first page).
    pub page: Option<String>,
}

impl HomeQuery {
    /// The home-page request in `path` and `query` (without the `?`); `None` when `path` is not
    /// the home page. Query values are decoded as a form does (`+` is a space); other keys are
    /// ignored, and the page in the path (`/page/2`) wins over a `page` value.
    pub fn parse(path: &str, query: &str) -> Option<HomeQuery> {
        let in_path = match path {
            "/" | "" => None,
            _ => {
                let n = path.strip_prefix("/page/")?;
                if n.is_empty() || n.contains('/') {
                    return None;
                }
                Some(decode(n))
            }
        };
        let mut home = HomeQuery::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "tag" => home.tags.push(value.into_owned()),
                "q" if home.search.is_empty() => home.search = value.into_owned(),
                "page" if home.page.is_none() => home.page = Some(value.into_owned()),
                _ => {}
            }
        }
        if in_path.is_some() {
            home.page = in_path;
        }
        Some(home)
    }
}

impl HomeQuery {
    /// The request in [`crate::server_fns::list_posts`]'s arguments: tag slugs separated by
    /// commas, the search words, and the page number (empty for the first).
    pub fn from_arguments(tags: &str, search: &str, page: &str) -> HomeQuery {
        HomeQuery {
            tags: tags
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            search: search.to_string(),
            page: Some(page.to_string()).filter(|p| !p.is_empty()),
        }
    }

    /// The address of [`crate::server_fns::list_posts`] for this request, as the island calls it.
    pub fn list_href(&self) -> String {
        format!(
            "/api/list?tags={}&q={}&page={}",
            encode(&self.tags.join(",")),
            encode(&self.search),
            encode(self.page.as_deref().unwrap_or_default())
        )
    }

    /// The home-page request in a site-relative address (`/?tag=rust#top`); `None` for another
    /// page.
    pub fn parse_address(address: &str) -> Option<HomeQuery> {
        let address = address.split('#').next().unwrap_or_default();
        let (path, query) = address.split_once('?').unwrap_or((address, ""));
        HomeQuery::parse(path, query)
    }
}

/// `text` percent-decoded as UTF-8; invalid sequences become U+FFFD.
fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// `path` as an absolute URL of the blog at `base_url` (with or without a trailing slash);
/// URLs that are already absolute (`http://`, `https://`) pass through. The one place the
/// server's head tags, feeds and sitemap make their absolute addresses.
pub fn absolute(base_url: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_string()
    } else {
        format!(
            "{}/{}",
            base_url.trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }
}

/// Page `number` of a tag page: `/tags/rust/page/2` (a path, so a static export has a file for it).
pub fn tag_page_href(slug: &str, number: usize) -> String {
    match number {
        0 | 1 => tag_href(slug),
        n => format!("{}/page/{n}", tag_href(slug)),
    }
}

/// The index as JSON documents at fixed paths: a read API for scripts and other sites, served by
/// the server and written by the static export as plain files.
pub mod data {
    use super::encode;

    /// The site settings ([`crate::model::SiteInfo`]).
    pub const SITE: &str = "/data/site.json";

    /// Every listed post and tag ([`crate::model::PostsDocument`]).
    pub const POSTS: &str = "/data/posts.json";

    /// Every tag with its count.
    pub const TAGS: &str = "/data/tags.json";

    /// One post with its neighbours ([`crate::model::PostPageData`]): `/data/posts/<slug>.json`.
    pub fn post(slug: &str) -> String {
        format!("/data/posts/{}.json", encode(slug))
    }

    /// One tag and its posts ([`crate::model::TagPosts`]): `/data/tags/<slug>.json`.
    pub fn tag(slug: &str) -> String {
        format!("/data/tags/{}.json", encode(slug))
    }

    /// Every group of a kind with its count: `/data/authors.json`.
    pub fn groups(kind: crate::model::GroupKind) -> String {
        format!("/data/{}.json", kind.segment())
    }

    /// One group and its posts ([`crate::model::GroupPosts`]): `/data/authors/<slug>.json`.
    pub fn group(kind: crate::model::GroupKind, slug: &str) -> String {
        format!("/data/{}/{}.json", kind.segment(), encode(slug))
    }
}

/// `active` with `slug` removed if present, or appended if not.
pub fn toggle(active: &[String], slug: &str) -> Vec<String> {
    if active.iter().any(|t| t == slug) {
        active.iter().filter(|t| *t != slug).cloned().collect()
    } else {
        let mut next = active.to_vec();
        next.push(slug.to_string());
        next
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_absolute_urls_and_absolute_urls_pass_through() {
        for base in ["https://example.com", "https://example.com/"] {
            assert_eq!(absolute(base, "/posts/a"), "https://example.com/posts/a");
            assert_eq!(absolute(base, "posts/a"), "https://example.com/posts/a");
            assert_eq!(absolute(base, "/"), "https://example.com/");
        }
        assert_eq!(
            absolute("https://example.com", "https://cdn.example/x.png"),
            "https://cdn.example/x.png"
        );
    }

    use super::*;

    #[test]
    fn a_request_survives_the_list_functions_arguments() {
        let query = HomeQuery {
            tags: vec!["rust".into(), "web-dev".into()],
            search: "a&b=c ü".into(),
            page: Some("2".into()),
        };
        let href = query.list_href();
        assert_eq!(
            href,
            "/api/list?tags=rust,web-dev&q=a%26b%3Dc%20%C3%BC&page=2"
        );
        let (_, args) = href.split_once('?').expect("arguments");
        let value = |key: &str| {
            args.split('&')
                .find_map(|pair| pair.strip_prefix(&format!("{key}=")))
                .map(|v| percent_decode_str(v).decode_utf8_lossy().into_owned())
                .unwrap_or_default()
        };
        assert_eq!(
            HomeQuery::from_arguments(&value("tags"), &value("q"), &value("page")),
            query
        );
    }

    fn home(tags: &[&str], search: &str, page: Option<&str>) -> Option<HomeQuery> {
        Some(HomeQuery {
            tags: tags.iter().map(|t| t.to_string()).collect(),
            search: search.into(),
            page: page.map(Into::into),
        })
    }

    #[test]
    fn a_home_address_reads_back_what_home_page_href_wrote() {
        let tags = vec!["café".to_string(), "a&b=c".to_string()];
        let href = home_page_href(&tags, "two words+", 3);
        let (path, query) = href.split_once('?').unwrap_or((&href, ""));
        assert_eq!(
            HomeQuery::parse(path, query),
            home(&["café", "a&b=c"], "two words+", Some("3"))
        );
        assert_eq!(HomeQuery::parse("/page/2", ""), home(&[], "", Some("2")));
        assert_eq!(
            HomeQuery::parse_address("/?tag=rust&q=a+b#top"),
            home(&["rust"], "a b", None)
        );
        assert_eq!(HomeQuery::parse_address("/posts/x?tag=rust"), None);
        assert_eq!(HomeQuery::parse("/", ""), home(&[], "", None));
    }

    #[test]
    fn a_home_address_decodes_plus_as_space_and_ignores_unknown_keys() {
        assert_eq!(
            HomeQuery::parse("/", "q=rust+web&utm_source=x&tag=rust&tag=web-dev&flag"),
            home(&["rust", "web-dev"], "rust web", None)
        );
        assert_eq!(
            HomeQuery::parse("/", "tag=%E6%97%A5%E6%9C%AC%E8%AA%9E&tag=%ZZ"),
            home(&["日本語", "%ZZ"], "", None)
        );
    }

    #[test]
    fn other_paths_are_not_the_home_page() {
        for path in [
            "/posts/x",
            "/tags",
            "/page",
            "/page/",
            "/page/2/x",
            "/pages/2",
        ] {
            assert_eq!(HomeQuery::parse(path, "tag=rust"), None, "{path}");
        }
    }

    #[test]
    fn hrefs_escape_non_ascii_and_reserved_characters() {
        assert_eq!(post_href("hello-quire"), "/posts/hello-quire");
        assert_eq!(tag_href("café"), "/tags/caf%C3%A9");
        assert_eq!(tag_href("a/b?c"), "/tags/a%2Fb%3Fc");
        assert_eq!(tag_rss_href("café"), "/tags/caf%C3%A9/rss.xml");
        assert_eq!(tag_atom_href("rust"), "/tags/rust/atom.xml");
    }

    #[test]
    fn home_href_is_root_without_tags_and_repeats_the_tag_key() {
        assert_eq!(home_href(&[], ""), "/");
        assert_eq!(
            home_href(&["rust".into(), "日本語".into()], ""),
            "/?tag=rust&tag=%E6%97%A5%E6%9C%AC%E8%AA%9E"
        );
    }

    #[test]
    fn home_href_keeps_tags_and_a_trimmed_search() {
        assert_eq!(home_href(&[], "  "), "/");
        assert_eq!(
            home_href(&["rust".into()], "a&b c"),
            "/?tag=rust&q=a%26b%20c"
        );
    }

    #[test]
    fn page_links_use_a_path_when_unfiltered_and_the_query_otherwise() {
        assert_eq!(home_page_href(&[], "", 1), "/");
        assert_eq!(home_page_href(&[], "", 2), "/page/2");
        assert_eq!(home_page_href(&["rust".into()], "", 3), "/?tag=rust&page=3");
        assert_eq!(home_page_href(&[], "x", 2), "/?q=x&page=2");
        assert_eq!(tag_page_href("rust", 2), "/tags/rust/page/2");
        assert_eq!(tag_page_href("rust", 1), "/tags/rust");
    }

    #[test]
    fn data_paths_are_plain_files_with_encoded_slugs() {
        assert_eq!(data::post("hello-quire"), "/data/posts/hello-quire.json");
        assert_eq!(data::tag("café"), "/data/tags/caf%C3%A9.json");
        assert_eq!(data::tag("a/b"), "/data/tags/a%2Fb.json");
    }

    #[test]
    fn toggle_adds_missing_and_removes_present_tags() {
        let active = vec!["rust".to_string()];
        assert_eq!(toggle(&active, "web"), ["rust", "web"]);
        assert_eq!(toggle(&active, "rust"), Vec::<String>::new());
    }
}
