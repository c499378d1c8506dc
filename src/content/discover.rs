//! Finding the posts in a content folder of any engine's shape.
//!
//! The posts folder may be Quire's own `posts/`, any engine's content folder, or the root of a
//! Zola, Hugo, Jekyll or Astro site, where the posts are found where that engine keeps them
//! ([`content_roots`]). Below that, posts sit at any depth: a Markdown file is a post, and a folder
//! holding `index.md` (or Hugo's `index.en.md`) is a bundle, one post with the files beside it.
//! Section files (`_index.md`), other files and engine folders (`_layouts`) are not read; they are
//! counted, so a load reports them in one line ([`Unread::line`]).

use super::loader::PostFile;
use crate::error::{Error, Problem};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Where the posts are under `dir`, and which of those folders hold drafts.
///
/// - a Jekyll site (`_posts/` inside): `_posts/`, and `_drafts/` (drafts);
/// - an Astro project (`src/content/blog/` inside): that folder;
/// - a Zola or Hugo site (`content/` beside `zola.toml`, `config.toml`, `hugo.toml`, ...): `content/`;
/// - anything else: `dir` itself.
pub fn content_roots(dir: &Path) -> Vec<(PathBuf, bool)> {
    if dir.join("_posts").is_dir() {
        let mut roots = vec![(dir.join("_posts"), false)];
        if dir.join("_drafts").is_dir() {
            roots.push((dir.join("_drafts"), true));
        }
        return roots;
    }
    let astro = dir.join("src/content/blog");
    if astro.is_dir() {
        return vec![(astro, false)];
    }
    const SITE_CONFIGS: [&str; 6] = [
        "zola.toml",
        "config.toml",
        "hugo.toml",
        "hugo.yaml",
        "hugo.json",
        "config.yaml",
    ];
    let content = dir.join("content");
    if content.is_dir() && SITE_CONFIGS.iter().any(|name| dir.join(name).is_file()) {
        return vec![(content, false)];
    }
    vec![(dir.to_path_buf(), false)]
}

/// What a content folder holds.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The post files, in path order.
    pub files: Vec<PostFile>,
    /// The section files (`_index.md` below the top folder), in path order.
    pub sections: Vec<super::sections::SectionFile>,
    /// Problems of the folder itself (a link that leads outside it).
    pub problems: Vec<Error>,
    /// What was not read.
    pub unread: Unread,
}

/// Files and folders of a content folder that are not posts, counted by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unread {
    /// Section files not read: the top folder's `_index.md` (the home page, which Quire's
    /// settings describe) and further language versions (`_index.fr.md`).
    pub sections: usize,
    /// Other files, counted by extension (`"html"`, `"toml"`; `""` without one).
    pub files: BTreeMap<String, usize>,
    /// Folders not read (names starting with `_` other than Jekyll's, such as `_layouts`).
    pub folders: Vec<String>,
    /// Further language versions of bundles (`index.fr.md` beside `index.md`).
    pub translations: usize,
}

impl Unread {
    /// One line naming what was not read (`not read: 2 section files (_index.md), 3 other files
    /// (2 .html, 1 .toml)`), or `None` when everything was.
    pub fn line(&self) -> Option<String> {
        let noun =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        if self.sections > 0 {
            parts.push(format!(
                "{} (the top folder's _index.md, or another language's)",
                noun(self.sections, "section file", "section files")
            ));
        }
        if self.translations > 0 {
            parts.push(format!(
                "{} (index.<lang>.md beside the bundle's own)",
                noun(self.translations, "translation", "translations")
            ));
        }
        let others: usize = self.files.values().sum();
        if others > 0 {
            let kinds: Vec<String> = self
                .files
                .iter()
                .map(|(ext, n)| match ext.as_str() {
                    "" => format!("{n} without extension"),
                    ext => format!("{n} .{ext}"),
                })
                .collect();
            parts.push(format!(
                "{} ({})",
                noun(others, "other file", "other files"),
                kinds.join(", ")
            ));
        }
        if !self.folders.is_empty() {
            parts.push(format!(
                "{} ({})",
                noun(self.folders.len(), "folder", "folders"),
                self.folders.join(", ")
            ));
        }
        (!parts.is_empty()).then(|| format!("not read: {}", parts.join("; ")))
    }
}

/// Finds every post under `dir` (see the module's comment), in path order.
///
/// Hidden files and editor backups are skipped without a word; symbolic links that lead outside
/// the folder are reported and not followed. A Jekyll-style name (`2024-05-01-title.md`) gives
/// the slug `title`, as Jekyll and Zola do.
pub fn discover(dir: &Path) -> Result<Discovered, Error> {
    let mut found = Discovered::default();
    for (root, drafts) in content_roots(dir) {
        let real = root.canonicalize().map_err(|e| Error::io(&root, e))?;
        let mut walk = Walk {
            root: &real,
            drafts,
            seen: HashSet::new(),
            found: &mut found,
        };
        walk.folder(&root, "")?;
    }
    Ok(found)
}

struct Walk<'a> {
    root: &'a Path,
    drafts: bool,
    seen: HashSet<PathBuf>,
    found: &'a mut Discovered,
}

impl Walk<'_> {
    /// Reads the folder `path`, whose folders under the root are `folder`.
    fn folder(&mut self, path: &Path, folder: &str) -> Result<(), Error> {
        let mut names: Vec<PathBuf> = fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        names.sort();
        for path in names {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let Ok(real) = path.canonicalize() else {
                continue;
            };
            if !real.starts_with(self.root) {
                self.found.problems.push(Error::post(
                    path.display().to_string(),
                    vec![Problem::new(
                        "link",
                        "leads outside the posts folder; expected a file or folder inside it (not followed)",
                    )],
                ));
                continue;
            }
            if real.is_dir() {
                if !self.seen.insert(real) {
                    continue;
                }
                if name.starts_with('_') {
                    self.found.unread.folders.push(name.to_string());
                    continue;
                }
                match bundle_index(&path) {
                    Some((index, translations)) => {
                        self.found.unread.translations += translations;
                        self.post(index, name, folder, true);
                    }
                    None => {
                        let inner = if folder.is_empty() {
                            name.to_string()
                        } else {
                            format!("{folder}/{name}")
                        };
                        self.folder(&path, &inner)?;
                    }
                }
            } else if real.is_file() {
                if name == "_index.md" && !folder.is_empty() {
                    self.found.sections.push(super::sections::SectionFile {
                        path: path.clone(),
                        folder: folder.to_string(),
                    });
                } else if name.starts_with("_index.") && name.ends_with(".md") {
                    self.found.unread.sections += 1;
                } else if let Some(stem) = markdown_stem(name) {
                    let path = path.clone();
                    self.post(path, stem, folder, false);
                } else {
                    let ext = Path::new(name)
                        .extension()
                        .and_then(|e| e.to_str())
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    *self.found.unread.files.entry(ext).or_default() += 1;
                }
            }
        }
        Ok(())
    }

    fn post(&mut self, path: PathBuf, name: &str, folder: &str, bundle: bool) {
        self.found.files.push(PostFile {
            path,
            default_slug: without_date(name).to_string(),
            folder: folder.to_string(),
            bundle,
            draft: self.drafts,
        });
    }
}

/// The stem of a Markdown file name (`*.md`, `*.markdown`).
fn markdown_stem(name: &str) -> Option<&str> {
    name.strip_suffix(".md")
        .or_else(|| name.strip_suffix(".markdown"))
        .filter(|stem| !stem.is_empty())
}

/// A bundle's text and how many other language versions sit beside it: `index.md` (or
/// `index.markdown`), else the first `index.<lang>.md`, preferring English.
fn bundle_index(dir: &Path) -> Option<(PathBuf, usize)> {
    for name in ["index.md", "index.markdown"] {
        if dir.join(name).is_file() {
            return Some((dir.join(name), translations(dir).len()));
        }
    }
    let mut versions = translations(dir);
    if versions.is_empty() {
        return None;
    }
    let english = versions
        .iter()
        .position(|p| p.file_name().is_some_and(|n| n == "index.en.md"))
        .unwrap_or(0);
    let chosen = versions.remove(english);
    Some((chosen, versions.len()))
}

/// The `index.<lang>.md` files of `dir`, sorted.
fn translations(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.strip_prefix("index.")
                    .and_then(|rest| rest.strip_suffix(".md"))
                    .is_some_and(|lang| {
                        (2..=5).contains(&lang.len())
                            && lang.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
                    })
            })
        })
        .collect();
    found.sort();
    found
}

/// `name` without a leading `YYYY-MM-DD-` date, as Jekyll and Zola name dated posts; the whole
/// name when nothing follows the date.
pub fn without_date(name: &str) -> &str {
    let bytes = name.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if dated {
        &name[11..]
    } else {
        name
    }
}

#[cfg(test)]
mod tests;
