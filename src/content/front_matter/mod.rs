//! Front matter: the YAML (`---`), TOML (`+++`) or JSON (`{ ... }`, as Hugo allows) block at the
//! top of a post.
//!
//! gray_matter parses the block into its loosely typed `Pod`; every field is then checked here,
//! so one pass reports every problem of a file, each naming its field and what was expected.

use super::dates::PubDate;
use crate::error::Problem;
use crate::model::PostImage;
use gray_matter::engine::{TOML, YAML};
use gray_matter::{Matter, ParsedEntity, Pod};
use std::borrow::Cow;

mod block;
mod fields;
mod images;
mod json;
mod terms;

use block::{block, check_yaml_shape, syntax_error};
pub use fields::check_slug;
use fields::{check_fields, describe};

/// The checked front matter of a post. Keys Quire does not use are ignored; keys are matched
/// without regard to case, and each field is read from the names every engine gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct FrontMatter {
    /// `title`: required, non-empty.
    pub title: String,
    /// `pubDate`, `date`, `publishDate` or `published_at` (the first present).
    pub date: Option<PubDate>,
    /// When the post was last changed: `updatedDate`, `updated`, `lastmod`, `last_modified_at`,
    /// `modified` or `dateModified`.
    pub updated: Option<PubDate>,
    /// When the post leaves the listings: `expiryDate`, `expires` or `unpublishDate`.
    pub expires: Option<PubDate>,
    /// `description`.
    pub description: Option<String>,
    /// What post cards show, as written: `summary` or `excerpt`.
    pub summary: Option<String>,
    /// Jekyll's `excerpt_separator`: the card shows the text before it.
    pub excerpt_separator: Option<String>,
    /// `authors` (a list) or `author` (one), names or maps with a `name`; or Zola's
    /// `taxonomies.authors`.
    pub authors: Vec<String>,
    /// `tags` (or Zola's `taxonomies.tags`, or `keywords` when there are no tags): names as
    /// written, trimmed, in order.
    pub tags: Vec<String>,
    /// `categories` or Jekyll's `category` (or Zola's `taxonomies.categories`).
    pub categories: Vec<String>,
    /// `series` (or Zola's `taxonomies.series`): the one series the post is part of.
    pub series: Option<String>,
    /// The picture shown at the top: `image: {url, alt}`, `heroImage` or `cover`.
    pub image: Option<PostImage>,
    /// The picture of link previews when none is shown: `image: path` or the first of `images`.
    pub social_image: Option<String>,
    /// `draft: true`, or Jekyll's `published: false`.
    pub draft: bool,
    /// `slug`: overrides the file name.
    pub slug: Option<String>,
    /// The post's own address, as written: Zola's `path`, Hugo's `url` or Jekyll's `permalink`
    /// (the first present). It wins over the site's permalink pattern.
    pub address: Option<String>,
    /// Old addresses that redirect to the post, as written: Zola's and Hugo's `aliases`, Jekyll's
    /// `redirect_from` (a list, or one string).
    pub aliases: Vec<String>,
    /// `pinned` or `sticky`, or a `weight` other than 0: listed before the other posts.
    pub pinned: bool,
    /// `weight`: orders pinned posts, lowest first.
    pub weight: Option<i64>,
    /// Problems that do not stop the post from loading (such as a second series).
    pub warnings: Vec<Problem>,
}

/// A post file split into its checked front matter and its Markdown body.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The checked front matter.
    pub front_matter: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// The line of the file (1-based) where the body starts, for messages about the body.
    pub body_line: usize,
}

#[derive(Clone, Copy)]
enum Format {
    Yaml,
    Toml,
    Json,
}

impl Format {
    fn delimiter(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
            Format::Json => "{",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }
}

/// Splits and checks a post's text. On failure, returns every problem found.
pub fn parse(text: &str) -> Result<Document, Vec<Problem>> {
    let (fields, body, body_line) = split(text)?;
    Ok(Document {
        front_matter: check_fields(&fields)?,
        body,
        body_line,
    })
}

/// What a section file (`_index.md`) says about its folder.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionMatter {
    /// `title`, if given.
    pub title: Option<String>,
    /// `description`, if given.
    pub description: Option<String>,
    /// The Markdown after the front matter: the section page's introduction.
    pub body: String,
    /// The line of the file where the body starts.
    pub body_line: usize,
}

/// Splits a section file: its front matter is optional, and only `title` and `description` are
/// read (keys such as Zola's `sort_by` or `paginate_by` are ignored).
pub fn parse_section(text: &str) -> Result<SectionMatter, Vec<Problem>> {
    let starts = text.trim_start_matches('\u{feff}');
    if !(starts.starts_with("---") || starts.starts_with("+++") || starts.starts_with('{')) {
        return Ok(SectionMatter {
            title: None,
            description: None,
            body: text.to_string(),
            body_line: 1,
        });
    }
    let (map, body, body_line) = split(text)?;
    let fields = fields::Fields::new(&map);
    let mut problems = Vec::new();
    let title = fields::optional_string(&fields, &["title"], &mut problems).map(|s| plain(&s));
    let description =
        fields::optional_string(&fields, &["description"], &mut problems).map(|s| plain(&s));
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(SectionMatter {
        title,
        description,
        body,
        body_line,
    })
}

/// The fields of the front matter `text` starts with, its body and the line the body starts on.
fn split(
    text: &str,
) -> Result<(std::collections::HashMap<String, Pod>, String, usize), Vec<Problem>> {
    let text = replace_forbidden_characters(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let first_line = text.lines().next().unwrap_or("").trim_end();
    let format = match first_line {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ if first_line.starts_with('{') => Format::Json,
        _ => {
            return Err(vec![Problem::new(
                "front matter",
                "expected the file to start with a YAML block between --- lines \
                 (or TOML between +++ lines, or a JSON object) holding at least `title`",
            )])
        }
    };
    if let Format::Json = format {
        let (fields, body_line, body) = json::split(text).map_err(|problem| vec![problem])?;
        return Ok((fields, body.to_string(), body_line));
    }
    let Some(block) = block(text, format.delimiter()) else {
        return Err(vec![Problem::new(
            "front matter",
            format!(
                "opened with {} on the first line but never closed; expected a closing {} line",
                format.delimiter(),
                format.delimiter()
            ),
        )]);
    };
    if let Format::Yaml = format {
        check_yaml_shape(&block).map_err(|problem| vec![problem])?;
    }
    let parsed: Result<ParsedEntity<Pod>, _> = match format {
        Format::Yaml => Matter::<YAML>::new().parse(text),
        // JSON was read above.
        Format::Toml | Format::Json => {
            let mut matter = Matter::<TOML>::new();
            matter.delimiter = "+++".into();
            matter.parse(text)
        }
    };
    let parsed = parsed.map_err(|e| vec![syntax_error(format, &e, &block)])?;
    let fields = match parsed.data {
        Some(Pod::Hash(fields)) => fields,
        None | Some(Pod::Null) => {
            return Err(vec![Problem::new(
                "front matter",
                "the block is empty; expected at least `title`",
            )])
        }
        Some(other) => {
            return Err(vec![Problem::new(
                "front matter",
                format!("expected key: value pairs, found {}", describe(&other)),
            )])
        }
    };
    Ok((fields, parsed.content, block.body_line))
}

/// `text` with U+FFFD in place of every character XML 1.0 forbids: control characters other than
/// tab, line feed and carriage return, U+FFFE and U+FFFF. CommonMark asks this of NUL; posts also
/// reach the RSS and Atom feeds, where one such character makes the whole feed unreadable.
fn replace_forbidden_characters(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| {
        matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}')
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    if text.contains(forbidden) {
        Cow::Owned(text.replace(forbidden, "\u{fffd}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A front-matter string as shown: YAML escapes (`"\0"`, `"\e"`) can write characters the text
/// of the file could not hold.
fn plain(text: &str) -> String {
    replace_forbidden_characters(text).into_owned()
}

/// Where the front matter block lies in a post's text.
#[cfg(test)]
mod engine_tests;
#[cfg(test)]
mod tests;
