//! Sections: a folder with a Zola or Hugo `_index.md` gets a listing page at the folder's address
//! (`content/blog/_index.md` lists the posts under `blog/` at `/blog`), titled and introduced by
//! that file. The file is not a post.

use super::front_matter;
use super::markdown;
use super::permalink;
use super::sanitize::RawHtml;
use crate::error::{Error, Problem};
use std::path::PathBuf;

/// A section file found in the content folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionFile {
    /// The `_index.md` file.
    pub path: PathBuf,
    /// Its folder under the posts folder, `/`-separated (never empty: the top folder's
    /// `_index.md` is the home page's, which Quire's settings describe).
    pub folder: String,
}

/// A section, ready to list its posts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The `_index.md` file, as shown in messages.
    pub source: String,
    /// Its folder under the posts folder.
    pub folder: String,
    /// The folder's address (`/blog`, `/notes/2024`).
    pub href: String,
    /// Its `title`, or the folder's name (`inside-rust` reads "Inside rust").
    pub title: String,
    /// Its `description`, or empty.
    pub description: String,
    /// Its body, rendered.
    pub html: String,
}

/// The section of the file `source` in `folder`, from its text.
pub fn parse(source: &str, folder: &str, text: &str, raw_html: RawHtml) -> Result<Section, Error> {
    let matter = front_matter::parse_section(text).map_err(|p| Error::post(source, p))?;
    let href = address(folder).map_err(|message| {
        Error::post(
            source,
            vec![Problem::new(
                "address",
                format!("the folder {folder:?} gives no address: {message}"),
            )],
        )
    })?;
    let rendered = markdown::render_with(&matter.body, matter.body_line, &|_| None, raw_html);
    Ok(Section {
        source: source.to_string(),
        folder: folder.to_string(),
        href,
        title: matter.title.unwrap_or_else(|| folder_title(folder)),
        description: matter.description.unwrap_or_default(),
        html: rendered.html,
    })
}

/// Reads and parses a section file.
pub fn read(file: &SectionFile, raw_html: RawHtml) -> Result<Section, Error> {
    let source = file.path.display().to_string();
    let text = std::fs::read_to_string(&file.path).map_err(|e| Error::io(&source, e))?;
    parse(&source, &file.folder, &text, raw_html)
}

/// The address of `folder`: its segments, percent-encoded.
pub fn address(folder: &str) -> Result<String, String> {
    let path: String = folder
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|segment| format!("/{}", crate::urls::encode(segment)))
        .collect();
    permalink::normalize(&path)
}

/// A title from a folder's last name: `inside-rust` reads "Inside rust".
fn folder_title(folder: &str) -> String {
    let name = folder
        .rsplit('/')
        .next()
        .unwrap_or(folder)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

/// Whether an entry in `entry_folder` is listed by the section of `folder`: it is in the folder
/// or below it.
pub fn holds(folder: &str, entry_folder: &str) -> bool {
    entry_folder == folder
        || entry_folder
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_titled_by_its_file_or_its_folder_and_lives_at_the_folder_s_address() {
        let section = parse(
            "content/blog/_index.md",
            "blog",
            "+++\ntitle = \"The Blog\"\ndescription = \"Notes.\"\nsort_by = \"date\"\n+++\nHello *there*.\n",
            RawHtml::default(),
        )
        .expect("valid section");
        assert_eq!(section.href, "/blog");
        assert_eq!(section.title, "The Blog");
        assert_eq!(section.description, "Notes.");
        assert!(section.html.contains("<em>there</em>"), "{}", section.html);
        let bare = parse(
            "x/_index.md",
            "inside-rust/2024",
            "Just text.\n",
            RawHtml::default(),
        )
        .expect("a section needs no front matter");
        assert_eq!(
            (bare.title.as_str(), bare.href.as_str()),
            ("2024", "/inside-rust/2024")
        );
        let named = parse("x/_index.md", "inside-rust", "", RawHtml::default()).expect("empty");
        assert_eq!(named.title, "Inside rust");
    }

    #[test]
    fn bad_section_front_matter_names_the_file_and_field() {
        let error = parse(
            "c/_index.md",
            "c",
            "---\ntitle: [a]\n---\n",
            RawHtml::default(),
        )
        .expect_err("a list is no title");
        assert!(
            error.to_string().starts_with("c/_index.md: title:"),
            "{error}"
        );
    }

    #[test]
    fn a_section_holds_its_folder_and_the_folders_below_it() {
        assert!(holds("blog", "blog"));
        assert!(holds("blog", "blog/2024"));
        assert!(!holds("blog", "blogroll"));
        assert!(!holds("blog", ""));
    }
}
