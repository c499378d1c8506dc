//! Pages of post lists from the index: the home page (filtered by tags, searched), a tag's
//! pages and a group's (category, series, author). Each holds one page of posts, never the whole blog; [`crate::search::home_page`]
//! decides which.

use super::post::Entry;
use super::PostIndex;
use crate::error::Error;
use crate::filter::{paginate, parse_page};
use crate::model::{Card, GroupKind, GroupPage, ListPage, SectionPage, TagPage};
use crate::search::{excerpt_html, files, home_page, DocPage};
use crate::urls::HomeQuery;

impl PostIndex {
    /// The page of posts that `query` asks for, `size` per page, each with an excerpt around the
    /// search words; `None` when the page is past the end or not a number.
    pub fn list_page(&self, query: &HomeQuery, size: usize) -> Option<ListPage> {
        home_page(self.search(), query, size).map(|page| self.cards(page))
    }

    /// Page `page` (`None` for the first) of the posts tagged `slug`; [`Error::NotFound`] for a
    /// tag no listed post carries or a page past the end.
    pub fn find_tag_page(
        &self,
        slug: &str,
        page: Option<String>,
        size: usize,
    ) -> Result<TagPage, Error> {
        let missing = || Error::NotFound(format!("tag {slug:?}, page {page:?}"));
        let tag = self
            .tags()
            .iter()
            .find(|t| t.slug == slug)
            .ok_or_else(missing)?
            .clone();
        let query = HomeQuery {
            tags: vec![slug.to_string()],
            search: String::new(),
            page: page.clone(),
        };
        let list = self.list_page(&query, size).ok_or_else(missing)?;
        Ok(TagPage { tag, list })
    }

    /// Page `page` (`None` for the first) of the posts of the group of `kind` with this slug:
    /// newest first, a series' oldest part first; [`Error::NotFound`] for an unknown group or a
    /// page past the end.
    pub fn find_group_page(
        &self,
        kind: GroupKind,
        slug: &str,
        page: Option<String>,
        size: usize,
    ) -> Result<GroupPage, Error> {
        let missing = || Error::NotFound(format!("{} {slug:?}, page {page:?}", kind.segment()));
        let (group, entries) = self.group_entries(kind, slug).ok_or_else(missing)?;
        let list = self
            .plain_page(&entries, page.as_deref(), size)
            .ok_or_else(missing)?;
        Ok(GroupPage {
            kind,
            group: group.clone(),
            list,
        })
    }

    /// Page `page` (`None` for the first) of the section of `folder`; [`Error::NotFound`] for a
    /// folder without a section or a page past the end.
    pub fn find_section_page(
        &self,
        folder: &str,
        page: Option<String>,
        size: usize,
    ) -> Result<SectionPage, Error> {
        let missing = || Error::NotFound(format!("section {folder:?}, page {page:?}"));
        let entry = self.section(folder).ok_or_else(missing)?;
        let entries: Vec<&Entry> = entry
            .docs
            .iter()
            .filter_map(|&doc| self.entries().get(doc as usize))
            .collect();
        let list = self
            .plain_page(&entries, page.as_deref(), size)
            .ok_or_else(missing)?;
        let section = &entry.section;
        Ok(SectionPage {
            title: section.title.clone(),
            description: section.description.clone(),
            html: section.html.clone(),
            href: section.href.clone(),
            list,
        })
    }

    /// Page `page` (`None` for the first) of `entries`, in their order, without excerpts; `None`
    /// when the page is past the end or not a number.
    fn plain_page(&self, entries: &[&Entry], page: Option<&str>, size: usize) -> Option<ListPage> {
        let found = paginate(entries, parse_page(page)?, size)?;
        Some(ListPage {
            posts: found
                .items
                .iter()
                .map(|entry| Card {
                    post: entry.summary.clone(),
                    excerpt: String::new(),
                })
                .collect(),
            number: found.number,
            count: found.count,
            matched: entries.len(),
            total: self.len(),
            active: Vec::new(),
        })
    }

    /// The search index as the static export writes it: each file's address and JSON text (see
    /// [`crate::search::files`]), made one at a time.
    pub fn search_files(&self) -> impl Iterator<Item = (String, String)> + '_ {
        let groups = files::group_files(self.search())
            .into_iter()
            .map(|(group, json)| (files::terms_href(&group), json));
        let tags = files::tag_files(self.search())
            .into_iter()
            .map(|(slug, json)| (files::tag_href(&slug), json));
        let docs = self.entries().iter().enumerate().map(|(doc, entry)| {
            let file = files::DocFile {
                post: entry.summary.clone(),
                text: entry.text(),
            };
            (
                files::doc_href(u32::try_from(doc).unwrap_or(u32::MAX)),
                miniserde::json::to_string(&file),
            )
        });
        groups.chain(tags).chain(docs)
    }

    fn cards(&self, page: DocPage) -> ListPage {
        let posts = page
            .docs
            .iter()
            .filter_map(|&doc| self.entries().get(doc as usize))
            .map(|entry| Card {
                post: entry.summary.clone(),
                excerpt: excerpt_html(&entry.text(), &page.words),
            })
            .collect();
        ListPage {
            posts,
            number: page.number,
            count: page.count,
            matched: page.matched,
            total: self.len(),
            active: page.active,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::content::index::Loaded;
    use crate::content::post::parse_post;
    use crate::content::PostIndex;
    use crate::urls::HomeQuery;

    fn index() -> PostIndex {
        let post = |slug: &str, front: &str, body: &str| Loaded {
            source: format!("posts/{slug}.md"),
            result: parse_post(
                &format!("posts/{slug}.md"),
                slug,
                &format!("---\n{front}\n---\n{body}\n"),
                "Ada",
            ),
        };
        PostIndex::build(
            vec![
                post(
                    "a",
                    "title: Islands\ndate: 2026-01-03\ntags: [Web]",
                    "About hydration.",
                ),
                post(
                    "b",
                    "title: Bread\ndate: 2026-01-02\ntags: [Food]",
                    "Knead the dough.\n\n```\nislands in code\n```",
                ),
                post(
                    "c",
                    "title: Notes\ndate: 2026-01-01",
                    "Ten islands of the north.",
                ),
            ],
            false,
            None,
        )
    }

    fn query(tags: &[&str], search: &str, page: Option<&str>) -> HomeQuery {
        HomeQuery {
            tags: tags.iter().map(|t| t.to_string()).collect(),
            search: search.into(),
            page: page.map(Into::into),
        }
    }

    #[test]
    fn a_search_page_holds_the_matches_best_first_with_excerpts_and_counts() {
        let page = index()
            .list_page(&query(&[], "islands", None), 10)
            .expect("page 1");
        let slugs: Vec<&str> = page.posts.iter().map(|c| c.post.slug.as_str()).collect();
        assert_eq!(
            slugs,
            ["a", "c"],
            "the title match first; code blocks are not searched"
        );
        assert!(
            page.posts[0].excerpt.is_empty(),
            "a title match has no body excerpt"
        );
        assert_eq!(
            page.posts[1].excerpt,
            "Ten <mark>islands</mark> of the north."
        );
        assert_eq!((page.matched, page.total, page.count), (2, 3, 1));
    }

    #[test]
    fn a_page_holds_at_most_page_size_posts() {
        let page = index()
            .list_page(&query(&[], "", Some("2")), 2)
            .expect("page 2");
        assert_eq!(page.posts.len(), 1);
        assert_eq!((page.number, page.count, page.matched), (2, 2, 3));
        assert!(index().list_page(&query(&[], "", Some("3")), 2).is_none());
    }

    #[test]
    fn tag_pages_list_the_tag_s_posts_and_unknown_tags_or_pages_are_not_found() {
        let found = index().find_tag_page("food", None, 10).expect("known tag");
        assert_eq!(found.tag.name, "Food");
        assert_eq!(found.list.posts[0].post.slug, "b");
        assert!(index().find_tag_page("nope", None, 10).is_err());
        assert!(index().find_tag_page("food", Some("2".into()), 10).is_err());
    }
}
