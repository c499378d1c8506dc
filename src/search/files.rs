//! The search index as the static export writes it and the island reads it: small JSON files
//! under `/search/`, so a search fetches only what its words and tags need (Pagefind's model).
//!
//! - `/search/terms/<group>.json`: every term of one group ([`super::tokens::group_of`]: its
//!   first three characters) with its postings. A word fetches its group's file, once.
//! - `/search/tags/<slug>.json`: the posts carrying one tag.
//! - `/search/docs/<n>.json`: the post at position `n`: its card and its prose, for excerpts.
//!
//! Positions are delta-encoded (each the gap from the one before), which keeps the files of
//! common terms small once compressed. One codec (miniserde) writes and reads them, on the
//! server and in the bundle.

use super::index::{Postings, SearchIndex, Source};
use super::rank::{home_page, DocPage};
use super::tokens::{group_of, query_words};
use crate::model::{Card, ListPage, PostSummary};
use crate::urls::HomeQuery;
use std::collections::BTreeMap;

/// The folder of the index files in the export.
pub const ROOT: &str = "/search";

/// `/search/terms/<group>.json`.
pub fn terms_href(group: &str) -> String {
    format!("{ROOT}/terms/{}.json", crate::urls::encode(group))
}

/// `/search/tags/<slug>.json`.
pub fn tag_href(slug: &str) -> String {
    format!("{ROOT}/tags/{}.json", crate::urls::encode(slug))
}

/// `/search/docs/<n>.json`.
pub fn doc_href(doc: u32) -> String {
    format!("{ROOT}/docs/{doc}.json")
}

/// A file of postings: every term of one group, or one tag's posts (a single entry named by the
/// tag's slug, with no fields). One type for both keeps the bundle's reader small.
#[derive(Clone, Debug, Default, PartialEq, Eq, miniserde::Serialize, miniserde::Deserialize)]
pub struct PostingsFile {
    /// The terms (or the tag), in order.
    pub terms: Vec<String>,
    /// For each term, its positions, each as the gap from the one before (the first from 0).
    pub gaps: Vec<Vec<u32>>,
    /// For each term, the [`super::Fields`] bits of each position; empty for a tag.
    pub fields: Vec<Vec<u8>>,
}

/// One post: what its card shows and the prose its excerpt is cut from.
#[derive(Clone, Debug, PartialEq, Eq, miniserde::Serialize, miniserde::Deserialize)]
pub struct DocFile {
    /// The card.
    pub post: PostSummary,
    /// The prose of the body (code blocks left out).
    pub text: String,
}

fn gaps(docs: &[u32]) -> Vec<u32> {
    let mut before = 0;
    docs.iter()
        .map(|&doc| {
            let gap = doc.saturating_sub(before);
            before = doc;
            gap
        })
        .collect()
}

fn positions(gaps: &[u32]) -> Vec<u32> {
    let mut at = 0u32;
    gaps.iter()
        .map(|&gap| {
            at = at.saturating_add(gap);
            at
        })
        .collect()
}

/// The group files of `index`: each group's name and JSON text.
pub fn group_files(index: &SearchIndex) -> Vec<(String, String)> {
    let mut groups: BTreeMap<String, PostingsFile> = BTreeMap::new();
    for (term, postings) in index.terms() {
        let file = groups.entry(group_of(term)).or_default();
        file.terms.push(term.to_string());
        file.gaps.push(gaps(&postings.docs));
        file.fields.push(postings.fields.clone());
    }
    groups
        .into_iter()
        .map(|(group, file)| (group, miniserde::json::to_string(&file)))
        .collect()
}

/// The tag files of `index`: each tag's slug and JSON text.
pub fn tag_files(index: &SearchIndex) -> Vec<(String, String)> {
    let mut tags: Vec<(String, String)> = index
        .tags()
        .map(|(slug, docs)| {
            let file = PostingsFile {
                terms: vec![slug.to_string()],
                gaps: vec![gaps(docs)],
                fields: Vec::new(),
            };
            (slug.to_string(), miniserde::json::to_string(&file))
        })
        .collect();
    tags.sort();
    tags
}

/// Reads a group file into `index`; `false` when it is not one.
pub fn read_group(index: &mut SearchIndex, json: &str) -> bool {
    let Ok(file) = miniserde::json::from_str::<PostingsFile>(json) else {
        return false;
    };
    if file.gaps.len() != file.terms.len() || file.fields.len() != file.terms.len() {
        return false;
    }
    for ((term, gaps), fields) in file.terms.into_iter().zip(file.gaps).zip(file.fields) {
        let docs = positions(&gaps);
        if docs.len() == fields.len() {
            index.insert_term(term, Postings { docs, fields });
        }
    }
    true
}

/// Reads a tag file into `index` as the posts of `slug`; `false` when it is not one.
pub fn read_tag(index: &mut SearchIndex, slug: &str, json: &str) -> bool {
    match miniserde::json::from_str::<PostingsFile>(json) {
        Ok(file) if file.terms.len() == 1 && file.gaps.len() == 1 => {
            index.insert_tag(slug.to_string(), positions(&file.gaps[0]));
            true
        }
        _ => false,
    }
}

/// An index file a query needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Needed {
    /// The terms of a group.
    Group(String),
    /// A tag's posts.
    Tag(String),
}

impl Needed {
    /// Its address.
    pub fn href(&self) -> String {
        match self {
            Needed::Group(group) => terms_href(group),
            Needed::Tag(slug) => tag_href(slug),
        }
    }
}

/// What a reader of the export's files (the island) has fetched so far, and the page it makes of
/// them: fetch what [`Fetched::needed`] names, then the posts [`Fetched::docs_needed`] names, and
/// [`Fetched::list_page`] decides with [`home_page`], as the server does over its whole index.
///
/// Plain vectors, not maps: a reader fetches a few dozen files, and the bundle stays smaller.
#[derive(Clone, Debug, Default)]
pub struct Fetched {
    index: SearchIndex,
    done: Vec<Needed>,
    docs: Vec<(u32, DocFile)>,
}

impl Fetched {
    /// Nothing fetched yet, of a blog of `total` posts.
    pub fn new(total: u32) -> Self {
        Fetched {
            index: SearchIndex::with_doc_count(total),
            ..Default::default()
        }
    }

    /// The index files `query` needs that are not fetched yet.
    pub fn needed(&self, query: &HomeQuery) -> Vec<Needed> {
        let groups = query_words(&query.search)
            .into_iter()
            .map(|word| Needed::Group(group_of(&word)));
        let tags = query.tags.iter().map(|slug| Needed::Tag(slug.clone()));
        let mut wanted: Vec<Needed> = Vec::new();
        for needed in groups.chain(tags) {
            if !self.done.contains(&needed) && !wanted.contains(&needed) {
                wanted.push(needed);
            }
        }
        wanted
    }

    /// Takes in a fetched index file: its text, or `None` when the export has no such file (no
    /// term of that group, no such tag).
    pub fn add(&mut self, needed: Needed, text: Option<&str>) {
        if let Some(text) = text {
            let read = match &needed {
                Needed::Group(_) => read_group(&mut self.index, text),
                Needed::Tag(slug) => read_tag(&mut self.index, slug, text),
            };
            if !read {
                return;
            }
        }
        self.done.push(needed);
    }

    /// The page `query` asks for, `size` per page, once [`Fetched::needed`] is empty.
    pub fn page(&self, query: &HomeQuery, size: usize) -> Option<DocPage> {
        home_page(&self.index, query, size)
    }

    /// The posts of `page` not fetched yet.
    pub fn docs_needed(&self, page: &DocPage) -> Vec<u32> {
        let missing = page.docs.iter().filter(|&&d| self.doc(d).is_none());
        missing.copied().collect()
    }

    /// Takes in a fetched post file; `false` when it is not one.
    pub fn add_doc(&mut self, doc: u32, text: &str) -> bool {
        match miniserde::json::from_str::<DocFile>(text) {
            Ok(file) => {
                if self.doc(doc).is_none() {
                    self.docs.push((doc, file));
                }
                true
            }
            Err(_) => false,
        }
    }

    fn doc(&self, doc: u32) -> Option<&DocFile> {
        self.docs
            .iter()
            .find(|(d, _)| *d == doc)
            .map(|(_, file)| file)
    }

    /// The cards of `page`, with excerpts; `None` while one of its posts is not fetched.
    pub fn list_page(&self, page: &DocPage) -> Option<ListPage> {
        let posts = page
            .docs
            .iter()
            .map(|doc| {
                self.doc(*doc).map(|file| Card {
                    post: file.post.clone(),
                    excerpt: super::excerpt_html(&file.text, &page.words),
                })
            })
            .collect::<Option<Vec<Card>>>()?;
        Some(ListPage {
            posts,
            number: page.number,
            count: page.count,
            matched: page.matched,
            total: self.index.doc_count() as usize,
            active: page.active.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{DocText, Source};

    #[test]
    fn an_index_written_as_files_reads_back_the_same() {
        let index = SearchIndex::build([
            (
                DocText {
                    title: "Hydration islands",
                    tags: &["Web"],
                    description: "",
                    body: "Leptos hydrates.",
                },
                &["web"][..],
            ),
            (
                DocText {
                    title: "Bread",
                    tags: &[],
                    description: "Hydration of dough",
                    body: "",
                },
                &[][..],
            ),
        ]);
        let mut read = SearchIndex::with_doc_count(index.doc_count());
        for (_, json) in group_files(&index) {
            assert!(read_group(&mut read, &json), "{json}");
        }
        for (slug, json) in tag_files(&index) {
            assert!(read_tag(&mut read, &slug, &json), "{json}");
        }
        assert_eq!(read, index);
    }

    #[test]
    fn files_that_are_not_index_files_are_refused() {
        let mut index = SearchIndex::default();
        assert!(!read_group(&mut index, "<html>"));
        assert!(!read_tag(&mut index, "x", "{\"nope\":1}"));
        assert_eq!(index, SearchIndex::default());
    }

    #[test]
    fn addresses_escape_names() {
        assert_eq!(
            terms_href("日本語"),
            "/search/terms/%E6%97%A5%E6%9C%AC%E8%AA%9E.json"
        );
        assert_eq!(tag_href("a/b"), "/search/tags/a%2Fb.json");
        assert_eq!(doc_href(42), "/search/docs/42.json");
    }
}
