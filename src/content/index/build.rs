//! Building the post index from loaded files: deduplication, drafts, order, tags, groups and
//! the search index.

use super::*;

impl PostIndex {
    /// Builds the index from loaded files.
    ///
    /// Files are considered in path order, so when two claim the same slug the first path wins and
    /// the other is reported. A file that fails to load keeps its entry from `previous`, if it had
    /// one, so a broken edit never takes a post down. Drafts, and scheduled posts (dated after
    /// now), are dropped unless `drafts_visible`, which lists them with a badge.
    pub fn build(loaded: Vec<Loaded>, drafts_visible: bool, previous: Option<&PostIndex>) -> Self {
        let now = chrono::Utc::now().timestamp();
        Self::build_at(loaded, drafts_visible, now, previous)
    }

    /// [`PostIndex::build`] as if the time were `now` (Unix seconds).
    pub fn build_at(
        mut loaded: Vec<Loaded>,
        drafts_visible: bool,
        now: i64,
        previous: Option<&PostIndex>,
    ) -> Self {
        loaded.sort_by(|a, b| a.source.cmp(&b.source));
        let mut problems = Vec::new();
        let mut owners: HashMap<String, String> = HashMap::new();
        let mut entries = Vec::new();
        for Loaded { source, result } in loaded {
            let entry = match result {
                Ok(entry) => entry,
                Err(error) => {
                    let kept = previous.and_then(|p| p.entries.iter().find(|e| e.source == source));
                    problems.push(match kept {
                        Some(_) => with_note(error, "serving the last good version"),
                        None => error,
                    });
                    match kept {
                        Some(entry) => entry.clone(),
                        None => continue,
                    }
                }
            };
            if let Some(owner) = owners.get(entry.slug()) {
                problems.push(Error::post(
                    &source,
                    vec![Problem::new(
                        "slug",
                        format!(
                            "{:?} is already used by {owner}; expected a unique slug (rename the file or set `slug`)",
                            entry.slug()
                        ),
                    )],
                ));
                continue;
            }
            owners.insert(entry.slug().to_string(), source);
            entries.push(entry);
        }
        let mut addresses = Addresses::default();
        let mut entries = addresses.claim_posts(entries, &mut problems);
        addresses.claim_aliases(&entries, &mut problems);
        // Links to other posts must lead somewhere; a broken one is reported, the post still served.
        for entry in &entries {
            let mut problems_here = entry.warnings.clone();
            for link in &entry.post_refs {
                if !owners.contains_key(&link.slug) {
                    problems_here.push(Problem::new(
                        format!("line {}", link.line),
                        format!(
                            "link to the post {:?}, which does not exist; expected the file or slug of a post",
                            link.slug
                        ),
                    ));
                }
            }
            if !problems_here.is_empty() {
                problems.push(Error::post(&entry.source, problems_here));
            }
        }
        // The index must be rebuilt when a scheduled post is due or a listed one expires.
        let mut next_publication: Option<i64> = None;
        let mut due =
            |t: i64| next_publication = Some(next_publication.map_or(t, |n: i64| n.min(t)));
        for entry in &mut entries {
            let publishes_at = entry.date.map(|d| d.sort_key()).filter(|&t| t > now);
            entry.summary.scheduled = publishes_at.is_some();
            let expires_at = entry.expires.map(|d| d.sort_key());
            entry.summary.expired = expires_at.is_some_and(|t| t <= now);
            if !entry.summary.draft {
                publishes_at.into_iter().for_each(&mut due);
                expires_at
                    .filter(|&t| t > now)
                    .into_iter()
                    .for_each(&mut due);
            }
        }
        entries.retain(|e| {
            drafts_visible || !(e.summary.draft || e.summary.scheduled || e.summary.expired)
        });
        // Pinned posts first, by weight; then newest first; undated posts last; ties by slug so
        // the order never depends on the disk.
        entries.sort_by(|a, b| {
            let pin = |e: &Entry| (!e.summary.pinned, e.weight.is_none(), e.weight);
            pin(a).cmp(&pin(b)).then_with(|| newest_first(a, b))
        });
        let mut timeline: Vec<u32> = (0..entries.len() as u32).collect();
        timeline.sort_by(|&a, &b| newest_first(&entries[a as usize], &entries[b as usize]));
        let mut rank = vec![0u32; entries.len()];
        for (place, &doc) in timeline.iter().enumerate() {
            rank[doc as usize] = place as u32;
        }
        let groups = Groups::build(&entries, &timeline);
        let tags = canonical_tags(&mut entries);
        let by_slug = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug().to_string(), i))
            .collect();
        let search = search_index(&entries);
        addresses.retain_listed(&entries.iter().map(Entry::slug).collect());
        PostIndex {
            addresses,
            unread: Default::default(),
            entries,
            by_slug,
            tags,
            problems,
            next_publication: next_publication.filter(|_| !drafts_visible),
            stamps: HashMap::new(),
            pending_images: Vec::new(),
            search,
            generation: 0,
            timeline,
            rank,
            groups,
            sections: Vec::new(),
        }
    }
}

/// The search index of `entries`, in their order. Each post's text is decompressed and split
/// into terms on every core, a slice of posts at a time (so the term lists of the whole blog are
/// never in memory at once); only the merge into postings runs on one.
fn search_index(entries: &[Entry]) -> SearchIndex {
    use rayon::prelude::*;
    const SLICE: usize = 256;
    let terms_of = |e: &Entry| {
        let body = e.text();
        let names: Vec<&str> = e.summary.tags.iter().map(|t| t.name.as_str()).collect();
        crate::search::index::doc_terms(&crate::search::index::DocText {
            title: &e.summary.title,
            tags: &names,
            description: &e.summary.description,
            body: &body,
        })
    };
    let terms = entries.chunks(SLICE).flat_map(|slice| {
        let terms: Vec<Vec<(String, u8)>> = slice.par_iter().map(terms_of).collect();
        terms
    });
    let slugs: Vec<Vec<&str>> = entries
        .iter()
        .map(|e| e.summary.tags.iter().map(|t| t.slug.as_str()).collect())
        .collect();
    SearchIndex::from_terms(terms.zip(slugs.iter().map(Vec::as_slice)))
}

/// Newest first; undated posts last; ties by slug.
fn newest_first(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    let key = |e: &Entry| e.date.map(|d| d.sort_key());
    match (key(a), key(b)) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| a.slug().cmp(b.slug()))
}

fn with_note(error: Error, note: &str) -> Error {
    match error {
        Error::Post { file, mut problems } => {
            problems.push(Problem::new("status", note));
            Error::Post { file, problems }
        }
        other => other,
    }
}

/// Shows each tag as spelled in the oldest post carrying it, and counts posts per tag.
/// `entries` must be sorted newest first.
fn canonical_tags(entries: &mut [Entry]) -> Vec<TagCount> {
    let mut tags: HashMap<String, TagCount> = HashMap::new();
    for entry in entries.iter().rev() {
        for tag in &entry.written_tags {
            tags.entry(tag.slug.clone())
                .or_insert_with(|| TagCount {
                    slug: tag.slug.clone(),
                    name: tag.name.clone(),
                    count: 0,
                })
                .count += 1;
        }
    }
    for entry in entries.iter_mut() {
        entry.summary.tags.clone_from(&entry.written_tags);
        for tag in &mut entry.summary.tags {
            if let Some(canonical) = tags.get(&tag.slug) {
                tag.name.clone_from(&canonical.name);
            }
        }
    }
    let mut tags: Vec<TagCount> = tags.into_values().collect();
    tags.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    tags
}
