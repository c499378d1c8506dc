//! Filtering and search: one pure function shared by the server (to render `/?tag=`) and the
//! browser (to filter instantly after hydration).

use crate::model::PostSummary;
use crate::urls::HomeQuery;

/// The requested tag slugs that some post actually carries, without duplicates, in request order.
///
/// Unknown slugs are dropped, so `/?tag=nope` lists every post instead of none.
pub fn active_tags(posts: &[PostSummary], requested: &[String]) -> Vec<String> {
    let mut active: Vec<String> = Vec::new();
    for slug in requested {
        let known = posts
            .iter()
            .any(|post| post.tags.iter().any(|tag| &tag.slug == slug));
        if known && !active.contains(slug) {
            active.push(slug.clone());
        }
    }
    active
}

/// The posts that carry every known requested tag and match every word of `query`.
///
/// Words match case-insensitively anywhere in the title, description or tag names. An empty query
/// and no known tags return every post. Order is preserved.
pub fn filter_posts(posts: &[PostSummary], tags: &[String], query: &str) -> Vec<PostSummary> {
    let tags = active_tags(posts, tags);
    let words: Vec<String> = query.split_whitespace().map(lowercase).collect();
    posts
        .iter()
        .filter(|post| {
            tags.iter()
                .all(|slug| post.tags.iter().any(|tag| &tag.slug == slug))
        })
        .filter(|post| words.is_empty() || matches_words(post, &words))
        .cloned()
        .collect()
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages there are (at least 1, even for an empty list).
    pub count: usize,
}

/// Page `number` (from 1) of `items`, `size` per page; `None` when out of range. An empty list has
/// one, empty, page.
pub fn paginate<T: Clone>(items: &[T], number: usize, size: usize) -> Option<Page<T>> {
    let size = size.max(1);
    let count = items.len().div_ceil(size).max(1);
    if number == 0 || number > count {
        return None;
    }
    let start = (number - 1) * size;
    Some(Page {
        items: items[start..(start + size).min(items.len())].to_vec(),
        number,
        count,
    })
}

/// A page number from the address: absent means 1; anything but a positive integer is `None`.
pub fn parse_page(text: Option<&str>) -> Option<usize> {
    match text {
        None => Some(1),
        Some(text) => text.parse::<usize>().ok().filter(|&n| n >= 1),
    }
}

/// The page of the home-page list that `query` asks for, `size` posts per page; `None` when the
/// page is past the end (a 404). The server and the browser both decide with it.
pub fn home_page(
    posts: &[PostSummary],
    query: &HomeQuery,
    size: usize,
) -> Option<Page<PostSummary>> {
    let number = parse_page(query.page.as_deref())?;
    paginate(
        &filter_posts(posts, &query.tags, &query.search),
        number,
        size,
    )
}

fn matches_words(post: &PostSummary, words: &[String]) -> bool {
    let mut haystack = format!("{}\n{}", post.title, post.description);
    for tag in &post.tags {
        haystack.push('\n');
        haystack.push_str(&tag.name);
    }
    let haystack = lowercase(&haystack);
    words.iter().all(|word| haystack.contains(word.as_str()))
}

/// `text` in lower case by Unicode's default case mapping. In the browser JavaScript's
/// `toLowerCase`, the same mapping, does it: that keeps Unicode's case tables (about 14 KB) out of
/// the bundle.
fn lowercase(text: &str) -> String {
    #[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
    return String::from(js_sys::JsString::from(text).to_lower_case());
    #[cfg(not(all(feature = "hydrate", target_arch = "wasm32")))]
    return text.to_lowercase();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TagRef;

    fn post(slug: &str, title: &str, tags: &[&str]) -> PostSummary {
        PostSummary {
            slug: slug.into(),
            title: title.into(),
            date: None,
            description: format!("About {title}"),
            summary: format!("About {title}"),
            reading_minutes: 1,
            author: "Ada".into(),
            tags: tags
                .iter()
                .map(|t| TagRef {
                    slug: t.to_lowercase(),
                    name: t.to_string(),
                })
                .collect(),
            draft: false,
            scheduled: false,
        }
    }

    fn slugs(posts: &[PostSummary]) -> Vec<&str> {
        posts.iter().map(|p| p.slug.as_str()).collect()
    }

    fn sample() -> Vec<PostSummary> {
        vec![
            post("a", "Ownership", &["Rust"]),
            post("b", "Hydration", &["Rust", "Web"]),
            post("c", "Sourdough", &["Cooking"]),
        ]
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn no_tags_and_no_query_keep_every_post_in_order() {
        assert_eq!(slugs(&filter_posts(&sample(), &[], "")), ["a", "b", "c"]);
    }

    #[test]
    fn one_tag_keeps_posts_carrying_it() {
        assert_eq!(
            slugs(&filter_posts(&sample(), &s(&["rust"]), "")),
            ["a", "b"]
        );
    }

    #[test]
    fn several_tags_narrow_to_posts_having_all_of_them() {
        assert_eq!(
            slugs(&filter_posts(&sample(), &s(&["rust", "web"]), "")),
            ["b"]
        );
    }

    #[test]
    fn unknown_tags_are_ignored() {
        assert_eq!(
            slugs(&filter_posts(&sample(), &s(&["nope"]), "")),
            ["a", "b", "c"]
        );
        assert_eq!(
            slugs(&filter_posts(&sample(), &s(&["nope", "web"]), "")),
            ["b"]
        );
    }

    #[test]
    fn active_tags_drops_unknown_and_duplicate_slugs() {
        assert_eq!(
            active_tags(&sample(), &s(&["web", "nope", "web", "rust"])),
            ["web", "rust"]
        );
    }

    #[test]
    fn query_words_match_title_description_and_tag_names_case_insensitively() {
        assert_eq!(slugs(&filter_posts(&sample(), &[], "SOUR")), ["c"]);
        assert_eq!(slugs(&filter_posts(&sample(), &[], "about hydr")), ["b"]);
        assert_eq!(slugs(&filter_posts(&sample(), &[], "cooking")), ["c"]);
        assert!(filter_posts(&sample(), &[], "ownership cooking").is_empty());
    }

    #[test]
    fn pages_split_the_list_and_out_of_range_pages_are_none() {
        let items: Vec<u32> = (1..=7).collect();
        let page = paginate(&items, 3, 3).expect("in range");
        assert_eq!((page.items, page.number, page.count), (vec![7], 3, 3));
        assert_eq!(paginate(&items, 1, 3).map(|p| p.items), Some(vec![1, 2, 3]));
        assert!(paginate(&items, 4, 3).is_none());
        assert!(paginate(&items, 0, 3).is_none());
        let empty: Vec<u32> = Vec::new();
        assert_eq!(paginate(&empty, 1, 3).map(|p| p.count), Some(1));
    }

    #[test]
    fn the_home_page_filters_then_pages_and_past_the_end_is_none() {
        let query = |tags: &[&str], search: &str, page: Option<&str>| HomeQuery {
            tags: s(tags),
            search: search.into(),
            page: page.map(Into::into),
        };
        let first = home_page(&sample(), &query(&["nope"], "", None), 2).expect("page 1");
        assert_eq!((slugs(&first.items), first.count), (vec!["a", "b"], 2));
        let second = home_page(&sample(), &query(&[], "", Some("2")), 2).expect("page 2");
        assert_eq!(slugs(&second.items), ["c"]);
        let rust = home_page(&sample(), &query(&["rust"], "", None), 2).expect("filtered");
        assert_eq!(slugs(&rust.items), ["a", "b"]);
        assert!(home_page(&sample(), &query(&["rust"], "", Some("2")), 2).is_none());
        assert!(home_page(&sample(), &query(&[], "", Some("x")), 2).is_none());
    }

    #[test]
    fn page_numbers_must_be_positive_integers() {
        assert_eq!(parse_page(None), Some(1));
        assert_eq!(parse_page(Some("2")), Some(2));
        for bad in ["0", "-1", "two", "", "1.5"] {
            assert_eq!(parse_page(Some(bad)), None, "{bad:?}");
        }
    }

    #[test]
    fn query_and_tags_combine() {
        assert_eq!(
            slugs(&filter_posts(&sample(), &s(&["rust"]), "hydration")),
            ["b"]
        );
    }
}
