//! Categories, series and authors: the groups posts fall into besides tags, each with its posts.
//!
//! As with tags, a group is identified by its slug and shown as spelled in the oldest post that
//! names it. Authors have pages only when the blog has two or more.

use super::post::Entry;
use crate::model::{GroupKind, TagCount, TagRef};
use std::collections::HashMap;

/// One group and its posts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Its slug, shown name and number of listed posts.
    pub term: TagCount,
    /// Its posts, as positions in the index: in list order, a series' oldest part first.
    pub docs: Vec<u32>,
}

#[derive(Clone, Debug, Default)]
struct Table {
    /// In alphabetical order of their names.
    groups: Vec<Group>,
    by_slug: HashMap<String, usize>,
}

/// Every group of every kind.
#[derive(Clone, Debug, Default)]
pub struct Groups {
    tables: [Table; 3],
}

fn at(kind: GroupKind) -> usize {
    match kind {
        GroupKind::Category => 0,
        GroupKind::Series => 1,
        GroupKind::Author => 2,
    }
}

/// The groups of `kind` that `entry` names, as its front matter spells them.
pub fn named(entry: &Entry, kind: GroupKind) -> &[TagRef] {
    match kind {
        GroupKind::Category => &entry.categories,
        GroupKind::Series => entry.series.as_slice(),
        GroupKind::Author => &entry.authors,
    }
}

impl Groups {
    /// The groups of `entries` (in list order); `timeline` holds their positions newest first.
    pub fn build(entries: &[Entry], timeline: &[u32]) -> Self {
        let mut groups = Groups::default();
        for kind in GroupKind::ALL {
            let table = &mut groups.tables[at(kind)];
            let mut found: HashMap<&str, Group> = HashMap::new();
            // Oldest first: the first spelling seen is the one shown.
            for &doc in timeline.iter().rev() {
                for r in named(&entries[doc as usize], kind) {
                    let group = found.entry(r.slug.as_str()).or_insert_with(|| Group {
                        term: TagCount {
                            slug: r.slug.clone(),
                            name: r.name.clone(),
                            count: 0,
                        },
                        docs: Vec::new(),
                    });
                    group.term.count += 1;
                    group.docs.push(doc);
                }
            }
            let mut list: Vec<Group> = found.into_values().collect();
            // One author's pages would only repeat the home page's list.
            if kind == GroupKind::Author && list.len() < 2 {
                list.clear();
            }
            for group in &mut list {
                if kind != GroupKind::Series {
                    group.docs.sort_unstable();
                }
            }
            list.sort_by(|a, b| {
                a.term
                    .name
                    .to_lowercase()
                    .cmp(&b.term.name.to_lowercase())
                    .then_with(|| a.term.slug.cmp(&b.term.slug))
            });
            table.by_slug = list
                .iter()
                .enumerate()
                .map(|(i, g)| (g.term.slug.clone(), i))
                .collect();
            table.groups = list;
        }
        groups
    }

    /// Every group of `kind`, in alphabetical order.
    pub fn list(&self, kind: GroupKind) -> &[Group] {
        &self.tables[at(kind)].groups
    }

    /// The group of `kind` with this slug.
    pub fn get(&self, kind: GroupKind, slug: &str) -> Option<&Group> {
        let table = &self.tables[at(kind)];
        table.by_slug.get(slug).map(|&i| &table.groups[i])
    }

    /// `refs` with each group's shown spelling.
    pub fn canonical(&self, kind: GroupKind, refs: &[TagRef]) -> Vec<TagRef> {
        refs.iter()
            .map(|r| TagRef {
                slug: r.slug.clone(),
                name: self
                    .get(kind, &r.slug)
                    .map_or_else(|| r.name.clone(), |g| g.term.name.clone()),
            })
            .collect()
    }
}
