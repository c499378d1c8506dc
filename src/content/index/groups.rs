//! The index's groupings beyond tags: categories, series and authors (see
//! [`crate::content::groups`]) and sections (folders with an `_index.md`).

use super::{Entry, PostIndex};
use crate::content::groups::Group;
use crate::content::sections::{self, Section};
use crate::error::Error;
use crate::model::{GroupKind, GroupPosts, PostLink, SeriesNav, TagCount, TagRef};

/// A section with the positions of its posts, in list order.
#[derive(Clone, Debug)]
pub struct SectionEntry {
    /// The section.
    pub section: Section,
    /// Its posts: those in its folder and below.
    pub docs: Vec<u32>,
}

impl PostIndex {
    /// Adds the sections that loaded, after the posts' addresses and aliases (a section whose
    /// address is taken is reported), and reports the others.
    pub fn add_sections(&mut self, sections: Vec<Result<Section, Error>>) {
        let mut good = Vec::new();
        for section in sections {
            match section {
                Ok(section) => good.push(section),
                Err(error) => self.problems.push(error),
            }
        }
        let claimed = self.addresses.claim_sections(&good, &mut self.problems);
        self.sections = good
            .into_iter()
            .zip(claimed)
            .filter(|(_, claimed)| *claimed)
            .map(|(section, _)| {
                let docs = self
                    .entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| sections::holds(&section.folder, &e.folder))
                    .map(|(i, _)| i as u32)
                    .collect();
                SectionEntry { section, docs }
            })
            .collect();
    }

    /// Every section with a page, in folder order.
    pub fn sections(&self) -> &[SectionEntry] {
        &self.sections
    }

    /// The section of `folder`.
    pub fn section(&self, folder: &str) -> Option<&SectionEntry> {
        self.sections.iter().find(|s| s.section.folder == folder)
    }

    /// Every group of `kind`, in alphabetical order.
    pub fn groups(&self, kind: GroupKind) -> &[Group] {
        self.groups.list(kind)
    }

    /// The group of `kind` with this slug.
    pub fn group(&self, kind: GroupKind, slug: &str) -> Option<&Group> {
        self.groups.get(kind, slug)
    }

    /// The entries of the group of `kind` with this slug: newest first, a series' oldest first.
    pub fn group_entries(&self, kind: GroupKind, slug: &str) -> Option<(&TagCount, Vec<&Entry>)> {
        let group = self.groups.get(kind, slug)?;
        let mut docs = group.docs.clone();
        if kind != GroupKind::Series {
            docs.sort_by_key(|&doc| self.rank[doc as usize]);
        }
        Some((
            &group.term,
            docs.iter()
                .map(|&doc| &self.entries[doc as usize])
                .collect(),
        ))
    }

    /// The group of `kind` with this slug and all its posts, or [`Error::NotFound`].
    pub fn find_group(&self, kind: GroupKind, slug: &str) -> Result<GroupPosts, Error> {
        let (group, entries) = self
            .group_entries(kind, slug)
            .ok_or_else(|| Error::NotFound(format!("{} {slug:?}", kind.segment())))?;
        Ok(GroupPosts {
            kind,
            group: group.clone(),
            posts: entries.into_iter().map(|e| e.summary.clone()).collect(),
        })
    }

    /// The series part of the post at position `i`.
    pub(super) fn series_nav(&self, i: usize) -> Option<SeriesNav> {
        let series = self.entries[i].series.as_ref()?;
        let group = self.groups.get(GroupKind::Series, &series.slug)?;
        let part = group.docs.iter().position(|&doc| doc as usize == i)? + 1;
        Some(SeriesNav {
            series: TagRef {
                slug: group.term.slug.clone(),
                name: group.term.name.clone(),
            },
            part,
            parts: group
                .docs
                .iter()
                .map(|&doc| {
                    let s = &self.entries[doc as usize].summary;
                    PostLink {
                        slug: s.slug.clone(),
                        href: s.href.clone(),
                        title: s.title.clone(),
                    }
                })
                .collect(),
        })
    }
}
