//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a post.
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

use block::{block, check_yaml_shape, syntax_error};
pub use fields::check_slug;
use fields::{check_fields, describe};

/// The checked front matter of a post. Keys Quire does not use are ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct FrontMatter {
    /// `title`: required, non-empty.
    pub title: String,
    /// `pubDate`, or else `date`.
    pub date: Option<PubDate>,
    /// `description`.
    pub description: Option<String>,
    /// `author`.
    pub author: Option<String>,
    /// `tags` (or Zola's `taxonomies.tags`): names as written, trimmed, in order.
    pub tags: Vec<String>,
    /// `image`: `{url, alt}`.
    pub image: Option<PostImage>,
    /// `draft`.
    pub draft: bool,
    /// `slug`: overrides the file name.
    pub slug: Option<String>,
    /// The post's own address, as written: Zola's `path`, Hugo's `url` or Jekyll's `permalink`
    /// (the first present). It wins over the site's permalink pattern.
    pub address: Option<String>,
    /// Old addresses that redirect to the post, as written: Zola's and Hugo's `aliases`, Jekyll's
    /// `redirect_from` (a list, or one string).
    pub aliases: Vec<String>,
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
}

impl Format {
    fn delimiter(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
        }
    }
}

/// Splits and checks a post's text. On failure, returns every problem found.
pub fn parse(text: &str) -> Result<Document, Vec<Problem>> {
    let text = replace_forbidden_characters(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let first_line = text.lines().next().unwrap_or("").trim_end();
    let format = match first_line {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Err(vec![Problem::new(
                "front matter",
                "expected the file to start with a YAML block between --- lines \
                 (or TOML between +++ lines) holding at least `title`",
            )])
        }
    };
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
        Format::Toml => {
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
    let front_matter = check_fields(&fields)?;
    Ok(Document {
        front_matter,
        body: parsed.content,
        body_line: block.body_line,
    })
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
mod tests;
