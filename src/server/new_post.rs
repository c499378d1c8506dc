//! `quire new`: start a post with valid front matter.

use crate::content::tags::slugify;
use crate::error::Error;
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The text of a new post: YAML front matter (strings JSON-quoted, which YAML reads as-is) and a
/// first line to replace.
pub fn post_text(
    title: &str,
    date: NaiveDate,
    author: &str,
    tags: &[String],
    draft: bool,
) -> String {
    let quote = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let tags: Vec<String> = tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(quote)
        .collect();
    let mut text = format!(
        "---\ntitle: {}\npubDate: {}\ndescription: \"\"\nauthor: {}\ntags: [{}]\n",
        quote(title),
        date.format("%Y-%m-%d"),
        quote(author),
        tags.join(", "),
    );
    if draft {
        text.push_str("draft: true\n");
    }
    text.push_str("---\n\nWrite here.\n");
    text
}

/// Writes a new post for `title` into `posts_dir`, never over an existing file; returns its path.
pub fn create(
    posts_dir: &Path,
    title: &str,
    date: NaiveDate,
    author: &str,
    tags: &[String],
    draft: bool,
) -> Result<PathBuf, Error> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "the title {title:?} has no letters or digits to make a file name from"
        )));
    }
    let path = posts_dir.join(format!("{slug}.md"));
    let io = |e| Error::io(&path, e);
    if posts_dir.join(&slug).join("index.md").exists() {
        return Err(Error::refused(
            &path,
            std::io::ErrorKind::AlreadyExists,
            format!("a post folder {slug}/ already exists; not overwriting it"),
        ));
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::refused(
                &path,
                std::io::ErrorKind::AlreadyExists,
                "already exists; not overwriting it",
            ),
            _ => io(e),
        })?;
    file.write_all(post_text(title, date, author, tags, draft).as_bytes())
        .map_err(io)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::post::parse_post;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
    }

    #[test]
    fn the_new_post_parses_with_every_field_it_was_given() {
        let text = post_text(
            "Rust: \"quoted\" #1",
            day(),
            "Ada",
            &["rust".into(), " web dev ".into()],
            true,
        );
        let entry = parse_post("posts/x.md", "x", &text, "Someone").expect("valid front matter");
        let s = entry.summary;
        assert_eq!(s.title, "Rust: \"quoted\" #1");
        assert_eq!(s.date.map(|d| d.iso), Some("2026-11-23".into()));
        assert_eq!(s.author, "Ada");
        assert_eq!(
            s.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["rust", "web dev"]
        );
        assert!(s.draft);
    }

    #[test]
    fn create_writes_the_slug_named_file_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = create(dir.path(), "Hello World", day(), "Ada", &[], false).expect("created");
        assert_eq!(path, dir.path().join("hello-world.md"));
        let error =
            create(dir.path(), "Hello, world!", day(), "Ada", &[], false).expect_err("exists");
        assert!(error.to_string().contains("already exists"), "{error}");
        assert!(create(dir.path(), "!!!", day(), "Ada", &[], false).is_err());
    }
}
