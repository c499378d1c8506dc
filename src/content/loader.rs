//! The thin I/O shell around the index: find post files, read them, build a [`PostIndex`].

use super::images::{self, ImageStore};
use super::index::{FileStamp, Loaded, PostIndex};
use super::post::{parse_post_placed, Entry, Placement};
use super::references::ImageSizes;
use super::render_cache::{self, Inputs, RenderCache, SizeLog};
use super::LibraryConfig;
use crate::error::{Error, Problem};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A post file found on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its slug unless the front matter sets one: the file stem, or the bundle folder's name,
    /// without a leading `YYYY-MM-DD-` date.
    pub default_slug: String,
    /// Its folders under the content folder, `/`-separated (empty at the top); a bundle's own
    /// folder is not among them.
    pub folder: String,
    /// Whether it is a bundle's text (`<name>/index.md`), served with the files beside it.
    pub bundle: bool,
    /// Whether it sits in Jekyll's `_drafts/`.
    pub draft: bool,
}

pub use super::discover::discover;

/// The pixel size of the image at `url` (an absolute path such as `/images/a.png`) under
/// `assets_dir`; `None` for other URLs, paths leaving the folder, or unreadable files.
pub fn image_size(assets_dir: &Path, url: &str) -> Option<(u32, u32)> {
    image_size_in(assets_dir, url.strip_prefix('/')?)
}

/// The path `relative` under `dir`, refusing `..` and empty segments.
fn within(dir: &Path, relative: &str) -> Option<std::path::PathBuf> {
    let relative = relative.split(['#', '?']).next()?;
    let relative = relative.trim_start_matches("./");
    if relative
        .split('/')
        .any(|part| part == ".." || part.is_empty())
    {
        return None;
    }
    Some(dir.join(relative))
}

/// Whether the relative path `relative` under `dir` is a file.
fn is_file_in(dir: &Path, relative: &str) -> bool {
    within(dir, relative).is_some_and(|path| path.is_file())
}

/// The pixel size of the image at the relative path `relative` under `dir`.
fn image_size_in(dir: &Path, relative: &str) -> Option<(u32, u32)> {
    let size = imagesize::size(within(dir, relative)?).ok()?;
    Some((
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}

/// Reads and parses one post file, whose metadata was just read, with the settings of `config`.
pub fn read_post(
    file: &PostFile,
    metadata: &std::io::Result<fs::Metadata>,
    config: &LibraryConfig,
) -> Loaded {
    read_post_cached(file, metadata, config, None)
}

/// [`read_post`], taking the rendering from `cache` when it holds one for these bytes and
/// settings, and storing it there otherwise. Only posts that parse are stored.
pub fn read_post_cached(
    file: &PostFile,
    metadata: &std::io::Result<fs::Metadata>,
    config: &LibraryConfig,
    cache: Option<&RenderCache>,
) -> Loaded {
    read_post_noting(file, metadata, config, cache).0
}

/// [`read_post_cached`], and whether the post shows a picture whose copies are still being made
/// (so it is to be read again once they are).
fn read_post_noting(
    file: &PostFile,
    metadata: &std::io::Result<fs::Metadata>,
    config: &LibraryConfig,
    cache: Option<&RenderCache>,
) -> (Loaded, bool) {
    let source = file.path.display().to_string();
    let assets_dir = config.assets_dir.as_deref();
    let bundle_dir = file.path.parent().filter(|_| file.bundle);
    // A bundle's relative images are read beside it; other images among the site's assets. A
    // relative image that is not beside the bundle would answer 404: it is reported.
    let missing = std::cell::RefCell::new(std::collections::BTreeSet::new());
    // Pictures that get no resized copies (too large, truncated, not pictures), by file.
    let unresized = std::cell::RefCell::new(std::collections::BTreeSet::new());
    let pending = std::cell::Cell::new(false);
    let store = config.cache_dir.as_deref().map(ImageStore::new);
    let look = |path: Option<PathBuf>| {
        let path = path?;
        let found = images::lookup(&path, &config.images, store.as_ref(), config.image_encoding);
        pending.set(pending.get() || found.pending);
        if let Some(problem) = found.problem {
            unresized
                .borrow_mut()
                .insert(format!("{}: {problem}", path.display()));
        }
        found.info
    };
    let sizes = |url: &str| match bundle_dir {
        Some(dir) if super::references::is_beside(url) => {
            let found = look(within(dir, url));
            if found.is_none() && !is_file_in(dir, url) {
                missing.borrow_mut().insert(url.to_string());
            }
            found
        }
        _ => assets_dir.and_then(|dir| look(within(dir, url.strip_prefix('/')?))),
    };
    let placement = Placement {
        folder: &file.folder,
        bundle: file.bundle,
        draft: file.draft,
        permalink: &config.permalink,
    };
    let result =
        read_bytes(&file.path, metadata, &source, config.max_post_bytes).and_then(|bytes| {
            let parse = |text: &str, sizes: ImageSizes<'_>| {
                parse_post_placed(
                    &source,
                    &file.default_slug,
                    text,
                    &config.site_author,
                    sizes,
                    config.raw_html,
                    &placement,
                )
            };
            let Some(cache) = cache else {
                return parse(&decode(&source, bytes)?, &sizes);
            };
            let key = render_cache::key(&Inputs {
                source: &source,
                default_slug: &file.default_slug,
                bytes: &bytes,
                site_author: &config.site_author,
                raw_html: config.raw_html,
                permalink: config.permalink.as_str(),
                folder: &file.folder,
                bundle: file.bundle,
                draft: file.draft,
            });
            if let Some(cached) = cache.get(&key).filter(|c| c.images_match(&sizes)) {
                return Ok(cached.entry);
            }
            let log = SizeLog::new(&sizes);
            let entry = parse(&decode(&source, bytes)?, &|url| log.lookup(url))?;
            cache.put(&key, &entry, &log.into_images());
            Ok(entry)
        });
    let result = result.map(|mut entry| {
        for url in missing.take() {
            entry.warnings.push(Problem::new(
                "image",
                format!(
                    "{url:?} is not in the post's folder; expected the picture beside its index.md"
                ),
            ));
        }
        for message in unresized.take() {
            entry.warnings.push(Problem::new("image", message));
        }
        entry
    });
    (Loaded { source, result }, pending.get())
}

/// The bytes of the post file at `path`, reported as `source`.
///
/// The size is checked before the file is opened, so a file over `max_bytes` is never read; the
/// read itself stops one byte past `max_bytes`, so a file that grows meanwhile cannot fill memory.
fn read_bytes(
    path: &Path,
    metadata: &std::io::Result<fs::Metadata>,
    source: &str,
    max_bytes: u64,
) -> Result<Vec<u8>, Error> {
    let io = |e| Error::io(source, e);
    let too_large = |found: String| {
        Error::post(
            source,
            vec![Problem::new(
                "size",
                format!(
                    "expected at most {max_bytes} bytes ([content] max_post_bytes), found {found}"
                ),
            )],
        )
    };
    let metadata = metadata
        .as_ref()
        .map_err(|e| Error::io(source, std::io::Error::new(e.kind(), e.to_string())))?;
    if !metadata.is_file() {
        // Opening a pipe or a device could block or never end.
        return Err(Error::refused(
            source,
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    if metadata.len() > max_bytes {
        return Err(too_large(format!("{} bytes", metadata.len())));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    fs::File::open(path)
        .and_then(|file| {
            file.take(max_bytes.saturating_add(1))
                .read_to_end(&mut bytes)
        })
        .map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(
            "more than that (the file grew while it was read)".into(),
        ));
    }
    Ok(bytes)
}

/// The text of the post `source` from its bytes: UTF-8, or a problem naming the first bad byte.
pub fn decode(source: &str, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        Error::post(
            source,
            vec![Problem::new(
                "encoding",
                format!(
                    "expected UTF-8 text, found an invalid byte at offset {}",
                    e.utf8_error().valid_up_to()
                ),
            )],
        )
    })
}

/// Loads every post of `config.posts_dir` into a new index. See [`PostIndex::build`] for `previous`.
///
/// A file whose size and modification time are what they were when `previous` parsed it is not
/// read again: its entry is reused, so an edit costs one parse, not one per post. A file modified
/// in the last [`SETTLE`] is always read (an edit in the same clock tick as the read would keep
/// the same time), and so is every file of a reload without `previous`, and every post that
/// showed a picture whose copies were still being made ([`PostIndex::pending_images`]).
pub fn load_dir(config: &LibraryConfig, previous: Option<&PostIndex>) -> Result<PostIndex, Error> {
    load_dir_with(config, previous, Reread::Changed)
}

/// Which files a reload reads again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reread {
    /// Those changed since the previous index read them (the watcher's reloads).
    Changed,
    /// All of them (SIGHUP: an operator may have changed what posts depend on, such as images).
    All,
}

/// [`load_dir`], reading again the files `reread` says.
pub fn load_dir_with(
    config: &LibraryConfig,
    previous: Option<&PostIndex>,
    reread: Reread,
) -> Result<PostIndex, Error> {
    let super::discover::Discovered {
        files,
        sections,
        problems: folder_problems,
        unread,
    } = discover(&config.posts_dir)?;
    let reusable: HashMap<&str, &Entry> = previous
        .filter(|_| reread == Reread::Changed)
        .map(|index| {
            index
                .entries()
                .iter()
                .map(|entry| (entry.source.as_str(), entry))
                .collect()
        })
        .unwrap_or_default();
    let cache = config.cache_dir.as_deref().and_then(RenderCache::open);
    let now = SystemTime::now();
    // Each file is read and parsed on its own core; `collect` keeps them in path order, so the
    // index is the same as a one-by-one load's.
    let results: Vec<(Loaded, Option<FileStamp>, bool)> = files
        .par_iter()
        .map(|file| {
            let source = file.path.display().to_string();
            let metadata = fs::metadata(&file.path);
            let stamp = stamp_of(&metadata).filter(|s| {
                now.duration_since(s.modified)
                    .is_ok_and(|age| age >= SETTLE)
            });
            let unchanged = stamp
                .filter(|s| previous.and_then(|p| p.stamp(&source)) == Some(*s))
                .and_then(|_| reusable.get(source.as_str()));
            match unchanged {
                Some(entry) => (
                    Loaded {
                        source,
                        result: Ok((*entry).clone()),
                    },
                    stamp,
                    false,
                ),
                None => {
                    let (one, pending) = read_post_noting(file, &metadata, config, cache.as_ref());
                    (one, stamp, pending)
                }
            }
        })
        .collect();
    let mut stamps = HashMap::new();
    let mut pending_images = Vec::new();
    let mut loaded = Vec::with_capacity(results.len());
    for (one, stamp, pending) in results {
        if pending {
            // No stamp: the next reload reads it again, and finds the copies made by then.
            pending_images.push(one.source.clone());
        } else if let (Some(stamp), Ok(_)) = (stamp, &one.result) {
            stamps.insert(one.source.clone(), stamp);
        }
        loaded.push(one);
    }
    if let Some(cache) = cache {
        cache.write_later();
    }
    let mut index = PostIndex::build(loaded, config.drafts_visible, previous);
    index.add_sections(
        sections
            .iter()
            .map(|file| super::sections::read(file, config.raw_html))
            .collect(),
    );
    index.add_site_redirects(&config.redirects, &config.redirects_source);
    index.add_problems(folder_problems);
    index.set_unread(unread);
    index.set_stamps(stamps);
    index.set_pending_images(pending_images);
    Ok(index)
}

/// How long after its last change a file's stamp is trusted.
pub const SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

/// The size and modification time in `metadata`, if the system reported them.
fn stamp_of(metadata: &std::io::Result<fs::Metadata>) -> Option<FileStamp> {
    let metadata = metadata.as_ref().ok()?;
    Some(FileStamp {
        len: metadata.len(),
        modified: metadata.modified().ok()?,
    })
}

#[cfg(test)]
mod cache_tests;
#[cfg(test)]
mod tests;
