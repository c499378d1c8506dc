//! The thin I/O shell around the index: find post files, read them, build a [`PostIndex`].

use super::index::{Loaded, PostIndex};
use super::post::parse_post_with;
use super::LibraryConfig;
use crate::error::{Error, Problem};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

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
    let io = |e: std::io::Error| Error::Io {
        path: dir.display().to_string(),
        message: e.to_string(),
    };
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

/// Reads and parses one post file, with the settings of `config`.
pub fn read_post(file: &PostFile, config: &LibraryConfig) -> Loaded {
    let site_author = config.site_author.as_str();
    let assets_dir = config.assets_dir.as_deref();
    let source = file.path.display().to_string();
    let result = read_text(&file.path, &source, config.max_post_bytes).and_then(|text| {
        let sizes = |url: &str| assets_dir.and_then(|dir| image_size(dir, url));
        parse_post_with(
            &source,
            &file.default_slug,
            &text,
            site_author,
            &sizes,
            config.raw_html,
        )
    });
    Loaded { source, result }
}

/// The text of the post file at `path`, reported as `source`.
///
/// The size is checked before the file is opened, so a file over `max_bytes` is never read; the
/// read itself stops one byte past `max_bytes`, so a file that grows meanwhile cannot fill memory.
fn read_text(path: &Path, source: &str, max_bytes: u64) -> Result<String, Error> {
    let io = |e: std::io::Error| Error::Io {
        path: source.to_string(),
        message: e.to_string(),
    };
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
    let metadata = fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        // Opening a pipe or a device could block or never end.
        return Err(Error::Io {
            path: source.to_string(),
            message: "not a regular file".into(),
        });
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
pub fn load_dir(config: &LibraryConfig, previous: Option<&PostIndex>) -> Result<PostIndex, Error> {
    let (files, folder_problems) = discover(&config.posts_dir)?;
    let loaded = files.iter().map(|f| read_post(f, config)).collect();
    let mut index = PostIndex::build(loaded, config.drafts_visible, previous);
    index.add_problems(folder_problems);
    Ok(index)
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

    #[test]
    fn a_missing_folder_is_an_io_error_naming_it() {
        let error = load_dir(&config(Path::new("no/such/posts")), None).expect_err("missing");
        assert!(error.to_string().starts_with("no/such/posts:"), "{error}");
    }
}
