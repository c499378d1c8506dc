//! The decision: which posts a home-page address lists, in what order, and which page of them.

use super::index::Source;
use super::tokens::query_words;
use crate::filter::{paginate, parse_page};
use crate::urls::HomeQuery;

/// One page of the posts an address lists, as positions in the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocPage {
    /// The posts on this page, best first.
    pub docs: Vec<u32>,
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages there are (at least 1).
    pub count: usize,
    /// How many posts match in all.
    pub matched: usize,
    /// The requested tags that some post carries, in request order, without repeats.
    pub active: Vec<String>,
    /// The search words, as [`super::excerpt`] marks them.
    pub words: Vec<String>,
}

/// The requested tag slugs that some listed post carries, without repeats, in request order.
/// Unknown slugs are dropped, so `/?tag=nope` lists every post instead of none.
pub fn active_tags(source: &impl Source, requested: &[String]) -> Vec<String> {
    let mut active: Vec<String> = Vec::new();
    for slug in requested {
        if source.tag_docs(slug).is_some() && !active.contains(slug) {
            active.push(slug.clone());
        }
    }
    active
}

/// The posts carrying every tag of `active` and matching every word of `words`, best first.
///
/// Without words, posts keep the index's order (newest first). With words, each word must match
/// a term of the post (see [`Source::matching_terms`]); a post scores, for each word, the weight
/// of the best field it matched in ([`super::Fields::weight`]), and posts are ordered by their
/// total, then newest first.
pub fn matches(source: &impl Source, active: &[String], words: &[String]) -> Vec<u32> {
    let mut allowed: Option<Vec<u32>> = None;
    for slug in active {
        let docs = source.tag_docs(slug).unwrap_or_default();
        allowed = Some(match allowed {
            None => docs.to_vec(),
            Some(before) => before
                .into_iter()
                .filter(|d| docs.binary_search(d).is_ok())
                .collect(),
        });
    }
    if words.is_empty() {
        return allowed.unwrap_or_else(|| (0..source.doc_count()).collect());
    }
    // Sorted lists merged in step, not hash maps: as fast for a page's worth of work, and far
    // less code in the bundle, which runs this too.
    let permitted = |doc: u32| {
        allowed
            .as_ref()
            .is_none_or(|a| a.binary_search(&doc).is_ok())
    };
    let mut scores: Option<Vec<(u32, u32)>> = None;
    for word in words {
        let mut here: Vec<(u32, u32)> = source
            .matching_terms(word)
            .into_iter()
            .flat_map(|postings| postings.iter())
            .filter(|&(doc, _)| permitted(doc))
            .map(|(doc, fields)| (doc, fields.weight()))
            .collect();
        // By post, best weight first, then one entry per post.
        here.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        here.dedup_by_key(|entry| entry.0);
        let next = match scores {
            None => here,
            Some(before) => intersect(&before, &here),
        };
        let done = next.is_empty();
        scores = Some(next);
        if done {
            break;
        }
    }
    let mut ranked = scores.unwrap_or_default();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(doc, _)| doc).collect()
}

/// The posts in both lists (sorted by post), their scores added.
fn intersect(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The page of posts that a home-page address (`/?tag=a&q=words&page=2`) lists, `size` per
/// page; `None` when the page is past the end or not a number (a 404). The server, the static
/// export and the browser all decide with it.
pub fn home_page(source: &impl Source, query: &HomeQuery, size: usize) -> Option<DocPage> {
    let number = parse_page(query.page.as_deref())?;
    let active = active_tags(source, &query.tags);
    let words = query_words(&query.search);
    let docs = matches(source, &active, &words);
    let page = paginate(&docs, number, size)?;
    Some(DocPage {
        docs: page.items,
        number: page.number,
        count: page.count,
        matched: docs.len(),
        active,
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{DocText, SearchIndex};

    fn index() -> SearchIndex {
        let posts: [(&str, &[&str], &str, &str); 5] = [
            (
                "Ownership",
                &["Rust"],
                "Borrowing rules.",
                "The borrow checker and hydration.",
            ),
            (
                "Hydration",
                &["Rust", "Web"],
                "Islands.",
                "Leptos hydrates islands.",
            ),
            (
                "Sourdough",
                &["Cooking"],
                "Bread.",
                "Flour, water and salt.",
            ),
            (
                "Islands of bread",
                &["Cooking", "Web"],
                "",
                "Hydration of dough.",
            ),
            ("Salt", &[], "", "Rust never sleeps on salt."),
        ];
        let slugs: Vec<Vec<String>> = posts
            .iter()
            .map(|p| p.1.iter().map(|t| t.to_lowercase()).collect())
            .collect();
        let slug_refs: Vec<Vec<&str>> = slugs
            .iter()
            .map(|s| s.iter().map(String::as_str).collect())
            .collect();
        SearchIndex::build(posts.iter().zip(&slug_refs).map(|(p, s)| {
            (
                DocText {
                    title: p.0,
                    tags: p.1,
                    description: p.2,
                    body: p.3,
                },
                s.as_slice(),
            )
        }))
    }

    fn query(tags: &[&str], search: &str, page: Option<&str>) -> HomeQuery {
        HomeQuery {
            tags: tags.iter().map(|t| t.to_string()).collect(),
            search: search.into(),
            page: page.map(Into::into),
        }
    }

    fn docs(tags: &[&str], search: &str) -> Vec<u32> {
        home_page(&index(), &query(tags, search, None), 100)
            .expect("page 1")
            .docs
    }

    #[test]
    fn no_tags_and_no_words_list_every_post_newest_first() {
        assert_eq!(docs(&[], ""), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn tags_narrow_to_posts_having_all_of_them_and_unknown_tags_are_ignored() {
        assert_eq!(docs(&["rust"], ""), [0, 1]);
        assert_eq!(docs(&["rust", "web"], ""), [1]);
        assert_eq!(docs(&["nope", "web"], ""), [1, 3]);
        let page =
            home_page(&index(), &query(&["web", "nope", "web"], "", None), 10).expect("page");
        assert_eq!(page.active, ["web"]);
    }

    #[test]
    fn body_text_is_searched_and_title_and_tag_matches_rank_first() {
        // "hydration": the title of 1, the body of 0 and 3.
        assert_eq!(docs(&[], "hydration"), [1, 0, 3]);
        // "rust": tags of 0 and 1 and the body of 4.
        assert_eq!(docs(&[], "RUST"), [0, 1, 4]);
    }

    #[test]
    fn every_word_must_match_and_words_combine_with_tags() {
        assert_eq!(docs(&[], "islands bread"), [3]);
        assert_eq!(docs(&["cooking"], "hydr"), [3]);
        assert!(docs(&[], "islands sourdough").is_empty());
        assert!(docs(&[], "zzz").is_empty());
    }

    #[test]
    fn pages_split_the_matches_and_past_the_end_is_none() {
        let second = home_page(&index(), &query(&[], "", Some("2")), 2).expect("page 2");
        assert_eq!(
            (second.docs, second.count, second.matched),
            (vec![2, 3], 3, 5)
        );
        assert!(home_page(&index(), &query(&[], "", Some("4")), 2).is_none());
        assert!(home_page(&index(), &query(&[], "", Some("x")), 2).is_none());
        let none = home_page(&index(), &query(&[], "zzz", None), 2).expect("one empty page");
        assert_eq!((none.docs.len(), none.count, none.matched), (0, 1, 0));
    }
}
