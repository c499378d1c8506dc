//! Postings: for each term, the posts that hold it and in which of their fields.

use super::tokens::is_prefix_word;
use std::collections::HashMap;

/// Which fields of a post hold a term, as bit flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fields(pub u8);

impl Fields {
    /// The title.
    pub const TITLE: Fields = Fields(1);
    /// A tag's name.
    pub const TAGS: Fields = Fields(2);
    /// The description.
    pub const DESCRIPTION: Fields = Fields(4);
    /// The body's prose (code blocks are not indexed).
    pub const BODY: Fields = Fields(8);

    /// How much a match in these fields counts: the best field decides, so a title or tag match
    /// ranks above any number of body matches of the same words.
    pub fn weight(self) -> u32 {
        let has = |field: Fields| self.0 & field.0 != 0;
        if has(Self::TITLE) {
            16
        } else if has(Self::TAGS) {
            12
        } else if has(Self::DESCRIPTION) {
            4
        } else if has(Self::BODY) {
            1
        } else {
            0
        }
    }
}

/// The posts holding one term, by position in the index (newest first, increasing), each with
/// the fields ([`Fields`]) that hold it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Postings {
    /// Positions of the posts, increasing.
    pub docs: Vec<u32>,
    /// For each post, the [`Fields`] bits of the term in it.
    pub fields: Vec<u8>,
}

impl Postings {
    /// Each post with its fields.
    pub fn iter(&self) -> impl Iterator<Item = (u32, Fields)> + '_ {
        self.docs
            .iter()
            .zip(&self.fields)
            .map(|(&doc, &fields)| (doc, Fields(fields)))
    }
}

/// What the search decision reads: the whole index on the server, or the part of it the island
/// has fetched from a static export (see [`super::files`]).
pub trait Source {
    /// How many posts are listed; positions run from 0 to this.
    fn doc_count(&self) -> u32;
    /// The positions of the posts carrying the tag `slug`, increasing; `None` when no listed post
    /// carries it.
    fn tag_docs(&self, slug: &str) -> Option<&[u32]>;
    /// The postings of every term `word` matches: itself, or for a prefix word
    /// ([`super::tokens::is_prefix_word`]) every term it begins.
    fn matching_terms(&self, word: &str) -> Vec<&Postings>;
}

/// The text of one post, as the index reads it.
#[derive(Clone, Copy, Debug)]
pub struct DocText<'a> {
    /// The title.
    pub title: &'a str,
    /// The tags' names and slugs.
    pub tags: &'a [&'a str],
    /// The description.
    pub description: &'a str,
    /// The prose of the body.
    pub body: &'a str,
}

/// The distinct terms of one post, each with the [`Fields`] bits of where it occurs.
pub fn doc_terms(text: &DocText<'_>) -> Vec<(String, u8)> {
    let mut here: HashMap<String, u8> = HashMap::new();
    // ASCII words, nearly all of them, are lower-cased into one buffer and looked up before any
    // allocation; others go through full Unicode lower-casing.
    let mut buffer = String::new();
    let mut add = |text: &str, field: Fields| {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            if word.is_ascii() {
                buffer.clear();
                buffer.extend(word.chars().map(|c| c.to_ascii_lowercase()));
                match here.get_mut(buffer.as_str()) {
                    Some(bits) => *bits |= field.0,
                    None => {
                        here.insert(buffer.clone(), field.0);
                    }
                }
            } else {
                *here.entry(crate::filter::lowercase(word)).or_default() |= field.0;
            }
        }
    };
    add(text.title, Fields::TITLE);
    for tag in text.tags {
        add(tag, Fields::TAGS);
    }
    add(text.description, Fields::DESCRIPTION);
    add(text.body, Fields::BODY);
    here.into_iter().collect()
}

/// Terms and tags to posts.
///
/// Both are sorted vectors searched by bisection rather than maps: a term's prefix is a range of
/// them, and the bundle, which reads the export's files into this type, carries no map code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    /// Sorted by term.
    terms: Vec<(String, Postings)>,
    /// Sorted by slug.
    tags: Vec<(String, Vec<u32>)>,
    docs: u32,
}

/// Puts `value` under `key` in `list`, sorted by key, replacing what was there.
fn insert_sorted<V>(list: &mut Vec<(String, V)>, key: String, value: V) {
    match list.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
        Ok(at) => list[at].1 = value,
        Err(at) => list.insert(at, (key, value)),
    }
}

/// The value under `key` in `list`, sorted by key.
fn find_sorted<'a, V>(list: &'a [(String, V)], key: &str) -> Option<&'a V> {
    list.binary_search_by(|(k, _)| k.as_str().cmp(key))
        .ok()
        .map(|at| &list[at].1)
}

impl SearchIndex {
    /// An empty index of `docs` posts, to fill from fetched files.
    pub fn with_doc_count(docs: u32) -> Self {
        SearchIndex {
            docs,
            ..Default::default()
        }
    }

    /// Indexes posts given in order (position 0 first), each with its text and tag slugs.
    pub fn build<'a>(posts: impl IntoIterator<Item = (DocText<'a>, &'a [&'a str])>) -> Self {
        Self::from_terms(
            posts
                .into_iter()
                .map(|(text, slugs)| (doc_terms(&text), slugs)),
        )
    }

    /// Indexes posts given in order by their terms ([`doc_terms`], which a caller may work out
    /// on several cores) and tag slugs.
    pub fn from_terms<'a>(
        posts: impl IntoIterator<Item = (Vec<(String, u8)>, &'a [&'a str])>,
    ) -> Self {
        let mut terms: HashMap<String, Postings> = HashMap::new();
        let mut tags: HashMap<String, Vec<u32>> = HashMap::new();
        let mut docs = 0u32;
        for (doc, (here, slugs)) in posts.into_iter().enumerate() {
            let doc = u32::try_from(doc).unwrap_or(u32::MAX);
            docs = doc.saturating_add(1);
            for (term, fields) in here {
                // A new term is copied, not moved: the lists may come from other threads, whose
                // memory can then all be given back once they are dropped.
                let postings = match terms.get_mut(term.as_str()) {
                    Some(postings) => postings,
                    None => terms.entry(term.as_str().to_owned()).or_default(),
                };
                postings.docs.push(doc);
                postings.fields.push(fields);
            }
            for slug in slugs {
                let list = tags.entry((*slug).to_string()).or_default();
                if list.last() != Some(&doc) {
                    list.push(doc);
                }
            }
        }
        let mut terms: Vec<(String, Postings)> = terms
            .into_iter()
            .map(|(term, mut postings)| {
                postings.docs.shrink_to_fit();
                postings.fields.shrink_to_fit();
                (term, postings)
            })
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut tags: Vec<(String, Vec<u32>)> = tags.into_iter().collect();
        tags.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        SearchIndex { terms, tags, docs }
    }

    /// Adds (or replaces) one term's postings, read from a file.
    pub fn insert_term(&mut self, term: String, postings: Postings) {
        insert_sorted(&mut self.terms, term, postings);
    }

    /// Adds (or replaces) one tag's posts, read from a file.
    pub fn insert_tag(&mut self, slug: String, docs: Vec<u32>) {
        insert_sorted(&mut self.tags, slug, docs);
    }

    /// Every term with its postings, in term order.
    pub fn terms(&self) -> impl Iterator<Item = (&str, &Postings)> {
        self.terms
            .iter()
            .map(|(term, postings)| (term.as_str(), postings))
    }

    /// Every tag slug with its posts.
    pub fn tags(&self) -> impl Iterator<Item = (&str, &[u32])> {
        self.tags
            .iter()
            .map(|(slug, docs)| (slug.as_str(), docs.as_slice()))
    }
}

impl Source for SearchIndex {
    fn doc_count(&self) -> u32 {
        self.docs
    }

    fn tag_docs(&self, slug: &str) -> Option<&[u32]> {
        find_sorted(&self.tags, slug).map(Vec::as_slice)
    }

    fn matching_terms(&self, word: &str) -> Vec<&Postings> {
        if !is_prefix_word(word) {
            return find_sorted(&self.terms, word).into_iter().collect();
        }
        let start = self.terms.partition_point(|(term, _)| term.as_str() < word);
        self.terms[start..]
            .iter()
            .take_while(|(term, _)| term.starts_with(word))
            .map(|(_, postings)| postings)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(title: &'a str, tags: &'a [&'a str], body: &'a str) -> DocText<'a> {
        DocText {
            title,
            tags,
            description: "",
            body,
        }
    }

    #[test]
    fn each_term_lists_its_posts_in_order_with_the_fields_holding_it() {
        let index = SearchIndex::build([
            (doc("Rust islands", &["Rust"], "Hydration."), &["rust"][..]),
            (doc("Bread", &[], "Rust on the oven."), &[][..]),
        ]);
        let rust = index.matching_terms("rust");
        assert_eq!(rust.len(), 1);
        assert_eq!(
            rust[0].iter().collect::<Vec<_>>(),
            [
                (0, Fields(Fields::TITLE.0 | Fields::TAGS.0)),
                (1, Fields::BODY)
            ]
        );
        assert_eq!(index.tag_docs("rust"), Some(&[0u32][..]));
        assert_eq!(index.tag_docs("bread"), None);
        assert_eq!(index.doc_count(), 2);
    }

    #[test]
    fn posts_are_split_into_terms_exactly_as_queries_are() {
        let text = "Ünïcode HYDRATION, Leptos's view! 0.8 ÉCOLE straße";
        let mut from_doc: Vec<String> = doc_terms(&doc(text, &[], ""))
            .into_iter()
            .map(|(term, _)| term)
            .collect();
        from_doc.sort();
        let mut from_query = crate::search::tokens::query_words(text);
        from_query.sort();
        assert_eq!(from_doc, from_query);
    }

    #[test]
    fn long_words_match_the_terms_they_begin_and_short_ones_only_themselves() {
        let index = SearchIndex::build([(doc("Hydrate hydration hyde", &[], "io ion"), &[][..])]);
        assert_eq!(index.matching_terms("hydr").len(), 2);
        assert_eq!(index.matching_terms("hyd").len(), 3);
        assert_eq!(index.matching_terms("io").len(), 1);
        assert!(index.matching_terms("hydrox").is_empty());
    }

    #[test]
    fn title_and_tag_matches_weigh_more_than_body_matches() {
        assert!(Fields::TITLE.weight() > Fields::TAGS.weight());
        assert!(Fields::TAGS.weight() > Fields::DESCRIPTION.weight());
        assert!(Fields::DESCRIPTION.weight() > Fields::BODY.weight());
        assert_eq!(Fields(Fields::BODY.0 | Fields::TITLE.0).weight(), 16);
        assert_eq!(Fields::default().weight(), 0);
    }
}
