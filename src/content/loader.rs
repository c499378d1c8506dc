//! The thin I/O shell around the index: find post files, read them, build a [`PostIndex`].

use super::index::{FileStamp, Loaded, PostIndex};
use super::post::{parse_post_with, Entry};
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
    /// Its slug unless the front matter sets one: the file stem, or the bundle folder's name.
    pub default_slug: String,
}

/// Finds every `dir/*.md` and `dir/<name>/index.md`, in path order.
///
/// Hidden files, editor backups and other files are ignored; symbolic links that lead outside
/// `dir` are not followed. A folder holding Markdown but no `index.md` is reported.
pub fn discover(dir: &Path) -> Result<(Vec<PostFile>, Vec<Error>), Error> {
    let io = |e| Error::io(dir, e);
    let root = dir.canonicalize().map_err(io)?;
    let mut names: Vec<_> = fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    names.sort();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in names {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        // Resolve symbolic links, and refuse those that escape the posts folder.
        let Ok(real) = path.canonicalize() else {
            continue;
        };
        if !real.starts_with(&root) {
            tracing::warn!(
                "{}: a link to outside the posts folder; not followed",
                path.display()
            );
            continue;
        }
        if real.is_file() {
            // Jekyll and others also name posts `*.markdown`.
            if let Some(stem) = name
                .strip_suffix(".md")
                .or_else(|| name.strip_suffix(".markdown"))
            {
                files.push(PostFile {
                    default_slug: stem.to_string(),
                    path,
                });
            }
        } else if real.is_dir() {
            let index = path.join("index.md");
            if index.is_file() {
                files.push(PostFile {
                    default_slug: name.to_string(),
                    path: index,
                });
            } else if holds_markdown(&path) {
                problems.push(Error::post(
                    path.display().to_string(),
                    vec![Problem::new(
                        "index.md",
                        "missing; expected a post folder to hold its text in index.md",
                    )],
                ));
            }
        }
    }
    Ok((files, problems))
}

fn holds_markdown(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|ext| ext == "md"))
    })
}

/// The pixel size of the image at `url` (an absolute path such as `/images/a.png`) under
/// `assets_dir`; `None` for other URLs, paths leaving the folder, or unreadable files.
pub fn image_size(assets_dir: &Path, url: &str) -> Option<(u32, u32)> {
    let relative = url.strip_prefix('/')?;
    if relative
        .split('/')
        .any(|part| part == ".." || part.is_empty())
    {
        return None;
    }
    let size = imagesize::size(assets_dir.join(relative)).ok()?;
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
    let source = file.path.display().to_string();
    let assets_dir = config.assets_dir.as_deref();
    let sizes = |url: &str| assets_dir.and_then(|dir| image_size(dir, url));
    let result =
        read_bytes(&file.path, metadata, &source, config.max_post_bytes).and_then(|bytes| {
            let parse = |text: &str, sizes: ImageSizes<'_>| {
                parse_post_with(
                    &source,
                    &file.default_slug,
                    text,
                    &config.site_author,
                    sizes,
                    config.raw_html,
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
            });
            if let Some(cached) = cache.get(&key).filter(|c| c.images_match(&sizes)) {
                return Ok(cached.entry);
            }
            let log = SizeLog::new(&sizes);
            let entry = parse(&decode(&source, bytes)?, &|url| log.lookup(url))?;
            cache.put(&key, &entry, &log.into_images());
            Ok(entry)
        });
    Loaded { source, result }
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
/// the same time), and so is every file of a reload without `previous`.
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
    let (files, folder_problems) = discover(&config.posts_dir)?;
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
    let results: Vec<(Loaded, Option<FileStamp>)> = files
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
            let one = match unchanged {
                Some(entry) => Loaded {
                    source,
                    result: Ok((*entry).clone()),
                },
                None => read_post_cached(file, &metadata, config, cache.as_ref()),
            };
            (one, stamp)
        })
        .collect();
    let mut stamps = HashMap::new();
    let mut loaded = Vec::with_capacity(results.len());
    for (one, stamp) in results {
        if let (Some(stamp), Ok(_)) = (stamp, &one.result) {
            stamps.insert(one.source.clone(), stamp);
        }
        loaded.push(one);
    }
    if let Some(cache) = cache {
        cache.write_later();
    }
    let mut index = PostIndex::build(loaded, config.drafts_visible, previous);
    index.add_problems(folder_problems);
    index.set_stamps(stamps);
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
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &[u8]) {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folder");
        }
        fs::write(path, text).expect("write file");
    }

    fn config(dir: &Path) -> LibraryConfig {
        LibraryConfig {
            posts_dir: dir.to_path_buf(),
            site_author: "Ada".into(),
            drafts_visible: false,
            assets_dir: None,
            raw_html: Default::default(),
            max_post_bytes: crate::settings::DEFAULT_MAX_POST_BYTES,
            cache_dir: None,
        }
    }

    #[test]
    fn image_sizes_are_read_from_the_assets_folder_and_never_outside_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A 3x2 PNG header is enough for imagesize.
        let png: Vec<u8> = [
            &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a][..],
            &[
                0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0,
            ],
        ]
        .concat();
        write(dir.path(), "images/a.png", &png);
        assert_eq!(image_size(dir.path(), "/images/a.png"), Some((3, 2)));
        assert_eq!(image_size(dir.path(), "/images/missing.png"), None);
        assert_eq!(image_size(dir.path(), "/../etc/passwd"), None);
        assert_eq!(image_size(dir.path(), "https://example.com/a.png"), None);
    }

    /// Writes `text` to `dir/name`, dated `seconds` after the epoch (long settled).
    fn write_dated(dir: &Path, name: &str, text: &str, seconds: u64) {
        write(dir, name, text.as_bytes());
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(seconds);
        fs::File::options()
            .write(true)
            .open(dir.join(name))
            .and_then(|file| file.set_modified(at))
            .expect("set the modification time");
    }

    fn titles(index: &PostIndex) -> Vec<String> {
        let mut titles: Vec<String> = index.summaries().map(|s| s.title.clone()).collect();
        titles.sort();
        titles
    }

    fn tagged(title: &str, date: &str, tag: &str) -> String {
        format!("---\ntitle: {title}\ndate: {date}\ntags: [{tag}]\n---\nText.\n")
    }

    #[test]
    fn a_reload_reads_only_the_files_that_changed_and_sighup_reads_them_all() {
        let dir = tempfile::tempdir().expect("temp dir");
        write_dated(dir.path(), "a.md", &tagged("Aaa", "2026-01-01", "x"), 1_000);
        write_dated(dir.path(), "b.md", &tagged("Bbb", "2026-01-02", "x"), 1_000);
        let first = load_dir(&config(dir.path()), None).expect("readable");
        assert_eq!(titles(&first), ["Aaa", "Bbb"]);

        // a.md: other text of the same size under the same time, so it is not read again (the
        // limit of a size-and-time check, which is why a fresh change is never trusted); b.md:
        // a real edit, with a new time.
        write_dated(dir.path(), "a.md", &tagged("AAA", "2026-01-01", "x"), 1_000);
        write_dated(
            dir.path(),
            "b.md",
            &tagged("Bbb!", "2026-01-02", "x"),
            2_000,
        );
        let second = load_dir(&config(dir.path()), Some(&first)).expect("readable");
        assert_eq!(titles(&second), ["Aaa", "Bbb!"], "a.md reused, b.md read");

        let all = load_dir_with(&config(dir.path()), Some(&second), Reread::All).expect("readable");
        assert_eq!(titles(&all), ["AAA", "Bbb!"], "everything read");
    }

    #[test]
    fn a_file_changed_within_the_settle_time_is_always_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            "a.md",
            tagged("Aaa", "2026-01-01", "x").as_bytes(),
        );
        let first = load_dir(&config(dir.path()), None).expect("readable");
        write(
            dir.path(),
            "a.md",
            tagged("AAA", "2026-01-01", "x").as_bytes(),
        );
        let second = load_dir(&config(dir.path()), Some(&first)).expect("readable");
        assert_eq!(titles(&second), ["AAA"]);
    }

    #[test]
    fn reused_posts_take_the_tag_spelling_of_the_oldest_post_still_there() {
        let dir = tempfile::tempdir().expect("temp dir");
        write_dated(
            dir.path(),
            "old.md",
            &tagged("Old", "2020-01-01", "RUST"),
            1_000,
        );
        write_dated(
            dir.path(),
            "new.md",
            &tagged("New", "2026-01-01", "rust"),
            1_000,
        );
        let first = load_dir(&config(dir.path()), None).expect("readable");
        assert_eq!(first.tags()[0].name, "RUST");
        fs::remove_file(dir.path().join("old.md")).expect("delete");
        let second = load_dir(&config(dir.path()), Some(&first)).expect("readable");
        assert_eq!(second.tags()[0].name, "rust");
        let new = second.post("new").expect("the reused post");
        assert_eq!(new.summary.tags[0].name, "rust");
    }

    #[test]
    fn a_broken_edit_stays_reported_while_the_file_is_unchanged() {
        let dir = tempfile::tempdir().expect("temp dir");
        write_dated(
            dir.path(),
            "a.md",
            &tagged("Good", "2026-01-01", "x"),
            1_000,
        );
        let first = load_dir(&config(dir.path()), None).expect("readable");
        write_dated(dir.path(), "a.md", "---\ntitle: [\n---\nBroken.\n", 2_000);
        let second = load_dir(&config(dir.path()), Some(&first)).expect("readable");
        let third = load_dir(&config(dir.path()), Some(&second)).expect("readable");
        for index in [&second, &third] {
            assert_eq!(titles(index), ["Good"], "the last good version is served");
            assert_eq!(index.problems().len(), 1, "{:?}", index.problems());
        }
    }

    fn post(title: &str) -> Vec<u8> {
        format!("---\ntitle: {title}\ndate: 2026-01-01\n---\nText.\n").into_bytes()
    }

    #[test]
    fn finds_flat_posts_and_bundles_and_ignores_the_rest() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "a.md", &post("A"));
        write(dir.path(), "b.markdown", &post("B"));
        write(dir.path(), "bundle/index.md", &post("Bundle"));
        write(dir.path(), "bundle/photo.png", b"\x89PNG");
        write(dir.path(), "images/cat.png", b"\x89PNG");
        write(dir.path(), ".a.md.swp", b"\0\0");
        write(dir.path(), "a.md~", &post("Backup"));
        write(dir.path(), "notes.txt", b"hello");
        let (files, problems) = discover(dir.path()).expect("readable");
        let slugs: Vec<&str> = files.iter().map(|f| f.default_slug.as_str()).collect();
        assert_eq!(slugs, ["a", "b", "bundle"]);
        assert!(problems.is_empty());
    }

    #[test]
    fn a_folder_with_markdown_but_no_index_is_reported() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "trip/post.md", &post("Trip"));
        let (files, problems) = discover(dir.path()).expect("readable");
        assert!(files.is_empty());
        assert!(
            problems[0].to_string().contains("index.md: missing"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn non_utf8_files_are_reported_and_other_posts_still_load() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "good.md", &post("Good"));
        write(dir.path(), "latin1.md", b"---\ntitle: Caf\xe9\n---\n");
        let index = load_dir(&config(dir.path()), None).expect("readable");
        assert_eq!(index.len(), 1);
        let message = index.problems()[0].to_string();
        assert!(
            message.contains("latin1.md: encoding: expected UTF-8"),
            "{message}"
        );
    }

    #[test]
    fn a_post_over_the_size_limit_is_reported_with_its_size_and_never_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let limit = post("Fits").len() as u64;
        write(dir.path(), "fits.md", &post("Fits"));
        write(dir.path(), "large.md", &post("Large"));
        // A sparse file of 64 GiB: reading it would take minutes and more memory than there is.
        let huge = fs::File::create(dir.path().join("huge.md")).expect("create");
        huge.set_len(64 << 30).expect("sparse file");
        let config = LibraryConfig {
            max_post_bytes: limit,
            ..config(dir.path())
        };
        let index = load_dir(&config, None).expect("readable");
        assert_eq!(index.len(), 1, "the post at the limit loads");
        let messages: Vec<String> = index.problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].ends_with(&format!(
                "huge.md: size: expected at most {limit} bytes ([content] max_post_bytes), \
                 found {} bytes",
                64u64 << 30
            )),
            "{messages:?}"
        );
        assert!(
            messages[1].ends_with(&format!(
                "large.md: size: expected at most {limit} bytes ([content] max_post_bytes), \
                 found {} bytes",
                limit + 1
            )),
            "{messages:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_leading_outside_the_folder_are_not_followed() {
        let outside = tempfile::tempdir().expect("temp dir");
        write(outside.path(), "secret.md", &post("Secret"));
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "inside.md", &post("Inside"));
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            dir.path().join("secret.md"),
        )
        .expect("symlink");
        std::os::unix::fs::symlink(dir.path().join("inside.md"), dir.path().join("alias.md"))
            .expect("symlink");
        let (files, _) = discover(dir.path()).expect("readable");
        let slugs: Vec<&str> = files.iter().map(|f| f.default_slug.as_str()).collect();
        assert_eq!(slugs, ["alias", "inside"]);
    }

    /// A PNG header of `width` x `height`: enough for imagesize.
    fn png(width: u8, height: u8) -> Vec<u8> {
        [
            &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a][..],
            &[
                0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, width, 0, 0, 0, height, 8, 6, 0, 0, 0,
            ],
        ]
        .concat()
    }

    /// A folder of posts (one with an image), an assets folder and a cache folder.
    struct Cached {
        root: tempfile::TempDir,
    }

    impl Cached {
        fn new() -> Self {
            let root = tempfile::tempdir().expect("temp dir");
            let posts = root.path().join("posts");
            for n in 0..20 {
                let text = format!(
                    "---\ntitle: Post {n}\ndate: 2026-01-{:02}\ntags: [t{}]\n---\n\
                     # Part\n\nText with `code` and a [link](https://example.com).\n\n\
                     ```rust\nfn main() {{ let x = {n}; }}\n```\n",
                    n % 28 + 1,
                    n % 3
                );
                write(&posts, &format!("p{n:02}.md"), text.as_bytes());
            }
            write(
                &posts,
                "pic.md",
                b"---\ntitle: Pic\ndate: 2026-02-01\n---\n![A cat](/images/cat.png)\n",
            );
            write(&posts, "broken.md", b"---\ntitle: [\n---\n");
            write(&root.path().join("site"), "images/cat.png", &png(3, 2));
            Cached { root }
        }

        fn config(&self) -> LibraryConfig {
            LibraryConfig {
                assets_dir: Some(self.root.path().join("site")),
                cache_dir: Some(self.cache_dir()),
                ..config(&self.root.path().join("posts"))
            }
        }

        fn cache_dir(&self) -> PathBuf {
            self.root.path().join("cache")
        }

        /// Every file in the cache folder.
        fn files(&self) -> Vec<PathBuf> {
            let mut files = Vec::new();
            for shard in fs::read_dir(self.cache_dir()).expect("cache folder") {
                for file in fs::read_dir(shard.expect("shard").path()).expect("shard folder") {
                    files.push(file.expect("file").path());
                }
            }
            files.sort();
            files
        }

        /// A load, once the cache files it writes are written.
        fn load(&self) -> PostIndex {
            let index = load_dir(&self.config(), None).expect("readable");
            render_cache::wait_for_writes();
            index
        }
    }

    fn pages(index: &PostIndex) -> Vec<(crate::model::PostSummary, String)> {
        index
            .entries()
            .iter()
            .map(|e| (e.summary.clone(), e.html()))
            .collect()
    }

    #[test]
    fn a_warm_load_gives_the_index_of_a_cold_one() {
        let site = Cached::new();
        let uncached = load_dir(
            &LibraryConfig {
                cache_dir: None,
                ..site.config()
            },
            None,
        )
        .expect("readable");
        let cold = site.load();
        assert_eq!(site.files().len(), 21, "every post that parsed is stored");
        let warm = site.load();
        for index in [&cold, &warm] {
            assert_eq!(index.entries(), uncached.entries());
            assert_eq!(pages(index), pages(&uncached));
            let messages = |index: &PostIndex| {
                index
                    .problems()
                    .iter()
                    .map(Error::to_string)
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                messages(index),
                messages(&uncached),
                "broken.md stays reported"
            );
        }
        assert!(pages(&warm)
            .iter()
            .any(|(_, html)| html.contains("width=\"3\" height=\"2\"")));
    }

    #[test]
    fn a_warm_load_takes_posts_from_the_cache() {
        let site = Cached::new();
        site.load();
        // Replace one stored entry with another title under the same key: the next load serves it.
        let text = fs::read(site.root.path().join("posts/p00.md")).expect("post");
        let key = render_cache::key(&Inputs {
            source: &site.root.path().join("posts/p00.md").display().to_string(),
            default_slug: "p00",
            bytes: &text,
            site_author: "Ada",
            raw_html: Default::default(),
        });
        let path = site
            .files()
            .into_iter()
            .find(|p| p.to_string_lossy().contains(&key.hex()))
            .expect("p00 stored");
        let mut cached =
            render_cache::decode(&key, &fs::read(&path).expect("file")).expect("valid");
        cached.entry.summary.title = "From the cache".into();
        let bytes = render_cache::encode(&key, &cached.entry, &cached.images).expect("encodable");
        fs::write(&path, bytes).expect("rewrite");
        assert_eq!(
            site.load().post("p00").expect("p00").summary.title,
            "From the cache"
        );
    }

    #[test]
    fn corrupt_cache_files_are_ignored_and_rewritten() {
        let site = Cached::new();
        let cold = site.load();
        let files = site.files();
        let good: Vec<Vec<u8>> = files.iter().map(|p| fs::read(p).expect("file")).collect();
        let damage: [fn(&mut Vec<u8>); 4] = [
            |bytes| {
                let last = bytes.len() - 1;
                bytes[last] ^= 1;
            },
            |bytes| bytes.truncate(bytes.len() / 2),
            |bytes| *bytes = (0..bytes.len()).map(|i| (i * 7919 % 251) as u8).collect(),
            // Another format version, checksum intact.
            |bytes| bytes[4] = bytes[4].wrapping_add(1),
        ];
        for (n, (path, bytes)) in files.iter().zip(&good).enumerate() {
            let mut bytes = bytes.clone();
            damage[n % damage.len()](&mut bytes);
            fs::write(path, bytes).expect("damage");
        }
        let warm = site.load();
        assert_eq!(warm.entries(), cold.entries());
        assert_eq!(pages(&warm), pages(&cold));
        let rewritten: Vec<Vec<u8>> = files.iter().map(|p| fs::read(p).expect("file")).collect();
        assert_eq!(rewritten, good, "every damaged file is written again");
    }

    #[test]
    fn a_changed_post_is_rendered_again() {
        let site = Cached::new();
        site.load();
        let path = site.root.path().join("posts/p01.md");
        let text = fs::read_to_string(&path)
            .expect("post")
            .replace("Post 1", "Edited");
        fs::write(&path, text).expect("edit");
        let index = site.load();
        assert_eq!(index.post("p01").expect("p01").summary.title, "Edited");
        assert_eq!(
            site.files().len(),
            22,
            "the new version stored beside the old"
        );
    }

    #[test]
    fn a_changed_image_size_renders_the_post_again() {
        let site = Cached::new();
        let html = |index: &PostIndex| index.post("pic").expect("pic").html;
        assert!(html(&site.load()).contains("width=\"3\" height=\"2\""));
        write(&site.root.path().join("site"), "images/cat.png", &png(4, 2));
        assert!(html(&site.load()).contains("width=\"4\" height=\"2\""));
        fs::remove_file(site.root.path().join("site/images/cat.png")).expect("delete");
        assert!(!html(&site.load()).contains("width="));
    }

    #[test]
    fn an_unusable_cache_folder_still_loads_every_post() {
        let site = Cached::new();
        let uncached = load_dir(
            &LibraryConfig {
                cache_dir: None,
                ..site.config()
            },
            None,
        )
        .expect("readable");
        // A file where the folder should be: it can be neither created nor written.
        write(site.root.path(), "cache", b"not a folder");
        let index = site.load();
        assert_eq!(index.entries(), uncached.entries());
        assert_eq!(index.len(), 21);
        // A cache folder whose shard folders are files: every write fails, every post loads.
        fs::remove_file(site.cache_dir()).expect("delete");
        fs::create_dir(site.cache_dir()).expect("folder");
        for n in 0..=255u8 {
            write(&site.cache_dir(), &format!("{n:02x}"), b"not a folder");
        }
        assert_eq!(site.load().entries(), uncached.entries());
    }

    #[test]
    fn a_missing_folder_is_an_io_error_naming_it() {
        let error = load_dir(&config(Path::new("no/such/posts")), None).expect_err("missing");
        assert!(error.to_string().starts_with("no/such/posts:"), "{error}");
    }
}
