//! Posts on disk to an in-memory index (server only).

pub mod addresses;
pub mod body;
pub mod components;
pub mod dates;
pub mod discover;
pub mod front_matter;
pub mod groups;
pub mod headings;
pub mod highlight;
pub mod images;
pub mod index;
pub mod listing;
pub mod loader;
pub mod markdown;
pub mod math;
pub mod permalink;
pub mod post;
pub mod reading_time;
pub mod references;
pub mod refresh;
pub mod render_cache;
pub mod sanitize;
pub mod sections;
pub mod shortcodes;
pub mod summary;
pub mod tags;
pub mod trusted;
pub mod watch;

pub use index::PostIndex;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

/// The largest post file read unless `[content] max_post_bytes` says otherwise: 4 MiB, far more
/// than any post a person writes, and little enough that a stray file cannot exhaust memory.
pub const DEFAULT_MAX_POST_BYTES: u64 = 4 * 1024 * 1024;

/// Where posts come from and how to read them.
#[derive(Clone, Debug)]
pub struct LibraryConfig {
    /// The posts folder.
    pub posts_dir: PathBuf,
    /// Author of posts that name none.
    pub site_author: String,
    /// Whether drafts are listed.
    pub drafts_visible: bool,
    /// The folder of the site's static files (`LEPTOS_SITE_ROOT`), where image sizes are read.
    pub assets_dir: Option<PathBuf>,
    /// What happens to raw HTML in posts.
    pub raw_html: sanitize::RawHtml,
    /// The largest post file read, in bytes (`[content] max_post_bytes`). A larger file is
    /// reported with its size and never read into memory.
    pub max_post_bytes: u64,
    /// The render cache's folder (`[content] cache_dir`), or `None` to render every post on
    /// every load. See [`render_cache`].
    pub cache_dir: Option<PathBuf>,
    /// The site's permalink pattern (`[content] permalink`).
    pub permalink: permalink::Permalink,
    /// The site's `[redirects]`.
    pub redirects: Vec<addresses::SiteRedirect>,
    /// `[images]`: resized copies of local pictures, kept in `cache_dir` (none without it).
    pub images: images::ImageSettings,
    /// When missing copies are made: by the load ([`images::Encoding::Now`], the default), or
    /// after it (a server; see [`refresh`]).
    pub image_encoding: images::Encoding,
    /// Where `redirects` are written, as shown in messages (`Leptos.toml`).
    pub redirects_source: String,
}

impl LibraryConfig {
    /// The posts in `posts_dir`, by `site_author` where they name no author, read as a fresh
    /// `Leptos.toml` says: drafts hidden, raw HTML sanitized, the default size limit, image sizes
    /// unknown and no render cache, so no resized copies (and none until the `images` field turns
    /// them on, so a test's pictures are only sized). Change the rest with struct update syntax.
    pub fn new(posts_dir: impl Into<PathBuf>, site_author: impl Into<String>) -> Self {
        LibraryConfig {
            posts_dir: posts_dir.into(),
            site_author: site_author.into(),
            drafts_visible: false,
            assets_dir: None,
            raw_html: sanitize::RawHtml::default(),
            max_post_bytes: DEFAULT_MAX_POST_BYTES,
            cache_dir: None,
            permalink: permalink::Permalink::default(),
            redirects: Vec::new(),
            images: images::ImageSettings::off(),
            image_encoding: images::Encoding::Now,
            redirects_source: "Leptos.toml".to_string(),
        }
    }
}

/// The live post index. Readers take a cheap snapshot; a reload builds a whole new index and swaps
/// it in at once, so a request never sees a half-loaded index.
#[derive(Debug)]
pub struct Library {
    config: LibraryConfig,
    current: RwLock<Arc<PostIndex>>,
    /// Held by a reload from start to swap: reloads (an edit, SIGHUP, a scheduled post, new
    /// pictures' copies) run one after another, each from the index the last one made, so none
    /// swaps in an index that misses another's changes.
    reloading: Mutex<()>,
}

impl Library {
    /// Loads every post once, logging one line per problem and a summary.
    pub fn load(config: LibraryConfig) -> Self {
        let library = Library {
            config,
            current: RwLock::new(Arc::new(PostIndex::default())),
            reloading: Mutex::new(()),
        };
        library.reload();
        library
    }

    /// The settings this library was loaded with.
    pub fn config(&self) -> &LibraryConfig {
        &self.config
    }

    /// The current index. When a scheduled post has come due, the index is rebuilt first, so it
    /// appears without a restart.
    pub fn snapshot(&self) -> Arc<PostIndex> {
        let due = |index: &PostIndex| {
            index
                .next_publication()
                .is_some_and(|t| t <= chrono::Utc::now().timestamp())
        };
        let index = self.current_index();
        if !due(&index) {
            return index;
        }
        // Requests arriving together wait for one reload, not one each.
        let one_at_a_time = self.reloading.lock().unwrap_or_else(|p| p.into_inner());
        let index = self.current_index();
        if !due(&index) {
            return index;
        }
        tracing::info!("a scheduled post is due; reloading");
        self.reload_locked(loader::Reread::Changed, one_at_a_time)
    }

    fn current_index(&self) -> Arc<PostIndex> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Reads the posts folder again and swaps in the new index; files unchanged since the current
    /// index read them keep their entries (see [`loader::load_dir`]). If the folder cannot be read
    /// at all, the current index stays.
    pub fn reload(&self) -> Arc<PostIndex> {
        self.reload_with(loader::Reread::Changed)
    }

    /// [`Library::reload`], reading every file again, changed or not (SIGHUP).
    pub fn reload_all(&self) -> Arc<PostIndex> {
        self.reload_with(loader::Reread::All)
    }

    fn reload_with(&self, reread: loader::Reread) -> Arc<PostIndex> {
        let one_at_a_time = self.reloading.lock().unwrap_or_else(|p| p.into_inner());
        self.reload_locked(reread, one_at_a_time)
    }

    /// The reload itself, by the holder of `reloading`.
    fn reload_locked(
        &self,
        reread: loader::Reread,
        _one_at_a_time: std::sync::MutexGuard<'_, ()>,
    ) -> Arc<PostIndex> {
        let started = Instant::now();
        let previous = self.current_index();
        let config = &self.config;
        match loader::load_dir_with(config, Some(&previous), reread) {
            Ok(index) => {
                for problem in index.problems() {
                    tracing::warn!("{problem}");
                }
                // Once, not on every edit: what is not read does not change with the posts.
                if previous.is_empty() {
                    if let Some(line) = index.unread().line() {
                        tracing::info!("{}: {line}", config.posts_dir.display());
                    }
                }
                tracing::info!(
                    "{}",
                    load_summary(&index, &config.posts_dir, started.elapsed())
                );
                let mut guard = match self.current.write() {
                    Ok(guard) => guard,
                    Err(poisoned) => poisoned.into_inner(),
                };
                // Numbered under the lock, so generations rise in the order indexes are swapped.
                let mut index = index;
                index.set_generation(guard.generation() + 1);
                let index = Arc::new(index);
                let replaced = std::mem::replace(&mut *guard, Arc::clone(&index));
                drop(guard);
                // The first load frees far more than it keeps (every post's Markdown, parse and
                // highlighting buffers): that is given back. Trimming after every reload too made
                // resident memory swing by a fifth under a stream of edits, as each trim was
                // undone by the next renders.
                let first_load = previous.is_empty();
                drop((previous, replaced));
                if first_load {
                    crate::memory::release_free_memory();
                }
                index
            }
            Err(error) => {
                tracing::error!(
                    "cannot read the posts folder: {error}; keeping {} posts",
                    previous.len()
                );
                previous
            }
        }
    }
}

/// One line about a load: how many posts, from where, how long it took, and which files were
/// skipped and for what (`loaded 8 posts from posts in 12 ms; skipped 1 file: posts/a.md (title)`).
pub fn load_summary(index: &PostIndex, dir: &std::path::Path, took: std::time::Duration) -> String {
    let noun = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "loaded {} from {} in {} ms",
        noun(index.len(), "post", "posts"),
        dir.display(),
        took.as_millis()
    );
    let problems = index.problems();
    if !problems.is_empty() {
        let skipped: Vec<String> = problems
            .iter()
            .map(|problem| match problem {
                crate::error::Error::Post { file, problems } => {
                    let mut fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
                    fields.dedup();
                    format!("{file} ({})", fields.join(", "))
                }
                other => other.to_string(),
            })
            .collect();
        line.push_str(&format!(
            "; skipped {}: {}",
            noun(problems.len(), "file", "files"),
            skipped.join("; ")
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, Problem};

    #[test]
    fn the_load_summary_names_every_skipped_file_and_its_fields() {
        let mut index = PostIndex::default();
        assert_eq!(
            load_summary(
                &index,
                std::path::Path::new("posts"),
                std::time::Duration::from_millis(7)
            ),
            "loaded 0 posts from posts in 7 ms"
        );
        index.add_problems(vec![
            Error::Post {
                file: "posts/a.md".into(),
                problems: vec![
                    Problem::new("title", "missing"),
                    Problem::new("pubDate", "bad"),
                ],
            },
            Error::refused(
                "posts/b.md",
                std::io::ErrorKind::PermissionDenied,
                "permission denied",
            ),
        ]);
        assert_eq!(
            load_summary(
                &index,
                std::path::Path::new("posts"),
                std::time::Duration::from_millis(7)
            ),
            "loaded 0 posts from posts in 7 ms; skipped 2 files: posts/a.md (title, pubDate); \
             posts/b.md: permission denied"
        );
    }
}
