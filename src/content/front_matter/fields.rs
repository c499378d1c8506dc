//! Every front-matter field checked against what Quire expects, all problems of a file at once.

use super::{plain, FrontMatter};
use crate::content::dates::{self, PubDate};
use crate::content::tags::slugify;
use crate::error::Problem;
use crate::model::PostImage;
use gray_matter::Pod;
use std::collections::HashMap;

pub(super) fn check_fields(fields: &HashMap<String, Pod>) -> Result<FrontMatter, Vec<Problem>> {
    let mut problems = Vec::new();
    let title = match fields.get("title") {
        Some(Pod::String(s)) if !s.trim().is_empty() => Some(plain(s.trim())),
        Some(Pod::String(_)) => {
            problems.push(Problem::new(
                "title",
                "expected a non-empty string, found an empty one",
            ));
            None
        }
        None | Some(Pod::Null) => {
            problems.push(Problem::new(
                "title",
                "missing; expected a non-empty string",
            ));
            None
        }
        Some(other) => {
            problems.push(Problem::new(
                "title",
                format!("expected a non-empty string, found {}", describe(other)),
            ));
            None
        }
    };
    let date = date_field(fields, &mut problems);
    let description = optional_string(fields, "description", &mut problems).map(|s| plain(&s));
    let author = optional_string(fields, "author", &mut problems).map(|s| plain(&s));
    let tags = tags_field(fields, &mut problems);
    let image = image_field(fields, &mut problems);
    let draft = match fields.get("draft") {
        None | Some(Pod::Null) => false,
        Some(Pod::Boolean(b)) => *b,
        Some(other) => {
            problems.push(Problem::new(
                "draft",
                format!("expected true or false, found {}", describe(other)),
            ));
            false
        }
    };
    let slug =
        optional_string(fields, "slug", &mut problems).and_then(|slug| match check_slug(&slug) {
            Ok(()) => Some(slug),
            Err(message) => {
                problems.push(Problem::new("slug", message));
                None
            }
        });
    let address = ["path", "url", "permalink"]
        .into_iter()
        .find(|key| !matches!(fields.get(*key), None | Some(Pod::Null)))
        .and_then(|key| optional_string(fields, key, &mut problems));
    let aliases = string_list(fields, &["aliases", "redirect_from"], &mut problems);
    match title {
        Some(title) if problems.is_empty() => Ok(FrontMatter {
            title,
            date,
            description,
            author,
            tags,
            image,
            draft,
            slug,
            address,
            aliases,
        }),
        _ => Err(problems),
    }
}

/// The first of `keys` present, as a list of non-empty strings (one string is a list of one).
pub(super) fn string_list(
    fields: &HashMap<String, Pod>,
    keys: &[&str],
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let Some((key, value)) = keys.iter().find_map(|key| match fields.get(*key) {
        None | Some(Pod::Null) => None,
        Some(value) => Some((*key, value)),
    }) else {
        return Vec::new();
    };
    match value {
        Pod::String(s) if s.trim().is_empty() => Vec::new(),
        Pod::String(s) => vec![plain(s.trim())],
        Pod::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item {
                Pod::String(s) if !s.trim().is_empty() => Some(plain(s.trim())),
                other => {
                    problems.push(Problem::new(
                        format!("{key}[{i}]"),
                        format!("expected a non-empty string, found {}", describe(other)),
                    ));
                    None
                }
            })
            .collect(),
        other => {
            problems.push(Problem::new(
                key,
                format!("expected a list of strings, found {}", describe(other)),
            ));
            Vec::new()
        }
    }
}

/// `pubDate` wins over `date` when both are present.
pub(super) fn date_field(
    fields: &HashMap<String, Pod>,
    problems: &mut Vec<Problem>,
) -> Option<PubDate> {
    let (key, value) = ["pubDate", "date"]
        .into_iter()
        .find_map(|key| match fields.get(key) {
            None | Some(Pod::Null) => None,
            Some(value) => Some((key, value)),
        })?;
    match value {
        Pod::String(text) => match PubDate::parse(text) {
            Some(date) => Some(date),
            None => {
                problems.push(Problem::new(
                    key,
                    format!("{}, found {text:?}", dates::EXPECTED),
                ));
                None
            }
        },
        other => {
            problems.push(Problem::new(
                key,
                format!("{}, found {}", dates::EXPECTED, describe(other)),
            ));
            None
        }
    }
}

pub(super) fn optional_string(
    fields: &HashMap<String, Pod>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    match fields.get(key) {
        None | Some(Pod::Null) => None,
        Some(Pod::String(s)) if s.trim().is_empty() => None,
        Some(Pod::String(s)) => Some(s.trim().to_string()),
        Some(other) => {
            problems.push(Problem::new(
                key,
                format!("expected a string, found {}", describe(other)),
            ));
            None
        }
    }
}

/// A list of strings, or one comma-separated string. Zola's `taxonomies.tags` is read too.
pub(super) fn tags_field(
    fields: &HashMap<String, Pod>,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let zola = match fields.get("taxonomies") {
        Some(Pod::Hash(taxonomies)) => taxonomies.get("tags"),
        _ => None,
    };
    let (key, value) = match (fields.get("tags"), zola) {
        (Some(value), _) => ("tags", value),
        (None, Some(value)) => ("taxonomies.tags", value),
        (None, None) => return Vec::new(),
    };
    const EXPECTED: &str = "expected a list of strings or one comma-separated string";
    let mut tags = Vec::new();
    match value {
        Pod::Null => {}
        Pod::String(list) => {
            for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                push_tag(&mut tags, name.to_string(), key.to_string(), problems);
            }
        }
        Pod::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let field = format!("{key}[{i}]");
                match item {
                    Pod::String(name) => {
                        push_tag(&mut tags, name.trim().to_string(), field, problems)
                    }
                    Pod::Integer(n) => push_tag(&mut tags, n.to_string(), field, problems),
                    other => problems.push(Problem::new(
                        field,
                        format!("expected a tag name (a string), found {}", describe(other)),
                    )),
                }
            }
        }
        other => problems.push(Problem::new(
            key,
            format!("{EXPECTED}, found {}", describe(other)),
        )),
    }
    tags
}

pub(super) fn push_tag(
    tags: &mut Vec<String>,
    name: String,
    field: String,
    problems: &mut Vec<Problem>,
) {
    let name = plain(&name);
    if slugify(&name).is_empty() {
        problems.push(Problem::new(
            field,
            format!("expected a tag name with at least one letter or digit, found {name:?}"),
        ));
    } else {
        tags.push(name);
    }
}

pub(super) fn image_field(
    fields: &HashMap<String, Pod>,
    problems: &mut Vec<Problem>,
) -> Option<PostImage> {
    let image = match fields.get("image") {
        None | Some(Pod::Null) => return None,
        Some(Pod::Hash(image)) => image,
        Some(other) => {
            problems.push(Problem::new(
                "image",
                format!(
                    "expected a map with `url` and `alt` (alt text is required), found {}",
                    describe(other)
                ),
            ));
            return None;
        }
    };
    let mut text = |key: &str| match image.get(key) {
        Some(Pod::String(s)) if !s.trim().is_empty() => Some(plain(s.trim())),
        None | Some(Pod::Null) => {
            problems.push(Problem::new(
                format!("image.{key}"),
                "missing; expected a non-empty string",
            ));
            None
        }
        Some(other) => {
            problems.push(Problem::new(
                format!("image.{key}"),
                format!("expected a non-empty string, found {}", describe(other)),
            ));
            None
        }
    };
    let url = text("url");
    let alt = text("alt");
    Some(PostImage {
        url: url?,
        alt: alt?,
        size: None,
    })
}

/// A slug is one URL path segment: no `/`, no `..`, no whitespace or control characters.
pub fn check_slug(slug: &str) -> Result<(), String> {
    let ok = !slug.is_empty()
        && !slug.starts_with('.')
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "expected letters, digits, `-`, `_` or `.` (not first), found {slug:?}"
        ))
    }
}

/// How a value looks, for error messages.
pub(super) fn describe(value: &Pod) -> String {
    match value {
        Pod::Null => "nothing".into(),
        Pod::String(s) => format!("the string {s:?}"),
        Pod::Integer(n) => format!("the number {n}"),
        Pod::Float(n) => format!("the number {n}"),
        Pod::Boolean(b) => format!("the boolean {b}"),
        Pod::Array(_) => "a list".into(),
        Pod::Hash(_) => "a map".into(),
    }
}
