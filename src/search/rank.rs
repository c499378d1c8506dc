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
    // One score per post in plain loops, no maps and no comparison sort: linear in the blog for a
    // handful of words (microseconds at 10,000 posts), and little code in the bundle, which runs
    // this too. A score of 0 leaves the post out.
    let count = source.doc_count() as usize;
    let mut scores = vec![1u32; count];
    for slug in active {
        let mut carries = vec![false; count];
        for &doc in source.tag_docs(slug).unwrap_or_default() {
            if let Some(slot) = carries.get_mut(doc as usize) {
                *slot = true;
            }
        }
        for doc in 0..count {
            if !carries[doc] {
                scores[doc] = 0;
            }
        }
    }
    let mut top = u32::from(count > 0);
    if !words.is_empty() {
        // For each word, the weight of the best field it matched in.
        for word in words {
            let mut best = vec![0u32; count];
            for postings in source.matching_terms(word) {
                for (doc, fields) in postings.iter() {
                    if let Some(slot) = best.get_mut(doc as usize) {
                        *slot = (*slot).max(fields.weight());
                    }
                }
            }
            for doc in 0..count {
                scores[doc] = if best[doc] == 0 || scores[doc] == 0 {
                    0
                } else {
                    scores[doc] + best[doc]
                };
            }
        }
        top = scores.iter().copied().max().unwrap_or(0);
    }
    // Highest score first, newest first within a score: one pass over the posts per score.
    let mut present = vec![false; top as usize + 1];
    for &score in &scores {
        present[score as usize] = true;
    }
    let mut ranked = Vec::new();
    for score in (1..=top).rev() {
        if present[score as usize] {
            for (doc, &s) in scores.iter().enumerate() {
                if s == score {
                    ranked.push(doc as u32);
                }
            }
        }
    }
    ranked
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
