//! Which kept responses outlive a new post index, so an edit re-renders only what it touches.
//!
//! A post's own page (and its JSON forms, `/api/post?slug=` and `/data/posts/<slug>.json`)
//! shows the post, its neighbours in time and its related posts: it is kept when none of those
//! changed. A tag's pages, feeds and JSON forms show only the posts carrying it: they are kept
//! when no changed post carries the tag, before or after the change. Everything else the cache
//! keeps (the home page and searches, `/tags`, the site's feeds, the sitemap, the read API's
//! lists, 404s) shows posts from all over the blog and is dropped on any change.

use crate::content::PostIndex;
use percent_encoding::percent_decode_str;
use std::collections::HashSet;

/// The responses of an old index that a new one keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Survivors {
    /// Nothing any page shows changed: every response is kept.
    unchanged: bool,
    /// The posts whose own pages are kept.
    posts: HashSet<String>,
    /// The tags carried by a changed post, before or after the change.
    touched: HashSet<String>,
    /// The tags of the new index.
    tags: HashSet<String>,
    /// Kept post pages at the posts' own addresses (`br /2024/05/a`), which name no slug.
    routed: HashSet<String>,
}

impl Survivors {
    /// What of the responses at `addresses`, rendered from `old`, `new` keeps.
    pub fn between<'a>(
        old: &PostIndex,
        new: &PostIndex,
        addresses: impl Iterator<Item = &'a str>,
    ) -> Self {
        // Development pages show how many posts have problems.
        let problems_changed = old.problems().len() != new.problems().len()
            || old
                .problems()
                .iter()
                .zip(new.problems())
                .any(|(a, b)| a.to_string() != b.to_string());
        if problems_changed {
            return Survivors::default();
        }
        let changed = changed_posts(old, new);
        if changed.is_empty() {
            return Survivors {
                unchanged: true,
                ..Survivors::default()
            };
        }
        // Tags of the changed posts, before and after: only posts sharing one can see their
        // related posts change.
        let touched: HashSet<&str> = changed
            .iter()
            .flat_map(|slug| [old.entry(slug), new.entry(slug)])
            .flatten()
            .flat_map(|entry| entry.summary.tags.iter().map(|t| t.slug.as_str()))
            .collect();
        let keeps_post = |slug: &str| {
            let Some(entry) = new.entry(slug) else {
                return false;
            };
            let shares_a_tag = entry
                .summary
                .tags
                .iter()
                .any(|t| touched.contains(t.slug.as_str()));
            let neighbours = new.neighbours(slug);
            let neighbour_changed = [neighbours.0, neighbours.1]
                .into_iter()
                .flatten()
                .any(|n| changed.contains(n));
            // A linked post may have moved: the page's links name its address.
            let links_changed = entry
                .post_refs
                .iter()
                .any(|link| changed.contains(&link.slug));
            !changed.contains(slug)
                && !links_changed
                && old.neighbours(slug) == neighbours
                && !neighbour_changed
                && (!shares_a_tag || old.context(slug).related == new.context(slug).related)
        };
        let mut posts = HashSet::new();
        let mut routed = HashSet::new();
        for address in addresses {
            if let Some(slug) = post_slug(address) {
                if keeps_post(&slug) {
                    posts.insert(slug);
                }
            } else if let Some(slug) = routed_slug(new, address) {
                if keeps_post(&slug) {
                    routed.insert(address.to_string());
                }
            }
        }
        Survivors {
            unchanged: false,
            posts,
            routed,
            touched: touched.into_iter().map(str::to_string).collect(),
            tags: new.tags().iter().map(|t| t.slug.clone()).collect(),
        }
    }

    /// Whether the response kept at `address` (with the cache's coding prefix) is still right.
    pub fn keeps(&self, address: &str) -> bool {
        self.unchanged
            || post_slug(address).is_some_and(|slug| self.posts.contains(&slug))
            || self.routed.contains(address)
            || tag_slug(address)
                .is_some_and(|slug| self.tags.contains(&slug) && !self.touched.contains(&slug))
    }
}

/// The slugs of posts listed in one index only, or listed in both but different.
fn changed_posts(old: &PostIndex, new: &PostIndex) -> HashSet<String> {
    let mut changed = HashSet::new();
    for entry in old.entries() {
        if new.entry(entry.slug()) != Some(entry) {
            changed.insert(entry.slug().to_string());
        }
    }
    for entry in new.entries() {
        if old.entry(entry.slug()).is_none() {
            changed.insert(entry.slug().to_string());
        }
    }
    changed
}

/// The path and query of a cache address, after its coding prefix (`br /tags/a?x` -> `/tags/a`,
/// `x`).
fn path_and_query(address: &str) -> Option<(&str, &str)> {
    let uri = &address[address.find('/')?..];
    Some(uri.split_once('?').unwrap_or((uri, "")))
}

/// A percent-encoded path segment or query value, decoded; `None` when it is not UTF-8.
fn decode(text: &str) -> Option<String> {
    percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// The post whose own page `address` is: `/posts/<slug>`, `/api/post?slug=<slug>` or
/// `/data/posts/<slug>.json`, after any coding prefix (`br /posts/a`).
pub fn post_slug(address: &str) -> Option<String> {
    let (path, query) = path_and_query(address)?;
    let slug = if let Some(rest) = path.strip_prefix("/posts/") {
        decode(rest.strip_suffix('/').unwrap_or(rest))?
    } else if let Some(rest) = path.strip_prefix("/data/posts/") {
        decode(rest.strip_suffix(".json")?)?
    } else if path == "/api/post" {
        let mut pairs = form_urlencoded::parse(query.as_bytes());
        match (pairs.next(), pairs.next()) {
            (Some((key, slug)), None) if key == "slug" => slug.into_owned(),
            _ => return None,
        }
    } else {
        return None;
    };
    (!slug.is_empty() && !slug.contains('/')).then_some(slug)
}

/// The post whose own address (other than `/posts/<slug>`) `address` is in `index`, after any
/// coding prefix.
fn routed_slug(index: &PostIndex, address: &str) -> Option<String> {
    let (path, query) = path_and_query(address)?;
    match index.route(path) {
        Some(crate::content::addresses::Route::Post(slug)) if query.is_empty() => Some(slug),
        _ => None,
    }
}

/// The tag whose own document `address` is: `/tags/<slug>`, `/tags/<slug>/page/<n>`,
/// `/tags/<slug>/rss.xml`, `/tags/<slug>/atom.xml`, `/data/tags/<slug>.json` or
/// `/api/tag?slug=<slug>&page=<n>`, after any coding prefix.
pub fn tag_slug(address: &str) -> Option<String> {
    let (path, query) = path_and_query(address)?;
    let slug = if let Some(rest) = path.strip_prefix("/tags/") {
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (slug, tail) = rest.split_once('/').unwrap_or((rest, ""));
        let known_tail = tail.is_empty()
            || tail == "rss.xml"
            || tail == "atom.xml"
            || tail
                .strip_prefix("page/")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !known_tail {
            return None;
        }
        decode(slug)?
    } else if let Some(rest) = path.strip_prefix("/data/tags/") {
        decode(rest.strip_suffix(".json")?)?
    } else if path == "/api/tag" {
        let mut slug = None;
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "slug" if slug.is_none() => slug = Some(value.into_owned()),
                "page" => {}
                _ => return None,
            }
        }
        slug?
    } else {
        return None;
    };
    (!slug.is_empty() && !slug.contains('/')).then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::index::Loaded;
    use crate::content::post::parse_post;

    fn index(posts: &[(&str, &str, &str)]) -> PostIndex {
        let loaded = posts
            .iter()
            .map(|(slug, date, tags)| {
                let source = format!("posts/{slug}.md");
                let text = format!(
                    "---\ntitle: {slug}\ndate: {date}\ntags: [{tags}]\n---\nBody of {slug}.\n"
                );
                Loaded {
                    result: parse_post(&source, slug, &text, "Ada"),
                    source,
                }
            })
            .collect();
        PostIndex::build(loaded, false, None)
    }

    const ALL: [&str; 5] = ["/posts/a", "/posts/b", "/posts/c", "/posts/d", "/posts/e"];

    fn kept(old: &PostIndex, new: &PostIndex, addresses: &[&str]) -> Vec<String> {
        let survivors = Survivors::between(old, new, addresses.iter().copied());
        addresses
            .iter()
            .filter(|a| survivors.keeps(a))
            .map(|a| a.to_string())
            .collect()
    }

    fn blog() -> Vec<(&'static str, &'static str, &'static str)> {
        vec![
            ("a", "2026-01-05", "x"),
            ("b", "2026-01-04", "y"),
            ("c", "2026-01-03", "z"),
            ("d", "2026-01-02", "y"),
            ("e", "2026-01-01", "w"),
        ]
    }

    #[test]
    fn an_unchanged_index_keeps_everything() {
        let old = index(&blog());
        let new = index(&blog());
        let mut addresses = ALL.to_vec();
        addresses.extend(["/", "/tags/x", "/rss.xml", "br /?q=a"]);
        assert_eq!(kept(&old, &new, &addresses).len(), addresses.len());
    }

    #[test]
    fn an_edit_drops_the_post_its_neighbours_the_posts_sharing_its_tags_and_every_list() {
        let old = index(&blog());
        let mut edited = blog();
        edited[2] = ("c", "2026-01-03", "z, y");
        let new = index(&edited);
        let mut addresses = ALL.to_vec();
        addresses.extend([
            "/",
            "/page/2",
            "/tags/z",
            "/rss.xml",
            "/api/list?tags=&q=&page=",
        ]);
        // c changed; b and d are its neighbours; a and e neither neighbour it nor share a tag
        // whose related posts changed.
        assert_eq!(kept(&old, &new, &addresses), ["/posts/a", "/posts/e"]);
    }

    #[test]
    fn a_new_post_drops_its_neighbours_and_a_404_kept_at_its_address() {
        let old = index(&blog());
        let mut added = blog();
        added.push(("f", "2026-01-06", "q"));
        let new = index(&added);
        let addresses = ["/posts/a", "/posts/c", "/posts/f", "gzip /posts/e"];
        assert_eq!(kept(&old, &new, &addresses), ["/posts/c", "gzip /posts/e"]);
    }

    #[test]
    fn a_tag_s_documents_stay_unless_a_changed_post_carries_the_tag() {
        let old = index(&blog());
        let mut edited = blog();
        edited[2] = ("c", "2026-01-03", "z, y");
        let new = index(&edited);
        let addresses = [
            "/tags/x",
            "br /tags/x/page/2",
            "/tags/x/rss.xml",
            "/data/tags/w.json",
            "/api/tag?slug=w&page=",
            "/tags/y",
            "/tags/z/atom.xml",
            "/tags",
            "/tags/gone",
        ];
        assert_eq!(
            kept(&old, &new, &addresses),
            [
                "/tags/x",
                "br /tags/x/page/2",
                "/tags/x/rss.xml",
                "/data/tags/w.json",
                "/api/tag?slug=w&page="
            ]
        );
    }

    #[test]
    fn tag_addresses_name_their_slug() {
        assert_eq!(tag_slug("/tags/caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(tag_slug("gzip /tags/a/page/3").as_deref(), Some("a"));
        assert_eq!(tag_slug("/tags/a/atom.xml").as_deref(), Some("a"));
        assert_eq!(tag_slug("/api/tag?slug=a&page=2").as_deref(), Some("a"));
        for other in [
            "/tags",
            "/tags/",
            "/tags/a/b",
            "/tags/a/page/x",
            "/api/tag?slug=a&x=1",
        ] {
            assert_eq!(tag_slug(other), None, "{other}");
        }
    }

    #[test]
    fn post_addresses_name_their_slug() {
        assert_eq!(post_slug("/posts/caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(post_slug("br /posts/a/").as_deref(), Some("a"));
        assert_eq!(post_slug("/data/posts/a.json").as_deref(), Some("a"));
        assert_eq!(post_slug("gzip /api/post?slug=a").as_deref(), Some("a"));
        for other in [
            "/",
            "/posts/",
            "/posts/a/b",
            "/api/post?slug=a&x=1",
            "/data/posts/a",
            "/tags/a",
        ] {
            assert_eq!(post_slug(other), None, "{other}");
        }
    }
}
